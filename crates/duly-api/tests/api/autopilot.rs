//! Autopilot end to end: a real SQLite file, a real SMTP server on 127.0.0.1 and a pinned clock
//! walked through the days, for clients in three time zones. Automatic steps go out on their
//! day inside the client's business hours; draft-only steps and the demand never go out by
//! themselves; a payment, a promise and a reply stop it; two invoices of one client due the same
//! day are one message with the statement attached; turning it on needs the preview confirmed.

use crate::support;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use duly_api::*;
use mail_parser::MimeHeaders;
use support::smtp::{FakeServer, RealServer, Step as Smtp};
use support::studio::{self, Studio};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Every invoice's steps recorded as done, `(number, step, on_date, outbox_id)`.
fn steps_done(conn: &rusqlite::Connection) -> Vec<(String, String, String, Option<i64>)> {
    conn.prepare(
        "SELECT i.number, f.step_id, f.on_date, f.outbox_id FROM followups f JOIN invoices i ON i.id = f.invoice_id
          WHERE f.outcome = 'done' ORDER BY i.number, f.on_date",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn inside_business_hours(sent_at: &str, zone: &str) -> bool {
    let local = at(sent_at).with_timezone(&zone.parse::<Tz>().unwrap());
    !matches!(local.weekday(), Weekday::Sat | Weekday::Sun) && (9..17).contains(&local.hour())
}

#[test]
fn ninety_days_in_three_time_zones() {
    let server = RealServer::start();
    // Tuesday 1 December 2026, 08:00 in Bucharest.
    let start = at("2026-12-01T06:00:00Z");
    let mut s = Studio::new(server.addr, start);
    let ro = s.client("Brasov Print", "ro", "ana@brasovprint.example");
    let id = s.client("PT Sinar Jaya", "id", "budi@sinarjaya.example");
    let us = s.client("Hudson Labs", "us", "kate@hudsonlabs.example");
    // Two invoices of the Romanian client on the same days: one message a step, not two.
    s.invoice(ro, "RO-1", "2026-12-01", "2026-12-31");
    s.invoice(ro, "RO-2", "2026-12-01", "2026-12-31");
    s.invoice(id, "ID-1", "2026-12-02", "2027-01-05");
    s.invoice(us, "US-1", "2026-12-03", "2027-01-10");
    let preview = s.enable();
    // Today and the next 6 days: receipt checks on 4, 5 and 6 December.
    let days: Vec<(NaiveDate, &str, Vec<String>)> =
        preview.items.iter().map(|i| (i.day, i.client.as_str(), i.invoices.clone())).collect();
    assert_eq!(
        days,
        [
            (day("2026-12-04"), "Brasov Print", vec!["RO-1".to_owned(), "RO-2".to_owned()]),
            (day("2026-12-05"), "PT Sinar Jaya", vec!["ID-1".to_owned()]),
            (day("2026-12-06"), "Hudson Labs", vec!["US-1".to_owned()]),
        ]
    );
    let zones: Vec<&str> = preview.items.iter().map(|i| i.timezone.as_str()).collect();
    assert_eq!(zones, ["Europe/Bucharest", "Asia/Jakarta", "America/New_York"]);
    // 5 Dec is a Saturday: the Jakarta receipt check goes out on Monday at 09:00 Jakarta time.
    assert_eq!(preview.items[1].send_local, "2026-12-07T09:00");

    // The walk: every hour for 90 days, the sender's pass.
    let mut now = start;
    let end = start + chrono::TimeDelta::days(90);
    while now < end {
        now += chrono::TimeDelta::hours(1);
        let (auto, _) = s.pass(now);
        assert!(auto.problems.is_empty(), "{:?}", auto.problems);
    }

    let done = steps_done(&s.sql());
    let auto_steps: Vec<(&str, &str, &str)> =
        done.iter().map(|(n, st, on, _)| (n.as_str(), st.as_str(), on.as_str())).collect();
    assert_eq!(
        auto_steps,
        [
            ("ID-1", "receipt_check", "2026-12-05"),
            ("ID-1", "before_due", "2026-12-29"),
            ("ID-1", "overdue_1", "2027-01-06"),
            ("RO-1", "receipt_check", "2026-12-04"),
            ("RO-1", "before_due", "2026-12-24"),
            ("RO-1", "overdue_1", "2027-01-01"),
            ("RO-2", "receipt_check", "2026-12-04"),
            ("RO-2", "before_due", "2026-12-24"),
            ("RO-2", "overdue_1", "2027-01-01"),
            ("US-1", "receipt_check", "2026-12-06"),
            ("US-1", "before_due", "2027-01-03"),
            ("US-1", "overdue_1", "2027-01-11"),
        ],
        "only the automatic steps, each on its day; overdue_7, the call, the firm steps and the demand never"
    );
    // RO-1 and RO-2 shared each message: 3 steps × (1 + 1 + 1 + 1 clients' messages) = 12 messages' worth of
    // steps in 9 messages.
    let sent = s.sent();
    assert_eq!(sent.len(), 9);
    assert_eq!(server.received().len(), 9);
    for m in &sent {
        assert!(m.by_autopilot);
        let zone = m.send_zone.clone().unwrap();
        let sent_at = m.sent_at.clone().unwrap();
        assert!(inside_business_hours(&sent_at, &zone), "{} sent at {sent_at} ({zone})", m.subject);
        assert!(!m.kind.contains("final_demand") && !m.kind.contains("overdue_7"), "{}", m.kind);
    }
    // The firm steps wait on Today as drafts; the demand too.
    let today = s.d().followup_actions(FollowupQuery::default()).unwrap();
    let waiting: Vec<(String, String)> = today
        .items
        .iter()
        .filter_map(|a| match &a.next {
            NextFollowup::Due { step, .. } => Some((a.number.clone(), step.id.clone())),
            _ => None,
        })
        .collect();
    assert!(waiting.contains(&("RO-1".to_owned(), "overdue_7".to_owned())), "{waiting:?}");
    // Every step autopilot sent is marked on the timeline.
    let detail = s.d().invoice_get("RO-2").unwrap();
    let marked: Vec<&str> = detail.timeline.iter().filter(|e| e.by_autopilot).map(|e| e.kind.as_str()).collect();
    assert_eq!(marked.iter().filter(|k| **k == "email_sent").count(), 3, "{marked:?}");
}

#[test]
fn two_invoices_of_one_client_due_the_same_day_are_one_message_with_the_statement() {
    let server = RealServer::start();
    let start = at("2026-12-01T06:00:00Z");
    let mut s = Studio::new(server.addr, start);
    let ro = s.client("Brasov Print", "ro", "ana@brasovprint.example");
    s.invoice(ro, "RO-1", "2026-12-01", "2026-12-31");
    s.invoice(ro, "RO-2", "2026-12-01", "2026-12-31");
    s.enable();
    // 4 December, 10:00 in Bucharest: the receipt checks are due.
    let (auto, out) = s.pass(at("2026-12-04T08:00:00Z"));
    assert_eq!(auto.queued.len(), 1);
    let numbers: Vec<&str> = auto.queued[0].invoices.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["RO-1", "RO-2"]);
    assert_eq!(out.sent, 0, "the undo window first");
    s.pass(at("2026-12-04T08:05:00Z"));
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    let text = mail.body_text(0).unwrap().to_string();
    assert!(
        mail.subject().unwrap().contains("RO-1") && mail.subject().unwrap().contains("RO-2"),
        "{:?}",
        mail.subject()
    );
    assert!(text.contains("RO-1") && text.contains("RO-2"), "{text}");
    let names: Vec<String> = mail.attachments().filter_map(|a| a.attachment_name().map(str::to_owned)).collect();
    assert_eq!(names.len(), 3, "two invoices and the statement: {names:?}");
    // The summary says what autopilot did, with the link to the message.
    let summary = s.d().autopilot_today().unwrap();
    assert_eq!((summary.sent, summary.items.len()), (1, 1));
    assert_eq!(summary.headline, "Duly sent 1 receipt check today");
}

