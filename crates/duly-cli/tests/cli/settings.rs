//! The settings the window edits, from the command line: terms, the follow-up ladder, message
//! templates, the send window, and a client's contacts, time zone and jurisdiction. Each command
//! prints the API's DTO with `--json` and fails with the API's own `{code, message}`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json as j};

fn duly(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", "2026-11-23")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The message of the `{code: invalid_input, message}` a failing `--json` command leaves on stderr.
fn invalid(db: &Path, args: &[&str]) -> String {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(!out.status.success(), "duly {args:?} should fail");
    let e: Value =
        serde_json::from_slice(&out.stderr).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(e["code"], "invalid_input", "{e}");
    e["message"].as_str().unwrap().to_owned()
}

/// A business, a Romanian client and an invoice 39 days overdue on the pinned day.
fn setup(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("duly.sqlite3");
    json(&db, &["business", "set", "--name", "Studio Ionescu SRL", "--currency", "RON"]);
    json(&db, &["client", "add", "--name", "Fabrica SRL", "--email", "ana@fabrica.ro", "--language", "ro"]);
    json(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            "Fabrica",
            "--number",
            "F-1",
            "--issue-date",
            "2026-10-01",
            "--due-date",
            "2026-10-15",
            "--item",
            "Design;1;1000",
        ],
    );
    db
}

#[test]
fn terms_for_the_business_a_client_and_an_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());

    assert_eq!(json(&db, &["terms", "show"]), Value::Null, "nothing stored yet");
    let business = json(
        &db,
        &["terms", "set", "--late-fee-kind", "percent", "--late-fee-value", "1.5", "--claim-statutory", "no"],
    );
    assert_eq!(
        business,
        j!({"late_fee_kind": "percent", "late_fee_value": 150, "discount_rate": null, "discount_days": null,
            "claim_statutory": false})
    );
    assert_eq!(json(&db, &["terms", "show"]), business);

    let client =
        json(&db, &["terms", "set", "--client", "Fabrica", "--discount-percent", "2", "--discount-days", "10"]);
    assert_eq!(client["discount_rate"], 200);
    assert_eq!(client["late_fee_kind"], Value::Null);
    assert_eq!(client["claim_statutory"], true, "left out means yes");
    let invoice =
        json(&db, &["terms", "set", "--invoice", "F-1", "--late-fee-kind", "fixed", "--late-fee-value", "25"]);
    assert_eq!(invoice["late_fee_value"], 2500, "minor units of the invoice's currency");
    assert_eq!(json(&db, &["terms", "show", "--invoice", "F-1"]), invoice);
    assert_eq!(json(&db, &["terms", "show", "--client", "1"]), client);
    assert_eq!(json(&db, &["terms", "show"]), business, "the other scopes are untouched");

    assert!(
        invalid(&db, &["terms", "set", "--late-fee-kind", "weekly", "--late-fee-value", "2"])
            .starts_with("late_fee_kind:")
    );
    assert!(invalid(&db, &["terms", "set", "--late-fee-kind", "fixed"]).starts_with("late_fee_value:"));
    assert!(invalid(&db, &["terms", "set", "--discount-percent", "2"]).starts_with("discount_percent, discount_days:"));
    assert!(
        invalid(&db, &["terms", "set", "--client", "1", "--invoice", "F-1"]).starts_with("client_id, invoice_number:")
    );
    assert_eq!(json(&db, &["terms", "show"]), business, "a refused change saves nothing");
}

