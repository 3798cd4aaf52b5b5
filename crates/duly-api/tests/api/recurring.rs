//! Recurring invoices (issue 18): a monthly retainer issues itself on its schedule day, once per
//! period however often or late the pass runs, and with "send automatically" goes to the client
//! through the outbox (a real SMTP server on 127.0.0.1) with its PDF.

use chrono::{DateTime, NaiveDate, Utc};
use duly_api::*;

use crate::support::smtp::RealServer;
use crate::support::studio::Studio;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn retainer(client_id: i64, auto_send: bool) -> RecurringInput {
    RecurringInput {
        id: None,
        client_id,
        currency: None,
        tax_rate: "19".into(),
        notes: "Monthly retainer".into(),
        lines: vec![LineInput { description: "Retainer".into(), quantity: "1".into(), unit_price: "1000".into() }],
        every: RecurringEvery::Month,
        day_of_month: 1,
        start: Some("2026-01-01".into()),
        end_date: None,
        max_count: None,
        auto_send,
    }
}

fn run(s: &mut Studio, now: &str) -> RecurringRunReport {
    s.at(at(now)).recurring_run().unwrap()
}

fn numbers_and_dates(r: &RecurringRunReport) -> Vec<(String, NaiveDate)> {
    r.issued.iter().map(|i| (i.number.clone(), i.period)).collect()
}

fn issued_invoices(s: &mut Studio, client: i64) -> Vec<InvoiceRow> {
    let mut rows =
        s.d().invoice_list(InvoiceQuery { client_id: Some(client), ..InvoiceQuery::default() }).unwrap().rows;
    rows.sort_by(|a, b| a.number.cmp(&b.number));
    rows
}

#[test]
fn a_monthly_schedule_run_on_the_3rd_of_three_months_issues_three_invoices_dated_on_the_1st() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-01-02T09:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    let schedule = s.d().recurring_save(retainer(client, false)).unwrap();
    assert_eq!(schedule.next_date, Some(d("2026-01-01")));
    assert_eq!(schedule.total, 119_000, "1000 + 19 % tax, in bani");

    let jan = run(&mut s, "2026-01-03T10:00:00Z");
    let feb = run(&mut s, "2026-02-03T10:00:00Z");
    let mar = run(&mut s, "2026-03-03T10:00:00Z");
    assert_eq!(numbers_and_dates(&jan), [("INV-2026-0001".to_owned(), d("2026-01-01"))]);
    assert_eq!(numbers_and_dates(&feb), [("INV-2026-0002".to_owned(), d("2026-02-01"))]);
    assert_eq!(numbers_and_dates(&mar), [("INV-2026-0003".to_owned(), d("2026-03-01"))]);

    // The same day again, and a second handle on the file: nothing more.
    assert!(run(&mut s, "2026-03-03T11:00:00Z").issued.is_empty());
    let mut other = Duly::open(&s.path).unwrap().with_today(d("2026-03-03"));
    assert!(other.recurring_run().unwrap().issued.is_empty());

    let rows = issued_invoices(&mut s, client);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.status == InvoiceStatus::Sent && r.total == 119_000));
    assert_eq!(rows[1].issue_date, d("2026-02-01"));
    assert_eq!(rows[1].due_date, d("2026-03-03"), "the business's 30 days from the schedule day");
    let detail = s.d().invoice_get("INV-2026-0002").unwrap();
    assert_eq!(detail.notes, "Monthly retainer");
    assert!(detail.timeline.iter().any(|e| e.kind == TimelineKind::RecurringIssued && e.detail == "month 2026-02-01"));
    let listed = s.d().recurring_list(RecurringQuery { client_id: Some(client) }).unwrap();
    assert_eq!(
        (listed[0].issued_count, listed[0].last_number.as_deref(), listed[0].next_date),
        (3, Some("INV-2026-0003"), Some(d("2026-04-01")))
    );
    assert!(server.received().is_empty(), "without \"send automatically\" nothing is emailed");
}

#[test]
fn a_gap_of_two_months_catches_up_each_missed_period_once_in_order() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-01-02T09:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    s.d().recurring_save(retainer(client, false)).unwrap();
    assert_eq!(run(&mut s, "2026-01-03T10:00:00Z").issued.len(), 1);

    // Duly was not opened in February or March.
    let april = run(&mut s, "2026-04-03T10:00:00Z");
    assert_eq!(
        numbers_and_dates(&april),
        [
            ("INV-2026-0002".to_owned(), d("2026-02-01")),
            ("INV-2026-0003".to_owned(), d("2026-03-01")),
            ("INV-2026-0004".to_owned(), d("2026-04-01")),
        ]
    );
    assert!(run(&mut s, "2026-04-03T12:00:00Z").issued.is_empty());
    assert_eq!(issued_invoices(&mut s, client).len(), 4);
}