#[test]
fn a_payment_a_promise_and_a_reply_each_stop_it_for_that_invoice() {
    let server = RealServer::start();
    let start = at("2026-12-01T06:00:00Z");
    let mut s = Studio::new(server.addr, start);
    let names = ["Alpha", "Beta", "Gamma", "Delta"];
    for (i, name) in names.iter().enumerate() {
        let c = s.client(name, "ro", &format!("billing@{}.example", name.to_lowercase()));
        s.invoice(c, &format!("F-{i}"), "2026-11-01", "2026-12-10");
    }
    s.enable();
    // Before the due date: a part payment on F-0, a promise for F-1, a reply about F-2.
    s.at(at("2026-12-08T08:00:00Z"))
        .payment_add(PaymentInput {
            invoice_number: "F-0".into(),
            amount: "100".into(),
            date: None,
            method: String::new(),
            note: String::new(),
        })
        .unwrap();
    s.d()
        .call_log(CallInput {
            invoice_number: Some("F-1".into()),
            outcome: Some(CallOutcome::Promised),
            promise_date: Some("2026-12-09".into()),
            ..CallInput::default()
        })
        .unwrap();
    let status = s
        .d()
        .autopilot_note(AutopilotNoteInput { number: "F-2".into(), kind: AutopilotNoteKind::Reply, detail: None })
        .unwrap();
    let reasons: Vec<AutopilotStopReason> = status.stops.iter().map(|s| s.reason).collect();
    assert_eq!(
        reasons,
        [AutopilotStopReason::Payment, AutopilotStopReason::Promise, AutopilotStopReason::Reply],
        "{status:?}"
    );
    assert_eq!(status.state, AutopilotState::On, "these stops are per invoice or client, not global");
    // 11 December (overdue_1), all day.
    for h in 6..18 {
        s.pass(at(&format!("2026-12-11T{h:02}:00:00Z")));
    }
    let sent: Vec<Option<i64>> = s.sent().iter().map(|m| m.invoice_id).collect();
    let f3 = s.d().invoice_get("F-3").unwrap().id;
    assert_eq!(sent, [Some(f3)], "only the invoice nothing happened to got its polite reminder");
    // The user looks at F-0 and resumes it: the next pass writes.
    let f0 = s.d().invoice_get("F-0").unwrap().id;
    s.d().autopilot_resume(AutopilotResumeInput { invoice_id: Some(f0), client_id: None }).unwrap();
    for h in 6..18 {
        s.pass(at(&format!("2026-12-14T{h:02}:00:00Z")));
    }
    assert_eq!(s.sent().len(), 2);
}

