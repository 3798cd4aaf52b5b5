//! `duly call log|list|summary` and `duly plan create|show` as a script runs them, on a real
//! database file: a promise takes the invoice off `duly today` ("paused until …"), bad input
//! fails with the field named and writes nothing.

use serde_json::Value;

use crate::runner::{duly, json};

#[test]
fn a_promise_logged_from_the_command_line_pauses_the_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let client = json(
        &db,
        &[
            "client",
            "add",
            "--name",
            "PT Maju Jaya",
            "--language",
            "id",
            "--currency",
            "IDR",
            "--email",
            "keuangan@maju.example",
            "--phone",
            "+62 21 555 0101",
        ],
    );
    let client_id = client["id"].as_i64().unwrap().to_string();
    json(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            &client_id,
            "--number",
            "INV-9",
            "--issue-date",
            "2026-10-01",
            "--due-date",
            "2026-10-31",
            "--item",
            "Desain;1;3000000",
        ],
    );
    let today = json(&db, &["today", "--as-of", "2026-11-09"]);
    assert_eq!(today["items"][0]["number"], "INV-9");

    let call = json(
        &db,
        &[
            "call",
            "log",
            "INV-9",
            "--outcome",
            "promised",
            "--promise-date",
            "2026-11-20",
            "--amount",
            "1500000",
            "--note",
            "Transfer after the board meets",
            "--contact",
            "1",
            "--duration",
            "4m",
            "--on",
            "2026-11-09",
            "--next",
            "2026-11-21",
        ],
    );
    assert_eq!(call["outcome"], "promised");
    assert_eq!(call["promise"]["amount"], 150_000_000, "minor units: sen");
    assert_eq!(call["phone"], "+62 21 555 0101");
    assert_eq!(call["duration_seconds"], 240);

    let today = json(&db, &["today", "--as-of", "2026-11-09"]);
    assert_eq!(today["items"].as_array().unwrap().len(), 0, "{today}");
    assert_eq!(today["paused"][0]["number"], "INV-9");
    assert_eq!(today["paused"][0]["promise"]["kind"], "paused");
    assert_eq!(today["paused"][0]["promise"]["until"], "2026-11-21");
    let text = duly(&db, &["today", "--as-of", "2026-11-09"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("INV-9 (PT Maju Jaya): paused until 2026-11-21"));
    let broken = json(&db, &["today", "--as-of", "2026-11-22"]);
    assert_eq!(broken["items"][0]["promise"]["kind"], "broken");

    let list = json(&db, &["call", "list", "--invoice", "INV-9"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["notes"], "Transfer after the board meets");
    let summary = json(&db, &["call", "summary", &call["id"].to_string()]);
    assert_eq!(summary["language"], "id");
    assert_eq!(summary["to"][0], "keuangan@maju.example");
    assert!(
        summary["text_body"]
            .as_str()
            .unwrap()
            .contains("Pembayaran sebesar Rp 1.500.000 akan dilakukan paling lambat 20 November 2026."),
        "{summary}"
    );
}

#[test]
fn a_plan_from_the_command_line_and_bad_input_that_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let client = json(&db, &["client", "add", "--name", "Acme GmbH", "--currency", "EUR"]);
    let client_id = client["id"].as_i64().unwrap().to_string();
    json(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            &client_id,
            "--number",
            "INV-1",
            "--issue-date",
            "2026-10-01",
            "--due-date",
            "2026-10-31",
            "--item",
            "Work;1;1000.00",
        ],
    );

    let plan = json(&db, &["plan", "create", "INV-1", "--instalments", "3", "--every", "30d", "--first", "2026-12-01"]);
    let amounts: Vec<i64> =
        plan["instalments"].as_array().unwrap().iter().map(|i| i["amount"].as_i64().unwrap()).collect();
    assert_eq!(amounts, [33_333, 33_333, 33_334]);
    assert_eq!(plan["final_deadline"], "2027-01-30");
    assert_eq!(json(&db, &["plan", "show", "INV-1"])["id"], plan["id"]);

    for (args, field) in [
        (vec!["call", "log", "INV-1", "--outcome", "promised"], "promise_date is required"),
        (vec!["call", "log", "INV-1", "--outcome", "maybe"], "--outcome: unknown call outcome \"maybe\""),
        (
            vec!["call", "log", "INV-1", "--outcome", "promised", "--promise-date", "2099-01-01", "--amount", "5000"],
            "promise_amount:",
        ),
        (
            vec!["call", "log", "INV-1", "--outcome", "reached", "--contact", "Nobody"],
            "--contact: Acme GmbH has no contact \"Nobody\"",
        ),
        (vec!["plan", "create", "INV-1", "--instalments", "3", "--every", "1m"], "--every: \"1m\""),
    ] {
        let out = duly(&db, &[&["--json"], args.as_slice()].concat());
        assert!(!out.status.success(), "{args:?} succeeded");
        let err: Value = serde_json::from_slice(&out.stderr).unwrap();
        assert_eq!(err["code"], "invalid_input", "{err}");
        assert!(err["message"].as_str().unwrap().contains(field), "{args:?}: {err}");
    }
    assert_eq!(json(&db, &["call", "list"]).as_array().unwrap().len(), 0);
}
