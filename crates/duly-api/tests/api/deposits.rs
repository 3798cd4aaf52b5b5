//! Deposits (issue 18, the playbook's "ask a new client for a deposit"): an advance invoice,
//! paid, deducted once on the final invoice as a line "Less deposit … paid on …"; the PDF
//! (read back with pdftotext) and the invoice email state the same amount owed.

use std::process::Command;

use chrono::{DateTime, Utc};
use duly_api::*;

use crate::support::smtp::RealServer;
use crate::support::studio::Studio;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn invoice(s: &mut Studio, client_id: i64, price: &str, send: bool) -> InvoiceDetail {
    s.d()
        .invoice_save(InvoiceInput {
            id: None,
            client_id,
            number: None,
            issue_date: "2026-11-02".into(),
            due_date: None,
            currency: None,
            tax_rate: "19".into(),
            notes: String::new(),
            lines: vec![LineInput {
                description: "Website build".into(),
                quantity: "1".into(),
                unit_price: price.into(),
            }],
            send,
        })
        .unwrap()
}

fn pay(s: &mut Studio, number: &str, amount: &str, on: &str) {
    s.d()
        .payment_add(PaymentInput {
            invoice_number: number.into(),
            amount: amount.into(),
            date: Some(on.into()),
            method: "bank".into(),
            note: String::new(),
        })
        .unwrap();
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn deduct(s: &mut Studio, number: &str, deposit: &str) -> ApiResult<InvoiceDetail> {
    s.d().deposit_deduct(DepositDeductInput { number: number.into(), deposit_number: deposit.into() })
}

#[test]
fn a_paid_deposit_is_deducted_once_and_the_pdf_and_the_email_state_the_same_amount() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-11-10T10:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    let dep = invoice(&mut s, client, "1000", true);
    let marked = s.d().deposit_mark(DepositMarkInput { number: dep.number.clone(), deposit: true }).unwrap();
    assert!(marked.deposit.is_deposit);
    let fin = invoice(&mut s, client, "3000", false);

    // Not paid yet: nothing to deduct.
    let e = deduct(&mut s, &fin.number, &dep.number).unwrap_err();
    assert!(e.message.starts_with("deposit_number:") && e.message.contains("not paid"), "{}", e.message);
    assert!(s.d().invoice_get(&fin.number).unwrap().deposit.deductible.is_empty());

    pay(&mut s, &dep.number, "1190", "2026-11-05");
    assert_eq!(s.d().invoice_get(&fin.number).unwrap().deposit.deductible, std::slice::from_ref(&dep.number));
    let after = deduct(&mut s, &fin.number, &dep.number).unwrap();
    let line = after.lines.last().unwrap();
    assert_eq!(line.description, format!("Less deposit {} paid on 5 November 2026", dep.number));
    assert_eq!(line.amount, -100_000);
    assert_eq!((after.subtotal, after.tax, after.total), (200_000, 38_000, 238_000), "tax only on what is left");
    assert!(after.timeline.iter().any(|e| e.kind == TimelineKind::DepositDeducted && e.detail == dep.number));
    assert_eq!(s.d().invoice_get(&dep.number).unwrap().deposit.deducted_on, Some(fin.number.clone()));

    // Once only.
    let e = deduct(&mut s, &fin.number, &dep.number).unwrap_err();
    assert!(e.message.contains("already deducted"), "{}", e.message);

    let owed = display_amount(238_000, "RON", Language::En).unwrap();
    let deducted = display_amount(-100_000, "RON", Language::En).unwrap();
    let pdf = s.d().pdf_bytes(&PdfDocument::Invoice { number: fin.number.clone() }, PaperSize::A4).unwrap();
    let text = pdf_text(&pdf.bytes);
    assert!(text.contains(&format!("Less deposit {} paid on 5 November 2026", dep.number)), "{text}");
    assert!(text.contains(&deducted), "the deduction {deducted} is printed: {text}");
    assert!(text.contains(&owed), "the total {owed} is printed: {text}");
    let mail = s
        .d()
        .invoice_send(InvoiceSendInput { number: fin.number.clone(), read_receipt: None, draft_only: Some(true) })
        .unwrap();
    assert!(mail.draft.text.contains(&owed), "the email states {owed}: {}", mail.draft.text);
}

#[test]
fn a_deposit_is_refused_for_another_client_an_issued_invoice_or_a_different_tax_rate_and_given_back_when_its_line_goes()
{
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-11-10T10:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    let other = s.client("Contoso SRL", "RO", "ap@contoso.example");
    let dep = invoice(&mut s, client, "1000", true);
    s.d().deposit_mark(DepositMarkInput { number: dep.number.clone(), deposit: true }).unwrap();
    pay(&mut s, &dep.number, "1190", "2026-11-05");

    let foreign = invoice(&mut s, other, "3000", false);
    let e = deduct(&mut s, &foreign.number, &dep.number).unwrap_err();
    assert!(e.message.contains("another client"), "{}", e.message);
    let issued = invoice(&mut s, client, "3000", true);
    let e = deduct(&mut s, &issued.number, &dep.number).unwrap_err();
    assert!(e.message.contains("is issued"), "{}", e.message);
    let mut untaxed = invoice(&mut s, client, "3000", false);
    let input = InvoiceInput {
        id: Some(untaxed.id),
        client_id: client,
        number: Some(untaxed.number.clone()),
        issue_date: "2026-11-02".into(),
        due_date: None,
        currency: None,
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Website build".into(), quantity: "1".into(), unit_price: "3000".into() }],
        send: false,
    };
    untaxed = s.d().invoice_save(input.clone()).unwrap();
    let e = deduct(&mut s, &untaxed.number, &dep.number).unwrap_err();
    assert!(e.message.contains("same rate"), "{}", e.message);
    assert_eq!(s.d().invoice_get(&untaxed.number).unwrap().total, 300_000, "a refusal changes nothing");

    // Deducted on a draft, then the line edited away: the deposit may be deducted again.
    let fin = invoice(&mut s, client, "3000", false);
    deduct(&mut s, &fin.number, &dep.number).unwrap();
    s.d()
        .invoice_save(InvoiceInput {
            id: Some(fin.id),
            number: Some(fin.number.clone()),
            tax_rate: "19".into(),
            ..input
        })
        .unwrap();
    assert_eq!(s.d().invoice_get(&dep.number).unwrap().deposit.deducted_on, None);
    assert_eq!(s.d().invoice_get(&fin.number).unwrap().deposit.deductible, std::slice::from_ref(&dep.number));
}

#[test]
fn a_deposit_invoice_pdf_is_titled_a_deposit_invoice_and_the_final_one_an_invoice() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-11-10T10:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    let dep = invoice(&mut s, client, "1000", true);
    let fin = invoice(&mut s, client, "3000", true);
    let title = |s: &mut Studio, number: &str| {
        let pdf = s.d().pdf_bytes(&PdfDocument::Invoice { number: number.into() }, PaperSize::A4).unwrap();
        pdf_text(&pdf.bytes)
    };
    assert!(!title(&mut s, &dep.number).contains("Deposit invoice"), "not a deposit yet");
    s.d().deposit_mark(DepositMarkInput { number: dep.number.clone(), deposit: true }).unwrap();
    let text = title(&mut s, &dep.number);
    assert!(text.contains("Deposit invoice"), "{text}");
    let text = title(&mut s, &fin.number);
    assert!(!text.contains("Deposit invoice") && text.contains("Invoice"), "{text}");
}
