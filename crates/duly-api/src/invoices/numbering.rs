//! The numbering settings: the pattern of invoice and credit-note numbers, the next of each, and
//! the rule that a number typed into the series may not leave a gap or repeat one.
//!
//! Credit notes have their own series (`CN-{YYYY}-{NNNN}` unless set): they are not invoices to
//! chase, live in their own table, and a separate series keeps the invoice series unbroken
//! whichever document is issued first, which is how Romanian and Indonesian accountants expect
//! to see them.

use chrono::{Datelike, NaiveDate};
use duly_core::NumberPattern;
use duly_store::{Connection, credit_notes, invoices as table, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ApiResult, Duly, ErrorCode, shared::parse};

const SETTINGS_KEY: &str = "numbering";
pub(crate) const DEFAULT_INVOICE_PATTERN: &str = "INV-{YYYY}-{NNNN}";
pub(crate) const DEFAULT_CREDIT_NOTE_PATTERN: &str = "CN-{YYYY}-{NNNN}";

/// What `settings.numbering` holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Saved {
    invoice_pattern: String,
    reset_yearly: bool,
    /// The counter the user set as the next one, and the year it was set for (a yearly series
    /// forgets it when the year changes).
    start: Option<(i32, u64)>,
    credit_note_pattern: String,
}

