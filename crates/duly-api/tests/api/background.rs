//! Whether closing the desktop window leaves Duly running in the tray: only while mail is waiting
//! to go out and the user kept "keep sending in the background" on. Real SQLite file, pinned clock.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use duly_api::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:05:00Z").unwrap().with_timezone(&Utc)
}

fn open(path: &std::path::Path) -> Duly {
    Duly::open(path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_now(now())
}

fn message(subject: &str) -> OutboxEnqueueInput {
    OutboxEnqueueInput {
        to: vec!["billing@acme.example".into()],
        subject: subject.into(),
        text_body: "Plain body".into(),
        ..Default::default()
    }
}

#[test]
fn closing_keeps_duly_running_only_while_mail_waits_and_the_user_wants_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let mut duly = open(&path);
    duly.mail_settings_save(MailSettingsInput {
        host: "127.0.0.1".into(),
        port: 2525,
        security: MailSecurity::Plain,
        username: String::new(),
        from_name: "Ana Pop".into(),
        from_email: "ana@studio.example.ro".into(),
        reply_to: String::new(),
        password: None,
        session_only: None,
    })
    .unwrap();

    // Nothing queued: closing the window quits, as a user expects.
    assert_eq!(duly.outbox_waiting().unwrap(), 0);
    assert!(!duly.close_keeps_running().unwrap());

    let first = duly.outbox_enqueue(message("First")).unwrap();
    duly.outbox_enqueue(message("Second")).unwrap();
    assert_eq!(duly.outbox_waiting().unwrap(), 2);
    assert!(duly.close_keeps_running().unwrap(), "on by default while mail waits");

    // Turned off: closing quits even with mail waiting (it goes out at the next start).
    duly.preferences_save(PreferencesInput { keep_sending_in_background: Some(false), ..Default::default() }).unwrap();
    assert!(!duly.close_keeps_running().unwrap());
    duly.preferences_save(PreferencesInput { keep_sending_in_background: Some(true), ..Default::default() }).unwrap();

    // A cancelled message no longer waits; the answer is read from the file, so another handle
    // (the background sender's) sees the same.
    duly.outbox_cancel(OutboxId { id: first.id }).unwrap();
    assert_eq!(open(&path).outbox_waiting().unwrap(), 1);
    assert!(open(&path).close_keeps_running().unwrap());
}
