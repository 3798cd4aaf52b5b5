//! Amounts of money: integer minor units tagged with their currency.

use std::collections::BTreeMap;

use crate::currency::Currency;

/// The largest amount, in minor units, that any one price, line, invoice total or payment may be
/// (either sign): 10^15.
///
/// Generous for real use: ten trillion euros, or ten trillion rupiah (IDR has two decimals in
/// ISO 4217), far beyond any invoice a freelancer writes. And it leaves headroom: `i64` holds
/// about 9.2 × 10^18, so more than nine thousand amounts at the ceiling add up without
/// overflowing, where two amounts of 9 × 10^16 major units did not. Sums are checked all the same
/// ([`MoneyError::Overflow`], [`CurrencyTotals::add`]), because a database can hold more invoices
/// than that, or amounts written before the ceiling existed.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// An amount in integer minor units (cents, bani, sen) of one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("\"{0}\" is not an amount (expected digits with an optional decimal point, e.g. 1500.00)")]
    NotAnAmount(String),
    #[error("\"{text}\" has more decimals than {currency} allows ({exponent})")]
    TooManyDecimals { text: String, currency: Currency, exponent: u32 },
    #[error("\"{text}\" is too large (one amount can be at most {max})")]
    TooLarge { text: String, max: String },
    #[error("cannot combine {0} and {1}: amounts in different currencies are never added together")]
    CurrencyMismatch(Currency, Currency),
    #[error("the amounts in {0} are too large to add up")]
    Overflow(Currency),
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self { minor: 0, currency }
    }

    /// Parses a decimal amount as typed by a person or written in a file ("1500", "99.99").
    pub fn parse(text: &str, currency: Currency) -> Result<Self, MoneyError> {
        parse_amount(text, currency).map(|minor| Self { minor, currency })
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        let minor = self.minor.checked_add(other.minor).ok_or(MoneyError::Overflow(self.currency))?;
        Ok(Money { minor, currency: self.currency })
    }

    /// The amount as a plain decimal string with exactly the currency's decimals ("1903.99").
    /// Locale-aware display is [`crate::format_money`]; this form is for files and machines.
    pub fn to_decimal_string(self) -> String {
        let exp = self.currency.exponent() as usize;
        let digits = self.minor.unsigned_abs().to_string();
        let sign = if self.minor < 0 { "-" } else { "" };
        if exp == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = exp + 1);
        let (int, frac) = padded.split_at(padded.len() - exp);
        format!("{sign}{int}.{frac}")
    }
}

/// Parses a decimal amount into minor units of `currency`, exactly.
///
/// Accepts an optional leading minus, digits, and at most the currency's number of decimals
/// after a point. Grouping separators are refused rather than guessed: "1,500" could be one and a
/// half or fifteen hundred, and guessing wrong would silently change an invoice by 1000×.
pub fn parse_amount(text: &str, currency: Currency) -> Result<i64, MoneyError> {
    let trimmed = text.trim();
    let not_amount = || MoneyError::NotAnAmount(trimmed.to_owned());
    let (negative, unsigned) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, f),
        None => (unsigned, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
        || (unsigned.contains('.') && frac_part.is_empty())
    {
        return Err(not_amount());
    }
    let exp = currency.exponent();
    // Trailing zeros beyond the exponent are harmless ("10.500" EUR is 10.50).
    let frac_significant = frac_part.trim_end_matches('0');
    if frac_significant.len() > exp as usize {
        return Err(MoneyError::TooManyDecimals { text: trimmed.to_owned(), currency, exponent: exp });
    }
    let too_large = || MoneyError::TooLarge { text: trimmed.to_owned(), max: max_amount_text(currency) };
    let int_value: i64 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| too_large())? };
    let frac_padded = format!("{frac_significant:0<width$}", width = exp as usize);
    let frac_value: i64 = if frac_padded.is_empty() { 0 } else { frac_padded.parse().map_err(|_| not_amount())? };
    let minor = int_value
        .checked_mul(currency.minor_per_major())
        .and_then(|v| v.checked_add(frac_value))
        .filter(|v| *v <= MAX_AMOUNT_MINOR)
        .ok_or_else(too_large)?;
    Ok(if negative { -minor } else { minor })
}

/// Refuses an amount computed from others (a line's quantity × price, an invoice's total) that
/// is beyond [`MAX_AMOUNT_MINOR`], naming it and the ceiling in the currency's decimals.
pub fn check_amount(minor: i64, currency: Currency) -> Result<i64, MoneyError> {
    if minor.unsigned_abs() <= MAX_AMOUNT_MINOR.unsigned_abs() {
        Ok(minor)
    } else {
        Err(MoneyError::TooLarge {
            text: Money::new(minor, currency).to_decimal_string(),
            max: max_amount_text(currency),
        })
    }
}

/// The ceiling as a person reads it, e.g. "10000000000000.00 EUR".
pub fn max_amount_text(currency: Currency) -> String {
    format!("{} {currency}", Money::new(MAX_AMOUNT_MINOR, currency).to_decimal_string())
}

/// One running sum per currency; the only way Duly totals amounts of mixed currencies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurrencyTotals(BTreeMap<Currency, i64>);

