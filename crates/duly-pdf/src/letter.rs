//! The formal demand letter: the last step of the follow-up playbook before mediation or court.
//!
//! It is laid out as a plain business letter (sender, recipient, place and date, subject) and
//! states only facts: what each invoice still owes, the interest and fees the terms allow, the
//! total, the deadline, where to pay, and every earlier contact as evidence that the debtor was
//! told.

use duly_core::{CurrencyTotals, Language, Money, amount_due, format_date};

use crate::blocks::{self, GAP, LABEL};
use crate::error::PdfError;
use crate::fonts::{self, Face};
use crate::layout::{Align, Canvas, Column, INK, MUTED, RULE, Style, mm, pt};
use crate::model::{ContactRecord, DemandLetterDoc};
use crate::output::Pdf;
use crate::render::{Meta, render};
use crate::words::{self, LetterFacts, money, words};

const TEXT: Style = Style::new(Face::Regular, pt(10), INK);
const TEXT_BOLD: Style = Style::new(Face::Bold, pt(10), INK);
const SENDER_NAME: Style = Style::new(Face::Bold, pt(12), INK);
const SMALL: Style = Style::new(Face::Regular, pt(8) + 500, MUTED);
const CELL: Style = Style::new(Face::Regular, pt(8) + 500, INK);
const CELL_BOLD: Style = Style::new(Face::Bold, pt(8) + 500, INK);

fn and(language: Language) -> &'static str {
    match language {
        Language::En => " and ",
        Language::Id => " dan ",
        Language::Ro => " și ",
    }
}

