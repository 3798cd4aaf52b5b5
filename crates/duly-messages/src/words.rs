//! Greetings and payment details written the way each language writes them (dates and day
//! counts: `duly_core::format_date` and `format_days`, shared with the documents).

use duly_core::Language;

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
    fn a_department_is_not_greeted_by_name() {
        assert_eq!(greeting_name("Accounts"), "");
        assert_eq!(greeting_name("Bagian Keuangan"), "");
        assert_eq!(greeting_name("Departamentul contabilitate"), "");
        assert_eq!(greeting_name(" Budi Santoso "), "Budi Santoso");
        assert_eq!(greeting_name("Ioana Popescu"), "Ioana Popescu");
    }
}
