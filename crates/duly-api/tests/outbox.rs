//! The outbox against a real SQLite file and SMTP servers on 127.0.0.1: queued messages go out
//! once with their attachments byte for byte, 4xx is retried, 5xx is not, every outcome lands on
//! the invoice's timeline, and the SMTP password is nowhere but the keychain.

mod support;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use duly_api::*;
use mail_parser::MimeHeaders;
use support::smtp::{FakeServer, RealServer, Step};

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    duly: Duly,
    secrets: Arc<MemoryStore>,
    invoice_id: i64,
    invoice_number: String,
}

fn fixture(addr: std::net::SocketAddr) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let secrets = Arc::new(MemoryStore::new());
    let mut duly = Duly::open(&path).unwrap().with_secrets(secrets.clone());
    duly.mail_settings_save(settings_input(addr, None)).unwrap();
    let client = duly
        .client_save(ClientInput {
            id: None,
            name: "Acme SRL".into(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::En,
            currency: "EUR".into(),
            notes: String::new(),
            contacts: vec![],
        })
        .unwrap();
    let invoice = duly
        .invoice_save(InvoiceInput {
            id: None,
            client_id: client.id,
            number: Some("INV-7".into()),
            issue_date: "2026-10-01".into(),
            due_date: Some("2026-10-31".into()),
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Work".into(), quantity: "1".into(), unit_price: "100".into() }],
            send: true,
        })
        .unwrap();
    Fixture { _dir: dir, path, duly, secrets, invoice_id: invoice.id, invoice_number: invoice.number }
}

fn settings_input(addr: std::net::SocketAddr, password: Option<&str>) -> MailSettingsInput {
    MailSettingsInput {
        host: addr.ip().to_string(),
        port: addr.port(),
        security: MailSecurity::Plain,
        username: if password.is_some() { "ana".into() } else { String::new() },
        from_name: "Ana Pop".into(),
        from_email: "ana@studio.example.ro".into(),
        reply_to: String::new(),
        password: password.map(str::to_owned),
    }
}

fn pdf_like() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\r\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(70_000));
    bytes.extend_from_slice(b"\r\n.\r\n..\n%%EOF");
    bytes
}

fn t0() -> DateTime<Utc> {
    "2026-11-23T09:00:00Z".parse().unwrap()
}

fn enqueue(f: &mut Fixture, subject: &str) -> OutboxItem {
    f.duly
        .outbox_enqueue_at(
            OutboxEnqueueInput {
                invoice_id: Some(f.invoice_id),
                kind: Some("invoice".into()),
                to: vec!["billing@acme.example".into()],
                subject: subject.into(),
                text_body: "Please find the invoice attached.".into(),
                attachments: vec![OutboxAttachmentInput {
                    filename: "INV-7.pdf".into(),
                    content_type: "application/pdf".into(),
                    bytes: pdf_like(),
                }],
            },
            t0(),
        )
        .unwrap()
}

fn timeline_kinds(f: &Fixture) -> Vec<String> {
    f.duly.invoice_get(&f.invoice_number).unwrap().timeline.into_iter().map(|e| e.kind).collect()
}

