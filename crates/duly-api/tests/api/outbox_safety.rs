//! Every message Duly sends is the right one: against a real SQLite file and a real SMTP server
//! on 127.0.0.1, with the clock pinned.
//!
//! - A reminder queued for an invoice that is then paid, voided, promised, planned or paused
//!   never reaches the server, and the Outbox and the timeline say why.
//! - The sender's claim re-checks the invoice, so a change no use case announced still stops it.
//! - A restore or a copied database never sends anything by itself; the same Message-ID is never
//!   delivered twice.
//! - Write transactions begin IMMEDIATE: a second writer holding the lock for seconds makes a
//!   write wait, not fail.

use crate::support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use duly_api::*;
use support::smtp::RealServer;
use support::studio;

const TODAY: &str = "2026-11-05";

fn now() -> DateTime<Utc> {
    "2026-11-05T10:00:00Z".parse().unwrap()
}

/// When the sender runs: well after the undo window.
fn later() -> DateTime<Utc> {
    now() + TimeDelta::minutes(5)
}

struct Fixture {
    dir: tempfile::TempDir,
    path: std::path::PathBuf,
    duly: Duly,
    server: RealServer,
}

fn open(path: &std::path::Path) -> Duly {
    Duly::open(path)
        .unwrap()
        .with_secrets(Arc::new(MemoryStore::new()))
        .with_today(TODAY.parse::<NaiveDate>().unwrap())
        .with_now(now())
}

/// A studio with one client (billing contact Ioana) and invoice F-1 for 119.00 RON, due
/// 2026-10-31: on 2026-11-05 the +1 reminder is due.
fn fixture() -> Fixture {
    let server = RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let mut duly = open(&path);
    duly.mail_settings_save(studio::mail_settings(server.addr)).unwrap();
    duly.business_save(studio::business()).unwrap();
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
            contacts: vec![Contact {
                id: None,
                name: "Ioana Popescu".into(),
                role: ContactRole::Billing,
                email: "ioana@atelier-nord.example".into(),
                phone: "+40 700 000 000".into(),
                language: None,
                timezone: String::new(),
            }],
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
        lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: "100".into() }],
        send: true,
    })
    .unwrap();
    Fixture { dir, path, duly, server }
}

impl Fixture {
    fn remind(&mut self) -> OutboxItem {
        self.duly.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap().outbox.unwrap()
    }

    fn message(&self, id: i64) -> OutboxItem {
        self.duly.outbox_list(OutboxQuery::default()).unwrap().into_iter().find(|m| m.id == id).unwrap()
    }

    fn timeline(&self) -> Vec<String> {
        self.duly.invoice_get("F-1").unwrap().timeline.into_iter().map(|e| e.kind.to_string()).collect()
    }

    fn pay(&mut self, amount: &str) {
        self.duly
            .payment_add(PaymentInput {
                invoice_number: "F-1".into(),
                amount: amount.into(),
                date: None,
                method: "bank".into(),
                note: String::new(),
            })
            .unwrap();
    }
}

/// Queues the reminder, lets `change` happen before it is due, runs the sender: nothing reaches
/// the server, the message is cancelled with `reason`, and the timeline says so.
fn cancelled_by(change: impl FnOnce(&mut Fixture), reason: CancelReason) -> Fixture {
    let mut f = fixture();
    let queued = f.remind();
    assert_eq!(queued.state, OutboxStatus::Queued);
    change(&mut f);
    let report = f.duly.outbox_run(later()).unwrap();
    assert_eq!(report.sent, 0, "{report:?}");
    assert!(f.server.received().is_empty(), "nothing reached the SMTP server");
    let m = f.message(queued.id);
    assert_eq!((m.state, m.cancel_reason), (OutboxStatus::Cancelled, Some(reason)));
    let kind = format!("email_cancelled:{}", serde_json::to_value(reason).unwrap().as_str().unwrap());
    assert!(f.timeline().contains(&kind), "{:?}", f.timeline());
    f
}

#[test]
fn paid_in_full_before_the_reminder_is_due_sends_nothing() {
    cancelled_by(|f| f.pay("119.00"), CancelReason::Paid);
}

#[test]
fn a_partial_payment_cancels_the_reminder_and_the_next_draft_states_the_new_amount() {
    let mut f = cancelled_by(|f| f.pay("19.00"), CancelReason::PartlyPaid);
    // The client never got the cancelled reminder: its step is due again, stating what is left.
    let again =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: true, ..RemindInput::default() }).unwrap();
    assert!(again.was_due);
    assert!(again.draft.text.contains("100") && !again.draft.text.contains("119"), "{}", again.draft.text);
}

