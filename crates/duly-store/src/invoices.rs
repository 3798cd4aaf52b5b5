//! The `invoices` table: one row per invoice with its totals, and the queries the invoice list
//! and the dashboard run over it.
//!
//! Totals and `paid_minor` are denormalised on purpose: they are written in the same transaction
//! as the lines and payments they summarise, so listing 100k invoices needs no join or sum.

use chrono::NaiveDate;
use duly_core::{AgingInput, Currency, InvoiceStatus, Lifecycle, status_of};
use rusqlite::types::Type;
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
    /// The invoice is to review (`review IS NOT NULL`, migration 0008): it owes nothing yet.
    pub to_review: bool,
}

/// An invoice waiting for the user's review, with its client's name and the fields in doubt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToReview {
    pub invoice: Invoice,
    pub client_name: String,
    /// One "field: why" per line, as stored.
    pub review: String,
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

/// An invoice to review (migration 0008) owes nothing until confirmed, in totals and sorts alike.
const AMOUNT_DUE_SQL: &str =
    "(CASE WHEN i.status = 'void' OR i.review IS NOT NULL THEN 0 ELSE max(i.total_minor - i.paid_minor, 0) END)";
const DAYS_OVERDUE_SQL: &str = "(CASE WHEN i.status IN ('sent', 'partly_paid') AND i.review IS NULL \
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
    conn.query_row("SELECT * FROM invoices WHERE business_id = 1 AND number = ?1", [number.trim()], from_row).optional()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Invoice>> {
    conn.query_row("SELECT * FROM invoices WHERE id = ?1", [id], from_row).optional()
}

/// The day the invoice reached the client (migration 0016), when Duly knows it.
pub fn sent_on(conn: &Connection, id: i64) -> rusqlite::Result<Option<NaiveDate>> {
    conn.prepare_cached("SELECT sent_on FROM invoices WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<NaiveDate>>(0))
        .optional()
        .map(Option::flatten)
}

/// Records the day the invoice reached the client; the ladder's "sent + N" steps count from it.
pub fn set_sent_on(conn: &Connection, id: i64, on: NaiveDate, now: &str) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE invoices SET sent_on = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, on, now])?;
    Ok(changed == 1)
}

