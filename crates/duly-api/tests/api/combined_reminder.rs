//! One combined reminder per client (issue 18 §1) and reminders off as a real flag (migration
//! 0022): a real SQLite file, a real SMTP server on 127.0.0.1, the attachments read back with
//! pdftotext; pinned clock (Monday 16 November 2026, 10:00 in Bucharest).

use std::process::Command;

use chrono::{DateTime, Utc};
use duly_api::*;
use mail_parser::MimeHeaders;

use crate::support::smtp::RealServer;
use crate::support::studio::Studio;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

const NOW: &str = "2026-11-16T08:00:00Z";
const SEND: &str = "2026-11-16T08:05:00Z";

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attachment.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn pay(s: &mut Studio, number: &str, amount: &str) {
    s.d()
        .payment_add(PaymentInput {
            invoice_number: number.into(),
            amount: amount.into(),
            date: None,
            method: "bank".into(),
            note: String::new(),
        })
        .unwrap();
}

fn euro_invoice(s: &mut Studio, client_id: i64, number: &str, issued: &str, due: &str) {
    s.d()
        .invoice_save(InvoiceInput {
            id: None,
            client_id,
            number: Some(number.into()),
            issue_date: issued.into(),
            due_date: Some(due.into()),
            currency: Some("EUR".into()),
            tax_rate: "0".into(),
            notes: String::new(),
            lines: vec![LineInput { description: "Hosting".into(), quantity: "1".into(), unit_price: "120".into() }],
            send: true,
        })
        .unwrap();
}

/// Three invoices due a reminder today (two in RON, one in EUR), one not due anything yet, and
/// the client asked for one combined reminder.
fn studio(server: &RealServer, combined: bool) -> (Studio, i64) {
    let mut s = Studio::new(server.addr, at(NOW));
    let client = s.client("Northwind Ltd", "RO", "ap@northwind.example");
    s.invoice(client, "F-1", "2026-10-01", "2026-10-31");
    s.invoice(client, "F-2", "2026-10-16", "2026-11-15");
    euro_invoice(&mut s, client, "F-3", "2026-10-02", "2026-11-01");
    s.invoice(client, "F-4", "2026-11-15", "2026-12-15");
    if combined {
        let set = s
            .d()
            .client_reminders_set(ClientRemindersInput { client_id: client, reminders_off: None, combined: Some(true) })
            .unwrap();
        assert!(set.combined && !set.reminders_off);
    }
    (s, client)
}

fn due_numbers(s: &mut Studio) -> Vec<String> {
    let mut n: Vec<String> = s
        .d()
        .followup_actions(FollowupQuery::default())
        .unwrap()
        .items
        .into_iter()
        .filter(|a| matches!(a.next, NextFollowup::Due { .. }))
        .map(|a| a.number)
        .collect();
    n.sort();
    n
}

fn outbox_row(s: &mut Studio, id: i64) -> OutboxItem {
    s.d().outbox_list(OutboxQuery::default()).unwrap().into_iter().find(|o| o.id == id).unwrap()
}

