//! The outbox: `outbox_enqueue`, `outbox_list`, `outbox_run` (the sender loop, once) and the
//! user's decisions `outbox_cancel` / `outbox_retry` / `outbox_resend` / `outbox_mark_sent`.
//!
//! The promise is duly-mail's: every message goes out exactly once, or the user decides. The
//! loop claims one due message in a transaction (queued → sending) and commits *before* talking
//! to the server, sends outside any transaction, then records the result and a timeline event on
//! the invoice in one transaction. One sender per database: a lock file beside the database is
//! held while a handle sends, and whoever takes it first turns every message still `sending`
//! (its previous holder died mid-send) into `unsure`, which is never resent silently.

pub(crate) mod combined_check;
pub(crate) mod mail;
pub(crate) mod outbox_guard;
pub(crate) mod outbox_identity;
pub(crate) mod payment_thanks;
pub(crate) mod sender_status;
pub(crate) mod statement_check;

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use duly_mail::{
    Attachment, BusinessHours, Mailbox, MessageSender, OutboxEntry, OutboxState, OutgoingMessage, RetryPolicy,
    SendError, SentBy, UNDO_WINDOW, first_send_instant_after, parse_time_zone,
};
use duly_store::{Connection, contacts, events, outbox as table, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::outbox::outbox_guard::recheck;
use crate::outbox::outbox_identity::{current as current_identity, hold_foreign_on};
pub use crate::shared::reminder_cancel::CancelReason;
use crate::shared::reminder_cancel::{REMINDER_KIND, cancel_on, covered_invoices, emails};
use crate::shared::timeline::{TimelineKind, event, instant};
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
    /// Queued, but waiting for the user: it was queued elsewhere or before a restore (see
    /// `outbox_identity`). The sender never sends it; `outbox_release` or `outbox_discard`.
    Held,
}

/// Who vouched that a message went out: the mail server accepted it, or the user said an
/// unsure one did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OutboxSentBy {
    Server,
    User,
}

impl From<SentBy> for OutboxSentBy {
    fn from(b: SentBy) -> Self {
        match b {
            SentBy::Server => Self::Server,
            SentBy::User => Self::User,
        }
    }
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
            OutboxStatus::Queued | OutboxStatus::Held => Self::Queued,
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

/// A message to queue, from the saved SMTP account's sender. Rust callers (the reminder ladder)
/// can write `OutboxEnqueueInput { to, subject, text_body, ..Default::default() }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxEnqueueInput {
    /// The invoice whose timeline records what happens to the message.
    #[serde(default)]
    pub invoice_id: Option<i64>,
    /// `reminder`, `invoice`, ...; `message` when not given.
    #[serde(default)]
    pub kind: Option<String>,
    pub to: Vec<String>,
    /// Copies, visible to every recipient.
    #[serde(default)]
    pub cc: Vec<String>,
    /// Also copy every other contact of the invoice's client that has an email address (the
    /// project lead who can chase their own accounts department).
    #[serde(default)]
    pub cc_other_contacts: bool,
    pub subject: String,
    pub text_body: String,
    /// An HTML version of `text_body`; both are sent (`multipart/alternative`).
    #[serde(default)]
    pub html_body: Option<String>,
    #[serde(default)]
    pub attachments: Vec<OutboxAttachmentInput>,
    /// Ask the recipient's mail program for a read receipt (`Disposition-Notification-To`).
    #[serde(default)]
    pub read_receipt: bool,
    /// Hold the message until the client's business hours (see [`SendWindow`]) in the time zone
    /// of the client's contact.
    #[serde(default)]
    pub business_hours_only: bool,
    /// How long the user can still take the message back, in seconds: [`duly_mail::UNDO_WINDOW`]
    /// when not given, 0 to 300.
    #[serde(default)]
    pub undo_seconds: Option<u32>,
}

