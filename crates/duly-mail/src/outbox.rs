//! The outbox's state machine, as pure functions over [`OutboxEntry`]; duly-store persists it.
//!
//! The promise is "every message goes out exactly once, or the user decides". A message is
//! written as `sending` and committed *before* the SMTP conversation starts, and written as
//! `sent` only after the server accepted it. So a row still `sending` when Duly starts means the
//! app died mid-send and nobody knows whether the client got it: it becomes `unsure` and waits
//! for the user, who can resend it (with the same Message-ID, so a duplicate threads as one) or
//! mark it sent. It is never resent silently: a second dunning letter for the same invoice a
//! minute after the first looks careless at best.
//!
//! | from | to | by |
//! | --- | --- | --- |
//! | (new) | queued | [`OutboxEntry::queued`], `not_before` from [`first_send_instant`] |
//! | queued | sending | [`OutboxEntry::claim`], once `not_before` has passed |
//! | queued | queued | [`OutboxEntry::reschedule`] ("send now", "send Monday") |
//! | sending | sent | [`OutboxEntry::record`] `Ok` |
//! | sending | queued | [`OutboxEntry::record`] temporary error with attempts left, after a backoff |
//! | sending | failed | [`OutboxEntry::record`] permanent error, or out of attempts |
//! | sending | unsure | [`OutboxEntry::interrupted`], at startup |
//! | failed | queued | [`OutboxEntry::retry`] |
//! | unsure | queued | [`OutboxEntry::resend`] (same Message-ID) |
//! | unsure | sent | [`OutboxEntry::mark_sent`] |
//! | queued, failed, unsure | cancelled | [`OutboxEntry::cancel`] (Undo, or give up) |

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::mailer::SendError;
use crate::retry::RetryPolicy;
use crate::send_window::{BusinessHours, next_send_instant};

/// How long a message waits in `queued` after the user presses Send, so "Undo" can cancel it
/// before any byte leaves the machine.
pub const UNDO_WINDOW: Duration = Duration::from_secs(10);

/// Where a message is in its life. Stored as [`Self::as_str`] in the outbox table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting for `not_before`: the undo window, the client's business hours, or a retry delay.
    Queued,
    /// Handed to SMTP; the outcome is not recorded yet.
    Sending,
    Sent,
    /// Refused for good or out of attempts; `last_error` says why.
    Failed,
    /// Found `sending` at startup: it may or may not have gone out.
    Unsure,
    Cancelled,
}

impl OutboxState {
    pub const ALL: [OutboxState; 6] = [
        OutboxState::Queued,
        OutboxState::Sending,
        OutboxState::Sent,
        OutboxState::Failed,
        OutboxState::Unsure,
        OutboxState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Unsure => "unsure",
            OutboxState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Result<Self, UnknownState> {
        Self::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| UnknownState(text.to_owned()))
    }

    /// No transition leaves this state.
    pub fn is_final(self) -> bool {
        matches!(self, OutboxState::Sent | OutboxState::Cancelled)
    }
}

impl fmt::Display for OutboxState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A state column holding something this version does not know (a newer Duly wrote it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("outbox state \"{0}\" is unknown to this version of Duly")]
pub struct UnknownState(pub String);

/// Who vouched for `sent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentBy {
    /// The SMTP server accepted the message.
    Server,
    /// The user said an `unsure` message did go out; kept so the timeline can say so.
    User,
}

/// What the user or the sender loop tried to do, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Claim,
    RecordResult,
    Cancel,
    Reschedule,
    Retry,
    MarkUnsure,
    Resend,
    MarkSent,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Claim => "start sending",
            Action::RecordResult => "record a sending result for",
            Action::Cancel => "cancel",
            Action::Reschedule => "reschedule",
            Action::Retry => "retry",
            Action::MarkUnsure => "mark as unsure",
            Action::Resend => "resend",
            Action::MarkSent => "mark as sent",
        })
    }
}