/// The sent days of open invoices that have one, for the day's follow-up list (which reads the
/// rest of each invoice from a covering index that does not hold this column).
pub fn open_sent_days(conn: &Connection) -> rusqlite::Result<std::collections::HashMap<i64, NaiveDate>> {
    conn.prepare_cached(
        "SELECT id, sent_on FROM invoices WHERE sent_on IS NOT NULL AND status IN ('sent', 'partly_paid')",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Why an invoice must be confirmed before Duly chases it (`field: reason` lines), or `None`
/// when it may be chased. See migration 0008.
pub fn review_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT review FROM invoices WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()
        .map(Option::flatten)
}

const TO_REVIEW_COUNT_SQL: &str =
    "SELECT count(*) FROM invoices INDEXED BY invoices_to_review WHERE review IS NOT NULL AND status <> 'void'";
const TO_REVIEW_SQL: &str = "SELECT i.*, c.name AS client_name FROM invoices i INDEXED BY invoices_to_review
      JOIN clients c ON c.id = i.client_id
     WHERE i.review IS NOT NULL AND i.status <> 'void'
     ORDER BY i.issue_date, i.number LIMIT ?1";

/// Invoices waiting for review (void ones left out), the oldest issued first, at most `limit`,
/// and how many there are in all.
/// Both read only the few rows of the partial index `invoices_to_review` (migration 0010).
pub fn to_review(conn: &Connection, limit: i64) -> rusqlite::Result<(i64, Vec<ToReview>)> {
    let count = conn.prepare_cached(TO_REVIEW_COUNT_SQL)?.query_row([], |r| r.get(0))?;
    let rows = conn
        .prepare_cached(TO_REVIEW_SQL)?
        .query_map([limit], |r| {
            Ok(ToReview { invoice: from_row(r)?, client_name: r.get("client_name")?, review: r.get("review")? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((count, rows))
}

/// Sets (or with `None` clears, when the user confirms the invoice) its review reasons.
pub fn set_review(conn: &Connection, id: i64, review: Option<&str>) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("UPDATE invoices SET review = ?2 WHERE id = ?1")?.execute(rusqlite::params![id, review])?
        == 1)
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM invoices", [], |r| r.get(0))
}

/// The numbers of the invoices `ids`, one primary-key lookup each (ids that do not exist are
/// left out): for naming the few invoices a report shows.
pub fn numbers_of(
    conn: &Connection,
    ids: impl IntoIterator<Item = i64>,
) -> rusqlite::Result<std::collections::HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT number FROM invoices WHERE id = ?1")?;
    let mut numbers = std::collections::HashMap::new();
    for id in ids {
        if let Some(number) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
            numbers.insert(id, number);
        }
    }
    Ok(numbers)
}

/// Every invoice number starting with `prefix`, for choosing the next one.
pub fn numbers_with_prefix(conn: &Connection, prefix: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT number FROM invoices WHERE number LIKE ?1 || '%' ESCAPE '\\'")?
        .query_map([escape_like(prefix)], |r| r.get(0))?
        .collect()
}

/// One page of the invoice list, plus the size and amount due of the whole filtered set.
pub fn list(
    conn: &Connection,
    filter: &Filter,
    sort: Sort,
    descending: bool,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<Page> {
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
            |r| {
                Ok(Listed {
                    invoice: from_row(r)?,
                    client_name: r.get("client_name")?,
                    to_review: r.get::<_, Option<String>>("review")?.is_some(),
                })
            },
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
        sql.push_str(" AND i.status IN ('sent', 'partly_paid') AND i.review IS NULL AND i.due_date < :as_of");
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

/// Open (sent or partly paid) invoices summed per currency, leaving out invoices to review, sorted by currency code.
pub fn open_totals(conn: &Connection, as_of: NaiveDate) -> rusqlite::Result<Vec<OpenTotals>> {
    conn.prepare_cached(&format!(
        "SELECT i.currency,
                sum({AMOUNT_DUE_SQL}),
                sum(CASE WHEN i.due_date < :as_of THEN {AMOUNT_DUE_SQL} ELSE 0 END),
                count(*),
                sum(i.due_date < :as_of)
         FROM invoices i
         WHERE i.status IN ('sent', 'partly_paid') AND i.review IS NULL
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
         FROM invoices i WHERE i.status IN ('sent', 'partly_paid') AND i.review IS NULL
         GROUP BY i.client_id, i.currency ORDER BY i.client_id, i.currency"
    ))?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}

/// One invoice as aging reads it: the facts the core ages, and the id to name it by afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgingRow {
    pub id: i64,
    pub input: AgingInput,
}

/// What [`with_aging_rows`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgingScope {
    /// Paid invoices issued after this date and on or before `sales_until` are read too: they
    /// are the sales that days sales outstanding divides by. Open invoices are always read.
    pub sales_after: NaiveDate,
    pub sales_until: NaiveDate,
    /// Only this client's invoices.
    pub client_id: Option<i64>,
}

// Invoices to review (`review IS NOT NULL`, migration 0008) are not owed: the open half leaves
// them out, and so do Today and the follow-up list, which read these rows.
// Both halves are answered from the partial covering indexes of migration 0002 alone (each WHERE
// repeats its index's clause exactly, which SQLite requires to use a partial index). INDEXED BY
// pins them: without statistics (no ANALYZE) the planner prefers seeking `invoices_by_status_due`
// on status and then reading every table row, several times slower; and if an index went
// missing the query fails loudly instead of quietly scanning. The column order is what
// `AgingRows` reads by position. The status is not read: every row is an issued invoice, whose
// status follows from its total and payments (`duly_core::status_of`, kept so by every write),
// and each column read costs time over 100k rows.
const AGING_SQL: &str = "\
    SELECT id, client_id, currency, issue_date, due_date, total_minor, paid_minor
      FROM invoices INDEXED BY invoices_open_aging WHERE status IN ('sent', 'partly_paid') AND review IS NULL
    UNION ALL
    SELECT id, client_id, currency, issue_date, due_date, total_minor, paid_minor
      FROM invoices INDEXED BY invoices_paid_by_issue_date
     WHERE status = 'paid' AND issue_date > ?1 AND issue_date <= ?2";
const AGING_ONE_CLIENT_SQL: &str = "\
    SELECT id, client_id, currency, issue_date, due_date, total_minor, paid_minor
      FROM invoices INDEXED BY invoices_open_aging WHERE status IN ('sent', 'partly_paid') AND review IS NULL AND client_id = ?3
    UNION ALL
    SELECT id, client_id, currency, issue_date, due_date, total_minor, paid_minor
      FROM invoices INDEXED BY invoices_paid_by_issue_date
     WHERE status = 'paid' AND issue_date > ?1 AND issue_date <= ?2 AND client_id = ?3";

/// Streams every open invoice, plus the paid ones issued in the sales window, to `f` as an
/// iterator of [`AgingRow`]s; one prepared statement, nothing collected, no join.
///
/// The iterator stops at the first row that cannot be read (a currency or date the core does
/// not know); that error is then returned instead of `f`'s result, so a half-read book is never
/// mistaken for the whole one.
pub fn with_aging_rows<R>(
    conn: &Connection,
    scope: &AgingScope,
    f: impl FnOnce(&mut AgingRows<'_>) -> R,
) -> rusqlite::Result<R> {
    let (from, until) = (scope.sales_after, scope.sales_until);
    let mut stmt;
    let rows = match scope.client_id {
        None => {
            stmt = conn.prepare_cached(AGING_SQL)?;
            stmt.query(rusqlite::params![from, until])?
        }
        Some(client) => {
            stmt = conn.prepare_cached(AGING_ONE_CLIENT_SQL)?;
            stmt.query(rusqlite::params![from, until, client])?
        }
    };
    let mut iter = AgingRows { rows, currencies: CurrencyCache::default(), error: None };
    let result = f(&mut iter);
    match iter.error {
        Some(e) => Err(e),
        None => Ok(result),
    }
}

/// The rows of [`with_aging_rows`]. Reads columns by position and borrows their text, so a row
/// costs no allocation: currency codes go through a small cache, dates are parsed from bytes.
pub struct AgingRows<'stmt> {
    rows: rusqlite::Rows<'stmt>,
    currencies: CurrencyCache,
    error: Option<rusqlite::Error>,
}

impl std::fmt::Debug for AgingRows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgingRows").field("error", &self.error).finish_non_exhaustive()
    }
}

