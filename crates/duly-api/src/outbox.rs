//! The outbox: `outbox_enqueue`, `outbox_list`, `outbox_run` (the sender loop, once) and the
//! user's decisions `outbox_cancel` / `outbox_retry` / `outbox_resend` / `outbox_mark_sent`.
//!
//! The promise is duly-mail's: every message goes out exactly once, or the user decides. The
//! loop claims one due message in a transaction (queued → sending) and commits *before* talking
//! to the server, sends outside any transaction, then records the result and a timeline event on
//! the invoice in one transaction. One sender per database: a lock file beside the database is
//! held while a handle sends, and whoever takes it first turns every message still `sending`
//! (its previous holder died mid-send) into `unsure`, which is never resent silently.

use chrono::{DateTime, SecondsFormat, Utc};
use duly_mail::{
    Attachment, MessageSender, OutboxEntry, OutboxState, OutgoingMessage, RetryPolicy, SendError, SentBy,
    first_send_instant, Mailbox,
};
use duly_store::{events, outbox as table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::event;
use crate::{ApiError, ApiResult, Duly, ErrorCode};

/// Where a message is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Queued,
    Sending,
    Sent,
    Failed,
    Unsure,
    Cancelled,
}

impl From<OutboxState> for OutboxStatus {
    fn from(s: OutboxState) -> Self {
        match s {
            OutboxState::Queued => Self::Queued,
            OutboxState::Sending => Self::Sending,
            OutboxState::Sent => Self::Sent,
            OutboxState::Failed => Self::Failed,
            OutboxState::Unsure => Self::Unsure,
            OutboxState::Cancelled => Self::Cancelled,
        }
    }
}

impl From<OutboxStatus> for OutboxState {
    fn from(s: OutboxStatus) -> Self {
        match s {
            OutboxStatus::Queued => Self::Queued,
            OutboxStatus::Sending => Self::Sending,
            OutboxStatus::Sent => Self::Sent,
            OutboxStatus::Failed => Self::Failed,
            OutboxStatus::Unsure => Self::Unsure,
            OutboxStatus::Cancelled => Self::Cancelled,
        }
    }
}

/// A file to send with a message (an invoice PDF).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxAttachmentInput {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for OutboxAttachmentInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxAttachmentInput")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A message to queue, from the saved SMTP account's sender.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxEnqueueInput {
    /// The invoice whose timeline records what happens to the message.
    #[serde(default)]
    pub invoice_id: Option<i64>,
    /// `reminder`, `invoice`, ...; `message` when not given.
    #[serde(default)]
    pub kind: Option<String>,
    pub to: Vec<String>,
    pub subject: String,
    pub text_body: String,
    #[serde(default)]
    pub attachments: Vec<OutboxAttachmentInput>,
}

/// Which messages to list; newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxQuery {
    #[serde(default)]
    pub state: Option<OutboxStatus>,
    /// 200 when not given.
    #[serde(default)]
    pub limit: Option<i64>,
}

/// The message a user action is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxId {
    pub id: i64,
}

/// One message in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxItem {
    pub id: i64,
    pub invoice_id: Option<i64>,
    pub kind: String,
    pub state: OutboxStatus,
    /// Recipients, comma-separated.
    pub to: String,
    pub subject: String,
    pub attachments: Vec<String>,
    pub attempts: u32,
    /// Not sent before this instant (RFC 3339 UTC) while queued.
    pub not_before: String,
    /// Why the last attempt failed, in the mail server's words.
    pub last_error: Option<String>,
    pub last_error_code: Option<u16>,
    pub sent_at: Option<String>,
    /// `server` (the server accepted it) or `user` (the user said it went out).
    pub sent_by: Option<String>,
    pub created_at: String,
    pub changed_at: String,
}

/// What one pass of the sender loop did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxRunReport {
    pub sent: u32,
    /// Temporarily refused; queued again after a backoff.
    pub retrying: u32,
    pub failed: u32,
    /// Found `sending` when this sender started (a crash mid-send): now `unsure`.
    pub unsure: u32,
    /// Another process is this database's sender; this pass sent nothing.
    pub busy: bool,
}

pub(crate) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_instant(field: &str, text: &str) -> ApiResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| ApiError::new(ErrorCode::Storage, format!("outbox {field}: \"{text}\" is not an instant")))
}

fn storage(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, e.to_string())
}

