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
            .filter(|p| Some(p.id) <= note.payment_id)
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
        &payments::NewPayment {
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
        &table::NewCreditNote {
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
    events::insert(tx, id, &event(now, crate::TimelineKind::CreditNote, &detail))?;
    let (_, status) = crate::invoices::payments::settle(tx, id, inv.total_minor, now)?;
    let reason = if status == InvoiceStatus::Paid { CancelReason::Paid } else { CancelReason::PartlyPaid };
    cancel_reminders_on(tx, id, reason, now)?;
    Ok(())
}
