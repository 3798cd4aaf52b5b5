//! `invoice_contacts` on a real SQLite file: calls logged through the API become the "who was
//! contacted when" list, and the next person to try moves from the billing contact to the
//! project contact once billing stays silent, then back to whoever was contacted longest ago.

use crate::support;

use chrono::NaiveDate;
use duly_api::*;
use support::overdue::{Fixture, NUMBER, OverdueInvoice, contact, date};

#[test]
fn the_next_person_moves_from_a_silent_billing_contact_to_the_project_contact() {
    let Fixture { mut duly, client, dir: _dir, .. } = OverdueInvoice::new("Ștefănescu SRL")
        .today("2026-11-15")
        .contacts(vec![
            contact("Dan Nobody", ContactRole::Other, "", ""),
            contact("Mihai Ene", ContactRole::Project, "", "+40 722 000 222"),
            contact("Ioana Pop", ContactRole::Billing, "plati@stefanescu.ro", "+40 721 000 111"),
        ])
        .build();
    let id_of = |name: &str| client.contacts.iter().find(|c| c.name == name).and_then(|c| c.id).unwrap();

    let first = duly.invoice_contacts(NUMBER).unwrap();
    assert!(first.contacted.is_empty());
    let next = first.next.unwrap();
    assert_eq!(
        (next.name.as_str(), next.role, next.reason),
        ("Ioana Pop", ContactRole::Billing, NextPersonReason::FirstContact)
    );

    for day in ["2026-11-09", "2026-11-12"] {
        duly.call_log(CallInput {
            invoice_number: Some(NUMBER.into()),
            contact_id: Some(id_of("Ioana Pop")),
            called_on: Some(day.into()),
            outcome: Some(CallOutcome::NoAnswer),
            ..CallInput::default()
        })
        .unwrap();
    }
    let after = duly.invoice_contacts(NUMBER).unwrap();
    let log: Vec<(NaiveDate, &str, Option<CallOutcome>)> =
        after.contacted.iter().map(|e| (e.on, e.name.as_str(), e.outcome)).collect();
    assert_eq!(
        log,
        [
            (date("2026-11-09"), "Ioana Pop", Some(CallOutcome::NoAnswer)),
            (date("2026-11-12"), "Ioana Pop", Some(CallOutcome::NoAnswer))
        ]
    );
    assert!(after.contacted.iter().all(|e| e.channel == ContactChannel::Call));
    let next = after.next.unwrap();
    // The project contact, not "Dan Nobody" who has neither address nor number.
    assert_eq!(
        (next.name.as_str(), next.role, next.reason),
        ("Mihai Ene", ContactRole::Project, NextPersonReason::NotContactedYet)
    );
    assert_eq!(next.phone, "+40 722 000 222");

    duly.call_log(CallInput {
        invoice_number: Some(NUMBER.into()),
        contact_id: Some(id_of("Mihai Ene")),
        called_on: Some("2026-11-14".into()),
        outcome: Some(CallOutcome::Reached),
        ..CallInput::default()
    })
    .unwrap();
    let next = duly.invoice_contacts(NUMBER).unwrap().next.unwrap();
    assert_eq!(
        (next.name.as_str(), next.reason, next.last_contacted),
        ("Ioana Pop", NextPersonReason::LongestSince, Some(date("2026-11-12")))
    );

    let err = duly.invoice_contacts("INV-404").unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

/// `duly client add --email` makes a contact with an address and no name: the card and the +14
/// draft then name it by its address rather than by nothing.
#[test]
fn a_contact_without_a_name_is_named_by_its_address() {
    let Fixture { duly, dir: _dir, .. } = OverdueInvoice::new("Toko Anonim")
        .contacts(vec![contact("", ContactRole::Billing, "tagihan@anonim.id", "+62 21 555 0100")])
        .build();
    let next = duly.invoice_contacts(NUMBER).unwrap().next.unwrap();
    assert_eq!(next.name, "tagihan@anonim.id");
}
