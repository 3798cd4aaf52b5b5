//! The `outbox` and `outbox_attachments` tables: every email Duly sends, and where it is in
//! duly-mail's state machine (queued → sending → sent | failed | unsure | cancelled).
//!
//! This module only stores; the API layer decides transitions. State changes are
//! compare-and-set on the old state ([`update`]), so two writers racing for one row cannot both
//! win: the loser changes nothing and learns it from the `false` it gets back.

use rusqlite::{Connection, OptionalExtension, Row, named_params, params};

/// A file sent with a message.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for AttachmentRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentRow")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// The columns that change with the state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub state: String,
    pub not_before: String,
    pub attempts: i64,
    /// `temporary` or `permanent`.
    pub last_error_kind: Option<String>,
    pub last_error_code: Option<i64>,
    pub last_error_text: Option<String>,
    pub sent_at: Option<String>,
    /// `server` or `user`.
    pub sent_by: Option<String>,
    pub changed_at: String,
}

/// A message as stored (without its attachments' bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub invoice_id: Option<i64>,
    pub client_id: Option<i64>,
    pub kind: String,
    pub message_id: String,
    pub message_json: String,
    pub created_at: String,
    pub status: Status,
    /// Why the message was cancelled (`paid`, `voided`, ..., `user`), once it is.
    pub cancel_reason: Option<String>,
    /// Why a queued message waits for the user (`restored`); the sender skips it.
    pub held: Option<String>,
    /// The database identity ([`INSTANCE_ID`] setting) it was queued under.
    pub instance_id: Option<String>,
    /// Autopilot queued it (migration 0011), not a click.
    pub autopilot: bool,
}

/// The `settings` key of the database's identity: random, made by migration 0007, and made
/// again by a restore or when the file is found at another path (a copy).
pub const INSTANCE_ID: &str = "instance_id";
/// The `settings` key of the path the identity belongs to.
pub const INSTANCE_PATH: &str = "instance_path";

/// A message to queue.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    pub invoice_id: Option<i64>,
    pub client_id: Option<i64>,
    pub kind: &'a str,
    pub message_id: &'a str,
    pub message_json: &'a str,
    pub not_before: &'a str,
    pub now: &'a str,
    pub attachments: &'a [AttachmentRow],
    /// The database identity at enqueue.
    pub instance_id: Option<&'a str>,
}

const COLUMNS: &str = "id, invoice_id, client_id, kind, message_id, message_json, created_at, state, not_before,
     attempts, last_error_kind, last_error_code, last_error_text, sent_at, sent_by, changed_at,
     cancel_reason, held, instance_id, autopilot";

fn read(r: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        invoice_id: r.get(1)?,
        client_id: r.get(2)?,
        kind: r.get(3)?,
        message_id: r.get(4)?,
        message_json: r.get(5)?,
        created_at: r.get(6)?,
        status: Status {
            state: r.get(7)?,
            not_before: r.get(8)?,
            attempts: r.get(9)?,
            last_error_kind: r.get(10)?,
            last_error_code: r.get(11)?,
            last_error_text: r.get(12)?,
            sent_at: r.get(13)?,
            sent_by: r.get(14)?,
            changed_at: r.get(15)?,
        },
        cancel_reason: r.get(16)?,
        held: r.get(17)?,
        instance_id: r.get(18)?,
        autopilot: r.get(19)?,
    })
}

/// Queues a message with its attachments; returns its id. Call inside the caller's transaction.
pub fn insert(conn: &Connection, m: &NewMessage<'_>) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO outbox (invoice_id, client_id, kind, message_id, message_json, state, not_before,
                             attempts, created_at, changed_at, instance_id)
         VALUES (:invoice_id, :client_id, :kind, :message_id, :json, 'queued', :not_before, 0, :now, :now, :instance)",
    )?
    .execute(named_params! {
        ":invoice_id": m.invoice_id,
        ":client_id": m.client_id,
        ":kind": m.kind,
        ":message_id": m.message_id,
        ":json": m.message_json,
        ":not_before": m.not_before,
        ":now": m.now,
        ":instance": m.instance_id,
    })?;
    let id = conn.last_insert_rowid();
    let mut add = conn.prepare_cached(
        "INSERT INTO outbox_attachments (outbox_id, position, filename, content_type, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, a) in m.attachments.iter().enumerate() {
        add.execute(params![id, position as i64, a.filename, a.content_type, a.bytes])?;
    }
    Ok(id)
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<OutboxRow>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"))?.query_row([id], read).optional()
}

