//! Reminders per instalment, against a real SQLite file and a real SMTP server on 127.0.0.1: a
//! 3-instalment plan gets a friendly reminder before instalment 1, none once it is paid, one
//! before instalment 2; `remind` sends it through the outbox, and the history row names the
//! instalment. An instalment paid early gets no reminder.

use crate::support;

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta, Utc};
use duly_api::*;
use mail_parser::MimeHeaders;
use support::smtp::RealServer;
use support::studio;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

impl Fixture {
    fn on(&self, today: &str) -> Duly {
        Duly::open(&self.path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_today(d(today))
    }
}

/// A Romanian studio; invoice F-1 (1.190,00 lei, due 2026-10-31) to Atelier Nord, billing
/// contact Ioana; on the call of 2026-11-09 a plan of 3 instalments every 30 days from
/// 2026-11-20 (396,66 lei, 396,66 lei, 396,68 lei).
fn fixture(smtp: std::net::SocketAddr) -> (Fixture, i64) {
    let dir = tempfile::tempdir().unwrap();
    let f = Fixture { path: dir.path().join("duly.sqlite3"), _dir: dir };
    let mut duly = f.on("2026-11-09");
    duly.mail_settings_save(studio::mail_settings(smtp)).unwrap();
    duly.business_save(studio::business()).unwrap();
    let ioana = Contact {
        id: None,
        name: "Ioana Popescu".into(),
        role: ContactRole::Billing,
        email: "ioana@atelier-nord.example".into(),
        phone: String::new(),
        language: None,
        timezone: String::new(),
    };
    let client = duly
        .client_save(ClientInput {
            id: None,
            name: "Atelier Nord SRL".into(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::Ro,
            currency: "RON".into(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: vec![ioana],
        })
        .unwrap();
    duly.invoice_save(InvoiceInput {
        id: None,
        client_id: client.id,
        number: Some("F-1".into()),
        issue_date: "2026-10-01".into(),
        due_date: Some("2026-10-31".into()),
        currency: None,
        tax_rate: "19".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Design".into(), quantity: "10".into(), unit_price: "100".into() }],
        send: true,
    })
    .unwrap();
    let plan = duly
        .plan_create(PlanInput {
            invoice_number: "F-1".into(),
            instalments: 3,
            every_days: 30,
            first_date: Some("2026-11-20".into()),
        })
        .unwrap();
    let amounts: Vec<i64> = plan.instalments.iter().map(|i| i.amount).collect();
    assert_eq!(amounts, [39_666, 39_666, 39_668]);
    (f, plan.id)
}

fn next(duly: &Duly) -> NextFollowup {
    duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap()
}

fn pay(duly: &mut Duly, amount: &str, date: &str) {
    duly.payment_add(PaymentInput {
        invoice_number: "F-1".into(),
        amount: amount.into(),
        date: Some(date.into()),
        method: "transfer".into(),
        note: String::new(),
    })
    .unwrap();
}

/// The per-instalment rows of the history: (step, plan, instalment, outcome).
fn history(f: &Fixture) -> Vec<(String, Option<i64>, Option<i64>, String)> {
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    let mut stmt = conn.prepare("SELECT step_id, plan_id, instalment, outcome FROM followups ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn due_instalment(n: &NextFollowup) -> Option<(String, u32, NaiveDate)> {
    match n {
        NextFollowup::Due { step, why: DueWhy::Instalment { number, due_on }, .. } => {
            Some((step.id.clone(), *number, *due_on))
        }
        _ => None,
    }
}

#[test]
fn a_plan_is_reminded_before_each_instalment_not_after_it_is_paid_and_remind_sends_it() {
    let server = RealServer::start();
    let (f, plan_id) = fixture(server.addr);

    // Three days before the first instalment, not earlier.
    assert_eq!(
        next(&f.on("2026-11-16")),
        NextFollowup::PromisePending { pay_by: d("2026-11-20"), until: d("2026-11-21") }
    );
    let listed = f.on("2026-11-16").followup_actions(FollowupQuery::default()).unwrap();
    assert!(listed.items.iter().all(|a| a.number != "F-1"), "{listed:?}");
    let day = f.on("2026-11-17");
    assert_eq!(due_instalment(&next(&day)), Some(("instalment_due".into(), 1, d("2026-11-20"))));

    // Today's list carries the drafted reminder, in Romanian, naming the instalment.
    let list = day.followup_actions(FollowupQuery::default()).unwrap();
    let item = list.items.iter().find(|a| a.number == "F-1").expect("F-1 on the day's list");
    let draft = item.draft.as_ref().expect("a draft");
    assert_eq!(draft.subject, "Rata 1 din 3 pentru factura F-1 devine scadentă pe 20 noiembrie 2026");
    assert_eq!(draft.to, ["ioana@atelier-nord.example"]);
    for part in [
        "Bună ziua, Ioana Popescu,",
        "rata 1 din 3, în valoare de 396,66 lei, devine scadentă pe 20 noiembrie 2026",
        "- rata 2: 396,66 lei până la 20 decembrie 2026",
        "- rata 3: 396,68 lei până la 19 ianuarie 2027",
        "IBAN: RO60BTRL0130120234567890",
    ] {
        assert!(draft.text.contains(part), "lacks {part}:\n{}", draft.text);
    }

    // One click: queued, sent through the real server with the invoice PDF, recorded for instalment 1.
    let mut day = day;
    let sent = day.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap();
    assert_eq!((sent.step.id.as_str(), sent.was_due), ("instalment_due", true));
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(mail.subject(), Some("Rata 1 din 3 pentru factura F-1 devine scadentă pe 20 noiembrie 2026"));
    assert!(mail.body_text(0).unwrap().contains("- rata 3: 396,68 lei până la 19 ianuarie 2027"));
    assert_eq!(mail.attachments().next().and_then(|a| a.attachment_name()), Some("F-1.pdf"));
    assert_eq!(history(&f), [("instalment_due".to_owned(), Some(plan_id), Some(1), "done".to_owned())]);

    // Done for instalment 1: the ladder waits again, and a second click sends nothing.
    assert!(matches!(next(&f.on("2026-11-18")), NextFollowup::PromisePending { .. }));
    let again = f.on("2026-11-18").remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap_err();
    assert!(again.message.contains("promised to pay by 2026-11-20"), "{}", again.message);

    // This handle holds the sender lock until it is dropped.
    drop(day);

    // Paid on time: no more reminders about it; the next comes three days before instalment 2.
    pay(&mut f.on("2026-11-19"), "396.66", "2026-11-19");
    for day in ["2026-11-20", "2026-11-25", "2026-12-16"] {
        assert!(matches!(next(&f.on(day)), NextFollowup::PromisePending { .. }), "{day}: {:?}", next(&f.on(day)));
    }
    let mut day = f.on("2026-12-17");
    assert_eq!(due_instalment(&next(&day)), Some(("instalment_due".into(), 2, d("2026-12-20"))));
    let sent = day.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap();
    assert!(sent.draft.text.contains("rata 2 din 3"), "{}", sent.draft.text);
    assert!(!sent.draft.text.contains("- rata 2:"), "the rest of the plan starts after it:\n{}", sent.draft.text);
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 1);
    assert_eq!(server.received().len(), 2);
    assert_eq!(
        history(&f),
        [
            ("instalment_due".to_owned(), Some(plan_id), Some(1), "done".to_owned()),
            ("instalment_due".to_owned(), Some(plan_id), Some(2), "done".to_owned()),
        ]
    );
}

#[test]
fn an_instalment_paid_early_gets_no_reminder_and_skipping_counts_for_one_instalment() {
    let server = RealServer::start();
    let (f, plan_id) = fixture(server.addr);
    // Instalment 1 paid before its reminder's day: nothing before instalment 2.
    pay(&mut f.on("2026-11-12"), "396.66", "2026-11-12");
    assert!(
        matches!(next(&f.on("2026-11-17")), NextFollowup::PromisePending { pay_by, .. } if pay_by == d("2026-12-20"))
    );
    // Instalment 2's reminder skipped: instalment 3's still comes.
    let mut day = f.on("2026-12-17");
    assert_eq!(due_instalment(&next(&day)), Some(("instalment_due".into(), 2, d("2026-12-20"))));
    day.followup_skip(FollowupStepInput { number: "F-1".into(), step: "instalment_due".into(), until: None }).unwrap();
    assert!(matches!(next(&f.on("2026-12-18")), NextFollowup::PromisePending { .. }));
    pay(&mut f.on("2026-12-19"), "396.66", "2026-12-19");
    assert_eq!(due_instalment(&next(&f.on("2027-01-16"))), Some(("instalment_due".into(), 3, d("2027-01-19"))));
    assert_eq!(history(&f), [("instalment_due".to_owned(), Some(plan_id), Some(2), "skipped".to_owned())]);
    assert!(server.received().is_empty(), "nothing was sent");
}

#[test]
fn a_missed_instalment_is_still_a_broken_promise() {
    let server = RealServer::start();
    let (f, _) = fixture(server.addr);
    // Nothing paid by the first instalment's grace day: the ladder escalates, not reminds. The
    // schedule had reached its +21 service pause (2026-11-21), which is due, with credit hold
    // proposed for the broken promise.
    match next(&f.on("2026-11-22")) {
        NextFollowup::Due { step, propose_credit_hold, .. } => {
            assert_eq!(step.id, "service_pause");
            assert!(propose_credit_hold);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        f.on("2026-11-22").invoice_promise_standing("F-1", None).unwrap(),
        PromiseStanding::Broken { instalment: Some(1), .. }
    ));
    // With no instalment being paid, the Settings preview of the instalment reminder says why
    // instead of writing "instalment 0 of 0".
    let err = f
        .on("2026-11-22")
        .template_preview(TemplatePreviewInput {
            number: "F-1".into(),
            step: "instalment_due".into(),
            language: Language::Ro,
            subject: "Rata {{ instalment_number }}".into(),
            body: "{{ instalment_amount }}".into(),
        })
        .unwrap_err();
    assert!(err.message.contains("no instalment plan being paid"), "{}", err.message);
}
