//! The two bundled faces (DejaVu Sans regular and bold), parsed once per process.
//!
//! Parsing a 750 KB TrueType file and subsetting it from scratch cost more than the rest of a
//! page together, so both happen once, in a [`OnceLock`]: each face is parsed, then cut down to
//! the characters Duly's three languages and their amounts use (Latin, punctuation, currency
//! signs). Each document then subsets that small face, which is several times faster than
//! subsetting the original. A document that needs a character outside that set (a client's
//! name in Greek, say) embeds from the full face instead, so nothing is ever lost. A character
//! neither face has is drawn with a system face ([`crate::fallback`]), or, when the computer has
//! none, as [`MARK`].

use std::collections::BTreeMap;
use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::PdfError;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Code points below this have their advance widths in a flat table.
const TABLE_LEN: usize = 0x2600;

/// Which face a run of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Face {
    Regular,
    Bold,
}

/// Which font draws a character: a bundled face, or a system face found for a character the
/// bundled ones lack (an index for [`crate::fallback::face`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Font {
    Bundled(Face),
    System(usize),
}

/// Printed in place of a character no font on this computer can draw: a box, like the one a
/// viewer shows for a missing glyph, but in the document itself, so that it shows on paper and
/// the reader knows something is missing there.
pub(crate) const MARK: char = '\u{25A1}';

/// How one character of a text is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Drawn {
    /// By the bundled face; `common` when it is in the common subset.
    Bundled { advance: u16, common: bool },
    /// By this system face.
    System(usize),
    /// By nothing: [`MARK`] takes its place.
    Unprintable,
}

#[derive(Debug)]
pub(crate) struct FaceData {
    pub full: ParsedFont,
    /// The face cut down to [`common_chars`]; what most documents embed from.
    pub common: ParsedFont,
    pub units_per_em: i64,
    /// Advance width in font units by code point; 0 where the face has no glyph.
    advances: Vec<u16>,
    /// Whether the code point is in `common`.
    in_common: Vec<bool>,
}

#[derive(Debug)]
pub(crate) struct Fonts {
    pub regular: FaceData,
    pub bold: FaceData,
}

impl Fonts {
    pub fn face(&self, face: Face) -> &FaceData {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// How `ch` is drawn in a text set in `face`: the bundled face first, then the first system
    /// face that has it.
    pub fn draw(&self, face: Face, ch: char) -> Drawn {
        match self.face(face).glyph(ch) {
            Glyph::Common(advance) => Drawn::Bundled { advance, common: true },
            Glyph::FullOnly(advance) => Drawn::Bundled { advance, common: false },
            Glyph::Missing => crate::fallback::face_for(ch).map_or(Drawn::Unprintable, Drawn::System),
        }
    }

    /// `text` cut into runs of one font each, unprintable characters replaced by [`MARK`].
    pub fn runs(&self, face: Face, text: &str) -> Vec<(Font, String)> {
        let mut runs: Vec<(Font, String)> = Vec::new();
        for ch in text.chars() {
            let (font, ch) = match self.draw(face, ch) {
                Drawn::Bundled { .. } => (Font::Bundled(face), ch),
                Drawn::System(index) => (Font::System(index), ch),
                Drawn::Unprintable => (Font::Bundled(face), MARK),
            };
            match runs.last_mut() {
                Some((last, run)) if *last == font => run.push(ch),
                _ => runs.push((font, ch.to_string())),
            }
        }
        runs
    }
}

/// What a glyph lookup found for one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Glyph {
    /// In the common subset; the advance in font units.
    Common(u16),
    /// Only in the full face.
    FullOnly(u16),
    Missing,
}

impl FaceData {
    pub fn glyph(&self, ch: char) -> Glyph {
        let cp = ch as usize;
        if cp < TABLE_LEN {
            let advance = self.advances[cp];
            if self.in_common[cp] {
                return Glyph::Common(advance);
            }
            if advance == 0 && self.full.lookup_glyph_index(ch as u32).is_none() {
                return Glyph::Missing;
            }
            return Glyph::FullOnly(advance);
        }
        match self.full.lookup_glyph_index(ch as u32) {
            Some(gid) => Glyph::FullOnly(self.full.get_horizontal_advance(gid)),
            None => Glyph::Missing,
        }
    }
}

/// The characters every document is expected to need: Latin with its extensions (Romanian
/// ș ț ă î â, Indonesian, Western European names), typographic punctuation and currency signs.
fn common_chars() -> impl Iterator<Item = char> {
    (0x20_u32..0x250)
        .chain(0x2010..0x2028)
        .chain(0x2030..0x203B)
        .chain(0x20A0..0x20C0)
        .chain([0x2116, 0x2122, 0x2212, MARK as u32])
        .filter_map(char::from_u32)
}

fn load(name: &'static str, bytes: &'static [u8]) -> Result<FaceData, PdfError> {
    // Every subset copies the face's `name` table; the short one saves ~6 KB per font per PDF.
    let short = crate::sfnt::with_short_name(bytes);
    let full =
        ParsedFont::from_bytes(short.as_deref().unwrap_or(bytes), 0, &mut Vec::new()).ok_or(PdfError::Font(name))?;
    let units_per_em = i64::from(full.pdf_font_metrics.units_per_em).max(1);
    let mut keep: BTreeMap<u16, String> = BTreeMap::new();
    for ch in common_chars() {
        if let Some(gid) = full.lookup_glyph_index(ch as u32) {
            keep.insert(gid, ch.to_string());
        }
    }
    let subset = printpdf::subset_font(&full, &keep).map_err(|_| PdfError::Font(name))?;
    let common = ParsedFont::from_bytes(&subset.bytes, 0, &mut Vec::new()).ok_or(PdfError::Font(name))?;
    let mut advances = vec![0_u16; TABLE_LEN];
    let mut in_common = vec![false; TABLE_LEN];
    for (cp, (advance, common_flag)) in advances.iter_mut().zip(in_common.iter_mut()).enumerate() {
        let Some(ch) = u32::try_from(cp).ok().and_then(char::from_u32) else { continue };
        if let Some(gid) = full.lookup_glyph_index(ch as u32) {
            *advance = full.get_horizontal_advance(gid);
            *common_flag = common.lookup_glyph_index(ch as u32).is_some();
        }
    }
    Ok(FaceData { full, common, units_per_em, advances, in_common })
}

static FONTS: OnceLock<Result<Fonts, PdfError>> = OnceLock::new();

/// The parsed faces, loaded on first use.
pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS
        .get_or_init(|| {
            Ok(Fonts { regular: load("DejaVuSans.ttf", REGULAR_TTF)?, bold: load("DejaVuSans-Bold.ttf", BOLD_TTF)? })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Loads the fonts now rather than on the first document, so that a long-running app (or a
/// benchmark) does not pay for it in the middle of a user action.
pub fn warm_up() -> Result<(), PdfError> {
    fonts().map(|_| ())
}
