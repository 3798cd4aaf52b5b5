//! Calls, promises to pay and instalment plans against a real SQLite file: a call with a promise
//! takes the invoice off the Today list ("paused until …") in one transaction with its timeline
//! entry; a promise kept, broken, or overtaken by a full payment; a plan with a missed instalment;
//! bad input that changes nothing; and the summary email queued through the outbox.

use crate::support;

use std::sync::Arc;

use duly_api::*;
use rusqlite::Connection;
use support::overdue::{self, NUMBER, OverdueInvoice, contact, date};

/// The contact the calls below reach: the project contact, who has a phone but no email.
const MIHAI: &str = "Mihai Ene";

/// A Romanian client (two contacts) with one invoice of 1,000.00 RON due 2026-11-01; today is
/// 2026-11-09, the ladder's call day (+8).
fn fixture() -> overdue::Fixture {
    OverdueInvoice::new("Ștefănescu SRL")
        .contacts(vec![
            contact("Ioana Pop", ContactRole::Billing, "plati@stefanescu.ro", "+40 721 000 111"),
            contact(MIHAI, ContactRole::Project, "", "+40 722 000 222"),
        ])
        .build()
}

fn promise_call(contact_id: i64, pay_by: &str, amount: Option<&str>) -> CallInput {
    CallInput {
        invoice_number: Some(NUMBER.into()),
        contact_id: Some(contact_id),
        called_time: Some("10:15".into()),
        duration: Some("4:30".into()),
        outcome: Some(CallOutcome::Promised),
        promise_date: Some(pay_by.into()),
        promise_amount: amount.map(str::to_owned),
        notes: Some("Waiting for the director's signature <b>Friday</b>".into()),
        next_follow_up: Some("2026-11-17".into()),
        ..CallInput::default()
    }
}

fn today(duly: &Duly, as_of: &str) -> TodayList {
    duly.today_list(TodayQuery { as_of: Some(as_of.into()), limit: None }).unwrap()
}

fn listed(list: &[FollowUp]) -> Vec<&str> {
    list.iter().map(|f| f.number.as_str()).collect()
}

fn pay(duly: &mut Duly, amount: &str, on: &str) {
    duly.payment_add(PaymentInput {
        invoice_number: NUMBER.into(),
        amount: amount.into(),
        date: Some(on.into()),
        method: "bank".into(),
        note: String::new(),
    })
    .unwrap();
}

