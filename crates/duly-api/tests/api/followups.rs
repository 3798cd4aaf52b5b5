//! The follow-up ladder's use cases against a real SQLite file and a real SMTP server on
//! 127.0.0.1: the day's actions with drafts in the client's language, and the one-click reminder
//! that arrives with the invoice PDF and lands on the timeline.

use crate::support;

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta, Utc};
use duly_api::*;
use mail_parser::MimeHeaders;
use support::smtp::RealServer;
use support::studio;

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    duly: Duly,
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn contact(name: &str, email: &str) -> Contact {
    Contact {
        id: None,
        name: name.into(),
        role: ContactRole::Billing,
        email: email.into(),
        phone: String::new(),
        language: None,
        timezone: String::new(),
    }
}

/// A Romanian studio with a Romanian client (billing contact Ioana) and an English one without
/// any email address; "today" is `today`.
fn fixture(smtp: std::net::SocketAddr, today: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("duly.sqlite3");
    let mut duly = Duly::open(&path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_today(d(today));
    duly.mail_settings_save(studio::mail_settings(smtp)).unwrap();
    duly.business_save(studio::business()).unwrap();
    for (name, language, currency, contacts, number) in [
        ("Atelier Nord SRL", Language::Ro, "RON", vec![contact("Ioana Popescu", "ioana@atelier-nord.example")], "F-1"),
        ("Northwind Ltd", Language::En, "EUR", vec![], "F-2"),
    ] {
        let client = duly
            .client_save(ClientInput {
                id: None,
                name: name.into(),
                address: String::new(),
                tax_id: String::new(),
                language,
                currency: currency.into(),
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
    Fixture { _dir: dir, path, duly }
}

fn actions(f: &Fixture, day: &str) -> Vec<(String, String)> {
    let list = f.duly.followup_actions(FollowupQuery { as_of: Some(day.into()), limit: None }).unwrap();
    list.items
        .iter()
        .map(|a| {
            let what = match &a.next {
                NextFollowup::Due { step, .. } => step.id.clone(),
                NextFollowup::NoContactAddress { step, .. } => format!("no address for {step}"),
                other => format!("{other:?}"),
            };
            (a.number.clone(), what)
        })
        .collect()
}

#[test]
fn the_days_actions_follow_the_ladder_with_drafts_in_the_clients_language() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");
    assert_eq!(actions(&f, "2026-10-02"), []);
    assert_eq!(
        actions(&f, "2026-10-04"),
        [("F-1".into(), "receipt_check".into()), ("F-2".into(), "no address for receipt_check".into())]
    );
    let list = f.duly.followup_actions(FollowupQuery { as_of: Some("2026-11-01".into()), limit: None }).unwrap();
    assert_eq!((list.due_count, list.no_address_count), (1, 1));
    let first = &list.items[0];
    assert_eq!(
        (first.number.as_str(), first.days_overdue, first.amount_due_display.as_str()),
        ("F-1", 1, "1.190,00 lei")
    );
    let draft = first.draft.as_ref().unwrap();
    assert_eq!(draft.to, ["ioana@atelier-nord.example"]);
    assert_eq!(draft.language, Language::Ro);
    assert_eq!(draft.subject, "Factura F-1 avea scadența pe 31 octombrie 2026");
    assert!(draft.text.starts_with("Bună ziua, Ioana Popescu,\n\n"), "{}", draft.text);
    assert!(
        draft.text.contains("IBAN: RO60BTRL0130120234567890") && draft.text.contains("vă rog să ignorați"),
        "{}",
        draft.text
    );
    // The call is a task for the user: its brief is in the business's language, even for an
    // English client without an email address. Steps come in order, so the call waits behind the
    // reminders this client has no address for until they are skipped.
    for step in ["overdue_1", "overdue_7"] {
        f.duly.followup_skip(FollowupStepInput { number: "F-2".into(), step: step.into(), until: None }).unwrap();
    }
    let list = f.duly.followup_actions(FollowupQuery { as_of: Some("2026-11-08".into()), limit: None }).unwrap();
    let call = list.items.iter().find(|a| a.number == "F-2").unwrap();
    assert!(matches!(&call.next, NextFollowup::Due { step, .. } if step.id == "call"), "{:?}", call.next);
    let brief = call.draft.as_ref().unwrap();
    assert_eq!((brief.language, brief.to.len()), (Language::Ro, 0));
    assert!(brief.text.starts_with("Persoana de contact: Northwind Ltd. Sunați"), "{}", brief.text);
    // Passed over: the receipt check and the reminder before the due date were never sent, and
    // are not sent now on top of the overdue one.
    match &first.next {
        NextFollowup::Due { passed_over, .. } => assert_eq!(passed_over, &["receipt_check", "before_due"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_click_sends_the_right_reminder_with_the_pdf_and_it_lands_on_the_timeline() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");

    let draft =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: true, ..RemindInput::default() }).unwrap();
    assert!(draft.outbox.is_none());
    assert_eq!(draft.step.id, "overdue_1");
    assert!(f.duly.outbox_list(OutboxQuery::default()).unwrap().is_empty(), "a draft queues nothing");

    let sent =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap();
    assert!(sent.was_due);
    let item = sent.outbox.unwrap();
    assert_eq!(item.attachments, ["F-1.pdf"]);
    let report = f.duly.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap();
    assert_eq!(report.sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(mail.subject(), Some("Factura F-1 avea scadența pe 31 octombrie 2026"));
    assert!(mail.body_text(0).unwrap().contains("plata de 1.190,00 lei nu a intrat încă în cont"));
    assert!(mail.body_html(0).unwrap().contains("<html lang=\"ro\">"));
    let pdf = mail.attachments().next().expect("the invoice PDF");
    assert_eq!(pdf.attachment_name(), Some("F-1.pdf"));
    assert!(pdf.contents().starts_with(b"%PDF"));

    let timeline: Vec<String> =
        f.duly.invoice_get("F-1").unwrap().timeline.into_iter().map(|e| e.kind.to_string()).collect();
    assert!(
        timeline.contains(&"email_queued".to_owned()) && timeline.contains(&"email_sent".to_owned()),
        "{timeline:?}"
    );

    // The step is recorded once; a second click the same day sends nothing firmer.
    let again =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict);
    assert!(again.message.contains("already sent today"), "{}", again.message);
    match f.duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap() {
        NextFollowup::Upcoming { step, on, sent_today, .. } => {
            assert_eq!((step.id.as_str(), on, sent_today.as_deref()), ("overdue_7", d("2026-11-07"), Some("overdue_1")))
        }
        other => panic!("{other:?}"),
    }
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    let (step, outcome, outbox): (String, String, i64) = conn
        .query_row("SELECT step_id, outcome, outbox_id FROM followups", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((step.as_str(), outcome.as_str(), outbox), ("overdue_1", "done", item.id));
}

#[test]
fn an_edited_reminder_goes_out_as_typed_never_as_markup_with_the_pdf() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");

    let edit = |subject: &str, body: &str| RemindInput {
        number: "F-1".into(),
        draft_only: false,
        subject: Some(subject.into()),
        body: Some(body.into()),
    };
    let err = f.duly.remind(edit("  ", "Bună ziua")).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("subject:"), "{}", err.message);
    let err = f.duly.remind(edit("Factura F-1", " \n ")).unwrap_err();
    assert!(err.message.starts_with("body:"), "{}", err.message);
    assert!(f.duly.outbox_list(OutboxQuery::default()).unwrap().is_empty(), "a refused edit queues nothing");

    let sent =
        f.duly.remind(edit("F-1 <b>urgent</b>", "Bună ziua Ioana,\n\nVă rog <b>plătiți</b> azi & mulțumesc.")).unwrap();
    assert_eq!(sent.draft.subject, "F-1 <b>urgent</b>");
    assert_eq!(sent.outbox.unwrap().attachments, ["F-1.pdf"]);
    assert_eq!(f.duly.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 1);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(mail.subject(), Some("F-1 <b>urgent</b>"));
    let text = mail.body_text(0).unwrap();
    assert!(text.contains("Vă rog <b>plătiți</b> azi & mulțumesc."), "{text}");
    assert!(!text.contains("nu a intrat încă în cont"), "the drafted wording is replaced: {text}");
    let html = mail.body_html(0).unwrap();
    assert!(html.contains("<p>Vă rog &lt;b&gt;plătiți&lt;/b&gt; azi &amp; mulțumesc.</p>"), "{html}");
    assert!(html.contains("<title>F-1 &lt;b&gt;urgent&lt;/b&gt;</title>"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    let pdf = mail.attachments().next().expect("the invoice PDF");
    assert_eq!(pdf.attachment_name(), Some("F-1.pdf"));
    assert!(pdf.contents().starts_with(b"%PDF"));
    let timeline: Vec<String> =
        f.duly.invoice_get("F-1").unwrap().timeline.into_iter().map(|e| e.kind.to_string()).collect();
    assert!(timeline.contains(&"email_queued".to_owned()), "{timeline:?}");
}

/// Undo is one use case: when taking the step back fails (a trigger stands in for a disk error),
/// the message is not cancelled either, so the step and its message still agree; once the
/// failure is gone, the same one call does both.
#[test]
fn undo_fails_whole_or_succeeds_whole() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");
    let sent =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap();
    let id = sent.outbox.unwrap().id;
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER fail_undo BEFORE DELETE ON followups BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    )
    .unwrap();
    assert!(f.duly.remind_undo(OutboxId { id }).is_err());
    let state = |f: &Fixture| f.duly.outbox_list(OutboxQuery::default()).unwrap().into_iter().find(|m| m.id == id);
    assert_eq!(state(&f).unwrap().state, OutboxStatus::Queued, "the message is still queued");
    assert!(
        !matches!(
            f.duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap(),
            NextFollowup::Due { ref step, .. } if step.id == "overdue_1"
        ),
        "the step is still recorded"
    );
    conn.execute_batch("DROP TRIGGER fail_undo;").unwrap();
    assert_eq!(f.duly.remind_undo(OutboxId { id }).unwrap().state, OutboxStatus::Cancelled);
    assert!(matches!(
        f.duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap(),
        NextFollowup::Due { ref step, .. } if step.id == "overdue_1"
    ));
    // A message that is not a reminder has no step to take back: refused, left queued.
    let err = f.duly.remind_undo(OutboxId { id: 999 }).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn undo_makes_the_step_due_again() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");
    let sent =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap();
    let undone = f.duly.remind_undo(OutboxId { id: sent.outbox.unwrap().id }).unwrap();
    assert_eq!(undone.state, OutboxStatus::Cancelled);
    assert!(matches!(
        f.duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap(),
        NextFollowup::Due { .. }
    ));
    assert_eq!(f.duly.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap().sent, 0);
    assert!(server.received().is_empty());
}

#[test]
fn paid_invoices_and_clients_without_an_address_are_not_reminded_and_say_why() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");
    let err =
        f.duly.remind(RemindInput { number: "F-2".into(), draft_only: false, ..RemindInput::default() }).unwrap_err();
    assert!(err.message.contains("needs an email address"), "{}", err.message);
    f.duly
        .payment_add(PaymentInput {
            invoice_number: "F-1".into(),
            amount: "1190.00".into(),
            date: Some("2026-11-01".into()),
            method: String::new(),
            note: String::new(),
        })
        .unwrap();
    let err =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap_err();
    assert_eq!(err.message, "invoice F-1: nothing to send: it is paid");
    assert_eq!(f.duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap(), NextFollowup::Paid);
    assert!(f.duly.outbox_list(OutboxQuery::default()).unwrap().is_empty());
    assert_eq!(actions(&f, "2026-11-01"), [("F-2".into(), "no address for overdue_1".into())]);
}

fn reopen(f: &Fixture, today: &str) -> Duly {
    Duly::open(&f.path).unwrap().with_secrets(Arc::new(MemoryStore::new())).with_today(d(today))
}

#[test]
fn a_promise_pauses_the_ladder_and_a_broken_one_resumes_it_firmer() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");
    f.duly.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap();
    f.duly
        .call_log(CallInput {
            invoice_number: Some("F-1".into()),
            phone: Some("+40 700 000 000".into()),
            contact_name: Some("Ioana Popescu".into()),
            called_on: Some("2026-11-03".into()),
            outcome: Some(CallOutcome::Promised),
            promise_date: Some("2026-11-15".into()),
            ..CallInput::default()
        })
        .unwrap();
    let on = |day: &str| reopen(&f, day).followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap();
    assert_eq!(
        on("2026-11-08"),
        NextFollowup::PromisePending { pay_by: d("2026-11-15"), until: d("2026-11-16") },
        "no call task, no +7 while waiting"
    );
    assert_eq!(on("2026-11-16"), NextFollowup::PromisePending { pay_by: d("2026-11-15"), until: d("2026-11-16") });
    match on("2026-11-17") {
        NextFollowup::Due { step, why, propose_credit_hold, .. } => {
            assert_eq!(step.id, "escalate");
            assert_eq!(why, DueWhy::BrokenPromise { pay_by: d("2026-11-15") });
            assert!(propose_credit_hold);
        }
        other => panic!("{other:?}"),
    }
    let mut later = reopen(&f, "2026-11-17");
    let sent = later.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap();
    assert_eq!(sent.step.id, "escalate");
    assert!(sent.draft.cc_other_contacts && sent.propose_credit_hold);
    assert!(sent.draft.subject.contains("întârziere de 17 zile"), "{}", sent.draft.subject);
}

#[test]
fn a_template_with_an_unknown_variable_is_refused_and_a_good_one_words_the_next_reminder() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");
    let q = |client_id| TemplateQuery { template: "overdue_1".into(), language: Language::Ro, client_id };
    let err = f
        .duly
        .template_save(TemplateInput {
            template: "overdue_1".into(),
            language: Language::Ro,
            client_id: None,
            subject: "Factura {{ invoice_number }}".into(),
            body: "Suma: {{ suma }}".into(),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.starts_with("template overdue_1: body: unknown variable suma (known: client_name,"),
        "{}",
        err.message
    );
    assert_eq!(f.duly.template_get(q(None)).unwrap().source, TemplateSource::Builtin, "nothing was saved");

    let atelier = f.duly.invoice_get("F-1").unwrap().client_id;
    let saved = f
        .duly
        .template_save(TemplateInput {
            template: "overdue_1".into(),
            language: Language::Ro,
            client_id: Some(atelier),
            subject: "Scadența facturii {{ invoice_number }}".into(),
            body: "Bună ziua,\n\nRest de plată: {{ amount_due }}.".into(),
        })
        .unwrap();
    assert_eq!(saved.source, TemplateSource::Client);
    assert!(saved.variables.contains(&"late_fee".to_owned()));
    let draft =
        f.duly.remind(RemindInput { number: "F-1".into(), draft_only: true, ..RemindInput::default() }).unwrap().draft;
    assert_eq!(draft.subject, "Scadența facturii F-1");
    assert_eq!(draft.text, "Bună ziua,\n\nRest de plată: 1.190,00 lei.\n");

    let preview = f
        .duly
        .template_preview(TemplatePreviewInput {
            number: "F-1".into(),
            step: "overdue_7".into(),
            language: Language::En,
            subject: "Invoice {{ invoice_number }}".into(),
            body: "{{ days_overdue_text }} late".into(),
        })
        .unwrap();
    assert_eq!((preview.subject.as_str(), preview.text.as_str()), ("Invoice F-1", "1 day late\n"));

    assert_eq!(f.duly.template_reset(q(Some(atelier))).unwrap().source, TemplateSource::Builtin);
}

#[test]
fn per_client_ladders_terms_skips_pauses_and_credit_hold() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-01");
    let atelier = f.duly.invoice_get("F-1").unwrap().client_id;
    let next = |f: &Fixture| f.duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap();

    // This client gets no +1 reminder and its +7 one at +3.
    let mut steps: Vec<LadderStepInput> = f
        .duly
        .ladder_get(LadderScope { client_id: Some(atelier) })
        .unwrap()
        .steps
        .into_iter()
        .filter(|s| s.id != "overdue_1")
        .map(|s| LadderStepInput {
            id: s.id,
            anchor: s.anchor.to_string(),
            offset_days: s.offset_days,
            channel: s.channel.to_string(),
            tone: s.tone.to_string(),
            purpose: s.purpose.to_string(),
            template: Some(s.template),
        })
        .collect();
    steps.iter_mut().find(|s| s.id == "overdue_7").unwrap().offset_days = 3;
    let saved = f
        .duly
        .ladder_save(LadderSaveInput { client_id: Some(atelier), steps: steps.clone(), catch_up_gap_days: None })
        .unwrap();
    assert!(saved.customised && saved.steps.len() == 8);
    assert!(
        !f.duly.ladder_get(LadderScope { client_id: None }).unwrap().customised,
        "the business's ladder is untouched"
    );
    match next(&f) {
        NextFollowup::Upcoming { step, on, sent_today, .. } => {
            assert_eq!((step.id.as_str(), on, sent_today), ("overdue_7", d("2026-11-03"), None))
        }
        other => panic!("{other:?}"),
    }
    steps[0].tone = "shouty".into();
    let err =
        f.duly.ladder_save(LadderSaveInput { client_id: Some(atelier), steps, catch_up_gap_days: None }).unwrap_err();
    assert!(err.message.starts_with("steps[0].tone: unknown tone \"shouty\""), "{}", err.message);

    // Terms: 8 % a year on this client's invoices; the late fee appears in the escalation step.
    f.duly
        .terms_save(TermsInput {
            client_id: Some(atelier),
            late_fee_kind: Some("interest_per_year".into()),
            late_fee_value: Some("8".into()),
            ..TermsInput::default()
        })
        .unwrap();
    let err = f
        .duly
        .terms_save(TermsInput {
            late_fee_kind: Some("fixed".into()),
            late_fee_value: Some("-5".into()),
            ..TermsInput::default()
        })
        .unwrap_err();
    assert!(err.message.contains("late_fee"), "{}", err.message);
    let mut later = reopen(&f, "2026-11-14");
    // Skip the +7 step and the call: the ladder moves on to the escalation (steps come in order).
    for step in ["overdue_7", "call"] {
        assert!(
            later.followup_skip(FollowupStepInput { number: "F-1".into(), step: step.into(), until: None }).unwrap()
        );
    }
    let draft =
        later.remind(RemindInput { number: "F-1".into(), draft_only: true, ..RemindInput::default() }).unwrap().draft;
    // 1,190.00 × 8 % × 14 / 365 = 3.6515… → 3,65 lei, called interest as the letter calls it.
    assert!(draft.text.contains("la data de azi dobânda penalizatoare se ridică la 3,65 lei"), "{}", draft.text);

    assert_eq!(
        later
            .followup_skip(FollowupStepInput { number: "F-1".into(), step: "overdue_7".into(), until: None })
            .unwrap_err()
            .code,
        ErrorCode::Conflict
    );

    // A pause holds everything; ending it brings the step in hand back.
    later
        .followup_pause(PauseInput { number: "F-1".into(), until: Some("2026-11-20".into()), note: "holiday".into() })
        .unwrap();
    assert_eq!(
        later.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap(),
        NextFollowup::PausedUntil { until: d("2026-11-20") }
    );
    later.followup_pause(PauseInput { number: "F-1".into(), until: None, note: String::new() }).unwrap();
    assert!(
        matches!(later.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap(), NextFollowup::Due { step, .. } if step.id == "escalate")
    );

    // On credit hold, the +21 step no longer proposes it.
    let hold =
        later.credit_hold_set(CreditHoldInput { client_id: atelier, on: true, reason: "late twice".into() }).unwrap();
    assert_eq!((hold.on, hold.since), (true, Some(d("2026-11-14"))));
    let mut on_21 = reopen(&f, "2026-11-21");
    assert!(
        on_21.followup_skip(FollowupStepInput { number: "F-1".into(), step: "escalate".into(), until: None }).unwrap()
    );
    match on_21.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap() {
        NextFollowup::Due { step, propose_credit_hold, .. } => {
            assert_eq!((step.id.as_str(), propose_credit_hold), ("service_pause", false))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_final_demand_goes_out_with_the_formal_letter_as_well_as_the_invoice() {
    let server = RealServer::start();
    let f = fixture(server.addr, "2026-11-01");
    let mut late = reopen(&f, "2026-11-30");
    // A Romanian business: the letter is a somație under Romanian law.
    late.law_country_set(Some("RO".into())).unwrap();
    // Every earlier step dealt with (skipped here): the final demand is the step in hand.
    for step in ["overdue_1", "overdue_7", "call", "escalate", "service_pause"] {
        late.followup_skip(FollowupStepInput { number: "F-1".into(), step: step.into(), until: None }).unwrap();
    }
    let sent = late.remind(RemindInput { number: "F-1".into(), draft_only: false, ..RemindInput::default() }).unwrap();
    assert_eq!(sent.step.id, "final_demand");
    assert!(sent.draft.attach_demand_letter);
    let attachments = sent.outbox.unwrap().attachments;
    assert_eq!(attachments.len(), 2, "{attachments:?}");
    assert_eq!(attachments[0], "F-1.pdf");
    assert!(attachments[1].ends_with(".pdf") && attachments[1] != "F-1.pdf", "{attachments:?}");
    late.outbox_run(Utc::now() + TimeDelta::days(8)).unwrap();
    let mail = mail_parser::MessageParser::default().parse(&server.received()[0]).unwrap().into_owned();
    assert_eq!(mail.subject(), Some("Notificare finală înaintea altor demersuri: factura F-1"));
    assert_eq!(mail.attachments().filter(|a| a.contents().starts_with(b"%PDF")).count(), 2);

    // One deadline, computed once: the email and the letter it carries state the same term
    // (30 November + 15 days; a Romanian somație counts them from receipt), read back from the
    // PDF with pdftotext.
    assert_eq!(sent.draft.demand_deadline, Some(d("2026-12-15")));
    let body = mail.body_text(0).unwrap().into_owned();
    assert!(
        body.contains("în termen de 15 zile de la primirea somației atașate (până la data de 15 decembrie 2026)"),
        "{body}"
    );
    // Every earlier step was skipped, not sent: the message does not claim reminders went before.
    assert!(!body.contains("reamintire anterioare") && body.contains("Factura nu a fost achitată"), "{body}");
    let letter = mail.attachments().find(|a| a.attachment_name() != Some("F-1.pdf")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("letter.pdf");
    std::fs::write(&pdf, letter.contents()).unwrap();
    match std::process::Command::new("pdftotext").arg(&pdf).arg("-").output() {
        Ok(out) => {
            let text = String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(text.contains("în termen de 15 zile de la primirea prezentei somații"), "{text}");
            for other in ["8 decembrie 2026", "7 decembrie 2026"] {
                assert!(!text.contains(other), "{text}");
            }
        }
        Err(_) => assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext (poppler-utils) is missing, and CI must read the letter"
        ),
    }
}

fn inputs(steps: &[LadderStep]) -> Vec<LadderStepInput> {
    steps
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
        .collect()
}

/// Issue 18: the client page's "No reminders for this client" (an empty ladder of its own),
/// "Use my usual schedule" again, and a step added for everyone, worded like an existing one.
#[test]
fn a_client_can_have_no_reminders_and_everyone_an_added_step() {
    let server = RealServer::start();
    let mut f = fixture(server.addr, "2026-11-08");
    let atelier = f.duly.invoice_get("F-1").unwrap().client_id;
    let next = |f: &Fixture| f.duly.followup_next(InvoiceNumber { number: "F-1".into(), as_of: None }).unwrap();
    let listed = |f: &Fixture| {
        f.duly.followup_actions(FollowupQuery::default()).unwrap().items.iter().any(|a| a.number == "F-1")
    };
    assert!(matches!(next(&f), NextFollowup::Due { .. }), "{:?}", next(&f));
    assert!(listed(&f));

    let off = f
        .duly
        .ladder_save(LadderSaveInput { client_id: Some(atelier), steps: vec![], catch_up_gap_days: None })
        .unwrap();
    assert!(off.customised && off.steps.is_empty());
    assert_eq!(next(&f), NextFollowup::AllStepsDone);
    assert!(!listed(&f), "nothing to send for this client");
    assert!(f.duly.ladder_get(LadderScope { client_id: None }).unwrap().steps.len() == 9, "others keep theirs");

    let business = f.duly.ladder_get(LadderScope { client_id: None }).unwrap().steps;
    let usual = f
        .duly
        .ladder_save(LadderSaveInput { client_id: Some(atelier), steps: inputs(&business), catch_up_gap_days: None })
        .unwrap();
    assert!(!usual.customised);
    assert!(listed(&f));

    // A step added for everyone: 45 days after the due date, sent like the 7-day reminder.
    let mut steps = inputs(&business);
    let like = steps.iter().find(|s| s.id == "overdue_7").unwrap().clone();
    steps.push(LadderStepInput { id: "overdue_45".into(), offset_days: 45, ..like });
    let saved = f.duly.ladder_save(LadderSaveInput { client_id: None, steps, catch_up_gap_days: None }).unwrap();
    let added = saved.steps.iter().find(|s| s.id == "overdue_45").unwrap();
    assert_eq!((added.offset_days, added.template.as_str(), added.purpose.as_str()), (45, "overdue_7", "reminder"));
    let client = f.duly.ladder_get(LadderScope { client_id: Some(atelier) }).unwrap();
    assert!(client.steps.iter().any(|s| s.id == "overdue_45") && !client.customised);
}
