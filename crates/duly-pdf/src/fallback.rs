//! Faces borrowed from the computer's own fonts for characters the bundled DejaVu Sans lacks.
//!
//! A client's name in Japanese or Chinese must not stop its invoice (and every reminder that
//! attaches it) from being written. The bundled face stays the one every document is set in;
//! only a character it cannot draw is looked up among the system's fonts (through fontdb, which
//! reads fontconfig's list on Linux), and the first face that has it draws it, subset into the
//! document like the bundled ones. The system's list is read once per process, and only when a
//! document first needs it; which face covers a character is remembered per character.
//!
//! Only faces with outlines count (TrueType `glyf` or `CFF `): a colour-bitmap emoji font maps
//! the emoji but draws nothing a PDF viewer can show, so it would hide the problem rather than
//! solve it. Characters no face covers are left to the caller, which prints a replacement mark
//! and warns. Arabic is drawn letter by letter as the fonts give it (no shaping, no right-to-left
//! reordering).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use printpdf::ParsedFont;

/// A system face, parsed for embedding.
#[derive(Debug)]
pub(crate) struct SystemFace {
    pub font: ParsedFont,
    pub units_per_em: i64,
}

impl SystemFace {
    /// The advance of `ch` in font units; 0 when the face lacks it (never asked then).
    pub fn advance(&self, ch: char) -> i64 {
        self.font.lookup_glyph_index(ch as u32).map_or(0, |gid| i64::from(self.font.get_horizontal_advance(gid)))
    }
}

struct Fallbacks {
    db: fontdb::Database,
    /// The faces worth asking, in the order they are tried: upright regular weights first, so
    /// that a borrowed character looks like the text around it, then by family name, so the
    /// choice does not depend on the order the disk lists files in.
    candidates: Vec<fontdb::ID>,
    /// Each candidate parsed for embedding on first use; `None` when printpdf cannot read it.
    parsed: Vec<OnceLock<Option<SystemFace>>>,
    /// Which candidate draws a character (`None`: none does).
    by_char: Mutex<HashMap<char, Option<usize>>>,
}

impl std::fmt::Debug for Fallbacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fallbacks").field("candidates", &self.candidates.len()).finish_non_exhaustive()
    }
}

static FALLBACKS: OnceLock<Fallbacks> = OnceLock::new();

fn fallbacks() -> &'static Fallbacks {
    FALLBACKS.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
        faces.sort_by_key(|f| {
            let family = f.families.first().map(|(name, _)| name.clone()).unwrap_or_default();
            (f.style != fontdb::Style::Normal, f.weight.0.abs_diff(400), family, f.index)
        });
        let candidates: Vec<fontdb::ID> = faces.iter().map(|f| f.id).collect();
        let parsed = candidates.iter().map(|_| OnceLock::new()).collect();
        Fallbacks { db, candidates, parsed, by_char: Mutex::new(HashMap::new()) }
    })
}

impl Fallbacks {
    fn covers(&self, id: fontdb::ID, ch: char) -> bool {
        self.db
            .with_face_data(id, |data, index| {
                let Ok(face) = ttf_parser::Face::parse(data, index) else { return false };
                let tables = face.tables();
                (tables.glyf.is_some() || tables.cff.is_some()) && face.glyph_index(ch).is_some()
            })
            .unwrap_or(false)
    }

    fn parse(&self, index: usize) -> Option<&SystemFace> {
        self.parsed[index]
            .get_or_init(|| {
                let id = self.candidates[index];
                let (source, face_index) = self.db.face_source(id)?;
                let bytes = match source {
                    fontdb::Source::Binary(data) => data.as_ref().as_ref().to_vec(),
                    fontdb::Source::File(path) => std::fs::read(path).ok()?,
                    fontdb::Source::SharedFile(_, data) => data.as_ref().as_ref().to_vec(),
                };
                let font = ParsedFont::from_bytes(&bytes, usize::try_from(face_index).ok()?, &mut Vec::new())?;
                let units_per_em = i64::from(font.pdf_font_metrics.units_per_em).max(1);
                Some(SystemFace { font, units_per_em })
            })
            .as_ref()
    }

    fn find(&self, ch: char) -> Option<usize> {
        if let Some(found) = self.by_char.lock().ok().and_then(|cache| cache.get(&ch).copied()) {
            return found;
        }
        let found = (0..self.candidates.len()).find(|&i| {
            self.covers(self.candidates[i], ch)
                && self.parse(i).is_some_and(|face| face.font.lookup_glyph_index(ch as u32).is_some())
        });
        if let Ok(mut cache) = self.by_char.lock() {
            cache.insert(ch, found);
        }
        found
    }
}

/// The system face that draws `ch`, as an index for [`face`], or `None` when no font on this
/// computer has it.
pub(crate) fn face_for(ch: char) -> Option<usize> {
    fallbacks().find(ch)
}

/// The face [`face_for`] returned.
pub(crate) fn face(index: usize) -> Option<&'static SystemFace> {
    fallbacks().parse(index)
}
