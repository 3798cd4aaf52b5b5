//! A small page model: positioned text, filled rectangles and images, measured with the
//! advance widths of the fonts that draw them (the bundled faces, else a system face).
//!
//! Positions are integers in thousandths of a point, measured from the top left, so that layout
//! decisions (does this row still fit? where does this number end?) are exact and repeatable;
//! they become PDF floats only when the page is written.

use std::collections::BTreeMap;

use printpdf::RawImage;

use crate::fonts::{Drawn, Face, Fonts, MARK};
use crate::model::PaperSize;

/// Thousandths of a point (1/72 000 inch).
pub(crate) type Mpt = i64;

pub(crate) const fn pt(points: i64) -> Mpt {
    points * 1000
}

/// Millimetres to [`Mpt`], rounded to the nearest thousandth of a point.
pub(crate) const fn mm(tenths_of_mm: i64) -> Mpt {
    // 1 mm = 72 / 25.4 pt; tenths of a millimetre keep the constants integral.
    (tenths_of_mm * 72_000 + 127) / 254
}

/// Grey levels in thousandths: 0 is black, 1000 white.
pub(crate) type Grey = u16;
pub(crate) const INK: Grey = 130;
pub(crate) const MUTED: Grey = 400;
pub(crate) const RULE: Grey = 780;
pub(crate) const SHADE: Grey = 945;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Style {
    pub face: Face,
    pub size: Mpt,
    pub grey: Grey,
}