#[test]
fn a_schedule_stops_at_its_count_and_a_quarterly_one_on_a_31st_takes_short_months_last_day() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-01-02T09:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    let counted = s.d().recurring_save(RecurringInput { max_count: Some(2), ..retainer(client, false) }).unwrap();
    let quarterly = s
        .d()
        .recurring_save(RecurringInput {
            every: RecurringEvery::Quarter,
            day_of_month: 31,
            start: Some("2026-01-15".into()),
            end_date: Some("2026-10-30".into()),
            ..retainer(client, false)
        })
        .unwrap();
    assert_eq!(quarterly.next_date, Some(d("2026-01-31")));

    let report = run(&mut s, "2026-12-01T10:00:00Z");
    let by = |id: i64| report.issued.iter().filter(|i| i.schedule_id == id).map(|i| i.period).collect::<Vec<_>>();
    assert_eq!(by(counted.id), [d("2026-01-01"), d("2026-02-01")]);
    assert_eq!(by(quarterly.id), [d("2026-01-31"), d("2026-04-30"), d("2026-07-31")], "October 31 is after the end");
    let listed = s.d().recurring_list(RecurringQuery::default()).unwrap();
    assert!(listed.iter().all(|l| l.next_date.is_none()), "both schedules have ended: {listed:?}");
    assert!(run(&mut s, "2027-06-01T10:00:00Z").issued.is_empty());
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-01-02T09:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    let cases = [
        (RecurringInput { day_of_month: 0, ..retainer(client, false) }, "day_of_month"),
        (RecurringInput { lines: vec![], ..retainer(client, false) }, "lines"),
        (RecurringInput { end_date: Some("2025-12-31".into()), ..retainer(client, false) }, "end_date"),
        (RecurringInput { start: Some("1 Jan".into()), ..retainer(client, false) }, "start"),
        (RecurringInput { client_id: 999, ..retainer(client, false) }, "client_id"),
    ];
    for (input, field) in cases {
        let e = s.d().recurring_save(input).unwrap_err();
        assert!(e.message.starts_with(field), "{field}: {}", e.message);
    }
    assert!(s.d().recurring_list(RecurringQuery::default()).unwrap().is_empty());
}

#[test]
fn with_send_automatically_the_invoice_goes_out_once_with_its_pdf_in_business_hours() {
    let server = RealServer::start();
    // Thursday 1 January 2026, 05:00 in Bucharest: issued now, sent at 09:00 the client's time.
    let mut s = Studio::new(server.addr, at("2025-12-31T12:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    s.d().recurring_save(retainer(client, true)).unwrap();

    let report = run(&mut s, "2026-01-01T03:00:00Z");
    assert_eq!(report.queued, ["INV-2026-0001"]);
    assert!(report.send_problems.is_empty());
    let queued = s.d().outbox_list(OutboxQuery::default()).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].kind.as_str(), queued[0].attachments.as_slice()),
        ("invoice", ["INV-2026-0001.pdf".to_owned()].as_slice())
    );
    assert!(
        at(&queued[0].not_before) >= at("2026-01-01T07:00:00Z"),
        "not before 09:00 in Bucharest: {}",
        queued[0].not_before
    );

    // Runs again before it leaves: neither issued nor queued twice.
    let again = run(&mut s, "2026-01-01T04:00:00Z");
    assert!(again.issued.is_empty() && again.queued.is_empty());
    let out = s.at(at("2026-01-01T08:00:00Z")).outbox_run(at("2026-01-01T08:00:00Z")).unwrap();
    assert_eq!(out.sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let text = String::from_utf8_lossy(&received[0]);
    assert!(text.contains("INV-2026-0001.pdf"), "the PDF is attached");
    assert_eq!(s.d().invoice_get("INV-2026-0001").unwrap().sent_on, Some(d("2026-01-01")));
}

#[test]
fn an_automatic_send_that_cannot_be_queued_leaves_the_invoice_issued_and_says_why() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-01-02T09:00:00Z"));
    let client = s.client("Northwind Ltd", "RO", "");
    s.d().recurring_save(retainer(client, true)).unwrap();
    let report = run(&mut s, "2026-01-05T10:00:00Z");
    assert_eq!(report.issued.len(), 1);
    assert_eq!(report.send_problems.len(), 1);
    assert!(report.send_problems[0].message.contains("email address"), "{}", report.send_problems[0].message);
    assert!(run(&mut s, "2026-01-05T11:00:00Z").send_problems.is_empty(), "reported once, not every pass");
    let detail = s.d().invoice_get("INV-2026-0001").unwrap();
    assert_eq!(detail.status, InvoiceStatus::Sent);
    assert!(detail.timeline.iter().any(|e| e.kind == "recurring_send_failed"));
}
