//! Reading user input: every failure names the field (or line) and what was expected, so the
//! message can be shown as it is.

use chrono::NaiveDate;
use duly_core::{Currency, Quantity, TaxRate, parse_amount};

use crate::error::ApiError;

pub(crate) fn date(field: &str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::invalid(format!("{field}: \"{}\" is not a date (expected YYYY-MM-DD)", text.trim())))
}

pub(crate) fn optional_date(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => date(field, t).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn currency(field: &str, text: &str) -> Result<Currency, ApiError> {
    text.parse().map_err(|e| ApiError::invalid(format!("{field}: {e}")))
}

pub(crate) fn amount(field: &str, text: &str, currency: Currency) -> Result<i64, ApiError> {
    parse_amount(text, currency).map_err(|e| ApiError::invalid(format!("{field}: {e}")))
}

pub(crate) fn quantity(field: &str, text: &str) -> Result<Quantity, ApiError> {
    text.parse().map_err(|e| ApiError::invalid(format!("{field}: {e}")))
}

pub(crate) fn tax_rate(field: &str, text: &str) -> Result<TaxRate, ApiError> {
    text.parse().map_err(|e| ApiError::invalid(format!("{field}: {e}")))
}

pub(crate) fn required<'a>(field: &str, text: &'a str) -> Result<&'a str, ApiError> {
    let t = text.trim();
    if t.is_empty() { Err(ApiError::invalid(format!("{field} is required"))) } else { Ok(t) }
}
