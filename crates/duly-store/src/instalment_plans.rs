//! The `instalment_plans` table: an agreement to pay what was due on an invoice in dated parts
//! (the parts are in `instalments`).

use chrono::NaiveDate;
use rusqlite::{Connection, named_params};

/// A stored plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub id: i64,
    pub invoice_id: i64,
    pub call_id: Option<i64>,
    pub made_on: NaiveDate,
    /// What the plan splits: the amount due when it was agreed.
    pub amount_minor: i64,
    pub every_days: i64,
    pub created_at: String,
}

/// A plan to store: the row before the database gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPlan {
    pub invoice_id: i64,
    pub call_id: Option<i64>,
    pub made_on: NaiveDate,
    /// What the plan splits: the amount due when it was agreed.
    pub amount_minor: i64,
    pub every_days: i64,
    pub created_at: String,
}

/// Returns the new row's id.
pub fn insert(conn: &Connection, p: &NewPlan) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO instalment_plans (invoice_id, call_id, made_on, amount_minor, every_days, created_at)
         VALUES (:invoice_id, :call_id, :made_on, :amount, :every_days, :created_at)",
    )?
    .execute(named_params! {
        ":invoice_id": p.invoice_id,
        ":call_id": p.call_id,
        ":made_on": p.made_on,
        ":amount": p.amount_minor,
        ":every_days": p.every_days,
        ":created_at": p.created_at,
    })?;
    Ok(conn.last_insert_rowid())
}

/// Oldest first.
pub fn list_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<PlanRow>> {
    conn.prepare_cached("SELECT * FROM instalment_plans WHERE invoice_id = ?1 ORDER BY made_on, id")?
        .query_map([invoice_id], from_row)?
        .collect()
}

/// Every plan agreed on or before `as_of`, by invoice then oldest first.
pub fn list_made_by(conn: &Connection, as_of: NaiveDate) -> rusqlite::Result<Vec<PlanRow>> {
    conn.prepare_cached("SELECT * FROM instalment_plans WHERE made_on <= ?1 ORDER BY invoice_id, made_on, id")?
        .query_map([as_of], from_row)?
        .collect()
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow {
        id: r.get("id")?,
        invoice_id: r.get("invoice_id")?,
        call_id: r.get("call_id")?,
        made_on: r.get("made_on")?,
        amount_minor: r.get("amount_minor")?,
        every_days: r.get("every_days")?,
        created_at: r.get("created_at")?,
    })
}