/// When messages queued with `business_hours_only` may go out: the clients' working days and
/// hours, read in each client's time zone (a contact's `timezone`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SendWindow {
    /// `Mon` … `Sun`.
    pub days: Vec<String>,
    /// `HH:MM`, local to the client.
    pub start: String,
    /// `HH:MM`, local to the client; not included.
    pub end: String,
    /// An IANA time zone (`Europe/Bucharest`) for clients none of whose contacts has one; `""`
    /// when there is none, and then such messages cannot be held to business hours.
    pub default_time_zone: String,
}

impl Default for SendWindow {
    fn default() -> Self {
        let hours = BusinessHours::office_hours();
        Self {
            days: hours.days().map(|d| d.to_string()).collect(),
            start: hours.start().format("%H:%M").to_string(),
            end: hours.end().format("%H:%M").to_string(),
            default_time_zone: String::new(),
        }
    }
}

impl SendWindow {
    fn hours(&self) -> ApiResult<BusinessHours> {
        let mut days = Vec::new();
        for (i, d) in self.days.iter().enumerate() {
            days.push(
                d.trim().parse::<Weekday>().map_err(|_| {
                    ApiError::invalid(format!("days[{i}]: \"{d}\" is not a day of the week (Mon … Sun)"))
                })?,
            );
        }
        let time = |field: &str, text: &str| {
            NaiveTime::parse_from_str(text.trim(), "%H:%M")
                .map_err(|_| ApiError::invalid(format!("{field}: \"{text}\" is not a time of day (HH:MM)")))
        };
        BusinessHours::new(days, time("start", &self.start)?, time("end", &self.end)?)
            .map_err(|e| ApiError::invalid(e.to_string()))
    }
}

const MAX_UNDO_SECONDS: u32 = 300;

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
    /// Copies, comma-separated; `""` when none.
    pub cc: String,
    pub subject: String,
    /// A read receipt was asked for.
    pub read_receipt: bool,
    pub attachments: Vec<String>,
    pub attempts: u32,
    /// Not sent before this instant (RFC 3339 UTC) while queued.
    pub not_before: String,
    /// `not_before` on the recipient's wall clock (`YYYY-MM-DDTHH:MM`, no offset) in `send_zone`,
    /// for "goes out Mon 09:00 in Jakarta"; `None` when no zone is known.
    pub send_local: Option<String>,
    /// The IANA zone the message's business hours are read in (the recipient's), if known.
    pub send_zone: Option<String>,
    /// Why the last attempt failed, in the mail server's words.
    pub last_error: Option<String>,
    pub last_error_code: Option<u16>,
    pub sent_at: Option<String>,
    /// `server` (the server accepted it) or `user` (the user said it went out).
    pub sent_by: Option<OutboxSentBy>,
    pub created_at: String,
    pub changed_at: String,
    /// Why it was cancelled, once it is (`null` for messages cancelled before Duly said why).
    pub cancel_reason: Option<CancelReason>,
    /// Autopilot queued it, not a click ("sent by autopilot").
    pub by_autopilot: bool,
}

/// What one pass of the sender loop did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxRunReport {
    pub sent: u32,
    /// Temporarily refused; queued again after a backoff.
    pub retrying: u32,
    pub failed: u32,
    /// The recipients of each message that failed for good in this pass (comma-separated per
    /// message), for "a message to … could not be sent".
    pub failed_to: Vec<String>,
    /// Found `sending` when this sender started (a crash mid-send): now `unsure`.
    pub unsure: u32,
    /// Reminders cancelled at the claim because the invoice no longer needs them.
    pub cancelled: u32,
    /// Messages met at the claim that were queued elsewhere or before a restore: now held.
    pub held: u32,
    /// Another process is this database's sender; this pass sent nothing.
    pub busy: bool,
    /// When the next queued message becomes due (RFC 3339 UTC), so a sender loop knows how
    /// long it may sleep; `None` when nothing is queued.
    pub next_due: Option<String>,
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
            Some(match kind {
                "temporary" => SendError::Temporary { code, reply },
                "permanent" => SendError::Permanent { code, reply },
                other => {
                    return Err(storage(format!("outbox error kind \"{other}\" is unknown to this version of Duly")));
                }
            })
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
            Some("server") => Some(SentBy::Server),
            Some(other) => {
                return Err(storage(format!("outbox sent_by \"{other}\" is unknown to this version of Duly")));
            }
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
        last_error_kind: e
            .last_error
            .as_ref()
            .map(|e| if e.is_temporary() { "temporary" } else { "permanent" }.to_owned()),
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

