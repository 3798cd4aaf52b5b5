//! The mailer against SMTP servers on 127.0.0.1: a real one (mailin-embedded) for what arrives,
//! and a scripted one for how failures are classified and driven through the outbox.

use crate::support;

use std::time::{Duration, SystemTime};

use chrono::{TimeDelta, TimeZone, Utc};
use duly_mail::{
    Attachment, Mailbox, Mailer, MailerOptions, MemoryStore, OutboxEntry, OutboxState, OutgoingMessage, RetryPolicy,
    Secret, SecretStore, Security, SendError, SettingsError,
};
use mail_parser::{MessageParser, MimeHeaders};
use support::{FakeServer, Fault, RealServer, local_settings};

fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    // Every byte value, including CR, LF and '.', so encoding and dot-stuffing are exercised.
    bytes.extend((0u8..=255).cycle().take(40_000));
    bytes.extend_from_slice(b"\n.\r\n..\r\n%%EOF\n");
    bytes
}

fn invoice_message() -> OutgoingMessage {
    let mut m = OutgoingMessage::new(
        Mailbox::new("Ana Pop", "ana@studio.example.ro"),
        "Factura 2024-017: scadentă pe 14 iunie",
        "Bună ziua,\n\nVă trimit factura 2024-017.\n.\nO zi bună,\nAna\n",
    );
    m.to = vec![Mailbox::new("PT Maju Jaya", "finance@maju.example.co.id")];
    m.cc = vec![Mailbox::address_only("budi@maju.example.co.id")];
    m.reply_to = Some(Mailbox::new("Ana Pop", "ana.pop@personal.example"));
    m.html_body = Some("<p>Bună ziua,</p><p>Vă trimit <b>factura 2024-017</b>.</p>".into());
    m.attachments = vec![Attachment {
        filename: "Factura 2024-017.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: pdf(),
    }];
    m.read_receipt = true;
    m
}

fn plain_message(to: &str) -> OutgoingMessage {
    let mut m = OutgoingMessage::new(Mailbox::address_only("ana@studio.example.ro"), "Reminder", "Hello");
    m.to = vec![Mailbox::address_only(to)];
    m
}

fn message_id_in(data: &[u8]) -> String {
    let parsed = MessageParser::default().parse(data).expect("parsable MIME");
    format!("<{}>", parsed.message_id().expect("a Message-ID"))
}

#[test]
fn a_real_server_receives_headers_both_bodies_and_the_pdf_byte_for_byte() {
    let server = RealServer::start(true);
    let mailer = Mailer::new(local_settings(server.addr), None).unwrap();
    let message = invoice_message();
    let date = SystemTime::UNIX_EPOCH + Duration::from_secs(1_717_000_000);
    mailer.send_dated(&message, date).unwrap();

    let received = server.received();
    assert_eq!(received.len(), 1);
    let envelope = &received[0];
    assert!(envelope.from.contains("ana@studio.example.ro"), "{envelope:?}");
    let mut rcpt = envelope.to.clone();
    rcpt.sort();
    assert_eq!(rcpt.len(), 2, "{rcpt:?}");
    assert!(rcpt[0].contains("budi@maju.example.co.id") && rcpt[1].contains("finance@maju.example.co.id"));

    let parsed = MessageParser::default().parse(&envelope.data).expect("parsable MIME");
    assert_eq!(format!("<{}>", parsed.message_id().unwrap()), message.message_id);
    assert_eq!(parsed.subject(), Some("Factura 2024-017: scadentă pe 14 iunie"));
    let from = parsed.from().unwrap().first().unwrap();
    assert_eq!((from.name(), from.address()), (Some("Ana Pop"), Some("ana@studio.example.ro")));
    let to = parsed.to().unwrap().first().unwrap();
    assert_eq!((to.name(), to.address()), (Some("PT Maju Jaya"), Some("finance@maju.example.co.id")));
    assert_eq!(parsed.cc().unwrap().first().unwrap().address(), Some("budi@maju.example.co.id"));
    assert_eq!(parsed.reply_to().unwrap().first().unwrap().address(), Some("ana.pop@personal.example"));
    assert_eq!(parsed.header_raw("Disposition-Notification-To").map(str::trim), Some("<ana.pop@personal.example>"));
    assert_eq!(parsed.date().map(|d| d.to_timestamp()), Some(1_717_000_000));

    assert_eq!(parsed.body_text(0).unwrap().replace("\r\n", "\n"), message.text_body);
    assert_eq!(parsed.body_html(0).unwrap(), message.html_body.clone().unwrap());

    let attachments: Vec<_> = parsed.attachments().collect();
    assert_eq!(attachments.len(), 1);
    let pdf_part = attachments[0];
    assert_eq!(pdf_part.attachment_name(), Some("Factura 2024-017.pdf"));
    let ctype = pdf_part.content_type().unwrap();
    assert_eq!((ctype.ctype(), ctype.subtype()), ("application", Some("pdf")));
    assert_eq!(pdf_part.content_transfer_encoding(), Some("base64"));
    assert!(pdf_part.contents().starts_with(b"%PDF-1.7"));
    assert!(pdf_part.contents() == pdf().as_slice(), "the PDF arrives byte for byte");

    let raw = String::from_utf8_lossy(&envelope.data);
    assert!(raw.contains("multipart/mixed") && raw.contains("multipart/alternative"));
}

