//! The languages Duly speaks and how amounts are written in each of them.

use std::fmt;
use std::str::FromStr;

use crate::money::Money;

/// A language of the UI, of a client, of a message or a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    En,
    Id,
    Ro,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language \"{0}\" (expected en, id or ro)")]
pub struct UnknownLanguage(pub String);

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Id, Language::Ro];

    /// The BCP 47 code stored in the database and sent to the UI.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Id => "id",
            Language::Ro => "ro",
        }
    }

    fn separators(self) -> (char, char) {
        match self {
            Language::En => (',', '.'),
            Language::Id | Language::Ro => ('.', ','),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    /// Accepts the bare code or a locale tag ("ro-RO", "id_ID.UTF-8").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let primary = s.trim().split(['-', '_', '.']).next().unwrap_or("").to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary).ok_or_else(|| UnknownLanguage(s.to_owned()))
    }
}

/// Writes an amount the way a reader of `language` expects it on an invoice or in a letter:
/// `€1,234.56` and `RON 1,234.56` in English, `1.234,56 lei` in Romanian, `Rp 1.500.000` in
/// Indonesian.
///
/// Rupiah amounts drop a zero fraction in every language: "Rp 1.500.000,00" reads as pedantic
/// to an Indonesian client, while a real fraction (rare, but e-invoices allow it) is kept exact.
pub fn format_money(money: Money, language: Language) -> String {
    let code = money.currency.code();
    let exponent = money.currency.exponent();
    let exp = exponent as usize;
    let (group_sep, decimal_sep) = language.separators();
    let abs = money.minor.unsigned_abs();
    let divisor = 10_u64.pow(exponent);
    let (whole, frac) = (abs / divisor, abs % divisor);
    let mut number = group_thousands(whole, group_sep);
    let hide_zero_fraction = code == "IDR" && frac == 0;
    if exp > 0 && !hide_zero_fraction {
        number.push(decimal_sep);
        number.push_str(&format!("{frac:0exp$}"));
    }
    let sign = if money.minor < 0 { "-" } else { "" };
    match (language, code) {
        (Language::En, "EUR") => format!("{sign}€{number}"),
        (Language::En, "USD") => format!("{sign}${number}"),
        (Language::En, "GBP") => format!("{sign}£{number}"),
        (Language::En, _) => format!("{sign}{code} {number}"),
        (Language::Ro, "RON") => format!("{sign}{number} lei"),
        (Language::Ro, "EUR") => format!("{sign}{number} €"),
        (Language::Ro, _) => format!("{sign}{number} {code}"),
        (Language::Id, "IDR") => format!("{sign}Rp {number}"),
        (Language::Id, _) => format!("{sign}{code} {number}"),
    }
}

fn group_thousands(value: u64, sep: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str, code: &str) -> Money {
        Money::parse(text, code.parse().unwrap()).unwrap()
    }

    #[test]
    fn each_language_writes_amounts_its_own_way() {
        let cases = [
            ("1234.56", "RON", Language::Ro, "1.234,56 lei"),
            ("1234.56", "RON", Language::En, "RON 1,234.56"),
            ("1500000", "IDR", Language::Id, "Rp 1.500.000"),
            ("1500000", "IDR", Language::En, "IDR 1,500,000"),
            ("1500000.50", "IDR", Language::Id, "Rp 1.500.000,50"),
            ("1234.56", "EUR", Language::En, "€1,234.56"),
            ("1234.56", "EUR", Language::Ro, "1.234,56 €"),
            ("1234.56", "EUR", Language::Id, "EUR 1.234,56"),
            ("0.05", "USD", Language::En, "$0.05"),
            ("-12.30", "USD", Language::En, "-$12.30"),
            ("1000000", "JPY", Language::En, "JPY 1,000,000"),
            ("999", "GBP", Language::En, "£999.00"),
            ("1403.99", "RON", Language::En, "RON 1,403.99"),
        ];
        for (amount, code, lang, expected) in cases {
            assert_eq!(format_money(money(amount, code), lang), expected, "{amount} {code} {lang}");
        }
    }

    #[test]
    fn languages_parse_from_locale_tags() {
        assert_eq!("ro-RO".parse::<Language>().unwrap(), Language::Ro);
        assert_eq!("id_ID.UTF-8".parse::<Language>().unwrap(), Language::Id);
        assert_eq!("EN".parse::<Language>().unwrap(), Language::En);
        assert!("de".parse::<Language>().is_err());
    }
}