#[test]
fn ladder_for_everyone_and_for_one_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());

    let everyone = json(&db, &["ladder", "show"]);
    assert_eq!(everyone["customised"], false);
    assert_eq!(everyone["catch_up_gap_days"], 7);
    let ids: Vec<&str> = everyone["steps"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"overdue_7") && ids.contains(&"final_demand"), "{ids:?}");

    // One client: two steps, typed on the command line.
    let own = json(
        &db,
        &[
            "ladder",
            "set",
            "--client",
            "Fabrica",
            "--step",
            "overdue_7;due;5;email;firm;reminder",
            "--step",
            "final_demand;due;30;letter_email;formal;final_demand",
        ],
    );
    assert_eq!(own["client_id"], 1);
    assert_eq!(own["customised"], true);
    assert_eq!(own["steps"].as_array().unwrap().len(), 2);
    assert_eq!(own["steps"][0]["offset_days"], 5);
    assert_eq!(own["steps"][0]["tone"], "firm");
    assert_eq!(json(&db, &["ladder", "show", "--client", "1"]), own);
    assert_eq!(json(&db, &["ladder", "show"]), everyone, "the business's ladder is untouched");

    // What `ladder show --json` prints goes back in as a file: the client follows the business again.
    let file = dir.path().join("ladder.json");
    std::fs::write(&file, serde_json::to_string(&everyone).unwrap()).unwrap();
    let back = json(&db, &["ladder", "set", "--client", "1", "--steps-file", file.to_str().unwrap()]);
    assert_eq!(back["customised"], false);
    assert_eq!(back["steps"], everyone["steps"]);

    // The catch-up gap alone keeps the steps.
    let gap = json(&db, &["ladder", "set", "--catch-up-gap", "10"]);
    assert_eq!(gap["catch_up_gap_days"], 10);
    assert_eq!(gap["steps"], everyone["steps"]);

    assert!(
        invalid(&db, &["ladder", "set", "--step", "overdue_7;due;5;fax;firm;reminder"])
            .starts_with("steps[0].channel:")
    );
    assert!(invalid(&db, &["ladder", "set", "--client", "1", "--catch-up-gap", "3"]).starts_with("catch_up_gap_days:"));
    assert!(invalid(&db, &["ladder", "set", "--step", "overdue_7;due;soon"]).starts_with("--step 1:"));
    assert_eq!(json(&db, &["ladder", "show"]), gap, "a refused change saves nothing");
}

#[test]
fn templates_shown_saved_previewed_and_reset() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());

    let builtin = json(&db, &["template", "show", "overdue_7", "--language", "ro"]);
    assert_eq!(builtin["source"], "builtin");
    assert!(builtin["variables"].as_array().unwrap().contains(&j!("invoice_number")));

    let body = dir.path().join("body.txt");
    std::fs::write(&body, "Bună ziua {{ greeting_name }},\n\nFactura {{ invoice_number }}: {{ amount_due }}.\n")
        .unwrap();
    let body = body.to_str().unwrap();
    let preview = json(
        &db,
        &[
            "template",
            "preview",
            "F-1",
            "--step",
            "overdue_7",
            "--language",
            "ro",
            "--subject",
            "Factura {{ invoice_number }}",
            "--body-file",
            body,
        ],
    );
    assert_eq!(preview["subject"], "Factura F-1");
    assert!(preview["text"].as_str().unwrap().contains("Factura F-1: 1.000,00 lei."), "{preview}");
    assert_eq!(json(&db, &["template", "show", "overdue_7", "--language", "ro"]), builtin, "a preview saves nothing");

    let saved = json(
        &db,
        &[
            "template",
            "set",
            "overdue_7",
            "--language",
            "ro",
            "--client",
            "Fabrica",
            "--subject",
            "Factura {{ invoice_number }}",
            "--body-file",
            body,
        ],
    );
    assert_eq!(saved["source"], "client");
    assert_eq!(saved["client_id"], 1);
    assert_eq!(json(&db, &["template", "show", "overdue_7", "--language", "ro", "--client", "1"]), saved);
    assert_eq!(json(&db, &["template", "show", "overdue_7", "--language", "ro"]), builtin, "only the client's");

    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "Hello {{ nosuch }}\n").unwrap();
    let message = invalid(
        &db,
        &["template", "set", "overdue_7", "--language", "ro", "--subject", "x", "--body-file", bad.to_str().unwrap()],
    );
    assert!(message.starts_with("template overdue_7:") && message.contains("nosuch"), "{message}");

    let reset = json(&db, &["template", "reset", "overdue_7", "--language", "ro", "--client", "1"]);
    assert_eq!(reset["source"], "builtin");
    assert_eq!(reset["subject"], builtin["subject"]);
}