pub(crate) fn message_of(row: &table::OutboxRow) -> ApiResult<OutgoingMessage> {
    serde_json::from_str(&row.message_json).map_err(|e| storage(format!("outbox message {}: {e}", row.id)))
}

pub(crate) fn item(conn: &Connection, row: &table::OutboxRow) -> ApiResult<OutboxItem> {
    let message = message_of(row)?;
    let entry = to_entry(&row.status)?;
    // The zone is worked out again rather than stored: the one the queue used, unless the user
    // has since changed the client's zone (and then the new one is what they want to see).
    let to: Vec<String> = message.to.iter().map(|m| m.email.clone()).collect();
    let send_zone = client_time_zone(conn, row.client_id, &to, &saved_send_window(conn)?, None)?
        .filter(|z| parse_time_zone(z).is_ok());
    let send_local = send_zone
        .as_deref()
        .and_then(|z| parse_time_zone(z).ok())
        .map(|tz| entry.not_before.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string());
    Ok(OutboxItem {
        id: row.id,
        invoice_id: row.invoice_id,
        kind: row.kind.clone(),
        state: if entry.state == OutboxState::Queued && row.held.is_some() {
            OutboxStatus::Held
        } else {
            entry.state.into()
        },
        to: emails(&message.to),
        cc: emails(&message.cc),
        subject: message.subject,
        read_receipt: message.read_receipt,
        attachments: table::attachment_names(conn, row.id)?,
        attempts: entry.attempts,
        not_before: row.status.not_before.clone(),
        send_local,
        send_zone,
        last_error: entry.last_error.as_ref().map(ToString::to_string),
        last_error_code: entry.last_error.as_ref().and_then(SendError::code),
        sent_at: row.status.sent_at.clone(),
        sent_by: entry.sent_by.map(OutboxSentBy::from),
        created_at: row.created_at.clone(),
        changed_at: row.status.changed_at.clone(),
        cancel_reason: row.cancel_reason.as_deref().and_then(CancelReason::parse),
        by_autopilot: row.autopilot,
    })
}

/// The time zone to read business hours in for a message to `to` at `client_id`: the contact
/// it is addressed to, else the billing contact, else any contact of the client with a zone,
/// else the client's own (given, or guessed from its country), else the send window's default,
/// else `home` (the user's own zone).
fn client_time_zone(
    conn: &Connection,
    client_id: Option<i64>,
    to: &[String],
    window: &SendWindow,
    home: Option<&str>,
) -> ApiResult<Option<String>> {
    let mut people = match client_id {
        Some(id) => contacts::list_for_client(conn, id)?,
        None => Vec::new(),
    };
    people.retain(|c| !c.timezone.trim().is_empty());
    let addressed = |c: &contacts::Contact| to.iter().any(|t| t.trim().eq_ignore_ascii_case(c.email.trim()));
    let found = people
        .iter()
        .find(|c| addressed(c))
        .or_else(|| crate::shared::recipients::billing_or_first(&people, |_| true))
        .map(|c| c.timezone.trim().to_owned());
    let client = match (&found, client_id) {
        (None, Some(id)) => {
            duly_store::clients::get(conn, id)?.map(|c| c.timezone.trim().to_owned()).filter(|z| !z.is_empty())
        }
        _ => None,
    };
    Ok(found
        .or(client)
        .or_else(|| Some(window.default_time_zone.trim().to_owned()).filter(|z| !z.is_empty()))
        .or_else(|| home.map(str::to_owned)))
}

fn saved_send_window(conn: &Connection) -> ApiResult<SendWindow> {
    match settings::get(conn, settings::SEND_WINDOW)? {
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| storage(format!("the saved business hours cannot be read: {e}")))
        }
        None => Ok(SendWindow::default()),
    }
}

