//! "Email statement" (issue 18): the client's statement of account, with its PDF, sent through
//! the outbox to a real SMTP server on 127.0.0.1; the email and the PDF list the same open
//! invoices; a statement queued for a client who then pays everything is cancelled, not sent.

use std::process::Command;

use chrono::{DateTime, Utc};
use duly_api::*;
use mail_parser::MimeHeaders;

use crate::support::smtp::RealServer;
use crate::support::studio::Studio;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("statement.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn pay(s: &mut Studio, number: &str, amount: &str) {
    s.d()
        .payment_add(PaymentInput {
            invoice_number: number.into(),
            amount: amount.into(),
            date: None,
            method: "bank".into(),
            note: String::new(),
        })
        .unwrap();
}

/// Monday 16 November 2026, 10:00 in Bucharest: two invoices open (one overdue), one paid.
fn studio(server: &RealServer) -> (Studio, i64) {
    let mut s = Studio::new(server.addr, at("2026-11-16T08:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    s.invoice(client, "F-1", "2026-10-01", "2026-10-31");
    s.invoice(client, "F-2", "2026-11-01", "2026-12-01");
    s.invoice(client, "F-3", "2026-11-01", "2026-12-01");
    pay(&mut s, "F-3", "500");
    (s, client)
}

#[test]
fn the_statement_goes_to_the_billing_contact_with_its_pdf_and_both_list_the_open_invoices() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    let sent = s.d().statement_send(StatementSendInput { client_id: client, draft_only: None }).unwrap();
    assert_eq!(sent.invoices, ["F-1", "F-2"]);
    let item = sent.outbox.unwrap();
    assert_eq!(item.kind, "statement");
    assert_eq!(item.attachments.len(), 1);
    for n in ["F-1", "F-2"] {
        let timeline = s.d().invoice_get(n).unwrap().timeline;
        assert!(timeline.iter().any(|e| e.kind == TimelineKind::StatementQueued), "{n}: {timeline:?}");
    }

    let out = s.at(at("2026-11-16T08:05:00Z")).outbox_run(at("2026-11-16T08:05:00Z")).unwrap();
    assert_eq!(out.sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(mail.to().and_then(|a| a.first()).and_then(|a| a.address()), Some("ap@northwind.example"));
    assert_eq!(mail.subject(), Some("Statement of account from Mihai Dumitrescu PFA, 16 November 2026"));
    let body = mail.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(body.contains("2 invoices are open"), "{body}");
    assert!(body.contains("- F-1: RON 500.00, due 31 October 2026, 16 days overdue"), "{body}");
    assert!(body.contains("- F-2: RON 500.00, due 1 December 2026\n"), "{body}");
    assert!(!body.contains("F-3"), "a paid invoice is not listed: {body}");
    assert!(body.contains("RON 1,000.00 in all"), "{body}");
    let pdf = mail.attachments().next().expect("the statement PDF");
    assert!(pdf.attachment_name().is_some_and(|n| n.ends_with(".pdf")));
    let text = pdf_text(pdf.contents());
    assert!(text.contains("F-1") && text.contains("F-2") && !text.contains("F-3"), "{text}");
}

#[test]
fn a_statement_queued_before_the_client_paid_everything_is_cancelled_at_send_time() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    let queued = s.d().statement_send(StatementSendInput { client_id: client, draft_only: None }).unwrap();
    pay(&mut s, "F-1", "500");
    pay(&mut s, "F-2", "500");
    let out = s.at(at("2026-11-16T08:05:00Z")).outbox_run(at("2026-11-16T08:05:00Z")).unwrap();
    assert_eq!((out.sent, out.cancelled), (0, 1));
    assert!(server.received().is_empty());
    let row = s
        .d()
        .outbox_list(OutboxQuery::default())
        .unwrap()
        .into_iter()
        .find(|o| o.id == queued.outbox.as_ref().unwrap().id);
    assert_eq!(row.unwrap().cancel_reason, Some(CancelReason::Paid));

    // And with nothing open there is nothing to send.
    let e = s.d().statement_send(StatementSendInput { client_id: client, draft_only: None }).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("nothing is open"), "{}", e.message);
}

#[test]
fn the_statement_email_is_worded_in_the_clients_language_from_its_editable_template() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    s.d()
        .template_save(TemplateInput {
            template: "statement".into(),
            language: Language::En,
            client_id: None,
            subject: "Your account with us, {{ as_of }}".into(),
            body: "Open: {{ amount_due }}\n\n{{ invoices }}\n\n{{ signature }}".into(),
        })
        .unwrap();
    let draft = s.d().statement_send(StatementSendInput { client_id: client, draft_only: Some(true) }).unwrap();
    assert!(draft.outbox.is_none());
    assert_eq!(draft.draft.subject, "Your account with us, 16 November 2026");
    assert!(draft.draft.text.starts_with("Open: RON 1,000.00\n\n- F-1"), "{}", draft.draft.text);
    assert!(s.d().outbox_list(OutboxQuery::default()).unwrap().is_empty(), "a draft queues nothing");
    let e = s
        .d()
        .template_save(TemplateInput {
            template: "statement".into(),
            language: Language::En,
            client_id: None,
            subject: "x".into(),
            body: "{{ invoice_number }}".into(),
        })
        .unwrap_err();
    assert!(e.message.contains("invoice_number"), "{}", e.message);
}
