//! Rows the ladder tables' tests hang their data on: a store, a client, an invoice.

use chrono::NaiveDate;
use duly_core::InvoiceStatus;
use rusqlite::Connection;

use crate::{Store, invoices};

pub(crate) fn store() -> Store {
    Store::open_in_memory().unwrap()
}

/// Written with the columns every schema version has, so that the upgrade tests can put a client
/// into an old database too.
pub(crate) fn client(conn: &Connection, name: &str) -> i64 {
    conn.execute(
        "INSERT INTO clients (name, language, currency, created_at) VALUES (?1, 'ro', 'RON', '2026-01-01T00:00:00Z')",
        [name],
    )
    .unwrap();
    conn.last_insert_rowid()
}

pub(crate) fn invoice(conn: &Connection, number: &str, client_id: i64) -> i64 {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let inv = invoices::Invoice {
        id: None,
        number: number.to_owned(),
        client_id,
        issue_date: d("2026-10-01"),
        due_date: d("2026-10-31"),
        currency: "RON".parse().unwrap(),
        tax_rate: 0,
        subtotal_minor: 100_000,
        tax_minor: 0,
        total_minor: 100_000,
        paid_minor: 0,
        status: InvoiceStatus::Sent,
        notes: String::new(),
        created_at: "2026-10-01T00:00:00Z".to_owned(),
        updated_at: "2026-10-01T00:00:00Z".to_owned(),
    };
    invoices::insert(conn, &inv).unwrap()
}
