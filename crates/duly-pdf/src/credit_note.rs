//! The credit note: a numbered document that reduces or cancels an issued invoice, which stays
//! as it was sent. It names the invoice it corrects, why, by how much, and what is left to pay.

use chrono::NaiveDate;
use duly_core::{Language, Money, format_date};

use crate::blocks::{self, BODY, BODY_BOLD, GAP, LABEL, SMALL};
use crate::error::PdfError;
use crate::fonts::{self, Face};
use crate::layout::{Align, Canvas, Column, INK, Style, pt};
use crate::model::{PaperSize, Party};
use crate::output::Pdf;
use crate::render::{Meta, render};
use crate::words::{self, money, words};

const TITLE: Style = Style::new(Face::Bold, pt(20), INK);
const SELLER_NAME: Style = Style::new(Face::Bold, pt(12), INK);
const CLIENT_NAME: Style = Style::new(Face::Bold, pt(10), INK);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditNoteDoc {
    pub language: Language,
    pub paper: PaperSize,
    pub seller: Party,
    pub client: Party,
    pub number: String,
    pub issue_date: NaiveDate,
    /// The invoice it corrects, with that invoice's date and total.
    pub invoice_number: String,
    pub invoice_date: NaiveDate,
    pub invoice_total: Money,
    /// What this note credits (positive; printed as a reduction).
    pub amount: Money,
    pub reason: String,
    /// What the client still owes on the invoice once this note is counted.
    pub left_to_pay: Money,
}

/// Renders a credit note as a one-page PDF.
pub fn render_credit_note(doc: &CreditNoteDoc) -> Result<Pdf, PdfError> {
    let language = doc.language;
    let w = words(language);
    let t = words::credit_note_words(language);
    let m = |x: Money| money(x, language);
    let mut c = Canvas::new(fonts::fonts()?, doc.paper);
    let (left, right, top) = (c.left, c.right, c.top);
    let width = c.content_width();

    let meta_x = right - pt(200);
    c.text_right(right, top + TITLE.size - pt(3), TITLE, t.title);
    let mut ry = top + pt(30);
    for (label, value) in [
        (t.number, doc.number.trim().to_owned()),
        (w.issue_date, format_date(doc.issue_date, language)),
        (t.corrects, doc.invoice_number.trim().to_owned()),
    ] {
        c.text_at(meta_x, ry + BODY.size, SMALL, label);
        c.text_right(right, ry + BODY.size, BODY_BOLD, &value);
        ry += BODY.leading();
    }
    let ly = blocks::party_block(&mut c, &doc.seller, language, (left, top), meta_x - left - pt(20), SELLER_NAME, true);
    let y = ly.max(ry) + GAP;
    c.text_at(left, y + LABEL.size, LABEL, w.bill_to);
    c.y = blocks::party_block(&mut c, &doc.client, language, (left, y + pt(14)), width / 2, CLIENT_NAME, false) + GAP;

    let intro = words::credit_note_intro(
        doc.invoice_number.trim(),
        &format_date(doc.invoice_date, language),
        &m(doc.invoice_total),
        language,
    );
    c.paragraph(left, width, BODY, &intro);
    c.y += GAP;

    let mut columns = [
        Column { title: w.description.into(), width: 0, align: Align::Left },
        Column { title: w.amount.into(), width: 0, align: Align::Right },
    ];
    let credited = m(Money::new(-doc.amount.minor, doc.amount.currency));
    let rows = vec![
        vec![doc.reason.trim().to_owned(), credited.clone()],
        vec![t.total_credited.to_owned(), credited],
        vec![t.left_to_pay.to_owned(), m(doc.left_to_pay)],
    ];
    c.fit_columns(&mut columns, &rows, BODY_BOLD, 0);
    columns[0].width = width - columns[1].width;
    c.table_header(&columns);
    for (i, cells) in rows.iter().enumerate() {
        c.table_row(&columns, cells, if i == 0 { BODY } else { BODY_BOLD });
    }

    let footer_left = format!("{} · {} · {}", doc.seller.name.trim(), t.title, doc.number.trim());
    c.footers(&footer_left, |p, n| words::page_of(p, n, language));
    let title = format!("{} · {}", t.title, doc.number.trim());
    render(
        c,
        &Meta { title: &title, author: doc.seller.name.trim(), subject: doc.client.name.trim(), date: doc.issue_date },
    )
}