/// The first instant after `now` + `undo` inside business hours in the time zone of `to` at
/// `client_id` (see [`client_time_zone`]), and that zone; none known is an error, never a 3 a.m.
/// send.
fn send_instant(
    conn: &Connection,
    client_id: Option<i64>,
    to: &[String],
    now: DateTime<Utc>,
    undo: Duration,
    home: Option<&str>,
) -> ApiResult<(DateTime<Utc>, String)> {
    let window = saved_send_window(conn)?;
    let hours = window.hours()?;
    let zone = client_time_zone(conn, client_id, to, &window, home)?.ok_or_else(|| {
        ApiError::invalid(
            "business_hours_only: no time zone is known for this client; give the client or a contact a \
             time zone, or set a default time zone for business hours in Settings",
        )
    })?;
    let tz = parse_time_zone(&zone).map_err(|e| ApiError::invalid(e.to_string()))?;
    Ok((first_send_instant_after(now, undo, Some((tz, &hours))), zone))
}

/// When a message queued at `now` with `business_hours_only` and the usual undo window would go
/// out, and the zone read: what autopilot's preview says before queueing anything.
pub(crate) fn business_hours_instant(
    conn: &Connection,
    client_id: Option<i64>,
    to: &[String],
    now: DateTime<Utc>,
    home: Option<&str>,
) -> ApiResult<(DateTime<Utc>, String)> {
    send_instant(conn, client_id, to, now, UNDO_WINDOW, home)
}

/// Queues a message on `conn` without committing, so a use case (a reminder) can write it in
/// the same transaction as the timeline event that caused it; the caller records that event.
/// Bad input is refused before anything is written.
///
/// `home` is the user's own zone ([`Duly`]'s), the last guess for a client's business hours.
pub(crate) fn enqueue_on(
    conn: &Connection,
    input: OutboxEnqueueInput,
    now: DateTime<Utc>,
    home: Option<&str>,
) -> ApiResult<OutboxItem> {
    let settings = mail::required_smtp_settings(conn)?;
    let undo = input.undo_seconds.map_or(UNDO_WINDOW, |s| Duration::from_secs(u64::from(s)));
    if undo > Duration::from_secs(u64::from(MAX_UNDO_SECONDS)) {
        return Err(ApiError::invalid(format!("undo_seconds: at most {MAX_UNDO_SECONDS} seconds")));
    }
    let client_id = match input.invoice_id {
        Some(id) => Some(
            duly_store::invoices::get(conn, id)?
                .ok_or_else(|| ApiError::not_found(format!("invoice_id: no invoice has id {id}")))?
                .client_id,
        ),
        None => None,
    };
    crate::shared::demo_guard::refuse_demo(conn, client_id)?;
    if input.cc_other_contacts && client_id.is_none() {
        return Err(ApiError::invalid(
            "cc_other_contacts: only a message about an invoice knows whose contacts to copy",
        ));
    }
    let mut message = OutgoingMessage::new(settings.sender.clone(), input.subject, input.text_body);
    message.reply_to = settings.reply_to.clone();
    message.html_body = input.html_body.filter(|h| !h.trim().is_empty());
    message.read_receipt = input.read_receipt;
    message.to = input.to.iter().map(|t| Mailbox::address_only(t.trim())).collect();
    message.cc = input.cc.iter().filter(|c| !c.trim().is_empty()).map(|c| Mailbox::address_only(c.trim())).collect();
    if let (true, Some(client_id)) = (input.cc_other_contacts, client_id) {
        for c in contacts::list_for_client(conn, client_id)? {
            let email = c.email.trim();
            let known = message.to.iter().chain(&message.cc).any(|m| m.email.eq_ignore_ascii_case(email));
            if !email.is_empty() && !known {
                message.cc.push(Mailbox::new(c.name.trim(), email));
            }
        }
    }
    message.attachments = input
        .attachments
        .into_iter()
        .map(|a| Attachment { filename: a.filename, content_type: a.content_type, bytes: a.bytes })
        .collect();
    message.validate().map_err(|e| ApiError::invalid(e.to_string()))?;

    let not_before = if input.business_hours_only {
        send_instant(conn, client_id, &input.to, now, undo, home)?.0
    } else {
        first_send_instant_after(now, undo, None)
    };

    let attachments: Vec<table::AttachmentRow> = std::mem::take(&mut message.attachments)
        .into_iter()
        .map(|a| table::AttachmentRow { filename: a.filename, content_type: a.content_type, bytes: a.bytes })
        .collect();
    let json = serde_json::to_string(&message).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    let kind = input.kind.filter(|k| !k.trim().is_empty()).unwrap_or_else(|| "message".to_owned());
    let instance = outbox_identity::current(conn)?;
    let id = table::insert(
        conn,
        &table::NewMessage {
            invoice_id: input.invoice_id,
            client_id,
            kind: &kind,
            message_id: &message.message_id,
            message_json: &json,
            not_before: &instant(not_before),
            now: &instant(now),
            attachments: &attachments,
            instance_id: Some(&instance),
        },
    )?;
    let row = table::get(conn, id)?.ok_or_else(|| storage("the queued message vanished"))?;
    item(conn, &row)
}

