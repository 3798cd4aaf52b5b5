//! Wave's "account transactions" export is a double-entry ledger, not an invoice list: an
//! invoice is one Accounts Receivable debit (its total) plus income credits (its lines), and each
//! payment is a negative Accounts Receivable row with the same invoice number.

use super::build::group;
use super::{Field, FileCx, Row};
use crate::model::{DocumentKind, Line, ParsedInvoice, Party};

const RECEIVABLE: &str = "accounts receivable";
const PAYMENT: &str = "invoice payment";

pub fn build(cx: &mut FileCx, rows: &[Row]) -> Vec<ParsedInvoice> {
    let col = |name: &str| cx.map.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (account, description) = (col("Account Name"), col("Transaction Description"));
    // Rows without an invoice number are other ledger entries (bank side of a payment, bills).
    let with_number: Vec<Row> = rows
        .iter()
        .filter(|r| r.get(cx.map.get(Field::Number)).is_some())
        .map(|r| Row { line: r.line, cells: r.cells.clone() })
        .collect();
    let mut out = Vec::new();
    for (number, group_rows) in group(cx, &with_number) {
        let is_ar = |r: &Row| r.get(account).is_some_and(|a| a.eq_ignore_ascii_case(RECEIVABLE));
        let is_payment = |r: &Row| r.get(description).is_some_and(|d| d.eq_ignore_ascii_case(PAYMENT));
        let Some(opening) = group_rows.iter().find(|r| is_ar(r) && !is_payment(r)) else { continue };
        let errors_before = cx.errors.len();
        let Some((currency, needs_review, mut warnings)) = cx.currency(&group_rows) else { continue };
        let issue_date = cx.date(opening, Field::IssueDate, true);
        let total = cx.amount(opening, Field::LineAmount, currency);
        let mut due = total;
        for payment in group_rows.iter().filter(|r| is_ar(r) && is_payment(r)) {
            let paid = cx.amount(payment, Field::LineAmount, currency);
            due = due.zip(paid).map(|(d, p)| d + p);
        }
        let buyer_name = opening.get(cx.map.get(Field::BuyerName)).map(str::to_owned);
        let prefix = buyer_name.as_deref().map(|b| format!("{b} - {number} - "));
        let mut lines = Vec::new();
        for r in group_rows.iter().filter(|r| !is_ar(r)) {
            let mut line: Line = cx.line(r, currency, &mut warnings);
            if let Some(p) = &prefix
                && let Some(rest) = line.description.strip_prefix(p.as_str())
            {
                line.description = rest.to_owned();
            }
            lines.push(line);
        }
        if cx.errors.len() > errors_before {
            continue;
        }
        let (Some(issue_date), Some(total), Some(amount_due)) = (issue_date, total, due) else { continue };
        out.push(ParsedInvoice {
            number,
            kind: DocumentKind::Invoice,
            issue_date,
            due_date: None,
            currency,
            total,
            amount_due,
            seller: Party::default(),
            buyer: Party { name: buyer_name, ..Party::default() },
            lines,
            credited_invoice: None,
            needs_review,
            warnings,
        });
    }
    out
}
