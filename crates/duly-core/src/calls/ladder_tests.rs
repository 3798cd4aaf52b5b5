//! The four cases of issue 7 walked through the real ladder: what a call's promise or plan makes
//! `ladder::next_action` do, with the commitments turned into the ladder's promise by
//! [`effective_promise`] exactly as the API does.
//!
//! The invoice: 800.00, sent 2026-10-02, due 2026-11-01. Every step up to the call (+8,
//! 2026-11-09) was done; on that call the client promised, or agreed a plan.

use chrono::NaiveDate;

use super::{
    Commitment, PaymentOn, Promise, current_instalment, effective_promise, proposes_credit_hold, split_into_instalments,
};
use crate::InvoiceStatus;
use crate::ladder::{
    Action, Blocked, DueReason, InstalmentRef, InvoiceFacts, Ladder, Outcome, StepRecord, Tone, ids, next_action,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn pay(date: &str, amount: i64) -> PaymentOn {
    PaymentOn { date: d(date), amount }
}

const TOTAL: i64 = 80_000;

/// The ladder's view of the invoice on `as_of`, given what was agreed and paid.
fn action(commitments: &[Commitment], payments: &[PaymentOn], as_of: &str) -> Action {
    next_action(&Ladder::default(), &facts(commitments, payments, as_of), d(as_of))
}

/// The facts the API gathers for the invoice on `as_of`.
fn facts(commitments: &[Commitment], payments: &[PaymentOn], as_of: &str) -> InvoiceFacts {
    let as_of = d(as_of);
    let done = [
        (ids::RECEIPT_CHECK, "2026-10-05"),
        (ids::BEFORE_DUE, "2026-10-25"),
        (ids::OVERDUE_1, "2026-11-02"),
        (ids::OVERDUE_7, "2026-11-08"),
        (ids::CALL, "2026-11-09"),
    ];
    let paid: i64 = payments.iter().filter(|p| p.date <= as_of).map(|p| p.amount).sum();
    InvoiceFacts {
        status: if paid >= TOTAL {
            InvoiceStatus::Paid
        } else if paid > 0 {
            InvoiceStatus::PartlyPaid
        } else {
            InvoiceStatus::Sent
        },
        sent_on: d("2026-10-02"),
        due_on: d("2026-11-01"),
        total: TOTAL,
        payments: payments.to_vec(),
        history: done.iter().map(|(id, on)| StepRecord::new(id.parse().unwrap(), d(on), Outcome::Done)).collect(),
        paused_until: None,
        promise: effective_promise(commitments, payments, as_of),
        has_email: true,
        credit_hold: false,
        instalment: current_instalment(commitments, payments, as_of),
    }
}

fn promised(amount: i64) -> Vec<Commitment> {
    vec![Commitment::Promise(Promise::new(d("2026-11-09"), d("2026-11-20"), amount, TOTAL).unwrap())]
}

#[test]
fn while_a_promise_is_pending_the_escalation_waits() {
    // +14 (2026-11-15) would write to the other contacts; the promise holds it through the grace day.
    assert_eq!(
        action(&promised(TOTAL), &[], "2026-11-15"),
        Action::Blocked(Blocked::PromisePending { pay_by: d("2026-11-20"), until: d("2026-11-21") })
    );
    assert!(
        matches!(action(&[], &[], "2026-11-15"), Action::Due { ref step, .. } if step.id.as_str() == ids::ESCALATE)
    );
}

#[test]
fn promise_kept_stops_the_ladder_and_a_partial_one_resumes_the_normal_cadence() {
    assert_eq!(action(&promised(TOTAL), &[pay("2026-11-19", TOTAL)], "2026-11-22"), Action::Blocked(Blocked::Paid));
    // 300.00 promised and paid on the grace day: the rest is chased on schedule, not as a broken promise.
    let next = action(&promised(30_000), &[pay("2026-11-21", 30_000)], "2026-11-22");
    let Action::Due { step, reason, propose_credit_hold, .. } = next else { panic!("{next:?}") };
    assert_eq!((step.id.as_str(), reason), (ids::SERVICE_PAUSE, DueReason::Scheduled));
    assert!(propose_credit_hold, "the +21 step itself proposes it");
}

#[test]
fn promise_broken_resumes_at_a_firm_step_and_proposes_credit_hold() {
    // Promised for the 12th, 100.00 of 800.00 arrived: broken on the 14th, before the +14 step's
    // day, so the ladder brings the firm step forward.
    let early = vec![Commitment::Promise(Promise::new(d("2026-11-09"), d("2026-11-12"), TOTAL, TOTAL).unwrap())];
    let payments = [pay("2026-11-12", 10_000)];
    assert!(matches!(action(&early, &payments, "2026-11-13"), Action::Blocked(Blocked::PromisePending { .. })));
    let next = action(&early, &payments, "2026-11-14");
    let Action::Due { step, on, reason, propose_credit_hold, .. } = next else { panic!("{next:?}") };
    assert_eq!((step.id.as_str(), on), (ids::ESCALATE, d("2026-11-14")));
    assert_eq!(reason, DueReason::BrokenPromise { pay_by: d("2026-11-12") });
    assert!(step.tone >= Tone::Firm, "{step:?}");
    assert!(propose_credit_hold);
    assert_eq!(proposes_credit_hold(&early, &payments, d("2026-11-14")).map(|b| b.since), Some(d("2026-11-14")));

    // Broken later, when the schedule has reached the +21 service pause: that step is due.
    let next = action(&promised(TOTAL), &payments, "2026-11-22");
    let Action::Due { step, propose_credit_hold, .. } = next else { panic!("{next:?}") };
    assert_eq!(step.id.as_str(), ids::SERVICE_PAUSE);
    assert!(propose_credit_hold);
}

#[test]
fn invoice_paid_during_the_pause_stops_at_once() {
    assert_eq!(action(&promised(TOTAL), &[pay("2026-11-12", TOTAL)], "2026-11-12"), Action::Blocked(Blocked::Paid));
}

#[test]
fn plan_with_one_missed_instalment_is_a_broken_promise_for_the_ladder() {
    let instalments = split_into_instalments(TOTAL, 3, d("2026-11-15"), 30).unwrap();
    let plan = vec![Commitment::Plan { id: 7, made_on: d("2026-11-09"), instalments }];
    let first = [pay("2026-11-15", 26_666)];
    // On track: the ladder waits for the second instalment (due 2026-12-15) through its grace day.
    assert_eq!(
        action(&plan, &first, "2026-12-10"),
        Action::Blocked(Blocked::PromisePending { pay_by: d("2026-12-15"), until: d("2026-12-16") })
    );
    // Missed: broken from 2026-12-17. The schedule has long reached its last step (+30, the formal
    // demand), which is what the ladder resumes with; the broken instalment proposes credit hold.
    let next = action(&plan, &first, "2026-12-17");
    let Action::Due { step, reason, propose_credit_hold, .. } = next else { panic!("{next:?}") };
    assert_eq!((step.id.as_str(), reason), (ids::FINAL_DEMAND, DueReason::Scheduled));
    assert!(propose_credit_hold, "a broken instalment proposes credit hold even at the final demand");
    let broken = proposes_credit_hold(&plan, &first, d("2026-12-17")).unwrap();
    assert_eq!(broken.since, d("2026-12-17"));
    // The second instalment paid in time instead: still waiting, now for the third.
    let both = [pay("2026-11-15", 26_666), pay("2026-12-15", 26_666)];
    assert_eq!(
        action(&plan, &both, "2026-12-17"),
        Action::Blocked(Blocked::PromisePending { pay_by: d("2027-01-14"), until: d("2027-01-15") })
    );
}

#[test]
fn a_promise_broken_once_the_final_demand_is_due_proposes_credit_hold_until_answered() {
    // Promised on the call for 2026-12-01, when the schedule had already reached the +30 formal
    // demand (2026-12-01): broken on 2026-12-03 (after the grace day), the final demand is due as scheduled and the
    // client is proposed for credit hold.
    let late = vec![Commitment::Promise(Promise::new(d("2026-11-09"), d("2026-12-01"), TOTAL, TOTAL).unwrap())];
    let a = action(&late, &[], "2026-12-03");
    assert!(
        matches!(a, Action::Due { propose_credit_hold: true, ref step, .. } if step.id.as_str() == ids::FINAL_DEMAND),
        "{a:?}"
    );
    assert_eq!(proposes_credit_hold(&late, &[], d("2026-12-03")).map(|b| b.since), Some(d("2026-12-03")));
    // Without a promise nothing proposes it, and the ladder catches up in order from the step
    // after the call (rule 4) instead of jumping to the final demand.
    assert!(
        matches!(action(&[], &[], "2026-12-03"), Action::Due { propose_credit_hold: false, ref step, .. } if step.id.as_str() == ids::ESCALATE)
    );
}

/// 800.00 in three instalments agreed on the call of 2026-11-09: 266.66 on 2026-11-20 and
/// 2026-12-20, 266.68 on 2027-01-19; plan key 7.
fn three_instalments() -> Vec<Commitment> {
    let instalments = split_into_instalments(TOTAL, 3, d("2026-11-20"), 30).unwrap();
    vec![Commitment::Plan { id: 7, made_on: d("2026-11-09"), instalments }]
}

/// The per-instalment step due on `as_of` with `history` added to the invoice's: (instalment
/// number in the reason, the day it counts from), or the action when it is something else.
fn instalment_action(plan: &[Commitment], payments: &[PaymentOn], history: &[StepRecord], as_of: &str) -> Action {
    let mut f = facts(plan, payments, as_of);
    f.history.extend_from_slice(history);
    next_action(&Ladder::default(), &f, d(as_of))
}

fn reminded(plan: i64, number: u32, on: &str, outcome: Outcome) -> StepRecord {
    StepRecord {
        step: ids::INSTALMENT_DUE.parse().unwrap(),
        on: d(on),
        outcome,
        instalment: Some(InstalmentRef { plan, number }),
    }
}

fn instalment_due(number: u32, due_on: &str, on: &str) -> Action {
    let step = Ladder::default().get(&ids::INSTALMENT_DUE.parse().unwrap()).unwrap().clone();
    Action::Due {
        step,
        on: d(on),
        reason: DueReason::Instalment { number, due_on: d(due_on) },
        passed_over: vec![],
        propose_credit_hold: false,
    }
}

#[test]
fn a_plan_gets_a_friendly_reminder_three_days_before_each_instalment_once_each() {
    let plan = three_instalments();
    let pending =
        |pay_by: &str, until: &str| Action::Blocked(Blocked::PromisePending { pay_by: d(pay_by), until: d(until) });
    assert_eq!(instalment_action(&plan, &[], &[], "2026-11-16"), pending("2026-11-20", "2026-11-21"));
    assert_eq!(instalment_action(&plan, &[], &[], "2026-11-17"), instalment_due(1, "2026-11-20", "2026-11-17"));
    // Not sent that day: it stays due until the instalment's grace day.
    assert_eq!(instalment_action(&plan, &[], &[], "2026-11-21"), instalment_due(1, "2026-11-20", "2026-11-17"));
    // Sent: the ladder waits for the money, and the history entry names the instalment.
    let first = facts(&plan, &[], "2026-11-17").record(
        Ladder::default().get(&ids::INSTALMENT_DUE.parse().unwrap()).unwrap(),
        d("2026-11-17"),
        Outcome::Done,
    );
    assert_eq!(first, reminded(7, 1, "2026-11-17", Outcome::Done));
    assert_eq!(
        instalment_action(&plan, &[], std::slice::from_ref(&first), "2026-11-18"),
        pending("2026-11-20", "2026-11-21")
    );

    // Paid on time: the next reminder comes three days before the second instalment.
    let paid = [pay("2026-11-20", 26_666)];
    assert_eq!(
        instalment_action(&plan, &paid, std::slice::from_ref(&first), "2026-12-16"),
        pending("2026-12-20", "2026-12-21")
    );
    assert_eq!(
        instalment_action(&plan, &paid, std::slice::from_ref(&first), "2026-12-17"),
        instalment_due(2, "2026-12-20", "2026-12-17")
    );
    // Skipping it counts for that instalment only.
    let skipped = reminded(7, 2, "2026-12-17", Outcome::Skipped);
    assert_eq!(
        instalment_action(&plan, &paid, &[first.clone(), skipped.clone()], "2026-12-18"),
        pending("2026-12-20", "2026-12-21")
    );
    let both = [pay("2026-11-20", 26_666), pay("2026-12-19", 26_666)];
    assert_eq!(
        instalment_action(&plan, &both, &[first, skipped], "2027-01-16"),
        instalment_due(3, "2027-01-19", "2027-01-16")
    );
}

#[test]
fn an_instalment_paid_before_its_reminder_gets_none() {
    let plan = three_instalments();
    // The first and second instalments paid together in November: nothing before 2026-12-20,
    // and the next reminder is the third's.
    let early = [pay("2026-11-19", 53_332)];
    assert!(matches!(
        instalment_action(&plan, &early, &[], "2026-12-17"),
        Action::Blocked(Blocked::PromisePending { .. })
    ));
    assert_eq!(instalment_action(&plan, &early, &[], "2027-01-16"), instalment_due(3, "2027-01-19", "2027-01-16"));
}

#[test]
fn a_missed_instalment_still_escalates_instead_of_reminding() {
    let plan = three_instalments();
    let first = [pay("2026-11-20", 26_666)];
    let sent = [reminded(7, 1, "2026-11-17", Outcome::Done), reminded(7, 2, "2026-12-17", Outcome::Done)];
    // The second instalment not paid by its grace day: broken from 2026-12-22; the schedule is
    // past its last step, which comes with credit hold proposed.
    let next = instalment_action(&plan, &first, &sent, "2026-12-22");
    let Action::Due { step, propose_credit_hold, .. } = next else { panic!("{next:?}") };
    assert_eq!(step.id.as_str(), ids::FINAL_DEMAND);
    assert!(propose_credit_hold);
}

#[test]
fn a_reminder_dated_before_the_plan_was_agreed_is_left_out_and_a_new_plan_starts_afresh() {
    // First instalment two days after the call: its reminder would fall before the call, whose
    // own summary email carries the schedule.
    let instalments = split_into_instalments(TOTAL, 2, d("2026-11-11"), 30).unwrap();
    let soon = vec![Commitment::Plan { id: 8, made_on: d("2026-11-09"), instalments }];
    assert!(matches!(
        instalment_action(&soon, &[], &[], "2026-11-10"),
        Action::Blocked(Blocked::PromisePending { .. })
    ));
    // Instalment 1 of plan 7 was reminded; plan 9 replaces it and its instalment 1 is new.
    let instalments = split_into_instalments(TOTAL, 2, d("2026-12-10"), 30).unwrap();
    let new_plan =
        vec![three_instalments().remove(0), Commitment::Plan { id: 9, made_on: d("2026-11-25"), instalments }];
    let old = [reminded(7, 1, "2026-11-17", Outcome::Done)];
    assert_eq!(instalment_action(&new_plan, &[], &old, "2026-12-07"), instalment_due(1, "2026-12-10", "2026-12-07"));
}

#[test]
fn a_postponed_instalment_reminder_comes_back_on_its_day_and_needs_an_address() {
    let plan = three_instalments();
    let later = [reminded(7, 1, "2026-11-17", Outcome::Postponed { until: d("2026-11-19") })];
    assert!(matches!(
        instalment_action(&plan, &[], &later, "2026-11-18"),
        Action::Blocked(Blocked::PromisePending { .. })
    ));
    let next = instalment_action(&plan, &[], &later, "2026-11-19");
    assert!(matches!(next, Action::Due { reason: DueReason::Postponed, on, .. } if on == d("2026-11-19")), "{next:?}");
    let mut f = facts(&plan, &[], "2026-11-17");
    f.has_email = false;
    assert!(matches!(
        next_action(&Ladder::default(), &f, d("2026-11-17")),
        Action::Blocked(Blocked::NoContactAddress { .. })
    ));
}
