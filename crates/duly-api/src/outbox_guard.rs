//! Nothing goes out for an invoice that no longer needs it.
//!
//! A reminder is written for the invoice as it was when it was queued; the undo window, business
//! hours or a retry can leave it waiting for hours. Two guards keep a stale one from leaving:
//!
//! - **When the facts change** (a payment, a void, a promise, a plan, a pause), the use case that
//!   records them cancels the invoice's queued reminders in its own transaction
//!   ([`cancel_reminders_on`]). A *partial* payment cancels too: the amount the message states
//!   is now wrong, and the next draft states the new one.
//! - **When the sender claims a message** (queued → sending, one IMMEDIATE transaction), it asks
//!   [`recheck`] first, so a change made by another process, or one that no hook covers, still
//!   stops it.
//!
//! Only *reminders* are guarded: messages a ladder step queued (kind `reminder:<step>`: receipt
//! check, before due, reminders, escalation, service pause, final demand, instalment reminder).
//! A payment's thank-you is checked too, the other way round: it is cancelled once the payment
//! it thanks for is gone or the invoice is void (`payment_thanks::recheck`).
//! A call summary or a message the user wrote themselves is their own decision about what to
//! say, often *about* the payment or the promise, so it goes out as written; the user can still
//! cancel it in the Outbox.

use std::collections::HashSet;

use chrono::NaiveDate;
use duly_core::InvoiceStatus;
use duly_core::calls::{PauseReason, Standing};
use duly_store::{Connection, events, invoices, ladder_pauses, outbox as table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ApiResult;
use crate::invoices::event;

/// The kind prefix of messages a ladder step queued (`remind`).
pub(crate) const REMINDER_KIND: &str = "reminder:";

/// Why a message was cancelled instead of sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// The invoice was paid in full.
    Paid,
    /// A part was paid: the amount the reminder states is no longer right.
    PartlyPaid,
    /// The invoice was voided.
    Voided,
    /// The client promised to pay by a date that has not passed yet.
    PromisePending,
    /// The user paused reminders for the invoice.
    Paused,
    /// An instalment plan is being kept.
    PlanOnTrack,
    /// The ladder step was done or skipped another way meanwhile.
    StepDone,
    /// The user cancelled it (Undo, Cancel, or Discard on a held message).
    User,
    /// Autopilot queued it, and has since been turned off or stopped (for everyone, the client
    /// or the invoice), or the database now holds demo data.
    AutopilotStopped,
    /// An address it is written to bounced (a delivery failure report read from the inbox).
    Undeliverable,
    /// A thank-you for a payment that is no longer recorded.
    PaymentRemoved,
    /// A payment was reversed: more is due than the reminder states.
    PaymentReversed,
}

impl CancelReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Paid => "paid",
            Self::PartlyPaid => "partly_paid",
            Self::Voided => "voided",
            Self::PromisePending => "promise_pending",
            Self::Paused => "paused",
            Self::PlanOnTrack => "plan_on_track",
            Self::StepDone => "step_done",
            Self::User => "user",
            Self::AutopilotStopped => "autopilot_stopped",
            Self::Undeliverable => "undeliverable",
            Self::PaymentRemoved => "payment_removed",
            Self::PaymentReversed => "payment_reversed",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        [
            Self::Paid,
            Self::PartlyPaid,
            Self::Voided,
            Self::PromisePending,
            Self::Paused,
            Self::PlanOnTrack,
            Self::StepDone,
            Self::User,
            Self::AutopilotStopped,
            Self::Undeliverable,
            Self::PaymentRemoved,
            Self::PaymentReversed,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }
}

pub(crate) fn is_reminder(kind: &str) -> bool {
    kind.starts_with(REMINDER_KIND)
}

/// The timeline kind that says a message was cancelled and why (`email_cancelled:paid`); the
/// UI words it in the user's language.
pub(crate) fn cancelled_event_kind(reason: CancelReason) -> String {
    format!("email_cancelled:{}", reason.as_str())
}

