//! The `invoices` table: one row per invoice with its totals, and the queries the invoice list
//! and the dashboard run over it.
//!
//! Totals and `paid_minor` are denormalised on purpose: they are written in the same transaction
//! as the lines and payments they summarise, so listing 100k invoices needs no join or sum.

use chrono::NaiveDate;
use duly_core::{Currency, InvoiceStatus};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use crate::clients::escape_like;
use crate::row::{blank_as_null, parsed};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    pub id: Option<i64>,
    pub number: String,
    pub client_id: i64,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub currency: Currency,
    /// Hundredths of a percent.
    pub tax_rate: i64,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub paid_minor: i64,
    pub status: InvoiceStatus,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

/// An invoice as the list shows it, with its client's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub invoice: Invoice,
    pub client_name: String,
}

/// The order of the invoice list. Computed orders (amount due, days overdue) are evaluated by
/// SQLite with the same rules as `duly_core::open_amount` and `duly_core::overdue_days`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    Number,
    Client,
    IssueDate,
    #[default]
    DueDate,
    Total,
    AmountDue,
    DaysOverdue,
    Status,
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub search: Option<String>,
    pub status: Option<InvoiceStatus>,
    pub client_id: Option<i64>,
    /// Only open invoices whose due date is before `as_of`.
    pub overdue_only: bool,
    pub as_of: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<Listed>,
    pub total_count: i64,
    /// Amount due over the whole filtered set, per currency code, sorted by code.
    pub due_by_currency: Vec<(String, i64)>,
}

const AMOUNT_DUE_SQL: &str = "(CASE WHEN i.status = 'void' THEN 0 ELSE max(i.total_minor - i.paid_minor, 0) END)";
const DAYS_OVERDUE_SQL: &str = "(CASE WHEN i.status IN ('sent', 'partly_paid') \
     THEN max(CAST(julianday(:as_of) - julianday(i.due_date) AS INTEGER), 0) ELSE -1 END)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Invoice> {
    Ok(Invoice {
        id: Some(r.get("id")?),
        number: r.get("number")?,
        client_id: r.get("client_id")?,
        issue_date: r.get("issue_date")?,
        due_date: r.get("due_date")?,
        currency: parsed(r, "currency")?,
        tax_rate: r.get("tax_rate")?,
        subtotal_minor: r.get("subtotal_minor")?,
        tax_minor: r.get("tax_minor")?,
        total_minor: r.get("total_minor")?,
        paid_minor: r.get("paid_minor")?,
        status: parsed(r, "status")?,
        notes: r.get::<_, Option<String>>("notes")?.unwrap_or_default(),
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

pub fn insert(conn: &Connection, inv: &Invoice) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO invoices (number, client_id, issue_date, due_date, currency, tax_rate,
                               subtotal_minor, tax_minor, total_minor, paid_minor, status, notes,
                               created_at, updated_at)
         VALUES (:number, :client_id, :issue_date, :due_date, :currency, :tax_rate, :subtotal,
                 :tax, :total, :paid, :status, :notes, :created_at, :updated_at)",
    )?
    .execute(named_params! {
        ":number": inv.number.trim(),
        ":client_id": inv.client_id,
        ":issue_date": inv.issue_date,
        ":due_date": inv.due_date,
        ":currency": inv.currency.code(),
        ":tax_rate": inv.tax_rate,
        ":subtotal": inv.subtotal_minor,
        ":tax": inv.tax_minor,
        ":total": inv.total_minor,
        ":paid": inv.paid_minor,
        ":status": inv.status.as_str(),
        ":notes": blank_as_null(&inv.notes),
        ":created_at": inv.created_at,
        ":updated_at": inv.updated_at,
    })?;
    Ok(conn.last_insert_rowid())
}

/// Rewrites everything but the payments' sum and the creation time.
pub fn update(conn: &Connection, id: i64, inv: &Invoice) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE invoices SET number = :number, client_id = :client_id, issue_date = :issue_date,
                due_date = :due_date, currency = :currency, tax_rate = :tax_rate,
                subtotal_minor = :subtotal, tax_minor = :tax, total_minor = :total,
                status = :status, notes = :notes, updated_at = :updated_at
         WHERE id = :id",
        named_params! {
            ":id": id,
            ":number": inv.number.trim(),
            ":client_id": inv.client_id,
            ":issue_date": inv.issue_date,
            ":due_date": inv.due_date,
            ":currency": inv.currency.code(),
            ":tax_rate": inv.tax_rate,
            ":subtotal": inv.subtotal_minor,
            ":tax": inv.tax_minor,
            ":total": inv.total_minor,
            ":status": inv.status.as_str(),
            ":notes": blank_as_null(&inv.notes),
            ":updated_at": inv.updated_at,
        },
    )?;
    Ok(changed == 1)
}

pub fn set_payment_state(
    conn: &Connection,
    id: i64,
    paid_minor: i64,
    status: InvoiceStatus,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE invoices SET paid_minor = ?2, status = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(rusqlite::params![id, paid_minor, status.as_str(), now])?;
    Ok(())
}

