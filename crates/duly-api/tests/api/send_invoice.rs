//! "Send invoice" (issue 18): the invoice itself emailed with its PDF through the outbox to a real
//! SMTP server on 127.0.0.1, the day it went out stored as the invoice's sent date, and the
//! ladder's "sent + 3" receipt check counted from that day; "sent on DATE" for an invoice sent
//! outside Duly.

use std::process::Command;

use chrono::{DateTime, NaiveDate, Utc};
use duly_api::*;
use mail_parser::MimeHeaders;

use crate::support::smtp::RealServer;
use crate::support::studio::Studio;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A week after the invoice was issued (Monday 26 October), Mihai sends it on Monday 2 November,
/// inside the client's working day.
const SEND_AT: &str = "2026-11-02T10:00:00Z";

fn studio(server: &RealServer) -> (Studio, i64) {
    let mut s = Studio::new(server.addr, at(SEND_AT));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    (s, client)
}

fn draft_invoice(s: &mut Studio, client_id: i64, number: &str) {
    s.d()
        .invoice_save(InvoiceInput {
            id: None,
            client_id,
            number: Some(number.into()),
            issue_date: "2026-10-26".into(),
            due_date: Some("2026-11-25".into()),
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Design".into(), quantity: "3".into(), unit_price: "412.50".into() }],
            send: false,
        })
        .unwrap();
}

fn send(s: &mut Studio, number: &str) -> ApiResult<InvoiceSendResult> {
    s.d().invoice_send(InvoiceSendInput { number: number.into(), read_receipt: Some(true), draft_only: None })
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_invoice_goes_out_with_its_pdf_and_the_ladder_counts_from_the_day_it_went() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    draft_invoice(&mut s, client, "F-7");

    let sent = send(&mut s, "F-7").unwrap();
    assert!(sent.issued, "sending a draft issues it");
    let item = sent.outbox.unwrap();
    assert_eq!((item.kind.as_str(), item.attachments.as_slice()), ("invoice", ["F-7.pdf".to_owned()].as_slice()));
    assert_eq!(s.d().invoice_get("F-7").unwrap().status, InvoiceStatus::Sent);
    assert_eq!(s.d().invoice_get("F-7").unwrap().sent_on, None, "queued is not sent yet");

    // The sender's pass after the undo window: the sink gets the invoice, with the PDF.
    let report = s.at(at("2026-11-02T10:01:00Z")).outbox_run(at("2026-11-02T10:01:00Z")).unwrap();
    assert_eq!(report.sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(mail.subject(), Some("Invoice F-7 from Mihai Dumitrescu PFA"));
    assert_eq!(mail.to().and_then(|a| a.first()).and_then(|a| a.address()), Some("ap@northwind.example"));
    assert!(mail.header("Disposition-Notification-To").is_some(), "the read receipt was asked for");
    let body = mail.body_text(0).unwrap();
    assert!(body.contains("Please find attached invoice F-7"), "{body}");
    let pdf = mail.attachments().next().expect("the invoice PDF");
    assert_eq!(pdf.attachment_name(), Some("F-7.pdf"));
    let text = pdf_text(pdf.contents());
    assert!(text.contains("F-7"), "the PDF names the invoice:\n{text}");
    assert!(text.contains("1,237.50") || text.contains("1.237,50"), "the PDF states the total:\n{text}");

    // The day it went out is the sent date, and the receipt check is three days after it, not
    // after the issue date (29 October, already past).
    let detail = s.d().invoice_get("F-7").unwrap();
    assert_eq!(detail.sent_on, Some(d("2026-11-02")));
    let timeline: Vec<(String, String)> = detail.timeline.into_iter().map(|e| (e.kind.to_string(), e.detail)).collect();
    assert!(timeline.contains(&("invoice_sent".to_owned(), "ap@northwind.example".to_owned())), "{timeline:?}");
    match s.d().followup_next(InvoiceNumber { number: "F-7".into(), as_of: None }).unwrap() {
        NextFollowup::Upcoming { step, on, .. } => {
            assert_eq!((step.id.as_str(), on), ("receipt_check", d("2026-11-05")))
        }
        other => panic!("expected the receipt check on 5 November, got {other:?}"),
    }
    // The day's list agrees: nothing is due for F-7 on 4 November, the receipt check is on the 5th.
    let on = |day: &str, s: &mut Studio| {
        s.d()
            .followup_actions(FollowupQuery { as_of: Some(day.into()), limit: None })
            .unwrap()
            .items
            .into_iter()
            .any(|a| a.number == "F-7")
    };
    assert!(!on("2026-11-04", &mut s));
    assert!(on("2026-11-05", &mut s));
}

#[test]
fn an_invoice_is_sent_once() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    draft_invoice(&mut s, client, "F-8");

    send(&mut s, "F-8").unwrap();
    let err = send(&mut s, "F-8").unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("F-8") && err.message.contains("already in the outbox"), "{}", err.message);
    assert_eq!(s.d().outbox_list(OutboxQuery::default()).unwrap().len(), 1, "one message queued");

    s.at(at("2026-11-02T10:01:00Z")).outbox_run(at("2026-11-02T10:01:00Z")).unwrap();
    let err = send(&mut s, "F-8").unwrap_err();
    assert!(err.message.contains("already sent"), "{}", err.message);
    assert_eq!(server.received().len(), 1);
}