/// The newest messages first, optionally only those in `state`.
pub fn list(conn: &Connection, state: Option<&str>, limit: i64) -> rusqlite::Result<Vec<OutboxRow>> {
    list_filtered(conn, state, None, limit)
}

/// [`list`], and with `held` only those held (`Some(true)`) or not held (`Some(false)`).
pub fn list_filtered(
    conn: &Connection,
    state: Option<&str>,
    held: Option<bool>,
    limit: i64,
) -> rusqlite::Result<Vec<OutboxRow>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE (?1 IS NULL OR state = ?1)
           AND (?2 IS NULL OR (held IS NOT NULL) = ?2) ORDER BY id DESC LIMIT ?3"
    ))?
    .query_map(params![state, held, limit], read)?
    .collect()
}

/// The queued messages of an invoice whose kind starts with `kind_prefix` (`reminder:`), held
/// or not, oldest first: those queued for it, and those that cover it beside another invoice
/// (one automatic message per client and day, whose step records point at it).
pub fn queued_for_invoice(conn: &Connection, invoice_id: i64, kind_prefix: &str) -> rusqlite::Result<Vec<OutboxRow>> {
    let mut rows: Vec<OutboxRow> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox INDEXED BY outbox_by_invoice
             WHERE invoice_id = ?1 AND state = 'queued' AND substr(kind, 1, length(?2)) = ?2 ORDER BY id"
        ))?
        .query_map(params![invoice_id, kind_prefix], read)?
        .collect::<Result<_, _>>()?;
    let covering: Vec<OutboxRow> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox
             WHERE id IN (SELECT outbox_id FROM followups WHERE invoice_id = ?1 AND outbox_id IS NOT NULL)
               AND invoice_id IS NOT ?1 AND state = 'queued' AND substr(kind, 1, length(?2)) = ?2 ORDER BY id"
        ))?
        .query_map(params![invoice_id, kind_prefix], read)?
        .collect::<Result<_, _>>()?;
    rows.extend(covering);
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// The newest message of `kind` about an invoice that is waiting, going out or gone (queued,
/// sending, sent or unsure): what stops the same message being queued twice. A cancelled or
/// failed one does not count.
pub fn live_of_kind(conn: &Connection, invoice_id: i64, kind: &str) -> rusqlite::Result<Option<OutboxRow>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox INDEXED BY outbox_by_invoice
         WHERE invoice_id = ?1 AND kind = ?2 AND state IN ('queued', 'sending', 'sent', 'unsure')
         ORDER BY id DESC LIMIT 1"
    ))?
    .query_row(params![invoice_id, kind], read)
    .optional()
}

/// Cancels a queued message with its reason, if it is still queued, and forgets the ladder step
/// it was for ([`forget_step`]); `false` when it was no longer queued.
pub fn cancel_queued(conn: &Connection, id: i64, reason: &str, now: &str) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE outbox SET state = 'cancelled', cancel_reason = ?2, held = NULL, changed_at = ?3
             WHERE id = ?1 AND state = 'queued'",
        )?
        .execute(params![id, reason, now])?;
    if changed == 1 {
        forget_step(conn, id)?;
    }
    Ok(changed == 1)
}

/// Forgets the ladder step record a cancelled message was queued for: the client never got it,
/// so the step is due again (with the amounts of that day) once the ladder resumes.
pub fn forget_step(conn: &Connection, outbox_id: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM followups WHERE outbox_id = ?1")?.execute([outbox_id])
}

/// Records why a message the state machine just cancelled was cancelled.
pub fn set_cancel_reason(conn: &Connection, id: i64, reason: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE outbox SET cancel_reason = ?2, held = NULL WHERE id = ?1")?
        .execute(params![id, reason])?;
    Ok(())
}