/// Cancels every queued reminder of an invoice (held ones too) because of `reason`, with one
/// timeline event per message. Call inside the transaction that records the reason.
pub(crate) fn cancel_reminders_on(
    conn: &Connection,
    invoice_id: i64,
    reason: CancelReason,
    at: &str,
) -> ApiResult<usize> {
    let mut cancelled = 0;
    for row in table::queued_for_invoice(conn, invoice_id, REMINDER_KIND)? {
        if cancel_on(conn, &row, reason, at)? {
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

/// Cancels one queued message because of `reason`, with its line on the invoice's timeline;
/// false when it was no longer queued. Both guards (the hooks above and the sender's claim)
/// cancel through here, so the row and the timeline always agree.
pub(crate) fn cancel_on(conn: &Connection, row: &table::OutboxRow, reason: CancelReason, at: &str) -> ApiResult<bool> {
    // Read before the cancel forgets the step records that name them.
    let invoices = crate::outbox::covered_invoices(conn, row)?;
    if !table::cancel_queued(conn, row.id, reason.as_str(), at)? {
        return Ok(false);
    }
    let mut line = event(at, &cancelled_event_kind(reason), &summary(row));
    line.by_autopilot = row.autopilot;
    for invoice_id in invoices {
        events::insert(conn, invoice_id, &line)?;
    }
    Ok(true)
}

/// "to: subject" of a stored message, for its timeline line.
pub(crate) fn summary(row: &table::OutboxRow) -> String {
    match serde_json::from_str::<duly_mail::OutgoingMessage>(&row.message_json) {
        Ok(m) => format!("{}: {}", crate::outbox::emails(&m.to), m.subject),
        Err(_) => row.kind.clone(),
    }
}

/// Whether a queued message must be cancelled rather than sent on `today`, read in the
/// sender's claim transaction. `None` for messages that are not reminders; a payment's thank-you
/// and the invoice email have their own checks (`payment_thanks::recheck`, `recheck_invoice_email`).
///
/// A message autopilot queued is also cancelled once autopilot is off or stopped for it, and is
/// checked for every invoice it covers: one paid invoice makes the whole message wrong (its
/// steps are forgotten, so the next pass writes again about the others).
pub(crate) fn recheck(conn: &Connection, row: &table::OutboxRow, today: NaiveDate) -> ApiResult<Option<CancelReason>> {
    if let Some(reason) = crate::payment_thanks::recheck(conn, &row.kind, row.invoice_id)? {
        return Ok(Some(reason));
    }
    if let Some(reason) = crate::statement_send::recheck(conn, row)? {
        return Ok(Some(reason));
    }
    if crate::invoice_send::is_invoice_message(row) {
        return recheck_invoice_email(conn, row);
    }
    let (true, Some(_)) = (is_reminder(&row.kind), row.invoice_id) else { return Ok(None) };
    let invoices = crate::outbox::covered_invoices(conn, row)?;
    if row.autopilot && crate::autopilot::must_not_send(conn, row.client_id, &invoices)? {
        return Ok(Some(CancelReason::AutopilotStopped));
    }
    for invoice_id in invoices {
        if let Some(reason) = recheck_invoice(conn, row, invoice_id, today)? {
            return Ok(Some(reason));
        }
    }
    if table::step_done_elsewhere(conn, row.id)? {
        return Ok(Some(CancelReason::StepDone));
    }
    if writes_to_undeliverable(row, &duly_store::mailbox::undeliverable(conn)?) {
        return Ok(Some(CancelReason::Undeliverable));
    }
    Ok(None)
}

/// Cancels every queued reminder addressed (To) to one of `dead`, lower case: the bounce
/// hook, so a reminder queued before the failure report arrived never goes to the same
/// address; its step is forgotten, so the next draft goes to the next contact.
pub(crate) fn cancel_reminders_to(conn: &Connection, dead: &HashSet<String>, at: &str) -> ApiResult<usize> {
    let mut cancelled = 0;
    for row in table::list(conn, Some("queued"), i64::MAX)? {
        if is_reminder(&row.kind)
            && writes_to_undeliverable(&row, dead)
            && cancel_on(conn, &row, CancelReason::Undeliverable, at)?
        {
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

/// Whether a stored message's To names an address in `dead` (lower case). A copy (Cc) to a
/// dead address does not stop the message: its main recipient still gets it.
fn writes_to_undeliverable(row: &table::OutboxRow, dead: &HashSet<String>) -> bool {
    !dead.is_empty()
        && serde_json::from_str::<duly_mail::OutgoingMessage>(&row.message_json)
            .is_ok_and(|m| m.to.iter().any(|to| dead.contains(&to.email.trim().to_lowercase())))
}

/// [`recheck`] for the email that carries the invoice itself: a void or paid invoice is not sent,
/// nor a message to an address that bounced. Pauses, promises and plans are about reminders and
/// do not hold it back.
fn recheck_invoice_email(conn: &Connection, row: &table::OutboxRow) -> ApiResult<Option<CancelReason>> {
    if let Some(inv) = row.invoice_id.map(|id| invoices::get(conn, id)).transpose()?.flatten() {
        match inv.status {
            InvoiceStatus::Void => return Ok(Some(CancelReason::Voided)),
            InvoiceStatus::Paid => return Ok(Some(CancelReason::Paid)),
            _ => {}
        }
    }
    if writes_to_undeliverable(row, &duly_store::mailbox::undeliverable(conn)?) {
        return Ok(Some(CancelReason::Undeliverable));
    }
    Ok(None)
}

/// [`recheck`] for one invoice the message is about.
fn recheck_invoice(
    conn: &Connection,
    row: &table::OutboxRow,
    invoice_id: i64,
    today: NaiveDate,
) -> ApiResult<Option<CancelReason>> {
    let Some(inv) = invoices::get(conn, invoice_id)? else { return Ok(None) };
    match inv.status {
        InvoiceStatus::Void => return Ok(Some(CancelReason::Voided)),
        InvoiceStatus::Paid => return Ok(Some(CancelReason::Paid)),
        _ if inv.total_minor > 0 && inv.paid_minor >= inv.total_minor => return Ok(Some(CancelReason::Paid)),
        _ => {}
    }
    if ladder_pauses::get(conn, invoice_id)?.is_some_and(|until| until >= today) {
        return Ok(Some(CancelReason::Paused));
    }
    if let Standing::Paused(p) = crate::calls::standing_of(conn, &inv, today)? {
        match p.reason {
            // The per-instalment reminder is what a plan on track sends; anything else waits.
            PauseReason::Instalment { .. } if table::is_instalment_step(conn, row.id)? => {}
            PauseReason::Instalment { .. } => return Ok(Some(CancelReason::PlanOnTrack)),
            PauseReason::Promise { .. } => return Ok(Some(CancelReason::PromisePending)),
        }
    }
    Ok(None)
}
