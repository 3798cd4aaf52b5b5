//! Cancelling queued reminders when the facts change. A payment, a void, a promise, a plan, a
//! pause or a bounce makes a queued reminder wrong; the use case that records it cancels the
//! invoice's reminders in its own transaction through here, and the sender's claim-time guard
//! (`outbox::outbox_guard`) cancels through the same [`cancel_on`], so the row and the timeline
//! always agree.

use duly_mail::Mailbox;
use duly_store::{Connection, events, outbox as table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ApiResult;
use crate::shared::timeline::event;

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
    let invoices = covered_invoices(conn, row)?;
    if !table::cancel_queued(conn, row.id, reason.as_str(), at)? {
        return Ok(false);
    }
    let mut line = event(at, crate::TimelineKind::cancelled(reason), &summary(row));
    line.by_autopilot = row.autopilot;
    for invoice_id in invoices {
        events::insert(conn, invoice_id, &line)?;
    }
    Ok(true)
}

/// "to: subject" of a stored message, for its timeline line.
pub(crate) fn summary(row: &table::OutboxRow) -> String {
    match serde_json::from_str::<duly_mail::OutgoingMessage>(&row.message_json) {
        Ok(m) => format!("{}: {}", emails(&m.to), m.subject),
        Err(_) => row.kind.clone(),
    }
}

pub(crate) fn emails(list: &[Mailbox]) -> String {
    list.iter().map(|m| m.email.as_str()).collect::<Vec<_>>().join(", ")
}

/// The invoices whose timelines hear about a message: its own, and the others an automatic
/// message covers (their step records point at it).
pub(crate) fn covered_invoices(conn: &Connection, row: &table::OutboxRow) -> ApiResult<Vec<i64>> {
    let mut ids: Vec<i64> = row.invoice_id.into_iter().collect();
    if row.autopilot {
        ids.extend(duly_store::autopilot::other_invoices(conn, row.id, row.invoice_id)?);
    }
    // A combined reminder lists its invoices (migration 0022).
    for covered in duly_store::outbox_invoices::list(conn, row.id)? {
        if !ids.contains(&covered.invoice_id) {
            ids.push(covered.invoice_id);
        }
    }
    Ok(ids)
}
