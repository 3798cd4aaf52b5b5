//! The one-click reminder leaves inside the client's business hours in the client's time zone,
//! on a pinned clock, through a real SMTP server on 127.0.0.1 and a real SQLite file.

use crate::support;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use duly_api::*;
use support::smtp::RealServer;
use support::studio;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A studio (whose own zone is Bucharest) and an Indonesian client whose only contact names no
/// zone: the client's country (ID) is all Duly knows of where it is. The clock stands at `now`.
fn studio_with_jakarta_client(smtp: std::net::SocketAddr, now: DateTime<Utc>) -> (tempfile::TempDir, Duly, Client) {
    let dir = tempfile::tempdir().unwrap();
    let mut duly = Duly::open(&dir.path().join("duly.sqlite3"))
        .unwrap()
        .with_secrets(Arc::new(MemoryStore::new()))
        .with_home_zone(Some("Europe/Bucharest"))
        .with_today("2026-11-23".parse().unwrap())
        .with_now(now);
    duly.mail_settings_save(studio::mail_settings(smtp)).unwrap();
    duly.business_save(studio::business()).unwrap();
    let client = duly
        .client_save(ClientInput {
            id: None,
            name: "PT Sinar Jaya".into(),
            address: "Jl. Sudirman 1, Jakarta".into(),
            tax_id: String::new(),
            language: Language::Id,
            currency: "RON".into(),
            notes: String::new(),
            country: "id".into(),
            timezone: String::new(),
            contacts: vec![Contact {
                id: None,
                name: "Budi Santoso".into(),
                role: ContactRole::Billing,
                email: "budi@sinarjaya.example".into(),
                phone: String::new(),
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
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: "500".into() }],
        send: true,
    })
    .unwrap();
    (dir, duly, client)
}

#[test]
fn a_reminder_queued_at_three_in_the_morning_in_jakarta_goes_out_at_nine() {
    let server = RealServer::start();
    // Monday 23 November 2026, 03:00 in Jakarta (UTC+7).
    let (_dir, mut duly, client) = studio_with_jakarta_client(server.addr, at("2026-11-22T20:00:00Z"));
    assert_eq!((client.country.as_str(), client.timezone.as_str()), ("ID", "Asia/Jakarta"));

    let sent = duly.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap();
    let queued = sent.outbox.unwrap();
    assert_eq!(queued.not_before, "2026-11-23T02:00:00Z");
    assert_eq!(
        (queued.send_local.as_deref(), queued.send_zone.as_deref()),
        (Some("2026-11-23T09:00"), Some("Asia/Jakarta"))
    );

    // 08:59 in Jakarta: nothing leaves.
    let early = duly.outbox_run(at("2026-11-23T01:59:00Z")).unwrap();
    assert_eq!((early.sent, early.next_due.as_deref()), (0, Some("2026-11-23T02:00:00Z")));
    assert!(server.received().is_empty());
    // 09:00 in Jakarta: it reaches the server.
    assert_eq!(duly.outbox_run(at("2026-11-23T02:00:00Z")).unwrap().sent, 1);
    assert_eq!(server.envelopes(), [vec!["budi@sinarjaya.example".to_owned()]]);
}

#[test]
fn the_clients_zone_is_guessed_from_its_country_and_stays_editable() {
    let server = RealServer::start();
    let (_dir, mut duly, client) = studio_with_jakarta_client(server.addr, at("2026-11-22T20:00:00Z"));
    // A client in Bali: same country, the user picks Makassar (UTC+8); 09:00 there is 01:00 UTC.
    let mut input = ClientInput {
        id: Some(client.id),
        name: client.name.clone(),
        address: client.address.clone(),
        tax_id: client.tax_id.clone(),
        language: client.language,
        currency: client.currency.clone(),
        notes: client.notes.clone(),
        country: client.country.clone(),
        timezone: "Asia/Makassar".into(),
        contacts: client.contacts.clone(),
    };
    assert_eq!(duly.client_save(input.clone()).unwrap().timezone, "Asia/Makassar");
    let queued = duly.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap().outbox.unwrap();
    assert_eq!(queued.not_before, "2026-11-23T01:00:00Z");
    assert_eq!(queued.send_local.as_deref(), Some("2026-11-23T09:00"));

    // A zone that does not exist, or a country that is not a code, is refused by name.
    input.timezone = "Asia/Atlantis".into();
    let err = duly.client_save(input.clone()).unwrap_err();
    assert!(err.message.starts_with("timezone:"), "{err:?}");
    input.timezone = String::new();
    input.country = "Indonesia".into();
    let err = duly.client_save(input).unwrap_err();
    assert!(err.message.starts_with("country:"), "{err:?}");
}

#[test]
fn the_sender_status_names_why_mail_is_not_leaving() {
    // A server that is not there: the reminder is retried, and the status says so.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let (_dir, mut duly, _client) = studio_with_jakarta_client(addr, at("2026-11-23T02:00:00Z"));
    let idle = duly.outbox_run(at("2026-11-23T02:00:00Z"));
    assert_eq!(duly.sender_status_after(&idle).unwrap(), SenderStatus::ok());
    duly.remind(RemindInput { number: "F-1".into(), ..RemindInput::default() }).unwrap();
    let pass = duly.outbox_run(at("2026-11-23T02:01:00Z"));
    assert_eq!(pass.as_ref().unwrap().retrying, 1);
    let status = duly.sender_status_after(&pass).unwrap();
    assert_eq!((status.state, status.problem), (SenderState::Retrying, Some(SenderProblem::SmtpUnreachable)));
    assert!(!status.message.is_empty());
    // No password in the keychain: stopped until the user acts.
    let err = ApiError::new(ErrorCode::Mail, "no password is saved in the keychain for this account");
    let status = duly.sender_status_after(&Err(err)).unwrap();
    assert_eq!((status.state, status.problem), (SenderState::Stopped, Some(SenderProblem::Keychain)));
}

#[test]
fn background_preferences_default_to_keep_sending_and_not_start_at_login() {
    let mut duly = Duly::open_in_memory().unwrap().with_now(at("2026-11-23T02:00:00Z"));
    let p = duly.preferences_get().unwrap();
    assert_eq!((p.keep_sending_in_background, p.start_at_login), (true, false));
    let p = duly
        .preferences_save(PreferencesInput {
            keep_sending_in_background: Some(false),
            start_at_login: Some(true),
            ..PreferencesInput::default()
        })
        .unwrap();
    assert_eq!((p.keep_sending_in_background, p.start_at_login), (false, true));
    assert_eq!(duly.preferences_get().unwrap(), p);
}

/// Light or dark is kept with the other preferences (it travels with backups and survives a
/// reinstall, which loses the web view's storage); saving another preference leaves it.
#[test]
fn the_theme_is_a_saved_preference() {
    let mut duly = Duly::open_in_memory().unwrap().with_now(at("2026-11-23T02:00:00Z"));
    assert_eq!(duly.preferences_get().unwrap().theme, Theme::System);
    let p =
        duly.preferences_save(PreferencesInput { theme: Some(Theme::Dark), ..PreferencesInput::default() }).unwrap();
    assert_eq!(p.theme, Theme::Dark);
    let p =
        duly.preferences_save(PreferencesInput { start_at_login: Some(true), ..PreferencesInput::default() }).unwrap();
    assert_eq!((p.theme, p.start_at_login), (Theme::Dark, true));
    assert_eq!(duly.preferences_get().unwrap().theme, Theme::Dark);
}