/// Holds every queued message not queued under `instance` (another database's, or one from
/// before a restore), with `reason`; returns the rows newly held.
pub fn hold_foreign(conn: &Connection, instance: &str, reason: &str, now: &str) -> rusqlite::Result<Vec<OutboxRow>> {
    let rows: Vec<OutboxRow> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox
             WHERE state = 'queued' AND held IS NULL AND instance_id IS NOT ?1 ORDER BY id"
        ))?
        .query_map([instance], read)?
        .collect::<Result<_, _>>()?;
    conn.prepare_cached(
        "UPDATE outbox SET held = ?2, changed_at = ?3 WHERE state = 'queued' AND held IS NULL AND instance_id IS NOT ?1",
    )?
    .execute(params![instance, reason, now])?;
    Ok(rows)
}

/// The user's "send" on a held message: it is queued under `instance` again, due at
/// `not_before`. `false` when it is not a held queued message.
pub fn release(conn: &Connection, id: i64, instance: &str, not_before: &str, now: &str) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE outbox SET held = NULL, instance_id = ?2, not_before = ?3, changed_at = ?4
             WHERE id = ?1 AND state = 'queued' AND held IS NOT NULL",
        )?
        .execute(params![id, instance, not_before, now])?;
    Ok(changed == 1)
}

/// Whether the ladder step the message `outbox_id` was queued for has meanwhile been done or
/// skipped another way (a record for the same invoice, step and instalment that is not this
/// message's). `false` when the message belongs to no step.
pub fn step_done_elsewhere(conn: &Connection, outbox_id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (
           SELECT 1 FROM followups mine JOIN followups other
             ON other.invoice_id = mine.invoice_id AND other.step_id = mine.step_id
            AND ifnull(other.plan_id, 0) = ifnull(mine.plan_id, 0)
            AND ifnull(other.instalment, 0) = ifnull(mine.instalment, 0)
          WHERE mine.outbox_id = ?1 AND other.id <> mine.id
            AND other.outcome IN ('done', 'skipped') AND other.outbox_id IS NOT ?1)",
    )?
    .query_row([outbox_id], |r| r.get(0))
}

/// Whether the message belongs to a per-instalment step (its step record names an instalment).
pub fn is_instalment_step(conn: &Connection, outbox_id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM followups WHERE outbox_id = ?1 AND instalment IS NOT NULL)")?
        .query_row([outbox_id], |r| r.get(0))
}

/// The queued message due first at `now` (RFC 3339 UTC), if any.
pub fn next_due(conn: &Connection, now: &str) -> rusqlite::Result<Option<OutboxRow>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox INDEXED BY outbox_due
         WHERE state = 'queued' AND held IS NULL AND not_before <= ?1 ORDER BY not_before, id LIMIT 1"
    ))?
    .query_row([now], read)
    .optional()
}

/// When the earliest queued message becomes due (RFC 3339 UTC), due or not: how long the
/// sender may sleep.
pub fn next_not_before(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT min(not_before) FROM outbox INDEXED BY outbox_due WHERE state = 'queued' AND held IS NULL",
    )?
    .query_row([], |r| r.get(0))
}

/// How many messages are queued and will go out without the user doing anything (held ones wait
/// for the user): what keeps the desktop app running in the tray when its window closes.
pub fn count_waiting(conn: &Connection) -> rusqlite::Result<u32> {
    conn.prepare_cached("SELECT count(*) FROM outbox INDEXED BY outbox_due WHERE state = 'queued' AND held IS NULL")?
        .query_row([], |r| r.get(0))
}

/// Whether any message is queued and due at `now`.
pub fn any_due(conn: &Connection, now: &str) -> rusqlite::Result<bool> {
    next_due(conn, now).map(|r| r.is_some())
}

pub fn attachments(conn: &Connection, outbox_id: i64) -> rusqlite::Result<Vec<AttachmentRow>> {
    conn.prepare_cached(
        "SELECT filename, content_type, bytes FROM outbox_attachments WHERE outbox_id = ?1 ORDER BY position",
    )?
    .query_map([outbox_id], |r| Ok(AttachmentRow { filename: r.get(0)?, content_type: r.get(1)?, bytes: r.get(2)? }))?
    .collect()
}

