//! The API's use cases against a real SQLite file, without a window: what the desktop app and
//! the CLI do, checked through the API and, independently, through the database file.

use chrono::NaiveDate;
use duly_api::*;
use rusqlite::Connection;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    duly: Duly,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let duly = Duly::open(&path).unwrap().with_today(date("2026-11-23"));
    Fixture { _dir: dir, path, duly }
}

const NAME: &str = "Ștefănescu & Fiii <img src=x onerror=alert(1)> SRL";

fn client_input(name: &str, currency: &str) -> ClientInput {
    ClientInput {
        id: None,
        name: name.to_owned(),
        address: "Str. Mihai Eminescu 5, Iași".to_owned(),
        tax_id: "RO123456".to_owned(),
        language: Language::Ro,
        currency: currency.to_owned(),
        notes: String::new(),
        country: String::new(),
        timezone: String::new(),
        contacts: vec![Contact {
            id: None,
            name: "Ioana".to_owned(),
            role: ContactRole::Billing,
            email: "billing@stefanescu.ro".to_owned(),
            phone: String::new(),
            language: None,
            timezone: "Europe/Bucharest".to_owned(),
        }],
    }
}

fn line(description: &str, quantity: &str, unit_price: &str) -> LineInput {
    LineInput { description: description.to_owned(), quantity: quantity.to_owned(), unit_price: unit_price.to_owned() }
}

fn invoice_input(client_id: i64, number: &str) -> InvoiceInput {
    InvoiceInput {
        id: None,
        client_id,
        number: Some(number.to_owned()),
        issue_date: "2026-10-01".to_owned(),
        due_date: Some("2026-10-31".to_owned()),
        currency: None,
        tax_rate: "19".to_owned(),
        notes: String::new(),
        lines: vec![line("Design work", "10", "150.00"), line("Hosting", "1", "99.99")],
        send: true,
    }
}

fn pay(number: &str, amount: &str, on: &str) -> PaymentInput {
    PaymentInput {
        invoice_number: number.to_owned(),
        amount: amount.to_owned(),
        date: Some(on.to_owned()),
        method: "bank transfer".to_owned(),
        note: String::new(),
    }
}

#[test]
fn an_invoice_with_a_partial_payment_shows_what_is_still_due() {
    let mut f = fixture();
    let client = f.duly.client_save(client_input(NAME, "RON")).unwrap();
    assert_eq!(client.name, NAME, "names are stored literally");
    let inv = f.duly.invoice_save(invoice_input(client.id, "RO-2026-001")).unwrap();
    assert_eq!(inv.currency, "RON", "the client's currency is the default");
    assert_eq!((inv.subtotal, inv.tax, inv.total), (159_999, 30_400, 190_399));
    assert_eq!(inv.total_display, "RON 1,903.99");
    assert_eq!(inv.status, InvoiceStatus::Sent);

    let inv = f.duly.payment_add(pay("RO-2026-001", "500.00", "2026-11-01")).unwrap();
    assert_eq!(inv.status, InvoiceStatus::PartlyPaid);
    assert_eq!(inv.amount_due, 140_399);
    assert_eq!(inv.amount_due_display, "RON 1,403.99");
    assert_eq!(inv.days_overdue, Some(23));
    let kinds: Vec<_> = inv.timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "sent", "payment"]);

    let page = f.duly.invoice_list(InvoiceQuery::default()).unwrap();
    assert_eq!(page.total_count, 1);
    let row = &page.rows[0];
    assert_eq!((row.client_name.as_str(), row.amount_due_display.as_str()), (NAME, "RON 1,403.99"));

    // The file itself, read without Duly.
    let db = Connection::open(&f.path).unwrap();
    let (name, total, paid, status): (String, i64, i64, String) = db
        .query_row(
            "SELECT c.name, i.total_minor, i.paid_minor, i.status FROM invoices i JOIN clients c ON c.id = i.client_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), total, paid, status.as_str()), (NAME, 190_399, 50_000, "partly_paid"));
    let lines: i64 = db.query_row("SELECT sum(amount_minor) FROM invoice_lines", [], |r| r.get(0)).unwrap();
    assert_eq!(lines, 159_999);
}