/// Every message left `sending` becomes `unsure`, noted on its invoice's timeline: whether it
/// reached the server is unknown, so it is never resent silently. Run by a sender when it starts,
/// and after a restore (the backup may have been taken mid-send). Returns how many there were.
pub(crate) fn mark_interrupted_on(conn: &Connection, now: DateTime<Utc>) -> ApiResult<usize> {
    let at = instant(now);
    let interrupted = table::mark_interrupted(conn, &at)?;
    for row in &interrupted {
        let mut next = to_entry(&row.status)?;
        next.state = OutboxState::Unsure;
        if let (Some(invoice_id), Some(e)) = (row.invoice_id, timeline(row, &next, &at)) {
            events::insert(conn, invoice_id, &e)?;
        }
    }
    Ok(interrupted.len())
}

/// The timeline line for a message's new state, when there is one; marked "by autopilot" when
/// autopilot queued the message.
fn timeline(row: &table::OutboxRow, next: &OutboxEntry, at: &str) -> Option<events::Event> {
    let mut e = timeline_line(row, next, at)?;
    e.by_autopilot = row.autopilot;
    Some(e)
}

fn timeline_line(row: &table::OutboxRow, next: &OutboxEntry, at: &str) -> Option<events::Event> {
    let message = message_of(row).ok()?;
    let to = message.to.iter().map(|m| m.email.as_str()).collect::<Vec<_>>().join(", ");
    let (kind, detail) = match next.state {
        OutboxState::Sent if next.sent_by == Some(SentBy::User) => {
            (TimelineKind::EmailMarkedSent, format!("{to}: {}", message.subject))
        }
        OutboxState::Sent => (TimelineKind::EmailSent, format!("{to}: {}", message.subject)),
        OutboxState::Failed => (
            TimelineKind::EmailFailed,
            format!("{to}: {}", next.last_error.as_ref().map(ToString::to_string).unwrap_or_default()),
        ),
        OutboxState::Queued if next.last_error.is_some() && row.status.state == "sending" => (
            TimelineKind::EmailRetrying,
            format!("{to}: {}", next.last_error.as_ref().map(ToString::to_string).unwrap_or_default()),
        ),
        OutboxState::Unsure => (TimelineKind::EmailUnsure, format!("{to}: {}", message.subject)),
        OutboxState::Cancelled => (TimelineKind::EmailCancelled, format!("{to}: {}", message.subject)),
        _ => return None,
    };
    Some(event(at, kind, &detail))
}

impl Duly {
    /// Queues a message; it goes out once the undo window (and, if asked, the client's
    /// business hours) allow, and the invoice's timeline says it was queued.
    pub fn outbox_enqueue(&mut self, input: OutboxEnqueueInput) -> ApiResult<OutboxItem> {
        let now = self.now();
        self.outbox_enqueue_at(input, now)
    }

