//! Mistakes undone (issue 18 part 2) against a real SQLite file: a payment reversed with a
//! reason, a void taken back, demo data removed ("start fresh"), a call and a promise corrected.
//! Each test dumps every table before and after, and checks that the use case changed the rows
//! it should and nothing else; bad input (an unknown id, a second reversal, an invoice that is
//! not void) is refused by name and changes nothing.

use crate::support;

use duly_api::*;
use support::dump::{changes, counts, dump};
use support::overdue::{self, NUMBER, OverdueInvoice, contact};

/// A Romanian client owing 1,000.00 RON on INV-2026-0042, due 2026-11-01; today is 2026-11-09.
fn fixture() -> overdue::Fixture {
    OverdueInvoice::new("Ștefănescu SRL")
        .contacts(vec![contact("Mihai Ene", ContactRole::Billing, "mihai@stefanescu.ro", "+40 722 000 222")])
        .build()
}

fn pay(duly: &mut Duly, amount: &str, on: &str) -> InvoiceDetail {
    duly.payment_add(PaymentInput {
        invoice_number: NUMBER.into(),
        amount: amount.into(),
        date: Some(on.into()),
        method: "bank".into(),
        note: String::new(),
    })
    .unwrap()
}

fn on_today(duly: &Duly) -> Vec<String> {
    duly.today_list(TodayQuery { as_of: None, limit: None }).unwrap().items.into_iter().map(|f| f.number).collect()
}

/// Refused with `code`, the message containing `words`, and the file exactly as it was.
fn refused<T: std::fmt::Debug>(f: &overdue::Fixture, result: ApiResult<T>, code: ErrorCode, words: &str) {
    let before = dump(&f.path);
    let err = result.expect_err("refused");
    assert_eq!(err.code, code, "{}", err.message);
    assert!(err.message.contains(words), "{:?} should say {words:?}", err.message);
    assert_eq!(dump(&f.path), before, "a refusal changes nothing");
}

fn kinds(detail: &InvoiceDetail) -> Vec<&str> {
    detail.timeline.iter().map(|e| e.kind.as_str()).collect()
}

#[test]
fn a_reversed_payment_makes_a_paid_invoice_overdue_again_and_stays_on_the_timeline() {
    let mut f = fixture();
    let paid = pay(&mut f.duly, "1000.00", "2026-11-05");
    assert_eq!(paid.status, InvoiceStatus::Paid);
    assert!(on_today(&f.duly).is_empty(), "a paid invoice is not chased");
    let payment_id = paid.payments[0].id;

    let before = dump(&f.path);
    let detail =
        f.duly.payment_reverse(PaymentReverseInput { payment_id, reason: "  the transfer bounced ".into() }).unwrap();
    assert_eq!(detail.status, InvoiceStatus::Sent);
    assert_eq!((detail.paid, detail.amount_due, detail.days_overdue), (0, 100_000, Some(8)));
    assert!(detail.payments.is_empty());
    let last = detail.timeline.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.detail.as_str()),
        ("payment_reversed", "1000.00 on 2026-11-05 · the transfer bounced")
    );
    assert!(kinds(&detail).contains(&"payment") && kinds(&detail).contains(&"paid"), "the history stays");
    assert_eq!(on_today(&f.duly), [NUMBER], "back on Today");

    let diff = changes(&before, &dump(&f.path));
    assert_eq!(
        counts(&diff),
        [("events", (0, 1)), ("invoices", (1, 1)), ("payment_reversals", (0, 1)), ("payments", (1, 0))].into(),
        "{diff:#?}"
    );
    let (_, new) = &diff["invoices"];
    assert!(new[0].contains("paid_minor=0|status=sent"), "{new:?}");
    let (_, kept) = &diff["payment_reversals"];
    assert!(kept[0].contains("amount_minor=100000") && kept[0].contains("reason=the transfer bounced"), "{kept:?}");

    refused(
        &f,
        f.on("2026-11-09").payment_reverse(PaymentReverseInput { payment_id, reason: "again".into() }),
        ErrorCode::Conflict,
        &format!("payment {payment_id} was already reversed"),
    );
}

#[test]
fn reversing_one_of_two_payments_leaves_the_invoice_partly_paid() {
    let mut f = fixture();
    pay(&mut f.duly, "300.00", "2026-11-03");
    let detail = pay(&mut f.duly, "200.00", "2026-11-04");
    let second = detail.payments[1].id;
    let detail =
        f.duly.payment_reverse(PaymentReverseInput { payment_id: second, reason: "entered twice".into() }).unwrap();
    assert_eq!(detail.status, InvoiceStatus::PartlyPaid);
    assert_eq!((detail.paid, detail.amount_due), (30_000, 70_000));
    assert_eq!(detail.payments.iter().map(|p| p.amount).collect::<Vec<_>>(), [30_000]);
}

