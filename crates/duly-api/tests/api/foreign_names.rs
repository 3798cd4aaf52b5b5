//! A client whose name the bundled font cannot write (Japanese, and an emoji no font here has)
//! is still reminded: the draft and the preview carry a warning, the reminder goes to the real
//! SMTP server on 127.0.0.1 with the invoice PDF, and the name is in that PDF's text.

use crate::support;

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta, Utc};
use duly_api::*;
use mail_parser::MimeHeaders;
use support::smtp::RealServer;
use support::studio;

const NAME: &str = "株式会社テスト 🚀";

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&path).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed (poppler-utils, installed by scripts/deps.sh --test)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_reminder_for_a_japanese_client_is_drafted_with_a_warning_and_sent_with_the_invoice() {
    let server = RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let today: NaiveDate = "2026-11-01".parse().unwrap();
    let mut duly = Duly::open(&dir.path().join("duly.sqlite3"))
        .unwrap()
        .with_secrets(Arc::new(MemoryStore::new()))
        .with_today(today);
    duly.mail_settings_save(studio::mail_settings(server.addr)).unwrap();
    duly.business_save(studio::business()).unwrap();
    let client = duly
        .client_save(ClientInput {
            id: None,
            name: NAME.into(),
            address: "東京都千代田区".into(),
            tax_id: String::new(),
            language: Language::En,
            currency: "RON".into(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: vec![Contact {
                id: None,
                name: "田中 花子".into(),
                role: ContactRole::Billing,
                email: "hanako@test.example".into(),
                phone: String::new(),
                language: None,
                timezone: String::new(),
            }],
        })
        .unwrap();
    duly.invoice_save(InvoiceInput {
        id: None,
        client_id: client.id,
        number: Some("JP-1".into()),
        issue_date: "2026-10-01".into(),
        due_date: Some("2026-10-31".into()),
        currency: None,
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "デザイン".into(), quantity: "1".into(), unit_price: "100".into() }],
        send: true,
    })
    .unwrap();

    let rocket = |warnings: &[String]| {
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("U+1F680") && warnings[0].contains(NAME), "{warnings:?}");
    };
    let preview = duly
        .pdf_preview(PdfRequest { document: PdfDocument::Invoice { number: "JP-1".into() }, paper: None, path: None })
        .unwrap();
    rocket(&preview.warnings);

    let draft = duly.remind(RemindInput { number: "JP-1".into(), draft_only: true, ..RemindInput::default() }).unwrap();
    rocket(&draft.document_warnings);

    let sent = duly.remind(RemindInput { number: "JP-1".into(), draft_only: false, ..RemindInput::default() }).unwrap();
    rocket(&sent.document_warnings);
    assert_eq!(sent.outbox.unwrap().attachments, ["JP-1.pdf"]);
    let report = duly.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    let pdf = mail.attachments().next().expect("the invoice PDF");
    assert_eq!(pdf.attachment_name(), Some("JP-1.pdf"));
    let text = pdf_text(pdf.contents());
    for expected in ["株式会社テスト \u{25A1}", "東京都千代田区", "デザイン"] {
        assert!(text.contains(expected), "{expected} is not in the PDF:\n{text}");
    }
}