fn to_entry(s: &table::Status) -> ApiResult<OutboxEntry> {
    let state = OutboxState::parse(&s.state).map_err(storage)?;
    let last_error = match (s.last_error_kind.as_deref(), s.last_error_text.clone()) {
        (Some(kind), Some(reply)) => {
            let code = s.last_error_code.and_then(|c| u16::try_from(c).ok());
            Some(if kind == "temporary" { SendError::Temporary { code, reply } } else { SendError::Permanent { code, reply } })
        }
        _ => None,
    };
    Ok(OutboxEntry {
        state,
        not_before: parse_instant("not_before", &s.not_before)?,
        attempts: u32::try_from(s.attempts).unwrap_or(0),
        last_error,
        sent_at: s.sent_at.as_deref().map(|t| parse_instant("sent_at", t)).transpose()?,
        sent_by: match s.sent_by.as_deref() {
            Some("user") => Some(SentBy::User),
            Some(_) => Some(SentBy::Server),
            None => None,
        },
        changed_at: parse_instant("changed_at", &s.changed_at)?,
    })
}

fn to_status(e: &OutboxEntry) -> table::Status {
    table::Status {
        state: e.state.as_str().to_owned(),
        not_before: instant(e.not_before),
        attempts: i64::from(e.attempts),
        last_error_kind: e.last_error.as_ref().map(|e| if e.is_temporary() { "temporary" } else { "permanent" }.to_owned()),
        last_error_code: e.last_error.as_ref().and_then(SendError::code).map(i64::from),
        last_error_text: e.last_error.as_ref().map(|e| e.reply().to_owned()),
        sent_at: e.sent_at.map(instant),
        sent_by: e.sent_by.map(|b| match b {
            SentBy::Server => "server".to_owned(),
            SentBy::User => "user".to_owned(),
        }),
        changed_at: instant(e.changed_at),
    }
}

fn message_of(row: &table::OutboxRow) -> ApiResult<OutgoingMessage> {
    serde_json::from_str(&row.message_json).map_err(|e| storage(format!("outbox message {}: {e}", row.id)))
}

fn item(conn: &duly_store::Connection, row: &table::OutboxRow) -> ApiResult<OutboxItem> {
    let message = message_of(row)?;
    let entry = to_entry(&row.status)?;
    Ok(OutboxItem {
        id: row.id,
        invoice_id: row.invoice_id,
        kind: row.kind.clone(),
        state: entry.state.into(),
        to: message.to.iter().map(|m| m.email.as_str()).collect::<Vec<_>>().join(", "),
        subject: message.subject,
        attachments: table::attachment_names(conn, row.id)?,
        attempts: entry.attempts,
        not_before: row.status.not_before.clone(),
        last_error: entry.last_error.as_ref().map(ToString::to_string),
        last_error_code: entry.last_error.as_ref().and_then(SendError::code),
        sent_at: row.status.sent_at.clone(),
        sent_by: row.status.sent_by.clone(),
        created_at: row.created_at.clone(),
        changed_at: row.status.changed_at.clone(),
    })
}

/// The timeline line for a message's new state, when there is one.
fn timeline(row: &table::OutboxRow, next: &OutboxEntry, at: &str) -> Option<events::Event> {
    let message = message_of(row).ok()?;
    let to = message.to.iter().map(|m| m.email.as_str()).collect::<Vec<_>>().join(", ");
    let (kind, detail) = match next.state {
        OutboxState::Sent if next.sent_by == Some(SentBy::User) => ("email_marked_sent", format!("{to}: {}", message.subject)),
        OutboxState::Sent => ("email_sent", format!("{to}: {}", message.subject)),
        OutboxState::Failed => ("email_failed", format!("{to}: {}", next.last_error.as_ref().map(ToString::to_string).unwrap_or_default())),
        OutboxState::Queued if next.last_error.is_some() && row.status.state == "sending" => {
            ("email_retrying", format!("{to}: {}", next.last_error.as_ref().map(ToString::to_string).unwrap_or_default()))
        }
        OutboxState::Unsure => ("email_unsure", format!("{to}: {}", message.subject)),
        OutboxState::Cancelled => ("email_cancelled", format!("{to}: {}", message.subject)),
        _ => return None,
    };
    Some(event(at, kind, &detail))
}

impl Duly {
    /// Queues a message; it goes out after the undo window ([`duly_mail::UNDO_WINDOW`]).
    pub fn outbox_enqueue(&mut self, input: OutboxEnqueueInput) -> ApiResult<OutboxItem> {
        self.outbox_enqueue_at(input, Utc::now())
    }