/// A message that states a late fee cites what not paying costs: it waits for the user's click
/// even on a step that is automatic, while the same step for a client without a fee goes out.
#[test]
fn a_reminder_that_would_state_a_late_fee_waits_for_the_user() {
    let server = RealServer::start();
    let start = at("2026-12-01T06:00:00Z");
    let mut s = Studio::new(server.addr, start);
    let plain = s.client("Plain", "ro", "billing@plain.example");
    let charged = s.client("Charged", "ro", "billing@charged.example");
    s.invoice(plain, "P-1", "2026-11-01", "2026-12-10");
    s.invoice(charged, "C-1", "2026-11-01", "2026-12-10");
    s.d()
        .terms_save(TermsInput {
            client_id: Some(charged),
            late_fee_kind: Some("fixed".into()),
            late_fee_value: Some("50".into()),
            ..TermsInput::default()
        })
        .unwrap();
    s.enable();
    for h in 6..18 {
        s.pass(at(&format!("2026-12-11T{h:02}:00:00Z")));
    }
    let p1 = s.d().invoice_get("P-1").unwrap().id;
    let sent: Vec<Option<i64>> = s.sent().iter().map(|m| m.invoice_id).collect();
    assert_eq!(sent, [Some(p1)], "only the reminder without a fee went out by itself");
    // The fee-stating reminder is on Today as a draft for the user.
    let today = s.d().followup_actions(FollowupQuery::default()).unwrap();
    assert!(today.items.iter().any(|a| a.number == "C-1"), "{today:?}");
    // And the preview never promised it.
    let preview = s.d().autopilot_preview(AutopilotPreviewQuery::default()).unwrap();
    assert!(preview.items.iter().all(|i| !i.invoices.iter().any(|n| n == "C-1")), "{preview:?}");
}

