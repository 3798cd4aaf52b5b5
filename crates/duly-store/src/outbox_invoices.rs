//! The `outbox_invoices` table (migration 0022): the invoices one outbox message is about, for
//! a message that lists several (the combined reminder). Each row keeps the step recorded for
//! the invoice and the amount the message states, so the sender's claim can tell that one of
//! them changed since the message was written.

use rusqlite::{Connection, params};

/// One invoice a message covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Covered {
    pub invoice_id: i64,
    pub step_id: String,
    /// What the message says is still owed, in the invoice currency's minor units.
    pub amount_due_minor: i64,
}

pub fn insert(conn: &Connection, outbox_id: i64, c: &Covered) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO outbox_invoices (outbox_id, invoice_id, step_id, amount_due_minor) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![outbox_id, c.invoice_id, c.step_id, c.amount_due_minor])?;
    Ok(())
}

/// The invoices the message covers, in invoice id order; empty for a message about one invoice.
pub fn list(conn: &Connection, outbox_id: i64) -> rusqlite::Result<Vec<Covered>> {
    conn.prepare_cached(
        "SELECT invoice_id, step_id, amount_due_minor FROM outbox_invoices WHERE outbox_id = ?1 ORDER BY invoice_id",
    )?
    .query_map([outbox_id], |r| Ok(Covered { invoice_id: r.get(0)?, step_id: r.get(1)?, amount_due_minor: r.get(2)? }))?
    .collect()
}