impl CurrencyTotals {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `money` to its currency's sum; a sum beyond `i64` is refused, never wrapped.
    pub fn add(&mut self, money: Money) -> Result<(), MoneyError> {
        let sum = self.0.entry(money.currency).or_insert(0);
        *sum = sum.checked_add(money.minor).ok_or(MoneyError::Overflow(money.currency))?;
        Ok(())
    }

    pub fn get(&self, currency: Currency) -> i64 {
        self.0.get(&currency).copied().unwrap_or(0)
    }

    /// Sums in currency-code order, which is the order every report shows them in.
    pub fn iter(&self) -> impl Iterator<Item = Money> + '_ {
        self.0.iter().map(|(&currency, &minor)| Money { minor, currency })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        code.parse().unwrap()
    }

    #[test]
    fn ten_cents_and_twenty_cents_make_thirty_exactly() {
        let eur = cur("EUR");
        let a = Money::parse("0.10", eur).unwrap();
        let b = Money::parse("0.20", eur).unwrap();
        let sum = a.checked_add(b).unwrap();
        assert_eq!(sum.minor, 30);
        assert_eq!(sum, Money::parse("0.30", eur).unwrap());
        assert_eq!(sum.to_decimal_string(), "0.30");
    }

    #[test]
    fn rupiah_millions_round_trip() {
        let idr = cur("IDR");
        let m = Money::parse("1500000", idr).unwrap();
        assert_eq!(m.minor, 150_000_000);
        assert_eq!(m.to_decimal_string(), "1500000.00");
        assert_eq!(Money::parse(&m.to_decimal_string(), idr).unwrap(), m);
    }

    #[test]
    fn exponents_decide_the_minor_unit() {
        assert_eq!(parse_amount("12.5", cur("RON")).unwrap(), 1250);
        assert_eq!(parse_amount("12", cur("JPY")).unwrap(), 12);
        assert_eq!(parse_amount("1.234", cur("KWD")).unwrap(), 1234);
        assert_eq!(parse_amount(".5", cur("USD")).unwrap(), 50);
        assert_eq!(parse_amount("-3.07", cur("USD")).unwrap(), -307);
        assert_eq!(parse_amount("10.500", cur("EUR")).unwrap(), 1050);
    }

    #[test]
    fn ambiguous_or_wrong_text_is_refused_with_the_text_named() {
        let eur = cur("EUR");
        for bad in ["", "abc", "1,500", "1.2.3", "12.", "1e5", "+-1", "€5"] {
            let err = parse_amount(bad, eur).unwrap_err();
            assert!(err.to_string().contains(bad.trim()), "{bad}: {err}");
        }
        assert!(matches!(parse_amount("1.234", eur), Err(MoneyError::TooManyDecimals { .. })));
        assert!(matches!(parse_amount("0.5", cur("JPY")), Err(MoneyError::TooManyDecimals { .. })));
        assert!(matches!(parse_amount("99999999999999999999", eur), Err(MoneyError::TooLarge { .. })));
    }

    #[test]
    fn one_amount_is_at_most_the_ceiling_and_sums_never_wrap() {
        let eur = cur("EUR");
        assert_eq!(parse_amount("10000000000000", eur).unwrap(), MAX_AMOUNT_MINOR);
        assert_eq!(parse_amount("-10000000000000", eur).unwrap(), -MAX_AMOUNT_MINOR);
        let err = parse_amount("10000000000000.01", eur).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"10000000000000.01\" is too large (one amount can be at most 10000000000000.00 EUR)"
        );
        assert!(matches!(parse_amount("90000000000000000", eur), Err(MoneyError::TooLarge { .. })));
        assert!(check_amount(MAX_AMOUNT_MINOR + 1, eur).is_err());
        let mut totals = CurrencyTotals::new();
        totals.add(Money::new(i64::MAX - 1, eur)).unwrap();
        assert_eq!(totals.add(Money::new(2, eur)), Err(MoneyError::Overflow(eur)));
        assert_eq!(Money::new(i64::MAX, eur).checked_add(Money::new(1, eur)), Err(MoneyError::Overflow(eur)));
    }

    #[test]
    fn currencies_never_mix() {
        let err = Money::new(1, cur("EUR")).checked_add(Money::new(1, cur("RON"))).unwrap_err();
        assert_eq!(err, MoneyError::CurrencyMismatch(cur("EUR"), cur("RON")));
        let mut totals = CurrencyTotals::new();
        totals.add(Money::new(100, cur("RON"))).unwrap();
        totals.add(Money::new(5, cur("EUR"))).unwrap();
        totals.add(Money::new(7, cur("RON"))).unwrap();
        let all: Vec<_> = totals.iter().map(|m| (m.currency.code(), m.minor)).collect();
        assert_eq!(all, vec![("EUR", 5), ("RON", 107)]);
    }

    proptest! {
        #[test]
        fn decimal_strings_round_trip(minor in -1_000_000_000_000_i64..1_000_000_000_000, code in prop::sample::select(vec!["EUR", "USD", "RON", "IDR", "JPY", "KWD"])) {
            let m = Money::new(minor, cur(code));
            prop_assert_eq!(Money::parse(&m.to_decimal_string(), m.currency).unwrap(), m);
        }
    }
}
