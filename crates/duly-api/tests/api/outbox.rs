//! The outbox against a real SQLite file and SMTP servers on 127.0.0.1: queued messages go out
//! once with their attachments byte for byte, 4xx is retried, 5xx is not, every outcome lands on
//! the invoice's timeline, and the SMTP password is nowhere but the keychain.

use crate::support;

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
    fixture_with(addr, vec![])
}

fn contact(name: &str, role: ContactRole, email: &str, timezone: &str) -> Contact {
    Contact {
        id: None,
        name: name.into(),
        role,
        email: email.into(),
        phone: String::new(),
        language: None,
        timezone: timezone.into(),
    }
}

fn fixture_with(addr: std::net::SocketAddr, contacts: Vec<Contact>) -> Fixture {
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
            country: String::new(),
            timezone: String::new(),
            contacts,
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
        session_only: None,
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
                ..Default::default()
            },
            t0(),
        )
        .unwrap()
}

fn timeline_kinds(f: &Fixture) -> Vec<String> {
    f.duly.invoice_get(&f.invoice_number).unwrap().timeline.into_iter().map(|e| e.kind.to_string()).collect()
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
    assert_eq!(listed[0].sent_by, Some(OutboxSentBy::Server));
    assert_eq!(listed[0].attempts, 1);
    assert!(timeline_kinds(&f).contains(&"email_sent".to_owned()), "{:?}", timeline_kinds(&f));

    // Checked in the file itself, too.
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    let (state, sent_by): (String, String) =
        conn.query_row("SELECT state, sent_by FROM outbox", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((state.as_str(), sent_by.as_str()), ("sent", "server"));
    let events: i64 = conn
        .query_row("SELECT count(*) FROM events WHERE invoice_id = ?1 AND kind = 'email_sent'", [f.invoice_id], |r| {
            r.get(0)
        })
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
    // Whom it was for, so that the app can say "a message to … could not be sent".
    assert_eq!(report.failed_to, vec!["billing@acme.example".to_owned()]);
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
    assert_eq!((marked.state, marked.sent_by), (OutboxStatus::Sent, Some(OutboxSentBy::User)));
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

// ---- The niceties: read receipts, CC, undo, business hours, the timeline -----------------------

fn parse(bytes: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default().parse(bytes).unwrap()
}

fn header(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let prefix = format!("{}:", name.to_ascii_lowercase());
    text.lines().find(|l| l.to_ascii_lowercase().starts_with(&prefix)).map(|l| l[prefix.len()..].trim().to_owned())
}

fn simple(f: &Fixture, subject: &str) -> OutboxEnqueueInput {
    OutboxEnqueueInput {
        invoice_id: Some(f.invoice_id),
        kind: Some("reminder".into()),
        to: vec!["billing@acme.example".into()],
        subject: subject.into(),
        text_body: "Plain body".into(),
        ..Default::default()
    }
}

#[test]
fn read_receipt_html_and_copies_to_the_other_contacts_arrive_as_asked() {
    let server = RealServer::start();
    let mut f = fixture_with(
        server.addr,
        vec![
            contact("Billing", ContactRole::Billing, "billing@acme.example", ""),
            contact("Pia Lead", ContactRole::Project, "pia@acme.example", "Europe/Bucharest"),
            contact("No Mail", ContactRole::Other, "", ""),
        ],
    );
    let mut input = simple(&f, "Did you receive INV-7?");
    input.read_receipt = true;
    input.html_body = Some("<p>Did you receive <b>INV-7</b>?</p>".into());
    input.cc = vec!["boss@studio.example.ro".into()];
    input.cc_other_contacts = true;
    let item = f.duly.outbox_enqueue_at(input, t0()).unwrap();
    assert!(item.read_receipt);
    assert_eq!(item.cc, "boss@studio.example.ro, pia@acme.example");

    assert_eq!(f.duly.outbox_run(t0() + TimeDelta::seconds(10)).unwrap().sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let raw = &received[0];
    assert_eq!(header(raw, "Disposition-Notification-To").as_deref(), Some("<ana@studio.example.ro>"));
    let cc = header(raw, "Cc").unwrap();
    assert!(
        cc.contains("boss@studio.example.ro") && cc.contains("Pia Lead") && cc.contains("<pia@acme.example>"),
        "{cc}"
    );
    assert!(!cc.contains("billing@"), "the To recipient is not copied again: {cc}");
    let mut envelope = server.envelopes()[0].clone();
    envelope.sort();
    assert_eq!(envelope, ["billing@acme.example", "boss@studio.example.ro", "pia@acme.example"]);
    let parsed = parse(raw);
    assert_eq!(parsed.body_text(0).as_deref().map(str::trim), Some("Plain body"));
    assert!(parsed.body_html(0).unwrap().contains("<b>INV-7</b>"));

    // Without the options: no receipt header, no Cc.
    f.duly.outbox_enqueue_at(simple(&f, "Plain"), t0()).unwrap();
    assert_eq!(f.duly.outbox_run(t0() + TimeDelta::seconds(10)).unwrap().sent, 1);
    let raw = &server.received()[1];
    assert_eq!(header(raw, "Disposition-Notification-To"), None);
    assert_eq!(header(raw, "Cc"), None);
    assert_eq!(server.envelopes()[1], ["billing@acme.example"]);

    // Bad copies are refused at enqueue, naming the field, and nothing is queued.
    let before = f.duly.outbox_list(OutboxQuery::default()).unwrap().len();
    let mut bad = simple(&f, "x");
    bad.cc = vec!["not an address".into()];
    let err = f.duly.outbox_enqueue_at(bad, t0()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("cc[0]"), "{err:?}");
    let mut orphan = simple(&f, "x");
    orphan.invoice_id = None;
    orphan.cc_other_contacts = true;
    assert!(f.duly.outbox_enqueue_at(orphan, t0()).unwrap_err().message.contains("cc_other_contacts"));
    assert_eq!(f.duly.outbox_list(OutboxQuery::default()).unwrap().len(), before);
}

#[test]
fn undo_within_the_window_means_nothing_leaves_the_machine() {
    let server = RealServer::start();
    let mut f = fixture(server.addr);
    // Queued "now": the real clock, as the app's Send button does.
    let item = f.duly.outbox_enqueue(simple(&f, "Oops, wrong client")).unwrap();
    let not_before: DateTime<Utc> = item.not_before.parse().unwrap();
    let waited = not_before - Utc::now();
    assert!(waited > TimeDelta::seconds(8) && waited <= TimeDelta::seconds(10), "{waited}");
    // The sender passes by during the undo window and leaves it alone.
    assert_eq!(f.duly.outbox_run(Utc::now()).unwrap().sent, 0);
    let undone = f.duly.outbox_cancel(OutboxId { id: item.id }).unwrap();
    assert_eq!(undone.state, OutboxStatus::Cancelled);
    let later = f.duly.outbox_run(Utc::now() + TimeDelta::hours(1)).unwrap();
    assert_eq!((later.sent, later.next_due.as_deref()), (0, None));
    assert!(server.received().is_empty(), "an undone message never reaches the server");
    let kinds = timeline_kinds(&f);
    assert!(kinds.contains(&"email_queued".to_owned()) && kinds.contains(&"email_cancelled".to_owned()), "{kinds:?}");

    // Once sent, it cannot be undone.
    let mut now_input = simple(&f, "Sent at once");
    now_input.undo_seconds = Some(0);
    let sent = f.duly.outbox_enqueue(now_input).unwrap();
    assert_eq!(f.duly.outbox_run(Utc::now() + TimeDelta::seconds(1)).unwrap().sent, 1);
    let err = f.duly.outbox_cancel(OutboxId { id: sent.id }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("sent"), "{err:?}");

    // A longer undo window is the caller's choice, within reason.
    let mut long = simple(&f, "Take your time");
    long.undo_seconds = Some(60);
    let item = f.duly.outbox_enqueue_at(long, t0()).unwrap();
    assert_eq!(item.not_before, "2026-11-23T09:01:00Z");
    let mut too_long = simple(&f, "x");
    too_long.undo_seconds = Some(301);
    assert!(f.duly.outbox_enqueue_at(too_long, t0()).unwrap_err().message.contains("undo_seconds"));
    assert_eq!(
        f.duly.outbox_run(t0() + TimeDelta::seconds(30)).unwrap().next_due.as_deref(),
        Some("2026-11-23T09:01:00Z")
    );
}

#[test]
fn business_hours_hold_a_message_until_the_clients_working_morning() {
    let server = RealServer::start();
    let mut f = fixture_with(
        server.addr,
        vec![
            contact("Billing", ContactRole::Billing, "billing@acme.example", "Asia/Jakarta"),
            contact("NY office", ContactRole::Other, "ny@acme.example", "America/New_York"),
        ],
    );
    // Saturday 28 November 2026, 10:00 in Jakarta (UTC+7).
    let saturday: DateTime<Utc> = "2026-11-28T03:00:00Z".parse().unwrap();
    let mut input = simple(&f, "Friendly reminder");
    input.business_hours_only = true;
    let item = f.duly.outbox_enqueue_at(input.clone(), saturday).unwrap();
    // Monday 30 November, 09:00 in Jakarta.
    assert_eq!(item.not_before, "2026-11-30T02:00:00Z");
    let report = f.duly.outbox_run(saturday + TimeDelta::hours(20)).unwrap();
    assert_eq!((report.sent, report.next_due.as_deref()), (0, Some("2026-11-30T02:00:00Z")));
    assert!(server.received().is_empty());
    let monday: DateTime<Utc> = "2026-11-30T02:00:00Z".parse().unwrap();
    assert_eq!(f.duly.outbox_run(monday).unwrap().sent, 1);
    assert_eq!(server.received().len(), 1);

    // The addressed contact's zone wins over the billing contact's: Monday 09:00 in New York.
    let mut ny = input.clone();
    ny.to = vec!["ny@acme.example".into()];
    assert_eq!(f.duly.outbox_enqueue_at(ny, saturday).unwrap().not_before, "2026-11-30T14:00:00Z");

    // Hours the user chose: Tuesday to Thursday, 10:00 to 12:00.
    let window = f
        .duly
        .send_window_save(SendWindow {
            days: vec!["Tue".into(), "wed".into(), "Thursday".into()],
            start: "10:00".into(),
            end: "12:00".into(),
            default_time_zone: "Europe/Bucharest".into(),
        })
        .unwrap();
    assert_eq!(window.days, ["Tue", "Wed", "Thu"]);
    assert_eq!(f.duly.send_window_get().unwrap(), window);
    assert_eq!(f.duly.outbox_enqueue_at(input.clone(), saturday).unwrap().not_before, "2026-12-01T03:00:00Z");

    // A message with no client falls back on the default zone (Bucharest, UTC+2 in winter).
    let mut loose = input.clone();
    loose.invoice_id = None;
    assert_eq!(f.duly.outbox_enqueue_at(loose.clone(), saturday).unwrap().not_before, "2026-12-01T08:00:00Z");
    // ... and without any zone the request is refused rather than sent at 3 a.m.
    let mut no_zone = window.clone();
    no_zone.default_time_zone = String::new();
    f.duly.send_window_save(no_zone).unwrap();
    // (This computer's own zone would be the last guess; the test forgets it.)
    let duly = std::mem::replace(&mut f.duly, Duly::open_in_memory().unwrap());
    f.duly = duly.with_home_zone(None);
    let err = f.duly.outbox_enqueue_at(loose, saturday).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("time zone"), "{err:?}");

    // Bad hours name the field and change nothing.
    for (bad, field) in [
        (SendWindow { days: vec!["Funday".into()], ..SendWindow::default() }, "days[0]"),
        (SendWindow { start: "9am".into(), ..SendWindow::default() }, "start"),
        (SendWindow { start: "18:00".into(), ..SendWindow::default() }, "end"),
        (SendWindow { days: vec![], ..SendWindow::default() }, "day"),
        (SendWindow { default_time_zone: "Mars/Olympus".into(), ..SendWindow::default() }, "default_time_zone"),
    ] {
        let err = f.duly.send_window_save(bad).unwrap_err();
        assert!(err.code == ErrorCode::InvalidInput && err.message.contains(field), "{field}: {err:?}");
    }
    assert_eq!(f.duly.send_window_get().unwrap().days, ["Tue", "Wed", "Thu"]);
}

#[test]
fn the_invoice_timeline_tells_the_messages_story() {
    let server = FakeServer::start([Step::Reply("451 4.7.1 greylisted".into())]);
    let mut f = fixture(server.addr);
    f.duly.outbox_enqueue_at(simple(&f, "Invoice INV-7"), t0()).unwrap();
    f.duly.outbox_run(t0() + TimeDelta::seconds(10)).unwrap();
    f.duly.outbox_run(t0() + TimeDelta::minutes(5)).unwrap();
    let timeline = f.duly.invoice_get(&f.invoice_number).unwrap().timeline;
    let mail: Vec<(String, String)> = timeline
        .into_iter()
        .filter(|e| e.kind.as_str().starts_with("email_"))
        .map(|e| (e.kind.to_string(), e.detail))
        .collect();
    let kinds: Vec<&str> = mail.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(kinds, ["email_queued", "email_retrying", "email_sent"], "{mail:?}");
    assert_eq!(mail[0].1, "billing@acme.example: Invoice INV-7");
    assert!(mail[1].1.contains("greylisted"), "{mail:?}");
    assert_eq!(mail[2].1, "billing@acme.example: Invoice INV-7");
}