fn count(path: &std::path::Path, table: &str) -> i64 {
    Connection::open(path).unwrap().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn a_promise_moves_the_invoice_from_today_to_paused_until_the_grace_day() {
    let mut f = fixture();
    assert_eq!(listed(&today(&f.duly, "2026-11-09").items), [NUMBER]);

    let call = f.duly.call_log(promise_call(f.contact_id(MIHAI), "2026-11-20", None)).unwrap();
    assert_eq!(call.outcome, CallOutcome::Promised);
    assert_eq!(
        (call.contact_name.as_str(), call.phone.as_str()),
        ("Mihai Ene", "+40 722 000 222"),
        "taken from the contact"
    );
    assert_eq!(call.duration_seconds, Some(270));
    assert_eq!(call.client_id, f.client.id);
    let promise = call.promise.as_ref().unwrap();
    assert_eq!(
        (promise.pay_by, promise.amount),
        (date("2026-11-20"), 100_000),
        "everything due when no amount is given"
    );
    assert!(call.summary_offered);

    let list = today(&f.duly, "2026-11-09");
    assert!(list.items.is_empty(), "{:?}", list.items);
    assert_eq!(listed(&list.paused), [NUMBER]);
    let paused = PromiseStanding::Paused {
        until: date("2026-11-21"),
        pay_by: date("2026-11-20"),
        amount: 100_000,
        amount_display: list.paused[0].amount_due_display.clone(),
        instalment: None,
    };
    assert_eq!(list.paused[0].promise, paused);
    assert_eq!(list.overdue_count, 0);
    assert_eq!(f.duly.invoice_get(NUMBER).unwrap().promise, paused);
    // Still paused on the grace day, back on the list the day after.
    assert_eq!(listed(&today(&f.duly, "2026-11-21").paused), [NUMBER]);

    // The timeline says what happened, as data (the notes are text, never markup).
    let detail = f.duly.invoice_get(NUMBER).unwrap();
    let entry = detail.timeline.iter().find(|e| e.kind == "call_promised").unwrap();
    assert_eq!(
        entry.detail,
        "Mihai Ene, +40 722 000 222 · 4:30 · 1000.00 RON → 2026-11-20 · Waiting for the director's signature <b>Friday</b>"
    );

    // Independently, in the file: one call, one promise pointing at it.
    let conn = Connection::open(&f.path).unwrap();
    let (outcome, call_id, next): (String, i64, String) = conn
        .query_row(
            "SELECT c.outcome, p.call_id, c.next_follow_up FROM calls c JOIN promises p ON p.call_id = c.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((outcome.as_str(), call_id, next.as_str()), ("promised", call.id, "2026-11-17"));
}

#[test]
fn a_broken_promise_returns_to_today_flagged() {
    let mut f = fixture();
    f.duly.call_log(promise_call(f.contact_id(MIHAI), "2026-11-20", Some("600"))).unwrap();
    // 200 of the promised 600 arrived: not enough.
    pay(&mut f.duly, "200", "2026-11-18");
    let later = f.on("2026-11-22");
    let list = today(&later, "2026-11-22");
    assert_eq!(listed(&list.items), [NUMBER]);
    assert!(list.paused.is_empty());
    let broken = PromiseStanding::Broken {
        since: date("2026-11-22"),
        pay_by: date("2026-11-20"),
        amount: 60_000,
        amount_display: "RON 600.00".into(),
        paid: 20_000,
        paid_display: "RON 200.00".into(),
        instalment: None,
    };
    assert_eq!(list.items[0].promise, broken);
    assert_eq!(later.invoice_promise_standing(NUMBER, None).unwrap(), broken);
    assert_eq!(later.invoice_get(NUMBER).unwrap().promise, broken);
}

#[test]
fn a_promise_kept_for_part_of_the_invoice_lets_the_rest_be_chased() {
    let mut f = fixture();
    f.duly.call_log(promise_call(f.contact_id(MIHAI), "2026-11-20", Some("400"))).unwrap();
    pay(&mut f.duly, "400", "2026-11-21");
    let later = f.on("2026-11-23");
    let list = today(&later, "2026-11-23");
    assert_eq!(listed(&list.items), [NUMBER]);
    assert_eq!(list.items[0].promise, PromiseStanding::Kept { on: date("2026-11-21") }, "paid on the grace day");
    assert_eq!(list.items[0].amount_due, 60_000);
    let promise =
        ladder_promise(&Connection::open(&f.path).unwrap(), list.items[0].id, date("2026-11-23")).unwrap().unwrap();
    assert_eq!((promise.pay_by, promise.amount), (date("2026-11-20"), 40_000));
}

#[test]
fn an_invoice_paid_during_the_pause_leaves_every_list() {
    let mut f = fixture();
    f.duly.call_log(promise_call(f.contact_id(MIHAI), "2026-11-20", None)).unwrap();
    pay(&mut f.duly, "1000", "2026-11-12");
    let list = today(&f.on("2026-11-12"), "2026-11-12");
    assert!(list.items.is_empty() && list.paused.is_empty(), "{list:?}");
    assert_eq!(f.on("2026-11-30").invoice_get(NUMBER).unwrap().promise, PromiseStanding::None);
}

#[test]
fn a_plan_with_a_missed_instalment_is_a_broken_promise() {
    let mut f = fixture();
    let plan = f
        .duly
        .plan_create(PlanInput {
            invoice_number: NUMBER.into(),
            instalments: 3,
            every_days: 30,
            first_date: Some("2026-11-15".into()),
        })
        .unwrap();
    let amounts: Vec<i64> = plan.instalments.iter().map(|i| i.amount).collect();
    assert_eq!(amounts, [33_333, 33_333, 33_334], "the remainder on the last");
    assert_eq!(plan.final_deadline, date("2027-01-14"));
    assert!(f.duly.invoice_get(NUMBER).unwrap().timeline.iter().any(|e| e.kind == "plan"));

    pay(&mut f.duly, "333.33", "2026-11-15");
    let december = f.on("2026-12-05");
    let list = today(&december, "2026-12-05");
    assert_eq!(listed(&list.paused), [NUMBER], "on track: paused until the next instalment");
    assert!(matches!(
        list.paused[0].promise,
        PromiseStanding::Paused { until, instalment: Some(2), amount: 33_333, .. } if until == date("2026-12-16")
    ));
    let on_plan = december.plan_get(NUMBER).unwrap().unwrap();
    let states: Vec<InstalmentState> = on_plan.instalments.iter().map(|i| i.state).collect();
    assert_eq!(states, [InstalmentState::Paid, InstalmentState::Open, InstalmentState::Open]);

    let missed = f.on("2026-12-17");
    let list = today(&missed, "2026-12-17");
    assert_eq!(listed(&list.items), [NUMBER]);
    assert!(matches!(
        list.items[0].promise,
        PromiseStanding::Broken { since, instalment: Some(2), paid: 0, .. } if since == date("2026-12-17")
    ));
    assert_eq!(missed.plan_get(NUMBER).unwrap().unwrap().instalments[1].state, InstalmentState::Missed);
}

#[test]
fn bad_input_names_the_field_and_changes_nothing() {
    let mut f = fixture();
    let events_before = f.duly.invoice_get(NUMBER).unwrap().timeline.len();
    let cases: Vec<(CallInput, &str)> = vec![
        (CallInput { promise_date: None, ..promise_call(f.contact_id(MIHAI), "x", None) }, "promise_date is required"),
        (promise_call(f.contact_id(MIHAI), "20.11.2026", None), "promise_date: \"20.11.2026\" is not a date"),
        (promise_call(f.contact_id(MIHAI), "2026-11-01", None), "promise_date: 2026-11-01 is before the call"),
        (
            promise_call(f.contact_id(MIHAI), "2026-11-20", Some("1000.01")),
            "promise_amount: more than the RON 1,000.00 still due",
        ),
        (promise_call(f.contact_id(MIHAI), "2026-11-20", Some("12,50")), "promise_amount:"),
        (
            CallInput { duration: Some("ages".into()), ..promise_call(f.contact_id(MIHAI), "2026-11-20", None) },
            "duration:",
        ),
        (
            CallInput { contact_id: Some(9999), ..promise_call(f.contact_id(MIHAI), "2026-11-20", None) },
            "contact_id: contact 9999",
        ),
        (CallInput { outcome: None, ..promise_call(f.contact_id(MIHAI), "2026-11-20", None) }, "outcome is required"),
        (
            CallInput { outcome: Some(CallOutcome::NoAnswer), ..promise_call(f.contact_id(MIHAI), "2026-11-20", None) },
            "promise_date: only a call with the outcome \"promised\"",
        ),
        (
            CallInput {
                invoice_number: None,
                client_id: Some(f.client.id),
                ..promise_call(f.contact_id(MIHAI), "2026-11-20", None)
            },
            "invoice_number: a promise to pay is about an invoice",
        ),
    ];
    for (input, expected) in cases {
        let err = f.duly.call_log(input).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{err:?}");
        assert!(err.message.contains(expected), "expected {expected:?} in {:?}", err.message);
    }
    let err = f
        .duly
        .plan_create(PlanInput { invoice_number: NUMBER.into(), instalments: 1, every_days: 30, first_date: None })
        .unwrap_err();
    assert!(err.message.starts_with("instalments:"), "{err:?}");
    assert_eq!((count(&f.path, "calls"), count(&f.path, "promises"), count(&f.path, "instalment_plans")), (0, 0, 0));
    assert_eq!(f.duly.invoice_get(NUMBER).unwrap().timeline.len(), events_before);
}

#[test]
fn calls_are_listed_by_invoice_client_and_day() {
    let mut f = fixture();
    f.duly
        .call_log(CallInput {
            client_id: Some(f.client.id),
            phone: Some("+40 733 000 333".into()),
            contact_name: Some("Reception".into()),
            called_on: Some("2026-11-05".into()),
            outcome: Some(CallOutcome::NoAnswer),
            ..CallInput::default()
        })
        .unwrap();
    f.duly.call_log(promise_call(f.contact_id(MIHAI), "2026-11-20", None)).unwrap();
    let all = f.duly.call_list(CallQuery::default()).unwrap();
    let outcomes: Vec<CallOutcome> = all.iter().map(|c| c.outcome).collect();
    assert_eq!(outcomes, [CallOutcome::Promised, CallOutcome::NoAnswer], "newest first");
    assert_eq!(all[1].invoice_number, None);
    assert!(!all[1].summary_offered);
    let for_invoice =
        f.duly.call_list(CallQuery { invoice_number: Some(NUMBER.into()), ..CallQuery::default() }).unwrap();
    assert_eq!(for_invoice.len(), 1);
    assert_eq!(for_invoice[0].invoice_number.as_deref(), Some(NUMBER));
    let on_day = f
        .duly
        .call_list(CallQuery { from: Some("2026-11-05".into()), to: Some("2026-11-05".into()), ..CallQuery::default() })
        .unwrap();
    assert_eq!(on_day.len(), 1);
    assert_eq!(f.duly.call_list(CallQuery { client_id: Some(f.client.id), ..CallQuery::default() }).unwrap().len(), 2);
}

#[test]
fn the_summary_confirms_the_agreement_in_the_clients_language_and_lands_on_the_timeline() {
    let mut f = fixture();
    let secrets = Arc::new(MemoryStore::new());
    let mut duly = Duly::open(&f.path).unwrap().with_today(date("2026-11-09")).with_secrets(secrets);
    let settings: MailSettingsInput = serde_json::from_value(serde_json::json!({
        "host": "127.0.0.1", "port": 2525, "security": "plain", "from_name": "Ana", "from_email": "ana@studio.example.ro"
    }))
    .unwrap();
    duly.mail_settings_save(settings).unwrap();
    let call = duly.call_log(promise_call(f.contact_id(MIHAI), "2026-11-20", Some("600"))).unwrap();
    let summary = duly.call_summary(CallId { id: call.id }).unwrap();
    assert_eq!(summary.language, Language::Ro);
    // Mihai has no email address: the billing contact gets it.
    assert_eq!(summary.to, ["plati@stefanescu.ro"]);
    // The built-in call_summary template of duly-messages, rendered in Romanian.
    assert_eq!(summary.subject, format!("Rezumatul convorbirii noastre din 9 noiembrie 2026: factura {NUMBER}"));
    assert!(summary.text_body.starts_with("Bună ziua, Mihai Ene,"), "{}", summary.text_body);
    assert!(
        summary.text_body.contains("Suma de 600,00 lei va fi achitată până la 20 noiembrie 2026."),
        "{}",
        summary.text_body
    );
    assert!(summary.html_body.contains("600,00 lei"), "an HTML part from the same text");

    let enqueue: OutboxEnqueueInput = serde_json::from_value(serde_json::json!({
        "invoice_id": summary.invoice_id, "kind": "call_summary", "to": summary.to,
        "subject": summary.subject, "text_body": summary.text_body, "html_body": summary.html_body,
    }))
    .unwrap();
    let item = duly.outbox_enqueue(enqueue).unwrap();
    assert_eq!(item.kind, "call_summary");
    let timeline = duly.invoice_get(NUMBER).unwrap().timeline;
    let kinds: Vec<&str> = timeline.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.ends_with(&["call_promised", "email_queued"]), "{kinds:?}");

    // A call where nothing was agreed has nothing to confirm.
    let none = f
        .duly
        .call_log(CallInput {
            invoice_number: Some(NUMBER.into()),
            outcome: Some(CallOutcome::Voicemail),
            ..CallInput::default()
        })
        .unwrap();
    let err = f.duly.call_summary(CallId { id: none.id }).unwrap_err();
    assert!(err.message.contains("nothing was agreed"), "{err:?}");
}

#[test]
fn an_agreed_plan_is_created_with_its_call_and_summarised_per_instalment() {
    let mut f = fixture();
    let call = f
        .duly
        .call_log(CallInput {
            invoice_number: Some(NUMBER.into()),
            outcome: Some(CallOutcome::AgreedPlan),
            plan: Some(PlanTerms { instalments: 2, every_days: 14, first_date: Some("2026-11-16".into()) }),
            ..CallInput::default()
        })
        .unwrap();
    assert!(call.plan_id.is_some());
    let summary = f.duly.call_summary(CallId { id: call.id }).unwrap();
    assert!(summary.text_body.starts_with("Bună ziua,\n"), "no contact named on the call: {}", summary.text_body);
    assert!(
        summary.text_body.contains("Restul de plată de 1.000,00 lei va fi achitat în rate:"),
        "{}",
        summary.text_body
    );
    assert!(
        summary.text_body.contains("- 500,00 lei până la 16 noiembrie 2026\n- 500,00 lei până la 30 noiembrie 2026"),
        "{}",
        summary.text_body
    );
}