#[test]
fn off_by_default_and_offered_once_per_client_when_on() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server, false);
    assert_eq!(due_numbers(&mut s), ["F-1", "F-2", "F-3"]);
    assert!(s.d().combined_reminders(FollowupQuery::default()).unwrap().items.is_empty(), "off by default");
    let e = s.d().combined_remind(CombinedRemindInput { client_id: client, ..Default::default() });
    assert!(e.is_ok(), "the use case works on request even with the setting off: {e:?}");

    let (mut s, client) = studio(&server, true);
    let list = s.d().combined_reminders(FollowupQuery::default()).unwrap();
    assert_eq!(list.items.len(), 1);
    let item = &list.items[0];
    assert_eq!(item.client_id, client);
    let numbers: Vec<&str> = item.invoices.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["F-1", "F-3", "F-2"], "in due-date order; F-4 is not due anything");
    assert_eq!(item.totals, ["RON 1,000.00", "€120.00"], "one total per currency, never added");
    let draft = item.draft.as_ref().unwrap();
    assert_eq!(draft.to, ["ap@northwind.example"]);
    assert!(draft.text.contains("RON 1,000.00 + €120.00 in all"), "{}", draft.text);
    assert!(draft.text.contains("- F-1: RON 500.00, due 31 October 2026, 16 days overdue"), "{}", draft.text);
    assert!(draft.text.contains("- F-3: €120.00, due 1 November 2026, 15 days overdue"), "{}", draft.text);
    assert!(draft.text.contains("- F-2: RON 500.00, due 15 November 2026, 1 day overdue"), "{}", draft.text);
    assert!(!draft.text.contains("F-4"), "{}", draft.text);
    // Nothing was sent before about these invoices: the message claims no earlier reminders.
    assert!(!draft.text.contains("earlier reminders") && !draft.text.contains("again"), "{}", draft.text);
}

#[test]
fn one_message_with_the_statement_and_each_invoice_records_every_step_and_is_never_sent_twice() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server, true);
    let sent = s.d().combined_remind(CombinedRemindInput { client_id: client, ..Default::default() }).unwrap();
    let item = sent.outbox.clone().unwrap();
    assert_eq!(item.attachments.len(), 4, "the statement and three invoices: {:?}", item.attachments);
    for n in ["F-1", "F-2", "F-3"] {
        let timeline = s.d().invoice_get(n).unwrap().timeline;
        assert!(timeline.iter().any(|e| e.kind == "email_queued"), "{n}: {timeline:?}");
    }
    // Every step is recorded: none of the invoices is due again today, alone or combined.
    assert!(due_numbers(&mut s).is_empty(), "{:?}", due_numbers(&mut s));
    assert!(s.d().combined_reminders(FollowupQuery::default()).unwrap().items.is_empty());
    let again = s.d().combined_remind(CombinedRemindInput { client_id: client, ..Default::default() }).unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict, "{}", again.message);
    for n in ["F-1", "F-2", "F-3"] {
        let e = s.d().remind(RemindInput { number: n.into(), ..Default::default() }).unwrap_err();
        assert_eq!(e.code, ErrorCode::Conflict, "{n} is not reminded separately the same day: {}", e.message);
    }

    let out = s.at(at(SEND)).outbox_run(at(SEND)).unwrap();
    assert_eq!(out.sent, 1);
    let out = s.at(at(SEND)).outbox_run(at(SEND)).unwrap();
    assert_eq!(out.sent, 0, "sent once");
    let received = server.received();
    assert_eq!(received.len(), 1, "one message for three invoices");
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(mail.to().and_then(|a| a.first()).and_then(|a| a.address()), Some("ap@northwind.example"));
    let body = mail.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(body.contains("- F-1: RON 500.00, due 31 October 2026, 16 days overdue"), "{body}");
    assert!(body.contains("RON 1,000.00 + €120.00 in all"), "{body}");
    let files: Vec<(String, String)> = mail
        .attachments()
        .map(|a| (a.attachment_name().unwrap_or_default().to_owned(), pdf_text(a.contents())))
        .collect();
    assert_eq!(files.len(), 4, "{:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
    let statement = &files[0].1;
    for n in ["F-1", "F-2", "F-3", "F-4"] {
        assert!(statement.contains(n), "the statement lists every open invoice ({n}):\n{statement}");
    }
    for n in ["F-1", "F-2", "F-3"] {
        assert!(files[1..].iter().any(|(_, text)| text.contains(n)), "{n}'s own PDF is attached");
    }
    for n in ["F-1", "F-2", "F-3"] {
        let timeline = s.d().invoice_get(n).unwrap().timeline;
        assert!(timeline.iter().any(|e| e.kind == "email_sent"), "{n}: {timeline:?}");
    }
    // The next day nothing is due again for the same steps.
    s.at(at("2026-11-17T08:00:00Z"));
    let tomorrow = s.d().combined_reminders(FollowupQuery::default()).unwrap();
    assert!(tomorrow.items.is_empty(), "{tomorrow:?}");
}