#[test]
fn a_payment_reversal_without_a_reason_or_of_an_unknown_payment_changes_nothing() {
    let mut f = fixture();
    let id = pay(&mut f.duly, "1000.00", "2026-11-05").payments[0].id;
    let mut d = f.on("2026-11-09");
    refused(
        &f,
        d.payment_reverse(PaymentReverseInput { payment_id: id, reason: "  ".into() }),
        ErrorCode::InvalidInput,
        "reason",
    );
    refused(
        &f,
        d.payment_reverse(PaymentReverseInput { payment_id: 999, reason: "typo".into() }),
        ErrorCode::NotFound,
        "payment 999 does not exist",
    );
}

#[test]
fn an_unvoided_invoice_is_open_again_with_the_void_and_its_undoing_on_the_timeline() {
    let mut f = fixture();
    f.duly.invoice_mark(MarkInvoice { number: NUMBER.into(), status: MarkStatus::Void }).unwrap();
    assert!(on_today(&f.duly).is_empty());

    let before = dump(&f.path);
    let detail = f.duly.invoice_unvoid(InvoiceUnvoidInput { number: NUMBER.into() }).unwrap();
    assert_eq!((detail.status, detail.days_overdue), (InvoiceStatus::Sent, Some(8)));
    assert_eq!(kinds(&detail)[kinds(&detail).len() - 2..], ["voided", "unvoided"]);
    assert_eq!(on_today(&f.duly), [NUMBER]);
    let diff = changes(&before, &dump(&f.path));
    assert_eq!(counts(&diff), [("events", (0, 1)), ("invoices", (1, 1))].into(), "{diff:#?}");
    assert!(diff["invoices"].1[0].contains("status=sent"));

    let mut d = f.on("2026-11-09");
    refused(
        &f,
        d.invoice_unvoid(InvoiceUnvoidInput { number: NUMBER.into() }),
        ErrorCode::InvalidInput,
        "is sent, not void",
    );
    refused(&f, d.invoice_unvoid(InvoiceUnvoidInput { number: "NOPE-1".into() }), ErrorCode::NotFound, "NOPE-1");
}

#[test]
fn a_draft_that_was_voided_is_a_draft_again() {
    let mut f = fixture();
    let client_id = f.client.id;
    f.duly
        .invoice_save(InvoiceInput {
            id: None,
            client_id,
            number: Some("DRAFT-1".into()),
            issue_date: "2026-11-08".into(),
            due_date: None,
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Logo".into(), quantity: "1".into(), unit_price: "50.00".into() }],
            send: false,
        })
        .unwrap();
    f.duly.invoice_mark(MarkInvoice { number: "DRAFT-1".into(), status: MarkStatus::Void }).unwrap();
    let detail = f.duly.invoice_unvoid(InvoiceUnvoidInput { number: "DRAFT-1".into() }).unwrap();
    assert_eq!(detail.status, InvoiceStatus::Draft);
}

#[test]
fn start_fresh_removes_the_demo_and_keeps_the_profile_settings_and_real_clients() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let today: chrono::NaiveDate = "2026-11-09".parse().unwrap();
    let mut duly = Duly::open(&path).unwrap().with_today(today);
    duly.demo_load(DemoInput { invoices: 60, clients: 8, seed: Some(3), as_of: None }).unwrap();
    // The user sets up their business and a real client while the demo is still there, and a
    // call with a promise is logged on a demo invoice (calls, promises and events to cascade).
    let mut business = support::studio::business();
    business.name = "Ana Lungu PFA".into();
    duly.business_save(business).unwrap();
    duly.send_window_save(SendWindow {
        days: vec!["Mon".into(), "Tue".into()],
        start: "08:00".into(),
        end: "16:00".into(),
        default_time_zone: "Europe/Bucharest".into(),
    })
    .unwrap();
    let real = duly
        .client_save(ClientInput {
            id: None,
            name: "Real Client SRL".into(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::Ro,
            currency: "RON".into(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: vec![contact("Ioana", ContactRole::Billing, "ioana@real.ro", "")],
        })
        .unwrap();
    duly.invoice_save(InvoiceInput {
        id: None,
        client_id: real.id,
        number: Some("REAL-1".into()),
        issue_date: "2026-10-01".into(),
        due_date: Some("2026-10-31".into()),
        currency: None,
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Work".into(), quantity: "1".into(), unit_price: "10.00".into() }],
        send: true,
    })
    .unwrap();
    let overdue_demo = duly
        .invoice_list(InvoiceQuery { overdue_only: Some(true), ..InvoiceQuery::default() })
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.number.starts_with("INV-"))
        .unwrap();
    duly.call_log(CallInput {
        invoice_number: Some(overdue_demo.number.clone()),
        outcome: Some(CallOutcome::Promised),
        promise_date: Some("2026-11-20".into()),
        ..CallInput::default()
    })
    .unwrap();
    assert!(duly.app_info().unwrap().demo_data);

    let before = dump(&path);
    let removed = duly.demo_remove().unwrap();
    let after = dump(&path);
    assert_eq!((removed.clients, removed.invoices), (8, 60));
    assert!(removed.payments > 0);
    assert!(!duly.app_info().unwrap().demo_data);
    for (table, rows) in &after {
        assert!(rows.is_subset(&before[table]), "{table}: start fresh only removes rows");
    }
    for kept in ["business", "settings"] {
        assert_eq!(after[kept], before[kept], "{kept} is kept");
    }
    assert_eq!(
        duly.client_list(ClientQuery::default()).unwrap().iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Real Client SRL"]
    );
    let left = duly.invoice_list(InvoiceQuery::default()).unwrap();
    assert_eq!(left.rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["REAL-1"]);
    for table in ["calls", "promises", "payments"] {
        assert!(after[table].is_empty(), "{table}: {:?}", after[table]);
    }
    assert_eq!(after["events"].len(), 2, "REAL-1's created and sent");
    assert_eq!(duly.business_get().unwrap().name, "Ana Lungu PFA");

    let err = duly.demo_remove().unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("no demo data"), "{}", err.message);
    assert_eq!(dump(&path), after);
}

