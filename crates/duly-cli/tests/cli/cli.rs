//! The `duly` binary as a script would run it, on real database files.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;

use rusqlite::Connection;
use serde_json::Value;

use crate::runner::{duly, json};

/// Half away from zero, the rounding the invoice rules use; written out again here so the test
/// does not trust the code it checks.
fn div_round(n: i128, d: i128) -> i64 {
    let q = (n.abs() + d / 2) / d;
    i64::try_from(if n < 0 { -q } else { q }).unwrap()
}

#[test]
fn demo_of_100k_invoices_and_the_list_totals_match_an_independent_computation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("big.sqlite3");
    let report =
        json(&db, &["demo", "--invoices", "100000", "--clients", "2000", "--seed", "11", "--as-of", "2026-11-23"]);
    assert_eq!(report["invoices"], 100_000);
    assert_eq!(report["clients"], 2000);

    let page = json(&db, &["invoice", "list", "--all", "--as-of", "2026-11-23"]);
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 100_000);
    assert_eq!(page["total_count"], 100_000);

    // Recompute every invoice from its lines, tax rate and payments, straight from the file.
    let conn = Connection::open(&db).unwrap();
    let mut subtotal: HashMap<i64, i128> = HashMap::new();
    let mut stmt = conn.prepare("SELECT invoice_id, quantity_milli, unit_price_minor FROM invoice_lines").unwrap();
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))).unwrap() {
        let (id, qty, price) = r.unwrap();
        *subtotal.entry(id).or_default() += i128::from(div_round(i128::from(qty) * i128::from(price), 1000));
    }
    let mut paid: HashMap<i64, i64> = HashMap::new();
    let mut stmt = conn.prepare("SELECT invoice_id, amount_minor FROM payments").unwrap();
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))).unwrap() {
        let (id, amount) = r.unwrap();
        *paid.entry(id).or_default() += amount;
    }
    let mut expected: BTreeMap<String, i64> = BTreeMap::new();
    let mut due_by_number: HashMap<String, i64> = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, number, currency, tax_rate, status FROM invoices").unwrap();
    let invoices = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .unwrap();
    for r in invoices {
        let (id, number, currency, rate, status) = r.unwrap();
        let sub = subtotal[&id];
        let total = i64::try_from(sub).unwrap() + div_round(sub * i128::from(rate), 10_000);
        let due = if status == "void" { 0 } else { (total - paid.get(&id).copied().unwrap_or(0)).max(0) };
        *expected.entry(currency).or_default() += due;
        due_by_number.insert(number, due);
    }

    let reported: BTreeMap<String, i64> = page["due_totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["currency"].as_str().unwrap().to_owned(), t["minor"].as_i64().unwrap()))
        .collect();
    assert_eq!(reported, expected);
    assert_eq!(reported.len(), 4, "EUR, IDR, RON and USD");
    for row in rows {
        assert_eq!(row["amount_due"].as_i64().unwrap(), due_by_number[row["number"].as_str().unwrap()], "{row}");
    }
    let mut row_sums: BTreeMap<String, i64> = BTreeMap::new();
    for row in rows {
        *row_sums.entry(row["currency"].as_str().unwrap().to_owned()).or_default() +=
            row["amount_due"].as_i64().unwrap();
    }
    assert_eq!(row_sums, expected);
}

#[test]
fn the_readme_walkthrough_works_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    assert_eq!(json(&db, &["init"])["schema_version"], duly_store::SCHEMA_VERSION);
    let client = json(
        &db,
        &[
            "client",
            "add",
            "--name",
            "Țăranu Design SRL",
            "--email",
            "plati@taranu.ro",
            "--language",
            "ro",
            "--currency",
            "RON",
        ],
    );
    assert_eq!(client["contacts"][0]["role"], "billing");
    let inv = json(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            "țăranu design srl",
            "--issue-date",
            "2026-10-01",
            "--due-date",
            "2026-10-31",
            "--tax",
            "19",
            "--item",
            "Design work;10;150.00",
            "--item",
            "Hosting;1;99.99",
        ],
    );
    assert_eq!(inv["number"], "INV-2026-0001");
    assert_eq!(inv["total"], 190_399);
    let paid = json(&db, &["pay", "INV-2026-0001", "--amount", "12.50", "--date", "2026-11-02"]);
    assert_eq!(paid["amount_due"], 190_399 - 1250);
    assert_eq!(paid["status"], "partly_paid");

    let text = duly(&db, &["invoice", "list", "--as-of", "2026-11-23"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("INV-2026-0001") && text.contains("RON 1,891.49") && text.contains("partly paid"), "{text}");
}