#[test]
fn an_invoice_paid_between_queue_and_send_cancels_the_whole_message_and_its_steps_are_due_again() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server, true);
    let queued = s.d().combined_remind(CombinedRemindInput { client_id: client, ..Default::default() }).unwrap();
    let id = queued.outbox.unwrap().id;
    pay(&mut s, "F-2", "500");
    let out = s.at(at(SEND)).outbox_run(at(SEND)).unwrap();
    assert_eq!(out.sent, 0);
    assert!(server.received().is_empty(), "a stale list is never sent");
    assert_eq!(outbox_row(&mut s, id).cancel_reason, Some(CancelReason::Paid));
    for n in ["F-1", "F-3"] {
        let timeline = s.d().invoice_get(n).unwrap().timeline;
        assert!(timeline.iter().any(|e| e.kind == "email_cancelled:paid"), "{n}: {timeline:?}");
    }
    // The others' steps were forgotten with the message: the next draft lists what is still due.
    let list = s.d().combined_reminders(FollowupQuery::default()).unwrap();
    let numbers: Vec<&str> = list.items[0].invoices.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["F-1", "F-3"]);
}

#[test]
fn the_sender_re_checks_every_invoice_even_when_another_process_changed_one() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server, true);
    let queued = s.d().combined_remind(CombinedRemindInput { client_id: client, ..Default::default() }).unwrap();
    let id = queued.outbox.unwrap().id;
    // A part payment written by another program straight into the file: no hook ran.
    let conn = s.sql();
    let f3: i64 = conn.query_row("SELECT id FROM invoices WHERE number = 'F-3'", [], |r| r.get(0)).unwrap();
    conn.execute(
        "INSERT INTO payments (invoice_id, amount_minor, paid_on, method, note, created_at)
         VALUES (?1, 2000, '2026-11-16', 'bank', '', '2026-11-16T08:01:00Z')",
        [f3],
    )
    .unwrap();
    conn.execute("UPDATE invoices SET paid_minor = 2000 WHERE id = ?1", [f3]).unwrap();
    drop(conn);
    let out = s.at(at(SEND)).outbox_run(at(SEND)).unwrap();
    assert_eq!((out.sent, out.cancelled), (0, 1));
    assert!(server.received().is_empty());
    assert_eq!(outbox_row(&mut s, id).cancel_reason, Some(CancelReason::PartlyPaid));

    // And a reply pauses the client's invoices: the queued message waits for the user.
    let queued = s.d().combined_remind(CombinedRemindInput { client_id: client, ..Default::default() }).unwrap();
    let id = queued.outbox.unwrap().id;
    let conn = s.sql();
    let f1: i64 = conn.query_row("SELECT id FROM invoices WHERE number = 'F-1'", [], |r| r.get(0)).unwrap();
    conn.execute(
        "INSERT INTO ladder_pauses (invoice_id, until_date, note, created_at)
         VALUES (?1, '2099-12-31', 'client replied', '2026-11-16T08:02:00Z')",
        [f1],
    )
    .unwrap();
    drop(conn);
    let later = at("2026-11-16T08:10:00Z");
    let out = s.at(later).outbox_run(later).unwrap();
    assert_eq!((out.sent, out.cancelled), (0, 1));
    assert_eq!(outbox_row(&mut s, id).cancel_reason, Some(CancelReason::Paused));
    assert!(server.received().is_empty());
}

