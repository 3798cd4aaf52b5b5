//! A backup taken while a message was being sent holds it as `sending`. Restored, that message
//! must not sit there forever nor be sent again behind the user's back: it becomes `unsure`,
//! like after a crash, and its invoice's timeline says so.

use std::sync::Arc;

use duly_api::*;
use rusqlite::Connection;

#[test]
fn restoring_a_backup_taken_mid_send_makes_the_message_unsure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let mut duly =
        Duly::open(&path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_today("2026-11-23".parse().unwrap());
    duly.mail_settings_save(MailSettingsInput {
        host: "127.0.0.1".into(),
        port: 2525,
        security: MailSecurity::Plain,
        username: String::new(),
        from_name: "Ana".into(),
        from_email: "ana@studio.example".into(),
        reply_to: String::new(),
        password: None,
        session_only: None,
    })
    .unwrap();
    let client = duly
        .client_save(ClientInput {
            id: None,
            name: "Atelier Nord SRL".into(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::Ro,
            currency: "RON".into(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: Vec::new(),
        })
        .unwrap();
    let invoice = duly
        .invoice_save(InvoiceInput {
            id: None,
            client_id: client.id,
            number: Some("F-1".into()),
            issue_date: "2026-10-01".into(),
            due_date: Some("2026-10-31".into()),
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: "100".into() }],
            send: true,
        })
        .unwrap();
    let queued = duly
        .outbox_enqueue(OutboxEnqueueInput {
            invoice_id: Some(invoice.id),
            to: vec!["ioana@atelier-nord.example".into()],
            subject: "Factura F-1".into(),
            text_body: "Bună ziua".into(),
            ..OutboxEnqueueInput::default()
        })
        .unwrap();
    let untouched = duly
        .outbox_enqueue(OutboxEnqueueInput {
            to: vec!["someone@example.com".into()],
            subject: "Still queued".into(),
            text_body: "Hello".into(),
            ..OutboxEnqueueInput::default()
        })
        .unwrap();

    // The backup is taken while the sender is in the middle of the first message.
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE outbox SET state = 'sending' WHERE id = ?1", [queued.id]).unwrap();
    let backup = duly
        .backup_now(BackupNowInput { to: Some(dir.path().join("mid-send.sqlite3").display().to_string()) })
        .unwrap();
    // Afterwards it went out, in the file being replaced.
    conn.execute("UPDATE outbox SET state = 'sent' WHERE id = ?1", [queued.id]).unwrap();
    drop(conn);

    let report = duly.backup_restore(BackupRestoreInput { path: backup.path }).unwrap();
    assert_eq!((report.unsure_messages, report.held_messages), (1, 1));
    let state_of = |id: i64| -> OutboxStatus {
        duly.outbox_list(OutboxQuery::default()).unwrap().into_iter().find(|m| m.id == id).unwrap().state
    };
    assert_eq!(state_of(queued.id), OutboxStatus::Unsure);
    // A queued one is held for review: a restore never sends anything by itself.
    assert_eq!(state_of(untouched.id), OutboxStatus::Held, "messages caught mid-send are unsure, queued ones held");
    let timeline: Vec<String> =
        duly.invoice_get("F-1").unwrap().timeline.into_iter().map(|e| e.kind.to_string()).collect();
    assert!(timeline.contains(&"email_unsure".to_owned()), "{timeline:?}");

    // Checked in the file itself, by a separate connection.
    let conn = Connection::open(&path).unwrap();
    let sending: i64 = conn.query_row("SELECT count(*) FROM outbox WHERE state = 'sending'", [], |r| r.get(0)).unwrap();
    assert_eq!(sending, 0);
}
