//! The OS notifications' decisions on a real SQLite file with pinned dates: "follow-ups are
//! ready" at most once a day and only when something is due; a failed send names the recipient.

use crate::support;

use duly_api::*;
use support::overdue::{OverdueInvoice, contact, date};

#[test]
fn follow_ups_ready_is_said_once_a_day_and_only_when_something_is_due() {
    // Nothing in the database: nothing to say, and nothing remembered.
    let dir = tempfile::tempdir().unwrap();
    let mut empty = Duly::open(&dir.path().join("duly.sqlite3")).unwrap().with_today(date("2026-11-09"));
    assert_eq!(empty.followups_notice().unwrap(), None);

    // An invoice eight days late, with no one to write to: not "ready" (Today says what is missing).
    let mut blocked = OverdueInvoice::new("Acme SRL").build();
    assert_eq!(blocked.duly.followups_notice().unwrap(), None);

    // With a billing contact its step is due.
    let mut f = OverdueInvoice::new("Acme SRL")
        .contacts(vec![contact("Billing", ContactRole::Billing, "billing@acme.example", "")])
        .build();
    let notice = f.duly.followups_notice().unwrap().expect("a step is due today");
    assert_eq!(notice.body, "1 follow-up is ready today.");
    // Not again the same day, nor after a restart (another handle on the file).
    assert_eq!(f.duly.followups_notice().unwrap(), None);
    assert_eq!(f.on("2026-11-09").followups_notice().unwrap(), None);
    // The next day it is said again, in the app's language.
    let mut tomorrow = f.on("2026-11-10");
    tomorrow.preferences_save(PreferencesInput { ui_language: Some(Language::Ro), ..Default::default() }).unwrap();
    assert_eq!(tomorrow.followups_notice().unwrap().unwrap().body, "O urmărire e pregătită azi.");
    assert_eq!(tomorrow.followups_notice().unwrap(), None);
}

#[test]
fn a_failed_send_names_the_recipient() {
    let f = OverdueInvoice::new("Acme SRL").build();
    let notice = f.duly.send_failed_notice("billing@acme.example").unwrap();
    assert_eq!(notice.body, "A message to billing@acme.example could not be sent. Open the Outbox to see why.");
}
