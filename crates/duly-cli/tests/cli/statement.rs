//! `duly import STATEMENT [--dry-run] [--json]`: a bank statement is recognised by its content,
//! previewed in issue 17's JSON shape, and without --dry-run its certain matches become payments
//! (the paid invoice leaves `duly today`); importing it again records nothing.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn duly(db: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", "2026-11-20")
        .output()
        .unwrap();
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json_of(db: &Path, args: &[&str]) -> Value {
    serde_json::from_slice(&duly(db, args).stdout).unwrap()
}

fn statement() -> String {
    format!("{}/../duly-import/tests/fixtures/statements/camt053_bt.xml", env!("CARGO_MANIFEST_DIR"))
}

fn today_numbers(db: &Path) -> Vec<String> {
    let today = json_of(db, &["today", "--json"]);
    today["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_statement_is_previewed_then_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    duly(&db, &["client", "add", "--name", "Ștefănescu Design PFA", "--currency", "RON"]);
    duly(&db, &["client", "add", "--name", "Acme Studio SRL", "--currency", "RON"]);
    for (client, number, item) in [
        ("Ștefănescu Design PFA", "DLY-2026-003", "Logo;1;2400.00"),
        ("Acme Studio SRL", "DLY-2026-001", "Site;1;1500.00"),
    ] {
        duly(
            &db,
            &[
                "invoice",
                "add",
                "--client",
                client,
                "--number",
                number,
                "--item",
                item,
                "--issue-date",
                "2026-10-01",
                "--due-date",
                "2026-10-31",
            ],
        );
    }
    assert!(today_numbers(&db).contains(&"DLY-2026-003".to_owned()));

    let file = statement();
    let preview = json_of(&db, &["import", &file, "--dry-run", "--json"]);
    assert_eq!(preview["file"], "camt053_bt.xml");
    assert_eq!(preview["format"], "camt.053");
    let credits = preview["credits"].as_array().unwrap();
    assert_eq!(credits.len(), 4);
    assert_eq!(
        credits[0],
        json!({
            "date": "2026-11-12", "amount": 240000, "currency": "RON", "payer": "STEFANESCU DESIGN PFA",
            "reference": "RF94DLY2026003", "text": "", "match": {"invoice": "DLY-2026-003", "confidence": 100}
        })
    );
    assert_eq!(credits[1]["match"]["invoice"], "DLY-2026-001");
    assert_eq!(credits[2]["match"], Value::Null, "DLY-2026-002 is not in this book");
    // A dry run writes nothing.
    assert!(today_numbers(&db).contains(&"DLY-2026-003".to_owned()));

    let report = json_of(&db, &["import", &file, "--json"]);
    assert_eq!(report["recorded"].as_array().unwrap().len(), 2, "{report}");
    let today = today_numbers(&db);
    assert!(!today.contains(&"DLY-2026-003".to_owned()) && !today.contains(&"DLY-2026-001".to_owned()), "{today:?}");
    let inv = json_of(&db, &["invoice", "show", "DLY-2026-003", "--json"]);
    assert_eq!(inv["payments"][0]["method"], "bank transfer");

    let again = json_of(&db, &["import", &file, "--json"]);
    assert_eq!((again["recorded"].as_array().unwrap().len(), again["already"].as_i64()), (0, Some(0)));
    let again = json_of(&db, &["import", &file, "--dry-run", "--json"]);
    assert!(again["credits"].as_array().unwrap().iter().all(|c| c["match"].is_null()), "{again}");
}
