//! Tax rates (VAT, PPN, TVA) as exact integers.

use std::fmt;
use std::str::FromStr;

/// A tax rate in hundredths of a percent: 19 % is `TaxRate(1900)`, 9.5 % is `TaxRate(950)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct TaxRate(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxRateError {
    #[error("\"{0}\" is not a tax rate (expected a percentage such as 19 or 9.5, between 0 and 100)")]
    Invalid(String),
}

impl TaxRate {
    pub const ZERO: TaxRate = TaxRate(0);

    pub fn hundredths_of_percent(self) -> i64 {
        self.0
    }

    /// The tax on `base` minor units, rounded half away from zero to a whole minor unit.
    pub fn tax_on(self, base: i64) -> i64 {
        round_div(i128::from(base) * i128::from(self.0), 10_000)
    }
}

/// Integer division rounding half away from zero; the one rounding rule for money in Duly.
pub(crate) fn round_div(numerator: i128, denominator: i128) -> i64 {
    let rounded = round_div_wide(numerator, denominator);
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

/// [`round_div`] without narrowing, for callers that check the range themselves. Saturating
/// adds: a product of two `i64`s is far from `i128::MAX`, but this must never panic.
pub(crate) fn round_div_wide(numerator: i128, denominator: i128) -> i128 {
    let half = denominator / 2;
    if numerator >= 0 {
        numerator.saturating_add(half) / denominator
    } else {
        numerator.saturating_sub(half) / denominator
    }
}

impl FromStr for TaxRate {
    type Err = TaxRateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim().trim_end_matches('%').trim();
        let bad = || TaxRateError::Invalid(text.trim().to_owned());
        if t.is_empty() {
            return Ok(TaxRate::ZERO);
        }
        let (int_part, frac_part) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(int_part) || (t.contains('.') && !digits(frac_part)) {
            return Err(bad());
        }
        let frac = frac_part.trim_end_matches('0');
        if frac.len() > 2 || int_part.len() > 3 {
            return Err(bad());
        }
        let whole: i64 = int_part.parse().map_err(|_| bad())?;
        let hundredths: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<2}").parse().map_err(|_| bad())? };
        let rate = whole * 100 + hundredths;
        if rate > 10_000 {
            return Err(bad());
        }
        Ok(TaxRate(rate))
    }
}

impl fmt::Display for TaxRate {
    /// As a percentage without the sign, shortest exact form: 1900 → "19", 950 → "9.5".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        let frac = self.0 % 100;
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            write!(f, "{whole}.{}", format!("{frac:02}").trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_and_print() {
        for (text, value, shown) in [
            ("19", 1900, "19"),
            ("9.5", 950, "9.5"),
            ("11%", 1100, "11"),
            ("0", 0, "0"),
            ("", 0, "0"),
            ("7.25", 725, "7.25"),
        ] {
            let r: TaxRate = text.parse().unwrap();
            assert_eq!(r.0, value, "{text}");
            assert_eq!(r.to_string(), shown);
        }
        for bad in ["abc", "101", "-5", "1.234", "19,5"] {
            assert!(bad.parse::<TaxRate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn tax_rounds_half_away_from_zero() {
        let r = TaxRate(1900);
        assert_eq!(r.tax_on(159_999), 30_400); // 303.9981 → 304.00
        assert_eq!(TaxRate(5000).tax_on(1), 1); // 0.5 → 1
        assert_eq!(TaxRate(5000).tax_on(-1), -1);
        assert_eq!(TaxRate(1100).tax_on(0), 0);
    }
}
