//! `duly outbox run` killed with SIGKILL in the middle of a batch, then run again: the message
//! that was on the wire becomes `unsure` (not resent), the rest are sent, none is lost and none
//! is sent twice. And the mail commands, end to end.

use crate::smtp;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use duly_api::{Duly, MemoryStore, OutboxEnqueueInput, OutboxQuery, OutboxStatus};
use smtp::{FakeServer, Step};

fn duly(db: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duly"));
    c.arg("--db").arg(db).env_remove("DULY_DB").env_remove("DULY_NOW").env("DULY_TODAY", "2026-11-23");
    c
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_sender_killed_mid_batch_loses_nothing_and_sends_nothing_twice() {
    // The third message stalls in DATA: the server read it all and never answers.
    let server = FakeServer::start([Step::Reply("250 ok".into()), Step::Reply("250 ok".into()), Step::Stall]);
    // Replies given through the script do not count as accepted; only unscripted ones do.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let set = duly(&db)
        .args(["mail", "set", "--host", "127.0.0.1", "--port", &server.addr.port().to_string()])
        .args(["--security", "plain", "--from-name", "Ana Pop", "--from-email", "ana@studio.example.ro", "--json"])
        .output()
        .unwrap();
    assert_eq!(json(&set)["has_password"], false);

    let mut api = Duly::open(&db).unwrap().with_secrets(Arc::new(MemoryStore::new()));
    let past = Utc::now() - TimeDelta::minutes(5);
    for n in 1..=5 {
        api.outbox_enqueue_at(
            OutboxEnqueueInput {
                invoice_id: None,
                kind: None,
                to: vec![format!("client{n}@example.com")],
                subject: format!("Message {n}"),
                text_body: "Hello".into(),
                ..Default::default()
            },
            past + TimeDelta::seconds(n),
        )
        .unwrap();
    }
    drop(api);

    let mut child = duly(&db).args(["outbox", "run", "--json"]).stdout(Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.data_seen() < 3 {
        assert!(Instant::now() < deadline, "the sender never reached the third message");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let states = |db: &std::path::Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(db).unwrap();
        let mut stmt = conn.prepare("SELECT state FROM outbox ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(states(&db), ["sent", "sent", "sending", "queued", "queued"], "what the kill left");

    let run = json(&duly(&db).args(["outbox", "run", "--json"]).output().unwrap());
    assert_eq!((run["unsure"].as_u64(), run["sent"].as_u64()), (Some(1), Some(2)), "{run}");
    assert_eq!(states(&db), ["sent", "sent", "unsure", "sent", "sent"]);
    // Message 3 reached the server once (the stalled DATA) and was never sent again.
    assert_eq!(server.data_seen(), 5);
    let accepted = server.accepted();
    assert_eq!(accepted.len(), 2, "messages 4 and 5 (1 and 2 got scripted 250s)");
    for (data, n) in accepted.iter().zip([4, 5]) {
        assert!(String::from_utf8_lossy(data).contains(&format!("Subject: Message {n}")));
    }

    // A third run has nothing to do; the unsure one waits for the user.
    let again = json(&duly(&db).args(["outbox", "run", "--json"]).output().unwrap());
    assert_eq!((again["sent"].as_u64(), again["unsure"].as_u64()), (Some(0), Some(0)));
    let list = json(&duly(&db).args(["outbox", "list", "--json"]).output().unwrap());
    let unsure: Vec<_> = list.as_array().unwrap().iter().filter(|i| i["state"] == "unsure").collect();
    assert_eq!(unsure.len(), 1);
    assert_eq!(unsure[0]["subject"], "Message 3");

    let api = Duly::open(&db).unwrap();
    let items = api.outbox_list(OutboxQuery { state: Some(OutboxStatus::Sent), limit: None }).unwrap();
    assert_eq!(items.len(), 4);
}

#[test]
fn mail_set_show_test_and_errors() {
    let server = smtp::RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let show = json(&duly(&db).args(["mail", "show", "--json"]).output().unwrap());
    assert_eq!(show["configured"], false);

    let bad = duly(&db)
        .args([
            "mail",
            "set",
            "--host",
            "smtp.example.com",
            "--security",
            "plain",
            "--from-email",
            "a@b.example",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err: serde_json::Value = serde_json::from_slice(&bad.stderr).unwrap();
    assert_eq!(err["code"], "invalid_input");

    let set = duly(&db)
        .args(["mail", "set", "--host", "127.0.0.1", "--port", &server.addr.port().to_string(), "--security", "plain"])
        .args(["--from-email", "ana@studio.example.ro", "--reply-to", "ana@home.example"])
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let test = json(&duly(&db).args(["mail", "test", "--to", "me@example.com", "--json"]).output().unwrap());
    assert_eq!(test["to"], "me@example.com");
    assert_eq!(server.received().len(), 1);
    let empty = duly(&db).args(["outbox", "run"]).output().unwrap();
    assert!(empty.status.success());
}
