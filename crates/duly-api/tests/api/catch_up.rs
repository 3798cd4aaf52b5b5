//! An imported backlog starts gently: 60 invoices imported 30 to 150 days late get only the
//! polite reminder first, and walking the days forward brings each through every step of the
//! ladder in order, never two within the catch-up gap. A real SQLite file, the date pinned on
//! every handle, reminders queued through `remind` (the call recorded as done outside Duly).

use crate::support;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use duly_api::*;
use support::smtp::RealServer;
use support::studio;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const START: &str = "2026-12-01";
const COUNT: u64 = 60;

/// 60 invoices to one client, due 30 to 150 days before `START` (every other day), none with
/// any history in Duly.
fn backlog(dir: &std::path::Path, smtp: std::net::SocketAddr) -> std::path::PathBuf {
    let path = dir.join("duly.sqlite3");
    let mut duly = Duly::open(&path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_today(d(START));
    duly.mail_settings_save(studio::mail_settings(smtp)).unwrap();
    duly.business_save(studio::business()).unwrap();
    let client = duly
        .client_save(ClientInput {
            id: None,
            name: "Atelier Nord SRL".into(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::En,
            currency: "RON".into(),
            notes: String::new(),
            country: String::new(),
            timezone: String::new(),
            contacts: vec![Contact {
                id: None,
                name: "Ioana Popescu".into(),
                role: ContactRole::Billing,
                email: "ioana@atelier-nord.example".into(),
                phone: String::new(),
                language: None,
                timezone: String::new(),
            }],
        })
        .unwrap();
    for n in 0..COUNT {
        let due = d(START) - Days::new(30 + n * 2);
        duly.invoice_save(InvoiceInput {
            id: None,
            client_id: client.id,
            number: Some(format!("B-{n:02}")),
            issue_date: (due - Days::new(30)).to_string(),
            due_date: Some(due.to_string()),
            currency: None,
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: "100".into() }],
            send: true,
        })
        .unwrap();
    }
    path
}

