//! The `credit_notes` table (migration 0019): numbered corrections of issued invoices. The
//! amount is netted through a `payments` row the caller writes in the same transaction.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

/// A stored credit note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditNote {
    pub id: i64,
    pub number: String,
    pub invoice_id: i64,
    pub issue_date: NaiveDate,
    pub amount_minor: i64,
    pub reason: String,
    pub payment_id: Option<i64>,
    /// `duly` (issued here) or `import` (read from a file).
    pub source: String,
    pub created_at: String,
}

/// A credit note to store: the row before the database gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCreditNote {
    pub number: String,
    pub invoice_id: i64,
    pub issue_date: NaiveDate,
    pub amount_minor: i64,
    pub reason: String,
    pub payment_id: Option<i64>,
    /// `duly` (issued here) or `import` (read from a file).
    pub source: String,
    pub created_at: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<CreditNote> {
    Ok(CreditNote {
        id: r.get("id")?,
        number: r.get("number")?,
        invoice_id: r.get("invoice_id")?,
        issue_date: r.get("issue_date")?,
        amount_minor: r.get("amount_minor")?,
        reason: r.get("reason")?,
        payment_id: r.get("payment_id")?,
        source: r.get("source")?,
        created_at: r.get("created_at")?,
    })
}

/// Returns the new row's id.
pub fn insert(conn: &Connection, c: &NewCreditNote) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO credit_notes (number, invoice_id, issue_date, amount_minor, reason, payment_id, source, created_at)
         VALUES (:number, :invoice_id, :issue_date, :amount, :reason, :payment_id, :source, :created_at)",
    )?
    .execute(named_params! {
        ":number": c.number.trim(),
        ":invoice_id": c.invoice_id,
        ":issue_date": c.issue_date,
        ":amount": c.amount_minor,
        ":reason": c.reason,
        ":payment_id": c.payment_id,
        ":source": c.source,
        ":created_at": c.created_at,
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn get_by_number(conn: &Connection, number: &str) -> rusqlite::Result<Option<CreditNote>> {
    conn.prepare_cached("SELECT * FROM credit_notes WHERE number = ?1")?.query_row([number.trim()], from_row).optional()
}

pub fn list_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<CreditNote>> {
    conn.prepare_cached("SELECT * FROM credit_notes WHERE invoice_id = ?1 ORDER BY issue_date, id")?
        .query_map([invoice_id], from_row)?
        .collect()
}

/// Every credit note number, for finding the next one in the series.
pub fn numbers(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT number FROM credit_notes")?.query_map([], |r| r.get(0))?.collect()
}