#[test]
fn paying_the_rest_settles_the_invoice_and_stops_it_counting_as_overdue() {
    let mut f = fixture();
    let client = f.duly.client_save(client_input("Popescu SRL", "RON")).unwrap();
    f.duly.invoice_save(invoice_input(client.id, "RO-1")).unwrap();
    f.duly.payment_add(pay("RO-1", "500", "2026-11-01")).unwrap();
    let inv = f.duly.payment_add(pay("RO-1", "1403.99", "2026-11-20")).unwrap();
    assert_eq!((inv.status, inv.amount_due, inv.days_overdue), (InvoiceStatus::Paid, 0, None));
    assert_eq!(inv.timeline.last().unwrap().kind, "paid");
    let overview = f.duly.overview(OverviewQuery::default()).unwrap();
    assert!(overview.currencies.is_empty() && overview.most_overdue.is_empty());
    let err = f.duly.payment_add(pay("RO-1", "1", "2026-11-21")).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn a_timeline_kind_this_duly_does_not_know_is_a_storage_error_not_a_guess() {
    let mut f = fixture();
    let client = f.duly.client_save(client_input("Popescu SRL", "RON")).unwrap();
    f.duly.invoice_save(invoice_input(client.id, "RO-1")).unwrap();
    let kinds: Vec<TimelineKind> = f.duly.invoice_get("RO-1").unwrap().timeline.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [TimelineKind::Created, TimelineKind::Sent]);
    // A newer Duly (or a hand edit) wrote a kind this one has no word for.
    Connection::open(&f.path)
        .unwrap()
        .execute("UPDATE events SET kind = 'letter_sent' WHERE kind = 'sent'", [])
        .unwrap();
    let err = f.duly.invoice_get("RO-1").unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    assert!(err.message.contains("unknown kind \"letter_sent\""), "{}", err.message);
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let mut f = fixture();
    let client = f.duly.client_save(client_input("Popescu SRL", "RON")).unwrap();
    let mut bad = invoice_input(client.id, "RO-9");
    bad.lines.push(line("Extra", "1", "abc"));
    let err = f.duly.invoice_save(bad).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("line 3: unit price"), "{}", err.message);

    let mut bad = invoice_input(client.id, "RO-9");
    bad.due_date = Some("2026-02-30".to_owned());
    assert!(f.duly.invoice_save(bad).unwrap_err().message.starts_with("due_date:"));

    let mut bad = invoice_input(client.id, "RO-9");
    bad.lines[0].unit_price = "150.001".to_owned();
    assert!(f.duly.invoice_save(bad).unwrap_err().message.contains("more decimals than RON"));

    let mut bad = client_input("Someone", "RON");
    bad.contacts[0].email = "not-an-address".to_owned();
    assert!(f.duly.client_save(bad).unwrap_err().message.starts_with("contact 1:"));
    assert_eq!(f.duly.client_save(client_input("  ", "RON")).unwrap_err().message, "name is required");
    assert!(f.duly.client_save(client_input("X", "XYZ")).unwrap_err().message.starts_with("currency:"));

    let info = f.duly.app_info().unwrap();
    assert_eq!((info.invoice_count, info.client_count), (0, 1));
}

/// A field error also says, in machine terms, which field and what is wrong, so the window can
/// word it in the UI's language with the field's label; the English message stays for the CLI.
#[test]
fn a_field_error_names_its_field_for_the_window() {
    let mut f = fixture();
    let client = f.duly.client_save(client_input("Popescu SRL", "RON")).unwrap();
    let field = |e: ApiError| {
        let field = e.field.expect("a field error");
        (field.name, field.line, field.problem, field.max, field.value)
    };

    let mut bad = invoice_input(client.id, "RO-9");
    bad.issue_date = "31/12/2026".to_owned();
    assert_eq!(
        field(f.duly.invoice_save(bad).unwrap_err()),
        ("issue_date".into(), None, FieldProblem::NotADate, None, Some("31/12/2026".into()))
    );

    let mut bad = invoice_input(client.id, "RO-9");
    bad.lines.push(line("Extra", "1", "abc"));
    assert_eq!(
        field(f.duly.invoice_save(bad).unwrap_err()),
        ("unit_price".into(), Some(3), FieldProblem::Invalid, None, Some("abc".into()))
    );

    let err = f.duly.client_save(client_input("  ", "RON")).unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(
        json["field"],
        serde_json::json!({"name": "name", "line": null, "problem": "required", "max": null, "value": null})
    );
    assert_eq!(json["message"], "name is required");

    let err = f.duly.client_save(client_input(&"x".repeat(201), "RON")).unwrap_err();
    assert_eq!(field(err), ("name".into(), None, FieldProblem::TooLong, Some(200), None));

    // An error about no one field has none, and its JSON stays `{code, message}`.
    let err = f.duly.invoice_get("NOPE-1").unwrap_err();
    assert_eq!(err.field, None);
    assert_eq!(serde_json::to_value(&err).unwrap().as_object().unwrap().len(), 2);
}