impl Iterator for AgingRows<'_> {
    type Item = AgingRow;

    fn next(&mut self) -> Option<AgingRow> {
        if self.error.is_some() {
            return None;
        }
        let read = match self.rows.next() {
            Ok(Some(row)) => aging_row(row, &mut self.currencies),
            Ok(None) => return None,
            Err(e) => Err(e),
        };
        read.map_err(|e| self.error = Some(e)).ok()
    }
}

fn aging_row(r: &Row<'_>, currencies: &mut CurrencyCache) -> rusqlite::Result<AgingRow> {
    let (total, paid) = (r.get(5)?, r.get(6)?);
    Ok(AgingRow {
        id: r.get(0)?,
        input: AgingInput {
            client_id: r.get(1)?,
            currency: currencies.get(2, r.get_ref(2)?.as_bytes()?)?,
            status: status_of(Lifecycle::Issued, total, paid),
            issue_date: date_bytes(3, r.get_ref(3)?.as_bytes()?)?,
            due_date: date_bytes(4, r.get_ref(4)?.as_bytes()?)?,
            total,
            paid,
        },
    })
}

/// The few currency codes a book uses, parsed once each.
#[derive(Default)]
struct CurrencyCache {
    seen: Vec<([u8; 3], Currency)>,
}

impl CurrencyCache {
    fn get(&mut self, column: usize, code: &[u8]) -> rusqlite::Result<Currency> {
        if let Some((_, c)) = self.seen.iter().find(|(k, _)| k.as_slice() == code) {
            return Ok(*c);
        }
        let text = std::str::from_utf8(code).map_err(|e| conversion(column, e))?;
        let currency: Currency = text.parse().map_err(|e| conversion(column, e))?;
        if let Ok(key) = <[u8; 3]>::try_from(code) {
            self.seen.push((key, currency));
        }
        Ok(currency)
    }
}

