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
use std::rc::Rc;

use lopdf::Encoding;
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

use super::streams::{self, Inflated};
use crate::budget::Budget;
use crate::error::ImportError;

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
        Matrix([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }
}

/// Glyph widths of one font, in thousandths of an em, so a string's advance is measured rather
/// than guessed: generators that place every glyph separately (OYO's receipts) otherwise look
/// like "G uestN am e".
#[derive(Default)]
struct Metrics {
    first_char: i64,
    widths: Vec<f64>,
    cid_widths: BTreeMap<u32, f64>,
    default_width: f64,
    two_byte: bool,
}

impl Metrics {
    fn of(doc: &Document, font: &lopdf::Dictionary) -> Metrics {
        let get_num = |o: &Object| num(o).or_else(|| doc.dereference(o).ok().and_then(|(_, o)| num(o)));
        let array = |o: &Object| -> Vec<Object> {
            doc.dereference(o).ok().and_then(|(_, o)| o.as_array().ok().cloned()).unwrap_or_default()
        };
        let subtype = font.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        if subtype == b"Type0" {
            let mut m = Metrics { default_width: 1000.0, two_byte: true, ..Metrics::default() };
            let Some(desc) = font.get(b"DescendantFonts").ok().map(&array).and_then(|a| a.into_iter().next()) else {
                return m;
            };
            let Some(desc) = doc.dereference(&desc).ok().and_then(|(_, o)| o.as_dict().ok()) else { return m };
            if let Some(dw) = desc.get(b"DW").ok().and_then(get_num) {
                m.default_width = dw;
            }
            let w = desc.get(b"W").ok().map(&array).unwrap_or_default();
            let mut i = 0;
            while i < w.len() && m.cid_widths.len() < 65_536 {
                let Some(start) = get_num(&w[i]) else { break };
                match w.get(i + 1) {
                    Some(Object::Array(list)) => {
                        for (k, v) in list.iter().enumerate().take(65_536) {
                            if let Some(v) = get_num(v) {
                                m.cid_widths.insert(start as u32 + k as u32, v);
                            }
                        }
                        i += 2;
                    }
                    Some(end) => {
                        let (Some(end), Some(v)) = (get_num(end), w.get(i + 2).and_then(get_num)) else { break };
                        let (a, b) = (start as u32, (end as u32).min(start as u32 + 65_536));
                        for c in a..=b {
                            m.cid_widths.insert(c, v);
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
            return m;
        }
        let widths: Vec<f64> = font
            .get(b"Widths")
            .ok()
            .map(&array)
            .unwrap_or_default()
            .iter()
            .map(|o| get_num(o).unwrap_or(0.0))
            .collect();
        let first_char = font.get(b"FirstChar").ok().and_then(get_num).unwrap_or(0.0) as i64;
        Metrics { first_char, widths, default_width: 500.0, ..Metrics::default() }
    }

    /// Width in thousandths of an em, glyph count and word-space count of a shown string.
    fn measure(&self, bytes: &[u8]) -> (f64, usize, usize) {
        if self.two_byte {
            let codes: Vec<u32> =
                bytes.chunks(2).map(|c| u32::from(c[0]) << 8 | u32::from(*c.get(1).unwrap_or(&0))).collect();
            let w = codes.iter().map(|c| self.cid_widths.get(c).copied().unwrap_or(self.default_width)).sum();
            return (w, codes.len(), 0);
        }
        let w = bytes
            .iter()
            .map(|&b| {
                let i = i64::from(b) - self.first_char;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.widths.get(i))
                    .copied()
                    .filter(|w| *w > 0.0)
                    .unwrap_or(self.default_width)
            })
            .sum();
        (w, bytes.len(), bytes.iter().filter(|&&b| b == b' ').count())
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

/// Operations between two looks at the clock.
const OPS_PER_CHECK: usize = 4096;

/// One string per page, lines separated by `\n`, columns by [`COLUMN_GAP`].
pub fn page_texts(doc: &mut Document, budget: &Budget) -> Result<Vec<String>, ImportError> {
    Ok(page_rows(doc, budget)?.iter().map(|rows| render(rows)).collect())
}

/// Every page's rows of positioned cells, top to bottom.
pub fn page_rows(doc: &mut Document, budget: &Budget) -> Result<Vec<Vec<Row>>, ImportError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().take(MAX_PAGES).collect();
    // Content and CMap streams decoded once, even when every page (or every font) shares one.
    let mut inflated = Inflated::default();
    for &page in &pages {
        let ids = page_streams(doc, page);
        streams::inflate(doc, ids, MAX_CONTENT_BYTES, budget, &mut inflated)?;
    }
    let doc: &Document = doc;
    let mut cmaps = CMaps::new();
    pages.into_iter().map(|page| page_rows_of(doc, page, &mut cmaps, budget)).collect()
}

/// Parsed ToUnicode CMaps by stream, so fonts sharing one (hundreds, in a crafted PDF) parse it
/// once; `None` when it did not parse.
type CMaps<'a> = BTreeMap<ObjectId, Option<Rc<Encoding<'a>>>>;

/// A font's encoding, from `cmaps` when lopdf would derive it from a ToUnicode CMap alone.
fn font_encoding<'a>(
    doc: &'a Document,
    font: &'a lopdf::Dictionary,
    cmaps: &mut CMaps<'a>,
) -> Option<Rc<Encoding<'a>>> {
    let cmap =
        font.get(b"Encoding").is_err().then(|| font.get(b"ToUnicode").and_then(Object::as_reference).ok()).flatten();
    if let Some(known) = cmap.and_then(|id| cmaps.get(&id)) {
        return known.clone();
    }
    let encoding = font.get_font_encoding_with_limit(doc, MAX_CONTENT_BYTES).ok().map(Rc::new);
    if let Some(id) = cmap {
        cmaps.insert(id, encoding.clone());
    }
    encoding
}

/// The streams lopdf decodes to read one page's text: its contents and its fonts' CMaps.
fn page_streams(doc: &Document, page: ObjectId) -> Vec<ObjectId> {
    let mut ids = doc.get_page_contents(page);
    for font in doc.get_page_fonts(page).unwrap_or_default().into_values() {
        for key in [&b"ToUnicode"[..], b"Encoding"] {
            if let Ok(id) = font.get(key).and_then(Object::as_reference) {
                ids.push(id);
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn page_rows_of<'a>(
    doc: &'a Document,
    page: ObjectId,
    cmaps: &mut CMaps<'a>,
    budget: &Budget,
) -> Result<Vec<Row>, ImportError> {
    let mut encodings: BTreeMap<Vec<u8>, (Rc<Encoding<'_>>, Metrics)> = BTreeMap::new();
    for (name, font) in doc.get_page_fonts(page).unwrap_or_default() {
        budget.check()?;
        if let Some(e) = font_encoding(doc, font, cmaps) {
            encodings.insert(name, (e, Metrics::of(doc, font)));
        }
    }
    let Ok(data) = doc.get_page_content_with_limit(page, MAX_CONTENT_BYTES) else { return Ok(Vec::new()) };
    budget.check()?;
    let Ok(content) = Content::decode(&data) else { return Ok(Vec::new()) };
    budget.check()?;
    Ok(layout(spans(&content, &encodings, budget)?))
}

fn spans(
    content: &Content,
    encodings: &BTreeMap<Vec<u8>, (Rc<Encoding<'_>>, Metrics)>,
    budget: &Budget,
) -> Result<Vec<Span>, ImportError> {
    let mut out = Vec::new();
    let mut ctm = Matrix::IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let mut tm = Matrix::IDENTITY;
    let mut tlm = Matrix::IDENTITY;
    let mut leading = 0.0;
    let mut font_size = 1.0;
    let mut encoding: Option<&(Rc<Encoding<'_>>, Metrics)> = None;
    let mut spacing = Spacing::default();

    for (n, op) in content.operations.iter().take(MAX_OPS_PER_PAGE).enumerate() {
        if n % OPS_PER_CHECK == 0 {
            budget.check()?;
        }
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
            "Tc" => spacing.char = o.first().and_then(num).unwrap_or(0.0),
            "Tw" => spacing.word = o.first().and_then(num).unwrap_or(0.0),
            "Tz" => spacing.scale = o.first().and_then(num).unwrap_or(100.0) / 100.0,
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
                let Some((enc, metrics)) = encoding else { continue };
                let shown: &[Object] = match op.operator.as_str() {
                    "\"" => o.get(2..).unwrap_or(&[]),
                    _ => o,
                };
                show(&mut out, &mut tm, ctm, font_size, spacing, (enc, metrics), shown);
            }
            _ => {}
        }
    }
    Ok(out)
}

#[derive(Clone, Copy)]
struct Spacing {
    char: f64,
    word: f64,
    scale: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing { char: 0.0, word: 0.0, scale: 1.0 }
    }
}

/// Places one text-showing operation and advances the text matrix by the measured width
/// (PDF 32000 §9.4.4: glyph widths, character and word spacing, horizontal scaling).
fn show(
    out: &mut Vec<Span>,
    tm: &mut Matrix,
    ctm: Matrix,
    font_size: f64,
    spacing: Spacing,
    font: (&Encoding<'_>, &Metrics),
    operands: &[Object],
) {
    let (enc, metrics) = font;
    // (bytes, move after it in text space units)
    let mut pieces: Vec<(&[u8], f64)> = Vec::new();
    for obj in operands {
        match obj {
            Object::Array(items) => {
                for item in items {
                    match item {
                        Object::String(bytes, _) => pieces.push((bytes, 0.0)),
                        other => {
                            // TJ adjustments are thousandths of an em, negative = move right.
                            if let (Some(adj), Some(last)) = (num(other), pieces.last_mut()) {
                                last.1 += -adj / 1000.0 * font_size * spacing.scale;
                            }
                        }
                    }
                }
            }
            Object::String(bytes, _) => pieces.push((bytes, 0.0)),
            _ => {}
        }
    }
    for (bytes, extra) in pieces {
        let text = enc.bytes_to_string(bytes).unwrap_or_default();
        let (w, glyphs, spaces) = metrics.measure(bytes);
        let advance =
            (w / 1000.0 * font_size + spacing.char * glyphs as f64 + spacing.word * spaces as f64) * spacing.scale;
        let m = tm.mul(ctm);
        let start = (m.0[4], m.0[5]);
        let end = Matrix::translate(advance, 0.0).mul(*tm).mul(ctm);
        let size = (m.0[2] * m.0[2] + m.0[3] * m.0[3]).sqrt() * font_size;
        if !text.trim().is_empty() {
            // A kerning gap wider than a quarter em inside TJ is a word break.
            let text = if extra > font_size * 0.25 { format!("{text} ") } else { text };
            out.push(Span {
                x: start.0,
                y: start.1,
                size: if size > 0.0 { size } else { 1.0 },
                end_x: end.0[4].max(start.0),
                text,
            });
        }
        *tm = Matrix::translate(advance + extra, 0.0).mul(*tm);
    }
}

/// A run of text on one line, with where it starts and ends on the page (points, left to
/// right), so the heuristics can pair a label with the value under it rather than with
/// whatever shares its baseline in another column.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub x0: f64,
    pub x1: f64,
    pub text: String,
}

/// One line of a page, its cells left to right.
pub type Row = Vec<Cell>;

/// Groups spans into lines top to bottom, each sorted left to right and cut into cells at
/// column-wide gaps.
fn layout(mut spans: Vec<Span>) -> Vec<Row> {
    spans.retain(|s| s.x.is_finite() && s.y.is_finite() && s.size.is_finite());
    spans.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Span>> = Vec::new();
    for span in spans {
        match lines.last_mut() {
            Some(line) if (line[0].y - span.y).abs() <= line[0].size.min(span.size) * 0.45 => line.push(span),
            _ => lines.push(vec![span]),
        }
    }
    let mut rows = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut row: Row = Vec::new();
        for span in line {
            match row.last_mut() {
                Some(cell) => {
                    let gap = span.x - cell.x1;
                    let em = span.size.max(1.0);
                    if gap > em * 1.2 {
                        row.push(Cell { x0: span.x, x1: span.end_x, text: span.text });
                        continue;
                    }
                    if gap > em * 0.15 && !cell.text.ends_with(' ') && !span.text.starts_with(' ') {
                        cell.text.push(' ');
                    }
                    cell.text.push_str(&span.text);
                    cell.x1 = cell.x1.max(span.end_x);
                }
                None => row.push(Cell { x0: span.x, x1: span.end_x, text: span.text }),
            }
        }
        rows.push(row);
    }
    rows
}

/// A page's rows as text: lines separated by `\n`, cells by [`COLUMN_GAP`].
pub fn render(rows: &[Row]) -> String {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        text.push_str(cells.join(COLUMN_GAP).trim_end());
        text.push('\n');
    }
    text
}
