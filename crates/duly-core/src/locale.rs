//! The languages Duly speaks and how amounts, dates and day counts are written in each of them:
//! the rules every message and document shares, so an email and the PDF beside it never differ.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

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

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_RO: [&str; 12] = [
    "ianuarie",
    "februarie",
    "martie",
    "aprilie",
    "mai",
    "iunie",
    "iulie",
    "august",
    "septembrie",
    "octombrie",
    "noiembrie",
    "decembrie",
];

/// "31 October 2026", "31 Oktober 2026", "31 octombrie 2026": the month in words, because
/// 03/04 is a different day to an American, an Indonesian and a Romanian reader, and a reminder
/// or a demand letter must not be ambiguous about its deadline.
pub fn format_date(date: NaiveDate, language: Language) -> String {
    let months = match language {
        Language::En => &MONTHS_EN,
        Language::Id => &MONTHS_ID,
        Language::Ro => &MONTHS_RO,
    };
    format!("{} {} {}", date.day(), months[date.month0() as usize], date.year())
}

/// "1 day", "12 days"; "12 hari"; "1 zi", "12 zile", "21 de zile".
pub fn format_days(n: i64, language: Language) -> String {
    match language {
        Language::En if n == 1 => "1 day".to_owned(),
        Language::En => format!("{n} days"),
        Language::Id => format!("{n} hari"),
        Language::Ro if n == 1 => "1 zi".to_owned(),
        Language::Ro if romanian_takes_de(n) => format!("{n} de zile"),
        Language::Ro => format!("{n} zile"),
    }
}

/// Whether Romanian puts "de" between the number `n` and the noun it counts: numbers whose last
/// two digits are 00 or 20 to 99 do ("20 de zile", "100 de mesaje"), the others do not ("19 zile",
/// "101 rate"), and neither does zero.
pub fn romanian_takes_de(n: i64) -> bool {
    let tail = n.unsigned_abs() % 100;
    n != 0 && (tail == 0 || tail >= 20)
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
    fn dates_are_written_in_full_per_language() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(format_date(d(2026, 8, 3), Language::En), "3 August 2026");
        assert_eq!(format_date(d(2026, 8, 3), Language::Id), "3 Agustus 2026");
        assert_eq!(format_date(d(2026, 8, 3), Language::Ro), "3 august 2026");
        assert_eq!(format_date(d(2026, 11, 23), Language::En), "23 November 2026");
        assert_eq!(format_date(d(2026, 11, 23), Language::Id), "23 November 2026");
        assert_eq!(format_date(d(2026, 11, 23), Language::Ro), "23 noiembrie 2026");
        assert_eq!(format_date(d(2026, 3, 1), Language::Id), "1 Maret 2026");
        assert_eq!(format_date(d(2026, 12, 5), Language::Ro), "5 decembrie 2026");
        assert_eq!(format_date(d(2027, 2, 9), Language::Ro), "9 februarie 2027");
    }

    #[test]
    fn romanian_counts_with_de_from_twenty() {
        let ro: Vec<String> =
            [0, 1, 7, 19, 20, 21, 30, 100, 101, 119, 120].iter().map(|&n| format_days(n, Language::Ro)).collect();
        assert_eq!(
            ro,
            [
                "0 zile",
                "1 zi",
                "7 zile",
                "19 zile",
                "20 de zile",
                "21 de zile",
                "30 de zile",
                "100 de zile",
                "101 zile",
                "119 zile",
                "120 de zile"
            ]
        );
        assert_eq!(format_days(1, Language::En), "1 day");
        assert_eq!(format_days(0, Language::En), "0 days");
        assert_eq!(format_days(14, Language::Id), "14 hari");
        assert!(!romanian_takes_de(0) && !romanian_takes_de(2) && romanian_takes_de(1000) && romanian_takes_de(-25));
    }

    #[test]
    fn languages_parse_from_locale_tags() {
        assert_eq!("ro-RO".parse::<Language>().unwrap(), Language::Ro);
        assert_eq!("id_ID.UTF-8".parse::<Language>().unwrap(), Language::Id);
        assert_eq!("EN".parse::<Language>().unwrap(), Language::En);
        assert!("de".parse::<Language>().is_err());
    }
}
