//! The `ladder_pauses` table: an invoice the user paused ("don't chase until the 15th").

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::row::blank_as_null;

/// Pauses (or moves the pause of) an invoice through `until` inclusive.
pub fn set(conn: &Connection, invoice_id: i64, until: NaiveDate, note: &str, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO ladder_pauses (invoice_id, until_date, note, created_at) VALUES (:id, :until, :note, :now)
         ON CONFLICT (invoice_id) DO UPDATE SET until_date = excluded.until_date, note = excluded.note,
                                                created_at = excluded.created_at",
    )?
    .execute(named_params! { ":id": invoice_id, ":until": until, ":note": blank_as_null(note), ":now": now })?;
    Ok(())
}

/// Ends a pause; false when the invoice was not paused.
pub fn clear(conn: &Connection, invoice_id: i64) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM ladder_pauses WHERE invoice_id = ?1")?.execute([invoice_id])? == 1)
}

pub fn get(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Option<NaiveDate>> {
    conn.prepare_cached("SELECT until_date FROM ladder_pauses WHERE invoice_id = ?1")?
        .query_row([invoice_id], |r| r.get(0))
        .optional()
}

/// Every pause still running on `as_of`, by invoice id.
pub fn active_on(conn: &Connection, as_of: NaiveDate) -> rusqlite::Result<HashMap<i64, NaiveDate>> {
    conn.prepare_cached("SELECT invoice_id, until_date FROM ladder_pauses WHERE until_date >= ?1")?
        .query_map([as_of], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder_fixtures::{client, invoice, store};

    #[test]
    fn a_pause_is_set_moved_and_ended() {
        let store = store();
        let conn = store.conn();
        let inv = invoice(conn, "P-1", client(conn, "Acme"));
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        set(conn, inv, d("2026-11-15"), "on holiday", "t").unwrap();
        set(conn, inv, d("2026-11-20"), "", "t").unwrap();
        assert_eq!(get(conn, inv).unwrap(), Some(d("2026-11-20")));
        assert_eq!(active_on(conn, d("2026-11-20")).unwrap().len(), 1);
        assert!(active_on(conn, d("2026-11-21")).unwrap().is_empty());
        assert!(clear(conn, inv).unwrap());
        assert!(!clear(conn, inv).unwrap());
    }
}
