//! Limits on what one input may hold: one amount at most 10^15 minor units (duly-core's
//! ceiling, so sums of many invoices stay far from `i64`'s end), and text no longer than a person
//! types it. Refusals name the field; nothing is written.

use duly_api::*;

fn duly() -> (tempfile::TempDir, Duly) {
    let dir = tempfile::tempdir().unwrap();
    let duly = Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_today("2026-11-23".parse().unwrap());
    (dir, duly)
}

fn client(name: String) -> ClientInput {
    ClientInput {
        id: None,
        name,
        address: String::new(),
        tax_id: String::new(),
        language: Language::En,
        currency: "EUR".into(),
        notes: String::new(),
        country: String::new(),
        timezone: String::new(),
        contacts: vec![],
    }
}

fn invoice(client_id: i64, number: &str, lines: &[(&str, &str)]) -> InvoiceInput {
    InvoiceInput {
        id: None,
        client_id,
        number: Some(number.into()),
        issue_date: "2026-10-01".into(),
        due_date: Some("2026-10-31".into()),
        currency: None,
        tax_rate: String::new(),
        notes: String::new(),
        lines: lines
            .iter()
            .map(|(q, p)| LineInput { description: "Work".into(), quantity: (*q).into(), unit_price: (*p).into() })
            .collect(),
        send: true,
    }
}

#[test]
fn two_lines_of_9e16_are_refused_with_the_line_named() {
    let (_dir, mut duly) = duly();
    let acme = duly.client_save(client("Acme".into())).unwrap();
    let err = duly
        .invoice_save(invoice(acme.id, "X-1", &[("1", "90000000000000000"), ("1", "90000000000000000")]))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "line 1: unit price: \"90000000000000000\" is too large (one amount can be at most 10000000000000.00 EUR)"
    );
    // Each price within the ceiling, but quantity × price beyond it: the line is named.
    let err = duly.invoice_save(invoice(acme.id, "X-1", &[("1", "1"), ("1000", "10000000000000")])).unwrap_err();
    assert!(err.message.starts_with("line 2: quantity × unit price comes to more than"), "{}", err.message);
    // Two lines at half the ceiling each are fine; one cent more in total is not.
    let half = "5000000000000";
    duly.invoice_save(invoice(acme.id, "X-1", &[("1", half), ("1", half)])).unwrap();
    let err = duly.invoice_save(invoice(acme.id, "X-2", &[("1", half), ("1", "5000000000000.01")])).unwrap_err();
    assert!(err.message.starts_with("lines: the invoice total comes to more than"), "{}", err.message);
    assert_eq!(duly.invoice_list(InvoiceQuery::default()).unwrap().total_count, 1);
}

#[test]
fn a_15_mb_client_name_is_refused_naming_the_field() {
    let (_dir, mut duly) = duly();
    // Not `expect_err`: on failure it would print the saved client, 15 MB of name.
    let Err(err) = duly.client_save(client("N".repeat(15_000_000))) else { panic!("a 15 MB name is refused") };
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(err.message, "name: 15000000 characters is too long (at most 200)");
    let err = duly.client_save(client("é".repeat(201))).unwrap_err();
    assert_eq!(err.message, "name: 201 characters is too long (at most 200)");
    duly.client_save(client("é".repeat(200))).unwrap();
    let mut notes = client("Beta".into());
    notes.notes = "n".repeat(10_001);
    assert_eq!(duly.client_save(notes).unwrap_err().message, "notes: 10001 characters is too long (at most 10000)");
    assert_eq!(duly.client_list(ClientQuery::default()).unwrap().len(), 1);
}
