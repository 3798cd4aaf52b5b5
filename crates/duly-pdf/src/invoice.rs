//! The invoice: what was done, what it costs, what is still due, and how to pay it.

use duly_core::{LineItem, Money, amount_due, compute_totals, format_date};

use crate::blocks::{self, BODY, BODY_BOLD, GAP, LABEL, SMALL};
use crate::epc;
use crate::error::PdfError;
use crate::fonts::{self, Face};
use crate::layout::{Align, Canvas, Column, INK, MUTED, SHADE, Style, mm, pt};
use crate::model::{InvoiceDoc, LateFee};
use crate::output::Pdf;
use crate::render::{Meta, render};
use crate::words::{self, format_percent, format_quantity, money, words};

const TITLE: Style = Style::new(Face::Bold, pt(20), INK);
const SELLER_NAME: Style = Style::new(Face::Bold, pt(12), INK);
const CLIENT_NAME: Style = Style::new(Face::Bold, pt(10), INK);
const DUE_AMOUNT: Style = Style::new(Face::Bold, pt(15), INK);

/// Renders an invoice as PDF bytes.
///
/// Line amounts, tax and totals are computed by `duly-core` from the lines and the tax rate,
/// exactly as the app computes them, so the document always agrees with the invoice list.
pub fn render_invoice(inv: &InvoiceDoc) -> Result<Pdf, PdfError> {
    let language = inv.language;
    let w = words(language);
    let cur = inv.currency;
    let m = |minor: i64| money(Money::new(minor, cur), language);
    let items: Vec<LineItem> = inv
        .lines
        .iter()
        .map(|l| LineItem { description: l.description.clone(), quantity: l.quantity, unit_price: l.unit_price_minor })
        .collect();
    let totals =
        compute_totals(&items, inv.tax_rate).map_err(|_| PdfError::Overflow(format!("invoice {}", inv.number)))?;
    let due = amount_due(totals.total, inv.paid_minor);

    let mut c = Canvas::new(fonts::fonts()?, inv.paper);
    let (left, right) = (c.left, c.right);
    let top = c.top;

    // Header, right: title and the invoice's identity.
    let meta_x = right - pt(190);
    // A deposit (advance) invoice says so in its title, footer and the file's metadata.
    let title_word = if inv.deposit { w.deposit_invoice } else { w.invoice };
    c.text_right(right, top + TITLE.size - pt(3), TITLE, title_word);
    let meta_rows = [
        (w.invoice_number, inv.number.clone()),
        (w.issue_date, format_date(inv.issue_date, language)),
        (w.due_date, format_date(inv.due_date, language)),
    ];
    let mut ry = top + pt(30);
    for (label, value) in &meta_rows {
        c.text_at(meta_x, ry + BODY.size, SMALL, label);
        let style = if *label == w.invoice_number { BODY_BOLD } else { BODY };
        c.text_right(right, ry + BODY.size, style, value);
        ry += BODY.leading() + pt(1);
    }

    // Header, left: logo, then who sends the invoice.
    let seller_w = meta_x - left - pt(20);
    let mut ly = top;
    if let Some(bytes) = &inv.logo {
        ly += blocks::logo(&mut c, bytes, left, top, mm(450), mm(180))? + pt(10);
    }
    ly = blocks::party_block(&mut c, &inv.seller, language, (left, ly), seller_w, SELLER_NAME, true);

    // Who pays, and the one figure they need: what is due and when.
    let mut y = ly.max(ry) + GAP;
    c.text_at(left, y + LABEL.size, LABEL, w.bill_to);
    let client_bottom =
        blocks::party_block(&mut c, &inv.client, language, (left, y + pt(14)), seller_w, CLIENT_NAME, false);
    let box_w = pt(190);
    let box_h = pt(58);
    c.rect(right - box_w, y, box_w, box_h, SHADE);
    c.text_at(right - box_w + pt(10), y + pt(16), LABEL, w.amount_due);
    c.text_at(right - box_w + pt(10), y + pt(36), DUE_AMOUNT, &m(due));
    let due_line = format!("{} {}", w.due_date, format_date(inv.due_date, language));
    c.text_at(right - box_w + pt(10), y + pt(50), SMALL, &due_line);
    y = client_bottom.max(y + box_h) + GAP;
    c.y = y;

    // The lines. Long invoices continue on further pages under a repeated header.
    c.continuation = words::continued(title_word, &inv.number, language);
    let mut columns = [
        Column { title: w.description.into(), width: 0, align: Align::Left },
        Column { title: w.quantity.into(), width: 0, align: Align::Right },
        Column { title: w.unit_price.into(), width: 0, align: Align::Right },
        Column { title: w.amount.into(), width: 0, align: Align::Right },
    ];
    let rows: Vec<Vec<String>> = inv
        .lines
        .iter()
        .zip(&items)
        .map(|(line, item)| {
            vec![
                line.description.clone(),
                format_quantity(line.quantity, language),
                m(line.unit_price_minor),
                m(item.amount()),
            ]
        })
        .collect();
    // Size the number columns for the widest of the lines and the totals below them, and never
    // narrower than a comfortable minimum, so short invoices keep a calm, even grid.
    let mut sizing = rows.clone();
    sizing.push(vec![String::new(), String::new(), String::new(), m(totals.total)]);
    c.fit_columns(&mut columns, &sizing, BODY, 0);
    for (column, min) in columns.iter_mut().skip(1).zip([pt(40), pt(80), pt(86)]) {
        column.width = column.width.max(min);
    }
    let fixed: i64 = columns.iter().skip(1).map(|c| c.width).sum();
    columns[0].width = c.content_width() - fixed;
    let amount_w = columns[3].width;
    let price_w = columns[2].width;
    c.table_header(&columns);
    for cells in &rows {
        c.table_row(&columns, cells, BODY);
    }

    // Totals, aligned under the amount column.
    let tax_label = if inv.tax_label.trim().is_empty() { w.default_tax } else { inv.tax_label.trim() };
    let mut rows: Vec<(String, String, bool)> = vec![
        (w.subtotal.into(), m(totals.subtotal), false),
        (format!("{tax_label} {}", format_percent(inv.tax_rate.into(), language)), m(totals.tax), false),
        (w.total.into(), m(totals.total), true),
    ];
    if inv.paid_minor != 0 {
        rows.push((w.paid.into(), m(-inv.paid_minor), false));
    }
    let row_h = pt(16);
    let rows_len = i64::try_from(rows.len()).unwrap_or(8);
    c.ensure(pt(8) + row_h * (rows_len + 1) + pt(6));
    c.y += pt(6);
    let label_x = right - (amount_w + price_w).max(pt(190)) + crate::layout::CELL_PAD;
    let amount_right = right - crate::layout::CELL_PAD;
    for (label, value, strong) in rows {
        let style = if strong { BODY_BOLD } else { BODY };
        if strong {
            c.rule(label_x - crate::layout::CELL_PAD, c.y, right - label_x + crate::layout::CELL_PAD, 600, MUTED);
        }
        let baseline = c.y + pt(11);
        c.text_at(label_x, baseline, style, &label);
        c.text_right(amount_right, baseline, style, &value);
        c.y += row_h;
    }
    c.rect(
        label_x - crate::layout::CELL_PAD,
        c.y + pt(2),
        right - label_x + crate::layout::CELL_PAD,
        row_h + pt(4),
        SHADE,
    );
    let baseline = c.y + pt(15);
    c.text_at(label_x, baseline, BODY_BOLD, w.amount_due);
    c.text_right(amount_right, baseline, BODY_BOLD, &m(due));
    c.y += row_h + pt(6) + GAP;

    if !inv.note.trim().is_empty() {
        c.paragraph(left, c.content_width(), BODY, inv.note.trim());
        c.y += GAP;
    }

    // Payment terms: the due date, and the incentives and penalties agreed beforehand.
    let mut terms = vec![words::payment_within(
        (inv.due_date - inv.issue_date).num_days(),
        &format_date(inv.due_date, language),
        language,
    )];
    if let Some(d) = inv.terms.early_payment_discount {
        let by = inv.issue_date + chrono::Days::new(u64::from(d.within_days));
        terms.push(words::early_discount(
            &format_percent(d.percent, language),
            i64::from(d.within_days),
            &format_date(by, language),
            language,
        ));
    }
    match &inv.terms.late_fee {
        Some(LateFee::PercentPerMonth(p)) => terms.push(words::late_interest(&format_percent(*p, language), language)),
        Some(LateFee::Fixed(fee)) => terms.push(words::late_fixed(&money(*fee, language), language)),
        Some(LateFee::PercentPerYear(p)) => {
            terms.push(words::late_interest_yearly(&format_percent(*p, language), language))
        }
        Some(LateFee::PercentOnce(p)) => terms.push(words::late_share(&format_percent(*p, language), language)),
        Some(LateFee::Text(text)) if !text.trim().is_empty() => terms.push(text.trim().to_owned()),
        _ => {}
    }
    if !inv.terms.note.trim().is_empty() {
        terms.push(inv.terms.note.trim().to_owned());
    }
    blocks::heading(&mut c, w.payment_terms, BODY.leading() * 2);
    for term in &terms {
        c.paragraph(left, c.content_width(), BODY, term);
        c.y += pt(3);
    }
    c.y += GAP - pt(3);

    // How to pay, with the SEPA QR code beside the bank details when it can be made.
    let rows = blocks::payment_rows(&inv.payment, &inv.seller.name, language);
    let qr = if inv.epc_qr && cur.code() == "EUR" && due > 0 && !inv.payment.iban.trim().is_empty() {
        let holder =
            if inv.payment.account_holder.trim().is_empty() { &inv.seller.name } else { &inv.payment.account_holder };
        let reference = if inv.payment.reference.trim().is_empty() { &inv.number } else { &inv.payment.reference };
        Some(epc::epc_payload(holder, &inv.payment.iban, &inv.payment.bic, Money::new(due, cur), reference)?)
    } else {
        None
    };
    let qr_size = mm(340);
    let rows_h = BODY.leading() * (i64::try_from(rows.len()).unwrap_or(8) + 2);
    let block_h = if qr.is_some() { rows_h.max(qr_size + pt(14)) } else { rows_h };
    blocks::heading(&mut c, w.how_to_pay, block_h);
    let top_of_block = c.y;
    let rows_ref: Vec<(&str, String)> = rows.iter().map(|(l, v)| (*l, v.clone())).collect();
    let text_w = if qr.is_some() { c.content_width() - qr_size - pt(20) } else { c.content_width() };
    let mut y = blocks::key_values(&mut c, &rows_ref, left, top_of_block, pt(105), text_w);
    if !inv.payment.reference.trim().is_empty() {
        y += pt(4);
        let lines = c.wrap(SMALL, w.quote_reference, text_w);
        for line in lines {
            c.text_at(left, y + SMALL.size, SMALL, &line);
            y += SMALL.leading();
        }
    }
    if let Some(payload) = qr {
        // The QR's own quiet zone makes its visible edge sit inside the box; shift it so the
        // dark modules line up with the right margin and the top of the bank details.
        let x = right - qr_size;
        let quiet = qr_size / 37 * 4;
        epc::draw_qr(&mut c, &payload, x + quiet, top_of_block - quiet, qr_size)?;
        let caption_lines = c.wrap(SMALL, w.scan_to_pay, qr_size);
        let mut cy = top_of_block + qr_size - 2 * quiet + pt(4);
        for line in caption_lines {
            c.text_center(x + qr_size / 2 + quiet, cy + SMALL.size, SMALL, &line);
            cy += SMALL.leading();
        }
        y = y.max(cy);
    }
    c.y = y;

    let footer_left = format!("{} · {} {}", inv.seller.name.trim(), title_word, inv.number);
    c.footers(&footer_left, |p, n| words::page_of(p, n, language));
    let title = format!("{} {}", title_word, inv.number);
    render(
        c,
        &Meta { title: &title, author: inv.seller.name.trim(), subject: inv.client.name.trim(), date: inv.issue_date },
    )
}
