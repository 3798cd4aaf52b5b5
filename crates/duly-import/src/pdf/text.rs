//! Page text with its layout, so labels and their values end up on one line.
//!
//! lopdf's own `extract_text` returns strings in content-stream order, which for most invoice
//! generators separates "Invoice date" from the date printed beside it. Here every string is
//! placed with the text and graphics matrices, then spans are grouped into lines by baseline and
//! sorted left to right, with wide gaps kept as column breaks (like `pdftotext -layout`).
//!
//! Coordinates are floats; no money passes through here, only positions.
#![allow(clippy::float_arithmetic, clippy::cast_possible_truncation)]

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::Encoding;
use lopdf::{Document, Object, ObjectId};

/// Three spaces or more between two pieces of a line: they sit in different columns.
pub const COLUMN_GAP: &str = "   ";

/// Upper bound on text operations per page: a real invoice page has a few thousand; a hostile
/// one could have millions of empty shows.
const MAX_OPS_PER_PAGE: usize = 200_000;
pub const MAX_PAGES: usize = 20;
/// Per-page bound on decompressed content (lopdf's default is 256 MiB).
const MAX_CONTENT_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other` in PDF's row-vector convention.
    fn mul(self, o: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Matrix([a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od, e * oa + f * oc + oe, e * ob + f * od + of])
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }
}

#[derive(Debug)]
struct Span {
    x: f64,
    y: f64,
    /// Rendered glyph height, for line grouping and gap estimates.
    size: f64,
    end_x: f64,
    text: String,
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    if ops.len() < N {
        return None;
    }
    let mut out = [0.0; N];
    for (slot, o) in out.iter_mut().zip(ops) {
        *slot = num(o)?;
    }
    Some(out)
}

/// One string per page, lines separated by `\n`, columns by [`COLUMN_GAP`].
pub fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages().into_values().take(MAX_PAGES).map(|id| page_text(doc, id)).collect()
}

fn page_text(doc: &Document, page: ObjectId) -> String {
    let fonts = doc.get_page_fonts(page).unwrap_or_default();
    let encodings: BTreeMap<Vec<u8>, Encoding<'_>> = fonts
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding_with_limit(doc, MAX_CONTENT_BYTES).ok().map(|e| (name, e)))
        .collect();
    let Ok(data) = doc.get_page_content_with_limit(page, MAX_CONTENT_BYTES) else { return String::new() };
    let Ok(content) = Content::decode(&data) else { return String::new() };
    layout(spans(&content, &encodings))
}

fn spans(content: &Content, encodings: &BTreeMap<Vec<u8>, Encoding<'_>>) -> Vec<Span> {
    let mut out = Vec::new();
    let mut ctm = Matrix::IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let mut tm = Matrix::IDENTITY;
    let mut tlm = Matrix::IDENTITY;
    let mut leading = 0.0;
    let mut font_size = 1.0;
    let mut encoding: Option<&Encoding<'_>> = None;

    for op in content.operations.iter().take(MAX_OPS_PER_PAGE) {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" if stack.len() < 64 => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(Matrix::IDENTITY),
            "cm" => {
                if let Some(m) = nums::<6>(o) {
                    ctm = Matrix(m).mul(ctm);
                }
            }
            "BT" => {
                tm = Matrix::IDENTITY;
                tlm = Matrix::IDENTITY;
            }
            "Tf" => {
                encoding = o.first().and_then(|n| n.as_name().ok()).and_then(|n| encodings.get(n));
                font_size = o.get(1).and_then(num).unwrap_or(1.0);
            }
            "TL" => leading = o.first().and_then(num).unwrap_or(0.0),
            "Td" | "TD" => {
                if let Some([tx, ty]) = nums::<2>(o) {
                    if op.operator == "TD" {
                        leading = -ty;
                    }
                    tlm = Matrix::translate(tx, ty).mul(tlm);
                    tm = tlm;
                }
            }
            "Tm" => {
                if let Some(m) = nums::<6>(o) {
                    tlm = Matrix(m);
                    tm = tlm;
                }
            }
            "T*" => {
                tlm = Matrix::translate(0.0, -leading).mul(tlm);
                tm = tlm;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator == "'" || op.operator == "\"" {
                    tlm = Matrix::translate(0.0, -leading).mul(tlm);
                    tm = tlm;
                }
                let Some(enc) = encoding else { continue };
                let shown: &[Object] = match op.operator.as_str() {
                    "\"" => o.get(2..).unwrap_or(&[]),
                    _ => o,
                };
                show(&mut out, &mut tm, ctm, font_size, enc, shown);
            }
            _ => {}
        }
    }
    out
}

/// Places one text-showing operation and advances the text matrix by an estimate of its width
/// (half an em per glyph: font widths would be exact, but lines only need columns, not kerning).
fn show(out: &mut Vec<Span>, tm: &mut Matrix, ctm: Matrix, font_size: f64, enc: &Encoding<'_>, operands: &[Object]) {
    let mut pieces: Vec<(String, f64)> = Vec::new();
    let collect = |obj: &Object, pieces: &mut Vec<(String, f64)>| {
        if let Object::String(bytes, _) = obj
            && let Ok(s) = enc.bytes_to_string(bytes)
        {
            pieces.push((s, 0.0));
        }
    };
    for obj in operands {
        match obj {
            Object::Array(items) => {
                for item in items {
                    match item {
                        Object::String(..) => collect(item, &mut pieces),
                        other => {
                            // TJ adjustments are thousandths of an em, negative = move right.
                            if let (Some(adj), Some(last)) = (num(other), pieces.last_mut()) {
                                last.1 += -adj / 1000.0 * font_size;
                            }
                        }
                    }
                }
            }
            Object::String(..) => collect(obj, &mut pieces),
            _ => {}
        }
    }
    for (text, extra) in pieces {
        let m = tm.mul(ctm);
        let scale = (m.0[2] * m.0[2] + m.0[3] * m.0[3]).sqrt() * font_size;
        let glyphs = text.chars().count() as f64;
        let advance = glyphs * font_size * 0.5 + extra;
        let width = advance * (tm.0[0].abs().max(tm.0[1].abs())) * (ctm.0[0].abs().max(ctm.0[1].abs()));
        let (x, y) = (m.0[4], m.0[5]);
        if !text.trim().is_empty() {
            // A kerning gap wider than a space inside TJ is a word break.
            let text = if extra > font_size * 0.25 { format!("{text} ") } else { text };
            out.push(Span { x, y, size: if scale > 0.0 { scale } else { 1.0 }, end_x: x + width, text });
        }
        *tm = Matrix::translate(advance, 0.0).mul(*tm);
    }
}

/// Groups spans into lines top to bottom, each sorted left to right.
fn layout(mut spans: Vec<Span>) -> String {
    spans.retain(|s| s.x.is_finite() && s.y.is_finite() && s.size.is_finite());
    spans.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Span>> = Vec::new();
    for span in spans {
        match lines.last_mut() {
            Some(line) if (line[0].y - span.y).abs() <= line[0].size.min(span.size) * 0.45 => line.push(span),
            _ => lines.push(vec![span]),
        }
    }
    let mut text = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut prev_end: Option<f64> = None;
        let mut row = String::new();
        for span in line {
            if let Some(end) = prev_end {
                let gap = span.x - end;
                let em = span.size.max(1.0);
                if gap > em * 1.2 {
                    row.push_str(COLUMN_GAP);
                } else if gap > em * 0.15 && !row.ends_with(' ') && !span.text.starts_with(' ') {
                    row.push(' ');
                }
            }
            row.push_str(&span.text);
            prev_end = Some(span.end_x.max(prev_end.unwrap_or(f64::MIN)));
        }
        text.push_str(row.trim_end());
        text.push('\n');
    }
    text
}
