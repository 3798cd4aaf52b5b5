//! The autopilot tables (migration 0011): who sends each step (`autopilot_steps`), a client's
//! own mode (`autopilot_clients`), why autopilot stopped (`autopilot_stops`), and the marks on
//! the outbox and the timeline that say autopilot queued a message.
//!
//! Only storage: duly-api decides what a mode or a stop means.

use rusqlite::{Connection, OptionalExtension, named_params, params};

/// A step's mode as stored: `auto` or `draft`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepMode {
    pub client_id: Option<i64>,
    pub step_id: String,
    pub mode: String,
}

/// The modes saved for the business (`None`) or one client, by step id.
pub fn step_modes(conn: &Connection, client_id: Option<i64>) -> rusqlite::Result<Vec<StepMode>> {
    conn.prepare_cached("SELECT client_id, step_id, mode FROM autopilot_steps WHERE client_id IS ?1 ORDER BY step_id")?
        .query_map([client_id], |r| Ok(StepMode { client_id: r.get(0)?, step_id: r.get(1)?, mode: r.get(2)? }))?
        .collect()
}

/// Saves one step's mode for the business (`None`) or a client.
pub fn set_step_mode(conn: &Connection, m: &StepMode, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO autopilot_steps (client_id, step_id, mode, updated_at) VALUES (:client, :step, :mode, :now)
         ON CONFLICT (ifnull(client_id, 0), step_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at",
    )?
    .execute(named_params! { ":client": m.client_id, ":step": m.step_id, ":mode": m.mode, ":now": now })?;
    Ok(())
}

/// A client's own mode (`off` or `own`); `None` when it follows the business.
pub fn client_mode(conn: &Connection, client_id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT mode FROM autopilot_clients WHERE client_id = ?1")?
        .query_row([client_id], |r| r.get(0))
        .optional()
}

/// Every client with a mode of its own, `(client_id, mode)`.
pub fn client_modes(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached("SELECT client_id, mode FROM autopilot_clients ORDER BY client_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// Sets a client's mode; `None` makes it follow the business again (its own step rows stay,
/// unread, so that switching back to `own` restores them).
pub fn set_client_mode(conn: &Connection, client_id: i64, mode: Option<&str>, now: &str) -> rusqlite::Result<()> {
    match mode {
        Some(mode) => conn
            .prepare_cached(
                "INSERT INTO autopilot_clients (client_id, mode, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (client_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at",
            )?
            .execute(params![client_id, mode, now])?,
        None => conn.prepare_cached("DELETE FROM autopilot_clients WHERE client_id = ?1")?.execute([client_id])?,
    };
    Ok(())
}

/// A reason autopilot stopped, standing until `cleared_at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    pub id: i64,
    /// `global`, `client` or `invoice`.
    pub scope: String,
    pub client_id: Option<i64>,
    pub invoice_id: Option<i64>,
    pub reason: String,
    pub detail: String,
    pub at: String,
}

/// Records a stop unless the same one (scope, client, invoice, reason) already stands.
pub fn add_stop(conn: &Connection, s: &Stop) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO autopilot_stops (scope, client_id, invoice_id, reason, detail, at)
         SELECT :scope, :client, :invoice, :reason, :detail, :at
          WHERE NOT EXISTS (SELECT 1 FROM autopilot_stops
                             WHERE cleared_at IS NULL AND scope = :scope AND client_id IS :client
                               AND invoice_id IS :invoice AND reason = :reason)",
    )?
    .execute(named_params! {
        ":scope": s.scope, ":client": s.client_id, ":invoice": s.invoice_id,
        ":reason": s.reason, ":detail": s.detail, ":at": s.at,
    })?;
    Ok(())
}

/// Every stop still standing, oldest first.
pub fn active_stops(conn: &Connection) -> rusqlite::Result<Vec<Stop>> {
    conn.prepare_cached(
        "SELECT id, scope, client_id, invoice_id, reason, detail, at FROM autopilot_stops
          WHERE cleared_at IS NULL ORDER BY at, id",
    )?
    .query_map([], |r| {
        Ok(Stop {
            id: r.get(0)?,
            scope: r.get(1)?,
            client_id: r.get(2)?,
            invoice_id: r.get(3)?,
            reason: r.get(4)?,
            detail: r.get(5)?,
            at: r.get(6)?,
        })
    })?
    .collect()
}

/// Clears the standing stops of a scope (`global`; a client's; an invoice's): the user looked.
/// Returns how many were cleared.
pub fn clear_stops(
    conn: &Connection,
    scope: &str,
    client_id: Option<i64>,
    invoice_id: Option<i64>,
    now: &str,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE autopilot_stops SET cleared_at = ?4
          WHERE cleared_at IS NULL AND scope = ?1 AND (?2 IS NULL OR client_id = ?2) AND (?3 IS NULL OR invoice_id = ?3)",
    )?
    .execute(params![scope, client_id, invoice_id, now])
}