#[test]
fn a_paid_or_void_invoice_is_not_sent() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    draft_invoice(&mut s, client, "F-9");
    s.d().invoice_mark(MarkInvoice { number: "F-9".into(), status: MarkStatus::Void }).unwrap();
    let err = send(&mut s, "F-9").unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.message, "invoice F-9 is void; a void invoice is not sent");

    s.invoice(client, "F-10", "2026-10-26", "2026-11-25");
    s.d()
        .payment_add(PaymentInput {
            invoice_number: "F-10".into(),
            amount: "500".into(),
            date: Some("2026-11-01".into()),
            method: String::new(),
            note: String::new(),
        })
        .unwrap();
    let err = send(&mut s, "F-10").unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.message, "invoice F-10 is paid; there is nothing to send for it");
    assert!(s.d().outbox_list(OutboxQuery::default()).unwrap().is_empty());

    // Voided while it waits in the outbox: the sender's claim cancels it.
    s.invoice(client, "F-11", "2026-10-26", "2026-11-25");
    send(&mut s, "F-11").unwrap();
    s.d().invoice_mark(MarkInvoice { number: "F-11".into(), status: MarkStatus::Void }).unwrap();
    let report = s.at(at("2026-11-02T10:01:00Z")).outbox_run(at("2026-11-02T10:01:00Z")).unwrap();
    assert_eq!((report.sent, report.cancelled), (0, 1));
    assert!(server.received().is_empty());
    assert_eq!(s.d().invoice_get("F-11").unwrap().sent_on, None);
}

#[test]
fn an_invoice_sent_outside_duly_is_marked_sent_on_its_day() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    s.invoice(client, "F-12", "2026-10-26", "2026-11-25");

    let bad = |s: &mut Studio, on: &str| {
        s.d().invoice_mark_sent(InvoiceMarkSentInput { number: "F-12".into(), on: on.into() }).unwrap_err().message
    };
    assert_eq!(bad(&mut s, "2026-11-03"), "on: 2026-11-03 is after today (2026-11-02)");
    assert_eq!(bad(&mut s, "2026-10-25"), "on: 2026-10-25 is before invoice F-12 was issued (2026-10-26)");
    assert!(bad(&mut s, "next week").starts_with("on:"));

    let detail =
        s.d().invoice_mark_sent(InvoiceMarkSentInput { number: "F-12".into(), on: "2026-10-30".into() }).unwrap();
    assert_eq!(detail.sent_on, Some(d("2026-10-30")));
    assert!(detail.timeline.iter().any(|e| e.kind == "invoice_marked_sent" && e.detail == "2026-10-30"));
    match s.d().followup_next(InvoiceNumber { number: "F-12".into(), as_of: None }).unwrap() {
        NextFollowup::Upcoming { step, on, .. } => {
            assert_eq!((step.id.as_str(), on), ("receipt_check", d("2026-11-02")))
        }
        NextFollowup::Due { step, due_on, .. } => {
            assert_eq!((step.id.as_str(), due_on), ("receipt_check", d("2026-11-02")))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_invoice_email_is_a_template_the_user_can_reword() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server);
    draft_invoice(&mut s, client, "F-13");
    let builtin = s
        .d()
        .template_get(TemplateQuery { template: "invoice".into(), language: Language::Id, client_id: None })
        .unwrap();
    assert!(builtin.subject.starts_with("Faktur {{ invoice_number }}"), "{}", builtin.subject);
    s.d()
        .template_save(TemplateInput {
            template: "invoice".into(),
            language: Language::En,
            client_id: None,
            subject: "Our invoice {{ invoice_number }}".into(),
            body: "Hello,\n\n{{ total }} by {{ due_date }}.\n\n{{ signature }}".into(),
        })
        .unwrap();
    let draft =
        s.d().invoice_send(InvoiceSendInput { number: "F-13".into(), read_receipt: None, draft_only: Some(true) });
    let draft = draft.unwrap();
    assert!(draft.outbox.is_none());
    assert_eq!(draft.draft.subject, "Our invoice F-13");
    assert!(s.d().outbox_list(OutboxQuery::default()).unwrap().is_empty(), "a draft queues nothing");
    assert_eq!(s.d().invoice_get("F-13").unwrap().status, InvoiceStatus::Draft, "a draft changes nothing");
}
