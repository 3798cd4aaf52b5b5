//! A client on credit hold (cash only): every invoice of theirs says so, from the moment a new one
//! is saved, so the form and `duly invoice add` can warn before more work goes out on credit.

use chrono::NaiveDate;
use duly_api::*;

fn client(duly: &mut Duly, name: &str) -> i64 {
    duly.client_save(ClientInput {
        id: None,
        name: name.into(),
        address: String::new(),
        tax_id: String::new(),
        language: Language::En,
        currency: "EUR".into(),
        notes: String::new(),
        country: String::new(),
        timezone: String::new(),
        contacts: Vec::new(),
    })
    .unwrap()
    .id
}

fn invoice(duly: &mut Duly, client_id: i64, number: &str) -> InvoiceDetail {
    duly.invoice_save(InvoiceInput {
        id: None,
        client_id,
        number: Some(number.into()),
        issue_date: "2026-11-23".into(),
        due_date: Some("2026-12-23".into()),
        currency: None,
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Work".into(), quantity: "1".into(), unit_price: "100".into() }],
        send: false,
    })
    .unwrap()
}

#[test]
fn a_new_invoice_for_a_client_on_credit_hold_carries_the_hold_and_others_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_today("2026-11-23".parse().unwrap());
    let held = client(&mut duly, "Late Payer Ltd");
    let fine = client(&mut duly, "Prompt Payer Ltd");
    assert_eq!(invoice(&mut duly, held, "A-1").credit_hold, None);

    duly.credit_hold_set(CreditHoldInput { client_id: held, on: true, reason: "three invoices 30+ days late".into() })
        .unwrap();
    let hold = invoice(&mut duly, held, "A-2").credit_hold.expect("the hold on a new invoice");
    assert_eq!((hold.client_id, hold.on), (held, true));
    assert_eq!(hold.since, Some(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()));
    assert_eq!(hold.reason, "three invoices 30+ days late");
    // The older invoice shows it too (the invoice page), the other client's do not.
    assert!(duly.invoice_get("A-1").unwrap().credit_hold.is_some());
    assert_eq!(invoice(&mut duly, fine, "B-1").credit_hold, None);

    duly.credit_hold_set(CreditHoldInput { client_id: held, on: false, reason: String::new() }).unwrap();
    assert_eq!(invoice(&mut duly, held, "A-3").credit_hold, None);
}
