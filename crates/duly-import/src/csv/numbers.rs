//! Amounts as spreadsheets write them ("1.234,56", "$13.50 ", "1,020.00", "(12.00)") turned into
//! plain decimal text, with the decimal separator decided once per file.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    Point,
    Comma,
}

/// Currency symbols and the ISO code they stand for. "$" alone is resolved by the caller
/// (USD unless the business's own currency is another dollar).
const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₹", "INR"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("Rp", "IDR"),
    ("lei", "RON"),
    ("zł", "PLN"),
    ("Kč", "CZK"),
    ("Ft", "HUF"),
    ("₪", "ILS"),
    ("¥", "JPY"),
    ("CHF", "CHF"),
    ("$", "$"),
];

/// Splits a cell into the currency it names (symbol or ISO code) and the bare number text.
pub fn strip_currency(cell: &str) -> (Option<&'static str>, Cow<'_, str>) {
    // Most cells are bare numbers: every symbol and ISO code has a letter, a "$" or a non-ASCII
    // character, so a cell of digits and separators names none (and the 15 substring searches
    // below were the CSV import's largest cost: issue 19).
    if cell.bytes().all(|b| b.is_ascii_digit() || b".,-+() '".contains(&b)) {
        return (None, Cow::Borrowed(cell.trim()));
    }
    let mut rest = cell.trim().to_owned();
    let mut found = None;
    for (sym, code) in SYMBOLS {
        if let Some(pos) = rest.find(sym) {
            // Letters-only symbols must stand alone ("Rs 1939", "12 lei"), not inside words.
            let before_ok = rest[..pos].chars().last().is_none_or(|c| !c.is_alphabetic());
            let after_ok = rest[pos + sym.len()..].chars().next().is_none_or(|c| !c.is_alphabetic());
            if before_ok && after_ok {
                found = Some(*code);
                rest.replace_range(pos..pos + sym.len(), "");
                break;
            }
        }
    }
    // A trailing or leading ISO code: "1,234.50 EUR", "RON 12".
    let t = rest.trim().to_owned();
    let code_at = |s: &str| s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase());
    if let Some((a, b)) = t.split_once(' ') {
        if code_at(b.trim()) && found.is_none() {
            return (iso(b.trim()), Cow::Owned(a.trim().to_owned()));
        }
        if code_at(a.trim()) && found.is_none() {
            return (iso(a.trim()), Cow::Owned(b.trim().to_owned()));
        }
    }
    (found, Cow::Owned(t))
}

fn iso(code: &str) -> Option<&'static str> {
    // Leak-free: look the code up in duly-core's table and keep its static name.
    code.parse::<duly_core::Currency>().ok().map(duly_core::Currency::code)
}

/// What one cell says about the file's decimal separator: only its digits and separators
/// count, read in place (no copy: it runs on every amount of the file).
pub fn vote(number: &str) -> Option<DecimalSeparator> {
    let kept = number.bytes().filter(|b| b.is_ascii_digit() || *b == b'.' || *b == b',');
    let mut seen = Kept { len: 0, first_zero: false, dots: 0, commas: 0, last_dot: None, last_comma: None };
    for (i, b) in kept.enumerate() {
        if i == 0 {
            seen.first_zero = b == b'0';
        }
        match b {
            b'.' => (seen.dots, seen.last_dot) = (seen.dots + 1, Some(i)),
            b',' => (seen.commas, seen.last_comma) = (seen.commas + 1, Some(i)),
            _ => {}
        }
        seen.len = i + 1;
    }
    match (seen.last_dot, seen.last_comma) {
        (Some(d), Some(c)) => Some(if d > c { DecimalSeparator::Point } else { DecimalSeparator::Comma }),
        (Some(d), None) => single(&seen, seen.dots, d, DecimalSeparator::Point, DecimalSeparator::Comma),
        (None, Some(c)) => single(&seen, seen.commas, c, DecimalSeparator::Comma, DecimalSeparator::Point),
        (None, None) => None,
    }
}