#[test]
fn the_pool_reuses_one_connection_for_a_batch() {
    let server = RealServer::start(false);
    let mailer = Mailer::new(local_settings(server.addr), None).unwrap();
    for i in 0..5 {
        mailer.send(&plain_message(&format!("client{i}@example.com"))).unwrap();
    }
    assert_eq!(server.count(), 5);
    assert_eq!(server.sessions(), 1, "one EHLO for five messages");
}

#[test]
fn a_451_is_temporary_and_the_retry_delivers_once_with_the_same_message_id() {
    let server = FakeServer::start([Fault::AfterData("451 4.3.0 Mailbox busy, try again later".into())]);
    let mailer = Mailer::new(local_settings(server.addr), None).unwrap();
    let message = invoice_message();
    let policy = RetryPolicy::DEFAULT;

    // The outbox drives it: claim, send, record.
    let t0 = Utc.with_ymd_and_hms(2024, 6, 3, 2, 0, 0).unwrap();
    let entry = OutboxEntry::queued(t0, t0).claim(t0).unwrap();
    let first = mailer.send(&message);
    assert_eq!(
        first,
        Err(SendError::Temporary { code: Some(451), reply: "4.3.0 Mailbox busy, try again later".into() })
    );
    let entry = entry.record(t0, first.map(drop), &policy).unwrap();
    assert_eq!(entry.state, OutboxState::Queued);
    assert_eq!(entry.not_before, t0 + TimeDelta::minutes(1));
    assert!(server.accepted().is_empty());

    let t1 = entry.not_before;
    let entry = entry.claim(t1).unwrap();
    let second = mailer.send(&message).unwrap();
    assert!(second.reply.starts_with("250"), "the server's acceptance is kept: {}", second.reply);
    let entry = entry.record(t1, Ok(()), &policy).unwrap();
    assert_eq!((entry.state, entry.attempts), (OutboxState::Sent, 2));

    let accepted = server.accepted();
    assert_eq!(accepted.len(), 1, "received exactly once");
    let attempts = server.data_attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(message_id_in(&attempts[0]), message.message_id);
    assert_eq!(message_id_in(&attempts[1]), message.message_id, "the retry keeps the Message-ID");
}

#[test]
fn a_550_is_permanent_with_the_servers_words() {
    let server = FakeServer::start([Fault::AtRcpt(
        "550 5.1.1 <nobody@maju.example.co.id>: Recipient address rejected: User unknown".into(),
    )]);
    let mailer = Mailer::new(local_settings(server.addr), None).unwrap();
    let error = mailer.send(&plain_message("nobody@maju.example.co.id")).unwrap_err();
    assert_eq!(
        error,
        SendError::Permanent {
            code: Some(550),
            reply: "5.1.1 <nobody@maju.example.co.id>: Recipient address rejected: User unknown".into()
        }
    );
    assert!(error.to_string().contains("550 5.1.1 <nobody@maju.example.co.id>: Recipient address rejected"));
    assert!(server.accepted().is_empty());
    let entry = OutboxEntry::queued(Utc::now(), Utc::now()).claim(Utc::now()).unwrap();
    let entry = entry.record(Utc::now(), Err(error), &RetryPolicy::DEFAULT).unwrap();
    assert_eq!(entry.state, OutboxState::Failed);
}

