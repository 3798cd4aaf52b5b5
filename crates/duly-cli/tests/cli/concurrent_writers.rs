//! Two processes writing one database at once both succeed: every write transaction begins
//! IMMEDIATE and waits for the lock within the busy timeout instead of failing with "database
//! is locked". Here a writer holds the lock for 2.5 s while `duly` processes write, and then two
//! `duly` processes write side by side. And the held-message commands, end to end.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn duly(db: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duly"));
    c.arg("--db").arg(db).env_remove("DULY_DB").env("DULY_NOW", "2026-11-23T10:00:00Z").env("DULY_TODAY", "2026-11-23");
    c
}

fn ok(out: Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

fn run(db: &std::path::Path, args: &[&str]) -> serde_json::Value {
    ok(duly(db).args(args).arg("--json").output().unwrap())
}

#[test]
fn a_duly_process_waits_for_another_writer_and_two_write_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    run(&db, &["client", "add", "--name", "Acme", "--currency", "EUR"]);
    for n in ["A-1", "A-2"] {
        run(
            &db,
            &[
                "invoice",
                "add",
                "--client",
                "Acme",
                "--number",
                n,
                "--issue-date",
                "2026-10-01",
                "--due-date",
                "2026-10-31",
                "--item",
                "Work;1;100.00",
            ],
        );
    }

    // Another writer holds the write lock for 2.5 s.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE; UPDATE clients SET notes = 'held' WHERE name = 'Acme';").unwrap();
    let started = Instant::now();
    let waiting = duly(&db).args(["pay", "A-1", "--amount", "40.00", "--json"]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    holder.execute_batch("COMMIT").unwrap();
    ok(waiting.wait_with_output().unwrap());
    assert!(started.elapsed() >= Duration::from_millis(2500));

    // Two processes at once, several writes each.
    let a = duly(&db).args(["pay", "A-1", "--amount", "10.00", "--json"]).spawn().unwrap();
    let b = duly(&db).args(["pay", "A-2", "--amount", "10.00", "--json"]).spawn().unwrap();
    let c = duly(&db).args(["client", "add", "--name", "Beta", "--currency", "EUR", "--json"]).spawn().unwrap();
    for child in [a, b, c] {
        ok(child.wait_with_output().unwrap());
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let paid: Vec<i64> = conn
        .prepare("SELECT paid_minor FROM invoices ORDER BY number")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(paid, [5000, 1000]);
    let clients: i64 = conn.query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).unwrap();
    assert_eq!(clients, 2);
}

#[test]
fn held_messages_are_listed_released_and_discarded_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    run(
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
            "--from-name",
            "Ana",
            "--from-email",
            "ana@studio.example",
        ],
    );
    // Two messages queued in a database that is then copied elsewhere and opened there.
    let mut api = duly_api::Duly::open(&db).unwrap().with_secrets(std::sync::Arc::new(duly_api::MemoryStore::new()));
    for n in 1..=2 {
        api.outbox_enqueue(duly_api::OutboxEnqueueInput {
            to: vec![format!("c{n}@example.com")],
            subject: format!("Message {n}"),
            text_body: "Hello".into(),
            ..Default::default()
        })
        .unwrap();
    }
    drop(api);
    rusqlite::Connection::open(&db).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let copy = dir.path().join("elsewhere/duly.sqlite3");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&db, &copy).unwrap();

    let held = run(&copy, &["outbox", "list", "--state", "held"]);
    let ids: Vec<i64> = held.as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 2, "{held}");
    let text = String::from_utf8(duly(&copy).args(["outbox", "list"]).output().unwrap().stdout).unwrap();
    assert!(text.contains("held after restore"), "{text}");

    let released = run(&copy, &["outbox", "release", &ids[0].to_string()]);
    assert_eq!(released[0]["state"], "queued");
    let discarded = run(&copy, &["outbox", "discard", &ids[1].to_string()]);
    assert_eq!(
        (discarded[0]["state"].as_str(), discarded[0]["cancel_reason"].as_str()),
        (Some("cancelled"), Some("user"))
    );
    let again = duly(&copy).args(["outbox", "discard", &ids[1].to_string(), "--json"]).output().unwrap();
    assert!(!again.status.success(), "a message no longer held cannot be discarded");
}
