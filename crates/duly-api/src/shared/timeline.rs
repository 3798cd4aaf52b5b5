//! The invoice timeline's rows as the use cases write them, and the event kinds more than one
//! feature reads (the evidence pack, Today, the ladder). Every feature records what it did on an
//! invoice's timeline, so the row's shape and its words live here rather than with any one of them.

use chrono::{DateTime, SecondsFormat, Utc};
use duly_store::events;

/// The timeline event written when the invoice email went out ("Invoice sent to X").
pub const INVOICE_SENT_EVENT: &str = "invoice_sent";
/// The timeline event written when the user records the day an invoice was sent outside Duly.
pub const INVOICE_MARKED_SENT_EVENT: &str = "invoice_marked_sent";
/// The timeline's word for a reversed payment; its detail is "amount on date · reason".
pub const PAYMENT_REVERSED_EVENT: &str = "payment_reversed";
/// The timeline event kind of a reminder recorded as sent outside Duly.
pub const REMINDER_OUTSIDE_EVENT: &str = "reminder_outside";
/// What the mailbox reads into the timeline: a client's reply, a bounce, an auto-reply.
pub const REPLY_EVENT: &str = "client_replied";
pub const BOUNCE_EVENT: &str = "email_bounced";
pub const AUTO_REPLY_EVENT: &str = "auto_reply";

/// An instant as the timeline and the outbox store it: RFC 3339 UTC, whole seconds.
pub(crate) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A timeline row at `at` (RFC 3339 UTC) of `kind`, written by the user's action, not autopilot.
pub(crate) fn event(at: &str, kind: &str, detail: &str) -> events::Event {
    events::Event { at: at.to_owned(), kind: kind.to_owned(), detail: detail.to_owned(), by_autopilot: false }
}