#[test]
fn numbers_are_unique_and_the_next_one_follows_the_series() {
    let mut f = fixture();
    let client = f.duly.client_save(client_input("Popescu SRL", "EUR")).unwrap();
    assert_eq!(f.duly.invoice_next_number().unwrap(), "INV-2026-0001");
    let mut input = invoice_input(client.id, "");
    input.number = None;
    assert_eq!(f.duly.invoice_save(input.clone()).unwrap().number, "INV-2026-0001");
    assert_eq!(f.duly.invoice_save(input).unwrap().number, "INV-2026-0002");
    let err = f.duly.invoice_save(invoice_input(client.id, "INV-2026-0002")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.message, "number: invoice number INV-2026-0002 is already used");
}

#[test]
fn drafts_are_not_owed_until_sent_and_void_invoices_never_are() {
    let mut f = fixture();
    let client = f.duly.client_save(client_input("Popescu SRL", "EUR")).unwrap();
    let mut draft = invoice_input(client.id, "D-1");
    draft.send = false;
    let inv = f.duly.invoice_save(draft).unwrap();
    assert_eq!((inv.status, inv.days_overdue), (InvoiceStatus::Draft, None));
    assert!(f.duly.payment_add(pay("D-1", "1", "2026-11-01")).unwrap_err().message.contains("draft"));
    assert!(f.duly.overview(OverviewQuery::default()).unwrap().currencies.is_empty());

    let sent = f.duly.invoice_mark(MarkInvoice { number: "D-1".into(), status: MarkStatus::Sent }).unwrap();
    assert_eq!(sent.status, InvoiceStatus::Sent);
    let overview = f.duly.overview(OverviewQuery::default()).unwrap();
    assert_eq!(overview.currencies[0].overdue, 190_399);

    let void = f.duly.invoice_mark(MarkInvoice { number: "D-1".into(), status: MarkStatus::Void }).unwrap();
    assert_eq!((void.status, void.amount_due), (InvoiceStatus::Void, 0));
    assert!(f.duly.overview(OverviewQuery::default()).unwrap().currencies.is_empty());

    f.duly.invoice_save(invoice_input(client.id, "P-1")).unwrap();
    f.duly.payment_add(pay("P-1", "1", "2026-11-01")).unwrap();
    let err = f.duly.invoice_mark(MarkInvoice { number: "P-1".into(), status: MarkStatus::Void }).unwrap_err();
    assert!(err.message.contains("has payments"), "{}", err.message);
}

