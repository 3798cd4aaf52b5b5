//! `payment_add`: money received, in full or in part.

use crate::shared::reminder_cancel::{CancelReason, cancel_reminders_on};
use duly_core::{InvoiceStatus, Lifecycle, open_amount, status_of};
use duly_store::{events, invoices, payments};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::InvoiceDetail;
use crate::shared::money::display;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, shared::parse};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PaymentInput {
    pub invoice_number: String,
    /// A decimal amount in the invoice's currency: "500.00".
    pub amount: String,
    /// `null` or "" for today.
    pub date: Option<String>,
    pub method: String,
    pub note: String,
}

impl Duly {
    /// Records a payment and updates the invoice's paid amount and status in one transaction.
    pub fn payment_add(&mut self, input: PaymentInput) -> ApiResult<InvoiceDetail> {
        parse::text_limits([
            ("method", input.method.as_str(), parse::TextLimit::Short),
            ("note", &input.note, parse::TextLimit::Long),
        ])?;
        let inv = self.find_invoice(&input.invoice_number)?;
        match inv.status {
            InvoiceStatus::Draft => {
                return Err(ApiError::invalid(format!(
                    "invoice {} is a draft: issue it before recording a payment",
                    inv.number
                )));
            }
            InvoiceStatus::Void => return Err(ApiError::invalid(format!("invoice {} is void", inv.number))),
            InvoiceStatus::Paid => {
                return Err(ApiError::invalid(format!("invoice {} is already paid in full", inv.number)));
            }
            InvoiceStatus::Sent | InvoiceStatus::PartlyPaid => {}
        }
        let amount = parse::amount("amount", &input.amount, inv.currency)?;
        let language = self.language()?;
        let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
        if amount <= 0 {
            return Err(ApiError::invalid("amount: a payment must be more than zero"));
        }
        if amount > due {
            return Err(ApiError::invalid(format!(
                "amount: {} is more than the {} still due on invoice {}",
                display(amount, inv.currency, language),
                display(due, inv.currency, language),
                inv.number
            )));
        }
        let paid_on = parse::optional_date("date", input.date.as_deref())?.unwrap_or_else(|| self.today());
        let now = self.stamp();
        let recording = self.recording()?;
        let tx = self.transaction()?;
        let payment = new_payment(&inv, amount, paid_on, input.method, input.note, &now);
        record_on(&tx, &inv, &payment, &recording)?;
        tx.commit()?;
        self.invoice_get(&inv.number)
    }
}

/// What recording a payment needs besides the payment: the moment and the user's language and
/// home zone (for the thank-you's business hours).
pub(crate) struct Recording {
    pub now: chrono::DateTime<chrono::Utc>,
    pub home: Option<String>,
    pub language: duly_core::Language,
}

impl Duly {
    pub(crate) fn recording(&self) -> ApiResult<Recording> {
        Ok(Recording { now: self.now(), home: self.home_zone().map(str::to_owned), language: self.language()? })
    }
}

/// A payment of `amount` on `paid_on` for `inv`, not yet stored.
pub(crate) fn new_payment(
    inv: &invoices::Invoice,
    amount: i64,
    paid_on: chrono::NaiveDate,
    method: String,
    note: String,
    now: &str,
) -> payments::NewPayment {
    payments::NewPayment {
        invoice_id: inv.id.unwrap_or_default(),
        paid_on,
        amount_minor: amount,
        method,
        note,
        created_at: now.to_owned(),
    }
}

/// Sets an issued invoice's paid amount and status from its `payments` rows, after a row was
/// added (a payment, a credit note's share) or taken out (a reversal): the one place the two
/// are derived, so they never disagree. Returns the new paid amount and status.
pub(crate) fn settle(
    tx: &duly_store::Connection,
    invoice_id: i64,
    total_minor: i64,
    now: &str,
) -> ApiResult<(i64, InvoiceStatus)> {
    let paid = payments::sum_for_invoice(tx, invoice_id)?;
    let status = status_of(Lifecycle::Issued, total_minor, paid);
    invoices::set_payment_state(tx, invoice_id, paid, status, now)?;
    Ok((paid, status))
}

/// Records a payment inside the caller's transaction: the payment and its timeline entry, the
/// invoice's paid amount and status, the cancelling of reminders that state the old amount, and
/// the thank-you when the user wants one.
/// The caller has checked that the amount is more than zero and at most what is still due.
pub(crate) fn record_on(
    tx: &duly_store::Connection,
    inv: &invoices::Invoice,
    payment: &payments::NewPayment,
    recording: &Recording,
) -> ApiResult<InvoiceStatus> {
    let (id, amount, now) = (payment.invoice_id, payment.amount_minor, payment.created_at.as_str());
    let language = recording.language;
    let payment_id = write_payment(tx, payment, inv.currency)?;
    let (paid, status) = settle(tx, id, inv.total_minor, now)?;
    if status == InvoiceStatus::Paid {
        events::insert(tx, id, &event(now, crate::TimelineKind::Paid, ""))?;
    }
    // Queued reminders state the old amount (or chase a paid invoice): cancel them; the next
    // draft states what is still due.
    let reason = if status == InvoiceStatus::Paid { CancelReason::Paid } else { CancelReason::PartlyPaid };
    cancel_reminders_on(tx, id, reason, now)?;
    // A part paid: the client is acting on it; autopilot waits for the user to look. (A paid
    // invoice needs no stop: nothing is chased for it any more.)
    if status != InvoiceStatus::Paid {
        let detail = display(amount, inv.currency, language);
        crate::shared::autopilot_stops::stop_on(
            tx,
            crate::AutopilotStopReason::Payment,
            Some(inv.client_id),
            Some(id),
            &detail,
            now,
        )?;
    }
    let stored = payment.clone().stored(payment_id);
    crate::outbox::payment_thanks::queue_on(tx, inv, &stored, paid, recording.now, recording.home.as_deref())?;
    Ok(status)
}

/// Stores a payment with its timeline entry and returns its id. The caller keeps
/// `invoices.paid_minor` in step.
pub(crate) fn write_payment(
    conn: &duly_store::Connection,
    p: &payments::NewPayment,
    currency: duly_core::Currency,
) -> ApiResult<i64> {
    let id = payments::insert(conn, p)?;
    let amount = duly_core::Money::new(p.amount_minor, currency).to_decimal_string();
    events::insert(
        conn,
        p.invoice_id,
        &event(&p.created_at, crate::TimelineKind::Payment, &format!("{amount} on {}", p.paid_on)),
    )?;
    Ok(id)
}
