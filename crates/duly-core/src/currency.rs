//! ISO 4217 currencies, with the exponent that decides what a "minor unit" is.

use std::fmt;
use std::str::FromStr;

/// An ISO 4217 currency that has a minor unit (every currency an invoice can be written in).
///
/// The exponent comes from the ISO 4217 table (via `iso_currency`), not from habit: IDR has
/// exponent 2 there even though rupiah amounts are usually written without cents, so an IDR
/// amount read from an e-invoice with decimals is still exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(iso_currency::Currency);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    #[error("unknown currency code \"{0}\" (expected an ISO 4217 code such as EUR, USD, RON or IDR)")]
    Unknown(String),
    #[error("currency {0} has no minor unit and cannot be used for invoices")]
    NoMinorUnit(String),
}

impl Currency {
    /// The three-letter ISO code, e.g. `"RON"`.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Number of decimal places of the minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    pub fn exponent(self) -> u32 {
        // `from_code` below only admits currencies that have an exponent.
        u32::from(self.0.exponent().unwrap_or(0))
    }

    /// Ten to the power of the exponent: minor units per major unit.
    pub fn minor_per_major(self) -> i64 {
        10_i64.pow(self.exponent())
    }

    /// Minor units in the smallest amount people pay in this currency: whole rupiah and whole
    /// forint (ISO 4217 gives both two decimals, but no price, transfer or demand is written in
    /// sen or fillér), the minor unit itself elsewhere. Computed charges (interest, fees) are
    /// rounded to it, so a demand letter never asks for "Rp 57.000,50".
    pub fn cash_unit(self) -> i64 {
        match self.code() {
            "IDR" | "HUF" => self.minor_per_major(),
            _ => 1,
        }
    }

    /// `minor` rounded half away from zero to the currency's [`cash unit`](Self::cash_unit).
    pub fn round_to_cash(self, minor: i64) -> i64 {
        crate::tax::round_div(i128::from(minor), i128::from(self.cash_unit())).saturating_mul(self.cash_unit())
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        let upper = code.trim().to_ascii_uppercase();
        let iso =
            iso_currency::Currency::from_code(&upper).ok_or_else(|| CurrencyError::Unknown(code.trim().to_owned()))?;
        if iso.exponent().is_none() {
            return Err(CurrencyError::NoMinorUnit(upper));
        }
        Ok(Self(iso))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_follow_iso_4217() {
        for (code, exp) in [("EUR", 2), ("USD", 2), ("RON", 2), ("IDR", 2), ("JPY", 0), ("KWD", 3)] {
            let c: Currency = code.parse().unwrap();
            assert_eq!(c.exponent(), exp, "{code}");
        }
    }

    #[test]
    fn charges_round_to_whole_rupiah_and_stay_exact_in_euro() {
        let idr: Currency = "IDR".parse().unwrap();
        assert_eq!(idr.round_to_cash(5_700_050), 5_700_100, "Rp 57.000,50 is Rp 57.001");
        assert_eq!(idr.round_to_cash(283_700_082), 283_700_100);
        assert_eq!(idr.round_to_cash(4_931_507), 4_931_500);
        let eur: Currency = "EUR".parse().unwrap();
        assert_eq!(eur.round_to_cash(6_575), 6_575);
        let jpy: Currency = "JPY".parse().unwrap();
        assert_eq!(jpy.round_to_cash(57), 57);
    }

    #[test]
    fn codes_are_case_insensitive_and_unknown_ones_are_named() {
        assert_eq!("ron".parse::<Currency>().unwrap().code(), "RON");
        let err = "XYZ1".parse::<Currency>().unwrap_err();
        assert!(err.to_string().contains("XYZ1"));
        assert!(matches!("XXX".parse::<Currency>(), Err(CurrencyError::NoMinorUnit(_))));
    }
}
