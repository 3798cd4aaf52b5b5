//! Reading user input: every failure names the field (or line) and what was expected, so the
//! message can be shown as it is.

use chrono::NaiveDate;
use duly_core::{
    Currency, LineItem, Quantity, TaxRate, Totals, TotalsError, compute_totals, max_amount_text, parse_amount,
};

use crate::shared::error::{ApiError, FieldProblem};

pub(crate) fn date(field: &str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        let message = format!("{field}: \"{}\" is not a date (expected YYYY-MM-DD)", text.trim());
        ApiError::field(field, FieldProblem::NotADate, message).with_value(text)
    })
}

pub(crate) fn optional_date(field: &str, text: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => date(field, t).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn currency(field: &str, text: &str) -> Result<Currency, ApiError> {
    text.parse().map_err(|e| ApiError::field(field, FieldProblem::Invalid, format!("{field}: {e}")).with_value(text))
}

pub(crate) fn amount(field: &str, text: &str, currency: Currency) -> Result<i64, ApiError> {
    parse_amount(text, currency)
        .map_err(|e| ApiError::field(field, FieldProblem::Invalid, format!("{field}: {e}")).with_value(text))
}

pub(crate) fn quantity(field: &str, text: &str) -> Result<Quantity, ApiError> {
    text.parse().map_err(|e| ApiError::field(field, FieldProblem::Invalid, format!("{field}: {e}")).with_value(text))
}

pub(crate) fn tax_rate(field: &str, text: &str) -> Result<TaxRate, ApiError> {
    text.parse().map_err(|e| ApiError::field(field, FieldProblem::Invalid, format!("{field}: {e}")).with_value(text))
}

pub(crate) fn required<'a>(field: &str, text: &'a str) -> Result<&'a str, ApiError> {
    let t = text.trim();
    if t.is_empty() {
        Err(ApiError::field(field, FieldProblem::Required, format!("{field} is required")))
    } else {
        Ok(t)
    }
}

/// An invoice's totals, refused with the line or total named when an amount goes beyond
/// [`duly_core::MAX_AMOUNT_MINOR`] (see there for why the ceiling is where it is). `line` names a
/// line by its index among `items`, the way the caller numbered them.
pub(crate) fn totals(
    items: &[LineItem],
    tax_rate: TaxRate,
    currency: Currency,
    line: impl Fn(usize) -> String,
) -> Result<Totals, ApiError> {
    compute_totals(items, tax_rate).map_err(|e| {
        let max = max_amount_text(currency);
        match e {
            TotalsError::Line(i) => ApiError::invalid(format!(
                "{}: quantity × unit price comes to more than one amount can be ({max})",
                line(i)
            )),
            TotalsError::Total => {
                ApiError::invalid(format!("lines: the invoice total comes to more than one amount can be ({max})"))
            }
        }
    })
}

/// How much text one field may hold, in characters.
///
/// Nothing a person types or a file holds is legitimately longer, and a limit keeps a pasted
/// or imported blob (a 15 MB client name) out of the database, the lists, every PDF and every
/// email it would otherwise be copied into. Names and short identifiers get a line's worth;
/// addresses a few lines; notes and descriptions a few pages; an email body more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextLimit {
    /// Names, numbers, tax ids, emails, phones, codes: 200.
    Short,
    /// Postal addresses, email subjects: 1 000.
    Address,
    /// Notes, line descriptions: 10 000.
    Long,
    /// An email's body, which quotes invoices and notes: 100 000.
    Body,
}

impl TextLimit {
    pub(crate) const fn max_chars(self) -> usize {
        match self {
            Self::Short => 200,
            Self::Address => 1_000,
            Self::Long => 10_000,
            Self::Body => 100_000,
        }
    }
}

/// Refuses text longer than `limit`, naming the field, the length and the limit.
pub(crate) fn text_limit(field: &str, text: &str, limit: TextLimit) -> Result<(), ApiError> {
    let max = limit.max_chars();
    // Bytes bound characters from above: most text is decided without counting.
    if text.len() > max {
        let length = text.chars().count();
        if length > max {
            return Err(ApiError::too_long(
                field,
                max,
                format!("{field}: {length} characters is too long (at most {max})"),
            ));
        }
    }
    Ok(())
}

/// [`text_limit`] over several fields at once: `(field, text, limit)`.
pub(crate) fn text_limits<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str, TextLimit)>) -> Result<(), ApiError> {
    fields.into_iter().try_for_each(|(field, text, limit)| text_limit(field, text, limit))
}
