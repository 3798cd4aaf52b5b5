//! The `events` table: each invoice's timeline (created, sent, paid, reminded, called, ...).
//!
//! `kind` is a stable machine word the UI translates; `detail` is free text (an amount, a
//! number) shown as data, never as markup.

use rusqlite::Connection;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: String,
    pub kind: String,
    pub detail: String,
    /// Autopilot caused it (migration 0011): "sent by autopilot" on the timeline.
    pub by_autopilot: bool,
}

pub fn insert(conn: &Connection, invoice_id: i64, e: &Event) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO events (invoice_id, at, kind, detail, by_autopilot) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(rusqlite::params![invoice_id, e.at, e.kind, e.detail, e.by_autopilot])?;
    Ok(())
}

pub fn list_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<Event>> {
    conn.prepare_cached("SELECT at, kind, detail, by_autopilot FROM events WHERE invoice_id = ?1 ORDER BY at, id")?
        .query_map([invoice_id], |r| {
            Ok(Event { at: r.get(0)?, kind: r.get(1)?, detail: r.get(2)?, by_autopilot: r.get(3)? })
        })?
        .collect()
}