/// Attachment names per message, for lists.
pub fn attachment_names(conn: &Connection, outbox_id: i64) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT filename FROM outbox_attachments WHERE outbox_id = ?1 ORDER BY position")?
        .query_map([outbox_id], |r| r.get(0))?
        .collect()
}

/// Writes `next` if the row is still in `expected_state`; `false` (nothing written) otherwise.
pub fn update(conn: &Connection, id: i64, expected_state: &str, next: &Status) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE outbox SET state = :state, not_before = :not_before, attempts = :attempts,
                 last_error_kind = :kind, last_error_code = :code, last_error_text = :text,
                 sent_at = :sent_at, sent_by = :sent_by, changed_at = :changed_at
             WHERE id = :id AND state = :expected",
        )?
        .execute(named_params! {
            ":state": next.state,
            ":not_before": next.not_before,
            ":attempts": next.attempts,
            ":kind": next.last_error_kind,
            ":code": next.last_error_code,
            ":text": next.last_error_text,
            ":sent_at": next.sent_at,
            ":sent_by": next.sent_by,
            ":changed_at": next.changed_at,
            ":id": id,
            ":expected": expected_state,
        })?;
    Ok(changed == 1)
}

/// Every message found `sending` becomes `unsure`: run when a sender starts, before it sends.
/// Returns the ids, so the caller can note it on each invoice's timeline.
pub fn mark_interrupted(conn: &Connection, now: &str) -> rusqlite::Result<Vec<OutboxRow>> {
    let rows: Vec<OutboxRow> = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM outbox WHERE state = 'sending' ORDER BY id"))?
        .query_map([], read)?
        .collect::<Result<_, _>>()?;
    conn.prepare_cached("UPDATE outbox SET state = 'unsure', changed_at = ?1 WHERE state = 'sending'")?
        .execute([now])?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(conn: &Connection, message_id: &str, not_before: &str) -> i64 {
        let attachments = [AttachmentRow {
            filename: "INV-1.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: vec![0x25, 0x50, 0x44, 0x46, 0, 255],
        }];
        insert(
            conn,
            &NewMessage {
                invoice_id: None,
                client_id: None,
                kind: "adhoc",
                message_id,
                message_json: "{}",
                not_before,
                now: "2026-11-23T10:00:00Z",
                attachments: &attachments,
                instance_id: Some("home"),
            },
        )
        .unwrap()
    }

    #[test]
    fn due_claim_and_compare_and_set() {
        let store = crate::Store::open_in_memory().unwrap();
        let conn = store.conn();
        let late = queue(conn, "<b@x>", "2026-11-23T10:05:00Z");
        let early = queue(conn, "<a@x>", "2026-11-23T10:00:10Z");
        assert_eq!(next_due(conn, "2026-11-23T10:00:09Z").unwrap(), None);
        let due = next_due(conn, "2026-11-23T10:01:00Z").unwrap().unwrap();
        assert_eq!(due.id, early);
        assert_eq!(attachments(conn, early).unwrap()[0].bytes, [0x25, 0x50, 0x44, 0x46, 0, 255]);

        let sending = Status { state: "sending".into(), attempts: 1, ..due.status.clone() };
        assert!(update(conn, early, "queued", &sending).unwrap());
        assert!(!update(conn, early, "queued", &sending).unwrap(), "a lost race writes nothing");
        assert_eq!(next_due(conn, "2026-11-23T11:00:00Z").unwrap().unwrap().id, late);

        let interrupted = mark_interrupted(conn, "2026-11-23T12:00:00Z").unwrap();
        assert_eq!(interrupted.iter().map(|r| r.id).collect::<Vec<_>>(), [early]);
        assert_eq!(get(conn, early).unwrap().unwrap().status.state, "unsure");
        assert_eq!(list(conn, Some("unsure"), 10).unwrap().len(), 1);
        assert_eq!(list(conn, None, 10).unwrap().len(), 2);
    }

    #[test]
    fn a_message_from_another_instance_is_held_until_released() {
        let store = crate::Store::open_in_memory().unwrap();
        let conn = store.conn();
        let id = queue(conn, "<h@x>", "2026-11-23T10:00:10Z");
        assert!(
            hold_foreign(conn, "home", "restored", "2026-11-23T10:00:00Z").unwrap().is_empty(),
            "ours stays queued"
        );
        let held = hold_foreign(conn, "elsewhere", "restored", "2026-11-23T10:00:00Z").unwrap();
        assert_eq!(held.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
        assert_eq!(next_due(conn, "2026-11-24T00:00:00Z").unwrap(), None, "the sender never sees a held message");
        assert_eq!(next_not_before(conn).unwrap(), None);
        assert_eq!(list_filtered(conn, Some("queued"), Some(true), 10).unwrap().len(), 1);
        assert!(release(conn, id, "elsewhere", "2026-11-23T11:00:00Z", "2026-11-23T11:00:00Z").unwrap());
        assert!(!release(conn, id, "elsewhere", "2026-11-23T11:00:00Z", "2026-11-23T11:00:00Z").unwrap());
        assert_eq!(next_due(conn, "2026-11-24T00:00:00Z").unwrap().unwrap().id, id);
        assert!(cancel_queued(conn, id, "paid", "2026-11-23T11:00:00Z").unwrap());
        assert_eq!(get(conn, id).unwrap().unwrap().cancel_reason.as_deref(), Some("paid"));
    }

    #[test]
    fn states_outside_the_machine_are_refused() {
        let store = crate::Store::open_in_memory().unwrap();
        let id = queue(store.conn(), "<c@x>", "2026-11-23T10:00:00Z");
        let row = get(store.conn(), id).unwrap().unwrap();
        let bogus = Status { state: "bounced".into(), ..row.status };
        assert!(update(store.conn(), id, "queued", &bogus).is_err());
    }
}

/// The exact message a server accepted, kept as evidence.
#[derive(Clone, PartialEq, Eq)]
pub struct SentCopy {
    pub mime: Vec<u8>,
    /// Hex SHA-256 of `mime`, computed when it was sent.
    pub sha256: String,
    /// The server's reply to the end of DATA.
    pub reply: String,
}

impl std::fmt::Debug for SentCopy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentCopy").field("len", &self.mime.len()).field("sha256", &self.sha256).finish()
    }
}