#[test]
fn a_connection_dropped_mid_data_is_temporary_and_the_next_send_reconnects() {
    let server = FakeServer::start([Fault::DropMidData]);
    let mailer = Mailer::new(local_settings(server.addr), None).unwrap();
    let message = invoice_message();
    let error = mailer.send(&message).unwrap_err();
    assert!(error.is_temporary(), "{error:?}");
    assert_eq!(error.code(), None);
    assert!(error.reply().starts_with(&format!("127.0.0.1:{}", server.addr.port())), "{error}");
    assert!(server.accepted().is_empty() && server.data_attempts().is_empty());

    mailer.send(&message).unwrap();
    assert_eq!(server.accepted().len(), 1);
    assert_eq!(server.connections(), 2);
}

#[test]
fn a_silent_server_times_out_as_temporary() {
    let server = FakeServer::start([Fault::Silent]);
    let options = MailerOptions { timeout: Duration::from_millis(700), ..MailerOptions::default() };
    let mailer = Mailer::with_options(local_settings(server.addr), None, options).unwrap();
    let error = mailer.send(&plain_message("x@example.com")).unwrap_err();
    assert!(error.is_temporary(), "{error:?}");
    assert!(error.reply().contains("did not answer in time"), "{error}");
}

#[test]
fn nobody_listening_is_temporary() {
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mailer = Mailer::new(local_settings(addr), None).unwrap();
    let error = mailer.send(&plain_message("x@example.com")).unwrap_err();
    assert!(error.is_temporary(), "{error:?}");
    assert!(error.reply().starts_with(&addr.to_string()), "{error}");
    assert!(mailer.check_connection().unwrap_err().is_temporary());
}

#[test]
fn the_keychain_password_logs_in_and_never_shows_in_errors() {
    const PASSWORD: &str = "kopi-Luwak-2024!";
    let keychain = MemoryStore::new();
    let server = FakeServer::start([]).with_auth("535 5.7.8 Authentication failed for {echo}");
    let mut settings = local_settings(server.addr);
    settings.username = Some("ana@studio.example.ro".into());
    let account = settings.keychain_account().unwrap();
    keychain.set(&account, &Secret::new(PASSWORD)).unwrap();

    let mailer = Mailer::from_keychain(settings.clone(), &keychain).unwrap();
    let error = mailer.send(&plain_message("x@example.com")).unwrap_err();

    // The server got the keychain's password...
    let auth = server.auth_lines();
    assert_eq!(auth.len(), 1, "{auth:?}");
    let sent = auth[0].split(' ').nth(2).unwrap();
    use base64::Engine as _;
    let decoded = base64::engine::general_purpose::STANDARD.decode(sent).unwrap();
    assert_eq!(decoded, format!("\0ana@studio.example.ro\0{PASSWORD}").as_bytes());
    // ...echoed it back, and the error still does not carry it in any form.
    assert!(matches!(error, SendError::Permanent { code: Some(535), .. }), "{error:?}");
    assert_eq!(error.reply(), "5.7.8 Authentication failed for <redacted>");
    let shown = format!("{error} {error:?} {mailer:?} {settings:?} {keychain:?} {:?}", mailer.check_connection());
    for leak in [PASSWORD, sent] {
        assert!(!shown.contains(leak), "{leak} leaked: {shown}");
    }
}

#[test]
fn starttls_is_required_when_chosen_so_nothing_goes_out_in_clear() {
    let server = FakeServer::start([]).with_auth("235 2.7.0 ok");
    let mut settings = local_settings(server.addr);
    settings.security = Security::StartTls;
    settings.username = Some("ana".into());
    let mailer = Mailer::new(settings, Some(Secret::new("pw-in-clear?"))).unwrap();
    let error = mailer.send(&plain_message("x@example.com")).unwrap_err();
    assert!(!error.is_temporary(), "{error:?}");
    assert!(error.reply().contains("STARTTLS"), "{error}");
    assert!(server.auth_lines().is_empty(), "no credentials before TLS");
    assert!(server.commands().iter().all(|c| !c.starts_with("MAIL")), "{:?}", server.commands());
}

#[test]
fn plain_smtp_to_another_machine_is_refused_before_connecting() {
    let mut settings = local_settings("127.0.0.1:2525".parse().unwrap());
    settings.host = "mail.example.com".into();
    let error = Mailer::new(settings, None).unwrap_err();
    assert!(matches!(error, SettingsError::PlainToRemoteHost { .. }));
    assert!(error.to_string().contains("only allowed to this computer"), "{error}");
}
