//! What an invoice's promises and plans mean for the follow-up ladder on a given day.

use chrono::NaiveDate;

use super::plan::{Instalment, InstalmentState, plan_status};
use super::promise::{GRACE_DAYS, PaymentOn, Promise, PromiseStatus, after};

/// Something the client agreed to on a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Commitment {
    Promise(Promise),
    /// `id` is the caller's key for the plan (its row id): the ladder's per-instalment history
    /// refers to it, so a new plan's instalment 1 is not mistaken for an old plan's.
    Plan {
        id: i64,
        made_on: NaiveDate,
        instalments: Vec<Instalment>,
    },
}

impl Commitment {
    pub fn made_on(&self) -> NaiveDate {
        match self {
            Self::Promise(p) => p.made_on,
            Self::Plan { made_on, .. } => *made_on,
        }
    }
}

/// Why the ladder waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PauseReason {
    /// A promise to pay `amount` by `pay_by`.
    Promise { pay_by: NaiveDate, amount: i64 },
    /// An instalment plan on track; `instalment` is the next one to pay and `remaining` what is
    /// still missing of it. The ladder's per-instalment reminder is about this one.
    Instalment { instalment: Instalment, remaining: i64 },
}

/// The ladder sends nothing for this invoice up to and including `until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    pub until: NaiveDate,
    pub reason: PauseReason,
}

/// What was not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Broken {
    Promise { pay_by: NaiveDate, amount: i64, paid: i64 },
    Instalment { instalment: Instalment, paid: i64 },
}

/// A promise not kept: the ladder resumes at a firmer step from `since`, and the client is
/// proposed for credit hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokenPromise {
    /// The first day it counts as broken: the promised (or instalment) date plus the grace day,
    /// plus one.
    pub since: NaiveDate,
    pub what: Broken,
}

/// An invoice's standing with respect to what was agreed on calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Nothing was agreed: the ladder runs its normal course.
    NoCommitment,
    /// Nothing more is due on the invoice.
    Settled,
    /// A promise or an instalment is pending: no reminders until the pause ends.
    Paused(Pause),
    /// The latest promise or plan was kept but money is still due (a promise for part of it):
    /// the ladder resumes its normal course.
    Kept { on: NaiveDate },
    /// The latest promise or plan was broken.
    Broken(BrokenPromise),
}

/// The invoice's standing on `as_of`, from its commitments (any order; the one made last
/// governs, so a new promise after a broken one pauses again), its payments and what is still
/// due on it. This is the one question the ladder asks before choosing a step.
pub fn standing(commitments: &[Commitment], payments: &[PaymentOn], amount_due: i64, as_of: NaiveDate) -> Standing {
    if amount_due <= 0 {
        return Standing::Settled;
    }
    // `max_by_key` keeps the last of equal keys: of two commitments made the same day, the one
    // recorded later governs.
    let Some(latest) = commitments.iter().filter(|c| c.made_on() <= as_of).max_by_key(|c| c.made_on()) else {
        return Standing::NoCommitment;
    };
    evaluate(latest, payments, as_of)
}

/// The first commitment that was broken by `as_of`, if any: the client should not get more
/// credit (the ladder's +21 step proposes credit hold, and the UI says why).
pub fn proposes_credit_hold(
    commitments: &[Commitment],
    payments: &[PaymentOn],
    as_of: NaiveDate,
) -> Option<BrokenPromise> {
    commitments
        .iter()
        .filter(|c| c.made_on() <= as_of)
        .filter_map(|c| match evaluate(c, payments, as_of) {
            Standing::Broken(b) => Some(b),
            _ => None,
        })
        .min_by_key(|b| b.since)
}

/// The one promise the ladder weighs on `as_of` (its `InvoiceFacts::promise`), from the
/// commitment that governs (the one made last):
///
/// * a promise to pay is itself;
/// * a plan is its first missed instalment, else its next open one, as a promise made when the
///   plan was agreed to pay *everything due up to that instalment* by its date. Counting from the
///   plan's start makes "received since it was made ≥ amount" exactly the oldest-first matching
///   of [`plan_status`], so the ladder's own promise check agrees with [`standing`]; a completed
///   plan is no promise any more.
pub fn effective_promise(commitments: &[Commitment], payments: &[PaymentOn], as_of: NaiveDate) -> Option<Promise> {
    let latest = commitments.iter().filter(|c| c.made_on() <= as_of).max_by_key(|c| c.made_on())?;
    match latest {
        Commitment::Promise(p) => Some(*p),
        Commitment::Plan { made_on, instalments, .. } => {
            let status = plan_status(instalments, *made_on, payments, as_of);
            let current = status.first_missed().or_else(|| status.next_open())?;
            let through = current.instalment.number;
            let amount = instalments.iter().filter(|i| i.number <= through).map(|i| i.amount).sum();
            Some(Promise { made_on: *made_on, pay_by: current.instalment.due_on, amount })
        }
    }
}

