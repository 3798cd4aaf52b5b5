//! Amounts at the edge: one amount is at most 10^15 minor units (10 000 000 000 000.00 EUR), and
//! `duly aging` and `duly client list` add up what is there without panicking or wrapping.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::runner::{duly, json};

/// The error a failing `duly --json ...` printed: it failed as an error, not as a panic.
fn error(db: &Path, args: &[&str]) -> Value {
    let out = duly(db, &[&["--json"], args].concat());
    assert_eq!(out.status.code(), Some(1), "duly {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stderr).unwrap()
}

fn add(db: &Path, number: &str, price: &str) -> Output {
    duly(
        db,
        &[
            "--json",
            "invoice",
            "add",
            "--client",
            "Acme",
            "--number",
            number,
            "--issue-date",
            "2026-10-01",
            "--due-date",
            "2026-10-31",
            "--item",
            &format!("Work;1;{price}"),
        ],
    )
}

#[test]
fn invoices_of_5e16_are_refused_and_two_at_the_ceiling_add_up_in_aging_and_client_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["client", "add", "--name", "Acme", "--currency", "EUR"]);
    for number in ["B-1", "B-2"] {
        let out = add(&db, number, "50000000000000000");
        assert!(!out.status.success(), "a €5e16 invoice must be refused");
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["code"], "invalid_input");
        let message = err["message"].as_str().unwrap();
        assert!(
            message.starts_with("line 1: unit price:") && message.contains("at most 10000000000000.00 EUR"),
            "{message}"
        );
    }
    for number in ["C-1", "C-2"] {
        assert!(add(&db, number, "10000000000000").status.success());
    }
    let max = 1_000_000_000_000_000_i64;
    let aging = json(&db, &["aging"]);
    assert_eq!(aging["currencies"][0]["total"], 2 * max, "{aging}");
    assert_eq!(aging["currencies"][0]["d1_30"], 2 * max, "{aging}");
    assert_eq!(aging["clients"][0]["total"], 2 * max, "{aging}");
    let clients = json(&db, &["client", "list"]);
    assert_eq!(clients[0]["outstanding"][0]["minor"], 2 * max, "{clients}");
    assert_eq!(clients[0]["open_count"], 2);
}

/// Amounts written before the ceiling existed (or by hand) that cannot be added up are an error
/// naming the currency: never a panic, never a wrapped figure.
#[test]
fn stored_amounts_too_large_to_add_up_are_a_named_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["client", "add", "--name", "Acme", "--currency", "EUR"]);
    for number in ["O-1", "O-2"] {
        assert!(add(&db, number, "100").status.success());
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE invoices SET subtotal_minor = 5000000000000000000, total_minor = 5000000000000000000", [])
        .unwrap();
    drop(conn);
    let err = error(&db, &["aging"]);
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(err["message"], "the amounts in EUR are too large to add up");
    let err = error(&db, &["client", "list"]);
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("too large to add up"), "{err}");
}
