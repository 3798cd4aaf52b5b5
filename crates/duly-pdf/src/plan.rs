//! The instalment plan in writing: one page the client keeps, saying who owes whom how much on
//! which invoice, the dated instalments, the final deadline and what a missed instalment means.
//!
//! The playbook's rule is that an agreement made on the phone is confirmed in writing; this page
//! is that writing, attached to the call's confirmation email or printed.

use chrono::NaiveDate;
use duly_core::{Language, Money, format_date};

use crate::blocks::{self, BODY, BODY_BOLD, GAP, LABEL, SMALL};
use crate::error::PdfError;
use crate::fonts::{self, Face};
use crate::layout::{Align, Canvas, Column, INK, Style, mm, pt};
use crate::model::{PaperSize, Party, PaymentDetails};
use crate::output::Pdf;
use crate::render::{Meta, render};
use crate::words::{self, PlanFacts, money, words};

const TITLE: Style = Style::new(Face::Bold, pt(18), INK);
const SELLER_NAME: Style = Style::new(Face::Bold, pt(12), INK);
const CLIENT_NAME: Style = Style::new(Face::Bold, pt(10), INK);
const CELL: Style = Style::new(Face::Regular, pt(9), INK);
const CELL_BOLD: Style = Style::new(Face::Bold, pt(9), INK);

/// One dated part of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanInstalmentLine {
    /// 1 for the first.
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
}

/// An instalment plan agreed for what was due on one invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanDoc {
    pub language: Language,
    pub paper: PaperSize,
    pub seller: Party,
    pub client: Party,
    /// The invoice the plan is about.
    pub number: String,
    /// The day the plan was agreed; the page is dated with it.
    pub made_on: NaiveDate,
    pub instalments: Vec<PlanInstalmentLine>,
    /// Where to pay; its reference is what the client quotes with each transfer.
    pub payment: PaymentDetails,
}

/// Renders an instalment plan as a one-page PDF.
///
/// The amount due it states is the sum of the instalments (the core splits what was due so that
/// the parts add up to it exactly), so the page cannot disagree with its own table. All
/// instalments must be in one currency.
pub fn render_plan(plan: &PlanDoc) -> Result<Pdf, PdfError> {
    let Some(first) = plan.instalments.first() else {
        return Err(PdfError::Empty("instalment plan"));
    };
    let currency = first.amount.currency;
    let mut sum: i64 = 0;
    for part in &plan.instalments {
        if part.amount.currency != currency {
            return Err(PdfError::CurrencyMismatch {
                what: format!("instalment {}", part.number),
                found: part.amount.currency,
                expected: currency,
                document: "instalment plan",
            });
        }
        sum = sum.checked_add(part.amount.minor).ok_or_else(|| PdfError::Overflow("the instalment plan".into()))?;
    }
    let amount_due = Money::new(sum, currency);
    let language = plan.language;
    let w = words(language);
    let mut parts: Vec<&PlanInstalmentLine> = plan.instalments.iter().collect();
    parts.sort_by_key(|p| (p.due_on, p.number));
    let final_deadline = parts.last().map_or(plan.made_on, |p| p.due_on);
    let amount_text = money(amount_due, language);
    let deadline_text = format_date(final_deadline, language);
    let text = words::plan(
        &PlanFacts {
            seller: plan.seller.name.trim(),
            client: plan.client.name.trim(),
            number: plan.number.trim(),
            amount: &amount_text,
            made_on: &format_date(plan.made_on, language),
            deadline: &deadline_text,
            count: parts.len(),
            reference: plan.payment.reference.trim(),
        },
        language,
    )?;

    let mut c = Canvas::new(fonts::fonts()?, plan.paper);
    let (left, right, top) = (c.left, c.right, c.top);
    let width = c.content_width();

    // Title and the plan's key facts on the right, the seller on the left.
    let meta_x = right - pt(200);
    c.text_right(right, top + TITLE.size - pt(3), TITLE, &text.title);
    let mut ry = top + pt(30);
    for (label, value) in [
        (w.invoice_number, plan.number.trim().to_owned()),
        (text.agreed_on.as_str(), format_date(plan.made_on, language)),
        (w.amount_due, amount_text.clone()),
        (text.final_deadline.as_str(), deadline_text.clone()),
    ] {
        c.text_at(meta_x, ry + BODY.size, SMALL, label);
        c.text_right(right, ry + BODY.size, BODY_BOLD, &value);
        ry += BODY.leading();
    }
    let ly =
        blocks::party_block(&mut c, &plan.seller, language, (left, top), meta_x - left - pt(20), SELLER_NAME, true);

    let y = ly.max(ry) + GAP;
    c.text_at(left, y + LABEL.size, LABEL, w.client);
    c.y = blocks::party_block(&mut c, &plan.client, language, (left, y + pt(14)), width / 2, CLIENT_NAME, false) + GAP;
    c.paragraph(left, width, BODY, &text.intro);
    c.y += GAP;

    // The instalments, then their total, which is the amount due.
    let mut columns = [
        Column { title: text.instalment.clone(), width: 0, align: Align::Left },
        Column { title: w.due_date.into(), width: 0, align: Align::Left },
        Column { title: w.amount.into(), width: 0, align: Align::Right },
    ];
    let rows: Vec<Vec<String>> = parts
        .iter()
        .map(|p| vec![p.number.to_string(), format_date(p.due_on, language), money(p.amount, language)])
        .collect();
    let total_row = vec![w.total.to_owned(), String::new(), amount_text.clone()];
    let mut fitted = rows.clone();
    fitted.push(total_row.clone());
    c.fit_columns(&mut columns, &fitted, CELL_BOLD, 1);
    c.table_header(&columns);
    for cells in &rows {
        c.table_row(&columns, cells, CELL);
    }
    c.table_row(&columns, &total_row, CELL_BOLD);
    c.y += GAP;

    blocks::heading(&mut c, &text.if_missed_heading, pt(40));
    c.paragraph(left, width, BODY, &text.if_missed);
    c.y += GAP;

    let rows = blocks::payment_rows(&plan.payment, &plan.seller.name, language);
    let rows_h = BODY.leading() * i64::try_from(rows.len() + 2).unwrap_or(8);
    blocks::heading(&mut c, w.how_to_pay, rows_h);
    c.paragraph(left, width, BODY, &text.pay_each);
    c.y += pt(4);
    let rows_ref: Vec<(&str, String)> = rows.iter().map(|(l, v)| (*l, v.clone())).collect();
    let top_of_block = c.y;
    c.y = blocks::key_values(&mut c, &rows_ref, left, top_of_block, pt(105), width) + mm(40);
    c.paragraph(left, width, BODY, &text.closing);

    let footer_left = format!("{} · {} · {}", plan.seller.name.trim(), text.title, plan.number.trim());
    c.footers(&footer_left, |p, n| words::page_of(p, n, language));
    let title = format!("{} · {}", text.title, plan.number.trim());
    render(
        c,
        &Meta { title: &title, author: plan.seller.name.trim(), subject: plan.client.name.trim(), date: plan.made_on },
    )
}
