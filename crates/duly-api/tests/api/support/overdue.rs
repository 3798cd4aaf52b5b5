//! A real SQLite file holding one client and one overdue invoice (INV-2026-0042, issued
//! 2026-10-02, due 2026-11-01, in RON), the starting point of the calls, escalation and plan
//! tests. Each test says only what its story needs (the client's contacts, language, the amount,
//! the day it is) and leaves the rest to the defaults, so the differences between stories stay
//! visible in the tests themselves.

use std::path::PathBuf;

use chrono::NaiveDate;
use duly_api::{Business, Client, ClientInput, Contact, ContactRole, Duly, InvoiceInput, Language, LineInput};

pub const NUMBER: &str = "INV-2026-0042";

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A contact as the client form would save it: no language or time zone of its own.
pub fn contact(name: &str, role: ContactRole, email: &str, phone: &str) -> Contact {
    Contact {
        id: None,
        name: name.into(),
        role,
        email: email.into(),
        phone: phone.into(),
        language: None,
        timezone: String::new(),
    }
}

/// What the file should hold; `build` writes it through the API.
pub struct OverdueInvoice {
    today: NaiveDate,
    business: Option<Business>,
    client_name: String,
    address: String,
    language: Language,
    contacts: Vec<Contact>,
    description: String,
    unit_price: String,
}

/// The database, the file it lives in, and the client as saved (contacts with their ids).
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub duly: Duly,
    pub client: Client,
}

impl OverdueInvoice {
    /// A Romanian client with no contacts owing 1,000.00 RON for "Design"; today is 2026-11-09,
    /// the ladder's call day (due + 8).
    pub fn new(client_name: &str) -> Self {
        Self {
            today: date("2026-11-09"),
            business: None,
            client_name: client_name.into(),
            address: String::new(),
            language: Language::Ro,
            contacts: Vec::new(),
            description: "Design".into(),
            unit_price: "1000.00".into(),
        }
    }

    pub fn today(mut self, day: &str) -> Self {
        self.today = date(day);
        self
    }

    /// The business profile, saved before the client (documents need it).
    pub fn business(mut self, business: Business) -> Self {
        self.business = Some(business);
        self
    }

    pub fn address(mut self, address: &str) -> Self {
        self.address = address.into();
        self
    }

    pub fn language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    pub fn contacts(mut self, contacts: Vec<Contact>) -> Self {
        self.contacts = contacts;
        self
    }

    /// The invoice's one line: quantity 1 at this price.
    pub fn line(mut self, description: &str, unit_price: &str) -> Self {
        self.description = description.into();
        self.unit_price = unit_price.into();
        self
    }

    pub fn build(self) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let mut duly = Duly::open(&path).unwrap().with_today(self.today);
        if let Some(business) = self.business {
            duly.business_save(business).unwrap();
        }
        let client = duly
            .client_save(ClientInput {
                id: None,
                name: self.client_name,
                address: self.address,
                tax_id: String::new(),
                language: self.language,
                currency: "RON".into(),
                notes: String::new(),
                country: String::new(),
                timezone: String::new(),
                contacts: self.contacts,
            })
            .unwrap();
        duly.invoice_save(InvoiceInput {
            id: None,
            client_id: client.id,
            number: Some(NUMBER.into()),
            issue_date: "2026-10-02".into(),
            due_date: Some("2026-11-01".into()),
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: self.description, quantity: "1".into(), unit_price: self.unit_price }],
            send: true,
        })
        .unwrap();
        Fixture { dir, path, duly, client }
    }
}

impl Fixture {
    /// Another handle on the same file, living on another day.
    pub fn on(&self, day: &str) -> Duly {
        Duly::open(&self.path).unwrap().with_today(date(day))
    }

    /// The id the client's contact of this name was saved with.
    pub fn contact_id(&self, name: &str) -> i64 {
        self.client.contacts.iter().find(|c| c.name == name).and_then(|c| c.id).unwrap()
    }
}
