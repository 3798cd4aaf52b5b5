//! The `mailbox_seen` and `undeliverable_addresses` tables (migration 0015): messages read from
//! the inbox, once each, and addresses a bounce ruled out.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

/// Remembers a message; false when it had been seen already (nothing is written then).
pub fn mark_seen(
    conn: &Connection,
    message_id: &str,
    class: &str,
    client_id: Option<i64>,
    at: &str,
) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO mailbox_seen (message_id, class, client_id, seen_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (message_id) DO NOTHING",
        )?
        .execute(rusqlite::params![message_id, class, client_id, at])?
        == 1)
}

pub fn is_seen(conn: &Connection, message_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM mailbox_seen WHERE message_id = ?1")?
        .query_row([message_id], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

/// Marks an address undeliverable (again: the first date stays).
pub fn mark_undeliverable(conn: &Connection, email: &str, detail: &str, at: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO undeliverable_addresses (email, since, detail) VALUES (?1, ?2, ?3)
         ON CONFLICT (email) DO NOTHING",
    )?
    .execute(rusqlite::params![email.trim(), at, detail])?;
    Ok(())
}

/// Every undeliverable address, lower case.
pub fn undeliverable(conn: &Connection) -> rusqlite::Result<HashSet<String>> {
    conn.prepare_cached("SELECT email FROM undeliverable_addresses")?
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|r| r.map(|e| e.trim().to_lowercase()))
        .collect()
}

/// The invoice and client of the message Duly sent with this Message-ID (with its brackets).
pub fn sent_message(conn: &Connection, message_id: &str) -> rusqlite::Result<Option<(Option<i64>, Option<i64>)>> {
    conn.prepare_cached("SELECT invoice_id, client_id FROM outbox WHERE message_id = ?1")?
        .query_row([message_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The client whose contact has this address (case-insensitive), the first by id.
pub fn client_of_address(conn: &Connection, email: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT client_id FROM contacts WHERE lower(trim(email)) = lower(trim(?1)) AND trim(?1) <> ''
         ORDER BY client_id LIMIT 1",
    )?
    .query_row([email], |r| r.get(0))
    .optional()
}

/// The outbox row's id for a Message-ID (with its brackets).
pub fn outbox_id_of(conn: &Connection, message_id: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM outbox WHERE message_id = ?1")?.query_row([message_id], |r| r.get(0)).optional()
}

/// Open invoices paused until `until` (the inbox's "until read" day) and the detail of each
/// one's newest `reply_kind` event, newest reply first, at most `limit`: Today's replies to read.
pub fn replies_waiting(
    conn: &Connection,
    until: chrono::NaiveDate,
    reply_kind: &str,
    limit: i64,
) -> rusqlite::Result<Vec<(String, String, String)>> {
    conn.prepare_cached(
        "SELECT i.number, c.name, coalesce(e.detail, '') FROM ladder_pauses p
           JOIN invoices i ON i.id = p.invoice_id
           JOIN clients c ON c.id = i.client_id
           LEFT JOIN events e ON e.id =
             (SELECT max(id) FROM events WHERE invoice_id = i.id AND kind = ?2)
         WHERE p.until_date = ?1 AND i.status IN ('sent', 'partly_paid')
         ORDER BY e.id DESC, i.id LIMIT ?3",
    )?
    .query_map(rusqlite::params![until, reply_kind, limit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    .collect()
}

/// A client's invoices still being chased (sent or partly paid): id and number.
pub fn open_invoices_of(conn: &Connection, client_id: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached(
        "SELECT id, number FROM invoices WHERE client_id = ?1 AND status IN ('sent', 'partly_paid') ORDER BY id",
    )?
    .query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder_fixtures::store;

    #[test]
    fn a_message_is_seen_once_and_an_address_marked_once() {
        let store = store();
        let conn = store.conn();
        assert!(mark_seen(conn, "a@x", "reply", None, "t").unwrap());
        assert!(!mark_seen(conn, "a@x", "bounce", None, "t").unwrap());
        assert!(is_seen(conn, "a@x").unwrap());
        mark_undeliverable(conn, "Old@Client.example", "d", "t1").unwrap();
        mark_undeliverable(conn, "old@client.example", "d", "t2").unwrap();
        assert_eq!(undeliverable(conn).unwrap(), HashSet::from(["old@client.example".to_owned()]));
    }
}
