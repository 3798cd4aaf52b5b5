//! Dates, day counts and payment details written the way each language writes them.

use chrono::{Datelike, NaiveDate};
use duly_core::Language;

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
/// must not be ambiguous about a deadline. (The same form as the PDF documents.)
pub fn format_date(date: NaiveDate, language: Language) -> String {
    let months = match language {
        Language::En => &MONTHS_EN,
        Language::Id => &MONTHS_ID,
        Language::Ro => &MONTHS_RO,
    };
    format!("{} {} {}", date.day(), months[date.month0() as usize], date.year())
}

/// "1 day", "12 days"; "12 hari"; "1 zi", "12 zile", "21 de zile" (Romanian puts "de" after
/// numbers whose last two digits are 00 or 20 to 99).
pub fn format_days(n: i64, language: Language) -> String {
    match language {
        Language::En if n == 1 => "1 day".to_owned(),
        Language::En => format!("{n} days"),
        Language::Id => format!("{n} hari"),
        Language::Ro if n == 1 => "1 zi".to_owned(),
        Language::Ro => {
            let tail = n.unsigned_abs() % 100;
            if n != 0 && (tail == 0 || tail >= 20) { format!("{n} de zile") } else { format!("{n} zile") }
        }
    }
}

/// Words that make a contact's name a department rather than a person ("Accounts", "Bagian
/// Keuangan", "Contabilitate"): compared whole-word, lower-case.
const DEPARTMENT_WORDS: &[&str] = &[
    "accounts",
    "accounting",
    "billing",
    "finance",
    "payable",
    "payables",
    "invoices",
    "bagian",
    "divisi",
    "keuangan",
    "akuntansi",
    "tagihan",
    "departamentul",
    "contabilitate",
    "contabilitatea",
    "financiar",
    "facturare",
];

/// The name a greeting may use: the contact's, unless it names a department ("Accounts"):
/// "Yth. Bapak/Ibu Accounts" or "Dear Accounts" greets no one, so the general greeting is used.
pub(crate) fn greeting_name(contact_name: &str) -> &str {
    let name = contact_name.trim();
    let lower = name.to_lowercase();
    let department = lower.split(|c: char| !c.is_alphanumeric()).any(|word| DEPARTMENT_WORDS.contains(&word));
    if department { "" } else { name }
}

/// Labels of the payment-details block (the same words as the invoice PDF).
pub(crate) struct PaymentLabels {
    pub heading: &'static str,
    pub bank: &'static str,
    pub holder: &'static str,
    pub iban: &'static str,
    pub account_number: &'static str,
    pub bic: &'static str,
    pub reference: &'static str,
}

pub(crate) fn payment_labels(language: Language) -> PaymentLabels {
    match language {
        Language::En => PaymentLabels {
            heading: "Payment details:",
            bank: "Bank",
            holder: "Account holder",
            iban: "IBAN",
            account_number: "Account number",
            bic: "BIC",
            reference: "Payment reference",
        },
        Language::Id => PaymentLabels {
            heading: "Rincian pembayaran:",
            bank: "Bank",
            holder: "Atas nama",
            iban: "IBAN",
            account_number: "Nomor rekening",
            bic: "BIC/SWIFT",
            reference: "Referensi pembayaran",
        },
        Language::Ro => PaymentLabels {
            heading: "Date pentru plată:",
            bank: "Banca",
            holder: "Titular cont",
            iban: "IBAN",
            account_number: "Număr cont",
            bic: "BIC",
            reference: "Referință plată",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_days_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 8, 3).unwrap();
        assert_eq!(format_date(d, Language::En), "3 August 2026");
        assert_eq!(format_date(d, Language::Id), "3 Agustus 2026");
        assert_eq!(format_date(d, Language::Ro), "3 august 2026");
        let ro: Vec<String> =
            [1, 7, 19, 20, 21, 100, 101, 119, 120].iter().map(|&n| format_days(n, Language::Ro)).collect();
        assert_eq!(
            ro,
            [
                "1 zi",
                "7 zile",
                "19 zile",
                "20 de zile",
                "21 de zile",
                "100 de zile",
                "101 zile",
                "119 zile",
                "120 de zile"
            ]
        );
        assert_eq!(format_days(1, Language::En), "1 day");
        assert_eq!(format_days(14, Language::Id), "14 hari");
    }

    #[test]
    fn a_department_is_not_greeted_by_name() {
        assert_eq!(greeting_name("Accounts"), "");
        assert_eq!(greeting_name("Bagian Keuangan"), "");
        assert_eq!(greeting_name("Departamentul contabilitate"), "");
        assert_eq!(greeting_name(" Budi Santoso "), "Budi Santoso");
        assert_eq!(greeting_name("Ioana Popescu"), "Ioana Popescu");
    }
}