#[test]
fn enabling_on_a_backlog_shows_the_preview_and_sends_nothing_before_confirmation() {
    let server = RealServer::start();
    let now = at("2026-12-01T08:00:00Z");
    let mut s = Studio::new(server.addr, now);
    let c = s.client("Brasov Print", "ro", "ana@brasovprint.example");
    // Imported months late: overdue since October.
    s.invoice(c, "OLD-1", "2026-09-01", "2026-10-01");
    s.invoice(c, "OLD-2", "2026-09-15", "2026-10-15");
    // Off: the pass does nothing.
    let (auto, _) = s.pass(now);
    assert_eq!((auto.ran, auto.skipped.as_deref()), (false, Some("off")));
    let preview = s.d().autopilot_preview(AutopilotPreviewQuery { days: Some(7) }).unwrap();
    // The backlog catches up from the polite reminder, one message for the client, never the demand.
    assert_eq!(preview.items.len(), 1, "{:?}", preview.items);
    assert_eq!((preview.items[0].step.as_str(), preview.items[0].catching_up), ("overdue_1", true));
    assert_eq!(preview.items[0].invoices, ["OLD-1", "OLD-2"]);
    // No confirmation, or a stale one, turns nothing on.
    let err = s.d().autopilot_enable(AutopilotEnableInput { token: String::new(), days: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    s.invoice(c, "OLD-3", "2026-09-20", "2026-10-20");
    let err = s.d().autopilot_enable(AutopilotEnableInput { token: preview.token.clone(), days: None }).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
    assert!(err.message.starts_with("token:"), "{err:?}");
    for h in 8..16 {
        s.pass(at(&format!("2026-12-01T{h:02}:00:00Z")));
    }
    assert!(server.received().is_empty(), "nothing before the confirmation");
    assert!(!s.d().autopilot_status().unwrap().enabled);
    // Confirmed: what the preview showed goes out.
    let preview = s.enable();
    assert_eq!(preview.items[0].invoices, ["OLD-1", "OLD-2", "OLD-3"]);
    // An invoice imported after the confirmation, the same day, waits for the next day's pass.
    s.invoice(c, "OLD-4", "2026-09-25", "2026-10-25");
    let (auto, _) = s.pass(at("2026-12-01T14:00:00Z"));
    assert_eq!(auto.queued.len(), 1);
    assert_eq!(auto.queued[0].invoices.len(), 3);
    assert_eq!(auto.held_for_confirmation, 1);
    s.pass(at("2026-12-01T14:05:00Z"));
    assert_eq!(server.received().len(), 1);
}

#[test]
fn the_demand_and_other_never_automatic_steps_are_refused_by_name() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-12-01T08:00:00Z"));
    for step in ["final_demand", "call"] {
        let err = s
            .d()
            .autopilot_step_mode_set(AutopilotStepModeInput {
                step: step.into(),
                mode: AutopilotStepMode::Auto,
                client_id: None,
            })
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains(step), "{err:?}");
    }
    // The firm steps can be opted into.
    let status = s
        .d()
        .autopilot_step_mode_set(AutopilotStepModeInput {
            step: "escalate".into(),
            mode: AutopilotStepMode::Auto,
            client_id: None,
        })
        .unwrap();
    let escalate = status.steps.iter().find(|st| st.step == "escalate").unwrap();
    assert_eq!((escalate.mode, escalate.default_mode), (AutopilotStepMode::Auto, AutopilotStepMode::Draft));
    let demand = status.steps.iter().find(|st| st.step == "final_demand").unwrap();
    assert_eq!((demand.can_be_auto, demand.never_reason.as_deref()), (false, Some("final_demand")));
}

#[test]
fn a_database_with_demo_data_never_sends() {
    let server = RealServer::start();
    let now = at("2026-12-04T08:00:00Z");
    let mut s = Studio::new(server.addr, at("2026-12-01T08:00:00Z"));
    let c = s.client("Brasov Print", "ro", "ana@brasovprint.example");
    s.invoice(c, "RO-1", "2026-12-01", "2026-12-31");
    s.enable();
    // A demo client appears (as `demo_load` marks them): autopilot stops sending at once.
    let demo = s.client("Demo Client", "ro", "demo@example.com");
    s.sql().execute("UPDATE clients SET demo = 1 WHERE id = ?1", [demo]).unwrap();
    let (auto, _) = s.pass(now);
    assert_eq!(auto.skipped.as_deref(), Some("demo_data"));
    assert_eq!(s.d().autopilot_status().unwrap().state, AutopilotState::DemoData);
    let err = s.d().autopilot_enable(AutopilotEnableInput { token: "x".into(), days: None }).unwrap_err();
    assert!(err.message.contains("demo data"), "{err:?}");
    // A message autopilot queued before the demo data came is cancelled at the claim.
    s.sql().execute("UPDATE clients SET demo = 0 WHERE id = ?1", [demo]).unwrap();
    let (auto, _) = s.pass(now);
    assert_eq!(auto.queued.len(), 1);
    s.sql().execute("UPDATE clients SET demo = 1 WHERE id = ?1", [demo]).unwrap();
    let (_, out) = s.pass(now + chrono::TimeDelta::minutes(5));
    assert_eq!((out.sent, out.cancelled), (0, 1));
    assert!(server.received().is_empty());
}

