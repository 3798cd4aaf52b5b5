//! `duly invoice add` for a client on credit hold warns: a sentence on stderr, or `warnings` in
//! the JSON. (The hold is written into the file directly; `duly client hold` is tested in `chase.rs`.)

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn duly(db: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", "2026-11-23")
        .output()
        .unwrap();
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn add(db: &Path, client: &str, number: &str, json: bool) -> Output {
    let mut args = vec!["invoice", "add", "--client", client, "--number", number, "--item", "Work;1;100"];
    if json {
        args.push("--json");
    }
    duly(db, &args)
}

#[test]
fn invoice_add_warns_when_the_client_is_on_credit_hold() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    duly(&db, &["client", "add", "--name", "Late Payer Ltd", "--currency", "EUR"]);
    duly(&db, &["client", "add", "--name", "Prompt Payer Ltd", "--currency", "EUR"]);

    let before = add(&db, "Late Payer Ltd", "A-1", false);
    assert!(before.stderr.is_empty(), "{}", String::from_utf8_lossy(&before.stderr));

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO credit_holds (client_id, since, reason, created_at)
         SELECT id, '2026-11-02', 'three invoices 30+ days late', '2026-11-02T09:00:00Z' FROM clients WHERE name = 'Late Payer Ltd'",
        [],
    )
    .unwrap();

    let text = add(&db, "Late Payer Ltd", "A-2", false);
    let stderr = String::from_utf8(text.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "Warning: Late Payer Ltd is on credit hold since 2026-11-02 (three invoices 30+ days late): ask for payment up front (cash only) for new work"
    );
    assert!(String::from_utf8(text.stdout).unwrap().starts_with("Invoice A-2"), "the invoice is still made and shown");

    let json: Value = serde_json::from_slice(&add(&db, "Late Payer Ltd", "A-3", true).stdout).unwrap();
    assert_eq!(json["number"], "A-3");
    assert_eq!(json["credit_hold"]["since"], "2026-11-02");
    let warnings = json["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].as_str().unwrap().contains("on credit hold since 2026-11-02"), "{warnings:?}");

    let other: Value = serde_json::from_slice(&add(&db, "Prompt Payer Ltd", "B-1", true).stdout).unwrap();
    assert_eq!((other["warnings"].as_array().unwrap().len(), &other["credit_hold"]), (0, &Value::Null));
}