/// Marks a queued message as autopilot's.
pub fn mark_message(conn: &Connection, outbox_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE outbox SET autopilot = 1 WHERE id = ?1")?.execute([outbox_id])?;
    Ok(())
}

/// A message autopilot queued, with the step records that point at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutoMessage {
    pub outbox_id: i64,
    pub client_id: Option<i64>,
    pub kind: String,
    pub state: String,
    pub not_before: String,
    pub sent_at: Option<String>,
    pub created_at: String,
    /// The day (YYYY-MM-DD) the steps were recorded on: the user's "today" of the pass.
    pub on_date: String,
    /// `(invoice_id, step_id)` per invoice the message covers, in the order they were recorded.
    pub steps: Vec<(i64, String)>,
}

/// Autopilot's messages whose steps were recorded on days `from..=to` (YYYY-MM-DD), oldest
/// first. A cancelled message has forgotten its step records and is not among them.
pub fn messages_between(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<Vec<AutoMessage>> {
    let mut out: Vec<AutoMessage> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.client_id, o.kind, o.state, o.not_before, o.sent_at, o.created_at, f.on_date, f.invoice_id, f.step_id
           FROM followups f JOIN outbox o ON o.id = f.outbox_id
          WHERE o.autopilot = 1 AND f.on_date BETWEEN ?1 AND ?2
          ORDER BY o.id, f.id",
    )?;
    let rows = stmt.query_map([from, to], |r| {
        Ok((
            AutoMessage {
                outbox_id: r.get(0)?,
                client_id: r.get(1)?,
                kind: r.get(2)?,
                state: r.get(3)?,
                not_before: r.get(4)?,
                sent_at: r.get(5)?,
                created_at: r.get(6)?,
                on_date: r.get(7)?,
                steps: Vec::new(),
            },
            (r.get::<_, i64>(8)?, r.get::<_, String>(9)?),
        ))
    })?;
    for row in rows {
        let (m, step) = row?;
        match out.last_mut() {
            Some(last) if last.outbox_id == m.outbox_id => last.steps.push(step),
            _ => out.push(AutoMessage { steps: vec![step], ..m }),
        }
    }
    Ok(out)
}

/// The invoices a message's step records name besides `row_invoice` (the row's own): the other
/// invoices one automatic message covers.
pub fn other_invoices(conn: &Connection, outbox_id: i64, row_invoice: Option<i64>) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT DISTINCT invoice_id FROM followups INDEXED BY followups_by_outbox
          WHERE outbox_id = ?1 AND invoice_id IS NOT ?2 ORDER BY invoice_id",
    )?
    .query_map(params![outbox_id, row_invoice], |r| r.get(0))?
    .collect()
}

/// The last outbox id the "autopilot sent" notification covered (settings key), for saying each
/// message once.
pub const NOTIFIED_THROUGH: &str = "autopilot_notified_through";

/// Autopilot's messages sent after outbox id `after`, `(outbox_id, sent_at)`, oldest first.
pub fn sent_after(conn: &Connection, after: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached("SELECT id FROM outbox WHERE autopilot = 1 AND state = 'sent' AND id > ?1 ORDER BY id")?
        .query_map([after], |r| r.get(0))?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder_fixtures::{client, store};

    #[test]
    fn modes_are_saved_per_scope_and_overwritten() {
        let store = store();
        let conn = store.conn();
        let acme = client(conn, "Acme");
        let m = |c: Option<i64>, s: &str, mode: &str| StepMode { client_id: c, step_id: s.into(), mode: mode.into() };
        set_step_mode(conn, &m(None, "overdue_7", "auto"), "t").unwrap();
        set_step_mode(conn, &m(None, "overdue_7", "draft"), "t").unwrap();
        set_step_mode(conn, &m(Some(acme), "overdue_7", "auto"), "t").unwrap();
        assert_eq!(step_modes(conn, None).unwrap(), vec![m(None, "overdue_7", "draft")]);
        assert_eq!(step_modes(conn, Some(acme)).unwrap(), vec![m(Some(acme), "overdue_7", "auto")]);
        set_client_mode(conn, acme, Some("off"), "t").unwrap();
        assert_eq!(client_mode(conn, acme).unwrap().as_deref(), Some("off"));
        set_client_mode(conn, acme, None, "t").unwrap();
        assert_eq!(client_mode(conn, acme).unwrap(), None);
    }

    #[test]
    fn a_stop_stands_once_until_cleared() {
        let store = store();
        let conn = store.conn();
        let stop = Stop {
            id: 0,
            scope: "global".into(),
            client_id: None,
            invoice_id: None,
            reason: "smtp_failure".into(),
            detail: "535 auth".into(),
            at: "2026-12-01T10:00:00Z".into(),
        };
        add_stop(conn, &stop).unwrap();
        add_stop(conn, &stop).unwrap();
        assert_eq!(active_stops(conn).unwrap().len(), 1);
        assert_eq!(clear_stops(conn, "global", None, None, "t").unwrap(), 1);
        assert!(active_stops(conn).unwrap().is_empty());
    }
}
