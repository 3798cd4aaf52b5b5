//! The `payments` table: money received against an invoice, possibly in several parts.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

use crate::row::blank_as_null;

/// A stored payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub id: i64,
    pub invoice_id: i64,
    pub paid_on: NaiveDate,
    pub amount_minor: i64,
    pub method: String,
    pub note: String,
    pub created_at: String,
}

/// A payment to store: the row before the database gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPayment {
    pub invoice_id: i64,
    pub paid_on: NaiveDate,
    pub amount_minor: i64,
    pub method: String,
    pub note: String,
    pub created_at: String,
}

impl NewPayment {
    /// The row as stored under `id` (what [`insert`] returned).
    pub fn stored(self, id: i64) -> Payment {
        let NewPayment { invoice_id, paid_on, amount_minor, method, note, created_at } = self;
        Payment { id, invoice_id, paid_on, amount_minor, method, note, created_at }
    }
}

/// Returns the new row's id.
pub fn insert(conn: &Connection, p: &NewPayment) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO payments (invoice_id, paid_on, amount_minor, method, note, created_at)
         VALUES (:invoice_id, :paid_on, :amount, :method, :note, :created_at)",
    )?
    .execute(named_params! {
        ":invoice_id": p.invoice_id,
        ":paid_on": p.paid_on,
        ":amount": p.amount_minor,
        ":method": blank_as_null(&p.method),
        ":note": blank_as_null(&p.note),
        ":created_at": p.created_at,
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Payment>> {
    let mut rows = conn
        .prepare_cached("SELECT * FROM payments WHERE id = ?1")?
        .query_map([id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.pop())
}

pub fn list_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<Payment>> {
    conn.prepare_cached("SELECT * FROM payments WHERE invoice_id = ?1 ORDER BY paid_on, id")?
        .query_map([invoice_id], from_row)?
        .collect()
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Payment> {
    let text = |c: &str| r.get::<_, Option<String>>(c).map(Option::unwrap_or_default);
    Ok(Payment {
        id: r.get("id")?,
        invoice_id: r.get("invoice_id")?,
        paid_on: r.get("paid_on")?,
        amount_minor: r.get("amount_minor")?,
        method: text("method")?,
        note: text("note")?,
        created_at: r.get("created_at")?,
    })
}

/// The sum of the invoice's payments: the value `invoices.paid_minor` must hold.
pub fn sum_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE invoice_id = ?1")?
        .query_row([invoice_id], |r| r.get(0))
}

/// Whether payment `id` of invoice `invoice_id` is still recorded.
pub fn exists(conn: &Connection, invoice_id: i64, id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM payments WHERE id = ?1 AND invoice_id = ?2)")?
        .query_row([id, invoice_id], |r| r.get(0))
}