#[test]
fn errors_are_a_code_and_a_message_and_a_failing_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let out = duly(&db, &["--json", "invoice", "show", "NOPE-1"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err, serde_json::json!({"code": "not_found", "message": "invoice NOPE-1 does not exist"}));

    json(&db, &["client", "add", "--name", "Acme Inc.", "--currency", "USD"]);
    let out = duly(&db, &["invoice", "add", "--client", "Acme Inc.", "--item", "Work;2"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success() && stderr.contains("--item 1:"), "{stderr}");
    assert_eq!(json(&db, &["invoice", "list"])["total_count"], 0, "nothing was written");

    let out = duly(&db, &["demo", "--invoices", "5", "--clients", "2"]);
    assert!(out.status.success());
    let out = duly(&db, &["--json", "demo", "--invoices", "5", "--clients", "2"]);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "conflict");
    assert!(duly(&db, &["demo", "--if-empty"]).status.success());
}

/// `--client` finds a client the way every command does (the API's one lookup): by id, by name
/// ignoring case, or by a part of the name only one client has; a part several share is refused.
#[test]
fn a_client_is_found_by_id_name_or_a_part_only_it_has() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let id = |name: &str| json(&db, &["client", "add", "--name", name, "--currency", "RON"])["id"].clone();
    let (design, digital, acme) = (id("Ionescu Design SRL"), id("Ionescu Digital SA"), id("Acme Inc."));
    let add = |client: &str| {
        json(&db, &["invoice", "add", "--client", client, "--item", "Work;1;10.00"])["client_id"].clone()
    };
    assert_eq!(add("ACME INC."), acme);
    assert_eq!(add("acme"), acme);
    assert_eq!(add("design"), design);
    assert_eq!(add(&digital.to_string()), digital);
    let out = duly(&db, &["--json", "invoice", "list", "--client", "ionescu"]);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "ambiguous", "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("Ionescu Design SRL") && message.contains("Ionescu Digital SA"), "{message}");
    let out = duly(&db, &["--json", "invoice", "add", "--client", "Nobody", "--item", "Work;1;10.00"]);
    assert_eq!(serde_json::from_slice::<Value>(&out.stderr).unwrap()["code"], "not_found");
}

/// The CLI reads the same pinned clock as the app, so a script (or a test) can say which day it
/// is; a value that is not a date is refused by name and nothing is written.
#[test]
fn duly_today_pins_the_date_and_a_bad_value_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["client", "add", "--name", "Acme", "--currency", "EUR"]);
    let add = |today: &str, number: &str| {
        Command::new(env!("CARGO_BIN_EXE_duly"))
            .args(["--db"])
            .arg(&db)
            .args(["--json", "invoice", "add", "--client", "Acme", "--number", number, "--item", "Work;1;100.00"])
            .env_remove("DULY_DB")
            .env_remove("DULY_NOW")
            .env("DULY_TODAY", today)
            .output()
            .unwrap()
    };
    let first: Value = serde_json::from_slice(&add("2031-01-01", "A-1").stdout).unwrap();
    assert_eq!(first["issue_date"], "2031-01-01", "{first}");
    let second: Value = serde_json::from_slice(&add("2027-06-30", "A-2").stdout).unwrap();
    assert_eq!(second["issue_date"], "2027-06-30", "{second}");

    let bad = add("next tuesday", "A-3");
    assert!(!bad.status.success());
    let err: Value = serde_json::from_slice(&bad.stderr).unwrap();
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("DULY_TODAY: \"next tuesday\""), "{err}");
    assert_eq!(json(&db, &["invoice", "list"])["total_count"], 2);

    let help = Command::new(env!("CARGO_BIN_EXE_duly")).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("DULY_TODAY=DATE") && help.contains("DULY_NOW=INSTANT"), "{help}");
}
