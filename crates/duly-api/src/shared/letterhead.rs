//! What every document and message says about the business itself: its profile (or the empty
//! one before it is filled in), the bank details a client pays to, and the sign-off.

use duly_core::Currency;
use duly_messages::PaymentDetails;
use duly_store::business;

/// The profile before the user has saved one: empty text, euros, English, 30 days' terms.
pub(crate) fn default_business() -> business::Business {
    business::Business {
        name: String::new(),
        address: String::new(),
        tax_id: String::new(),
        email: String::new(),
        phone: String::new(),
        bank_name: String::new(),
        iban: String::new(),
        bic: String::new(),
        default_currency: "EUR".parse::<Currency>().unwrap_or_else(|_| unreachable!("EUR is ISO 4217")),
        language: duly_core::Language::En,
        payment_terms_days: 30,
    }
}

/// Where the client pays, as a message states it: the business's bank account, with the
/// invoice number as the payment reference.
pub(crate) fn payment_details(b: &business::Business, reference: &str) -> PaymentDetails {
    PaymentDetails {
        bank_name: b.bank_name.clone(),
        account_holder: b.name.clone(),
        iban: b.iban.clone(),
        bic: b.bic.clone(),
        reference: reference.to_owned(),
    }
}

/// The business's sign-off: its name, then how to reach it.
pub(crate) fn signature(b: &business::Business) -> String {
    [b.name.trim(), b.email.trim(), b.phone.trim()].into_iter().filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}
