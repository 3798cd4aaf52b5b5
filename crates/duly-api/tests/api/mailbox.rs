//! The inbox applied to the ladder (`mailbox_apply`) on a real SQLite file, after reminders
//! really sent through an SMTP server on 127.0.0.1: a reply pauses the client until read and
//! cancels the reminder queued meanwhile, a bounce sends the next step to the next contact, an
//! out-of-office postpones the step to the return date, an unrelated message changes nothing,
//! and nothing is applied twice.

use crate::support;

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta, Utc};
use duly_api::*;
use support::smtp::RealServer;
use support::studio;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    _server: RealServer,
}

impl Fixture {
    fn on(&self, today: &str) -> Duly {
        Duly::open(&self.path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_today(d(today))
    }

    /// The Message-ID Duly gave the reminder for `step` of `number` (with its brackets).
    fn message_id(&self, number: &str, step: &str) -> String {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row(
            "SELECT o.message_id FROM outbox o JOIN invoices i ON i.id = o.invoice_id WHERE i.number = ?1 AND o.kind = ?2",
            [number, &format!("reminder:{step}")],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn timeline(&self, duly: &Duly, number: &str, kind: TimelineKind) -> Vec<String> {
        let inv = duly.invoice_get(number).unwrap();
        inv.timeline.into_iter().filter(|e| e.kind == kind).map(|e| e.detail).collect()
    }
}

fn next(number: &str) -> InvoiceNumber {
    InvoiceNumber { number: number.into(), as_of: None }
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

/// F-1 (due 2026-10-31) to Atelier Nord (Ioana billing, Radu project); F-2 to Studio Sud
/// (Elena). The +1 reminder of each was sent on 2026-11-01.
fn fixture() -> Fixture {
    let server = RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let f = Fixture { path: dir.path().join("duly.sqlite3"), _dir: dir, _server: server };
    let mut duly = f.on("2026-10-01");
    duly.mail_settings_save(studio::mail_settings(f._server.addr)).unwrap();
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
                language: Language::En,
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
    drop(duly);
    let mut day = f.on("2026-11-01");
    for number in ["F-1", "F-2"] {
        day.remind(RemindInput { number: number.into(), ..RemindInput::default() }).unwrap();
    }
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 2);
    f
}

fn reply_to(id: &str, from: &str, message_id: &str) -> Vec<u8> {
    format!(
        "From: Ioana Popescu <{from}>\r\nTo: studio@studio.example\r\nSubject: Re: Invoice F-1\r\n\
         Date: Thu, 3 Dec 2026 09:15:00 +0000\r\nMessage-ID: <{message_id}>\r\nIn-Reply-To: {id}\r\nReferences: {id}\r\n\r\n\
         We paid this on Friday, the receipt is attached.\r\n\r\nOn Sun, Studio wrote:\r\n> reminder\r\n"
    )
    .into_bytes()
}

fn bounce_of(id: &str, rcpt: &str) -> Vec<u8> {
    format!(
        "From: MAILER-DAEMON@mx.studio.example\r\nTo: studio@studio.example\r\nSubject: Undelivered Mail\r\n\
         Date: Mon, 2 Nov 2026 08:00:00 +0000\r\nMessage-ID: <bounce-1@mx.studio.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
         --B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n\r\n\
         --B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.studio.example\r\n\r\n\
         Final-Recipient: rfc822; {rcpt}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n\
         --B\r\nContent-Type: text/rfc822-headers\r\n\r\nTo: {rcpt}\r\nMessage-ID: {id}\r\n\r\n--B--\r\n"
    )
    .into_bytes()
}

fn out_of_office(id: &str) -> Vec<u8> {
    format!(
        "From: Elena Marin <elena@studio-sud.example>\r\nSubject: Out of office: Invoice F-2\r\n\
         Date: Mon, 2 Nov 2026 08:00:00 +0000\r\nMessage-ID: <ooo-1@studio-sud.example>\r\nIn-Reply-To: {id}\r\n\
         Auto-Submitted: auto-replied\r\n\r\nI am on leave and will be back on 20 November.\r\n"
    )
    .into_bytes()
}

const UNRELATED: &[u8] =
    b"From: news@shop.example\r\nSubject: Sale\r\nMessage-ID: <n1@shop.example>\r\n\r\nEverything 50% off\r\n";

#[test]
fn a_reply_pauses_the_client_until_read_and_cancels_the_reminder_queued_meanwhile() {
    let f = fixture();
    let first = f.message_id("F-1", "overdue_1");
    // The +7 reminder is queued (not yet sent) when the reply arrives.
    let mut day = f.on("2026-11-07");
    let queued = day.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap();
    assert_eq!(queued.step.id, "overdue_7");

    let report =
        day.mailbox_apply(&[reply_to(&first, "Ioana@atelier-nord.example", "r1@atelier-nord.example")]).unwrap();
    assert_eq!(report.applied.len(), 1, "{report:?}");
    assert_eq!(report.applied[0].class, "reply");
    assert_eq!(report.applied[0].invoices, ["F-1"]);
    let lines = f.timeline(&day, "F-1", TimelineKind::ClientReplied);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("Ioana Popescu <ioana@atelier-nord.example>, 2026-12-03T09:15:00+00:00: We paid"),
        "{lines:?}"
    );
    // Paused until read; the queued reminder was cancelled and the sender sends nothing.
    assert_eq!(day.followup_next(next("F-1")).unwrap(), NextFollowup::PausedUntil { until: UNTIL_READ });
    let item = day
        .outbox_list(OutboxQuery::default())
        .unwrap()
        .into_iter()
        .find(|o| o.id == queued.outbox.as_ref().unwrap().id)
        .unwrap();
    assert_eq!(item.state, OutboxStatus::Cancelled);
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 0);
    // The other client is not affected.
    assert!(!matches!(day.followup_next(next("F-2")).unwrap(), NextFollowup::PausedUntil { .. }));

    // Today lists it among the replies to read.
    let replies = day.today_list(TodayQuery::default()).unwrap().replies;
    assert_eq!(replies.len(), 1);
    assert_eq!((replies[0].number.as_str(), replies[0].client.as_str()), ("F-1", "Atelier Nord SRL"));
    assert_eq!(replies[0].detail, lines[0]);

    // The same message read again changes nothing.
    let again =
        day.mailbox_apply(&[reply_to(&first, "ioana@atelier-nord.example", "r1@atelier-nord.example")]).unwrap();
    assert_eq!((again.already_seen, again.applied.len()), (1, 0));
    assert_eq!(f.timeline(&day, "F-1", TimelineKind::ClientReplied).len(), 1);

    // Read: the user resumes, and the +7 step is due again.
    day.followup_pause(PauseInput { number: "F-1".into(), until: None, note: String::new() }).unwrap();
    assert!(
        matches!(day.followup_next(next("F-1")).unwrap(), NextFollowup::Due { step, .. } if step.id == "overdue_7")
    );
    assert!(day.today_list(TodayQuery::default()).unwrap().replies.is_empty());
}

#[test]
fn a_message_from_a_contact_outside_the_thread_also_pauses_the_client() {
    let f = fixture();
    let mut day = f.on("2026-11-03");
    let raw =
        b"From: radu@atelier-nord.example\r\nSubject: about the invoice\r\nMessage-ID: <q1@atelier-nord.example>\r\n\
Date: Tue, 3 Nov 2026 10:00:00 +0000\r\n\r\nWho should I forward this to?\r\n"
            .to_vec();
    let report = day.mailbox_apply(&[raw]).unwrap();
    assert_eq!(report.applied[0].class, "from_contact");
    assert_eq!(report.applied[0].invoices, ["F-1"]);
    assert_eq!(day.followup_next(next("F-1")).unwrap(), NextFollowup::PausedUntil { until: UNTIL_READ });
}

#[test]
fn a_bounce_marks_the_address_and_the_next_step_goes_to_the_next_contact() {
    let f = fixture();
    let first = f.message_id("F-1", "overdue_1");
    let mut day = f.on("2026-11-02");
    let report = day.mailbox_apply(&[bounce_of(&first, "ioana@atelier-nord.example")]).unwrap();
    assert_eq!(report.applied[0].class, "bounce");
    assert_eq!(report.applied[0].undeliverable, ["ioana@atelier-nord.example"]);
    assert_eq!(f.timeline(&day, "F-1", TimelineKind::EmailBounced).len(), 1);
    let mut day = f.on("2026-11-07");
    let draft =
        day.remind(RemindInput { number: "F-1".into(), draft_only: true, ..RemindInput::default() }).unwrap().draft;
    assert_eq!(draft.to, ["radu@atelier-nord.example"]);
}

/// The state and cancel reason of outbox message `id`.
fn outbox_state(duly: &Duly, id: i64) -> (OutboxStatus, Option<CancelReason>) {
    let item = duly.outbox_list(OutboxQuery::default()).unwrap().into_iter().find(|o| o.id == id).unwrap();
    (item.state, item.cancel_reason)
}

#[test]
fn a_bounce_cancels_the_reminder_already_queued_to_the_dead_address() {
    let f = fixture();
    let first = f.message_id("F-1", "overdue_1");
    // The +7 reminder to Ioana waits in the outbox when the failure report of the first arrives.
    let mut day = f.on("2026-11-07");
    let queued = day.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap();
    assert_eq!(queued.draft.to, ["ioana@atelier-nord.example"]);
    let id = queued.outbox.as_ref().unwrap().id;
    day.mailbox_apply(&[bounce_of(&first, "ioana@atelier-nord.example")]).unwrap();
    assert_eq!(outbox_state(&day, id), (OutboxStatus::Cancelled, Some(CancelReason::Undeliverable)));
    assert_eq!(f.timeline(&day, "F-1", TimelineKind::EmailCancelledUndeliverable).len(), 1);
    assert_eq!(day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 0);
    // The step is due again, now to the next contact.
    let draft =
        day.remind(RemindInput { number: "F-1".into(), draft_only: true, ..RemindInput::default() }).unwrap().draft;
    assert_eq!(draft.to, ["radu@atelier-nord.example"]);
}

#[test]
fn the_sender_refuses_a_reminder_to_an_address_that_bounced_meanwhile() {
    let f = fixture();
    let mut day = f.on("2026-11-07");
    let queued = day.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap();
    let id = queued.outbox.as_ref().unwrap().id;
    // Marked by another process (no hook ran here): the claim's re-check still stops it.
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    duly_store::mailbox::mark_undeliverable(&conn, "IOANA@atelier-nord.example", "bounce", "2026-11-07T08:00:00Z")
        .unwrap();
    drop(conn);
    let run = day.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap();
    assert_eq!((run.sent, run.cancelled), (0, 1));
    assert_eq!(outbox_state(&day, id), (OutboxStatus::Cancelled, Some(CancelReason::Undeliverable)));
}

#[test]
fn an_out_of_office_postpones_the_step_to_the_return_date() {
    let f = fixture();
    let first = f.message_id("F-2", "overdue_1");
    let mut day = f.on("2026-11-02");
    let report = day.mailbox_apply(&[out_of_office(&first)]).unwrap();
    assert_eq!(report.applied[0].class, "auto_reply");
    assert_eq!(report.applied[0].return_on, Some(d("2026-11-20")));
    // Not paused as a reply would be: the +7 step simply waits for the 20th.
    let on7 = f.on("2026-11-07");
    assert!(
        matches!(on7.followup_next(next("F-2")).unwrap(), NextFollowup::Upcoming { step, on, .. } if step.id == "overdue_7" && on == d("2026-11-20")),
        "{:?}",
        on7.followup_next(next("F-2"))
    );
    let on20 = f.on("2026-11-20");
    assert!(matches!(on20.followup_next(next("F-2")).unwrap(), NextFollowup::Due { .. }));
}

#[test]
fn an_unrelated_message_changes_nothing_and_is_read_once() {
    let f = fixture();
    let mut day = f.on("2026-11-02");
    let report = day.mailbox_apply(&[UNRELATED.to_vec()]).unwrap();
    assert_eq!((report.ignored, report.applied.len()), (1, 0));
    assert!(matches!(day.followup_next(next("F-1")).unwrap(), NextFollowup::Upcoming { .. }));
    assert_eq!(day.mailbox_apply(&[UNRELATED.to_vec()]).unwrap().already_seen, 1);
}

#[cfg(unix)]
use crate::support::dovecot;

/// The same, read from a real Dovecot on 127.0.0.1 through `mailbox_check`: nothing is marked
/// read, a second poll (and a new connection from a new handle) reads nothing twice, and a
/// message delivered later is read alone.
#[cfg(unix)]
#[test]
fn mailbox_check_reads_a_real_imap_inbox_once_and_changes_nothing_there() {
    let Some(server) = dovecot::Dovecot::start() else { return };
    let f = fixture();
    let m1 = f.message_id("F-1", "overdue_1");
    let m2 = f.message_id("F-2", "overdue_1");
    server.deliver(&reply_to(&m1, "ioana@atelier-nord.example", "r1@atelier-nord.example"));
    server.deliver(&out_of_office(&m2));
    server.deliver(UNRELATED);

    let secrets = Arc::new(MemoryStore::new());
    let open = |today: &str| Duly::open(&f.path).unwrap().with_secrets(secrets.clone()).with_today(d(today));
    let mut day = open("2026-11-02");
    let saved = day
        .mailbox_settings_save(MailboxSettingsInput {
            host: "127.0.0.1".into(),
            port: Some(server.addr.port()),
            user: dovecot::USER.into(),
            tls: Some(false),
            password: Some(dovecot::PASSWORD.into()),
        })
        .unwrap();
    assert!(saved.has_password);
    // The password is in the secret store only, never in the file.
    let file = std::fs::read(&f.path).unwrap();
    assert!(!file.windows(dovecot::PASSWORD.len()).any(|w| w == dovecot::PASSWORD.as_bytes()));

    let first = day.mailbox_check().unwrap_or_else(|e| panic!("{e:?}\n{}", server.log()));
    assert_eq!(first.fetched, 3);
    let mut classes: Vec<&str> = first.report.applied.iter().map(|i| i.class.as_str()).collect();
    classes.sort_unstable();
    assert_eq!(classes, ["auto_reply", "reply"]);
    assert_eq!(first.report.ignored, 1);
    assert_eq!(day.followup_next(next("F-1")).unwrap(), NextFollowup::PausedUntil { until: UNTIL_READ });
    // Read-only: no message got \Seen.
    let flags = server.flags();
    assert_eq!(flags.len(), 3);
    assert!(flags.iter().all(|f| !f.contains("Seen")), "{flags:?}");

    // A second poll, and one from a new handle (a new connection), read nothing.
    assert_eq!(day.mailbox_check().unwrap().fetched, 0);
    drop(day);
    let mut day = open("2026-11-02");
    assert_eq!(day.mailbox_check().unwrap().fetched, 0);
    // The settings card's "last checked", failures included (the password never in them).
    let last = day.mailbox_settings_get().unwrap().unwrap().last_check.unwrap();
    assert_eq!((last.fetched, last.error), (0, None));

    // A bounce delivered later is the only message read next.
    server.deliver(&bounce_of(&m1, "ioana@atelier-nord.example"));
    let later = day.mailbox_check().unwrap();
    assert_eq!(later.fetched, 1);
    assert_eq!(later.report.applied[0].class, "bounce");
    assert_eq!(f.timeline(&day, "F-1", TimelineKind::ClientReplied).len(), 1);
}

#[test]
fn a_plain_imap_connection_is_refused_except_to_this_computer() {
    let f = fixture();
    let mut day = f.on("2026-11-02");
    let err = day
        .mailbox_settings_save(MailboxSettingsInput {
            host: "imap.example.com".into(),
            port: Some(143),
            user: "ana".into(),
            tls: Some(false),
            password: Some("pw".into()),
        })
        .unwrap_err();
    assert!(err.message.starts_with("tls: "), "{err:?}");
    assert!(day.mailbox_settings_get().unwrap().is_none());
}