/// The instalment the client is paying towards on `as_of`, when an instalment plan governs
/// (the commitment made last) and is on track: its oldest instalment not yet paid, none missed.
/// `None` for a promise, a completed plan, or a plan with a missed instalment (that one is a
/// broken promise, and the ladder escalates instead of reminding kindly).
pub fn current_instalment(
    commitments: &[Commitment],
    payments: &[PaymentOn],
    as_of: NaiveDate,
) -> Option<CurrentInstalment> {
    let latest = commitments.iter().filter(|c| c.made_on() <= as_of).max_by_key(|c| c.made_on())?;
    let Commitment::Plan { id, made_on, instalments } = latest else { return None };
    let status = plan_status(instalments, *made_on, payments, as_of);
    if status.first_missed().is_some() {
        return None;
    }
    let next = *status.next_open()?;
    Some(CurrentInstalment {
        plan: *id,
        made_on: *made_on,
        instalment: next.instalment,
        remaining: next.instalment.amount - next.paid,
        count: u32::try_from(instalments.len()).unwrap_or(u32::MAX),
        later: instalments.iter().filter(|i| i.number > next.instalment.number).copied().collect(),
    })
}

/// The instalment of an on-track plan that is being paid now, and what follows it: what the
/// ladder's per-instalment reminder is about and says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentInstalment {
    /// The plan's key ([`Commitment::Plan::id`]).
    pub plan: i64,
    /// The day the plan was agreed.
    pub made_on: NaiveDate,
    pub instalment: Instalment,
    /// What is still missing of it (less than its amount after a part payment).
    pub remaining: i64,
    /// How many instalments the plan has.
    pub count: u32,
    /// The instalments after this one, in order: the rest of the schedule.
    pub later: Vec<Instalment>,
}

