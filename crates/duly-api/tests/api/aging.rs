//! `aging` and `today_list` on a real SQLite file: invoices written through the API, figures
//! checked against amounts worked out by hand.

use chrono::NaiveDate;
use duly_api::*;

const AS_OF: &str = "2026-11-23";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    duly: Duly,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let duly = Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_today(date(AS_OF));
    Fixture { _dir: dir, duly }
}

impl Fixture {
    fn client(&mut self, name: &str, currency: &str) -> i64 {
        let input = ClientInput {
            id: None,
            name: name.to_owned(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::En,
            currency: currency.to_owned(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: Vec::new(),
        };
        self.duly.client_save(input).unwrap().id
    }

    /// An issued invoice of `amount` (a decimal string) due on `due`, issued 30 days earlier.
    fn invoice(&mut self, client_id: i64, number: &str, due: &str, amount: &str) -> InvoiceDetail {
        self.invoice_issued(client_id, number, &(date(due) - chrono::Days::new(30)).to_string(), due, amount, true)
    }

    fn invoice_issued(
        &mut self,
        client_id: i64,
        number: &str,
        issue: &str,
        due: &str,
        amount: &str,
        send: bool,
    ) -> InvoiceDetail {
        self.duly
            .invoice_save(InvoiceInput {
                id: None,
                client_id,
                number: Some(number.to_owned()),
                issue_date: issue.to_owned(),
                due_date: Some(due.to_owned()),
                currency: None,
                tax_rate: "0".to_owned(),
                notes: String::new(),
                lines: vec![LineInput {
                    description: "Work".to_owned(),
                    quantity: "1".to_owned(),
                    unit_price: amount.to_owned(),
                }],
                send,
            })
            .unwrap()
    }

    fn pay(&mut self, number: &str, amount: &str) {
        let input = PaymentInput {
            invoice_number: number.to_owned(),
            amount: amount.to_owned(),
            date: Some("2026-11-01".to_owned()),
            method: String::new(),
            note: String::new(),
        };
        self.duly.payment_add(input).unwrap();
    }

    fn aging(&self, client: Option<&str>) -> ApiResult<AgingReport> {
        self.duly.aging(AgingQuery { as_of: None, client: client.map(str::to_owned) })
    }
}

fn buckets(c: &CurrencyAging) -> [i64; 6] {
    [c.not_due, c.d1_30, c.d31_60, c.d61_90, c.d91_120, c.over_120]
}

#[test]
fn each_invoice_lands_in_the_bucket_of_its_days_past_due() {
    let mut f = fixture();
    let acme = f.client("Acme Inc.", "EUR");
    // Due dates at each bucket's edges as of 2026-11-23; amounts tell them apart.
    f.invoice(acme, "E-0", "2026-11-23", "1.00"); // due today: not yet due
    f.invoice(acme, "E-1", "2026-11-22", "2.00"); // 1 day
    f.invoice(acme, "E-30", "2026-10-24", "4.00"); // 30 days
    f.invoice(acme, "E-31", "2026-10-23", "8.00"); // 31 days
    f.invoice(acme, "E-90", "2026-08-25", "16.00"); // 90 days
    f.invoice(acme, "E-91", "2026-08-24", "32.00"); // 91 days
    f.invoice(acme, "E-120", "2026-07-26", "64.00"); // 120 days
    f.invoice(acme, "E-121", "2026-07-25", "128.00"); // 121 days
    f.invoice(acme, "E-F", "2026-12-31", "256.00"); // in the future

    let report = f.aging(None).unwrap();
    assert_eq!(report.as_of, date(AS_OF));
    assert_eq!(report.client, None);
    let [eur] = report.currencies.as_slice() else { panic!("{:?}", report.currencies) };
    assert_eq!(eur.currency, "EUR");
    assert_eq!(buckets(eur), [25_600 + 100, 200 + 400, 800, 1_600, 3_200 + 6_400, 12_800]);
    assert_eq!((eur.total, eur.overdue, eur.count, eur.overdue_count), (51_100, 25_400, 9, 7));
    assert_eq!((eur.total_display.as_str(), eur.over_120_display.as_str()), ("€511.00", "€128.00"));
    // (2×1 + 4×30 + 8×31 + 16×90 + 32×91 + 64×120 + 128×121) / 254 = 27,890 / 254 = 109.8 → 110
    assert_eq!(eur.average_days_overdue, Some(110));

    let [client] = report.clients.as_slice() else { panic!("{:?}", report.clients) };
    assert_eq!((client.client_id, client.client.as_str(), client.currency.as_str()), (acme, "Acme Inc.", "EUR"));
    assert_eq!((client.total, client.overdue, client.count, client.oldest_days), (51_100, 25_400, 9, 121));

    let top: Vec<_> = report.top_overdue.iter().map(|t| (t.number.as_str(), t.days_overdue)).collect();
    assert_eq!(
        top,
        [("E-121", 121), ("E-120", 120), ("E-91", 91), ("E-90", 90), ("E-31", 31), ("E-30", 30), ("E-1", 1)]
    );
    assert_eq!(report.top_overdue[0].due_date, date("2026-07-25"));
    assert_eq!(report.top_overdue[0].client, "Acme Inc.");
}

#[test]
fn drafts_void_and_paid_invoices_are_not_owed_and_part_payments_leave_the_remainder() {
    let mut f = fixture();
    let acme = f.client("Acme Inc.", "EUR");
    f.invoice_issued(acme, "DRAFT", "2026-09-01", "2026-10-01", "1000.00", false);
    f.invoice(acme, "VOID", "2026-10-01", "2000.00");
    f.duly.invoice_mark(MarkInvoice { number: "VOID".to_owned(), status: MarkStatus::Void }).unwrap();
    f.invoice(acme, "PAID", "2026-10-01", "4000.00");
    f.pay("PAID", "4000.00");
    f.invoice(acme, "PART", "2026-10-01", "100.00"); // 53 days late
    f.pay("PART", "30.50");

    let report = f.aging(None).unwrap();
    let [eur] = report.currencies.as_slice() else { panic!("{:?}", report.currencies) };
    assert_eq!(buckets(eur), [0, 0, 6_950, 0, 0, 0]);
    assert_eq!((eur.total, eur.overdue, eur.count, eur.overdue_count), (6_950, 6_950, 1, 1));
    assert_eq!(report.clients[0].count, 1);
    assert_eq!(report.top_overdue.len(), 1);
    assert_eq!((report.top_overdue[0].number.as_str(), report.top_overdue[0].amount_due), ("PART", 6_950));
    // DSO: owed 69.50; invoiced in the 90 days up to the 23rd: PART and PAID (issued 2026-09-01),
    // not the draft or the void one: 69.50 / 4,100.00 × 90 = 1.5 → 2.
    assert_eq!(eur.sales_90_days, 410_000);
    assert_eq!(eur.dso_days, Some(2));
}

#[test]
fn sales_for_dso_are_the_90_days_up_to_the_aging_date() {
    let mut f = fixture();
    let acme = f.client("Acme Inc.", "EUR");
    // Paid invoices on both sides of the window: 90 days, 2026-08-26 to 2026-11-23 inclusive.
    for (number, issued) in [
        ("IN-FIRST", "2026-08-26"),
        ("IN-LAST", "2026-11-23"),
        ("OUT-BEFORE", "2026-08-25"),
        ("OUT-AFTER", "2026-11-24"),
    ] {
        f.invoice_issued(acme, number, issued, "2026-12-31", "100.00", true);
        f.pay(number, "100.00");
    }
    f.invoice_issued(acme, "OWED", "2026-06-01", "2026-07-01", "50.00", true); // issued long ago
    let report = f.aging(None).unwrap();
    let eur = &report.currencies[0];
    assert_eq!(eur.sales_90_days, 20_000, "only IN-FIRST and IN-LAST");
    assert_eq!(eur.dso_days, Some(23), "50 / 200 × 90 = 22.5 → 23");
    assert_eq!(eur.total, 5_000);
}

#[test]
fn currencies_stay_apart_sorted_by_code_and_clients_by_overdue() {
    let mut f = fixture();
    let usd = f.client("Summit LLC", "USD");
    let idr = f.client("PT Sinar Jaya", "IDR");
    let eur = f.client("Fjord AB", "EUR");
    let eur2 = f.client("Kestrel Ltd", "EUR");
    f.invoice(usd, "U-1", "2026-11-01", "10.00");
    f.invoice(idr, "I-1", "2026-11-01", "5000000");
    f.invoice(eur, "E-1", "2026-11-01", "300.00");
    f.invoice(eur, "E-2", "2026-12-01", "1000.00");
    f.invoice(eur2, "K-1", "2026-10-01", "500.00");

    let report = f.aging(None).unwrap();
    let codes: Vec<_> = report.currencies.iter().map(|c| c.currency.as_str()).collect();
    assert_eq!(codes, ["EUR", "IDR", "USD"]);
    assert_eq!(report.currencies[0].total, 180_000);
    assert_eq!(report.currencies[1].total, 500_000_000);
    let clients: Vec<_> = report.clients.iter().map(|c| (c.client.as_str(), c.currency.as_str(), c.overdue)).collect();
    assert_eq!(
        clients,
        [
            ("PT Sinar Jaya", "IDR", 500_000_000),
            ("Kestrel Ltd", "EUR", 50_000),
            ("Fjord AB", "EUR", 30_000),
            ("Summit LLC", "USD", 1_000)
        ]
    );
}

#[test]
fn currencies_are_in_code_order_even_where_the_iso_table_is_not() {
    // iso_currency lists XCG (2025) right after AMD, so the core's `Currency` order puts it
    // before AOA; the report promises the codes' order.
    let mut f = fixture();
    let xcg = f.client("Curaçao Studio", "XCG");
    let aoa = f.client("Luanda Lda", "AOA");
    f.invoice(xcg, "X-1", "2026-11-01", "10.00");
    f.invoice(aoa, "A-1", "2026-11-01", "10.00");
    let codes: Vec<_> = f.aging(None).unwrap().currencies.into_iter().map(|c| c.currency).collect();
    assert_eq!(codes, ["AOA", "XCG"]);
}

#[test]
fn the_biggest_overdue_invoices_are_compared_relative_to_their_currency() {
    let mut f = fixture();
    let eur = f.client("Fjord AB", "EUR");
    let idr = f.client("PT Sinar Jaya", "IDR");
    // EUR: 100, 100, 1000 open (average 400): E-BIG is 2.5 times the average.
    f.invoice(eur, "E-A", "2026-11-01", "100.00");
    f.invoice(eur, "E-B", "2026-11-01", "100.00");
    f.invoice(eur, "E-BIG", "2026-11-01", "1000.00");
    // IDR: three of 9,000,000: each exactly the average, yet far bigger numbers than any euro.
    for n in ["I-A", "I-B", "I-C"] {
        f.invoice(idr, n, "2026-11-01", "9000000");
    }
    let report = f.aging(None).unwrap();
    let order: Vec<_> = report.top_overdue.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(order, ["E-BIG", "I-A", "I-B", "I-C", "E-A", "E-B"]);
}

#[test]
fn the_top_overdue_list_keeps_the_ten_biggest() {
    let mut f = fixture();
    let acme = f.client("Acme Inc.", "EUR");
    for i in 1..=25 {
        f.invoice(acme, &format!("E-{i:02}"), "2026-11-01", &format!("{i}.00"));
    }
    let report = f.aging(None).unwrap();
    let order: Vec<_> = report.top_overdue.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(order, ["E-25", "E-24", "E-23", "E-22", "E-21", "E-20", "E-19", "E-18", "E-17", "E-16"]);
}

#[test]
fn a_client_is_found_by_its_name_ignoring_case_or_by_a_part_only_it_has() {
    let mut f = fixture();
    let stef = f.client("Ștefănescu SRL", "RON");
    let stef_fiii = f.client("Ștefănescu & Fiii SRL", "RON");
    let pop = f.client("Popescu Digital SA", "RON");
    f.invoice(stef, "S-1", "2026-11-01", "100.00");
    f.invoice(stef_fiii, "F-1", "2026-11-01", "200.00");
    f.invoice(pop, "P-1", "2026-10-01", "400.00");

    // Exact, ignoring case (beyond ASCII): wins even though the other Ștefănescu contains it too.
    let report = f.aging(Some("  ȘTEFĂNESCU srl ")).unwrap();
    assert_eq!(report.client, Some(ClientRef { id: stef, name: "Ștefănescu SRL".to_owned() }));
    assert_eq!(report.currencies[0].total, 10_000);
    assert_eq!(report.clients.len(), 1);
    assert_eq!(report.clients[0].client_id, stef);
    assert_eq!(report.top_overdue.iter().map(|t| t.number.as_str()).collect::<Vec<_>>(), ["S-1"]);

    // A part of one name only.
    let report = f.aging(Some("fiii")).unwrap();
    assert_eq!(report.client.as_ref().map(|c| c.id), Some(stef_fiii));
    assert_eq!(report.currencies[0].total, 20_000);
    let report = f.aging(Some("digital")).unwrap();
    assert_eq!(report.currencies[0].d31_60, 40_000);

    let err = f.aging(Some("escu")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Ambiguous);
    assert!(err.message.contains("\"escu\"") && err.message.contains("3 clients"), "{}", err.message);
    assert!(err.message.contains("Popescu Digital SA"), "{}", err.message);

    let err = f.aging(Some("Nobody & Co")).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("\"Nobody & Co\""), "{}", err.message);

    // A blank filter is no filter.
    assert_eq!(f.aging(Some("  ")).unwrap().clients.len(), 3);
}

#[test]
fn a_client_with_nothing_owed_gives_an_empty_report_and_a_bad_date_names_the_field() {
    let mut f = fixture();
    f.client("Acme Inc.", "EUR");
    let report = f.aging(Some("acme")).unwrap();
    assert!(report.currencies.is_empty() && report.clients.is_empty() && report.top_overdue.is_empty());
    let err = f.duly.aging(AgingQuery { as_of: Some("2026-13-01".to_owned()), client: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("as_of:"), "{}", err.message);
}

#[test]
fn an_earlier_as_of_date_makes_the_same_invoice_younger() {
    let mut f = fixture();
    let acme = f.client("Acme Inc.", "EUR");
    f.invoice(acme, "E-1", "2026-10-01", "100.00");
    let at = |d: &str| f.duly.aging(AgingQuery { as_of: Some(d.to_owned()), client: None }).unwrap();
    assert_eq!(buckets(&at("2026-10-01").currencies[0]), [10_000, 0, 0, 0, 0, 0]);
    assert_eq!(buckets(&at("2026-10-02").currencies[0]), [0, 10_000, 0, 0, 0, 0]);
    assert_eq!(buckets(&at("2027-03-01").currencies[0]), [0, 0, 0, 0, 0, 10_000]);
}

#[test]
fn today_lists_overdue_invoices_by_urgency_then_those_due_within_a_week() {
    let mut f = fixture();
    let eur = f.client("Fjord AB", "EUR");
    let idr = f.client("PT Sinar Jaya", "IDR");
    // EUR open: 100 + 300 + 200 + 400 = 1,000 over 4 invoices, average 250.
    f.invoice(eur, "E-10D", "2026-11-13", "100.00"); // 10 days × 0.4 = 4
    f.invoice(eur, "E-2D", "2026-11-21", "300.00"); // 2 days × 1.2 = 2.4
    f.invoice(eur, "E-SOON3", "2026-11-26", "200.00"); // due in 3 days
    f.invoice(eur, "E-TODAY", "2026-11-23", "400.00"); // due today
    // IDR open: 1,000,000 + 3,000,000 + 2,000,000 = 6,000,000 over 3, average 2,000,000.
    f.invoice(idr, "I-5D", "2026-11-18", "1000000"); // 5 days × 0.5 = 2.5
    f.invoice(idr, "I-30D", "2026-10-24", "3000000"); // 30 days × 1.5 = 45
    f.invoice(idr, "I-LATER", "2026-12-01", "2000000"); // due in 8 days: not listed
    f.invoice(idr, "I-SOON3", "2026-11-26", "2000000"); // due in 3 days, average size
    f.invoice(eur, "PAID", "2026-11-01", "5000.00");
    f.pay("PAID", "5000.00");

    let list = f.duly.today_list(TodayQuery::default()).unwrap();
    assert_eq!(list.as_of, date(AS_OF));
    let items: Vec<_> = list.items.iter().map(|i| (i.number.as_str(), i.reason)).collect();
    assert_eq!(
        items,
        [
            ("I-30D", FollowUpReason::Overdue { days: 30 }),
            ("E-10D", FollowUpReason::Overdue { days: 10 }),
            ("I-5D", FollowUpReason::Overdue { days: 5 }),
            ("E-2D", FollowUpReason::Overdue { days: 2 }),
            ("E-TODAY", FollowUpReason::DueSoon { days: 0 }),
            ("I-SOON3", FollowUpReason::DueSoon { days: 3 }), // 1× its average: before E-SOON3's 0.8×
            ("E-SOON3", FollowUpReason::DueSoon { days: 3 }),
        ]
    );
    assert_eq!((list.overdue_count, list.due_soon_count), (4, 3));
    let first = &list.items[0];
    assert_eq!(
        (first.client.as_str(), first.currency.as_str(), first.amount_due),
        ("PT Sinar Jaya", "IDR", 300_000_000)
    );
    assert_eq!(first.amount_due_display, "IDR 3,000,000");
    assert_eq!(serde_json::to_value(first.reason).unwrap(), serde_json::json!({"kind": "overdue", "days": 30}));

    let list = f.duly.today_list(TodayQuery { as_of: None, limit: Some(5) }).unwrap();
    let numbers: Vec<_> = list.items.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["I-30D", "E-10D", "I-5D", "E-2D", "E-TODAY"]);
    assert_eq!((list.overdue_count, list.due_soon_count), (4, 3), "counts are of everything, not of the page");
    let list = f.duly.today_list(TodayQuery { as_of: None, limit: Some(2) }).unwrap();
    assert_eq!(list.items.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["I-30D", "E-10D"]);

    let err = f.duly.today_list(TodayQuery { as_of: None, limit: Some(0) }).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("limit:"), "{}", err.message);
}
