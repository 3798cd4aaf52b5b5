//! The ladder's "+14, other contacts" step against a real SQLite file and a real SMTP server on
//! 127.0.0.1: once the billing contact was written to and stayed silent, the draft goes to the
//! project contact and names them, with the billing contact in copy; a client with nobody else
//! gets the message as before.

use crate::support;

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta, Utc};
use duly_api::*;
use mail_parser::{Address, HeaderValue};
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

fn person(name: &str, role: ContactRole, email: &str) -> Contact {
    Contact {
        id: None,
        name: name.into(),
        role,
        email: email.into(),
        phone: String::new(),
        language: None,
        timezone: String::new(),
    }
}

/// A Romanian studio; F-1 (due 2026-10-31) to Atelier Nord, whose contacts are Ioana (billing)
/// and Radu (project); F-2 (same dates) to Studio Sud, whose only contact is Elena (billing).
fn fixture(smtp: std::net::SocketAddr) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let f = Fixture { path: dir.path().join("duly.sqlite3"), _dir: dir };
    let mut duly = f.on("2026-10-01");
    duly.mail_settings_save(studio::mail_settings(smtp)).unwrap();
    duly.business_save(studio::business()).unwrap();
    let clients = [
        (
            "Atelier Nord SRL",
            vec![
                person("Ioana Popescu", ContactRole::Billing, "ioana@atelier-nord.example"),
                person("Radu Ionescu", ContactRole::Project, "radu@atelier-nord.example"),
            ],
            "F-1",
        ),
        ("Studio Sud SRL", vec![person("Elena Marin", ContactRole::Billing, "elena@studio-sud.example")], "F-2"),
    ];
    for (name, contacts, number) in clients {
        let client = duly
            .client_save(ClientInput {
                id: None,
                name: name.into(),
                address: String::new(),
                tax_id: String::new(),
                language: Language::Ro,
                currency: "RON".into(),
                notes: String::new(),
                country: String::new(),
                timezone: String::new(),
                contacts,
            })
            .unwrap();
        duly.invoice_save(InvoiceInput {
            id: None,
            client_id: client.id,
            number: Some(number.into()),
            issue_date: "2026-10-01".into(),
            due_date: Some("2026-10-31".into()),
            currency: None,
            tax_rate: "19".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Design".into(), quantity: "10".into(), unit_price: "100".into() }],
            send: true,
        })
        .unwrap();
    }
    f
}

/// The +7 reminder and the call skipped: the ladder, which takes steps in order, stands at +14.
fn skip_to_escalation(duly: &mut Duly, number: &str) {
    for step in ["overdue_7", "call"] {
        duly.followup_skip(FollowupStepInput { number: number.into(), step: step.into(), until: None }).unwrap();
    }
}

fn remind(duly: &mut Duly, number: &str, draft_only: bool) -> RemindResult {
    duly.remind(RemindInput { number: number.into(), draft_only, ..RemindInput::default() }).unwrap()
}

fn addresses(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Address(Address::List(list)) => {
            list.iter().filter_map(|a| a.address.as_deref().map(str::to_owned)).collect()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn after_billing_stayed_silent_the_plus_14_draft_goes_to_the_project_contact_and_names_them() {
    let server = RealServer::start();
    let f = fixture(server.addr);
    // The +1 reminder goes to Ioana, the billing contact, and leaves the outbox.
    let mut day = f.on("2026-11-01");
    let first = remind(&mut day, "F-1", false);
    assert_eq!(
        (first.step.id.as_str(), first.draft.to.as_slice()),
        ("overdue_1", ["ioana@atelier-nord.example".to_owned()].as_slice())
    );
    assert!(first.draft.escalate_to.is_none() && first.draft.cc.is_empty());
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 1);
    // This handle holds the sender lock until it is dropped.
    drop(day);

    // +14: the next person is Radu, never contacted; the draft is to him, Ioana in copy.
    let mut day = f.on("2026-11-14");
    skip_to_escalation(&mut day, "F-1");
    let list = day.followup_actions(FollowupQuery::default()).unwrap();
    let item = list.items.iter().find(|a| a.number == "F-1").unwrap();
    assert!(matches!(&item.next, NextFollowup::Due { step, .. } if step.id == "escalate"), "{:?}", item.next);
    let draft = item.draft.as_ref().unwrap();
    let next = draft.escalate_to.as_ref().expect("a next person");
    assert_eq!(
        (next.name.as_str(), next.role, next.reason),
        ("Radu Ionescu", ContactRole::Project, NextPersonReason::NotContactedYet)
    );
    assert_eq!(draft.to, ["radu@atelier-nord.example"]);
    assert_eq!(draft.cc, ["ioana@atelier-nord.example"]);
    assert!(!draft.cc_other_contacts);
    assert!(draft.text.starts_with("Bună ziua, Radu Ionescu,\n"), "{}", draft.text);
    assert!(draft.text.contains("mesaje de reamintire către Ioana Popescu"), "{}", draft.text);

    // Sent: Radu gets it, Ioana in copy, and the log now shows both contacted.
    let sent = remind(&mut day, "F-1", false);
    assert_eq!(sent.step.id, "escalate");
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 2);
    let mail = mail_parser::MessageParser::default().parse(&received[1]).unwrap();
    assert_eq!(addresses(mail.header("To").unwrap()), ["radu@atelier-nord.example"]);
    assert_eq!(addresses(mail.header("Cc").unwrap()), ["ioana@atelier-nord.example"]);
    let mut envelope = server.envelopes()[1].clone();
    envelope.sort();
    assert_eq!(envelope, ["ioana@atelier-nord.example", "radu@atelier-nord.example"]);
    let log = day.invoice_contacts("F-1").unwrap();
    // (Both messages left today by the real clock, so only the set is certain.)
    let mut names: Vec<&str> = log.contacted.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Ioana Popescu", "Ioana Popescu", "Radu Ionescu"]);
}

#[test]
fn a_client_with_nobody_else_gets_the_plus_14_message_as_before() {
    let server = RealServer::start();
    let f = fixture(server.addr);
    let mut day = f.on("2026-11-01");
    remind(&mut day, "F-2", false);
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 1);
    let mut day = f.on("2026-11-14");
    skip_to_escalation(&mut day, "F-2");
    let draft = remind(&mut day, "F-2", true).draft;
    assert!(draft.escalate_to.is_none());
    assert_eq!(draft.to, ["elena@studio-sud.example"]);
    assert!(draft.cc.is_empty() && draft.cc_other_contacts);
    // The general greeting (others may be in copy), naming whom the reminders went to.
    assert!(draft.text.starts_with("Bună ziua,\n"), "{}", draft.text);
    assert!(draft.text.contains("către Elena Marin"), "{}", draft.text);
}

#[test]
fn a_next_person_without_a_name_is_greeted_generally() {
    let server = RealServer::start();
    let f = fixture(server.addr);
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    conn.execute("UPDATE contacts SET name = '' WHERE email = 'radu@atelier-nord.example'", []).unwrap();
    let mut day = f.on("2026-11-01");
    remind(&mut day, "F-1", false);
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 1);
    drop(day);
    let mut day = f.on("2026-11-14");
    skip_to_escalation(&mut day, "F-1");
    let draft = remind(&mut day, "F-1", true).draft;
    assert_eq!(draft.to, ["radu@atelier-nord.example"]);
    assert_eq!(draft.escalate_to.map(|p| p.name).as_deref(), Some("radu@atelier-nord.example"));
    assert!(draft.text.starts_with("Bună ziua,\n"), "{}", draft.text);
}