    /// [`Self::outbox_enqueue`] as if the user pressed Send at `now`.
    pub fn outbox_enqueue_at(&mut self, input: OutboxEnqueueInput, now: DateTime<Utc>) -> ApiResult<OutboxItem> {
        let settings = self.require_smtp_settings()?;
        let mut message = OutgoingMessage::new(settings.sender.clone(), input.subject, input.text_body);
        message.reply_to = settings.reply_to.clone();
        message.to = input.to.iter().map(|t| Mailbox::address_only(t.trim())).collect();
        message.attachments = input
            .attachments
            .into_iter()
            .map(|a| Attachment { filename: a.filename, content_type: a.content_type, bytes: a.bytes })
            .collect();
        message.validate().map_err(|e| ApiError::invalid(e.to_string()))?;
        let client_id = match input.invoice_id {
            Some(id) => Some(
                duly_store::invoices::get(self.conn(), id)?
                    .ok_or_else(|| ApiError::not_found(format!("invoice_id: no invoice has id {id}")))?
                    .client_id,
            ),
            None => None,
        };
        let attachments: Vec<table::AttachmentRow> = std::mem::take(&mut message.attachments)
            .into_iter()
            .map(|a| table::AttachmentRow { filename: a.filename, content_type: a.content_type, bytes: a.bytes })
            .collect();
        let json = serde_json::to_string(&message).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let kind = input.kind.filter(|k| !k.trim().is_empty()).unwrap_or_else(|| "message".to_owned());
        let tx = self.transaction()?;
        let id = table::insert(
            &tx,
            &table::NewMessage {
                invoice_id: input.invoice_id,
                client_id,
                kind: &kind,
                message_id: &message.message_id,
                message_json: &json,
                not_before: &instant(first_send_instant(now, None)),
                now: &instant(now),
                attachments: &attachments,
            },
        )?;
        let row = table::get(&tx, id)?.ok_or_else(|| storage("the queued message vanished"))?;
        let out = item(&tx, &row)?;
        tx.commit()?;
        Ok(out)
    }

    pub fn outbox_list(&self, query: OutboxQuery) -> ApiResult<Vec<OutboxItem>> {
        let state = query.state.map(|s| OutboxState::from(s).as_str());
        let limit = query.limit.unwrap_or(200).clamp(1, 10_000);
        table::list(self.conn(), state, limit)?.iter().map(|r| item(self.conn(), r)).collect()
    }

