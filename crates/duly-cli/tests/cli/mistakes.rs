//! `duly payment reverse`, `duly invoice unvoid`, `duly demo remove`, `duly call edit` and
//! `duly promise edit` as a script runs them, on a real database file, with `--json` and the
//! API's errors on stderr.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn duly(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", "2026-11-09")
        .output()
        .unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fails(db: &Path, args: &[&str], code: &str, words: &str) {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(!out.status.success(), "duly {args:?} should fail");
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], code, "{err}");
    assert!(err["message"].as_str().unwrap().contains(words), "{err}");
}

/// A client owing 1,000.00 EUR on INV-1, due 2026-10-31 (9 days overdue on 2026-11-09).
fn book(db: &Path) {
    let client = json(db, &["client", "add", "--name", "Acme GmbH", "--currency", "EUR", "--phone", "+49 30 1"]);
    let id = client["id"].as_i64().unwrap().to_string();
    json(
        db,
        &[
            "invoice",
            "add",
            "--client",
            &id,
            "--number",
            "INV-1",
            "--issue-date",
            "2026-10-01",
            "--due-date",
            "2026-10-31",
            "--item",
            "Design;1;1000",
        ],
    );
}

#[test]
fn a_payment_reversed_and_a_void_undone_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    book(&db);
    let paid = json(&db, &["pay", "INV-1", "--amount", "1000", "--date", "2026-11-02"]);
    assert_eq!(paid["status"], "paid");
    let id = paid["payments"][0]["id"].to_string();
    let shown = String::from_utf8_lossy(&duly(&db, &["invoice", "show", "INV-1"]).stdout).into_owned();
    assert!(shown.contains(&format!("payment #{id}:")), "{shown}");

    let reversed = json(&db, &["payment", "reverse", &id, "--reason", "the transfer bounced"]);
    assert_eq!(reversed["status"], "sent");
    assert_eq!(reversed["days_overdue"], 9);
    assert_eq!(reversed["timeline"].as_array().unwrap().last().unwrap()["kind"], "payment_reversed");
    assert_eq!(json(&db, &["today"])["items"][0]["number"], "INV-1");
    fails(&db, &["payment", "reverse", &id, "--reason", "again"], "conflict", "already reversed");

    json(&db, &["invoice", "mark", "INV-1", "void"]);
    let unvoided = json(&db, &["invoice", "unvoid", "INV-1"]);
    assert_eq!(unvoided["status"], "sent");
    fails(&db, &["invoice", "unvoid", "INV-1"], "invalid_input", "not void");
}

#[test]
fn a_call_and_a_promise_corrected_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    book(&db);
    let call = json(&db, &["call", "log", "INV-1", "--outcome", "no-answer"]);
    let edited = json(&db, &["call", "edit", &call["id"].to_string(), "--outcome", "reached", "--note", "Pays Friday"]);
    assert_eq!((edited["outcome"].as_str(), edited["notes"].as_str()), (Some("reached"), Some("Pays Friday")));
    fails(&db, &["call", "edit", "999", "--note", "x"], "not_found", "call 999");

    let promised = json(&db, &["call", "log", "INV-1", "--outcome", "promised", "--promise-date", "2026-11-20"]);
    let promise = promised["promise"]["id"].to_string();
    let edited = json(&db, &["promise", "edit", &promise, "--date", "2026-11-27", "--amount", "400"]);
    assert_eq!(edited["promise"]["pay_by"], "2026-11-27");
    assert_eq!(edited["promise"]["amount"], 40_000);
    fails(&db, &["promise", "edit", &promise, "--amount", "5000"], "invalid_input", "amount:");
}

#[test]
fn start_fresh_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["demo", "--invoices", "20", "--clients", "4", "--seed", "2"]);
    let removed = json(&db, &["demo", "remove"]);
    assert_eq!((removed["clients"].as_i64(), removed["invoices"].as_i64()), (Some(4), Some(20)));
    assert_eq!(json(&db, &["invoice", "list"])["total_count"], 0);
    fails(&db, &["demo", "remove"], "invalid_input", "no demo data");
}
