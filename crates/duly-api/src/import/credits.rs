//! Credit notes in an import file that name the invoice they correct: planned with the file's
//! other invoices (all-or-nothing per file) and netted in the import's transaction by the same
//! `net_on` a credit note made in Duly uses.

use duly_core::{InvoiceStatus, open_amount};
use duly_store::{Connection, credit_notes as table, invoices};

use crate::invoices::credit_notes::net_on;
use crate::shared::money::display;
use crate::{ApiError, ApiResult};

/// An imported credit note that names an invoice Duly holds, planned for netting.
#[derive(Clone, Debug)]
pub(crate) struct ImportedCredit {
    invoice_number: String,
    number: String,
    date: chrono::NaiveDate,
    amount: i64,
    reason: String,
    skip: bool,
}

/// Plans an imported credit note that names the invoice it corrects (`reference`): that invoice
/// must be in Duly, issued, in the same currency, dated on or before the note, with at least the
/// credit still open after the earlier credit notes of the same file (`planned`). `Ok(Err(..))`
/// is the problem to report, naming the file and the reference; the caller then imports nothing
/// from the file. The same note imported again is a duplicate, skipped when the user chose so.
pub(crate) fn plan_imported(
    conn: &Connection,
    parsed: &duly_import::ParsedInvoice,
    reference: &str,
    file: &str,
    skip_duplicates: bool,
    planned: &mut Vec<ImportedCredit>,
    language: duly_core::Language,
) -> ApiResult<Result<super::ImportInvoice, String>> {
    let n = &parsed.number;
    let Some(inv) = invoices::get_by_number(conn, reference)? else {
        return Ok(Err(format!(
            "{file}: credit note {n} corrects invoice {reference}, which is not in Duly: import or add that invoice first"
        )));
    };
    let amount = parsed.total.abs();
    let money = |m: i64| display(m, inv.currency, language);
    let mut duplicate = None;
    if let Some(existing) = table::get_by_number(conn, n)? {
        if existing.invoice_id != inv.id.unwrap_or_default() || existing.amount_minor != amount {
            return Ok(Err(format!("{file}: credit note number {n} is already used by another credit note")));
        }
        if !skip_duplicates {
            return Ok(Err(format!("{file}: credit note {n} is already in Duly (a duplicate)")));
        }
        duplicate = Some(super::Duplicate::InDatabase);
    } else {
        if parsed.currency != inv.currency {
            return Ok(Err(format!(
                "{file}: credit note {n} is in {}, but invoice {reference} is in {}",
                parsed.currency.code(),
                inv.currency.code()
            )));
        }
        if matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Void) {
            return Ok(Err(format!("{file}: credit note {n} corrects invoice {reference}, which is a draft or void")));
        }
        if parsed.issue_date < inv.issue_date {
            return Ok(Err(format!(
                "{file}: credit note {n} is dated {}, before invoice {reference}'s issue date {}",
                parsed.issue_date, inv.issue_date
            )));
        }
        let earlier: i64 = planned.iter().filter(|c| c.invoice_number == inv.number && !c.skip).map(|c| c.amount).sum();
        let open = open_amount(inv.status, inv.total_minor, inv.paid_minor) - earlier;
        if amount == 0 || amount > open {
            return Ok(Err(format!(
                "{file}: credit note {n} credits {}, but invoice {reference} has {} still open",
                money(amount),
                money(open.max(0))
            )));
        }
    }
    let client = duly_store::clients::get(conn, inv.client_id)?.map(|c| c.name).unwrap_or_default();
    planned.push(ImportedCredit {
        invoice_number: inv.number.clone(),
        number: n.clone(),
        date: parsed.issue_date,
        amount,
        reason: format!("imported from {file}"),
        skip: duplicate.is_some(),
    });
    Ok(Ok(super::ImportInvoice {
        number: n.clone(),
        credit_note: true,
        issue_date: parsed.issue_date,
        due_date: parsed.due_date,
        due_date_used: parsed.issue_date,
        currency: parsed.currency.code().to_owned(),
        total: parsed.total,
        amount_due: parsed.amount_due,
        total_display: money(parsed.total),
        amount_due_display: money(parsed.amount_due),
        seller: parsed.seller.name.clone().unwrap_or_default(),
        buyer: parsed.buyer.name.clone().unwrap_or_default(),
        client,
        client_id: Some(inv.client_id),
        duplicate,
        needs_review: false,
        warnings: vec![format!("credits {} against invoice {}", money(amount), inv.number)],
        review: Vec::new(),
    }))
}

/// Nets a planned imported credit note inside the import's transaction (source `import`).
pub(crate) fn net_imported(
    tx: &Connection,
    c: &ImportedCredit,
    now: &str,
    language: duly_core::Language,
) -> ApiResult<()> {
    if c.skip {
        return Ok(());
    }
    let inv = invoices::get_by_number(tx, &c.invoice_number)?
        .ok_or_else(|| ApiError::not_found(format!("invoice {} is gone", c.invoice_number)))?;
    if c.amount > open_amount(inv.status, inv.total_minor, inv.paid_minor) {
        return Err(ApiError::conflict(format!(
            "credit note {}: more than invoice {} still has open",
            c.number, inv.number
        )));
    }
    net_on(tx, &inv, &c.number, c.date, c.amount, &c.reason, "import", now, language)
}