#[test]
fn an_smtp_failure_stops_autopilot_until_the_user_resumes_it() {
    let server = FakeServer::start([Smtp::Reply("554 5.7.1 relay refused".into())]);
    let mut s = Studio::new(server.addr, at("2026-12-01T08:00:00Z"));
    let a = s.client("Alpha", "ro", "billing@alpha.example");
    let b = s.client("Beta", "ro", "billing@beta.example");
    s.invoice(a, "A-1", "2026-12-01", "2026-12-31");
    s.invoice(b, "B-1", "2026-12-02", "2026-12-31");
    s.enable();
    s.pass(at("2026-12-04T08:00:00Z"));
    let (_, out) = s.pass(at("2026-12-04T08:05:00Z"));
    assert_eq!(out.failed, 1);
    let status = s.d().autopilot_status().unwrap();
    assert_eq!(status.state, AutopilotState::Stopped);
    assert_eq!(status.stops[0].reason, AutopilotStopReason::SmtpFailure);
    assert!(status.stops[0].detail.contains("relay refused"), "{:?}", status.stops[0]);
    // The next day's receipt check waits.
    let (auto, _) = s.pass(at("2026-12-05T08:00:00Z"));
    assert_eq!(auto.skipped.as_deref(), Some("stopped"));
    // The user looked: autopilot goes on (the server now accepts).
    s.d().autopilot_resume(AutopilotResumeInput::default()).unwrap();
    let (auto, _) = s.pass(at("2026-12-07T08:00:00Z"));
    assert_eq!(auto.queued.len(), 1, "{auto:?}");
    s.pass(at("2026-12-07T08:05:00Z"));
    assert_eq!(server.accepted().len(), 1);
}

#[test]
fn a_changed_smtp_account_or_business_profile_stops_it_and_holds_back_what_it_queued() {
    let server = RealServer::start();
    let mut s = Studio::new(server.addr, at("2026-12-01T08:00:00Z"));
    let a = s.client("Alpha", "ro", "billing@alpha.example");
    s.invoice(a, "A-1", "2026-12-01", "2026-12-31");
    s.enable();
    // Saturday 5 Dec: queued for Monday's business hours.
    let (auto, _) = s.pass(at("2026-12-05T08:00:00Z"));
    assert_eq!(auto.queued.len(), 1);
    let mut mail = studio::mail_settings(server.addr);
    mail.from_email = "office@studio.example.ro".into();
    s.d().mail_settings_save(mail).unwrap();
    let status = s.d().autopilot_status().unwrap();
    assert_eq!(status.stops[0].reason, AutopilotStopReason::SmtpChanged);
    let (_, out) = s.pass(at("2026-12-07T08:00:00Z"));
    assert_eq!((out.sent, out.cancelled), (0, 1));
    let cancelled = s.d().outbox_list(OutboxQuery { state: Some(OutboxStatus::Cancelled), limit: None }).unwrap();
    assert_eq!(cancelled[0].cancel_reason, Some(CancelReason::AutopilotStopped));
    // Resumed; then the business profile changes: stopped again.
    s.d().autopilot_resume(AutopilotResumeInput::default()).unwrap();
    let mut b = studio::business();
    b.iban = "RO49AAAA1B31007593840000".into();
    s.d().business_save(b).unwrap();
    assert_eq!(s.d().autopilot_status().unwrap().stops[0].reason, AutopilotStopReason::BusinessChanged);
    assert!(server.received().is_empty());
}
