//! What the background sender's last pass says about sending as a whole, for the banner the app
//! shows on every page until it is resolved: a queue that silently stops moving (no keychain,
//! the server down, a changed password) is the worst outcome for a tool that sends in the
//! user's name, so every reason sending stopped becomes a [`SenderStatus`].

use serde::Serialize;
use ts_rs::TS;

use crate::outbox::{OutboxItem, OutboxQuery, OutboxRunReport, OutboxStatus};
use crate::{ApiError, ApiResult, Duly, ErrorCode};

/// Whether queued mail is moving.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SenderState {
    /// Sending works (or there was nothing to send).
    Ok,
    /// The last attempt failed for a reason that may pass (server unreachable): Duly keeps
    /// trying, but the user should know mail is not leaving.
    Retrying,
    /// Nothing will be sent until the user acts (set up mail, unlock the keychain, fix the
    /// password) or Duly is restarted.
    Stopped,
}

/// Why sending is not working, for the banner's wording and its "fix it" link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SenderProblem {
    /// No SMTP account is saved.
    NotConfigured,
    /// The OS keychain could not be read, or holds no password for the account.
    Keychain,
    /// The server could not be reached, or refused for now (4xx).
    SmtpUnreachable,
    /// The server refused the user name or password (530, 534, 535).
    AuthFailed,
    /// The server refused a message for good (5xx).
    Refused,
    /// The database could not be read or written.
    Database,
    /// The sender itself failed unexpectedly (a bug, caught); it restarts on its own.
    Crashed,
    /// The inbox (IMAP) could not be read, so replies are not seen before the next reminder.
    Mailbox,
}

/// The sender's health, as the banner shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SenderStatus {
    pub state: SenderState,
    pub problem: Option<SenderProblem>,
    /// The reason in Duly's or the server's words (never a password); `""` when ok.
    pub message: String,
}

impl SenderStatus {
    pub fn ok() -> Self {
        Self { state: SenderState::Ok, problem: None, message: String::new() }
    }

    /// A pass that panicked (caught by the shell): it will be retried.
    pub fn crashed(message: impl Into<String>) -> Self {
        Self { state: SenderState::Retrying, problem: Some(SenderProblem::Crashed), message: message.into() }
    }

    /// A failed poll of the inbox: mail still leaves, but a reply may go unseen until it works.
    pub fn mailbox(e: &ApiError) -> Self {
        Self { state: SenderState::Retrying, problem: Some(SenderProblem::Mailbox), message: e.message.clone() }
    }

    /// The status after a pass that could not run at all.
    pub fn from_error(e: &ApiError) -> Self {
        let (state, problem) = match e.code {
            ErrorCode::InvalidInput => (SenderState::Stopped, SenderProblem::NotConfigured),
            ErrorCode::Mail => (SenderState::Stopped, SenderProblem::Keychain),
            ErrorCode::Storage => (SenderState::Retrying, SenderProblem::Database),
            _ => (SenderState::Retrying, SenderProblem::Crashed),
        };
        Self { state, problem: Some(problem), message: e.message.clone() }
    }

    /// The status a message's last failed attempt implies.
    fn from_attempt(item: &OutboxItem) -> Self {
        let message = item.last_error.clone().unwrap_or_default();
        match (item.state, item.last_error_code) {
            (_, Some(530 | 534 | 535)) => {
                Self { state: SenderState::Stopped, problem: Some(SenderProblem::AuthFailed), message }
            }
            (OutboxStatus::Failed, _) => {
                Self { state: SenderState::Ok, problem: Some(SenderProblem::Refused), message }
            }
            _ => Self { state: SenderState::Retrying, problem: Some(SenderProblem::SmtpUnreachable), message },
        }
    }
}

impl Duly {
    /// What a sender pass's result means for sending as a whole: the error that stopped the pass,
    /// else the reason the newest attempt failed when the pass sent nothing but retried, else ok.
    /// A message refused for good (one bad address) does not make sending as a whole "stopped";
    /// it is reported by the outbox and a notification instead.
    pub fn sender_status_after(&self, pass: &ApiResult<OutboxRunReport>) -> ApiResult<SenderStatus> {
        let report = match pass {
            Err(e) => return Ok(SenderStatus::from_error(e)),
            Ok(report) => report,
        };
        if report.retrying == 0 || report.sent > 0 {
            return Ok(SenderStatus::ok());
        }
        let queued = self.outbox_list(OutboxQuery { state: Some(OutboxStatus::Queued), limit: Some(50) })?;
        let newest = queued.iter().filter(|i| i.last_error.is_some()).max_by(|a, b| a.changed_at.cmp(&b.changed_at));
        Ok(newest.map_or_else(SenderStatus::ok, SenderStatus::from_attempt))
    }
}