    /// Takes the database's sender lock if nobody holds it. The first time this handle gets
    /// it, every message left `sending` becomes `unsure`. `false`: another process sends.
    fn become_sender(&mut self, now: DateTime<Utc>, report: &mut OutboxRunReport) -> ApiResult<bool> {
        if self.sender_lock.is_some() {
            return Ok(true);
        }
        let path = self.db_path().to_owned();
        let mut held = None;
        if path.as_os_str() != ":memory:" {
            let lock_path = path.with_file_name(format!(
                "{}.outbox-lock",
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            // A second SQLite file held in an exclusive transaction: the OS releases the lock
            // when the process dies, even by SIGKILL, and a second holder gets SQLITE_BUSY at once.
            let lock = rusqlite::Connection::open(&lock_path)
                .map_err(|e| storage(format!("cannot open {}: {e}", lock_path.display())))?;
            match lock.execute_batch("BEGIN EXCLUSIVE") {
                Ok(()) => held = Some(lock),
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                    return Ok(false);
                }
                Err(e) => return Err(storage(format!("cannot lock {}: {e}", lock_path.display()))),
            }
        }
        let at = instant(now);
        let tx = self.transaction()?;
        let interrupted = table::mark_interrupted(&tx, &at)?;
        for row in &interrupted {
            let mut next = to_entry(&row.status)?;
            next.state = OutboxState::Unsure;
            if let (Some(invoice_id), Some(e)) = (row.invoice_id, timeline(row, &next, &at)) {
                events::insert(&tx, invoice_id, &e)?;
            }
        }
        tx.commit()?;
        report.unsure = u32::try_from(interrupted.len()).unwrap_or(u32::MAX);
        self.sender_lock = Some(SenderLock { _file: held });
        Ok(true)
    }

    /// Sends every message due at `now` once, through the saved account (the `duly outbox run`
    /// command and the app's background worker).
    pub fn outbox_run(&mut self, now: DateTime<Utc>) -> ApiResult<OutboxRunReport> {
        let mut report = OutboxRunReport::default();
        if !self.become_sender(now, &mut report)? {
            report.busy = true;
            return Ok(report);
        }
        if !table::any_due(self.conn(), &instant(now))? {
            return Ok(report);
        }
        let mailer = self.mailer()?;
        self.send_due(&mailer, now, &RetryPolicy::DEFAULT, report)
    }

    /// [`Self::outbox_run`] through any sender (tests use a recording fake).
    pub fn outbox_run_with(
        &mut self,
        sender: &dyn MessageSender,
        now: DateTime<Utc>,
        policy: &RetryPolicy,
    ) -> ApiResult<OutboxRunReport> {
        let mut report = OutboxRunReport::default();
        if !self.become_sender(now, &mut report)? {
            report.busy = true;
            return Ok(report);
        }
        self.send_due(sender, now, policy, report)
    }

    fn send_due(
        &mut self,
        sender: &dyn MessageSender,
        now: DateTime<Utc>,
        policy: &RetryPolicy,
        mut report: OutboxRunReport,
    ) -> ApiResult<OutboxRunReport> {
        let at = instant(now);
        loop {
            // Claim: queued → sending, committed before the server hears anything.
            let tx = self.transaction()?;
            let Some(row) = table::next_due(&tx, &at)? else { break };
            let sending = to_entry(&row.status)?.claim(now).map_err(storage)?;
            if !table::update(&tx, row.id, "queued", &to_status(&sending))? {
                continue;
            }
            let mut message = message_of(&row)?;
            message.attachments = table::attachments(&tx, row.id)?
                .into_iter()
                .map(|a| Attachment { filename: a.filename, content_type: a.content_type, bytes: a.bytes })
                .collect();
            tx.commit()?;

            // Send, outside any transaction.
            let result = sender.send(&message);

            // Record, with the invoice's timeline, in one transaction.
            let next = sending.record(now, result, policy).map_err(storage)?;
            let tx = self.transaction()?;
            let claimed = table::OutboxRow { status: to_status(&sending), ..row };
            if table::update(&tx, claimed.id, "sending", &to_status(&next))? {
                if let (Some(invoice_id), Some(e)) = (claimed.invoice_id, timeline(&claimed, &next, &at)) {
                    events::insert(&tx, invoice_id, &e)?;
                }
            }
            tx.commit()?;
            match next.state {
                OutboxState::Sent => report.sent += 1,
                OutboxState::Queued => report.retrying += 1,
                _ => report.failed += 1,
            }
        }
        Ok(report)
    }

    /// Applies a user's decision to one message, with a timeline event, in one transaction.
    fn outbox_decide(
        &mut self,
        id: i64,
        decide: impl FnOnce(&OutboxEntry, DateTime<Utc>) -> Result<OutboxEntry, duly_mail::TransitionError>,
    ) -> ApiResult<OutboxItem> {
        let now = Utc::now();
        let at = instant(now);
        let tx = self.transaction()?;
        let row = table::get(&tx, id)?.ok_or_else(|| ApiError::not_found(format!("id: no message in the outbox has id {id}")))?;
        let entry = to_entry(&row.status)?;
        let next = decide(&entry, now).map_err(|e| ApiError::conflict(format!("message {id}: {e}")))?;
        if !table::update(&tx, id, &row.status.state, &to_status(&next))? {
            return Err(ApiError::conflict(format!("message {id} changed meanwhile; look again")));
        }
        if let (Some(invoice_id), Some(e)) = (row.invoice_id, timeline(&row, &next, &at)) {
            events::insert(&tx, invoice_id, &e)?;
        }
        let row = table::get(&tx, id)?.ok_or_else(|| storage("the message vanished"))?;
        let out = item(&tx, &row)?;
        tx.commit()?;
        Ok(out)
    }

    /// queued, failed or unsure → cancelled.
    pub fn outbox_cancel(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        self.outbox_decide(input.id, |e, now| e.cancel(now))
    }

    /// failed → queued now, with fresh attempts.
    pub fn outbox_retry(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        self.outbox_decide(input.id, |e, now| e.retry(now))
    }

    /// unsure → queued now, with the same Message-ID.
    pub fn outbox_resend(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        self.outbox_decide(input.id, |e, now| e.resend(now))
    }

    /// unsure → sent, on the user's word.
    pub fn outbox_mark_sent(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        self.outbox_decide(input.id, |e, now| e.mark_sent(now))
    }
}

/// This handle is its database's outbox sender: the locked lock file (none for an in-memory
/// database), released when the handle is dropped or its process dies.
pub(crate) struct SenderLock {
    _file: Option<rusqlite::Connection>,
}