impl Style {
    pub const fn new(face: Face, size: Mpt, grey: Grey) -> Self {
        Self { face, size, grey }
    }
    /// Baseline-to-baseline distance: 1.3 × the size, the reading comfort of a printed letter.
    pub const fn leading(self) -> Mpt {
        self.size * 13 / 10
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Item {
    /// `y` is the baseline, from the top of the page.
    Text {
        x: Mpt,
        y: Mpt,
        style: Style,
        text: String,
    },
    /// `y` is the top edge.
    Rect {
        x: Mpt,
        y: Mpt,
        w: Mpt,
        h: Mpt,
        grey: Grey,
    },
    Image {
        x: Mpt,
        y: Mpt,
        w: Mpt,
        h: Mpt,
        index: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub title: String,
    pub width: Mpt,
    pub align: Align,
}

/// A document being laid out: its pages so far and a cursor that flows down them.
#[derive(Debug)]
pub(crate) struct Canvas {
    pub fonts: &'static Fonts,
    pub width: Mpt,
    pub height: Mpt,
    pub left: Mpt,
    pub right: Mpt,
    pub top: Mpt,
    pub bottom: Mpt,
    /// The flowing cursor: top of the next thing to place, on the last page.
    pub y: Mpt,
    pub pages: Vec<Vec<Item>>,
    pub images: Vec<RawImage>,
    /// Some text needs a glyph outside the common subset, so the full faces are embedded.
    pub needs_full_fonts: bool,
    /// Characters no font on this computer can draw (printed as [`MARK`]), each with the first
    /// text it was found in, so the warning can say where it is.
    pub unprintable: BTreeMap<char, String>,
    /// Written at the top of every page after the first ("Invoice 2026-014 (continued)").
    pub continuation: String,
}

impl Canvas {
    pub fn new(fonts: &'static Fonts, paper: PaperSize) -> Self {
        let (width, height) = match paper {
            // ISO 216: 210 × 297 mm.
            PaperSize::A4 => (mm(2100), mm(2970)),
            // ANSI: 8.5 × 11 in.
            PaperSize::Letter => (pt(612), pt(792)),
        };
        let (left, right) = (mm(200), width - mm(200));
        let (top, bottom) = (mm(180), height - mm(220));
        Self {
            fonts,
            width,
            height,
            left,
            right,
            top,
            bottom,
            y: top,
            pages: vec![Vec::new()],
            images: Vec::new(),
            needs_full_fonts: false,
            unprintable: BTreeMap::new(),
            continuation: String::new(),
        }
    }

    pub fn content_width(&self) -> Mpt {
        self.right - self.left
    }

    /// The advance width of `text`, noting glyphs the common subset lacks. A character the
    /// bundled face lacks is measured in the system face that draws it, one no face has as
    /// [`MARK`].
    pub fn measure(&mut self, style: Style, text: &str) -> Mpt {
        let face = self.fonts.face(style.face);
        let mut units: i64 = 0;
        let mut borrowed: Mpt = 0;
        for ch in text.chars() {
            match self.fonts.draw(style.face, ch) {
                Drawn::Bundled { advance, common } => {
                    units += i64::from(advance);
                    self.needs_full_fonts |= !common;
                }
                Drawn::System(index) => {
                    if let Some(system) = crate::fallback::face(index) {
                        borrowed += system.advance(ch) * style.size / system.units_per_em;
                    }
                }
                Drawn::Unprintable => {
                    if let Drawn::Bundled { advance, .. } = self.fonts.draw(style.face, MARK) {
                        units += i64::from(advance);
                    }
                }
            }
        }
        units * style.size / face.units_per_em + borrowed
    }

    /// Notes the characters of `text` no font can draw, against the whole text, so that the
    /// warning names the field rather than the one word being measured when it was found.
    fn note_unprintable(&mut self, style: Style, text: &str) {
        for ch in text.chars() {
            if self.fonts.draw(style.face, ch) == Drawn::Unprintable && !self.unprintable.contains_key(&ch) {
                self.unprintable.insert(ch, text.to_owned());
            }
        }
    }

    fn page(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn push(&mut self, item: Item) {
        self.page().push(item);
    }

    /// Text with its baseline at `y`, starting at `x`. Control characters become spaces so a
    /// pasted tab cannot reach the PDF.
    pub fn text_at(&mut self, x: Mpt, y: Mpt, style: Style, text: &str) -> Mpt {
        let clean = clean(text);
        self.note_unprintable(style, &clean);
        let w = self.measure(style, &clean);
        if !clean.trim().is_empty() {
            self.push(Item::Text { x, y, style, text: clean });
        }
        w
    }

    /// Text ending at `right`, for amounts: right-aligned numbers line up on their last digit.
    pub fn text_right(&mut self, right: Mpt, y: Mpt, style: Style, text: &str) {
        let clean = clean(text);
        self.note_unprintable(style, &clean);
        let w = self.measure(style, &clean);
        if !clean.trim().is_empty() {
            self.push(Item::Text { x: right - w, y, style, text: clean });
        }
    }

    pub fn text_center(&mut self, center: Mpt, y: Mpt, style: Style, text: &str) {
        let clean = clean(text);
        self.note_unprintable(style, &clean);
        let w = self.measure(style, &clean);
        self.push(Item::Text { x: center - w / 2, y, style, text: clean });
    }

    pub fn rect(&mut self, x: Mpt, y: Mpt, w: Mpt, h: Mpt, grey: Grey) {
        self.push(Item::Rect { x, y, w, h, grey });
    }

    /// A horizontal hairline whose top is at `y`.
    pub fn rule(&mut self, x: Mpt, y: Mpt, w: Mpt, thickness: Mpt, grey: Grey) {
        self.rect(x, y, w, thickness, grey);
    }

    /// Breaks `text` into lines no wider than `max`: on spaces, and inside a word only when the
    /// word alone is wider than the line (an IBAN, a long URL).
    pub fn wrap(&mut self, style: Style, text: &str, max: Mpt) -> Vec<String> {
        self.note_unprintable(style, text);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.measure(style, &candidate) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.measure(style, word) <= max {
                    line = word.to_owned();
                    continue;
                }
                for ch in word.chars() {
                    let mut next = line.clone();
                    next.push(ch);
                    if !line.is_empty() && self.measure(style, &next) > max {
                        lines.push(std::mem::take(&mut line));
                        line.push(ch);
                    } else {
                        line = next;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Flows a paragraph at the cursor, breaking pages between lines.
    pub fn paragraph(&mut self, x: Mpt, max: Mpt, style: Style, text: &str) {
        let lines = self.wrap(style, text, max);
        let leading = style.leading();
        for line in lines {
            self.ensure(leading);
            let baseline = self.y + style.size;
            self.text_at(x, baseline, style, &line);
            self.y += leading;
        }
    }

    /// Starts a new page when `height` does not fit below the cursor. Returns whether it did.
    pub fn ensure(&mut self, height: Mpt) -> bool {
        if self.y + height <= self.bottom {
            return false;
        }
        self.new_page();
        true
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
        if !self.continuation.is_empty() {
            let style = Style::new(Face::Regular, pt(8), MUTED);
            let text = self.continuation.clone();
            self.text_at(self.left, self.y + style.size, style, &text);
            self.y += pt(22);
        }
    }

    /// Column x positions (left edges) for a table spanning the content width.
    pub fn column_edges(&self, columns: &[Column]) -> Vec<Mpt> {
        let mut x = self.left;
        columns
            .iter()
            .map(|c| {
                let at = x;
                x += c.width;
                at
            })
            .collect()
    }

    pub fn table_header(&mut self, columns: &[Column]) {
        let style = HEADER;
        let titles: Vec<Vec<String>> =
            columns.iter().map(|c| self.wrap(style, &c.title, c.width - 2 * CELL_PAD)).collect();
        let lines = titles.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = count(lines) * style.leading() + pt(8);
        self.ensure(height + pt(16));
        let edges = self.column_edges(columns);
        let width = self.content_width();
        self.rect(self.left, self.y, width, height, SHADE);
        for ((column, x), texts) in columns.iter().zip(edges).zip(titles) {
            let mut baseline = self.y + pt(4) + style.size;
            for text in texts {
                match column.align {
                    Align::Left => {
                        self.text_at(x + CELL_PAD, baseline, style, &text);
                    }
                    Align::Right => self.text_right(x + column.width - CELL_PAD, baseline, style, &text),
                }
                baseline += style.leading();
            }
        }
        self.y += height;
    }

    /// Sizes every column but `flex` to its widest cell (headers may wrap between words), and
    /// gives `flex` what is left, so numbers and dates never wrap and descriptions get the room.
    pub fn fit_columns(&mut self, columns: &mut [Column], rows: &[Vec<String>], cell: Style, flex: usize) {
        let mut used = 0;
        for (index, column) in columns.iter_mut().enumerate() {
            if index == flex {
                continue;
            }
            let mut natural = 0;
            for word in column.title.split(' ') {
                natural = natural.max(self.measure(HEADER, word));
            }
            for row in rows {
                if let Some(text) = row.get(index) {
                    natural = natural.max(self.measure(cell, text));
                }
            }
            column.width = natural + 2 * CELL_PAD + pt(2);
            used += column.width;
        }
        if let Some(column) = columns.get_mut(flex) {
            column.width = (self.right - self.left - used).max(pt(60));
        }
    }

    /// One table row; left-aligned cells wrap. When the row does not fit, the page breaks and
    /// the header is repeated, so every page of a long table reads on its own.
    pub fn table_row(&mut self, columns: &[Column], cells: &[String], style: Style) {
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .zip(cells)
            .map(|(c, text)| match c.align {
                Align::Left => self.wrap(style, text, c.width - 2 * CELL_PAD),
                Align::Right => vec![text.clone()],
            })
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let leading = style.leading();
        let height = count(lines) * leading + ROW_PAD * 2;
        if self.ensure(height) {
            self.table_header(columns);
        }
        let edges = self.column_edges(columns);
        for ((column, x), texts) in columns.iter().zip(edges).zip(wrapped) {
            let mut baseline = self.y + ROW_PAD + style.size;
            for text in texts {
                match column.align {
                    Align::Left => {
                        self.text_at(x + CELL_PAD, baseline, style, &text);
                    }
                    Align::Right => self.text_right(x + column.width - CELL_PAD, baseline, style, &text),
                }
                baseline += leading;
            }
        }
        self.y += height;
        let width = self.content_width();
        self.rule(self.left, self.y - 250, width, 250, RULE);
    }

    /// Writes "Page N of M" (and `left_text`) in the bottom margin of every page, once the page
    /// count is known.
    pub fn footers(&mut self, left_text: &str, page_of: impl Fn(usize, usize) -> String) {
        let count = self.pages.len();
        let style = Style::new(Face::Regular, pt(7) + 500, MUTED);
        let baseline = self.height - mm(120);
        let rule_y = baseline - pt(11);
        let width = self.content_width();
        for index in 0..count {
            let label = page_of(index + 1, count);
            let w = self.measure(style, &label);
            let items = &mut self.pages[index];
            items.push(Item::Rect { x: self.left, y: rule_y, w: width, h: 250, grey: RULE });
            items.push(Item::Text { x: self.right - w, y: baseline, style, text: label });
        }
        if !left_text.is_empty() {
            let clean = clean(left_text);
            let max = width - pt(90);
            let lines = self.wrap(style, &clean, max);
            let first = lines.into_iter().next().unwrap_or_default();
            for items in &mut self.pages {
                items.push(Item::Text { x: self.left, y: baseline, style, text: first.clone() });
            }
        }
    }
}

pub(crate) const CELL_PAD: Mpt = 4000;
const HEADER: Style = Style::new(Face::Bold, pt(8), INK);

pub(crate) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX / 4)
}
pub(crate) const ROW_PAD: Mpt = 3500;

fn clean(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