#[test]
fn a_payment_reversed_before_the_reminder_is_due_cancels_it_as_it_states_too_little() {
    let mut f = fixture();
    f.pay("19.00");
    let queued = f.remind();
    let payment_id = f.duly.invoice_get("F-1").unwrap().payments[0].id;
    f.duly.payment_reverse(PaymentReverseInput { payment_id, reason: "bounced".into() }).unwrap();
    let report = f.duly.outbox_run(later()).unwrap();
    assert_eq!(report.sent, 0, "{report:?}");
    assert!(f.server.received().is_empty(), "nothing reached the SMTP server");
    let m = f.message(queued.id);
    assert_eq!((m.state, m.cancel_reason), (OutboxStatus::Cancelled, Some(CancelReason::PaymentReversed)));
    assert!(f.timeline().contains(&"email_cancelled:payment_reversed".to_owned()), "{:?}", f.timeline());
}

#[test]
fn a_void_before_the_reminder_is_due_sends_nothing() {
    cancelled_by(
        |f| {
            f.duly.invoice_mark(MarkInvoice { number: "F-1".into(), status: MarkStatus::Void }).unwrap();
        },
        CancelReason::Voided,
    );
}

#[test]
fn a_promise_before_the_reminder_is_due_sends_nothing() {
    cancelled_by(
        |f| {
            f.duly
                .call_log(CallInput {
                    invoice_number: Some("F-1".into()),
                    phone: Some("+40 700 000 000".into()),
                    contact_name: Some("Ioana Popescu".into()),
                    outcome: Some(CallOutcome::Promised),
                    promise_date: Some("2026-11-15".into()),
                    ..CallInput::default()
                })
                .unwrap();
        },
        CancelReason::PromisePending,
    );
}

#[test]
fn a_pause_before_the_reminder_is_due_sends_nothing() {
    cancelled_by(
        |f| {
            f.duly
                .followup_pause(PauseInput {
                    number: "F-1".into(),
                    until: Some("2026-11-20".into()),
                    note: String::new(),
                })
                .unwrap();
        },
        CancelReason::Paused,
    );
}

/// The claim re-checks in its own transaction: a payment written by something that did not
/// cancel the reminder (an older Duly, a script on the file) still stops it.
#[test]
fn the_claim_rechecks_the_invoice_and_cancels_instead_of_sending() {
    let mut f = fixture();
    let queued = f.remind();
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    conn.execute("UPDATE invoices SET status = 'void' WHERE number = 'F-1'", []).unwrap();
    drop(conn);
    let report = f.duly.outbox_run(later()).unwrap();
    assert_eq!((report.sent, report.cancelled), (0, 1), "{report:?}");
    assert!(f.server.received().is_empty());
    assert_eq!(f.message(queued.id).cancel_reason, Some(CancelReason::Voided));
}

/// A message the user wrote is not a reminder: a payment does not cancel it.
#[test]
fn a_message_the_user_wrote_still_goes_out_after_a_payment() {
    let mut f = fixture();
    let invoice_id = f.duly.invoice_get("F-1").unwrap().id;
    let mine = f
        .duly
        .outbox_enqueue(OutboxEnqueueInput {
            invoice_id: Some(invoice_id),
            to: vec!["ioana@atelier-nord.example".into()],
            subject: "Mulțumesc".into(),
            text_body: "Am primit plata.".into(),
            ..OutboxEnqueueInput::default()
        })
        .unwrap();
    f.pay("119.00");
    assert_eq!(f.duly.outbox_run(later()).unwrap().sent, 1);
    assert_eq!(f.message(mine.id).state, OutboxStatus::Sent);
    assert_eq!(f.server.received().len(), 1);
}