#[test]
fn a_queued_message_goes_out_once_with_its_attachment_byte_for_byte() {
    let server = RealServer::start();
    let mut f = fixture(server.addr);
    let item = enqueue(&mut f, "Invoice INV-7");
    assert_eq!(item.state, OutboxStatus::Queued);
    assert_eq!(item.attachments, ["INV-7.pdf"]);

    // Inside the undo window nothing is sent.
    let report = f.duly.outbox_run(t0() + TimeDelta::seconds(5)).unwrap();
    assert_eq!(report.sent, 0);
    assert!(server.received().is_empty());

    let report = f.duly.outbox_run(t0() + TimeDelta::seconds(11)).unwrap();
    assert_eq!((report.sent, report.failed, report.retrying), (1, 0, 0));
    let again = f.duly.outbox_run(t0() + TimeDelta::hours(1)).unwrap();
    assert_eq!(again.sent, 0);

    let received = server.received();
    assert_eq!(received.len(), 1, "sent exactly once");
    let parsed = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(parsed.subject(), Some("Invoice INV-7"));
    let attachment = parsed.attachments().next().expect("an attachment");
    assert_eq!(attachment.attachment_name(), Some("INV-7.pdf"));
    assert!(attachment.contents() == pdf_like().as_slice(), "the attachment arrived byte for byte");

    let listed = f.duly.outbox_list(OutboxQuery::default()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, OutboxStatus::Sent);
    assert_eq!(listed[0].sent_by.as_deref(), Some("server"));
    assert_eq!(listed[0].attempts, 1);
    assert!(timeline_kinds(&f).contains(&"email_sent".to_owned()), "{:?}", timeline_kinds(&f));

    // Checked in the file itself, too.
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    let (state, sent_by): (String, String) =
        conn.query_row("SELECT state, sent_by FROM outbox", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((state.as_str(), sent_by.as_str()), ("sent", "server"));
    let events: i64 = conn
        .query_row("SELECT count(*) FROM events WHERE invoice_id = ?1 AND kind = 'email_sent'", [f.invoice_id], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1);
}

#[test]
fn a_451_is_retried_after_a_backoff_and_sent_once() {
    let server = FakeServer::start([Step::Reply("451 4.3.0 mailbox busy, try later".into())]);
    let mut f = fixture(server.addr);
    let item = enqueue(&mut f, "Reminder");

    let first = f.duly.outbox_run(t0() + TimeDelta::seconds(10)).unwrap();
    assert_eq!((first.sent, first.retrying), (0, 1));
    let listed = &f.duly.outbox_list(OutboxQuery::default()).unwrap()[0];
    assert_eq!(listed.state, OutboxStatus::Queued);
    assert_eq!(listed.last_error_code, Some(451));
    assert!(listed.last_error.as_deref().unwrap().contains("mailbox busy"));
    assert!(timeline_kinds(&f).contains(&"email_retrying".to_owned()));

    // Not before the backoff has passed.
    let early = f.duly.outbox_run(t0() + TimeDelta::seconds(30)).unwrap();
    assert_eq!(early.sent + early.retrying, 0);
    let second = f.duly.outbox_run(t0() + TimeDelta::seconds(71)).unwrap();
    assert_eq!(second.sent, 1);
    assert_eq!(server.accepted().len(), 1, "accepted exactly once");
    assert_eq!(server.data_seen(), 2);
    let listed = f.duly.outbox_list(OutboxQuery::default()).unwrap();
    assert_eq!((listed[0].id, listed[0].state, listed[0].attempts), (item.id, OutboxStatus::Sent, 2));
}

#[test]
fn a_550_fails_with_the_servers_reason_and_is_not_retried() {
    let server = FakeServer::start([Step::Reply("550 5.1.1 <billing@acme.example>: no such user".into())]);
    let mut f = fixture(server.addr);
    let item = enqueue(&mut f, "Reminder");
    let report = f.duly.outbox_run(t0() + TimeDelta::seconds(10)).unwrap();
    assert_eq!((report.sent, report.failed), (0, 1));
    for later in [1, 2, 24] {
        let r = f.duly.outbox_run(t0() + TimeDelta::hours(later)).unwrap();
        assert_eq!(r.sent + r.failed + r.retrying, 0);
    }
    assert_eq!(server.data_seen(), 1, "never tried again");
    let listed = &f.duly.outbox_list(OutboxQuery::default()).unwrap()[0];
    assert_eq!((listed.state, listed.attempts, listed.last_error_code), (OutboxStatus::Failed, 1, Some(550)));
    assert!(listed.last_error.as_deref().unwrap().contains("no such user"), "{listed:?}");
    assert!(timeline_kinds(&f).contains(&"email_failed".to_owned()));

    // The user's choices: retry puts it back in the queue, cancel ends it.
    assert_eq!(f.duly.outbox_resend(OutboxId { id: item.id }).unwrap_err().code, ErrorCode::Conflict);
    assert_eq!(f.duly.outbox_retry(OutboxId { id: item.id }).unwrap().state, OutboxStatus::Queued);
    assert_eq!(f.duly.outbox_cancel(OutboxId { id: item.id }).unwrap().state, OutboxStatus::Cancelled);
    assert_eq!(f.duly.outbox_cancel(OutboxId { id: 999 }).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn a_message_left_sending_becomes_unsure_and_waits_for_the_user() {
    let server = RealServer::start();
    let mut f = fixture(server.addr);
    let item = enqueue(&mut f, "Invoice");
    // What a crash mid-send leaves behind.
    rusqlite::Connection::open(&f.path)
        .unwrap()
        .execute("UPDATE outbox SET state = 'sending', attempts = 1 WHERE id = ?1", [item.id])
        .unwrap();
    let path = f.path.clone();
    let mut duly = Duly::open(&path).unwrap().with_secrets(f.secrets.clone());
    let report = duly.outbox_run(t0() + TimeDelta::hours(1)).unwrap();
    assert_eq!((report.unsure, report.sent), (1, 0));
    assert!(server.received().is_empty(), "never resent silently");
    // While this handle is the sender, another one sends nothing.
    assert!(f.duly.outbox_run(t0() + TimeDelta::hours(1)).unwrap().busy);
    let marked = duly.outbox_mark_sent(OutboxId { id: item.id }).unwrap();
    assert_eq!((marked.state, marked.sent_by.as_deref()), (OutboxStatus::Sent, Some("user")));
    drop(duly);
    let kinds = timeline_kinds(&f);
    assert!(kinds.contains(&"email_unsure".to_owned()) && kinds.contains(&"email_marked_sent".to_owned()), "{kinds:?}");
}

#[test]
fn the_smtp_password_is_only_in_the_keychain() {
    const PASSWORD: &str = "Zq9-hunter2-very-secret-pw";
    let server = FakeServer::start([]);
    let mut f = fixture(server.addr);
    let saved = f.duly.mail_settings_save(settings_input(server.addr, Some(PASSWORD))).unwrap();
    assert!(saved.has_password);
    // In the keychain (its account key is duly-mail's business; MemoryStore's Debug lists them).
    let accounts = format!("{:?}", f.secrets);
    assert!(accounts.contains("ana") && !accounts.contains(PASSWORD), "{accounts}");

    let mut shown = Vec::new();
    shown.push(serde_json::to_string(&saved).unwrap());
    shown.push(serde_json::to_string(&f.duly.mail_settings_get().unwrap()).unwrap());
    shown.push(format!("{:?}", settings_input(server.addr, Some(PASSWORD))));
    // Errors on the way: a bad setting with a password, and a server that refuses the login.
    let mut bad = settings_input(server.addr, Some(PASSWORD));
    bad.host = "smtp.example.com".into();
    shown.push(serde_json::to_string(&f.duly.mail_settings_save(bad).unwrap_err()).unwrap());
    shown.push(serde_json::to_string(&f.duly.mail_test(MailTestInput { to: "me@example.com".into() })).unwrap());
    enqueue(&mut f, "Invoice");
    shown.push(serde_json::to_string(&f.duly.outbox_run(t0() + TimeDelta::minutes(1))).unwrap());
    shown.push(serde_json::to_string(&f.duly.outbox_list(OutboxQuery::default()).unwrap()).unwrap());
    shown.push(format!("{:?}", f.duly));
    for text in &shown {
        assert!(!text.contains(PASSWORD), "{text}");
    }

    drop(f.duly);
    let mut bytes = std::fs::read(&f.path).unwrap();
    if let Ok(wal) = std::fs::read(f.path.with_extension("sqlite3-wal")) {
        bytes.extend(wal);
    }
    assert!(bytes.len() > 4096);
    let needle = PASSWORD.as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the password is in the database file");
    assert!(std::fs::read(&f.path).unwrap().windows(9).any(|w| w == b"ana@studi"), "the settings themselves are");
}

#[test]
fn mail_test_sends_a_real_message_and_settings_round_trip() {
    let server = RealServer::start();
    let mut f = fixture(server.addr);
    let got = f.duly.mail_settings_get().unwrap();
    assert!(got.configured && !got.has_password);
    assert_eq!((got.host.as_str(), got.port, got.security), ("127.0.0.1", server.addr.port(), MailSecurity::Plain));
    let report = f.duly.mail_test(MailTestInput { to: "me@example.com".into() }).unwrap();
    assert_eq!(report.to, "me@example.com");
    assert_eq!(server.received().len(), 1);
    let err = f.duly.mail_test(MailTestInput { to: "not an address".into() }).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    let mut remote = settings_input(server.addr, None);
    remote.host = "smtp.example.com".into();
    let err = f.duly.mail_settings_save(remote).unwrap_err();
    assert!(err.message.contains("security"), "{err:?}");
    let fresh = Duly::open_in_memory().unwrap().with_secrets(Arc::new(MemoryStore::new()));
    assert!(!fresh.mail_settings_get().unwrap().configured);
}
