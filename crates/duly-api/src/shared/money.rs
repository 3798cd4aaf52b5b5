//! Amounts as they cross the boundary: minor units for machines, a formatted string for people.

use duly_core::{Currency, Language, Money, format_money};
use serde::Serialize;
use ts_rs::TS;

/// An amount in one currency, with its display form in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CurrencyAmount {
    pub currency: String,
    pub minor: i64,
    pub display: String,
}

impl CurrencyAmount {
    pub(crate) fn new(minor: i64, currency: Currency, language: Language) -> Self {
        Self { currency: currency.code().to_owned(), minor, display: display(minor, currency, language) }
    }
}

pub(crate) fn display(minor: i64, currency: Currency, language: Language) -> String {
    format_money(Money::new(minor, currency), language)
}

/// `minor` units of the ISO 4217 `currency` as a person reads them in `language` ("EUR 1,234.50"),
/// for callers that print a DTO's minor units themselves (the CLI's text output); `None` for a
/// code that is not a currency.
pub fn display_amount(minor: i64, currency: &str, language: crate::Language) -> Option<String> {
    let currency: Currency = currency.parse().ok()?;
    Some(display(minor, currency, language.into()))
}