/// A move the state machine does not allow; nothing changes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("cannot {action} a message that is {state}")]
    Illegal { action: Action, state: OutboxState },
    #[error("the message is not due before {not_before}")]
    NotDue { not_before: DateTime<Utc> },
}

/// The outbox bookkeeping of one message (the message itself is an
/// [`OutgoingMessage`](crate::OutgoingMessage) stored beside it).
///
/// Transitions take `&self` and return the next entry, so the store can write it with a
/// compare-and-set on the old state (`... WHERE id = ? AND state = ?`) and a lost race changes
/// nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub state: OutboxState,
    /// Not picked before this instant while `queued`.
    pub not_before: DateTime<Utc>,
    /// Attempts since the message was queued or the user last chose to retry/resend it.
    pub attempts: u32,
    /// Why the last attempt failed; for `failed`, why it stopped.
    pub last_error: Option<SendError>,
    pub sent_at: Option<DateTime<Utc>>,
    pub sent_by: Option<SentBy>,
    /// When the state last changed: "unsure since", "failed at".
    pub changed_at: DateTime<Utc>,
}

/// The first instant a message queued at `now` may go out: after the undo window and, when the
/// client's time zone and hours are known, inside them.
pub fn first_send_instant(now: DateTime<Utc>, client: Option<(Tz, &BusinessHours)>) -> DateTime<Utc> {
    first_send_instant_after(now, UNDO_WINDOW, client)
}

/// [`first_send_instant`] with an undo window of the caller's choice (`Duration::ZERO`: a
/// message the user may not take back, such as one queued by a script).
pub fn first_send_instant_after(
    now: DateTime<Utc>,
    undo: Duration,
    client: Option<(Tz, &BusinessHours)>,
) -> DateTime<Utc> {
    let after_undo = now + to_delta(undo);
    match client {
        Some((tz, hours)) => next_send_instant(after_undo, tz, hours),
        None => after_undo,
    }
}

fn to_delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}

impl OutboxEntry {
    /// A new `queued` entry; see [`first_send_instant`] for `not_before`.
    pub fn queued(now: DateTime<Utc>, not_before: DateTime<Utc>) -> Self {
        Self {
            state: OutboxState::Queued,
            not_before,
            attempts: 0,
            last_error: None,
            sent_at: None,
            sent_by: None,
            changed_at: now,
        }
    }