/// The digits and separators of a cell, as [`vote`] needs them.
struct Kept {
    len: usize,
    first_zero: bool,
    dots: usize,
    commas: usize,
    last_dot: Option<usize>,
    last_comma: Option<usize>,
}

/// Only one kind of separator: repeated, it groups thousands; followed by other than three
/// digits, it is the decimal point; "1,500" or "1.500" says nothing.
fn single(
    t: &Kept,
    count: usize,
    at: usize,
    as_decimal: DecimalSeparator,
    as_group: DecimalSeparator,
) -> Option<DecimalSeparator> {
    if count > 1 {
        return Some(as_group);
    }
    let digits_after = t.len - at - 1;
    // A group never starts with 0, so "0.500" is a decimal.
    if digits_after == 3 && at > 0 && !t.first_zero { None } else { Some(as_decimal) }
}

/// Plain decimal text ("-1234.56") from a cell's number part, given the file's separator.
/// Parentheses and a trailing minus mean negative, as accounting exports write them.
pub fn normalise(number: &str, sep: DecimalSeparator) -> Option<String> {
    let mut t = number.trim();
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].trim();
    }
    if let Some(stripped) = t.strip_suffix('-') {
        negative = true;
        t = stripped.trim();
    }
    if let Some(stripped) = t.strip_prefix('-') {
        negative = !negative;
        t = stripped.trim();
    } else if let Some(stripped) = t.strip_prefix('+') {
        t = stripped.trim();
    }
    let (decimal, group) = match sep {
        DecimalSeparator::Point => ('.', ','),
        DecimalSeparator::Comma => (',', '.'),
    };
    // Grouping may be the other separator, a space, a narrow no-break space or an apostrophe.
    // One pass, one allocation: anything but digits, one decimal separator and grouping fails.
    let mut plain = String::with_capacity(t.len() + 1);
    if negative {
        plain.push('-');
    }
    let (mut decimals, mut digits) = (0, false);
    for c in t.chars() {
        if c == group || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'') {
            continue;
        }
        if c == decimal {
            decimals += 1;
            plain.push('.');
        } else if c.is_ascii_digit() {
            digits = true;
            plain.push(c);
        } else {
            return None;
        }
    }
    (decimals <= 1 && digits).then_some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalSeparator::*;

    #[test]
    fn votes() {
        assert_eq!(vote("1.234,56"), Some(Comma));
        assert_eq!(vote("1,020.00"), Some(Point));
        assert_eq!(vote("12,5"), Some(Comma));
        assert_eq!(vote("13.50"), Some(Point));
        assert_eq!(vote("1,500"), None);
        assert_eq!(vote("1.500.000"), Some(Comma));
        assert_eq!(vote("7890"), None);
        assert_eq!(vote("0.000"), Some(Point));
    }

    #[test]
    fn normalising() {
        assert_eq!(normalise("1.234,56", Comma).as_deref(), Some("1234.56"));
        assert_eq!(normalise("1,020.00", Point).as_deref(), Some("1020.00"));
        assert_eq!(normalise("(12.00)", Point).as_deref(), Some("-12.00"));
        assert_eq!(normalise("12.00-", Point).as_deref(), Some("-12.00"));
        assert_eq!(normalise("1 234,5", Comma).as_deref(), Some("1234.5"));
        assert_eq!(normalise("1.2.3", Point), None);
        assert_eq!(normalise("abc", Point), None);
        assert_eq!(strip_currency("$13.50 "), (Some("$"), Cow::from("13.50")));
        assert_eq!(strip_currency("€ 717,97"), (Some("EUR"), Cow::from("717,97")));
        assert_eq!(strip_currency("1,234.50 EUR"), (Some("EUR"), Cow::from("1,234.50")));
        assert_eq!(strip_currency("Rs 1939"), (Some("INR"), Cow::from("1939")));
        assert_eq!(strip_currency("12"), (None, Cow::from("12")));
    }
}