/// Renders a formal demand letter as PDF bytes.
///
/// The amounts owed per invoice are the invoice totals minus what was paid (computed by
/// `duly-core`); interest and fees are taken as given. The total demanded is written once per
/// currency, never summed across currencies.
pub fn render_demand_letter(letter: &DemandLetterDoc) -> Result<Pdf, PdfError> {
    if letter.invoices.is_empty() {
        return Err(PdfError::Empty("demand letter"));
    }
    let language = letter.language;
    let w = words(language);

    let mut totals = CurrencyTotals::new();
    let mut outstanding = Vec::with_capacity(letter.invoices.len());
    for inv in &letter.invoices {
        if inv.paid.currency != inv.total.currency {
            return Err(PdfError::CurrencyMismatch {
                what: format!("the amount paid on invoice {}", inv.number),
                found: inv.paid.currency,
                expected: inv.total.currency,
                document: "invoice",
            });
        }
        let owed = Money::new(amount_due(inv.total.minor, inv.paid.minor), inv.total.currency);
        totals.add(owed).map_err(|_| PdfError::Overflow("the demand letter".into()))?;
        outstanding.push(owed);
    }
    for charge in &letter.charges {
        totals.add(charge.amount).map_err(|_| PdfError::Overflow("the demand letter".into()))?;
    }
    if totals.iter().any(|t| t.minor.checked_abs().is_none()) {
        return Err(PdfError::Overflow("the demand letter".into()));
    }
    let total_text: Vec<String> = totals.iter().map(|t| money(t, language)).collect();
    let total_text = total_text.join(and(language));
    let numbers: Vec<&str> = letter.invoices.iter().map(|i| i.number.trim()).collect();
    let numbers = numbers.join(", ");
    let recipient_name = letter.recipient.name.trim();
    let text = words::letter(
        &LetterFacts {
            sender: letter.sender.name.trim(),
            recipient: recipient_name,
            attention: letter.recipient.attention.trim(),
            invoice_numbers: &numbers,
            several: letter.invoices.len() > 1,
            total: &total_text,
            deadline: &format_date(letter.deadline, language),
            term_days: (letter.deadline - letter.date).num_days(),
            reference: letter.payment.reference.trim(),
            has_history: !letter.history.is_empty(),
            letter_date: &format_date(letter.date, language),
            law: &letter.law,
            statutory_interest: &letter.law.statutory_interest.map(|m| money(m, language)).unwrap_or_default(),
            statutory_compensation: &letter.law.statutory_compensation.map(|m| money(m, language)).unwrap_or_default(),
            agreement_date: &letter.agreement_signed_on.map(|d| format_date(d, language)).unwrap_or_default(),
        },
        language,
    )?;

    let mut c = Canvas::new(fonts::fonts()?, letter.paper);
    let (left, right, top) = (c.left, c.right, c.top);
    let width = c.content_width();

    // Letterhead: the sender, with a rule under it.
    let y = blocks::party_block(&mut c, &letter.sender, language, (left, top), width / 2, SENDER_NAME, true);
    let rule_y = y.max(top + mm(250)) + pt(6);
    c.rule(left, rule_y, width, 500, RULE);

    // The recipient, where a window envelope shows it (45 mm from the top, as DIN 5008 and
    // most European envelopes place it), and our reference on the right.
    let recipient_top = rule_y.max(mm(450)) + pt(4);
    // An Indonesian letter puts "Kepada Yth." (to the honourable) above the addressee.
    let addressee_top = match words::addressee_line(language) {
        Some(line) => {
            c.text_at(left, recipient_top + TEXT.size, TEXT, line);
            recipient_top + TEXT.leading()
        }
        None => recipient_top,
    };
    let recipient_bottom =
        blocks::party_block(&mut c, &letter.recipient, language, (left, addressee_top), width / 2, TEXT_BOLD, false);
    if !letter.reference.trim().is_empty() {
        let x = right - pt(170);
        c.text_at(x, recipient_top + SMALL.size, SMALL, w.our_reference);
        c.text_right(right, recipient_top + SMALL.size, TEXT, letter.reference.trim());
    }

    // Place and date, then the subject.
    let mut y = recipient_bottom + mm(60);
    let dated = if letter.place.trim().is_empty() {
        format_date(letter.date, language)
    } else {
        format!("{}, {}", letter.place.trim(), format_date(letter.date, language))
    };
    c.text_right(right, y + TEXT.size, TEXT, &dated);
    y += TEXT.leading() + pt(14);
    c.y = y;
    c.paragraph(left, width, TEXT_BOLD, &text.subject);
    c.y += pt(10);
    c.paragraph(left, width, TEXT, &text.salutation);
    c.y += pt(6);
    c.paragraph(left, width, TEXT, &text.opening);
    c.y += pt(6);
    c.paragraph(left, width, TEXT, &text.amounts_intro);
    c.y += pt(6);

    c.continuation = format!("{} · {}", letter.sender.name.trim(), format_date(letter.date, language));
    let mut columns = [
        Column { title: w.invoice.into(), width: 0, align: Align::Left },
        Column { title: w.issue_date.into(), width: 0, align: Align::Left },
        Column { title: w.due_date.into(), width: 0, align: Align::Left },
        Column { title: w.invoice_total.into(), width: 0, align: Align::Right },
        Column { title: w.paid.into(), width: 0, align: Align::Right },
        Column { title: w.outstanding.into(), width: 0, align: Align::Right },
    ];
    let rows: Vec<Vec<String>> = letter
        .invoices
        .iter()
        .zip(&outstanding)
        .map(|(inv, owed)| {
            vec![
                inv.number.clone(),
                format_date(inv.issue_date, language),
                format_date(inv.due_date, language),
                money(inv.total, language),
                money(inv.paid, language),
                money(*owed, language),
            ]
        })
        .collect();
    c.fit_columns(&mut columns, &rows, CELL, 0);
    let money_w = columns[5].width;
    let date_w = columns[2].width;
    c.table_header(&columns);
    for cells in &rows {
        c.table_row(&columns, cells, CELL);
    }
    if !letter.charges.is_empty() {
        let charge_columns = [
            Column { title: w.interest_and_fees.into(), width: width - money_w, align: Align::Left },
            Column { title: String::new(), width: money_w, align: Align::Right },
        ];
        c.y += pt(8);
        c.table_header(&charge_columns);
        for charge in &letter.charges {
            c.table_row(&charge_columns, &[charge.description.clone(), money(charge.amount, language)], CELL);
        }
    }
    let total_columns = [
        Column { title: String::new(), width: width - money_w * 2, align: Align::Left },
        Column { title: String::new(), width: money_w * 2, align: Align::Right },
    ];
    for total in totals.iter() {
        let label = if totals.iter().count() > 1 {
            format!("{} ({})", w.total_demanded, total.currency.code())
        } else {
            w.total_demanded.to_owned()
        };
        c.table_row(&total_columns, &[label, money(total, language)], CELL_BOLD);
    }
    c.y += GAP;

    if !text.law.is_empty() {
        c.paragraph(left, width, TEXT, &text.law);
        c.y += pt(6);
    }
    c.paragraph(left, width, TEXT_BOLD, &text.demand);
    c.y += pt(6);
    let rows = blocks::payment_rows(&letter.payment, &letter.sender.name, language);
    let rows_h = blocks::BODY.leading() * i64::try_from(rows.len() + 3).unwrap_or(8);
    c.ensure(rows_h);
    c.paragraph(left, width, TEXT, &text.pay_to);
    c.y += pt(4);
    let rows_ref: Vec<(&str, String)> = rows.iter().map(|(l, v)| (*l, v.clone())).collect();
    let top_of_block = c.y;
    c.y = blocks::key_values(&mut c, &rows_ref, left + pt(12), top_of_block, pt(105), width - pt(12)) + pt(8);
    c.paragraph(left, width, TEXT, &text.consequence);
    c.y += pt(6);
    c.paragraph(left, width, TEXT, &text.dispute);
    c.y += pt(6);

    if !letter.history.is_empty() {
        c.ensure(pt(60));
        c.paragraph(left, width, TEXT, &text.history_intro);
        c.y += pt(4);
        let mut history: Vec<&ContactRecord> = letter.history.iter().collect();
        history.sort_by_key(|r| r.date());
        // As wide as the longest date listed ("1 September 2026" is wider than the due dates
        // the invoice table was fitted to), so no date wraps.
        let widest =
            history.iter().map(|r| format_date(r.date(), language)).map(|d| c.measure(CELL, &d)).max().unwrap_or(0);
        let date_w = date_w.max(widest + pt(4));
        let columns = [
            Column { title: w.date.into(), width: date_w + pt(8), align: Align::Left },
            Column { title: w.contact.into(), width: width - date_w - pt(8), align: Align::Left },
        ];
        c.table_header(&columns);
        for record in history {
            let (date, what) = match record {
                ContactRecord::Reminder { date, channel, invoice } => {
                    (*date, words::reminder_sent(&words::channel(channel, language), invoice.trim(), language))
                }
                ContactRecord::Call { date, outcome } => (*date, words::call_made(outcome.trim(), language)),
                ContactRecord::Other { date, description } => (*date, description.trim().to_owned()),
                ContactRecord::InvoiceSent { date, invoice } => (*date, words::invoice_sent(invoice.trim(), language)),
            };
            c.table_row(&columns, &[format_date(date, language), what], CELL);
        }
        c.y += GAP;
    }

    // The closing sentence, the valediction, room to sign and the signatory stay together on
    // one page: a page holding only a signature shows nothing of what was signed.
    let closing_lines = crate::layout::count(c.wrap(TEXT, &text.closing, width).len());
    c.ensure(TEXT.leading() * closing_lines + pt(10) + pt(100));
    c.paragraph(left, width, TEXT, &text.closing);
    c.y += pt(10);
    c.paragraph(left, width, TEXT, &text.valediction);
    c.y += pt(42);
    c.rule(left, c.y, pt(180), 500, MUTED);
    c.y += pt(4);
    let signatory = letter.signatory.name.trim();
    if !signatory.is_empty() {
        c.paragraph(left, width, TEXT_BOLD, signatory);
    }
    let title = letter.signatory.title.trim();
    let org = letter.sender.name.trim();
    let role = match (title.is_empty(), org.is_empty() || org == signatory) {
        (false, false) => format!("{title}, {org}"),
        (false, true) => title.to_owned(),
        (true, false) => org.to_owned(),
        (true, true) => String::new(),
    };
    if !role.is_empty() {
        c.paragraph(left, width, TEXT, &role);
    }

    let footer_left =
        format!("{} · {} · {}", letter.sender.name.trim(), recipient_name, format_date(letter.date, language));
    c.footers(&footer_left, |p, n| words::page_of(p, n, language));
    let _ = LABEL;
    render(
        c,
        &Meta { title: &text.subject, author: letter.sender.name.trim(), subject: recipient_name, date: letter.date },
    )
}
