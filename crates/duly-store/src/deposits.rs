//! The `deposits` table (migration 0020): invoices that are a deposit (advance) for their client,
//! and the final invoice each was deducted on (at most one).

use rusqlite::{Connection, OptionalExtension};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deposit {
    pub invoice_id: i64,
    pub deducted_on_invoice: Option<i64>,
}

pub fn mark(conn: &Connection, invoice_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO deposits (invoice_id) VALUES (?1) ON CONFLICT (invoice_id) DO NOTHING")?
        .execute([invoice_id])?;
    Ok(())
}

/// Unmarks a deposit not deducted yet; false when it was deducted (nothing changed) or not one.
pub fn unmark(conn: &Connection, invoice_id: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM deposits WHERE invoice_id = ?1 AND deducted_on_invoice IS NULL")?
        .execute([invoice_id])?
        == 1)
}

pub fn get(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Option<Deposit>> {
    conn.prepare_cached("SELECT invoice_id, deducted_on_invoice FROM deposits WHERE invoice_id = ?1")?
        .query_row([invoice_id], |r| Ok(Deposit { invoice_id: r.get(0)?, deducted_on_invoice: r.get(1)? }))
        .optional()
}

/// Records the deduction; false when the deposit was already deducted (on any invoice).
pub fn set_deducted(conn: &Connection, invoice_id: i64, on_invoice: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE deposits SET deducted_on_invoice = ?2 WHERE invoice_id = ?1 AND deducted_on_invoice IS NULL",
        )?
        .execute([invoice_id, on_invoice])?
        == 1)
}

/// The deposits deducted on `final_invoice`.
pub fn deducted_on(conn: &Connection, final_invoice: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached("SELECT invoice_id FROM deposits WHERE deducted_on_invoice = ?1 ORDER BY invoice_id")?
        .query_map([final_invoice], |r| r.get(0))?
        .collect()
}

/// A client's deposits not deducted yet, oldest first.
pub fn open_for_client(conn: &Connection, client_id: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT d.invoice_id FROM deposits d JOIN invoices i ON i.id = d.invoice_id
         WHERE i.client_id = ?1 AND d.deducted_on_invoice IS NULL ORDER BY i.issue_date, i.id",
    )?
    .query_map([client_id], |r| r.get(0))?
    .collect()
}

/// Gives a deposit back (its deduction line was edited away on a draft).
pub fn release(conn: &Connection, invoice_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE deposits SET deducted_on_invoice = NULL WHERE invoice_id = ?1")?
        .execute([invoice_id])?;
    Ok(())
}
