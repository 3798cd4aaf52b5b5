//! The evidence dossier: a paginated record of everything that happened on an invoice or with
//! a client, for a lawyer, a mediator or a court. Its words come already written (in the
//! client's language) from the caller; this module only lays them out, so the same facts give
//! the same pages and `pdftotext` reads back exactly what the caller wrote.

use chrono::NaiveDate;
use duly_core::Language;

use crate::blocks::{self, BODY, BODY_BOLD, GAP, SMALL};
use crate::error::PdfError;
use crate::fonts::{self, Face};
use crate::layout::{Canvas, INK, Style, mm, pt};
use crate::model::PaperSize;
use crate::output::Pdf;
use crate::render::{Meta, render};
use crate::words;

const TITLE: Style = Style::new(Face::Bold, pt(16), INK);

/// One thing on the record: a heading line ("2026-03-02 09:00 UTC · Email sent") and its facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierEntry {
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierSection {
    pub heading: String,
    pub entries: Vec<DossierEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierDoc {
    pub language: Language,
    pub paper: PaperSize,
    pub title: String,
    /// Lines under the title: who prepared it, for whom, as of which day.
    pub subtitle: Vec<String>,
    /// The day the dossier speaks for; also its PDF creation date.
    pub date: NaiveDate,
    pub author: String,
    pub sections: Vec<DossierSection>,
}

/// Renders the dossier; a section with no entries prints its heading alone, so a gap shows.
pub fn render_dossier(doc: &DossierDoc) -> Result<Pdf, PdfError> {
    if doc.sections.is_empty() {
        return Err(PdfError::Empty("evidence dossier"));
    }
    let mut c = Canvas::new(fonts::fonts()?, doc.paper);
    let (left, top) = (c.left, c.top);
    let width = c.content_width();
    c.text_at(left, top + TITLE.size, TITLE, doc.title.trim());
    c.y = top + pt(28);
    for line in &doc.subtitle {
        c.paragraph(left, width, SMALL, line);
    }
    c.y += GAP;
    for section in &doc.sections {
        blocks::heading(&mut c, &section.heading, BODY.leading() * 2);
        for entry in &section.entries {
            c.ensure(BODY.leading() * 2);
            c.paragraph(left, width, BODY_BOLD, &entry.title);
            for line in &entry.lines {
                c.paragraph(left + mm(40), width - mm(40), BODY, line);
            }
            c.y += pt(5);
        }
        c.y += GAP;
    }
    let language = doc.language;
    c.footers(&format!("{} · {}", doc.author.trim(), doc.title.trim()), |p, n| words::page_of(p, n, language));
    render(c, &Meta { title: doc.title.trim(), author: doc.author.trim(), subject: doc.title.trim(), date: doc.date })
}
