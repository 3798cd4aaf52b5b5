//! The `statement_lines` table: bank statement lines already recorded or ignored, by line id.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::row::blank_as_null;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Paid,
    Ignored,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Paid => "paid",
            Self::Ignored => "ignored",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    pub line_id: String,
    pub file: String,
    pub booked_on: NaiveDate,
    pub amount_minor: i64,
    pub currency: String,
    pub payer: String,
    pub outcome: Outcome,
    pub imported_at: String,
}

/// Records a line; `false` when its id was already there (nothing written).
pub fn insert(conn: &Connection, l: &StatementLine) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO statement_lines (line_id, file, booked_on, amount_minor, currency, payer, outcome, imported_at)
             VALUES (:line_id, :file, :booked_on, :amount, :currency, :payer, :outcome, :imported_at)
             ON CONFLICT (line_id) DO NOTHING",
        )?
        .execute(named_params! {
            ":line_id": l.line_id,
            ":file": l.file,
            ":booked_on": l.booked_on,
            ":amount": l.amount_minor,
            ":currency": l.currency,
            ":payer": blank_as_null(&l.payer),
            ":outcome": l.outcome.as_str(),
            ":imported_at": l.imported_at,
        })?;
    Ok(n == 1)
}

/// What became of a line already seen: "paid" or "ignored"; `None` for a new line.
pub fn outcome_of(conn: &Connection, line_id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT outcome FROM statement_lines WHERE line_id = ?1")?
        .query_row([line_id], |r| r.get(0))
        .optional()
}