pub fn get_by_number(conn: &Connection, number: &str) -> rusqlite::Result<Option<Invoice>> {
    conn.query_row("SELECT * FROM invoices WHERE business_id = 1 AND number = ?1", [number.trim()], from_row)
        .optional()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Invoice>> {
    conn.query_row("SELECT * FROM invoices WHERE id = ?1", [id], from_row).optional()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM invoices", [], |r| r.get(0))
}

/// Every invoice number starting with `prefix`, for choosing the next one.
pub fn numbers_with_prefix(conn: &Connection, prefix: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT number FROM invoices WHERE number LIKE ?1 || '%' ESCAPE '\\'")?
        .query_map([escape_like(prefix)], |r| r.get(0))?
        .collect()
}

/// One page of the invoice list, plus the size and amount due of the whole filtered set.
pub fn list(conn: &Connection, filter: &Filter, sort: Sort, descending: bool, limit: i64, offset: i64) -> rusqlite::Result<Page> {
    let (where_sql, params) = where_clause(filter);
    let order = match sort {
        Sort::Number => "i.number".to_owned(),
        Sort::Client => "c.name COLLATE NOCASE".to_owned(),
        Sort::IssueDate => "i.issue_date".to_owned(),
        Sort::DueDate => "i.due_date".to_owned(),
        Sort::Total => "i.total_minor".to_owned(),
        Sort::AmountDue => AMOUNT_DUE_SQL.to_owned(),
        Sort::DaysOverdue => DAYS_OVERDUE_SQL.to_owned(),
        Sort::Status => "i.status".to_owned(),
    };
    let dir = if descending { "DESC" } else { "ASC" };
    let from = "FROM invoices i JOIN clients c ON c.id = i.client_id";
    // The count and the totals do not need the client's name (the search uses a subquery).
    let count_from = "FROM invoices i";

    let total_count: i64 = conn.query_row(
        &format!("SELECT count(*) {count_from} {where_sql}"),
        named_params! { ":as_of": filter.as_of, ":search": params.search.as_deref(), ":status": params.status, ":client_id": params.client_id },
        |r| r.get(0),
    )?;
    let due_by_currency = conn
        .prepare(&format!("SELECT i.currency, sum({AMOUNT_DUE_SQL}) {count_from} {where_sql} GROUP BY i.currency ORDER BY i.currency"))?
        .query_map(
            named_params! { ":as_of": filter.as_of, ":search": params.search.as_deref(), ":status": params.status, ":client_id": params.client_id },
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;

    let sql = format!(
        "SELECT i.*, c.name AS client_name {from} {where_sql}
         ORDER BY {order} {dir}, i.number {dir} LIMIT :limit OFFSET :offset"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(
            named_params! {
                ":as_of": filter.as_of, ":search": params.search.as_deref(), ":status": params.status,
                ":client_id": params.client_id, ":limit": limit, ":offset": offset,
            },
            |r| Ok(Listed { invoice: from_row(r)?, client_name: r.get("client_name")? }),
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page { rows, total_count, due_by_currency })
}

struct WhereParams {
    search: Option<String>,
    status: Option<&'static str>,
    client_id: Option<i64>,
}

/// The WHERE clause shared by the list, its count and its totals. Every named parameter is
/// always bound (SQLite ignores none), so the clause tests each for NULL.
fn where_clause(filter: &Filter) -> (String, WhereParams) {
    let mut sql = String::from(
        "WHERE i.business_id = 1
           AND (:search IS NULL OR i.number LIKE '%' || :search || '%' ESCAPE '\\'
                                OR i.client_id IN (SELECT id FROM clients
                                                   WHERE name LIKE '%' || :search || '%' ESCAPE '\\'))
           AND (:status IS NULL OR i.status = :status)
           AND (:client_id IS NULL OR i.client_id = :client_id)
           AND :as_of IS NOT NULL",
    );
    if filter.overdue_only {
        sql.push_str(" AND i.status IN ('sent', 'partly_paid') AND i.due_date < :as_of");
    }
    let params = WhereParams {
        search: filter.search.as_deref().and_then(blank_as_null).map(escape_like),
        status: filter.status.map(InvoiceStatus::as_str),
        client_id: filter.client_id,
    };
    (sql, params)
}


/// What is owed in one currency as of a date: the figures of the dashboard's currency cards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenTotals {
    pub currency: String,
    pub outstanding: i64,
    pub overdue: i64,
    pub open_count: i64,
    pub overdue_count: i64,
}

/// Open (sent or partly paid) invoices summed per currency, sorted by currency code.
pub fn open_totals(conn: &Connection, as_of: NaiveDate) -> rusqlite::Result<Vec<OpenTotals>> {
    conn.prepare_cached(&format!(
        "SELECT i.currency,
                sum({AMOUNT_DUE_SQL}),
                sum(CASE WHEN i.due_date < :as_of THEN {AMOUNT_DUE_SQL} ELSE 0 END),
                count(*),
                sum(i.due_date < :as_of)
         FROM invoices i
         WHERE i.status IN ('sent', 'partly_paid')
         GROUP BY i.currency ORDER BY i.currency"
    ))?
    .query_map(named_params! { ":as_of": as_of }, |r| {
        Ok(OpenTotals {
            currency: r.get(0)?,
            outstanding: r.get(1)?,
            overdue: r.get(2)?,
            open_count: r.get(3)?,
            overdue_count: r.get(4)?,
        })
    })?
    .collect()
}

/// (client id, currency, amount due, open invoice count) over open invoices, by client and currency.
pub fn outstanding_by_client(conn: &Connection) -> rusqlite::Result<Vec<(i64, String, i64, i64)>> {
    conn.prepare_cached(&format!(
        "SELECT i.client_id, i.currency, sum({AMOUNT_DUE_SQL}), count(*)
         FROM invoices i WHERE i.status IN ('sent', 'partly_paid')
         GROUP BY i.client_id, i.currency ORDER BY i.client_id, i.currency"
    ))?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}