impl Default for Saved {
    fn default() -> Self {
        Self {
            invoice_pattern: DEFAULT_INVOICE_PATTERN.to_owned(),
            reset_yearly: true,
            start: None,
            credit_note_pattern: DEFAULT_CREDIT_NOTE_PATTERN.to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct NumberingSettings {
    /// Literal text with `{YYYY}` or `{YY}` and one counter `{NNNN}` (its width the number of N).
    pub invoice_pattern: String,
    /// The counter starts again at 1 each year (needs the year in the pattern).
    pub reset_yearly: bool,
    /// The number the next invoice issued today gets.
    pub next_invoice_number: String,
    pub credit_note_pattern: String,
    pub next_credit_note_number: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct NumberingInput {
    pub invoice_pattern: String,
    pub reset_yearly: bool,
    /// The next invoice number, in the pattern; `null` to keep counting. It may start a series
    /// that has no number yet this year (coming from another tool at 42), never skip or repeat.
    pub next_invoice_number: Option<String>,
    pub credit_note_pattern: Option<String>,
}

fn load(conn: &Connection) -> ApiResult<Saved> {
    match settings::get(conn, SETTINGS_KEY)? {
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            ApiError::new(ErrorCode::Storage, format!("the saved numbering settings cannot be read: {e}"))
        }),
        None => Ok(Saved::default()),
    }
}

fn pattern(field: &str, text: &str, reset_yearly: bool) -> ApiResult<NumberPattern> {
    NumberPattern::new(text.trim(), reset_yearly).map_err(|e| ApiError::invalid(format!("{field}: {e}")))
}

/// The invoice series as saved, with the floor the user set for `year`.
pub(crate) struct Series {
    pub pattern: NumberPattern,
    start: Option<(i32, u64)>,
    /// The user saved a series in Settings. Until then the default series only suggests the
    /// next number: databases from before issue 18 hold typed numbers with gaps in it.
    configured: bool,
}

impl Series {
    fn floor(&self, year: i32) -> u64 {
        match self.start {
            Some((y, n)) if y == year || !self.pattern.reset_yearly() => n,
            _ => 0,
        }
    }

    /// The next number in `year`'s run of the series.
    pub fn next(&self, conn: &Connection, year: i32) -> ApiResult<String> {
        let used = used_invoice_numbers(conn)?;
        Ok(self.pattern.next(used.iter().map(String::as_str), year, self.floor(year)))
    }

    /// Refuses `number` when it is in the series but is not the next one of its year: it would
    /// leave a gap (a higher counter) or repeat an earlier one. A number outside the series (an
    /// old tool's, a client's reference) is the user's to choose; the database refuses repeats.
    pub fn check_typed(&self, conn: &Connection, number: &str, issue_date: NaiveDate) -> ApiResult<()> {
        if !self.configured {
            return Ok(());
        }
        let Some(parsed) = self.pattern.parse(number) else { return Ok(()) };
        // A repeat is named as such by the database's unique number.
        if used_invoice_numbers(conn)?.iter().any(|n| n == number.trim()) {
            return Ok(());
        }
        let year = parsed.year.unwrap_or(issue_date.year());
        let expected = self.next(conn, year)?;
        if number.trim() != expected {
            return Err(ApiError::conflict(format!(
                "number: {} is not the next number in the series; the next is {expected} (numbers may not skip or repeat)",
                number.trim()
            )));
        }
        Ok(())
    }
}

pub(crate) fn invoice_series(conn: &Connection) -> ApiResult<Series> {
    let configured = settings::get(conn, SETTINGS_KEY)?.is_some();
    let saved = load(conn)?;
    Ok(Series {
        pattern: pattern("invoice_pattern", &saved.invoice_pattern, saved.reset_yearly)?,
        start: saved.start,
        configured,
    })
}

fn credit_note_pattern(text: &str) -> ApiResult<NumberPattern> {
    let probe = pattern("credit_note_pattern", text, false)?;
    pattern("credit_note_pattern", text, probe.has_year())
}

/// The next credit note number in `year`.
pub(crate) fn next_credit_note_number(conn: &Connection, year: i32) -> ApiResult<String> {
    let p = credit_note_pattern(&load(conn)?.credit_note_pattern)?;
    let used = credit_notes::numbers(conn)?;
    Ok(p.next(used.iter().map(String::as_str), year, 0))
}

fn used_invoice_numbers(conn: &Connection) -> ApiResult<Vec<String>> {
    Ok(table::numbers_with_prefix(conn, "")?)
}

impl Duly {
    pub fn numbering_get(&self) -> ApiResult<NumberingSettings> {
        let saved = load(self.conn())?;
        let year = self.today().year();
        Ok(NumberingSettings {
            next_invoice_number: invoice_series(self.conn())?.next(self.conn(), year)?,
            next_credit_note_number: next_credit_note_number(self.conn(), year)?,
            invoice_pattern: saved.invoice_pattern,
            reset_yearly: saved.reset_yearly,
            credit_note_pattern: saved.credit_note_pattern,
        })
    }

    pub fn numbering_set(&mut self, input: NumberingInput) -> ApiResult<NumberingSettings> {
        parse::text_limits([
            ("invoice_pattern", input.invoice_pattern.as_str(), parse::TextLimit::Short),
            ("credit_note_pattern", input.credit_note_pattern.as_deref().unwrap_or_default(), parse::TextLimit::Short),
        ])?;
        let old = load(self.conn())?;
        let invoice_pattern = pattern("invoice_pattern", &input.invoice_pattern, input.reset_yearly)?;
        let credit_text = match input.credit_note_pattern.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(t) => t.to_owned(),
            None => old.credit_note_pattern.clone(),
        };
        credit_note_pattern(&credit_text)?;
        let year = self.today().year();
        let same_series = old.invoice_pattern == invoice_pattern.to_string() && old.reset_yearly == input.reset_yearly;
        let mut series =
            Series { pattern: invoice_pattern, start: if same_series { old.start } else { None }, configured: true };
        if let Some(typed) = input.next_invoice_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let parsed = series.pattern.parse(typed).ok_or_else(|| {
                ApiError::invalid(format!(
                    "next_invoice_number: {typed} does not follow the pattern {}",
                    series.pattern
                ))
            })?;
            if parsed.year.is_some_and(|y| y != year) {
                return Err(ApiError::invalid(format!(
                    "next_invoice_number: {typed} is not in {year}, the current year"
                )));
            }
            let counted = series.next(self.conn(), year)?;
            let counted_n = series.pattern.parse(&counted).map_or(1, |p| p.counter);
            let series_started = counted_n > series.floor(year).max(1);
            if parsed.counter < counted_n {
                return Err(ApiError::conflict(format!(
                    "next_invoice_number: {typed} is already used or behind the series; the next is {counted}"
                )));
            }
            if parsed.counter > counted_n && series_started {
                return Err(ApiError::conflict(format!(
                    "next_invoice_number: {typed} would leave a gap after the numbers already issued; the next is {counted}"
                )));
            }
            series.start = Some((year, parsed.counter));
        }
        let saved = Saved {
            invoice_pattern: series.pattern.to_string(),
            reset_yearly: input.reset_yearly,
            start: series.start,
            credit_note_pattern: credit_text,
        };
        let json = serde_json::to_string(&saved).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let now = self.stamp();
        settings::set(self.conn(), SETTINGS_KEY, &json, &now)?;
        self.numbering_get()
    }
}
