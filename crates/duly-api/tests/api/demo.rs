//! Demo data can never reach a real inbox: every demo address is on a reserved domain, the
//! database says it holds demo data, and the outbox refuses to queue or to send anything for a
//! demo client (checked against a real SMTP server on 127.0.0.1 that must receive nothing).

use crate::support;

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta, Utc};
use duly_api::*;
use support::smtp::RealServer;
use support::studio;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Names reserved for documentation and tests (RFC 2606, RFC 6761): nobody can own them.
fn reserved(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    ["example", "test", "invalid", "localhost"].iter().any(|tld| domain.ends_with(&format!(".{tld}")))
        || ["example.com", "example.net", "example.org"]
            .iter()
            .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
}

fn open(dir: &tempfile::TempDir, today: &str) -> Duly {
    Duly::open(&dir.path().join("duly.sqlite3"))
        .unwrap()
        .with_secrets(Arc::new(MemoryStore::new()))
        .with_now(d(today).and_hms_opt(9, 30, 0).unwrap().and_utc())
        .with_today(d(today))
        // The user's own zone (the last fallback for a client with none) is pinned as well, so
        // the machine's time zone cannot move 09:30 UTC out of business hours.
        .with_home_zone(Some("Europe/Bucharest"))
}

#[test]
fn every_demo_address_is_on_a_reserved_domain() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2026-11-23");
    duly.demo_load(DemoInput { invoices: 2_000, clients: 3_000, seed: Some(7), as_of: Some("2026-11-23".into()) })
        .unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("duly.sqlite3")).unwrap();
    let mut stmt = conn.prepare("SELECT email FROM contacts UNION ALL SELECT email FROM business").unwrap();
    let emails: Vec<String> =
        stmt.query_map([], |r| r.get::<_, Option<String>>(0)).unwrap().filter_map(|e| e.unwrap()).collect();
    assert!(emails.len() > 3_000, "{}", emails.len());
    for email in &emails {
        let (_, domain) = email.rsplit_once('@').unwrap_or_else(|| panic!("not an address: {email}"));
        assert!(reserved(domain), "{email} is not on a reserved domain");
    }
    let not_demo: i64 = conn.query_row("SELECT count(*) FROM clients WHERE demo = 0", [], |r| r.get(0)).unwrap();
    assert_eq!(not_demo, 0, "every demo client is marked as demo data");
}

#[test]
fn app_info_says_when_the_database_holds_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2026-11-23");
    assert!(!duly.app_info().unwrap().demo_data);
    duly.demo_load(DemoInput { invoices: 20, clients: 5, seed: Some(1), as_of: Some("2026-11-23".into()) }).unwrap();
    assert!(duly.app_info().unwrap().demo_data);
}

#[test]
fn demo_clients_are_never_emailed() {
    let server = RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2026-11-23");
    duly.demo_load(DemoInput { invoices: 200, clients: 10, seed: Some(3), as_of: Some("2026-11-23".into()) }).unwrap();
    duly.mail_settings_save(studio::mail_settings(server.addr)).unwrap();

    // The one-click reminder from Today is refused, naming the client, and queues nothing.
    let today = duly.followup_actions(FollowupQuery::default()).unwrap();
    let action = today.items.iter().find(|a| a.draft.is_some()).expect("a demo invoice with a reminder due");
    let err = duly
        .remind(RemindInput { number: action.number.clone(), draft_only: false, ..RemindInput::default() })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput, "{err:?}");
    assert_eq!(err.message, format!("{} is demo data: Duly never emails demo clients", action.client));

    // So is any message about a demo invoice queued by hand.
    let err = duly
        .outbox_enqueue(OutboxEnqueueInput {
            invoice_id: Some(action.invoice_id),
            to: vec!["someone@example.com".into()],
            subject: "Hello".into(),
            text_body: "Hi".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.message.contains("is demo data: Duly never emails demo clients"), "{err:?}");
    assert!(duly.outbox_list(OutboxQuery::default()).unwrap().is_empty());

    // A message already queued for a client that is demo data (queued before it was marked, or
    // written into the file) fails at the sender instead of reaching the server.
    let conn = rusqlite::Connection::open(dir.path().join("duly.sqlite3")).unwrap();
    conn.execute("UPDATE clients SET demo = 0 WHERE id = ?1", [action.client_id]).unwrap();
    duly.remind(RemindInput { number: action.number.clone(), draft_only: false, ..RemindInput::default() }).unwrap();
    conn.execute("UPDATE clients SET demo = 1 WHERE id = ?1", [action.client_id]).unwrap();
    // Monday 23 November, 09:30 UTC: inside business hours from Jakarta (16:30) to here.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00Z").unwrap().with_timezone(&Utc);
    let report = duly.outbox_run(now + TimeDelta::seconds(60)).unwrap();
    assert_eq!((report.sent, report.failed), (0, 1), "{report:?}");
    let listed = duly.outbox_list(OutboxQuery::default()).unwrap();
    assert!(format!("{listed:?}").contains("is demo data: Duly never emails demo clients"), "{listed:?}");
    assert!(server.received().is_empty(), "nothing reached the SMTP server");
}

#[test]
fn a_demo_clients_reminder_is_a_draft_that_cannot_be_sent() {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = open(&dir, "2026-11-23");
    duly.demo_load(DemoInput { invoices: 200, clients: 10, seed: Some(3), as_of: Some("2026-11-23".into()) }).unwrap();

    // Today's drafts (and `duly followups`) say the step is demo data, and still draft it.
    let today = duly.today_list(TodayQuery { as_of: None, limit: Some(1_000) }).unwrap();
    assert!(!today.actions.items.is_empty());
    let mut drafted = None;
    for a in &today.actions.items {
        match &a.next {
            NextFollowup::Due { demo, .. } => {
                assert!(*demo, "{a:?}");
                if a.draft.is_some() {
                    drafted = Some(a.clone());
                }
            }
            NextFollowup::NoContactAddress { .. } => {}
            other => panic!("unexpected action {other:?}"),
        }
    }
    let action = drafted.expect("a demo invoice with a drafted reminder");

    // The invoice page's button reads the same answer.
    let next = duly.followup_next(InvoiceNumber { number: action.number.clone(), as_of: None }).unwrap();
    assert!(matches!(next, NextFollowup::Due { demo: true, .. }), "{next:?}");
    let draft =
        duly.remind(RemindInput { number: action.number.clone(), draft_only: true, ..RemindInput::default() }).unwrap();
    assert!(draft.outbox.is_none() && !draft.draft.subject.is_empty());
    let err = duly.remind(RemindInput { number: action.number.clone(), ..RemindInput::default() }).unwrap_err();
    assert_eq!(err.message, format!("{} is demo data: Duly never emails demo clients", action.client));

    // A client that is not demo data is chased as before.
    let conn = rusqlite::Connection::open(dir.path().join("duly.sqlite3")).unwrap();
    conn.execute("UPDATE clients SET demo = 0 WHERE id = ?1", [action.client_id]).unwrap();
    let next = duly.followup_next(InvoiceNumber { number: action.number.clone(), as_of: None }).unwrap();
    assert!(matches!(next, NextFollowup::Due { demo: false, .. }), "{next:?}");
    let listed = duly.followup_actions(FollowupQuery { as_of: None, limit: Some(1_000) }).unwrap();
    let again = listed.items.iter().find(|a| a.number == action.number).expect("still due");
    assert!(matches!(again.next, NextFollowup::Due { demo: false, .. }), "{again:?}");
}