/// remind → backup → sent → restore → sender runs: the server saw the message once; the restored
/// copy of it is held for review, and discarding it cancels it.
#[test]
fn a_restored_backup_never_sends_a_message_again() {
    let mut f = fixture();
    let queued = f.remind();
    let backup = f
        .duly
        .backup_now(BackupNowInput { to: Some(f.dir.path().join("before-send.sqlite3").display().to_string()) })
        .unwrap();
    assert_eq!(f.duly.outbox_run(later()).unwrap().sent, 1);
    assert_eq!(f.server.received().len(), 1);

    f.duly.backup_restore(BackupRestoreInput { path: backup.path }).unwrap();
    let held = f.message(queued.id);
    assert_eq!(held.state, OutboxStatus::Held);
    assert!(f.timeline().contains(&"email_held".to_owned()), "{:?}", f.timeline());
    let report = f.duly.outbox_run(later() + TimeDelta::minutes(5)).unwrap();
    assert_eq!(report.sent, 0, "{report:?}");
    // A second handle (the app's background sender) does not send it either.
    let mut other = open(&f.path);
    assert_eq!(other.outbox_run(later() + TimeDelta::minutes(5)).unwrap().sent, 0);
    assert_eq!(f.server.received().len(), 1, "delivered once");
    assert_eq!(f.duly.outbox_list(OutboxQuery { state: Some(OutboxStatus::Held), limit: None }).unwrap().len(), 1);

    let discarded = f.duly.outbox_discard(OutboxId { id: queued.id }).unwrap();
    assert_eq!((discarded.state, discarded.cancel_reason), (OutboxStatus::Cancelled, Some(CancelReason::User)));
    assert!(f.duly.outbox_discard(OutboxId { id: queued.id }).is_err(), "only a held message can be discarded");
}

/// A held message goes out once the user says so.
#[test]
fn a_held_message_goes_out_when_the_user_releases_it() {
    let mut f = fixture();
    let queued = f.remind();
    let backup = f
        .duly
        .backup_now(BackupNowInput { to: Some(f.dir.path().join("queued.sqlite3").display().to_string()) })
        .unwrap();
    f.duly.outbox_cancel(OutboxId { id: queued.id }).unwrap();
    f.duly.backup_restore(BackupRestoreInput { path: backup.path }).unwrap();
    assert_eq!(f.message(queued.id).state, OutboxStatus::Held);
    assert_eq!(f.duly.outbox_run(later()).unwrap().sent, 0);
    let released = f.duly.outbox_release(OutboxId { id: queued.id }).unwrap();
    assert_eq!(released.state, OutboxStatus::Queued);
    assert!(f.duly.outbox_release(OutboxId { id: queued.id }).is_err(), "released once");
    assert_eq!(f.duly.outbox_run(later()).unwrap().sent, 1);
    assert_eq!(f.server.received().len(), 1);
}

/// A database file copied elsewhere and opened there holds what it had queued.
#[test]
fn a_copied_database_holds_its_queued_messages() {
    let mut f = fixture();
    let queued = f.remind();
    let copy = f.dir.path().join("copy/duly.sqlite3");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    // A plain file copy, as a user or a sync tool makes it (after a checkpoint, so it is whole).
    rusqlite::Connection::open(&f.path).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    std::fs::copy(&f.path, &copy).unwrap();
    let mut copied = open(&copy);
    let report = copied.outbox_run(later()).unwrap();
    assert_eq!(report.sent, 0, "{report:?}");
    let listed = copied.outbox_list(OutboxQuery::default()).unwrap();
    assert_eq!(listed.iter().find(|m| m.id == queued.id).unwrap().state, OutboxStatus::Held);
    // The original, at home, still sends it: once.
    assert_eq!(f.duly.outbox_run(later()).unwrap().sent, 1);
    assert_eq!(f.server.received().len(), 1);
}

/// Another connection holds `BEGIN IMMEDIATE` for 2.5 s; writes from the API (a payment, a
/// reminder, the sender) wait for it and succeed instead of failing with "database is locked".
#[test]
fn a_second_writer_holding_the_lock_makes_writes_wait_not_fail() {
    let mut f = fixture();
    let path = f.path.clone();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        conn.execute("UPDATE settings SET updated_at = updated_at WHERE key = 'smtp'", []).unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(2500));
        conn.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let started = Instant::now();
    let queued = f.remind();
    f.pay("19.00");
    assert!(started.elapsed() >= Duration::from_secs(2), "the writes waited for the lock");
    holder.join().unwrap();
    assert_eq!(f.message(queued.id).cancel_reason, Some(CancelReason::PartlyPaid));

    // Both sides again at once, from two threads each with its own handle.
    let path = f.path.clone();
    let other = std::thread::spawn(move || {
        let mut d = open(&path);
        for _ in 0..20 {
            d.followup_pause(PauseInput { number: "F-1".into(), until: Some("2026-11-20".into()), note: "a".into() })
                .unwrap();
        }
    });
    for _ in 0..20 {
        f.duly
            .followup_pause(PauseInput { number: "F-1".into(), until: Some("2026-11-21".into()), note: "b".into() })
            .unwrap();
    }
    other.join().unwrap();
}
