//! `credit_note_create`: a numbered credit note, full or partial, netted against its invoice.
//!
//! The credit is a settlement row in `payments` (method `credit_note`) written in the same
//! transaction, so the invoice's open amount, status, Today and aging follow with no rule of
//! their own; a fully credited invoice is settled (status paid) and is no longer chased.

use chrono::Datelike;
use duly_core::{InvoiceStatus, Money, open_amount};
use duly_store::{Connection, credit_notes as table, events, invoices, payments};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::InvoiceDetail;
use crate::shared::money::display;
use crate::shared::reminder_cancel::{CancelReason, cancel_reminders_on};
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, shared::parse};

/// The `payments.method` of a credit note's settlement row.
pub(crate) const METHOD: &str = "credit_note";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct CreditNoteInput {
    pub invoice_number: String,
    /// A decimal amount in the invoice's currency; `null` or "" credits everything still due.
    pub amount: Option<String>,
    /// Why, printed on the credit note ("discount agreed for the late delivery").
    pub reason: String,
    /// The credit note's date; today when `null`.
    pub date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CreditNoteView {
    pub number: String,
    pub invoice_number: String,
    pub issue_date: chrono::NaiveDate,
    pub amount: i64,
    pub amount_display: String,
    pub reason: String,
    /// `duly` or `import`.
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CreditNoteResult {
    pub credit_note: CreditNoteView,
    pub invoice: InvoiceDetail,
}

impl Duly {
    pub fn credit_note_create(&mut self, input: CreditNoteInput) -> ApiResult<CreditNoteResult> {
        let reason = parse::required("reason", &input.reason)?.to_owned();
        parse::text_limit("reason", &reason, parse::TextLimit::Long)?;
        let inv = self.find_invoice(&input.invoice_number)?;
        match inv.status {
            InvoiceStatus::Draft => {
                return Err(ApiError::invalid(format!(
                    "invoice {} is a draft: edit it instead of crediting it",
                    inv.number
                )));
            }
            InvoiceStatus::Void => return Err(ApiError::invalid(format!("invoice {} is void", inv.number))),
            _ => {}
        }
        let language = self.language()?;
        let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
        if due <= 0 {
            return Err(ApiError::invalid(format!("invoice {} has nothing left to credit: it is settled", inv.number)));
        }
        let amount = match input.amount.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => parse::amount("amount", a, inv.currency)?,
            None => due,
        };
        if amount <= 0 {
            return Err(ApiError::invalid("amount: a credit note must be more than zero"));
        }
        if amount > due {
            return Err(ApiError::invalid(format!(
                "amount: {} is more than the {} still due on invoice {}",
                display(amount, inv.currency, language),
                display(due, inv.currency, language),
                inv.number
            )));
        }
        let date = parse::optional_date("date", input.date.as_deref())?.unwrap_or_else(|| self.today());
        if date < inv.issue_date {
            return Err(ApiError::invalid(format!(
                "date: {date} is before invoice {}'s issue date {}",
                inv.number, inv.issue_date
            )));
        }
        let now = self.stamp();
        let tx = self.transaction()?;
        let number = crate::invoices::numbering::next_credit_note_number(&tx, date.year())?;
        net_on(&tx, &inv, &number, date, amount, &reason, "duly", &now, language)?;
        tx.commit()?;
        let credit_note = self.credit_note_get(&number)?;
        Ok(CreditNoteResult { credit_note, invoice: self.invoice_get(&inv.number)? })
    }

    pub fn credit_note_get(&self, number: &str) -> ApiResult<CreditNoteView> {
        let note = table::get_by_number(self.conn(), number)?
            .ok_or_else(|| ApiError::not_found(format!("credit note {} does not exist", number.trim())))?;
        let inv = invoices::get(self.conn(), note.invoice_id)?
            .ok_or_else(|| ApiError::not_found(format!("credit note {}: its invoice is gone", note.number)))?;
        Ok(view(&note, &inv, self.language()?))
    }

    pub(crate) fn credit_note_doc(
        &self,
        number: &str,
        paper: duly_pdf::PaperSize,
        sender: duly_pdf::Party,
    ) -> ApiResult<duly_pdf::CreditNoteDoc> {
        let note = table::get_by_number(self.conn(), number)?
            .ok_or_else(|| ApiError::not_found(format!("credit note {} does not exist", number.trim())))?;
        let inv = invoices::get(self.conn(), note.invoice_id)?
            .ok_or_else(|| ApiError::not_found(format!("credit note {}: its invoice is gone", note.number)))?;
        let recipient = self.recipient(inv.client_id)?;
        // What was left after this note: settlements are numbered in the order they were recorded,
        // so later payments or notes do not change what it said.
        let settled_before: i64 = payments::list_for_invoice(self.conn(), note.invoice_id)?
            .iter()
            .filter(|p| p.id <= note.payment_id)
            .map(|p| p.amount_minor)
            .sum();
        let c = inv.currency;
        Ok(duly_pdf::CreditNoteDoc {
            language: recipient.language,
            paper,
            seller: sender,
            client: recipient.party,
            number: note.number,
            issue_date: note.issue_date,
            invoice_number: inv.number,
            invoice_date: inv.issue_date,
            invoice_total: Money::new(inv.total_minor, c),
            amount: Money::new(note.amount_minor, c),
            reason: note.reason,
            left_to_pay: Money::new((inv.total_minor - settled_before).max(0), c),
        })
    }
}

pub(crate) fn list_for_invoice(
    conn: &Connection,
    inv: &invoices::Invoice,
    language: duly_core::Language,
) -> ApiResult<Vec<CreditNoteView>> {
    Ok(table::list_for_invoice(conn, inv.id.unwrap_or_default())?.iter().map(|n| view(n, inv, language)).collect())
}

fn view(note: &table::CreditNote, inv: &invoices::Invoice, language: duly_core::Language) -> CreditNoteView {
    CreditNoteView {
        number: note.number.clone(),
        invoice_number: inv.number.clone(),
        issue_date: note.issue_date,
        amount: note.amount_minor,
        amount_display: display(note.amount_minor, inv.currency, language),
        reason: note.reason.clone(),
        source: note.source.clone(),
    }
}

/// Writes the credit note, its settlement row and timeline entry, and the invoice's new paid
/// amount and status, inside the caller's transaction; queued reminders stating the old amount
/// are cancelled. The caller has checked `0 < amount <= open amount`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn net_on(
    tx: &Connection,
    inv: &invoices::Invoice,
    number: &str,
    date: chrono::NaiveDate,
    amount: i64,
    reason: &str,
    source: &str,
    now: &str,
    language: duly_core::Language,
) -> ApiResult<()> {
    let id = inv.id.unwrap_or_default();
    let payment_id = payments::insert(
        tx,
        &payments::Payment {
            id: None,
            invoice_id: id,
            paid_on: date,
            amount_minor: amount,
            method: METHOD.to_owned(),
            note: number.to_owned(),
            created_at: now.to_owned(),
        },
    )?;
    table::insert(
        tx,
        &table::CreditNote {
            id: None,
            number: number.to_owned(),
            invoice_id: id,
            issue_date: date,
            amount_minor: amount,
            reason: reason.to_owned(),
            payment_id: Some(payment_id),
            source: source.to_owned(),
            created_at: now.to_owned(),
        },
    )
    .map_err(|e| {
        let e: duly_store::StoreError = e.into();
        if e.is_unique_violation() {
            ApiError::conflict(format!("number: credit note {number} already exists"))
        } else {
            e.into()
        }
    })?;
    let detail = format!("{number}: {} ({reason})", display(amount, inv.currency, language));
    events::insert(tx, id, &event(now, "credit_note", &detail))?;
    let (_, status) = crate::invoices::payments::settle(tx, id, inv.total_minor, now)?;
    let reason = if status == InvoiceStatus::Paid { CancelReason::Paid } else { CancelReason::PartlyPaid };
    cancel_reminders_on(tx, id, reason, now)?;
    Ok(())
}

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
) -> ApiResult<Result<crate::import::ImportInvoice, String>> {
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
        duplicate = Some(crate::import::Duplicate::InDatabase);
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
    Ok(Ok(crate::import::ImportInvoice {
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