#[test]
fn send_window_changes_only_what_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());

    let default = json(&db, &["send-window", "show"]);
    assert_eq!(
        default,
        j!({"days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "start": "09:00", "end": "17:00", "default_time_zone": ""})
    );
    let set = json(&db, &["send-window", "set", "--days", "Mon,Wed", "--start", "10:00", "--zone", "Europe/Bucharest"]);
    assert_eq!(
        set,
        j!({"days": ["Mon", "Wed"], "start": "10:00", "end": "17:00", "default_time_zone": "Europe/Bucharest"})
    );
    assert_eq!(json(&db, &["send-window", "show"]), set);
    assert!(invalid(&db, &["send-window", "set", "--start", "25:00"]).starts_with("start:"));
    assert!(invalid(&db, &["send-window", "set", "--zone", "Mars/Olympus"]).starts_with("default_time_zone:"));
    assert!(invalid(&db, &["send-window", "set", "--days", "Mon,Someday"]).starts_with("days[1]:"));
    assert_eq!(json(&db, &["send-window", "show"]), set);
}

#[test]
fn client_edit_sets_contacts_language_time_zone_and_jurisdiction() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let before = json(&db, &["client", "show", "Fabrica"]);
    let billing_id = before["contacts"][0]["id"].clone();

    let edited = json(
        &db,
        &[
            "client",
            "edit",
            "Fabrica",
            "--contact",
            "billing;Ana Pop;ANA@fabrica.ro;+40 21 000 0000;ro;Europe/Bucharest",
            "--contact",
            "project;Dan Ionescu;dan@fabrica.ro",
            "--language",
            "en",
            "--country",
            "ro",
            "--timezone",
            "Europe/Bucharest",
            "--jurisdiction",
            "RO",
            "--private-person",
        ],
    );
    assert_eq!(edited["name"], "Fabrica SRL", "left out: unchanged");
    assert_eq!(edited["language"], "en");
    assert_eq!(edited["country"], "RO");
    assert_eq!(edited["timezone"], "Europe/Bucharest");
    assert_eq!(edited["law"], j!({"client_id": 1, "jurisdiction": "RO", "private_person": true, "applies": "RO"}));
    let contacts = edited["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0]["id"], billing_id, "the same address keeps its contact (and its history)");
    assert_eq!(contacts[0]["name"], "Ana Pop");
    assert_eq!(contacts[0]["language"], "ro");
    assert_eq!(contacts[0]["timezone"], "Europe/Bucharest");
    assert_eq!(contacts[1]["role"], "project");
    assert_eq!(json(&db, &["client", "show", "1"]), edited);

    // Adding keeps the others; --business undoes --private-person and keeps the jurisdiction.
    let added = json(&db, &["client", "edit", "1", "--add-contact", "other;Office;office@fabrica.ro", "--business"]);
    assert_eq!(added["contacts"].as_array().unwrap().len(), 3);
    assert_eq!(added["law"]["private_person"], false);
    assert_eq!(added["law"]["jurisdiction"], "RO");

    // The API's errors name the contact; nothing changes.
    let message = invalid(&db, &["client", "edit", "1", "--add-contact", "billing;X;not-an-email"]);
    assert!(message.starts_with("contact 4:"), "{message}");
    assert!(invalid(&db, &["client", "edit", "1", "--timezone", "Mars/Olympus"]).starts_with("timezone:"));
    assert!(invalid(&db, &["client", "edit", "1", "--contact", "boss;X;x@example.com"]).starts_with("--contact 1:"));
    assert_eq!(json(&db, &["client", "show", "1"]), added);

    let none = json(&db, &["client", "edit", "1", "--no-contacts"]);
    assert_eq!(none["contacts"], j!([]));
}

#[test]
fn help_lists_every_command_under_a_task() {
    let out = Command::new(env!("CARGO_BIN_EXE_duly")).arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let tasks = ["Set up:", "Clients and invoices:", "Chase:", "See where you stand:", "Your data:"];
    let mut at = 0;
    for t in tasks {
        let found = help[at..].find(t).unwrap_or_else(|| panic!("{t} missing or out of order in:\n{help}"));
        at += found;
    }
    assert!(!help.contains("Other commands:"), "a command outside every task:\n{help}");
    let set_up = &help[help.find("Set up:").unwrap()..help.find("Clients and invoices:").unwrap()];
    for c in ["business", "terms", "ladder", "template", "send-window"] {
        assert!(set_up.contains(&format!("\n  {c} ")), "{c} not under Set up:\n{help}");
    }
    assert!(help.contains("DULY_TODAY=DATE"), "the environment is still explained:\n{help}");
}