fn evaluate(commitment: &Commitment, payments: &[PaymentOn], as_of: NaiveDate) -> Standing {
    match commitment {
        Commitment::Promise(p) => match p.status(payments, as_of) {
            PromiseStatus::Pending { until } => {
                Standing::Paused(Pause { until, reason: PauseReason::Promise { pay_by: p.pay_by, amount: p.amount } })
            }
            PromiseStatus::Kept { on } => Standing::Kept { on },
            PromiseStatus::Broken { since, paid } => Standing::Broken(BrokenPromise {
                since,
                what: Broken::Promise { pay_by: p.pay_by, amount: p.amount, paid },
            }),
        },
        Commitment::Plan { made_on, instalments, .. } => {
            let status = plan_status(instalments, *made_on, payments, as_of);
            if let Some(missed) = status.first_missed() {
                let InstalmentState::Missed { since } = missed.state else { unreachable!("first_missed is missed") };
                return Standing::Broken(BrokenPromise {
                    since,
                    what: Broken::Instalment { instalment: missed.instalment, paid: missed.paid },
                });
            }
            match status.next_open() {
                Some(next) => Standing::Paused(Pause {
                    until: after(next.instalment.due_on, GRACE_DAYS),
                    reason: PauseReason::Instalment {
                        instalment: next.instalment,
                        remaining: next.instalment.amount - next.paid,
                    },
                }),
                None => {
                    let on = status
                        .instalments
                        .iter()
                        .filter_map(|s| match s.state {
                            InstalmentState::Paid { on } => Some(on),
                            _ => None,
                        })
                        .max()
                        .unwrap_or(*made_on);
                    Standing::Kept { on }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::split_into_instalments;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn pay(date: &str, amount: i64) -> PaymentOn {
        PaymentOn { date: d(date), amount }
    }

    /// An invoice of 800.00 due on 2026-11-01, called on its +8 day (2026-11-09): the client
    /// promises 800.00 by 2026-11-20.
    fn promised() -> Vec<Commitment> {
        vec![Commitment::Promise(Promise::new(d("2026-11-09"), d("2026-11-20"), 80_000, 80_000).unwrap())]
    }

    #[test]
    fn promise_kept_ends_the_chase() {
        let c = promised();
        let paused = standing(&c, &[], 80_000, d("2026-11-12"));
        assert_eq!(
            paused,
            Standing::Paused(Pause {
                until: d("2026-11-21"),
                reason: PauseReason::Promise { pay_by: d("2026-11-20"), amount: 80_000 }
            })
        );
        let payments = [pay("2026-11-19", 80_000)];
        assert_eq!(standing(&c, &payments, 0, d("2026-11-25")), Standing::Settled);
        assert_eq!(proposes_credit_hold(&c, &payments, d("2026-11-25")), None);
    }

    #[test]
    fn promise_broken_resumes_the_ladder_and_proposes_credit_hold() {
        let c = promised();
        assert!(matches!(standing(&c, &[], 80_000, d("2026-11-21")), Standing::Paused(_)), "grace day");
        let broken = BrokenPromise {
            since: d("2026-11-22"),
            what: Broken::Promise { pay_by: d("2026-11-20"), amount: 80_000, paid: 0 },
        };
        assert_eq!(standing(&c, &[], 80_000, d("2026-11-22")), Standing::Broken(broken));
        assert_eq!(proposes_credit_hold(&c, &[], d("2026-11-22")), Some(broken));
        // A new promise after the broken one pauses again, but the broken one is still on record.
        let mut again = c.clone();
        again.push(Commitment::Promise(Promise::new(d("2026-11-23"), d("2026-11-30"), 80_000, 80_000).unwrap()));
        assert!(
            matches!(standing(&again, &[], 80_000, d("2026-11-24")), Standing::Paused(p) if p.until == d("2026-12-01"))
        );
        assert_eq!(proposes_credit_hold(&again, &[], d("2026-11-24")), Some(broken));
    }

    #[test]
    fn invoice_paid_during_a_pause_is_settled_at_once() {
        let c = promised();
        // Paid in full three days into the pause: the pause does not matter any more.
        let payments = [pay("2026-11-12", 80_000)];
        assert_eq!(standing(&c, &payments, 0, d("2026-11-12")), Standing::Settled);
        // A promise for part of the invoice, kept: the rest is chased as usual.
        let part = vec![Commitment::Promise(Promise::new(d("2026-11-09"), d("2026-11-20"), 30_000, 80_000).unwrap())];
        let payments = [pay("2026-11-15", 30_000)];
        assert_eq!(standing(&part, &payments, 50_000, d("2026-11-15")), Standing::Kept { on: d("2026-11-15") });
    }

    #[test]
    fn plan_with_one_missed_instalment_is_a_broken_promise() {
        let instalments = split_into_instalments(90_000, 3, d("2026-12-01"), 30).unwrap();
        let c = vec![Commitment::Plan { id: 1, made_on: d("2026-11-09"), instalments: instalments.clone() }];
        let first = [pay("2026-12-01", 30_000)];
        assert_eq!(
            standing(&c, &first, 60_000, d("2026-12-05")),
            Standing::Paused(Pause {
                until: d("2026-12-31") + chrono::Days::new(1),
                reason: PauseReason::Instalment { instalment: instalments[1], remaining: 30_000 }
            })
        );
        let since = d("2027-01-02");
        assert_eq!(
            standing(&c, &first, 60_000, since),
            Standing::Broken(BrokenPromise { since, what: Broken::Instalment { instalment: instalments[1], paid: 0 } })
        );
    }

    #[test]
    fn the_ladder_sees_a_plan_as_the_promise_of_its_current_instalment() {
        let instalments = split_into_instalments(90_000, 3, d("2026-12-01"), 30).unwrap();
        let c = vec![Commitment::Plan { id: 1, made_on: d("2026-11-09"), instalments }];
        let first = [pay("2026-12-01", 30_000)];
        let promise = |pay_by: &str, amount| Some(Promise { made_on: d("2026-11-09"), pay_by: d(pay_by), amount });
        assert_eq!(effective_promise(&c, &[], d("2026-11-20")), promise("2026-12-01", 30_000));
        assert_eq!(effective_promise(&c, &first, d("2026-12-05")), promise("2026-12-31", 60_000));
        // Missed: the second instalment stays the promise, and it is broken.
        let p = effective_promise(&c, &first, d("2027-01-10")).unwrap();
        assert_eq!(p, promise("2026-12-31", 60_000).unwrap());
        assert!(matches!(p.status(&first, d("2027-01-10")), PromiseStatus::Broken { .. }));
        let all = [pay("2026-12-01", 30_000), pay("2026-12-30", 30_000), pay("2027-01-30", 30_000)];
        assert_eq!(effective_promise(&c, &all, d("2027-02-05")), None);
        assert_eq!(
            effective_promise(&promised(), &[], d("2026-11-10")),
            promised().first().and_then(|c| match c {
                Commitment::Promise(p) => Some(*p),
                Commitment::Plan { .. } => None,
            })
        );
    }

    #[test]
    fn nothing_agreed_or_agreed_later_changes_nothing() {
        assert_eq!(standing(&[], &[], 10, d("2026-11-12")), Standing::NoCommitment);
        assert_eq!(
            standing(&promised(), &[], 80_000, d("2026-11-08")),
            Standing::NoCommitment,
            "as of before the call"
        );
    }
}