    /// Whether the sender loop may [`claim`](Self::claim) it at `now`.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.state == OutboxState::Queued && self.not_before <= now
    }

    fn expect(&self, action: Action, allowed: &[OutboxState]) -> Result<(), TransitionError> {
        if allowed.contains(&self.state) { Ok(()) } else { Err(TransitionError::Illegal { action, state: self.state }) }
    }

    fn moved(&self, now: DateTime<Utc>, state: OutboxState) -> Self {
        Self { state, changed_at: now, ..self.clone() }
    }

    /// queued → sending. Persist this *before* talking to the server.
    pub fn claim(&self, now: DateTime<Utc>) -> Result<Self, TransitionError> {
        self.expect(Action::Claim, &[OutboxState::Queued])?;
        if self.not_before > now {
            return Err(TransitionError::NotDue { not_before: self.not_before });
        }
        let mut next = self.moved(now, OutboxState::Sending);
        next.attempts = self.attempts.saturating_add(1);
        Ok(next)
    }

    /// sending → sent, or → queued after a backoff for a temporary failure with attempts left,
    /// or → failed.
    pub fn record(
        &self,
        now: DateTime<Utc>,
        result: Result<(), SendError>,
        policy: &RetryPolicy,
    ) -> Result<Self, TransitionError> {
        self.expect(Action::RecordResult, &[OutboxState::Sending])?;
        Ok(match result {
            Ok(()) => {
                let mut next = self.moved(now, OutboxState::Sent);
                next.sent_at = Some(now);
                next.sent_by = Some(SentBy::Server);
                next
            }
            Err(error) if error.is_temporary() && policy.may_retry(self.attempts) => {
                let mut next = self.moved(now, OutboxState::Queued);
                next.not_before = now + to_delta(policy.delay(self.attempts));
                next.last_error = Some(error);
                next
            }
            Err(error) => {
                let mut next = self.moved(now, OutboxState::Failed);
                next.last_error = Some(error);
                next
            }
        })
    }

    /// queued, failed or unsure → cancelled: Undo, or the user gives up on it. Never while
    /// `sending`: the bytes may already be out.
    pub fn cancel(&self, now: DateTime<Utc>) -> Result<Self, TransitionError> {
        self.expect(Action::Cancel, &[OutboxState::Queued, OutboxState::Failed, OutboxState::Unsure])?;
        Ok(self.moved(now, OutboxState::Cancelled))
    }

    /// queued → queued at another time ("send now" is `reschedule(now, now)`).
    pub fn reschedule(&self, now: DateTime<Utc>, not_before: DateTime<Utc>) -> Result<Self, TransitionError> {
        self.expect(Action::Reschedule, &[OutboxState::Queued])?;
        let mut next = self.moved(now, OutboxState::Queued);
        next.not_before = not_before;
        Ok(next)
    }

    /// failed → queued now, with a fresh set of attempts: the user fixed the address or the
    /// settings and asks again.
    pub fn retry(&self, now: DateTime<Utc>) -> Result<Self, TransitionError> {
        self.expect(Action::Retry, &[OutboxState::Failed])?;
        Ok(self.requeued(now))
    }

    /// sending → unsure, for every entry found `sending` when Duly starts (in SQL:
    /// `UPDATE outbox SET state = 'unsure' WHERE state = 'sending'` before the sender loop runs).
    pub fn interrupted(&self, now: DateTime<Utc>) -> Result<Self, TransitionError> {
        self.expect(Action::MarkUnsure, &[OutboxState::Sending])?;
        Ok(self.moved(now, OutboxState::Unsure))
    }

    /// unsure → queued now: the user chose to send it again, same Message-ID.
    pub fn resend(&self, now: DateTime<Utc>) -> Result<Self, TransitionError> {
        self.expect(Action::Resend, &[OutboxState::Unsure])?;
        Ok(self.requeued(now))
    }

    /// unsure → sent: the user checked (their Sent folder, the client) that it went out.
    pub fn mark_sent(&self, now: DateTime<Utc>) -> Result<Self, TransitionError> {
        self.expect(Action::MarkSent, &[OutboxState::Unsure])?;
        let mut next = self.moved(now, OutboxState::Sent);
        next.sent_at = Some(now);
        next.sent_by = Some(SentBy::User);
        Ok(next)
    }

    fn requeued(&self, now: DateTime<Utc>) -> Self {
        let mut next = self.moved(now, OutboxState::Queued);
        next.not_before = now;
        next.attempts = 0;
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Weekday};

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_717_000_000 + secs, 0).unwrap()
    }

    fn temporary() -> SendError {
        SendError::Temporary { code: Some(451), reply: "4.3.0 try later".into() }
    }

    fn permanent() -> SendError {
        SendError::Permanent { code: Some(550), reply: "5.1.1 no such user".into() }
    }

    fn in_state(state: OutboxState) -> OutboxEntry {
        OutboxEntry { state, attempts: u32::from(state != OutboxState::Queued), ..OutboxEntry::queued(t(0), t(10)) }
    }

    type Transition = fn(&OutboxEntry) -> Result<OutboxEntry, TransitionError>;

    /// Every action, with the states it is allowed from.
    fn actions() -> Vec<(Action, Transition, Vec<OutboxState>)> {
        use OutboxState::*;
        vec![
            (Action::Claim, |e| e.claim(t(100)), vec![Queued]),
            (Action::RecordResult, |e| e.record(t(100), Ok(()), &RetryPolicy::DEFAULT), vec![Sending]),
            (Action::Cancel, |e| e.cancel(t(100)), vec![Queued, Failed, Unsure]),
            (Action::Reschedule, |e| e.reschedule(t(100), t(500)), vec![Queued]),
            (Action::Retry, |e| e.retry(t(100)), vec![Failed]),
            (Action::MarkUnsure, |e| e.interrupted(t(100)), vec![Sending]),
            (Action::Resend, |e| e.resend(t(100)), vec![Unsure]),
            (Action::MarkSent, |e| e.mark_sent(t(100)), vec![Unsure]),
        ]
    }

    #[test]
    fn every_action_from_every_state_is_allowed_or_refused_without_change() {
        for (action, apply, allowed) in actions() {
            for state in OutboxState::ALL {
                let entry = in_state(state);
                let before = entry.clone();
                match apply(&entry) {
                    Ok(next) => {
                        assert!(allowed.contains(&state), "{action} from {state} should be refused");
                        assert_eq!(next.changed_at, t(100));
                    }
                    Err(error) => {
                        assert!(!allowed.contains(&state), "{action} from {state}: {error}");
                        assert_eq!(error, TransitionError::Illegal { action, state });
                        assert_eq!(error.to_string(), format!("cannot {action} a message that is {state}"));
                    }
                }
                assert_eq!(entry, before, "transitions never mutate their input");
            }
        }
        for state in OutboxState::ALL.into_iter().filter(|s| s.is_final()) {
            assert!(actions().iter().all(|(_, apply, _)| apply(&in_state(state)).is_err()), "{state} is final");
        }
    }

    #[test]
    fn undo_window_then_claim() {
        let now = t(0);
        let entry = OutboxEntry::queued(now, first_send_instant(now, None));
        assert_eq!(entry.not_before, t(10));
        assert!(!entry.is_due(t(9)));
        assert_eq!(entry.claim(t(9)), Err(TransitionError::NotDue { not_before: t(10) }));
        // Undo inside the window.
        let undone = entry.cancel(t(5)).unwrap();
        assert_eq!(undone.state, OutboxState::Cancelled);
        assert!(!undone.is_due(t(1000)));
        // Or it becomes due and is claimed, counting the attempt.
        assert!(entry.is_due(t(10)));
        let sending = entry.claim(t(10)).unwrap();
        assert_eq!((sending.state, sending.attempts), (OutboxState::Sending, 1));
        assert!(!sending.is_due(t(10)), "a message being sent is not picked twice");
    }

    #[test]
    fn first_send_respects_the_clients_hours() {
        // Wednesday 2024-05-29 16:59:55 in Jakarta: the undo window pushes it past 17:00.
        let now = Utc.with_ymd_and_hms(2024, 5, 29, 9, 59, 55).unwrap();
        let hours = BusinessHours::office_hours();
        let at = first_send_instant(now, Some((chrono_tz::Asia::Jakarta, &hours)));
        assert_eq!(at, Utc.with_ymd_and_hms(2024, 5, 30, 2, 0, 0).unwrap());
        let saturday_only = BusinessHours::new([Weekday::Sat], hours.start(), hours.end()).unwrap();
        let at = first_send_instant(now, Some((chrono_tz::Asia::Jakarta, &saturday_only)));
        assert_eq!(at, Utc.with_ymd_and_hms(2024, 6, 1, 2, 0, 0).unwrap());
    }

    #[test]
    fn success_is_sent_by_the_server() {
        let sent = in_state(OutboxState::Sending).record(t(50), Ok(()), &RetryPolicy::DEFAULT).unwrap();
        assert_eq!(sent.state, OutboxState::Sent);
        assert_eq!((sent.sent_at, sent.sent_by), (Some(t(50)), Some(SentBy::Server)));
        assert!(sent.state.is_final());
    }

    #[test]
    fn temporary_failures_back_off_then_fail() {
        let policy =
            RetryPolicy { first_delay: Duration::from_secs(60), max_delay: Duration::from_secs(3600), max_attempts: 3 };
        let mut entry = OutboxEntry::queued(t(0), t(0));
        let mut now = t(0);
        let mut waits = Vec::new();
        loop {
            entry = entry.claim(now).unwrap();
            entry = entry.record(now, Err(temporary()), &policy).unwrap();
            if entry.state != OutboxState::Queued {
                break;
            }
            assert_eq!(entry.last_error, Some(temporary()));
            waits.push((entry.not_before - now).num_seconds());
            assert!(!entry.is_due(entry.not_before - TimeDelta::seconds(1)));
            now = entry.not_before;
        }
        assert_eq!(waits, [60, 120]);
        assert_eq!((entry.state, entry.attempts), (OutboxState::Failed, 3));
        assert_eq!(entry.last_error, Some(temporary()));
    }

    #[test]
    fn permanent_failure_stops_at_once_and_retry_starts_over() {
        let failed = OutboxEntry::queued(t(0), t(0))
            .claim(t(0))
            .unwrap()
            .record(t(1), Err(permanent()), &RetryPolicy::DEFAULT)
            .unwrap();
        assert_eq!((failed.state, failed.attempts), (OutboxState::Failed, 1));
        assert_eq!(failed.last_error, Some(permanent()));
        assert_eq!(failed.changed_at, t(1));

        let again = failed.retry(t(60)).unwrap();
        assert_eq!((again.state, again.attempts, again.not_before), (OutboxState::Queued, 0, t(60)));
        assert!(again.is_due(t(60)));
        let given_up = failed.cancel(t(60)).unwrap();
        assert_eq!(given_up.state, OutboxState::Cancelled);
    }

    #[test]
    fn a_crash_mid_send_waits_for_the_user() {
        let sending = OutboxEntry::queued(t(0), t(0)).claim(t(0)).unwrap();
        let unsure = sending.interrupted(t(3600)).unwrap();
        assert_eq!((unsure.state, unsure.changed_at), (OutboxState::Unsure, t(3600)));
        assert!(!unsure.is_due(t(99_999)), "never resent silently");
        assert!(unsure.claim(t(99_999)).is_err());

        let resent = unsure.resend(t(4000)).unwrap();
        assert_eq!((resent.state, resent.not_before, resent.attempts), (OutboxState::Queued, t(4000), 0));
        assert!(resent.is_due(t(4000)));

        let marked = unsure.mark_sent(t(4000)).unwrap();
        assert_eq!(
            (marked.state, marked.sent_by, marked.sent_at),
            (OutboxState::Sent, Some(SentBy::User), Some(t(4000)))
        );

        assert_eq!(unsure.cancel(t(4000)).unwrap().state, OutboxState::Cancelled);
    }

    #[test]
    fn reschedule_moves_only_queued_messages() {
        let entry = OutboxEntry::queued(t(0), t(10));
        let now = entry.reschedule(t(2), t(2)).unwrap();
        assert!(now.is_due(t(2)), "send now skips the rest of the undo window");
        let later = entry.reschedule(t(2), t(86_400)).unwrap();
        assert!(!later.is_due(t(86_399)));
    }

    #[test]
    fn states_round_trip_as_text() {
        for state in OutboxState::ALL {
            assert_eq!(OutboxState::parse(state.as_str()), Ok(state));
            assert_eq!(serde_json::to_string(&state).unwrap(), format!("\"{state}\""));
        }
        assert_eq!(OutboxState::parse("bounced"), Err(UnknownState("bounced".into())));
        let entry = in_state(OutboxState::Failed);
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(serde_json::from_str::<OutboxEntry>(&json).unwrap(), entry);
    }
}