fn on(path: &std::path::Path, day: NaiveDate) -> Duly {
    Duly::open(path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_today(day)
}

#[test]
fn an_imported_backlog_is_proposed_only_polite_reminders_then_catches_up_in_order_a_gap_apart() {
    let server = RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let path = backlog(dir.path(), server.addr);

    let first = on(&path, d(START)).followup_actions(FollowupQuery { as_of: None, limit: Some(1_000) }).unwrap();
    assert_eq!(first.items.len(), usize::try_from(COUNT).unwrap(), "every invoice has a step due");
    for item in &first.items {
        let NextFollowup::Due { step, catch_up, .. } = &item.next else { panic!("{}: {:?}", item.number, item.next) };
        assert_eq!((step.id.as_str(), step.tone.as_str()), ("overdue_1", "polite"), "{}", item.number);
        let c = catch_up.expect("an imported backlog is catching up");
        assert_eq!((c.step, c.of, c.gap_days), (1, 6, 7), "{}", item.number);
        assert!(item.draft.as_ref().unwrap().subject.contains(&item.number));
    }

    let mut done: BTreeMap<String, Vec<(NaiveDate, String)>> = BTreeMap::new();
    for n in 0..=50 {
        let day = d(START) + Days::new(n);
        let mut duly = on(&path, day);
        let list = duly.followup_actions(FollowupQuery { as_of: None, limit: Some(1_000) }).unwrap();
        for item in list.items {
            let NextFollowup::Due { step, .. } = &item.next else { panic!("{}: {:?}", item.number, item.next) };
            if step.channel == StepChannel::Phone {
                duly.followup_sent_outside(SentOutsideInput { number: item.number.clone(), on: day.to_string() })
                    .unwrap();
            } else {
                let sent = duly.remind(RemindInput { number: item.number.clone(), ..RemindInput::default() }).unwrap();
                assert_eq!(sent.step.id, step.id);
            }
            done.entry(item.number).or_default().push((day, step.id.clone()));
        }
    }
    let order = ["overdue_1", "overdue_7", "call", "escalate", "service_pause", "final_demand"];
    assert_eq!(done.len(), usize::try_from(COUNT).unwrap());
    for (number, steps) in &done {
        let ids: Vec<&str> = steps.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(ids, order, "{number}: every step, in order");
        for w in steps.windows(2) {
            assert!((w[1].0 - w[0].0).num_days() >= 7, "{number}: {w:?} closer than the gap");
        }
        assert_eq!(steps[0].0, d(START), "{number}: the polite reminder the first day");
    }
    // All done: nothing is due any more, and the timeline holds the messages.
    let after =
        on(&path, d(START) + Days::new(60)).followup_actions(FollowupQuery { as_of: None, limit: None }).unwrap();
    assert!(after.items.is_empty(), "{:?}", after.items.iter().map(|i| &i.number).collect::<Vec<_>>());
}

#[test]
fn a_reminder_sent_outside_duly_moves_the_ladder_on_and_the_gap_is_a_setting() {
    let server = RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let path = backlog(dir.path(), server.addr);
    let mut duly = on(&path, d(START));

    // The gap: 7 by default, business-wide, 1 to 90 days.
    let ladder = duly.ladder_get(LadderScope { client_id: None }).unwrap();
    assert_eq!(ladder.catch_up_gap_days, 7);
    let steps: Vec<LadderStepInput> = ladder
        .steps
        .iter()
        .map(|s| LadderStepInput {
            id: s.id.clone(),
            anchor: s.anchor.to_string(),
            offset_days: s.offset_days,
            channel: s.channel.to_string(),
            tone: s.tone.to_string(),
            purpose: s.purpose.to_string(),
            template: Some(s.template.clone()),
        })
        .collect();
    let err = duly
        .ladder_save(LadderSaveInput { client_id: None, steps: steps.clone(), catch_up_gap_days: Some(0) })
        .unwrap_err();
    assert!(err.message.starts_with("catch_up_gap_days:"), "{}", err.message);
    let saved = duly.ladder_save(LadderSaveInput { client_id: None, steps, catch_up_gap_days: Some(10) }).unwrap();
    assert_eq!(saved.catch_up_gap_days, 10);

    // "I already sent a reminder on 25 November": the polite step is done that day, on the
    // timeline, and the next one comes 10 days after it.
    let r = duly.followup_sent_outside(SentOutsideInput { number: "B-00".into(), on: "2026-11-25".into() }).unwrap();
    assert_eq!((r.step.as_str(), r.on), ("overdue_1", d("2026-11-25")));
    let detail = duly.invoice_get("B-00").unwrap();
    assert!(
        detail.timeline.iter().any(|e| e.kind == TimelineKind::ReminderOutside && e.detail.contains("2026-11-25")),
        "{:?}",
        detail.timeline
    );
    match duly.followup_next(InvoiceNumber { number: "B-00".into(), as_of: None }).unwrap() {
        NextFollowup::Upcoming { step, on, catch_up, .. } => {
            assert_eq!((step.id.as_str(), on), ("overdue_7", d("2026-12-05")));
            let c = catch_up.unwrap();
            assert_eq!((c.step, c.of, c.next_on), (2, 6, Some(d("2026-12-05"))));
        }
        other => panic!("{other:?}"),
    }
    // Inside the gap nothing is sent early, and the draft of the next step no longer pretends
    // there was no reminder before.
    let err = duly.remind(RemindInput { number: "B-00".into(), ..RemindInput::default() }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict, "{}", err.message);
    assert!(err.message.contains("catching up"), "{}", err.message);
    let draft = on(&path, d("2026-12-05"))
        .remind(RemindInput { number: "B-00".into(), draft_only: true, ..RemindInput::default() })
        .unwrap();
    assert!(draft.draft.text.contains("I have not had a reply to my previous message"), "{}", draft.draft.text);
    // The first reminder of another invoice claims nothing of the kind.
    let first = duly.remind(RemindInput { number: "B-01".into(), draft_only: true, ..RemindInput::default() }).unwrap();
    assert!(!first.draft.text.contains("previous"), "{}", first.draft.text);

    // Refused: a day in the future, or before the invoice.
    let err =
        duly.followup_sent_outside(SentOutsideInput { number: "B-01".into(), on: "2026-12-02".into() }).unwrap_err();
    assert!(err.message.starts_with("on: 2026-12-02 is after today"), "{}", err.message);
    let err =
        duly.followup_sent_outside(SentOutsideInput { number: "B-01".into(), on: "2020-01-01".into() }).unwrap_err();
    assert!(err.message.starts_with("on: 2020-01-01 is before invoice B-01 was issued"), "{}", err.message);
}
