//! The invoice timeline's rows as the use cases write them, and the closed set of their kinds.
//! Every feature records what it did on an invoice's timeline, so the row's shape and its words
//! live here rather than with any one of them.
//!
//! [`TimelineKind`] is the one list of kinds: each is written and read as the exact word already
//! stored in `events.kind` (no migration), exported to TypeScript as a string union so the UI
//! cannot forget to translate a new one, and a stored word Duly does not know is a typed error
//! ([`UnknownTimelineKind`]), never a panic or a silent guess.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use duly_core::calls::CallOutcome;
use duly_store::{Connection, events};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shared::error::{ApiError, ApiResult, ErrorCode};
use crate::shared::reminder_cancel::CancelReason;

/// Declares [`TimelineKind`] with each variant's stored word once: the serde name, `as_str` and
/// the list parsing reads come from the same line.
macro_rules! timeline_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $word:tt, )*) => {
        /// What happened on an invoice, as its timeline stores it (`events.kind`). The UI
        /// translates each word; the `detail` beside it is data.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum TimelineKind {
            $( $(#[$doc])* #[serde(rename = $word)] $variant, )*
        }

        impl TimelineKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The word stored in `events.kind` and sent to the UI.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $word,)*
                }
            }
        }
    };
}

timeline_kinds! {
    /// The invoice was entered (typed in, by a recurring schedule, or the demo).
    Created = "created",
    /// The invoice was issued (marked sent, sent by email, or issued by a schedule).
    Sent = "sent",
    /// A payment was recorded; detail "amount on date".
    Payment = "payment",
    /// Paid in full.
    Paid = "paid",
    Voided = "voided",
    Unvoided = "unvoided",
    /// A payment was taken back; detail "amount on date · reason".
    PaymentReversed = "payment_reversed",
    /// A credit note was issued against the invoice.
    CreditNote = "credit_note",
    /// A logged call was edited; detail what changed.
    CallEdited = "call_edited",
    /// A promise was edited; detail what changed.
    PromiseEdited = "promise_edited",
    /// The draft was edited.
    Edited = "edited",
    /// Read from an imported file; detail the file.
    Imported = "imported",
    /// An imported invoice the user confirmed after review; detail the doubts.
    Confirmed = "confirmed",
    /// An instalment plan was agreed; detail the schedule.
    Plan = "plan",
    /// A call was logged, by its outcome; detail who was reached and the notes.
    CallReached = "call_reached",
    CallNoAnswer = "call_no_answer",
    CallVoicemail = "call_voicemail",
    CallWrongNumber = "call_wrong_number",
    CallDisputed = "call_disputed",
    CallPromised = "call_promised",
    CallAgreedPlan = "call_agreed_plan",
    /// The invoice email went out ("Invoice sent to X"); detail the addresses.
    InvoiceSent = "invoice_sent",
    /// The user recorded the day the invoice was sent outside Duly; detail that day.
    InvoiceMarkedSent = "invoice_marked_sent",
    /// A reminder recorded as sent outside Duly.
    ReminderOutside = "reminder_outside",
    /// The outbox's lines: detail "to: subject" (or the server's reason).
    EmailQueued = "email_queued",
    EmailSent = "email_sent",
    EmailMarkedSent = "email_marked_sent",
    EmailRetrying = "email_retrying",
    EmailFailed = "email_failed",
    EmailUnsure = "email_unsure",
    /// Cancelled by the user before Duly said why (older rows, and the outbox's own cancel).
    EmailCancelled = "email_cancelled",
    /// A queued reminder Duly cancelled, and why ([`CancelReason`]).
    EmailCancelledPaid = "email_cancelled:paid",
    EmailCancelledPartlyPaid = "email_cancelled:partly_paid",
    EmailCancelledVoided = "email_cancelled:voided",
    EmailCancelledPromisePending = "email_cancelled:promise_pending",
    EmailCancelledPaused = "email_cancelled:paused",
    EmailCancelledPlanOnTrack = "email_cancelled:plan_on_track",
    EmailCancelledStepDone = "email_cancelled:step_done",
    EmailCancelledUser = "email_cancelled:user",
    EmailCancelledAutopilotStopped = "email_cancelled:autopilot_stopped",
    EmailCancelledUndeliverable = "email_cancelled:undeliverable",
    EmailCancelledPaymentRemoved = "email_cancelled:payment_removed",
    EmailCancelledPaymentReversed = "email_cancelled:payment_reversed",
    /// Held because the sending identity changed; released again below.
    EmailHeld = "email_held",
    EmailReleased = "email_released",
    /// What the mailbox reads into the timeline: a client's reply, a bounce, an auto-reply.
    ClientReplied = "client_replied",
    EmailBounced = "email_bounced",
    AutoReply = "auto_reply",
    /// The payment's thank-you could not be queued; detail why.
    ThanksNotQueued = "thanks_not_queued",
    /// Issued by a recurring schedule; detail "every period".
    RecurringIssued = "recurring_issued",
    /// A recurring invoice was issued but its email could not be queued; detail why.
    RecurringSendFailed = "recurring_send_failed",
    DepositMarked = "deposit_marked",
    /// A deposit was deducted; detail the other invoice's number.
    DepositDeducted = "deposit_deducted",
    /// A statement of account was queued to the client.
    StatementQueued = "statement_queued",
}

