//! The freelancer of the follow-up tests: Mihai Dumitrescu's Romanian studio, mailing through a
//! test SMTP server without TLS or login. Tests assert on these values (sender, bank details).
//! `Studio` is his database, ready for a test to add clients and invoices and walk the clock.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use duly_api::*;

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

/// The user's own time zone: Mihai works from Brașov.
pub const HOME: &str = "Europe/Bucharest";

/// The user's date in Bucharest at `now`.
pub fn home_day(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&HOME.parse::<Tz>().unwrap()).date_naive()
}

/// Moves the handle's clock to `now` (and the user's "today" with it).
pub fn tick(duly: Duly, now: DateTime<Utc>) -> Duly {
    duly.with_now(now).with_today(home_day(now))
}

/// Mihai's studio on a real SQLite file in a temporary folder: his business profile and mail
/// settings saved, the keychain in memory, the clock pinned and moved only by the test.
pub struct Studio {
    _dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
    duly: Option<Duly>,
}

impl Studio {
    pub fn new(smtp: std::net::SocketAddr, now: DateTime<Utc>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let mut duly =
            tick(Duly::open(&path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_home_zone(Some(HOME)), now);
        duly.mail_settings_save(mail_settings(smtp)).unwrap();
        duly.business_save(business()).unwrap();
        Self { _dir: dir, path, duly: Some(duly) }
    }

    pub fn d(&mut self) -> &mut Duly {
        self.duly.as_mut().unwrap()
    }

    pub fn at(&mut self, now: DateTime<Utc>) -> &mut Duly {
        let d = self.duly.take().unwrap();
        self.duly = Some(tick(d, now));
        self.d()
    }

    /// One background pass at `now`, as the app's sender runs it: autopilot, then the outbox.
    pub fn pass(&mut self, now: DateTime<Utc>) -> (AutopilotRunReport, OutboxRunReport) {
        let d = self.at(now);
        let auto = d.autopilot_run(now).unwrap();
        let out = d.outbox_run(now).unwrap();
        (auto, out)
    }

    pub fn client(&mut self, name: &str, country: &str, email: &str) -> i64 {
        self.d()
            .client_save(ClientInput {
                id: None,
                name: name.into(),
                address: String::new(),
                tax_id: String::new(),
                language: Language::En,
                currency: "RON".into(),
                notes: String::new(),
                country: country.into(),
                timezone: String::new(),
                contacts: vec![Contact {
                    id: None,
                    name: format!("{name} billing"),
                    role: ContactRole::Billing,
                    email: email.into(),
                    phone: "+40 700 000 000".into(),
                    language: None,
                    timezone: String::new(),
                }],
            })
            .unwrap()
            .id
    }

    pub fn invoice(&mut self, client_id: i64, number: &str, issued: &str, due: &str) {
        self.d()
            .invoice_save(InvoiceInput {
                id: None,
                client_id,
                number: Some(number.into()),
                issue_date: issued.into(),
                due_date: Some(due.into()),
                currency: None,
                tax_rate: "0".into(),
                notes: String::new(),
                lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: "500".into() }],
                send: true,
            })
            .unwrap();
    }

    pub fn enable(&mut self) -> AutopilotPreview {
        let preview = self.d().autopilot_preview(AutopilotPreviewQuery::default()).unwrap();
        self.d().autopilot_enable(AutopilotEnableInput { token: preview.token.clone(), days: None }).unwrap();
        preview
    }

    pub fn sent(&mut self) -> Vec<OutboxItem> {
        self.d().outbox_list(OutboxQuery { state: Some(OutboxStatus::Sent), limit: None }).unwrap()
    }

    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.path).unwrap()
    }
}
