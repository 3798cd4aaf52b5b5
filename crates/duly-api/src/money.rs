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