impl TimelineKind {
    /// The line of a logged call with this outcome.
    pub fn call(outcome: CallOutcome) -> Self {
        match outcome {
            CallOutcome::Reached => Self::CallReached,
            CallOutcome::NoAnswer => Self::CallNoAnswer,
            CallOutcome::Voicemail => Self::CallVoicemail,
            CallOutcome::WrongNumber => Self::CallWrongNumber,
            CallOutcome::Disputed => Self::CallDisputed,
            CallOutcome::Promised => Self::CallPromised,
            CallOutcome::AgreedPlan => Self::CallAgreedPlan,
        }
    }

    /// The outcome of a logged call's line; `None` for every other kind.
    pub fn call_outcome(self) -> Option<CallOutcome> {
        Some(match self {
            Self::CallReached => CallOutcome::Reached,
            Self::CallNoAnswer => CallOutcome::NoAnswer,
            Self::CallVoicemail => CallOutcome::Voicemail,
            Self::CallWrongNumber => CallOutcome::WrongNumber,
            Self::CallDisputed => CallOutcome::Disputed,
            Self::CallPromised => CallOutcome::Promised,
            Self::CallAgreedPlan => CallOutcome::AgreedPlan,
            _ => return None,
        })
    }

    /// The line of a queued reminder Duly cancelled for `reason`.
    pub fn cancelled(reason: CancelReason) -> Self {
        match reason {
            CancelReason::Paid => Self::EmailCancelledPaid,
            CancelReason::PartlyPaid => Self::EmailCancelledPartlyPaid,
            CancelReason::Voided => Self::EmailCancelledVoided,
            CancelReason::PromisePending => Self::EmailCancelledPromisePending,
            CancelReason::Paused => Self::EmailCancelledPaused,
            CancelReason::PlanOnTrack => Self::EmailCancelledPlanOnTrack,
            CancelReason::StepDone => Self::EmailCancelledStepDone,
            CancelReason::User => Self::EmailCancelledUser,
            CancelReason::AutopilotStopped => Self::EmailCancelledAutopilotStopped,
            CancelReason::Undeliverable => Self::EmailCancelledUndeliverable,
            CancelReason::PaymentRemoved => Self::EmailCancelledPaymentRemoved,
            CancelReason::PaymentReversed => Self::EmailCancelledPaymentReversed,
        }
    }
}

impl fmt::Display for TimelineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for TimelineKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A stored timeline row whose kind this Duly does not know: the file was edited, or a newer
/// Duly wrote it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the timeline holds an event of unknown kind \"{0}\"")]
pub struct UnknownTimelineKind(pub String);

impl FromStr for TimelineKind {
    type Err = UnknownTimelineKind;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        Self::ALL.iter().copied().find(|k| k.as_str() == word).ok_or_else(|| UnknownTimelineKind(word.to_owned()))
    }
}

impl From<UnknownTimelineKind> for ApiError {
    fn from(e: UnknownTimelineKind) -> Self {
        ApiError::new(ErrorCode::Storage, e.to_string())
    }
}

/// One entry of an invoice's history. `kind` is a stable word the UI translates
/// ("created", "sent", "edited", "payment", "paid", "voided"); `detail` is data, shown as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct TimelineEvent {
    pub at: String,
    pub kind: TimelineKind,
    pub detail: String,
    /// Autopilot did it (queued, sent, cancelled an automatic message): "sent by autopilot".
    pub by_autopilot: bool,
}

impl TryFrom<events::Event> for TimelineEvent {
    type Error = UnknownTimelineKind;

    fn try_from(e: events::Event) -> Result<Self, Self::Error> {
        Ok(Self { at: e.at, kind: e.kind.parse()?, detail: e.detail, by_autopilot: e.by_autopilot })
    }
}

/// An invoice's timeline, oldest first, with each stored kind checked.
pub(crate) fn read(conn: &Connection, invoice_id: i64) -> ApiResult<Vec<TimelineEvent>> {
    events::list_for_invoice(conn, invoice_id)?
        .into_iter()
        .map(|e| TimelineEvent::try_from(e).map_err(ApiError::from))
        .collect()
}

/// An instant as the timeline and the outbox store it: RFC 3339 UTC, whole seconds.
pub(crate) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A timeline row at `at` (RFC 3339 UTC) of `kind`, written by the user's action, not autopilot.
pub(crate) fn event(at: &str, kind: TimelineKind, detail: &str) -> events::Event {
    events::Event { at: at.to_owned(), kind: kind.as_str().to_owned(), detail: detail.to_owned(), by_autopilot: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_stored_word() {
        for &kind in TimelineKind::ALL {
            assert_eq!(kind.as_str().parse::<TimelineKind>(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::String(kind.as_str().to_owned()));
        }
        assert_eq!("letter_sent".parse::<TimelineKind>(), Err(UnknownTimelineKind("letter_sent".to_owned())));
    }

    #[test]
    fn call_and_cancel_kinds_are_the_words_they_always_were() {
        for o in [CallOutcome::Reached, CallOutcome::NoAnswer, CallOutcome::AgreedPlan] {
            assert_eq!(TimelineKind::call(o).as_str(), format!("call_{}", o.as_str()));
            assert_eq!(TimelineKind::call(o).call_outcome(), Some(o));
        }
        for r in [CancelReason::Paid, CancelReason::AutopilotStopped, CancelReason::PaymentReversed] {
            assert_eq!(TimelineKind::cancelled(r).as_str(), format!("email_cancelled:{}", r.as_str()));
        }
    }
}