#[test]
fn the_list_filters_sorts_and_totals_per_currency() {
    let mut f = fixture();
    let ron = f.duly.client_save(client_input("Popescu SRL", "RON")).unwrap();
    let idr = f.duly.client_save(client_input("PT Sinar Jaya", "IDR")).unwrap();
    f.duly.invoice_save(invoice_input(ron.id, "R-1")).unwrap(); // due 2026-10-31: 23 days late
    let mut later = invoice_input(ron.id, "R-2");
    later.due_date = Some("2026-12-15".to_owned());
    f.duly.invoice_save(later).unwrap();
    let mut rupiah = invoice_input(idr.id, "I-1");
    rupiah.tax_rate = "11".to_owned();
    rupiah.lines = vec![line("Desain situs web", "1", "1500000")];
    rupiah.issue_date = "2026-09-01".to_owned();
    rupiah.due_date = Some("2026-09-30".to_owned());
    f.duly.invoice_save(rupiah).unwrap();

    let overdue = f
        .duly
        .invoice_list(InvoiceQuery {
            overdue_only: Some(true),
            sort: Some(InvoiceSort::DaysOverdue),
            descending: Some(true),
            ..InvoiceQuery::default()
        })
        .unwrap();
    let numbers: Vec<_> = overdue.rows.iter().map(|r| (r.number.as_str(), r.days_overdue)).collect();
    assert_eq!(numbers, [("I-1", Some(54)), ("R-1", Some(23))]);
    let totals: Vec<_> =
        overdue.due_totals.iter().map(|t| (t.currency.as_str(), t.minor, t.display.as_str())).collect();
    assert_eq!(totals, [("IDR", 166_500_000, "IDR 1,665,000"), ("RON", 190_399, "RON 1,903.99")]);

    let found = f.duly.invoice_list(InvoiceQuery { search: Some("sinar".into()), ..InvoiceQuery::default() }).unwrap();
    assert_eq!(found.total_count, 1);
    let literal = f.duly.invoice_list(InvoiceQuery { search: Some("%".into()), ..InvoiceQuery::default() }).unwrap();
    assert_eq!(literal.total_count, 0, "% is searched literally");

    let page = f
        .duly
        .invoice_list(InvoiceQuery {
            limit: Some(2),
            offset: Some(2),
            sort: Some(InvoiceSort::Number),
            ..InvoiceQuery::default()
        })
        .unwrap();
    assert_eq!((page.total_count, page.rows.len(), page.rows[0].number.as_str()), (3, 1, "R-2"));

    // Amounts read the way the business writes them.
    let mut business = f.duly.business_get().unwrap();
    business.language = Language::Ro;
    f.duly.business_save(business.clone()).unwrap();
    let ro = f.duly.invoice_get("R-1").unwrap();
    assert_eq!(ro.total_display, "1.903,99 lei");
    business.language = Language::Id;
    f.duly.business_save(business).unwrap();
    assert_eq!(f.duly.invoice_get("I-1").unwrap().total_display, "Rp 1.665.000");
}

#[test]
fn editing_a_client_keeps_contact_ids_and_drops_removed_contacts() {
    let mut f = fixture();
    let mut input = client_input("Popescu SRL", "RON");
    input.contacts.push(Contact {
        name: "Dan".into(),
        role: ContactRole::Project,
        email: "dan@popescu.ro".into(),
        ..input.contacts[0].clone()
    });
    let saved = f.duly.client_save(input).unwrap();
    assert_eq!(saved.contacts.len(), 2);
    let keep = saved.contacts[1].clone();
    let edited = f
        .duly
        .client_save(ClientInput {
            id: Some(saved.id),
            name: "Popescu & Fiii SRL".into(),
            address: saved.address,
            tax_id: saved.tax_id,
            language: saved.language,
            currency: saved.currency,
            notes: "pays late in summer".into(),
            country: String::new(),
            timezone: String::new(),
            contacts: vec![keep.clone()],
        })
        .unwrap();
    assert_eq!(edited.name, "Popescu & Fiii SRL");
    assert_eq!(edited.contacts, vec![keep]);
    let list = f.duly.client_list(ClientQuery::default()).unwrap();
    assert_eq!(list[0].email, "dan@popescu.ro");
    assert_eq!(f.duly.client_get(999).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn demo_data_is_reproducible_and_never_mixes_with_real_invoices() {
    let load = |seed| {
        let mut f = fixture();
        let report = f
            .duly
            .demo_load(DemoInput { invoices: 500, clients: 30, seed: Some(seed), as_of: Some("2026-11-23".into()) })
            .unwrap();
        let overview = f.duly.overview(OverviewQuery { as_of: Some("2026-11-23".into()) }).unwrap();
        (report.payments, overview, f)
    };
    let (payments_a, a, mut f) = load(7);
    let (payments_b, b, _) = load(7);
    assert_eq!((payments_a, &a), (payments_b, &b));
    let currencies: Vec<_> = a.currencies.iter().map(|c| c.currency.as_str()).collect();
    assert_eq!(currencies, ["EUR", "IDR", "RON", "USD"]);
    let statuses: std::collections::BTreeSet<_> = f
        .duly
        .invoice_list(InvoiceQuery { limit: Some(500), ..InvoiceQuery::default() })
        .unwrap()
        .rows
        .iter()
        .map(|r| format!("{:?}", r.status))
        .collect();
    assert_eq!(statuses.len(), 5, "every status appears: {statuses:?}");
    let err = f.duly.demo_load(DemoInput { invoices: 1, clients: 1, seed: None, as_of: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
}