/// Keeps what went out for `outbox_id` (once: a row already kept is left as it was).
pub fn record_sent(conn: &Connection, outbox_id: i64, copy: &SentCopy) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO outbox_sent (outbox_id, mime, sha256, reply) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![outbox_id, copy.mime, copy.sha256, copy.reply])?;
    Ok(())
}

/// What went out for `outbox_id`; `None` for a message sent before Duly kept the bytes.
pub fn sent_copy(conn: &Connection, outbox_id: i64) -> rusqlite::Result<Option<SentCopy>> {
    conn.prepare_cached("SELECT mime, sha256, reply FROM outbox_sent WHERE outbox_id = ?1")?
        .query_row([outbox_id], |r| Ok(SentCopy { mime: r.get(0)?, sha256: r.get(1)?, reply: r.get(2)? }))
        .optional()
}

/// Every message sent for these invoices, or to this client when one is given, oldest first.
pub fn sent_for(conn: &Connection, invoice_ids: &[i64], client_id: Option<i64>) -> rusqlite::Result<Vec<OutboxRow>> {
    let ids = format!("[{}]", invoice_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE state = 'sent' AND ((?1 IS NOT NULL AND client_id = ?1) \
         OR invoice_id IN (SELECT value FROM json_each(?2))) ORDER BY sent_at, id"
    ))?
    .query_map(params![client_id, ids], read)?
    .collect()
}

/// Ties a message that is about no one invoice (a statement of account) to its client.
pub fn set_client(conn: &Connection, id: i64, client_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE outbox SET client_id = ?2 WHERE id = ?1")?.execute(params![id, client_id])?;
    Ok(())
}
