//! `duly numbering show|set` and `duly credit-note` (issue 18), with --json and the API's errors.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn run(db: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", today)
        .output()
        .unwrap()
}

fn ok(db: &Path, today: &str, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let out = run(db, today, &args);
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn numbering_and_credit_notes_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let day = "2026-12-31";
    ok(&db, day, &["client", "add", "--name", "Kopi Nusantara", "--currency", "EUR"]);
    let set = ok(
        &db,
        day,
        &["numbering", "set", "--pattern", "{YYYY}/{NNNN}", "--reset-yearly", "true", "--next", "2026/0042"],
    );
    assert_eq!(set["next_invoice_number"], "2026/0042");
    let inv = ok(&db, day, &["invoice", "add", "--client", "Kopi Nusantara", "--item", "Design;1;400"]);
    assert_eq!(inv["number"], "2026/0042");

    // A gap is refused with the field named and a failing status.
    let gap = run(
        &db,
        day,
        &["invoice", "add", "--client", "Kopi Nusantara", "--number", "2026/0050", "--item", "X;1;1", "--json"],
    );
    assert!(!gap.status.success());
    let err: Value = serde_json::from_slice(&gap.stderr).unwrap();
    assert_eq!(err["code"], "conflict");
    assert!(err["message"].as_str().unwrap().contains("2026/0043"), "{err}");

    // The next year, pinned: the counter starts again.
    assert_eq!(ok(&db, "2027-01-04", &["numbering", "show"])["next_invoice_number"], "2027/0001");

    let partial = ok(&db, day, &["credit-note", "2026/0042", "--amount", "100", "--reason", "Discount"]);
    assert_eq!(partial["credit_note"]["number"], "CN-2026-0001");
    assert_eq!(partial["invoice"]["amount_due"], 30000);
    let full = ok(&db, day, &["credit-note", "2026/0042", "--reason", "Cancelled"]);
    assert_eq!(full["invoice"]["amount_due"], 0);
    assert_eq!(full["invoice"]["status"], "paid");
    let text = run(&db, day, &["credit-note", "2026/0042", "--reason", "Again"]);
    assert!(!text.status.success(), "nothing left to credit");
}
