//! Nothing goes out for an invoice that no longer needs it.
//!
//! A reminder is written for the invoice as it was when it was queued; the undo window, business
//! hours or a retry can leave it waiting for hours. Two guards keep a stale one from leaving:
//!
//! - **When the facts change** (a payment, a void, a promise, a plan, a pause), the use case that
//!   records them cancels the invoice's queued reminders in its own transaction
//!   (`shared::reminder_cancel`). A *partial* payment cancels too: the amount the message states
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
use duly_store::{Connection, invoices, ladder_pauses, outbox as table};

use crate::ApiResult;
use crate::shared::reminder_cancel::{CancelReason, cancel_on, is_reminder};

/// Whether a queued message must be cancelled rather than sent on `today`, read in the
/// sender's claim transaction. `None` for messages that are not reminders; a payment's thank-you
/// and the invoice email have their own checks (`payment_thanks::recheck`, `recheck_invoice_email`).
///
/// A message autopilot queued is also cancelled once autopilot is off or stopped for it, and is
/// checked for every invoice it covers: one paid invoice makes the whole message wrong (its
/// steps are forgotten, so the next pass writes again about the others).
pub(crate) fn recheck(conn: &Connection, row: &table::OutboxRow, today: NaiveDate) -> ApiResult<Option<CancelReason>> {
    if let Some(reason) = crate::outbox::payment_thanks::recheck(conn, &row.kind, row.invoice_id)? {
        return Ok(Some(reason));
    }
    if let Some(reason) = crate::outbox::statement_check::recheck(conn, row)? {
        return Ok(Some(reason));
    }
    if crate::invoices::invoice_send::is_invoice_message(row) {
        return recheck_invoice_email(conn, row);
    }
    let (true, Some(_)) = (is_reminder(&row.kind), row.invoice_id) else { return Ok(None) };
    if let Some(reason) = crate::outbox::combined_check::recheck(conn, row)? {
        return Ok(Some(reason));
    }
    let invoices = crate::outbox::covered_invoices(conn, row)?;
    if row.autopilot && crate::shared::autopilot_stops::must_not_send(conn, row.client_id, &invoices)? {
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
    if let Standing::Paused(p) = crate::shared::commitments::standing_of(conn, &inv, today)? {
        match p.reason {
            // The per-instalment reminder is what a plan on track sends; anything else waits.
            PauseReason::Instalment { .. } if table::is_instalment_step(conn, row.id)? => {}
            PauseReason::Instalment { .. } => return Ok(Some(CancelReason::PlanOnTrack)),
            PauseReason::Promise { .. } => return Ok(Some(CancelReason::PromisePending)),
        }
    }
    Ok(None)
}
