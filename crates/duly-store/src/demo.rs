//! Removing demo data ("start fresh"): every demo client (`clients.demo`) and everything about
//! it. Most rows go by `ON DELETE CASCADE` from the invoice or the client; the outbox does not
//! cascade (a sent message is evidence), so its rows for demo clients, and the ladder steps that
//! name them, are deleted here first. Nothing else is touched: the business profile, settings and
//! real clients stay as they are.

use rusqlite::Connection;

/// What was removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub clients: i64,
    pub invoices: i64,
    pub payments: i64,
}

const DEMO_CLIENTS: &str = "SELECT id FROM clients WHERE demo = 1";

pub fn remove(conn: &Connection) -> rusqlite::Result<Removed> {
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    let removed = Removed {
        clients: count("SELECT count(*) FROM clients WHERE demo = 1")?,
        invoices: count(&format!("SELECT count(*) FROM invoices WHERE client_id IN ({DEMO_CLIENTS})"))?,
        payments: count(&format!(
            "SELECT count(*) FROM payments WHERE invoice_id IN (SELECT id FROM invoices WHERE client_id IN ({DEMO_CLIENTS}))"
        ))?,
    };
    let demo_outbox = format!(
        "SELECT id FROM outbox WHERE client_id IN ({DEMO_CLIENTS})
            OR invoice_id IN (SELECT id FROM invoices WHERE client_id IN ({DEMO_CLIENTS}))"
    );
    conn.execute(&format!("DELETE FROM followups WHERE outbox_id IN ({demo_outbox})"), [])?;
    conn.execute(&format!("DELETE FROM outbox WHERE id IN ({demo_outbox})"), [])?;
    conn.execute(&format!("DELETE FROM invoices WHERE client_id IN ({DEMO_CLIENTS})"), [])?;
    conn.execute("DELETE FROM clients WHERE demo = 1", [])?;
    Ok(removed)
}
