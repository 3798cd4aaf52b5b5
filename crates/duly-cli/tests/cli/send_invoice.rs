//! `duly invoice send NUMBER` and `duly invoice mark-sent NUMBER --on DATE` as a script runs
//! them: a real database file, a real SMTP server on 127.0.0.1, the clock pinned.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::smtp::RealServer;

/// Monday 23 November 2026, 10:00 UTC: inside a Bucharest client's working day.
const NOW: &str = "2026-11-23T10:00:00Z";

fn duly_at(db: &Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env("DULY_NOW", now)
        .env("DULY_TODAY", &now[..10])
        .output()
        .unwrap()
}

fn json_at(db: &Path, now: &str, args: &[&str]) -> Value {
    let out = duly_at(db, now, &[&["--json"], args].concat());
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    json_at(db, NOW, args)
}

#[test]
fn an_invoice_is_sent_once_from_the_cli_and_dates_its_sending() {
    let server = RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["business", "set", "--name", "Studio Ionescu SRL", "--currency", "RON", "--language", "ro"]);
    let port = server.addr.port().to_string();
    let mail = ["mail", "set", "--host", "127.0.0.1", "--port", &port, "--security", "plain"];
    json(&db, &[&mail[..], &["--from-name", "Ana Ionescu", "--from-email", "ana@studio-ionescu.ro"]].concat());
    json(&db, &["client", "add", "--name", "Fabrica SRL", "--email", "plati@fabrica.ro", "--language", "ro"]);
    json(&db, &["client", "edit", "Fabrica", "--country", "RO"]);
    let args = ["invoice", "add", "--client", "Fabrica", "--number", "F-1", "--issue-date", "2026-11-20"];
    json(&db, &[&args[..], &["--item", "Design;1;1000", "--draft"]].concat());

    let draft = json(&db, &["invoice", "send", "F-1", "--draft"]);
    assert!(draft["outbox"].is_null());
    assert_eq!(draft["draft"]["subject"], "Factura F-1 de la Studio Ionescu SRL");

    let sent = json(&db, &["invoice", "send", "F-1"]);
    assert_eq!(sent["issued"], true);
    assert_eq!(sent["outbox"]["kind"], "invoice");
    assert_eq!(sent["outbox"]["attachments"][0], "F-1.pdf");

    // A second send is refused, as JSON on stderr, and queues nothing.
    let again = duly_at(&db, NOW, &["--json", "invoice", "send", "F-1"]);
    assert!(!again.status.success());
    let e: Value = serde_json::from_slice(&again.stderr).unwrap();
    assert_eq!(e["code"], "conflict");
    assert!(e["message"].as_str().unwrap().contains("not sent twice"), "{e}");
    assert_eq!(json(&db, &["outbox", "list"]).as_array().unwrap().len(), 1);

    let run = json_at(&db, "2026-11-23T10:05:00Z", &["outbox", "run"]);
    assert_eq!(run["sent"], 1, "{run}");
    assert_eq!(server.received().len(), 1);
    let shown = json(&db, &["invoice", "show", "F-1"]);
    assert_eq!(shown["sent_on"], "2026-11-23");
    let text = String::from_utf8(duly_at(&db, NOW, &["invoice", "show", "F-1"]).stdout).unwrap();
    assert!(text.contains("Sent to the client on 2026-11-23"), "{text}");

    // An invoice sent by hand before Duly knew it: its day is recorded, with the API's errors.
    json(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            "Fabrica",
            "--number",
            "F-3",
            "--issue-date",
            "2026-11-02",
            "--item",
            "Logo;1;100",
        ],
    );
    let bad = duly_at(&db, NOW, &["--json", "invoice", "mark-sent", "F-3", "--on", "2026-12-01"]);
    let e: Value = serde_json::from_slice(&bad.stderr).unwrap();
    assert_eq!(e["message"], "on: 2026-12-01 is after today (2026-11-23)");
    let marked = json(&db, &["invoice", "mark-sent", "F-3", "--on", "2026-11-04"]);
    assert_eq!(marked["sent_on"], "2026-11-04");
}