    /// [`Self::outbox_enqueue`] as if the user pressed Send at `now`.
    pub fn outbox_enqueue_at(&mut self, input: OutboxEnqueueInput, now: DateTime<Utc>) -> ApiResult<OutboxItem> {
        use crate::shared::parse::{TextLimit, text_limits};
        text_limits([
            ("subject", input.subject.as_str(), TextLimit::Address),
            ("text_body", &input.text_body, TextLimit::Body),
            ("html_body", input.html_body.as_deref().unwrap_or_default(), TextLimit::Body),
        ])?;
        let home = self.home_zone().map(str::to_owned);
        let tx = self.transaction()?;
        let out = enqueue_on(&tx, input, now, home.as_deref())?;
        if let Some(invoice_id) = out.invoice_id {
            events::insert(
                &tx,
                invoice_id,
                &event(&instant(now), TimelineKind::EmailQueued, &format!("{}: {}", out.to, out.subject)),
            )?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// The business hours `business_hours_only` messages wait for (office hours, Monday to
    /// Friday, until the user changes them).
    pub fn send_window_get(&self) -> ApiResult<SendWindow> {
        saved_send_window(self.conn())
    }

    pub fn send_window_save(&mut self, input: SendWindow) -> ApiResult<SendWindow> {
        let hours = input.hours()?;
        let zone = input.default_time_zone.trim();
        if !zone.is_empty() {
            parse_time_zone(zone).map_err(|e| ApiError::invalid(format!("default_time_zone: {e}")))?;
        }
        let saved = SendWindow {
            days: hours.days().map(|d| d.to_string()).collect(),
            start: hours.start().format("%H:%M").to_string(),
            end: hours.end().format("%H:%M").to_string(),
            default_time_zone: zone.to_owned(),
        };
        let json = serde_json::to_string(&saved).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        settings::set(self.conn(), settings::SEND_WINDOW, &json, &self.stamp())?;
        Ok(saved)
    }

    pub fn outbox_list(&self, query: OutboxQuery) -> ApiResult<Vec<OutboxItem>> {
        let state = query.state.map(|s| OutboxState::from(s).as_str());
        let held = match query.state {
            Some(OutboxStatus::Held) => Some(true),
            Some(OutboxStatus::Queued) => Some(false),
            _ => None,
        };
        let limit = query.limit.unwrap_or(200).clamp(1, 10_000);
        table::list_filtered(self.conn(), state, held, limit)?.iter().map(|r| item(self.conn(), r)).collect()
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
            let lock = Connection::open(&lock_path)
                .map_err(|e| storage(format!("cannot open {}: {e}", lock_path.display())))?;
            match lock.execute_batch("BEGIN EXCLUSIVE") {
                Ok(()) => held = Some(lock),
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                    return Ok(false);
                }
                Err(e) => return Err(storage(format!("cannot lock {}: {e}", lock_path.display()))),
            }
        }
        let tx = self.transaction()?;
        let interrupted = mark_interrupted_on(&tx, now)?;
        tx.commit()?;
        report.unsure = u32::try_from(interrupted).unwrap_or(u32::MAX);
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
        if table::any_due(self.conn(), &instant(now))? {
            let mailer = self.mailer()?;
            report = self.send_due(&mailer, now, &RetryPolicy::DEFAULT, report)?;
        }
        report.next_due = table::next_not_before(self.conn())?;
        Ok(report)
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
        let mut report = self.send_due(sender, now, policy, report)?;
        report.next_due = table::next_not_before(self.conn())?;
        Ok(report)
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
            // Claim: queued → sending, committed before the server hears anything. The same
            // IMMEDIATE transaction re-checks the message: one queued elsewhere or before a
            // restore is held, a reminder the invoice no longer needs is cancelled.
            let today = self.today();
            let tx = self.write_transaction()?;
            let Some(row) = table::next_due(&tx, &at)? else { break };
            if row.instance_id.as_deref() != Some(current_identity(&tx)?.as_str()) {
                report.held += u32::try_from(hold_foreign_on(&tx, &at)?).unwrap_or(u32::MAX);
                tx.commit()?;
                continue;
            }
            if let Some(reason) = recheck(&tx, &row, today)? {
                cancel_on(&tx, &row, reason, &at)?;
                tx.commit()?;
                report.cancelled += 1;
                continue;
            }
            let sending = to_entry(&row.status)?.claim(now).map_err(storage)?;
            if !table::update(&tx, row.id, "queued", &to_status(&sending))? {
                continue;
            }
            let mut message = message_of(&row)?;
            message.attachments = table::attachments(&tx, row.id)?
                .into_iter()
                .map(|a| Attachment { filename: a.filename, content_type: a.content_type, bytes: a.bytes })
                .collect();
            // Demo data never reaches a server, even if it was queued somehow: a permanent failure.
            let demo = crate::shared::demo_guard::refuse_demo(&tx, row.client_id).err();
            tx.commit()?;

            // Send, outside any transaction.
            let (result, delivered) = match demo {
                Some(e) => (Err(SendError::Permanent { code: None, reply: e.message }), None),
                None => match sender.send(&message) {
                    Ok(delivered) => (Ok(()), Some(delivered)),
                    Err(e) => (Err(e), None),
                },
            };

            // Record, with the invoice's timeline, in one transaction.
            let next = sending.record(now, result, policy).map_err(storage)?;
            let tx = self.write_transaction()?;
            let claimed = table::OutboxRow { status: to_status(&sending), ..row };
            if table::update(&tx, claimed.id, "sending", &to_status(&next))? {
                if let Some(d) = delivered {
                    let sha256 = crate::documents::evidence::sha256_hex(&d.mime);
                    table::record_sent(&tx, claimed.id, &table::SentCopy { mime: d.mime, sha256, reply: d.reply })?;
                }
                if let Some(e) = timeline(&claimed, &next, &at) {
                    for invoice_id in covered_invoices(&tx, &claimed)? {
                        events::insert(&tx, invoice_id, &e)?;
                    }
                }
                let failed = match (&next.state, &next.last_error) {
                    (OutboxState::Failed, Some(e)) => Some(e.to_string()),
                    (OutboxState::Queued, Some(e)) if claimed.autopilot => Some(e.to_string()),
                    _ => None,
                };
                crate::shared::autopilot_stops::after_send_on(&tx, failed.as_deref(), &at)?;
                if next.state == OutboxState::Sent {
                    crate::invoices::invoice_send::after_sent_on(&tx, &claimed, today, &at)?;
                }
            }
            tx.commit()?;
            match next.state {
                OutboxState::Sent => report.sent += 1,
                OutboxState::Queued => report.retrying += 1,
                _ => {
                    report.failed += 1;
                    report.failed_to.push(emails(&message.to));
                }
            }
        }
        Ok(report)
    }

    /// Applies a user's decision to one message, with a timeline event, in one transaction.
    /// One user decision about a message, in its own transaction.
    fn outbox_decide(
        &mut self,
        id: i64,
        decide: impl FnOnce(&OutboxEntry, DateTime<Utc>) -> Result<OutboxEntry, duly_mail::TransitionError>,
    ) -> ApiResult<OutboxItem> {
        let now = self.now();
        let tx = self.transaction()?;
        let out = decide_on(&tx, id, now, decide)?;
        tx.commit()?;
        Ok(out)
    }

    /// Undo right after a one-click reminder: the message is cancelled and its ladder step taken
    /// back (due again) in one transaction, so a failure in between leaves both as they were
    /// instead of a step recorded for a message that never goes out.
    pub fn remind_undo(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        let id = input.id;
        let now = self.now();
        let tx = self.transaction()?;
        let row = table::get(&tx, id)?
            .ok_or_else(|| ApiError::not_found(format!("id: no message in the outbox has id {id}")))?;
        let (Some(invoice_id), Some(step)) = (row.invoice_id, row.kind.strip_prefix(REMINDER_KIND)) else {
            return Err(ApiError::invalid(format!("id: message {id} is not a reminder; cancel it instead")));
        };
        let step: duly_core::ladder::StepId =
            step.parse().map_err(|e| ApiError::invalid(format!("id: message {id} has an unknown step: {e}")))?;
        let out = decide_on(&tx, id, now, |e, now| e.cancel(now))?;
        duly_store::followups::undo(&tx, invoice_id, &step)?;
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

    /// A held message (queued elsewhere or before a restore) goes out after all, on the user's
    /// word: queued under this database's identity, due after the usual undo window.
    pub fn outbox_release(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        let id = input.id;
        let now = self.now();
        let at = instant(now);
        let not_before = instant(first_send_instant_after(now, UNDO_WINDOW, None));
        let tx = self.transaction()?;
        let row = table::get(&tx, id)?
            .ok_or_else(|| ApiError::not_found(format!("id: no message in the outbox has id {id}")))?;
        let me = current_identity(&tx)?;
        if !table::release(&tx, id, &me, &not_before, &at)? {
            return Err(ApiError::conflict(format!(
                "id: message {id} is not held; only a held message can be released"
            )));
        }
        if let Some(invoice_id) = row.invoice_id {
            events::insert(
                &tx,
                invoice_id,
                &event(&at, TimelineKind::EmailReleased, &crate::shared::reminder_cancel::summary(&row)),
            )?;
        }
        let row = table::get(&tx, id)?.ok_or_else(|| storage("the message vanished"))?;
        let out = item(&tx, &row)?;
        tx.commit()?;
        Ok(out)
    }

    /// A held message is thrown away: cancelled on the user's word, never sent.
    pub fn outbox_discard(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        let id = input.id;
        let held = table::get(self.conn(), id)?.is_some_and(|r| r.held.is_some() && r.status.state == "queued");
        if !held {
            return Err(ApiError::conflict(format!("id: message {id} is not held; cancel it instead")));
        }
        self.outbox_decide(id, |e, now| e.cancel(now))
    }

    /// unsure → sent, on the user's word (an invoice email then dates the invoice's sending).
    pub fn outbox_mark_sent(&mut self, input: OutboxId) -> ApiResult<OutboxItem> {
        let now = self.now();
        let today = self.today();
        let tx = self.transaction()?;
        let out = decide_on(&tx, input.id, now, |e, now| e.mark_sent(now))?;
        if let Some(row) = table::get(&tx, input.id)? {
            crate::invoices::invoice_send::after_sent_on(&tx, &row, today, &instant(now))?;
        }
        tx.commit()?;
        Ok(out)
    }
}

