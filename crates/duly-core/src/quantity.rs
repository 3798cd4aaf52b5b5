//! Quantities on invoice lines (hours, days, pieces), exact to a thousandth.

use std::fmt;
use std::str::FromStr;

/// A non-negative quantity in thousandths: "1.5" hours is `Quantity(1500)`.
///
/// Three decimals cover every unit freelancers bill in (hours to the minute is 1/60 ≈ 0.017);
/// more would only invite rounding surprises on the invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(pub i64);

const SCALE: i64 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("\"{0}\" is not a quantity (expected a number such as 2 or 1.5)")]
    NotAQuantity(String),
    #[error("\"{0}\" has more than 3 decimals")]
    TooManyDecimals(String),
    #[error("\"{0}\" is too large")]
    TooLarge(String),
}

impl Quantity {
    pub const ONE: Quantity = Quantity(SCALE);

    pub fn from_whole(units: i64) -> Self {
        Quantity(units * SCALE)
    }

    pub fn thousandths(self) -> i64 {
        self.0
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let bad = || QuantityError::NotAQuantity(t.to_owned());
        let (int_part, frac_part) = t.split_once('.').unwrap_or((t, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty()) || !digits(int_part) || !digits(frac_part) || t.ends_with('.')
        {
            return Err(bad());
        }
        let frac = frac_part.trim_end_matches('0');
        if frac.len() > 3 {
            return Err(QuantityError::TooManyDecimals(t.to_owned()));
        }
        let whole: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| QuantityError::TooLarge(t.to_owned()))?
        };
        let frac_value: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().map_err(|_| bad())? };
        whole
            .checked_mul(SCALE)
            .and_then(|w| w.checked_add(frac_value))
            .map(Quantity)
            .ok_or_else(|| QuantityError::TooLarge(t.to_owned()))
    }
}

impl fmt::Display for Quantity {
    /// The shortest exact decimal: 1500 → "1.5", 2000 → "2".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / SCALE;
        let frac = self.0 % SCALE;
        if frac == 0 {
            return write!(f, "{whole}");
        }
        let frac_text = format!("{frac:03}");
        write!(f, "{whole}.{}", frac_text.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        for (text, thousandths, shown) in [
            ("2", 2000, "2"),
            ("1.5", 1500, "1.5"),
            ("0.125", 125, "0.125"),
            (".25", 250, "0.25"),
            ("3.10", 3100, "3.1"),
        ] {
            let q: Quantity = text.parse().unwrap();
            assert_eq!(q.0, thousandths, "{text}");
            assert_eq!(q.to_string(), shown);
        }
    }

    #[test]
    fn refuses_what_it_cannot_represent() {
        assert!(matches!("1.0001".parse::<Quantity>(), Err(QuantityError::TooManyDecimals(_))));
        assert!(matches!("-1".parse::<Quantity>(), Err(QuantityError::NotAQuantity(_))));
        assert!(matches!("two".parse::<Quantity>(), Err(QuantityError::NotAQuantity(_))));
        assert!(matches!("1.".parse::<Quantity>(), Err(QuantityError::NotAQuantity(_))));
    }
}
