//! The Today page's decisions from the command line: `duly step skip|postpone`, `duly pause`,
//! `duly outbox undo` (a reminder just queued), `duly client hold`, `duly invoice next-step` and
//! `duly invoice next-number`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json as j};

fn duly(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env("DULY_TODAY", "2026-11-23")
        .env("DULY_NOW", "2026-11-23T10:00:00Z")
        .output()
        .unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn error(db: &Path, args: &[&str]) -> Value {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(!out.status.success(), "duly {args:?} should fail");
    serde_json::from_slice(&out.stderr).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
}

/// The step `duly followups` says is due for the invoice, if any.
fn due_step(db: &Path, number: &str) -> Option<String> {
    let list = json(db, &["followups"]);
    list["items"].as_array().unwrap().iter().find(|i| i["number"] == number).map(|i| {
        assert_eq!(i["next"]["kind"], "due", "{i}");
        i["next"]["step"]["id"].as_str().unwrap().to_owned()
    })
}

#[test]
fn steps_skipped_postponed_paused_and_a_reminder_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["business", "set", "--name", "Studio Ionescu SRL"]);
    // Queued only (never sent here): the outbox needs an account to address from.
    json(
        &db,
        &[
            "mail",
            "set",
            "--host",
            "127.0.0.1",
            "--port",
            "2525",
            "--security",
            "plain",
            "--from-email",
            "me@example.com",
        ],
    );
    json(&db, &["client", "add", "--name", "Fabrica SRL", "--email", "ana@fabrica.ro"]);
    assert_eq!(json(&db, &["invoice", "next-number"]), "INV-2026-0001");
    for (number, due) in [("A-1", "2026-11-20"), ("A-2", "2026-11-20")] {
        json(
            &db,
            &[
                "invoice",
                "add",
                "--client",
                "Fabrica",
                "--number",
                number,
                "--issue-date",
                "2026-11-01",
                "--due-date",
                due,
                "--item",
                "Work;1;100",
            ],
        );
    }
    assert_eq!(due_step(&db, "A-1").as_deref(), Some("overdue_1"));

    assert_eq!(json(&db, &["invoice", "next-step", "A-1"])["kind"], "due");
    assert_eq!(json(&db, &["step", "skip", "A-1", "overdue_1"]), true);
    assert_eq!(due_step(&db, "A-1"), None, "the next step (overdue_7) is not due yet");
    let next = json(&db, &["invoice", "next-step", "A-1"]);
    assert_eq!(
        (&next["kind"], &next["step"]["id"], &next["on"]),
        (&j!("upcoming"), &j!("overdue_7"), &j!("2026-11-27"))
    );
    let e = error(&db, &["step", "skip", "A-1", "overdue_1"]);
    assert_eq!(e["code"], "conflict", "{e}");

    let e = error(&db, &["step", "postpone", "A-2", "overdue_1", "--until", "2026-11-01"]);
    assert!(e["message"].as_str().unwrap().starts_with("until:"), "{e}");
    assert_eq!(json(&db, &["step", "postpone", "A-2", "overdue_1", "--until", "2026-11-25"]), true);
    assert_eq!(due_step(&db, "A-2"), None);

    // A reminder queued and taken back at once: the message cancelled, the step due again.
    let mut args = vec!["invoice", "add", "--client", "Fabrica", "--number", "A-3", "--issue-date", "2026-11-01"];
    args.extend(["--due-date", "2026-11-20", "--item", "Work;1;100"]);
    json(&db, &args);
    let queued = json(&db, &["remind", "A-3"]);
    let id = queued["outbox"]["id"].as_i64().unwrap().to_string();
    let undone = json(&db, &["outbox", "undo", &id]);
    assert_eq!((&undone["state"], &undone["cancel_reason"]), (&j!("cancelled"), &j!("user")), "{undone}");
    assert_eq!(due_step(&db, "A-3").as_deref(), Some("overdue_1"));
    assert_eq!(error(&db, &["outbox", "undo", &id])["code"], "conflict");

    assert_eq!(json(&db, &["pause", "A-3", "--until", "2026-12-10", "--note", "on holiday"]), true);
    assert_eq!(due_step(&db, "A-3"), None, "paused");
    assert_eq!(json(&db, &["invoice", "next-step", "A-3"]), j!({"kind": "paused_until", "until": "2026-12-10"}));
    assert_eq!(json(&db, &["pause", "A-3", "--end"]), true);
    assert_eq!(json(&db, &["pause", "A-3", "--end"]), false, "nothing to end");
    assert_eq!(due_step(&db, "A-3").as_deref(), Some("overdue_1"));
    assert_eq!(error(&db, &["pause", "Z-9", "--end"])["code"], "not_found");
}

#[test]
fn credit_hold_on_and_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["client", "add", "--name", "Late Payer Ltd"]);
    assert_eq!(
        json(&db, &["client", "hold", "Late Payer"]),
        j!({"client_id": 1, "on": false, "since": null, "reason": ""})
    );
    let on = json(&db, &["client", "hold", "Late Payer", "on", "--reason", "90 days late twice"]);
    assert_eq!(on, j!({"client_id": 1, "on": true, "since": "2026-11-23", "reason": "90 days late twice"}));
    let inv = json(&db, &["invoice", "add", "--client", "1", "--item", "Work;1;100"]);
    assert_eq!(inv["credit_hold"]["reason"], "90 days late twice", "new invoices see the hold");
    assert_eq!(json(&db, &["client", "hold", "1", "off"])["on"], false);
    assert_eq!(error(&db, &["client", "hold", "Nobody", "on"])["code"], "not_found");
}
