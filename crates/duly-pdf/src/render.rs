//! Writes a laid-out [`Canvas`] as PDF bytes through printpdf.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::NaiveDate;
use printpdf::{
    Color, FontId, Greyscale, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect,
    TextItem, XObjectTransform,
};

use crate::error::PdfError;
use crate::fonts::Font;
use crate::layout::{Canvas, Grey, Item, Mpt};
use crate::output::{Pdf, PdfWarning};

/// Document properties shown by PDF viewers.
#[derive(Debug)]
pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// The document's own date (issue date, statement date, letter date), written as its
    /// creation date: rendering reads no clock, and the same input always gives the same file.
    pub date: NaiveDate,
}

// The one place where layout integers become the floats PDF operators take; no amount of money
// ever passes through here.
#[allow(clippy::float_arithmetic)]
fn f(v: Mpt) -> f32 {
    v as f32 / 1000.0
}

#[allow(clippy::float_arithmetic)]
fn grey(g: Grey) -> Color {
    Color::Greyscale(Greyscale::new(f32::from(g) / 1000.0, None))
}

#[allow(clippy::float_arithmetic)]
fn scale(target: Mpt, pixels: usize) -> f32 {
    f(target) / pixels.max(1) as f32
}

pub(crate) fn render(canvas: Canvas, meta: &Meta<'_>) -> Result<Pdf, PdfError> {
    let fonts = canvas.fonts;
    let mut doc = PdfDocument::new(meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.to_owned();
    info.subject = meta.subject.to_owned();
    info.creator = "Duly".to_owned();
    info.producer = "Duly".to_owned();
    let seconds = meta.date.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(seconds) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }

    // Every text cut into runs of one font, once: which fonts the document embeds follows.
    let runs: Vec<Vec<Vec<(Font, String)>>> = canvas
        .pages
        .iter()
        .map(|items| {
            items
                .iter()
                .map(|item| match item {
                    Item::Text { style, text, .. } => fonts.runs(style.face, text),
                    _ => Vec::new(),
                })
                .collect()
        })
        .collect();
    let used: BTreeSet<Font> = runs.iter().flatten().flatten().map(|(font, _)| *font).collect();
    let mut font_ids: BTreeMap<Font, FontId> = BTreeMap::new();
    for font in used {
        let parsed = match font {
            Font::Bundled(face) => {
                let data = fonts.face(face);
                if canvas.needs_full_fonts { &data.full } else { &data.common }
            }
            Font::System(index) => match crate::fallback::face(index) {
                Some(system) => &system.font,
                None => continue,
            },
        };
        font_ids.insert(font, doc.add_font(parsed));
    }
    let images: Vec<_> = canvas.images.iter().map(|image| (doc.add_image(image), image.width, image.height)).collect();

    let height = canvas.height;
    let mut pages = Vec::with_capacity(canvas.pages.len());
    for (page, items) in canvas.pages.iter().enumerate() {
        let mut ops = Vec::with_capacity(items.len() * 4);
        let mut fill: Option<Grey> = None;
        let mut set_fill = |ops: &mut Vec<Op>, g: Grey| {
            if fill != Some(g) {
                ops.push(Op::SetFillColor { col: grey(g) });
                fill = Some(g);
            }
        };
        // Shapes and images first, then all text in one text object on top of them (a shaded
        // row must not cover its text). One BT … ET per page, with each text placed relative
        // to the previous one, writes a fraction of the operators one object per text would.
        for item in items {
            match item {
                Item::Rect { x, y, w, h, grey: g } => {
                    set_fill(&mut ops, *g);
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(f(*x)),
                            y: Pt(f(height - y - h)),
                            width: Pt(f(*w)),
                            height: Pt(f(*h)),
                            mode: Some(PaintMode::Fill),
                            winding_order: None,
                        },
                    });
                }
                Item::Image { x, y, w, h, index } => {
                    let Some((id, px_w, px_h)) = images.get(*index) else { continue };
                    ops.push(Op::UseXobject {
                        id: id.clone(),
                        transform: XObjectTransform {
                            translate_x: Some(Pt(f(*x))),
                            translate_y: Some(Pt(f(height - y - h))),
                            scale_x: Some(scale(*w, *px_w)),
                            scale_y: Some(scale(*h, *px_h)),
                            dpi: Some(72.0),
                            ..Default::default()
                        },
                    });
                }
                Item::Text { .. } => {}
            }
        }
        let mut font: Option<(Font, Mpt)> = None;
        let mut origin: (Mpt, Mpt) = (0, 0);
        let mut open = false;
        for (item, item_runs) in items.iter().zip(&runs[page]) {
            let Item::Text { x, y, style, .. } = item else { continue };
            if item_runs.is_empty() {
                continue;
            }
            if !open {
                ops.push(Op::StartTextSection);
                open = true;
            }
            set_fill(&mut ops, style.grey);
            // Td moves from the start of the previous line; positions stay exact integers here.
            let (px, py) = (*x, height - y);
            ops.push(Op::SetTextCursor { pos: Point { x: Pt(f(px - origin.0)), y: Pt(f(py - origin.1)) } });
            origin = (px, py);
            // Each run continues where the previous one ended (Tj advances the text position,
            // not the line start that Td counts from), so a borrowed face only needs a Tf.
            for (run_font, text) in item_runs {
                let Some(id) = font_ids.get(run_font) else { continue };
                if font != Some((*run_font, style.size)) {
                    ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(f(style.size)) });
                    font = Some((*run_font, style.size));
                }
                ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
            }
        }
        if open {
            ops.push(Op::EndTextSection);
        }
        let media = Rect::from_wh(Pt(f(canvas.width)), Pt(f(height)));
        pages.push(PdfPage { media_box: media.clone(), trim_box: media.clone(), crop_box: media, ops });
    }
    doc.pages = pages;

    // printpdf's own `optimize` deflates every stream at the highest level, which took longer
    // than everything else in a page together; the fastest level costs a few kilobytes.
    let options = PdfSaveOptions { optimize: false, subset_fonts: true, ..Default::default() };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    compress_streams(&mut lo);
    let mut out = Vec::with_capacity(64 * 1024);
    lo.save_to(&mut out).map_err(|e| PdfError::Write(e.to_string()))?;
    let warnings = canvas
        .unprintable
        .into_iter()
        .map(|(character, text)| PdfWarning::Unprintable { character, code: character as u32, text })
        .collect();
    Ok(Pdf { bytes: out, warnings })
}

fn compress_streams(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        let Ok(compressed) = encoder.finish() else { continue };
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}