/// This handle is its database's outbox sender: the locked lock file (none for an in-memory
/// database), released when the handle is dropped or its process dies.
pub(crate) struct SenderLock {
    _file: Option<Connection>,
}

/// A user's decision about message `id` (cancel, retry, resend) inside the caller's
/// transaction: the new state, the cancel reason, and the line on the invoice's timeline.
fn decide_on(
    conn: &Connection,
    id: i64,
    now: DateTime<Utc>,
    decide: impl FnOnce(&OutboxEntry, DateTime<Utc>) -> Result<OutboxEntry, duly_mail::TransitionError>,
) -> ApiResult<OutboxItem> {
    let at = instant(now);
    let row = table::get(conn, id)?
        .ok_or_else(|| ApiError::not_found(format!("id: no message in the outbox has id {id}")))?;
    let entry = to_entry(&row.status)?;
    let next = decide(&entry, now).map_err(|e| ApiError::conflict(format!("message {id}: {e}")))?;
    if !table::update(conn, id, &row.status.state, &to_status(&next))? {
        return Err(ApiError::conflict(format!("message {id} changed meanwhile; look again")));
    }
    if next.state == OutboxState::Cancelled {
        table::set_cancel_reason(conn, id, CancelReason::User.as_str())?;
    }
    if let (Some(invoice_id), Some(e)) = (row.invoice_id, timeline(&row, &next, &at)) {
        events::insert(conn, invoice_id, &e)?;
    }
    let row = table::get(conn, id)?.ok_or_else(|| storage("the message vanished"))?;
    item(conn, &row)
}
