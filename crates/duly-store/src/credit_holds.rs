//! The `credit_holds` table: clients on credit hold (cash only / prepay). A row exists while
//! the hold lasts; the ladder's +21 step and a broken promise propose one, the user decides.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, named_params};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditHold {
    pub client_id: i64,
    pub since: NaiveDate,
    /// Why, in the user's words (or the step that proposed it).
    pub reason: String,
}

/// Puts a client on hold; keeps the original date if it already was.
pub fn set(conn: &Connection, hold: &CreditHold, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO credit_holds (client_id, since, reason, created_at) VALUES (:client_id, :since, :reason, :now)
         ON CONFLICT (client_id) DO UPDATE SET reason = excluded.reason",
    )?
    .execute(named_params! { ":client_id": hold.client_id, ":since": hold.since, ":reason": hold.reason.trim(), ":now": now })?;
    Ok(())
}

/// Lifts a hold; false when the client was not on hold.
pub fn clear(conn: &Connection, client_id: i64) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM credit_holds WHERE client_id = ?1")?.execute([client_id])? == 1)
}

pub fn get(conn: &Connection, client_id: i64) -> rusqlite::Result<Option<CreditHold>> {
    conn.prepare_cached("SELECT client_id, since, reason FROM credit_holds WHERE client_id = ?1")?
        .query_row([client_id], |r| Ok(CreditHold { client_id: r.get(0)?, since: r.get(1)?, reason: r.get(2)? }))
        .optional()
}

/// Every client on hold.
pub fn client_ids(conn: &Connection) -> rusqlite::Result<HashSet<i64>> {
    conn.prepare_cached("SELECT client_id FROM credit_holds")?.query_map([], |r| r.get(0))?.collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder_fixtures::{client, store};

    #[test]
    fn a_hold_is_set_once_and_lifted() {
        let store = store();
        let conn = store.conn();
        let acme = client(conn, "Acme");
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        set(conn, &CreditHold { client_id: acme, since: d("2026-11-21"), reason: "service pause".into() }, "t")
            .unwrap();
        set(conn, &CreditHold { client_id: acme, since: d("2026-11-30"), reason: "broken promise".into() }, "t")
            .unwrap();
        let hold = get(conn, acme).unwrap().unwrap();
        assert_eq!((hold.since, hold.reason.as_str()), (d("2026-11-21"), "broken promise"));
        assert!(client_ids(conn).unwrap().contains(&acme));
        assert!(clear(conn, acme).unwrap());
        assert_eq!(get(conn, acme).unwrap(), None);
    }
}