fn no_answer(f: &overdue::Fixture) -> CallInput {
    CallInput {
        invoice_number: Some(NUMBER.into()),
        contact_id: Some(f.contact_id("Mihai Ene")),
        outcome: Some(CallOutcome::NoAnswer),
        notes: Some("rang out".into()),
        ..CallInput::default()
    }
}

#[test]
fn a_call_logged_wrong_is_corrected_and_the_timeline_says_so() {
    let mut f = fixture();
    let call = f.duly.call_log(no_answer(&f)).unwrap();
    let before = dump(&f.path);
    let edited = f
        .duly
        .call_edit(CallEditInput {
            id: call.id,
            outcome: Some(CallOutcome::Disputed),
            notes: Some("Says the logo was late".into()),
        })
        .unwrap();
    assert_eq!((edited.outcome, edited.notes.as_str()), (CallOutcome::Disputed, "Says the logo was late"));
    assert_eq!(edited.called_on, call.called_on);
    let diff = changes(&before, &dump(&f.path));
    assert_eq!(counts(&diff), [("calls", (1, 1)), ("events", (0, 1))].into(), "{diff:#?}");
    assert!(
        diff["events"].1[0].contains("kind=call_edited|detail=no_answer → disputed · Says the logo was late"),
        "{:?}",
        diff["events"]
    );

    let mut d = f.on("2026-11-09");
    refused(
        &f,
        d.call_edit(CallEditInput { id: 999, outcome: Some(CallOutcome::Reached), notes: None }),
        ErrorCode::NotFound,
        "call 999",
    );
    refused(
        &f,
        d.call_edit(CallEditInput { id: call.id, outcome: None, notes: None }),
        ErrorCode::InvalidInput,
        "nothing to change",
    );
    refused(
        &f,
        d.call_edit(CallEditInput { id: call.id, outcome: Some(CallOutcome::Promised), notes: None }),
        ErrorCode::InvalidInput,
        "outcome:",
    );
}

#[test]
fn a_promise_is_corrected_in_date_and_amount_and_checked_as_when_it_was_made() {
    let mut f = fixture();
    let call = f
        .duly
        .call_log(CallInput {
            outcome: Some(CallOutcome::Promised),
            promise_date: Some("2026-11-20".into()),
            notes: None,
            ..no_answer(&f)
        })
        .unwrap();
    let promise = call.promise.clone().unwrap();
    let before = dump(&f.path);
    let edited = f
        .duly
        .promise_edit(PromiseEditInput {
            id: promise.id,
            pay_by: Some("2026-11-25".into()),
            amount: Some("600".into()),
        })
        .unwrap();
    assert_eq!(edited.id, call.id);
    let now = edited.promise.unwrap();
    assert_eq!((now.pay_by.to_string().as_str(), now.amount), ("2026-11-25", 60_000));
    match f.duly.invoice_get(NUMBER).unwrap().promise {
        PromiseStanding::Paused { until, amount, .. } => {
            assert_eq!((until.to_string().as_str(), amount), ("2026-11-26", 60_000))
        }
        other => panic!("{other:?}"),
    }
    let diff = changes(&before, &dump(&f.path));
    assert_eq!(counts(&diff), [("events", (0, 1)), ("promises", (1, 1))].into(), "{diff:#?}");
    assert!(
        diff["events"].1[0].contains("detail=1000.00 RON → 2026-11-20 · 600.00 RON → 2026-11-25"),
        "{:?}",
        diff["events"]
    );

    let mut d = f.on("2026-11-09");
    refused(
        &f,
        d.promise_edit(PromiseEditInput { id: 999, pay_by: Some("2026-11-30".into()), amount: None }),
        ErrorCode::NotFound,
        "promise 999",
    );
    refused(
        &f,
        d.promise_edit(PromiseEditInput { id: promise.id, pay_by: None, amount: Some("1000.01".into()) }),
        ErrorCode::InvalidInput,
        "amount: more than",
    );
    refused(
        &f,
        d.promise_edit(PromiseEditInput { id: promise.id, pay_by: Some("2026-11-01".into()), amount: None }),
        ErrorCode::InvalidInput,
        "pay_by: 2026-11-01 is before",
    );
    refused(
        &f,
        d.promise_edit(PromiseEditInput { id: promise.id, pay_by: Some("soon".into()), amount: None }),
        ErrorCode::InvalidInput,
        "pay_by",
    );
}
