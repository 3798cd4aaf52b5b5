//! The `promises` table: promises to pay an amount by a date, usually made on a call.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

/// A stored promise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromiseRow {
    pub id: i64,
    pub invoice_id: i64,
    pub call_id: Option<i64>,
    pub made_on: NaiveDate,
    pub pay_by: NaiveDate,
    pub amount_minor: i64,
    pub created_at: String,
}

/// A promise to store: the row before the database gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPromise {
    pub invoice_id: i64,
    pub call_id: Option<i64>,
    pub made_on: NaiveDate,
    pub pay_by: NaiveDate,
    pub amount_minor: i64,
    pub created_at: String,
}

/// Returns the new row's id.
pub fn insert(conn: &Connection, p: &NewPromise) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO promises (invoice_id, call_id, made_on, pay_by, amount_minor, created_at)
         VALUES (:invoice_id, :call_id, :made_on, :pay_by, :amount, :created_at)",
    )?
    .execute(named_params! {
        ":invoice_id": p.invoice_id,
        ":call_id": p.call_id,
        ":made_on": p.made_on,
        ":pay_by": p.pay_by,
        ":amount": p.amount_minor,
        ":created_at": p.created_at,
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<PromiseRow>> {
    let mut rows = conn
        .prepare_cached("SELECT * FROM promises WHERE id = ?1")?
        .query_map([id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.pop())
}

/// A promise corrected: the date and amount agreed, as they should have been written.
pub fn update_terms(conn: &Connection, id: i64, pay_by: NaiveDate, amount_minor: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE promises SET pay_by = ?2, amount_minor = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, pay_by, amount_minor])?
        == 1)
}

/// Oldest first, in the order they were recorded.
pub fn list_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<PromiseRow>> {
    conn.prepare_cached("SELECT * FROM promises WHERE invoice_id = ?1 ORDER BY made_on, id")?
        .query_map([invoice_id], from_row)?
        .collect()
}

/// Every promise made on or before `as_of`, by invoice then oldest first: the table holds a row
/// per promise ever made, a few per chased invoice, so reports read it whole.
pub fn list_made_by(conn: &Connection, as_of: NaiveDate) -> rusqlite::Result<Vec<PromiseRow>> {
    conn.prepare_cached("SELECT * FROM promises WHERE made_on <= ?1 ORDER BY invoice_id, made_on, id")?
        .query_map([as_of], from_row)?
        .collect()
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PromiseRow> {
    Ok(PromiseRow {
        id: r.get("id")?,
        invoice_id: r.get("invoice_id")?,
        call_id: r.get("call_id")?,
        made_on: r.get("made_on")?,
        pay_by: r.get("pay_by")?,
        amount_minor: r.get("amount_minor")?,
        created_at: r.get("created_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::test_db::{calls_db, seed_invoice};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn promises_round_trip_and_the_schema_checks_them() {
        let conn = calls_db();
        let (_, invoice) = seed_invoice(&conn);
        let row = NewPromise {
            invoice_id: invoice,
            call_id: None,
            made_on: d("2026-11-10"),
            pay_by: d("2026-11-15"),
            amount_minor: 50_000,
            created_at: "2026-11-10T10:00:00Z".into(),
        };
        let id = insert(&conn, &row).unwrap();
        assert_eq!(
            list_for_invoice(&conn, invoice).unwrap(),
            [PromiseRow {
                id,
                invoice_id: row.invoice_id,
                call_id: row.call_id,
                made_on: row.made_on,
                pay_by: row.pay_by,
                amount_minor: row.amount_minor,
                created_at: row.created_at.clone()
            }]
        );
        assert!(list_made_by(&conn, d("2026-11-09")).unwrap().is_empty());
        assert_eq!(list_made_by(&conn, d("2026-11-10")).unwrap().len(), 1);
        assert!(insert(&conn, &NewPromise { amount_minor: 0, ..row.clone() }).is_err(), "amount > 0");
        assert!(insert(&conn, &NewPromise { pay_by: d("2026-11-01"), ..row.clone() }).is_err(), "not before the call");
        assert!(insert(&conn, &NewPromise { invoice_id: 999, ..row }).is_err(), "foreign key");
    }
}
