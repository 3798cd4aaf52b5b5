//! Invoices walked through the ladder day by day, doing whatever is due the day it is due.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::InvoiceStatus;
use crate::calls::{PaymentOn, Promise};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(s: &str) -> StepId {
    s.parse().unwrap()
}

/// Sent 1 October, due 31 October, 1,000.00 owed, an email address on file.
fn invoice() -> InvoiceFacts {
    InvoiceFacts {
        status: InvoiceStatus::Sent,
        sent_on: d("2026-10-01"),
        due_on: d("2026-10-31"),
        total: 100_000,
        payments: vec![],
        history: vec![],
        paused_until: None,
        promise: None,
        has_email: true,
        credit_hold: false,
        instalment: None,
    }
}

/// Walks `facts` from `from` through `to`, marking each due step done on its day. Returns
/// (day, step) for every step done, and the action on the last day.
fn walk(ladder: &Ladder, facts: &mut InvoiceFacts, from: &str, to: &str) -> (Vec<(NaiveDate, String)>, Action) {
    let mut done = Vec::new();
    let mut day = d(from);
    loop {
        let action = next_action(ladder, facts, day);
        if let Action::Due { step, .. } = &action {
            facts.history.push(StepRecord::new(step.id.clone(), day, Outcome::Done));
            done.push((day, step.id.to_string()));
            // Each step is done the day it comes; the same day then shows what is next.
            continue;
        }
        if day == d(to) {
            return (done, action);
        }
        day = day.succ_opt().unwrap();
    }
}

fn names(done: &[(NaiveDate, String)]) -> Vec<(String, &str)> {
    done.iter().map(|(day, s)| (day.to_string(), s.as_str())).collect()
}

#[test]
fn an_unpaid_invoice_climbs_the_whole_ladder_one_step_a_day_it_falls_due() {
    let mut facts = invoice();
    let (done, last) = walk(&Ladder::default(), &mut facts, "2026-10-01", "2027-01-31");
    assert_eq!(
        names(&done),
        [
            ("2026-10-04".to_owned(), "receipt_check"),
            ("2026-10-24".to_owned(), "before_due"),
            ("2026-11-01".to_owned(), "overdue_1"),
            ("2026-11-07".to_owned(), "overdue_7"),
            ("2026-11-08".to_owned(), "call"),
            ("2026-11-14".to_owned(), "escalate"),
            ("2026-11-21".to_owned(), "service_pause"),
            ("2026-11-30".to_owned(), "final_demand"),
        ]
    );
    assert_eq!(last, Action::Blocked(Blocked::AllStepsDone));
}

