//! The invoice timeline's rows as the use cases write them. Every feature records what it did on
//! an invoice's timeline, so the row's shape lives here rather than with any one of them.

use duly_store::events;

/// A timeline row at `at` (RFC 3339 UTC) of `kind`, written by the user's action, not autopilot.
pub(crate) fn event(at: &str, kind: &str, detail: &str) -> events::Event {
    events::Event { at: at.to_owned(), kind: kind.to_owned(), detail: detail.to_owned(), by_autopilot: false }
}