/// `YYYY-MM-DD` without going through a format string (this runs twice per row read).
fn date_bytes(column: usize, text: &[u8]) -> rusqlite::Result<NaiveDate> {
    let parsed = <&[u8; 10]>::try_from(text).ok().filter(|b| b[4] == b'-' && b[7] == b'-').and_then(|b| {
        let digit = |i: usize| Some(u32::from(b[i].wrapping_sub(b'0'))).filter(|d| *d < 10);
        let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
        let month = digit(5)? * 10 + digit(6)?;
        let day = digit(8)? * 10 + digit(9)?;
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
    });
    parsed.ok_or_else(|| conversion(column, BadDate(String::from_utf8_lossy(text).into_owned())))
}

#[derive(Debug, thiserror::Error)]
#[error("\"{0}\" is not a date (expected YYYY-MM-DD)")]
struct BadDate(String);

fn conversion(column: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, Type::Text, Box::new(e))
}

#[cfg(test)]
mod tests {
    use duly_core::Language;

    use super::*;
    use crate::{Store, clients};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn client(conn: &Connection, name: &str) -> i64 {
        let c = clients::Client {
            id: None,
            name: name.to_owned(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::En,
            currency: "EUR".parse().unwrap(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            created_at: "2026-01-01T00:00:00Z".to_owned(),
        };
        clients::insert(conn, &c).unwrap()
    }

    fn invoice(
        conn: &Connection,
        number: &str,
        client_id: i64,
        status: InvoiceStatus,
        issue: &str,
        total: i64,
        paid: i64,
    ) -> i64 {
        let inv = Invoice {
            id: None,
            number: number.to_owned(),
            client_id,
            issue_date: d(issue),
            due_date: d(issue) + chrono::Days::new(30),
            currency: "EUR".parse().unwrap(),
            tax_rate: 0,
            subtotal_minor: total,
            tax_minor: 0,
            total_minor: total,
            paid_minor: paid,
            status,
            notes: String::new(),
            created_at: "2026-01-01T00:00:00Z".to_owned(),
            updated_at: "2026-01-01T00:00:00Z".to_owned(),
        };
        insert(conn, &inv).unwrap()
    }

    fn read(conn: &Connection, scope: &AgingScope) -> Vec<i64> {
        let mut ids = with_aging_rows(conn, scope, |rows| rows.map(|r| r.id).collect::<Vec<_>>()).unwrap();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn reads_open_invoices_and_the_paid_ones_issued_in_the_sales_window() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let (a, b) = (client(conn, "A"), client(conn, "B"));
        let sent = invoice(conn, "1", a, InvoiceStatus::Sent, "2026-01-10", 100, 0);
        let partly = invoice(conn, "2", b, InvoiceStatus::PartlyPaid, "2025-01-10", 100, 40);
        let paid_in = invoice(conn, "3", a, InvoiceStatus::Paid, "2026-03-01", 100, 100);
        let _paid_before = invoice(conn, "4", a, InvoiceStatus::Paid, "2025-12-01", 100, 100);
        let _paid_after = invoice(conn, "5", a, InvoiceStatus::Paid, "2026-03-31", 100, 100);
        let _draft = invoice(conn, "6", a, InvoiceStatus::Draft, "2026-03-01", 100, 0);
        let _void = invoice(conn, "7", b, InvoiceStatus::Void, "2026-03-01", 100, 0);
        let scope = AgingScope { sales_after: d("2025-12-01"), sales_until: d("2026-03-30"), client_id: None };
        assert_eq!(read(conn, &scope), [sent, partly, paid_in]);
        assert_eq!(read(conn, &AgingScope { client_id: Some(a), ..scope }), [sent, paid_in]);
        assert_eq!(read(conn, &AgingScope { client_id: Some(b), ..scope }), [partly]);

        let rows = with_aging_rows(conn, &scope, |rows| rows.collect::<Vec<_>>()).unwrap();
        let p = rows.iter().find(|r| r.id == partly).unwrap().input;
        assert_eq!(
            p,
            AgingInput {
                client_id: b,
                currency: "EUR".parse().unwrap(),
                status: InvoiceStatus::PartlyPaid,
                issue_date: d("2025-01-10"),
                due_date: d("2025-02-09"),
                total: 100,
                paid: 40,
            }
        );
    }

    #[test]
    fn an_unreadable_row_is_an_error_not_a_shorter_book() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let a = client(conn, "A");
        invoice(conn, "1", a, InvoiceStatus::Sent, "2026-01-10", 100, 0);
        let bad = invoice(conn, "2", a, InvoiceStatus::Sent, "2026-01-11", 100, 0);
        conn.execute("UPDATE invoices SET due_date = '2026-02-30' WHERE id = ?1", [bad]).unwrap();
        let scope = AgingScope { sales_after: d("2026-01-01"), sales_until: d("2026-03-01"), client_id: None };
        let err = with_aging_rows(conn, &scope, |rows| rows.count()).unwrap_err();
        assert!(err.to_string().contains("2026-02-30"), "{err}");
        conn.execute("UPDATE invoices SET due_date = '2026-02-28', currency = 'XYZ' WHERE id = ?1", [bad]).unwrap();
        let err = with_aging_rows(conn, &scope, |rows| rows.count()).unwrap_err();
        assert!(err.to_string().contains("XYZ"), "{err}");
    }

    #[test]
    fn dates_are_read_strictly() {
        assert_eq!(date_bytes(0, b"2026-11-23").unwrap(), d("2026-11-23"));
        assert_eq!(date_bytes(0, b"2024-02-29").unwrap(), d("2024-02-29"));
        for bad in [&b"2026-1-23"[..], b"2026-13-01", b"2025-02-29", b"26-11-23", b"2026/11/23", b"2026-11-2x", b""] {
            assert!(date_bytes(0, bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn invoices_to_review_are_read_through_their_partial_index() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        for sql in [TO_REVIEW_COUNT_SQL, TO_REVIEW_SQL] {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let params: &[&dyn rusqlite::ToSql] = if sql.contains("?1") { &[&20] } else { &[] };
            let plan: Vec<String> = stmt.query_map(params, |r| r.get(3)).unwrap().collect::<Result<_, _>>().unwrap();
            let plan = plan.join("\n");
            assert!(plan.contains("invoices_to_review"), "{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "ordered by the index: {plan}");
        }
    }

    #[test]
    fn aging_reads_only_the_covering_indexes() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        for (sql, seek) in [(AGING_SQL, false), (AGING_ONE_CLIENT_SQL, true)] {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let params: &[&dyn rusqlite::ToSql] =
                if seek { &[&"2026-01-01", &"2026-03-01", &1] } else { &[&"2026-01-01", &"2026-03-01"] };
            let plan: Vec<String> = stmt.query_map(params, |r| r.get(3)).unwrap().collect::<Result<_, _>>().unwrap();
            let plan = plan.join("\n");
            assert!(plan.contains("USING COVERING INDEX invoices_open_aging"), "{plan}");
            assert!(
                plan.contains("USING COVERING INDEX invoices_paid_by_issue_date (issue_date>? AND issue_date<?)"),
                "{plan}"
            );
            assert_eq!(plan.contains("invoices_open_aging (client_id=?)"), seek, "{plan}");
        }
    }
}

/// An invoice a bank credit may pay: issued, not fully paid, not to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payable {
    pub id: i64,
    pub number: String,
    pub client_name: String,
    pub currency: String,
    pub open_minor: i64,
}

/// Every payable invoice, oldest due first (a payment that cannot tell two apart pays the older).
pub fn payable(conn: &Connection) -> rusqlite::Result<Vec<Payable>> {
    conn.prepare_cached(
        "SELECT i.id, i.number, c.name, i.currency, i.total_minor - i.paid_minor
         FROM invoices i JOIN clients c ON c.id = i.client_id
         WHERE i.status IN ('sent', 'partly_paid') AND i.review IS NULL AND i.total_minor > i.paid_minor
         ORDER BY i.due_date, i.id",
    )?
    .query_map([], |r| {
        Ok(Payable {
            id: r.get(0)?,
            number: r.get(1)?,
            client_name: r.get(2)?,
            currency: r.get(3)?,
            open_minor: r.get(4)?,
        })
    })?
    .collect()
}