#[test]
fn between_steps_the_next_one_and_its_day_are_known() {
    let mut facts = invoice();
    let ladder = Ladder::default();
    match next_action(&ladder, &facts, d("2026-10-02")) {
        Action::Upcoming { step, on } => assert_eq!((step.id.as_str(), on), ("receipt_check", d("2026-10-04"))),
        other => panic!("{other:?}"),
    }
    facts.history.push(StepRecord::new(id("receipt_check"), d("2026-10-04"), Outcome::Done));
    match next_action(&ladder, &facts, d("2026-10-04")) {
        Action::Upcoming { step, on } => assert_eq!((step.id.as_str(), on), ("before_due", d("2026-10-24"))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_action_not_taken_stays_due_and_later_steps_wait_their_turn() {
    let facts = invoice();
    let ladder = Ladder::default();
    let due = |day: &str| match next_action(&ladder, &facts, d(day)) {
        Action::Due { step, on, passed_over, .. } => (step.id.to_string(), on.to_string(), passed_over.len()),
        other => panic!("{day}: {other:?}"),
    };
    assert_eq!(due("2026-11-01"), ("overdue_1".into(), "2026-11-01".into(), 3 - 1));
    assert_eq!(due("2026-11-05"), ("overdue_1".into(), "2026-11-01".into(), 2));
    // Three weeks late and nothing sent: still the polite reminder first (catch-up, rule 4);
    // only the steps meant for before the due date are passed over.
    assert_eq!(due("2026-11-22"), ("overdue_1".into(), "2026-11-01".into(), 2));
}

#[test]
fn a_payment_in_full_stops_the_ladder_the_day_it_arrives() {
    let mut facts = invoice();
    let ladder = Ladder::default();
    facts.history.push(StepRecord::new(id("overdue_1"), d("2026-11-01"), Outcome::Done));
    facts.payments.push(PaymentOn { date: d("2026-11-06"), amount: 100_000 });
    assert!(
        matches!(next_action(&ladder, &facts, d("2026-11-05")), Action::Upcoming { ref step, .. } if step.id.as_str() == "overdue_7"),
        "not paid yet on the 5th"
    );
    assert_eq!(next_action(&ladder, &facts, d("2026-11-07")), Action::Blocked(Blocked::Paid));
    // Even before the stored status catches up, and once it has.
    facts.status = InvoiceStatus::Paid;
    assert_eq!(next_action(&ladder, &facts, d("2026-11-30")), Action::Blocked(Blocked::Paid));
}

#[test]
fn a_partial_payment_keeps_the_ladder_going_on_what_is_left() {
    let mut facts = invoice();
    facts.status = InvoiceStatus::PartlyPaid;
    facts.payments.push(PaymentOn { date: d("2026-11-03"), amount: 40_000 });
    assert_eq!(facts.due_on_day(d("2026-11-02")), 100_000);
    assert_eq!(facts.due_on_day(d("2026-11-07")), 60_000);
    let (done, _) = walk(&Ladder::default(), &mut facts, "2026-11-01", "2026-11-08");
    assert_eq!(
        names(&done),
        [
            ("2026-11-01".to_owned(), "overdue_1"),
            ("2026-11-07".to_owned(), "overdue_7"),
            ("2026-11-08".to_owned(), "call")
        ]
    );
}

#[test]
fn drafts_and_void_invoices_are_never_chased() {
    let mut facts = invoice();
    facts.status = InvoiceStatus::Draft;
    assert_eq!(next_action(&Ladder::default(), &facts, d("2026-11-20")), Action::Blocked(Blocked::Draft));
    facts.status = InvoiceStatus::Void;
    assert_eq!(next_action(&Ladder::default(), &facts, d("2026-11-20")), Action::Blocked(Blocked::Void));
}

#[test]
fn a_pause_holds_through_its_last_day_then_the_ladder_resumes_in_order() {
    let mut facts = invoice();
    facts.paused_until = Some(d("2026-11-10"));
    let ladder = Ladder::default();
    assert_eq!(next_action(&ladder, &facts, d("2026-11-10")), Action::Blocked(Blocked::PausedUntil(d("2026-11-10"))));
    match next_action(&ladder, &facts, d("2026-11-11")) {
        Action::Due { step, .. } => assert_eq!(step.id.as_str(), "overdue_1"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn postponed_and_skipped_steps() {
    let mut facts = invoice();
    let ladder = Ladder::default();
    facts.history.push(StepRecord::new(id("before_due"), d("2026-10-24"), Outcome::Done));
    facts.history.push(StepRecord::new(
        id("overdue_1"),
        d("2026-11-01"),
        Outcome::Postponed { until: d("2026-11-03") },
    ));
    match next_action(&ladder, &facts, d("2026-11-02")) {
        Action::Upcoming { step, on } => assert_eq!((step.id.as_str(), on), ("overdue_1", d("2026-11-03"))),
        other => panic!("{other:?}"),
    }
    match next_action(&ladder, &facts, d("2026-11-03")) {
        Action::Due { step, on, reason, .. } => {
            assert_eq!((step.id.as_str(), on, reason), ("overdue_1", d("2026-11-03"), DueReason::Postponed));
        }
        other => panic!("{other:?}"),
    }
    facts.history.push(StepRecord::new(id("overdue_1"), d("2026-11-03"), Outcome::Skipped));
    match next_action(&ladder, &facts, d("2026-11-03")) {
        Action::Upcoming { step, .. } => assert_eq!(step.id.as_str(), "overdue_7"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn without_an_email_address_an_email_step_is_blocked_but_a_call_is_not() {
    let mut facts = invoice();
    facts.has_email = false;
    let ladder = Ladder::default();
    assert_eq!(
        next_action(&ladder, &facts, d("2026-11-01")),
        Action::Blocked(Blocked::NoContactAddress { step: id("overdue_1"), on: d("2026-11-01") })
    );
    // Steps come in order: the call waits behind the reminder until an address is added (or the
    // reminder is skipped), rather than jumping ahead of it.
    assert_eq!(
        next_action(&ladder, &facts, d("2026-11-08")),
        Action::Blocked(Blocked::NoContactAddress { step: id("overdue_1"), on: d("2026-11-01") })
    );
    facts.history.push(StepRecord::new(id("overdue_1"), d("2026-11-08"), Outcome::Skipped));
    facts.history.push(StepRecord::new(id("overdue_7"), d("2026-11-08"), Outcome::Skipped));
    assert!(
        matches!(next_action(&ladder, &facts, d("2026-11-08")), Action::Due { step, .. } if step.id.as_str() == "call")
    );
}

#[test]
fn a_promise_pauses_to_the_grace_day_and_a_broken_one_resumes_firmer_and_proposes_credit_hold() {
    let mut facts = invoice();
    let ladder = Ladder::default();
    for (step, on) in [("receipt_check", "2026-10-04"), ("before_due", "2026-10-24"), ("overdue_1", "2026-11-01")] {
        facts.history.push(StepRecord::new(id(step), d(on), Outcome::Done));
    }
    // On the call of 3 November the client promised everything by the 15th.
    facts.promise = Some(Promise::new(d("2026-11-03"), d("2026-11-15"), 100_000, 100_000).unwrap());
    for day in ["2026-11-03", "2026-11-07", "2026-11-16"] {
        assert_eq!(
            next_action(&ladder, &facts, d(day)),
            Action::Blocked(Blocked::PromisePending { pay_by: d("2026-11-15"), until: d("2026-11-16") }),
            "{day}"
        );
    }
    // The 17th: broken. Not the polite +7 or the call again, but the first firm step, today.
    match next_action(&ladder, &facts, d("2026-11-17")) {
        Action::Due { step, on, reason, propose_credit_hold, .. } => {
            assert_eq!(step.id.as_str(), "escalate");
            assert_eq!(on, d("2026-11-17"));
            assert_eq!(reason, DueReason::BrokenPromise { pay_by: d("2026-11-15") });
            assert!(propose_credit_hold);
        }
        other => panic!("{other:?}"),
    }
    // Once answered, the ladder runs its normal course from there.
    facts.history.push(StepRecord::new(id("escalate"), d("2026-11-17"), Outcome::Done));
    let (done, _) = walk(&ladder, &mut facts, "2026-11-17", "2026-12-31");
    assert_eq!(names(&done), [("2026-11-21".to_owned(), "service_pause"), ("2026-11-30".to_owned(), "final_demand")]);
}

#[test]
fn a_kept_promise_for_part_resumes_the_normal_course_and_one_for_all_stops_it() {
    let mut facts = invoice();
    let ladder = Ladder::default();
    facts.history.push(StepRecord::new(id("overdue_1"), d("2026-11-01"), Outcome::Done));
    facts.promise = Some(Promise::new(d("2026-11-03"), d("2026-11-15"), 30_000, 100_000).unwrap());
    facts.payments.push(PaymentOn { date: d("2026-11-14"), amount: 30_000 });
    match next_action(&ladder, &facts, d("2026-11-14")) {
        Action::Due { step, reason, propose_credit_hold, .. } => {
            assert_eq!((step.id.as_str(), reason, propose_credit_hold), ("escalate", DueReason::Scheduled, false));
        }
        other => panic!("{other:?}"),
    }
    facts.payments.push(PaymentOn { date: d("2026-11-15"), amount: 70_000 });
    assert_eq!(next_action(&ladder, &facts, d("2026-11-15")), Action::Blocked(Blocked::Paid));
}

#[test]
fn a_client_on_credit_hold_is_not_proposed_again() {
    let mut facts = invoice();
    facts.credit_hold = true;
    for (step, on) in
        [("overdue_1", "2026-11-01"), ("overdue_7", "2026-11-07"), ("call", "2026-11-08"), ("escalate", "2026-11-14")]
    {
        facts.history.push(StepRecord::new(id(step), d(on), Outcome::Done));
    }
    match next_action(&Ladder::default(), &facts, d("2026-11-21")) {
        Action::Due { step, propose_credit_hold, .. } => {
            assert_eq!(step.id.as_str(), "service_pause");
            assert!(!propose_credit_hold);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn per_client_overrides_change_the_walk() {
    // This client pays on a short leash: no receipt check, no call, no service pause, a
    // reminder on the due date itself, the demand letter at +20 in a client-specific wording.
    let o = LadderOverride {
        remove: vec![id("receipt_check"), id("call"), id("service_pause")],
        change: vec![
            (id("overdue_1"), StepChange { offset_days: Some(0), ..StepChange::default() }),
            (
                id("final_demand"),
                StepChange { offset_days: Some(20), template: Some(id("acme_demand")), ..StepChange::default() },
            ),
        ],
        add: vec![],
    };
    let ladder = Ladder::default().with(&o).unwrap();
    let mut facts = invoice();
    let (done, _) = walk(&ladder, &mut facts, "2026-10-01", "2026-12-31");
    assert_eq!(
        names(&done),
        [
            ("2026-10-24".to_owned(), "before_due"),
            ("2026-10-31".to_owned(), "overdue_1"),
            ("2026-11-07".to_owned(), "overdue_7"),
            ("2026-11-14".to_owned(), "escalate"),
            ("2026-11-20".to_owned(), "final_demand"),
        ]
    );
    assert_eq!(ladder.get(&id("final_demand")).unwrap().template.as_str(), "acme_demand");
}

#[test]
fn a_before_due_step_is_never_sent_after_the_due_date() {
    let o = LadderOverride { remove: vec![id("overdue_1")], ..LadderOverride::default() };
    let ladder = Ladder::default().with(&o).unwrap();
    let mut facts = invoice();
    facts.history.push(StepRecord::new(id("receipt_check"), d("2026-10-04"), Outcome::Done));
    // Before the due date, the reminder is due (late, but still true).
    assert!(
        matches!(next_action(&ladder, &facts, d("2026-10-30")), Action::Due { step, .. } if step.id.as_str() == "before_due")
    );
    // Once it has passed, "falls due on 31 October" would be wrong: wait for the +7 step.
    match next_action(&ladder, &facts, d("2026-11-01")) {
        Action::Upcoming { step, on } => assert_eq!((step.id.as_str(), on), ("overdue_7", d("2026-11-07"))),
        other => panic!("{other:?}"),
    }
    match next_action(&ladder, &facts, d("2026-11-07")) {
        Action::Due { step, passed_over, .. } => {
            assert_eq!(step.id.as_str(), "overdue_7");
            assert_eq!(passed_over, [id("before_due")]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_before_due_step_on_the_day_of_sending_is_left_out() {
    // Net 7: due−7 is the day the invoice went out.
    let mut facts = invoice();
    facts.due_on = d("2026-10-08");
    let (done, _) = walk(&Ladder::default(), &mut facts, "2026-10-01", "2026-10-09");
    assert_eq!(names(&done), [("2026-10-04".to_owned(), "receipt_check"), ("2026-10-09".to_owned(), "overdue_1")]);
}

/// Due 31 October, nothing sent, first seen `days_late` days after (an imported backlog),
/// walked to the end with the given catch-up gap.
fn imported(days_late: u64, gap: u32) -> Vec<(NaiveDate, String)> {
    let mut facts = invoice();
    let first = facts.due_on + chrono::Days::new(days_late);
    let ladder = Ladder::default().with_catch_up_gap(gap);
    walk(&ladder, &mut facts, &first.to_string(), "2027-12-31").0
}

#[test]
fn an_imported_backlog_starts_with_the_polite_reminder_and_catches_up_a_week_apart() {
    // 60 days late on 30 December: polite first, then every step in order, 7 days apart.
    assert_eq!(
        names(&imported(60, 7)),
        [
            ("2026-12-30".to_owned(), "overdue_1"),
            ("2027-01-06".to_owned(), "overdue_7"),
            ("2027-01-13".to_owned(), "call"),
            ("2027-01-20".to_owned(), "escalate"),
            ("2027-01-27".to_owned(), "service_pause"),
            ("2027-02-03".to_owned(), "final_demand"),
        ]
    );
    // The gap is a setting: 3 days.
    let days: Vec<String> = imported(60, 3).into_iter().map(|(d, _)| d.to_string()).collect();
    assert_eq!(days, ["2026-12-30", "2027-01-02", "2027-01-05", "2027-01-08", "2027-01-11", "2027-01-14"]);
}

#[test]
fn catching_up_reaches_the_normal_cadence_once_the_schedule_is_ahead_again() {
    // 3 days late: the reminder now, the +7 on its own day (4 days later: its day had not come
    // when the reminder went), the call the day after as the playbook has it.
    assert_eq!(
        names(&imported(3, 7)),
        [
            ("2026-11-03".to_owned(), "overdue_1"),
            ("2026-11-07".to_owned(), "overdue_7"),
            ("2026-11-08".to_owned(), "call"),
            ("2026-11-14".to_owned(), "escalate"),
            ("2026-11-21".to_owned(), "service_pause"),
            ("2026-11-30".to_owned(), "final_demand"),
        ]
    );
}

#[test]
fn catch_up_progress_is_step_k_of_n_with_its_day() {
    let mut facts = invoice();
    let ladder = Ladder::default();
    let day = d("2026-12-30");
    assert_eq!(
        catch_up(&ladder, &facts, day),
        Some(CatchUp { step: 1, of: 6, on: d("2026-11-01"), next_on: Some(d("2027-01-06")) })
    );
    facts.history.push(StepRecord::new(id("overdue_1"), day, Outcome::Done));
    // A reminder recorded as sent outside Duly counts the same: the gap runs from it.
    assert_eq!(
        catch_up(&ladder, &facts, day),
        Some(CatchUp { step: 2, of: 6, on: d("2027-01-06"), next_on: Some(d("2027-01-06")) })
    );
    assert_eq!(
        next_action(&ladder, &facts, day),
        Action::Upcoming { step: ladder.get(&id("overdue_7")).unwrap().clone(), on: d("2027-01-06") }
    );
    // On its normal cadence an invoice is not catching up.
    assert_eq!(catch_up(&ladder, &invoice(), d("2026-11-01")), None);
    assert_eq!(catch_up(&ladder, &invoice(), d("2026-11-03")), None);
}

proptest! {
    /// An invoice first seen any number of days late, with any gap and steps done any day
    /// after they come: the first message is never firmer than polite, steps come in ladder
    /// order with none passed over after the due date, and two steps caught up after their day
    /// are never closer than the gap.
    #[test]
    fn a_backlog_catches_up_in_order_never_closer_than_the_gap(
        days_late in 1_u64..200,
        gap in 1_u32..15,
        act_after in 0_u64..4,
    ) {
        let mut facts = invoice();
        let ladder = Ladder::default().with_catch_up_gap(gap);
        let first = facts.due_on + chrono::Days::new(days_late);
        let overdue: Vec<(StepId, NaiveDate)> = ladder
            .schedule(facts.sent_on, facts.due_on)
            .into_iter()
            .filter(|&(_, date)| date > facts.due_on)
            .map(|(s, date)| (s.id.clone(), date))
            .collect();
        let mut done: Vec<(StepId, NaiveDate)> = Vec::new();
        let mut due_since: Option<NaiveDate> = None;
        for n in 0..400_u64 {
            let day = first + chrono::Days::new(n);
            if let Action::Due { step, passed_over, .. } = next_action(&ladder, &facts, day) {
                prop_assert!(passed_over.iter().all(|p| !overdue.iter().any(|(o, _)| o == p)), "{:?}", passed_over);
                let since = *due_since.get_or_insert(day);
                if (day - since).num_days() as u64 >= act_after {
                    facts.history.push(StepRecord::new(step.id.clone(), day, Outcome::Done));
                    done.push((step.id.clone(), day));
                    due_since = None;
                }
            }
        }
        let order: Vec<StepId> = overdue.iter().map(|(s, _)| s.clone()).collect();
        prop_assert_eq!(done.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>(), order, "every overdue step, in order");
        prop_assert!(ladder.get(&done[0].0).unwrap().tone <= Tone::Polite);
        for w in done.windows(2) {
            let scheduled = overdue.iter().find(|(s, _)| *s == w[1].0).unwrap().1;
            if scheduled <= w[0].1 {
                prop_assert!((w[1].1 - w[0].1).num_days() >= i64::from(gap), "{:?} within {} days", w, gap);
            }
            prop_assert!(w[1].1 >= scheduled, "never before its own day");
        }
    }
}

proptest! {
    /// Whatever the dates, payments, pause and the days the user acts on: no step is ever due
    /// twice, steps are done in ladder order, and nothing is due once the invoice is paid.
    #[test]
    fn no_step_twice_and_nothing_after_payment(
        terms in 0_u64..90,
        pay_after in prop::option::of(0_u64..120),
        pause in prop::option::of((0_u64..60, 0_u64..20)),
        act_every in 1_u64..5,
    ) {
        let sent = d("2026-01-10");
        let mut facts = invoice();
        facts.sent_on = sent;
        facts.due_on = sent + chrono::Days::new(terms);
        let paid_on = pay_after.map(|n| sent + chrono::Days::new(n));
        if let Some(p) = paid_on {
            facts.payments.push(PaymentOn { date: p, amount: facts.total });
        }
        if let Some((start, len)) = pause {
            facts.paused_until = Some(sent + chrono::Days::new(start + len)).filter(|_| len > 0);
        }
        let ladder = Ladder::default();
        let order: Vec<StepId> = ladder.schedule(facts.sent_on, facts.due_on).into_iter().map(|(s, _)| s.id.clone()).collect();
        let mut done: Vec<StepId> = Vec::new();
        for n in 0..200_u64 {
            let day = sent + chrono::Days::new(n);
            let action = next_action(&ladder, &facts, day);
            if paid_on.is_some_and(|p| day >= p) {
                prop_assert_eq!(action, Action::Blocked(Blocked::Paid));
                continue;
            }
            if let Action::Due { step, .. } = action {
                prop_assert!(!done.contains(&step.id), "{} due twice", step.id);
                if n % act_every == 0 {
                    facts.history.push(StepRecord::new(step.id.clone(), day, Outcome::Done));
                    done.push(step.id.clone());
                }
            }
        }
        let positions: Vec<usize> = done.iter().map(|s| order.iter().position(|o| o == s).unwrap()).collect();
        prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "{:?}", done);
    }
}
