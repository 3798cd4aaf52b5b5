//! The `recurring_schedules` and `recurring_issued` tables (migration 0020): retainers that issue
//! an invoice every month or quarter, and the periods already issued (each at most once).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub id: Option<i64>,
    pub client_id: i64,
    pub currency: String,
    /// Hundredths of a percent.
    pub tax_rate: i64,
    /// The lines as JSON (the API's line inputs).
    pub lines_json: String,
    pub notes: String,
    /// `month` or `quarter`.
    pub every: String,
    pub day_of_month: u32,
    pub next_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub max_count: Option<i64>,
    pub auto_send: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A period issued: which invoice it became and whether its automatic send is still to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    pub schedule_id: i64,
    pub period: NaiveDate,
    pub invoice_id: i64,
    /// `no`, `pending`, `queued` or `failed`.
    pub send: String,
    pub send_error: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Schedule> {
    Ok(Schedule {
        id: Some(r.get("id")?),
        client_id: r.get("client_id")?,
        currency: r.get("currency")?,
        tax_rate: r.get("tax_rate")?,
        lines_json: r.get("lines_json")?,
        notes: r.get("notes")?,
        every: r.get("every")?,
        day_of_month: r.get("day_of_month")?,
        next_date: r.get("next_date")?,
        end_date: r.get("end_date")?,
        max_count: r.get("max_count")?,
        auto_send: r.get("auto_send")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

fn issued_from_row(r: &Row<'_>) -> rusqlite::Result<Issued> {
    Ok(Issued {
        schedule_id: r.get("schedule_id")?,
        period: r.get("period")?,
        invoice_id: r.get("invoice_id")?,
        send: r.get("send")?,
        send_error: r.get("send_error")?,
    })
}

pub fn insert(conn: &Connection, s: &Schedule) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO recurring_schedules (client_id, currency, tax_rate, lines_json, notes, every, day_of_month,
                                          next_date, end_date, max_count, auto_send, created_at, updated_at)
         VALUES (:client_id, :currency, :tax_rate, :lines_json, :notes, :every, :day, :next, :end, :max, :auto,
                 :created_at, :updated_at)",
    )?
    .execute(named_params! {
        ":client_id": s.client_id,
        ":currency": s.currency,
        ":tax_rate": s.tax_rate,
        ":lines_json": s.lines_json,
        ":notes": s.notes,
        ":every": s.every,
        ":day": s.day_of_month,
        ":next": s.next_date,
        ":end": s.end_date,
        ":max": s.max_count,
        ":auto": s.auto_send,
        ":created_at": s.created_at,
        ":updated_at": s.updated_at,
    })?;
    Ok(conn.last_insert_rowid())
}

/// Rewrites everything but the creation time.
pub fn update(conn: &Connection, id: i64, s: &Schedule) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE recurring_schedules SET client_id = :client_id, currency = :currency, tax_rate = :tax_rate,
                 lines_json = :lines_json, notes = :notes, every = :every, day_of_month = :day, next_date = :next,
                 end_date = :end, max_count = :max, auto_send = :auto, updated_at = :updated_at
             WHERE id = :id",
        )?
        .execute(named_params! {
            ":id": id,
            ":client_id": s.client_id,
            ":currency": s.currency,
            ":tax_rate": s.tax_rate,
            ":lines_json": s.lines_json,
            ":notes": s.notes,
            ":every": s.every,
            ":day": s.day_of_month,
            ":next": s.next_date,
            ":end": s.end_date,
            ":max": s.max_count,
            ":auto": s.auto_send,
            ":updated_at": s.updated_at,
        })?;
    Ok(n == 1)
}

pub fn set_next_date(conn: &Connection, id: i64, next: NaiveDate, now: &str) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached("UPDATE recurring_schedules SET next_date = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, next, now])?;
    Ok(n == 1)
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Schedule>> {
    conn.prepare_cached("SELECT * FROM recurring_schedules WHERE id = ?1")?.query_row([id], from_row).optional()
}

pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM recurring_schedules WHERE id = ?1")?.execute([id])? == 1)
}

/// Every schedule, or a client's, oldest first.
pub fn list(conn: &Connection, client_id: Option<i64>) -> rusqlite::Result<Vec<Schedule>> {
    conn.prepare_cached(
        "SELECT * FROM recurring_schedules WHERE (?1 IS NULL OR client_id = ?1) ORDER BY client_id, id",
    )?
    .query_map([client_id], from_row)?
    .collect()
}

/// Schedules with a period due on or before `as_of`.
pub fn due(conn: &Connection, as_of: NaiveDate) -> rusqlite::Result<Vec<Schedule>> {
    conn.prepare_cached("SELECT * FROM recurring_schedules WHERE next_date <= ?1 ORDER BY next_date, id")?
        .query_map([as_of], from_row)?
        .collect()
}

/// Records a period as issued; false when it already was (nothing written).
pub fn record_issued(conn: &Connection, issued: &Issued) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO recurring_issued (schedule_id, period, invoice_id, send, send_error)
             VALUES (:schedule_id, :period, :invoice_id, :send, :send_error)
             ON CONFLICT (schedule_id, period) DO NOTHING",
        )?
        .execute(named_params! {
            ":schedule_id": issued.schedule_id,
            ":period": issued.period,
            ":invoice_id": issued.invoice_id,
            ":send": issued.send,
            ":send_error": issued.send_error,
        })?;
    Ok(n == 1)
}

pub fn is_issued(conn: &Connection, schedule_id: i64, period: NaiveDate) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM recurring_issued WHERE schedule_id = ?1 AND period = ?2")?
        .query_row(rusqlite::params![schedule_id, period], |_| Ok(()))
        .optional()
        .map(|o| o.is_some())
}

pub fn issued_count(conn: &Connection, schedule_id: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT count(*) FROM recurring_issued WHERE schedule_id = ?1")?
        .query_row([schedule_id], |r| r.get(0))
}

/// A schedule's issued periods, newest first.
pub fn issued_for(conn: &Connection, schedule_id: i64) -> rusqlite::Result<Vec<Issued>> {
    conn.prepare_cached("SELECT * FROM recurring_issued WHERE schedule_id = ?1 ORDER BY period DESC")?
        .query_map([schedule_id], issued_from_row)?
        .collect()
}

/// Issued invoices whose automatic send is still to queue.
pub fn pending_sends(conn: &Connection) -> rusqlite::Result<Vec<Issued>> {
    conn.prepare_cached("SELECT * FROM recurring_issued WHERE send = 'pending' ORDER BY period, schedule_id")?
        .query_map([], issued_from_row)?
        .collect()
}

pub fn set_send(conn: &Connection, invoice_id: i64, send: &str, error: &str) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached("UPDATE recurring_issued SET send = ?2, send_error = ?3 WHERE invoice_id = ?1")?
        .execute(rusqlite::params![invoice_id, send, error])?;
    Ok(n >= 1)
}