#[test]
fn reminders_off_is_a_flag_the_ladder_and_the_sender_respect() {
    let server = RealServer::start();
    let (mut s, client) = studio(&server, true);
    let queued = s.d().remind(RemindInput { number: "F-1".into(), ..Default::default() }).unwrap();
    let off = s
        .d()
        .client_reminders_set(ClientRemindersInput { client_id: client, reminders_off: Some(true), combined: None })
        .unwrap();
    assert!(off.reminders_off && off.combined, "one setting changed, the other kept");
    assert_eq!(outbox_row(&mut s, queued.outbox.unwrap().id).cancel_reason, Some(CancelReason::Paused));
    assert!(due_numbers(&mut s).is_empty());
    assert!(s.d().combined_reminders(FollowupQuery::default()).unwrap().items.is_empty());
    let e = s.d().remind(RemindInput { number: "F-2".into(), ..Default::default() }).unwrap_err();
    assert!(e.message.contains("every step"), "{}", e.message);
    let on = s
        .d()
        .client_reminders_set(ClientRemindersInput { client_id: client, reminders_off: Some(false), combined: None })
        .unwrap();
    assert!(!on.reminders_off);
    assert_eq!(due_numbers(&mut s), ["F-1", "F-2", "F-3"], "the usual schedule again");
}

#[test]
fn the_upgrade_turns_a_ladder_with_every_step_removed_into_the_flag() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at(NOW));
    let silent = s.client("Silent Ltd", "RO", "ap@silent.example");
    let trimmed = s.client("Trimmed Ltd", "RO", "ap@trimmed.example");
    s.invoice(silent, "S-1", "2026-10-01", "2026-10-31");
    s.invoice(trimmed, "T-1", "2026-10-01", "2026-10-31");
    // Before 0022 "no reminders" was saved as an empty ladder of the client's own.
    s.d().ladder_save(LadderSaveInput { client_id: Some(silent), steps: vec![], catch_up_gap_days: None }).unwrap();
    let mut steps: Vec<LadderStepInput> = s
        .d()
        .ladder_get(LadderScope { client_id: Some(trimmed) })
        .unwrap()
        .steps
        .into_iter()
        .map(|st| LadderStepInput {
            id: st.id,
            anchor: st.anchor.to_string(),
            offset_days: st.offset_days,
            channel: st.channel.to_string(),
            tone: st.tone.to_string(),
            purpose: st.purpose.to_string(),
            template: Some(st.template),
        })
        .collect();
    steps.retain(|st| st.id != "call");
    s.d().ladder_save(LadderSaveInput { client_id: Some(trimmed), steps, catch_up_gap_days: None }).unwrap();
    let path = s.path.clone();
    // Back to the file as version 21 left it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE outbox_invoices;
         ALTER TABLE clients DROP COLUMN reminders_off;
         ALTER TABLE clients DROP COLUMN combined_reminders;
         PRAGMA user_version = 21;",
    )
    .unwrap();
    let removals = |conn: &rusqlite::Connection, id: i64| -> i64 {
        conn.query_row("SELECT count(*) FROM ladder_steps WHERE client_id = ?1", [id], |r| r.get(0)).unwrap()
    };
    assert_eq!(removals(&conn, silent), 9, "every default step removed");
    assert_eq!(removals(&conn, trimmed), 1);
    drop(conn);

    let mut d = Duly::open(&path).unwrap().with_today("2026-11-16".parse().unwrap());
    assert!(d.client_reminders_get(silent).unwrap().reminders_off);
    assert!(!d.client_reminders_get(trimmed).unwrap().reminders_off);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(removals(&conn, silent), 0, "the flag replaces the removals");
    assert_eq!(removals(&conn, trimmed), 1, "a partly trimmed ladder stays as it was");
    let due: Vec<String> =
        d.followup_actions(FollowupQuery::default()).unwrap().items.into_iter().map(|a| a.number).collect();
    assert_eq!(due, ["T-1"], "still no reminders for the silent client");
    let on = d
        .client_reminders_set(ClientRemindersInput { client_id: silent, reminders_off: Some(false), combined: None })
        .unwrap();
    assert!(!on.reminders_off);
    assert_eq!(d.ladder_get(LadderScope { client_id: Some(silent) }).unwrap().steps.len(), 9, "the usual ladder");
}
