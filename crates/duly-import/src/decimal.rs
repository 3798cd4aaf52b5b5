//! Exact decimal numbers from text, and their conversion to minor units without floats.
//!
//! Policy (documented in docs/import-accuracy.md): amounts that say what is owed (totals,
//! amounts due, balances) must fit the currency exactly, or the file is refused: rounding what a
//! client owes is a decision for a person. Line values (unit prices with four decimals are
//! normal in EN 16931) are rounded half away from zero, as duly-core rounds, with a warning.

use duly_core::{Currency, MAX_AMOUNT_MINOR, max_amount_text};

/// A decimal as written: `mantissa × 10^-scale`. i128 with at most 30 significant digits keeps
/// every real amount exact and overflow impossible while scaling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

const MAX_DIGITS: usize = 30;

impl Decimal {
    /// Parses plain machine notation, exactly the lexical space of XML Schema's `xs:decimal`:
    /// an optional sign, digits with an optional `.` and digits, where either side of the point
    /// may be empty but not both (`64.`, `.5`, `+007.50` are all valid e-invoice values).
    /// Locale forms ("1.234,56", "$ 13.50") are normalised by the CSV reader before this.
    pub fn parse(text: &str) -> Option<Decimal> {
        let t = text.trim();
        let (negative, rest) = match t.as_bytes().first()? {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, t),
        };
        let (int_part, frac_part) = rest.split_once('.').unwrap_or((rest, ""));
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let int_trim = int_part.trim_start_matches('0');
        let frac_trim = frac_part.trim_end_matches('0');
        if int_trim.len() + frac_trim.len() > MAX_DIGITS {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in int_trim.bytes().chain(frac_trim.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        let scale = u32::try_from(frac_trim.len()).ok()?;
        Some(Decimal { mantissa: if negative { -mantissa } else { mantissa }, scale })
    }

    pub fn scale(self) -> u32 {
        self.scale
    }

    /// Exact value in units of 10^-`exp`, or `None` if it has finer digits than that.
    pub fn to_scaled_exact(self, exp: u32) -> Option<i64> {
        if self.scale > exp {
            return None;
        }
        let factor = 10_i128.checked_pow(exp - self.scale)?;
        i64::try_from(self.mantissa.checked_mul(factor)?).ok()
    }

    /// Value in units of 10^-`exp`, rounded half away from zero; also says whether it rounded.
    pub fn to_scaled_rounded(self, exp: u32) -> Option<(i64, bool)> {
        if self.scale <= exp {
            return self.to_scaled_exact(exp).map(|v| (v, false));
        }
        let divisor = 10_i128.checked_pow(self.scale - exp)?;
        let abs = self.mantissa.abs();
        let mut q = abs / divisor;
        let r = abs % divisor;
        if r * 2 >= divisor {
            q += 1;
        }
        let signed = if self.mantissa < 0 { -q } else { q };
        Some((i64::try_from(signed).ok()?, r != 0))
    }

    /// `None` also beyond duly-core's ceiling on one amount ([`MAX_AMOUNT_MINOR`]), so a file
    /// cannot bring in what a person could not type.
    pub fn to_minor_exact(self, currency: Currency) -> Option<i64> {
        self.to_scaled_exact(currency.exponent()).filter(|v| within_ceiling(*v))
    }

    pub fn to_minor_rounded(self, currency: Currency) -> Option<(i64, bool)> {
        self.to_scaled_rounded(currency.exponent()).filter(|(v, _)| within_ceiling(*v))
    }
}

fn within_ceiling(minor: i64) -> bool {
    minor.unsigned_abs() <= MAX_AMOUNT_MINOR.unsigned_abs()
}

/// Why an amount was refused, phrased for the user.
pub fn amount_reason(text: &str, currency: Currency) -> String {
    match Decimal::parse(text) {
        None => "expected a number such as 1500.00".to_owned(),
        Some(d) if d.scale() > currency.exponent() => format!(
            "{} has {} decimals; Duly does not round amounts owed, fix the file or the export",
            currency.code(),
            currency.exponent()
        ),
        Some(_) => format!("the amount is too large (one amount can be at most {})", max_amount_text(currency)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(c: &str) -> Currency {
        c.parse().unwrap()
    }

    #[test]
    fn exact_amounts_match_duly_core() {
        for (text, code) in [
            ("1656.25", "EUR"),
            ("-782179.43", "DKK"),
            ("8550", "EUR"),
            ("10.500", "EUR"),
            (".5", "USD"),
            ("12", "JPY"),
            ("1.234", "KWD"),
        ] {
            let ours = Decimal::parse(text).unwrap().to_minor_exact(cur(code)).unwrap();
            assert_eq!(ours, duly_core::parse_amount(text, cur(code)).unwrap(), "{text}");
        }
    }

    #[test]
    fn finer_than_the_currency_is_refused_exactly_and_rounded_on_request() {
        let d = Decimal::parse("0.8403").unwrap();
        assert_eq!(d.to_minor_exact(cur("EUR")), None);
        assert_eq!(d.to_minor_rounded(cur("EUR")), Some((84, true)));
        assert_eq!(Decimal::parse("-2.345").unwrap().to_minor_rounded(cur("EUR")), Some((-235, true)));
        assert_eq!(Decimal::parse("41.1765").unwrap().to_minor_rounded(cur("EUR")), Some((4118, true)));
        assert_eq!(Decimal::parse("2.5").unwrap().to_minor_rounded(cur("JPY")), Some((3, true)));
    }

    #[test]
    fn every_xs_decimal_form_reads_as_its_value() {
        for (text, minor) in
            [("64.", 6400), ("+64", 6400), ("0064.00", 6400), (".5", 50), ("-.5", -50), ("+007.50", 750), ("-0", 0)]
        {
            assert_eq!(Decimal::parse(text).and_then(|d| d.to_minor_exact(cur("EUR"))), Some(minor), "{text}");
        }
    }

    #[test]
    fn garbage_and_overflow_are_none() {
        for bad in ["", "-", ".", "+.", "1e5", "1,5", "--1", "+-1", "1.2.3", " ", "١٢", "1 000"] {
            assert_eq!(Decimal::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Decimal::parse("99999999999999999999").unwrap().to_minor_exact(cur("EUR")), None);
        assert_eq!(Decimal::parse(&"9".repeat(40)), None);
    }
}
