//! The freelancer of the follow-up tests: Mihai Dumitrescu's Romanian studio, mailing through a
//! test SMTP server without TLS or login. Tests assert on these values (sender, bank details).
#![allow(dead_code)]

use duly_api::{Business, Language, MailSecurity, MailSettingsInput};

/// Plain SMTP to the test server at `smtp`, sending as Mihai.
pub fn mail_settings(smtp: std::net::SocketAddr) -> MailSettingsInput {
    MailSettingsInput {
        host: smtp.ip().to_string(),
        port: smtp.port(),
        security: MailSecurity::Plain,
        username: String::new(),
        from_name: "Mihai Dumitrescu".into(),
        from_email: "mihai@studio.example.ro".into(),
        reply_to: String::new(),
        password: None,
        session_only: None,
    }
}

/// The business profile printed on invoices and reminders: RON, Romanian, 30 days' terms.
pub fn business() -> Business {
    Business {
        name: "Mihai Dumitrescu PFA".into(),
        address: "Str. Lungă 5, Brașov".into(),
        tax_id: "RO123456".into(),
        email: "mihai@studio.example.ro".into(),
        phone: String::new(),
        bank_name: "Banca Transilvania".into(),
        iban: "RO60BTRL0130120234567890".into(),
        bic: "BTRLRO22".into(),
        default_currency: "RON".into(),
        language: Language::Ro,
        payment_terms_days: 30,
    }
}
