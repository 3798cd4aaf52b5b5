//! The `payment_reversals` table (migration 0017): payments taken back, with the reason. The
//! payment itself leaves `payments`, so `invoices.paid_minor` stays the sum of that table.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::payments::Payment;
use crate::row::blank_as_null;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reversal {
    pub payment_id: i64,
    pub invoice_id: i64,
    pub paid_on: NaiveDate,
    pub amount_minor: i64,
    pub reason: String,
    pub reversed_at: String,
}

/// Moves a payment out of `payments` into this table. The caller keeps `invoices.paid_minor`
/// in step, in the same transaction.
pub fn reverse(conn: &Connection, p: &Payment, reason: &str, now: &str) -> rusqlite::Result<()> {
    let id = p.id;
    conn.prepare_cached(
        "INSERT INTO payment_reversals (payment_id, invoice_id, paid_on, amount_minor, method, note, reason, reversed_at)
         VALUES (:id, :invoice_id, :paid_on, :amount, :method, :note, :reason, :now)",
    )?
    .execute(named_params! {
        ":id": id,
        ":invoice_id": p.invoice_id,
        ":paid_on": p.paid_on,
        ":amount": p.amount_minor,
        ":method": blank_as_null(&p.method),
        ":note": blank_as_null(&p.note),
        ":reason": reason,
        ":now": now,
    })?;
    conn.prepare_cached("DELETE FROM payments WHERE id = ?1")?.execute([id])?;
    Ok(())
}

pub fn get(conn: &Connection, payment_id: i64) -> rusqlite::Result<Option<Reversal>> {
    conn.prepare_cached(
        "SELECT payment_id, invoice_id, paid_on, amount_minor, reason, reversed_at
         FROM payment_reversals WHERE payment_id = ?1",
    )?
    .query_row([payment_id], |r| {
        Ok(Reversal {
            payment_id: r.get(0)?,
            invoice_id: r.get(1)?,
            paid_on: r.get(2)?,
            amount_minor: r.get(3)?,
            reason: r.get(4)?,
            reversed_at: r.get(5)?,
        })
    })
    .optional()
}
