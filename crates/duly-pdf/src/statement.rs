//! The statement of account: every open invoice of one client on a given date.

use std::collections::BTreeMap;

use duly_core::{Currency, CurrencyTotals, days_overdue, format_date};

use crate::blocks::{self, BODY, BODY_BOLD, GAP, LABEL, SMALL};
use crate::error::PdfError;
use crate::fonts::{self, Face};
use crate::layout::{Align, Canvas, Column, INK, Style, mm, pt};
use crate::model::{StatementDoc, StatementEntry};
use crate::output::Pdf;
use crate::render::{Meta, render};
use crate::words::{self, money, words};

const TITLE: Style = Style::new(Face::Bold, pt(18), INK);
const SELLER_NAME: Style = Style::new(Face::Bold, pt(12), INK);
const CLIENT_NAME: Style = Style::new(Face::Bold, pt(10), INK);
const CELL: Style = Style::new(Face::Regular, pt(8) + 500, INK);
const CELL_BOLD: Style = Style::new(Face::Bold, pt(8) + 500, INK);

/// Renders a statement of account as PDF bytes.
///
/// Invoices are grouped per currency, each group with its own subtotal: amounts in different
/// currencies are never added together.
pub fn render_statement(st: &StatementDoc) -> Result<Pdf, PdfError> {
    if st.entries.is_empty() {
        return Err(PdfError::Empty("statement of account"));
    }
    let language = st.language;
    let w = words(language);
    let mut groups: BTreeMap<Currency, Vec<&StatementEntry>> = BTreeMap::new();
    for entry in &st.entries {
        if entry.balance.currency != entry.total.currency {
            return Err(PdfError::CurrencyMismatch {
                what: format!("the balance of invoice {}", entry.number),
                found: entry.balance.currency,
                expected: entry.total.currency,
                document: "invoice",
            });
        }
        groups.entry(entry.total.currency).or_default().push(entry);
    }

    let mut c = Canvas::new(fonts::fonts()?, st.paper);
    let (left, right, top) = (c.left, c.right, c.top);

    let meta_x = right - pt(190);
    // "Situația facturilor neachitate" is wider than the column: it wraps, right-aligned, rather
    // than running into the seller's name.
    let title_lines = c.wrap(TITLE, w.statement, right - meta_x);
    let mut ty = top + TITLE.size - pt(3);
    for line in &title_lines {
        c.text_right(right, ty, TITLE, line);
        ty += TITLE.leading();
    }
    let mut ry = top + pt(30) + TITLE.leading() * crate::layout::count(title_lines.len().saturating_sub(1));
    c.text_at(meta_x, ry + BODY.size, SMALL, w.as_of);
    c.text_right(right, ry + BODY.size, BODY_BOLD, &format_date(st.as_of, language));
    ry += BODY.leading();

    let seller_w = meta_x - left - pt(20);
    let mut ly = top;
    if let Some(bytes) = &st.logo {
        ly += blocks::logo(&mut c, bytes, left, top, mm(450), mm(180))? + pt(10);
    }
    ly = blocks::party_block(&mut c, &st.seller, language, (left, ly), seller_w, SELLER_NAME, true);

    let y = ly.max(ry) + GAP;
    c.text_at(left, y + LABEL.size, LABEL, w.client);
    c.y = blocks::party_block(&mut c, &st.client, language, (left, y + pt(14)), seller_w, CLIENT_NAME, false) + GAP;
    c.paragraph(left, c.content_width(), BODY, w.statement_intro);
    c.y += GAP;

    c.continuation = format!("{} · {} ({})", w.statement, st.client.name.trim(), w.continued);
    let mut columns = [
        Column { title: w.invoice.into(), width: 0, align: Align::Left },
        Column { title: w.issue_date.into(), width: 0, align: Align::Left },
        Column { title: w.due_date.into(), width: 0, align: Align::Left },
        Column { title: w.days_overdue.into(), width: 0, align: Align::Right },
        Column { title: w.invoice_total.into(), width: 0, align: Align::Right },
        Column { title: w.balance.into(), width: 0, align: Align::Right },
    ];
    let mut tables = Vec::new();
    for (currency, mut entries) in groups {
        entries.sort_by(|a, b| (a.due_date, &a.number).cmp(&(b.due_date, &b.number)));
        let mut subtotal = CurrencyTotals::new();
        let mut rows = Vec::new();
        for e in entries {
            subtotal.add(e.balance).map_err(|_| PdfError::Overflow("the statement".into()))?;
            let overdue = days_overdue(e.due_date, st.as_of);
            rows.push(vec![
                e.number.clone(),
                format_date(e.issue_date, language),
                format_date(e.due_date, language),
                if overdue > 0 { overdue.to_string() } else { "–".to_owned() },
                money(e.total, language),
                money(e.balance, language),
            ]);
        }
        let total = subtotal.iter().next().map(|m| money(m, language)).unwrap_or_default();
        let notes: Vec<String> = groups_notes(&st.entries, currency);
        tables.push((currency, rows, total, notes));
    }
    // One set of column widths for every currency, so the groups line up under each other.
    let all_rows: Vec<Vec<String>> = tables.iter().flat_map(|(_, rows, _, _)| rows.iter().cloned()).collect();
    c.fit_columns(&mut columns, &all_rows, CELL, 0);
    for (currency, rows, total, notes) in tables {
        blocks::heading(&mut c, &format!("{} {}", w.open_in, currency.code()), pt(60));
        c.table_header(&columns);
        for cells in &rows {
            c.table_row(&columns, cells, CELL);
        }
        let label = format!("{} {}", w.total, currency.code());
        let cells = [label, String::new(), String::new(), String::new(), String::new(), total];
        c.table_row(&columns, &cells, CELL_BOLD);
        // What the law adds per overdue invoice, under its currency's table: stated, not added
        // to the balance, which is what the invoices themselves still owe.
        for note in notes {
            c.y += pt(4);
            let width = c.content_width();
            c.paragraph(left, width, CELL, &note);
        }
        c.y += GAP;
    }

    c.paragraph(left, c.content_width(), BODY, w.statement_outro);
    if let Some(payment) = &st.payment {
        let rows = blocks::payment_rows(payment, &st.seller.name, language);
        c.y += GAP;
        let rows_h = BODY.leading() * i64::try_from(rows.len() + 1).unwrap_or(8);
        blocks::heading(&mut c, w.how_to_pay, rows_h);
        let rows_ref: Vec<(&str, String)> = rows.iter().map(|(l, v)| (*l, v.clone())).collect();
        let top_of_block = c.y;
        let width = c.content_width();
        c.y = blocks::key_values(&mut c, &rows_ref, left, top_of_block, pt(105), width);
    }

    let footer_left = format!("{} · {} · {}", st.seller.name.trim(), w.statement, st.client.name.trim());
    c.footers(&footer_left, |p, n| words::page_of(p, n, language));
    let title = format!("{} · {}", w.statement, st.client.name.trim());
    render(c, &Meta { title: &title, author: st.seller.name.trim(), subject: st.client.name.trim(), date: st.as_of })
}

/// The statutory lines of a currency's invoices, in the table's order (due date, then number).
fn groups_notes(entries: &[StatementEntry], currency: Currency) -> Vec<String> {
    let mut of: Vec<&StatementEntry> =
        entries.iter().filter(|e| e.total.currency == currency && !e.statutory.trim().is_empty()).collect();
    of.sort_by(|a, b| (a.due_date, &a.number).cmp(&(b.due_date, &b.number)));
    of.iter().map(|e| e.statutory.trim().to_owned()).collect()
}
