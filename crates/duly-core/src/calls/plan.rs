//! Instalment plans: the amount due split into dated parts with a final deadline, and payments
//! matched to the parts oldest first.

use chrono::NaiveDate;

use super::promise::{GRACE_DAYS, PaymentOn, after};

/// One dated part of a plan, in minor units of the invoice's currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instalment {
    /// 1 for the first.
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("a plan needs 2 to {max} instalments, not {count}")]
    Count { count: u32, max: u32 },
    #[error("instalments must be 1 to {max} days apart, not {days}")]
    Interval { days: u32, max: u32 },
    #[error("there is nothing due to split into instalments")]
    NothingDue,
    #[error("{amount} minor units cannot be split into {count} instalments of at least one unit each")]
    TooSmall { amount: i64, count: u32 },
    #[error("the plan's last instalment would fall after the last date Duly knows")]
    OutOfRange,
}

/// The most instalments a plan may have: five years of monthly payments.
pub const MAX_INSTALMENTS: u32 = 60;
/// The longest gap between instalments: a year.
pub const MAX_INTERVAL_DAYS: u32 = 366;

/// Splits `amount` into `count` instalments `every_days` apart from `first_due`.
///
/// Every instalment is the same whole number of minor units but the last, which also carries the
/// remainder: the client pays round, equal amounts and one slightly larger final one, and the
/// parts add up to the amount exactly. The last date is the plan's final deadline.
pub fn split_into_instalments(
    amount: i64,
    count: u32,
    first_due: NaiveDate,
    every_days: u32,
) -> Result<Vec<Instalment>, PlanError> {
    if !(2..=MAX_INSTALMENTS).contains(&count) {
        return Err(PlanError::Count { count, max: MAX_INSTALMENTS });
    }
    if !(1..=MAX_INTERVAL_DAYS).contains(&every_days) {
        return Err(PlanError::Interval { days: every_days, max: MAX_INTERVAL_DAYS });
    }
    if amount <= 0 {
        return Err(PlanError::NothingDue);
    }
    let n = i64::from(count);
    if amount < n {
        return Err(PlanError::TooSmall { amount, count });
    }
    let share = amount / n;
    (0..count)
        .map(|i| {
            let offset = u64::from(i) * u64::from(every_days);
            let due_on = first_due.checked_add_days(chrono::Days::new(offset)).ok_or(PlanError::OutOfRange)?;
            let amount = if i + 1 == count { amount - share * (n - 1) } else { share };
            Ok(Instalment { number: i + 1, due_on, amount })
        })
        .collect()
}

/// Where one instalment stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstalmentState {
    /// Fully covered by payments; `on` is the day the last of it arrived.
    Paid { on: NaiveDate },
    /// Not fully covered yet, and its due date plus the grace day has not passed.
    Open,
    /// Not covered by its due date plus the grace day: a broken promise from `since`.
    Missed { since: NaiveDate },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstalmentStatus {
    pub instalment: Instalment,
    /// What payments cover of it so far (up to its amount).
    pub paid: i64,
    pub state: InstalmentState,
}

/// A plan on a given day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanStatus {
    pub instalments: Vec<InstalmentStatus>,
}

impl PlanStatus {
    /// The first instalment missed, if any: one missed instalment breaks the plan.
    pub fn first_missed(&self) -> Option<&InstalmentStatus> {
        self.instalments.iter().find(|s| matches!(s.state, InstalmentState::Missed { .. }))
    }

    /// The oldest instalment not yet paid.
    pub fn next_open(&self) -> Option<&InstalmentStatus> {
        self.instalments.iter().find(|s| !matches!(s.state, InstalmentState::Paid { .. }))
    }

    pub fn is_complete(&self) -> bool {
        self.next_open().is_none()
    }
}

/// Matches payments (those from `made_on` up to `as_of`) to the instalments oldest first: each
/// payment fills the oldest instalment not yet full and spills into the next, so paying early or
/// paying two at once both count. An instalment not full by its due date plus the grace day is
/// missed, even if money arrives later (the plan was broken on that day; the record keeps it).
pub fn plan_status(
    instalments: &[Instalment],
    made_on: NaiveDate,
    payments: &[PaymentOn],
    as_of: NaiveDate,
) -> PlanStatus {
    let mut relevant: Vec<PaymentOn> =
        payments.iter().filter(|p| p.date >= made_on && p.date <= as_of && p.amount > 0).copied().collect();
    relevant.sort_by_key(|p| p.date);
    let mut queue = relevant.into_iter();
    let mut current: Option<PaymentOn> = queue.next();
    let mut statuses = Vec::with_capacity(instalments.len());
    for &inst in instalments {
        let mut paid = 0i64;
        let mut filled_on = None;
        while paid < inst.amount {
            let Some(p) = current.as_mut() else { break };
            let take = (inst.amount - paid).min(p.amount);
            paid += take;
            p.amount -= take;
            if paid == inst.amount {
                filled_on = Some(p.date);
            }
            if p.amount == 0 {
                current = queue.next();
            }
        }
        let deadline = after(inst.due_on, GRACE_DAYS);
        let state = match filled_on {
            Some(on) if on <= deadline => InstalmentState::Paid { on },
            _ if as_of > deadline => InstalmentState::Missed { since: after(deadline, 1) },
            Some(on) => InstalmentState::Paid { on },
            None => InstalmentState::Open,
        };
        statuses.push(InstalmentStatus { instalment: inst, paid, state });
    }
    PlanStatus { instalments: statuses }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn pay(date: &str, amount: i64) -> PaymentOn {
        PaymentOn { date: d(date), amount }
    }

    #[test]
    fn the_remainder_goes_on_the_last_instalment_and_the_parts_add_up() {
        let plan = split_into_instalments(100_000, 3, d("2026-12-01"), 30).unwrap();
        let amounts: Vec<i64> = plan.iter().map(|i| i.amount).collect();
        assert_eq!(amounts, [33_333, 33_333, 33_334]);
        let dates: Vec<NaiveDate> = plan.iter().map(|i| i.due_on).collect();
        assert_eq!(dates, [d("2026-12-01"), d("2026-12-31"), d("2027-01-30")]);
        assert_eq!(plan.iter().map(|i| i.amount).sum::<i64>(), 100_000);
    }

    #[test]
    fn impossible_plans_are_refused_with_the_reason() {
        let first = d("2026-12-01");
        assert_eq!(split_into_instalments(100, 1, first, 30), Err(PlanError::Count { count: 1, max: 60 }));
        assert_eq!(split_into_instalments(100, 3, first, 0), Err(PlanError::Interval { days: 0, max: 366 }));
        assert_eq!(split_into_instalments(0, 3, first, 30), Err(PlanError::NothingDue));
        assert_eq!(split_into_instalments(2, 3, first, 30), Err(PlanError::TooSmall { amount: 2, count: 3 }));
    }

    #[test]
    fn payments_fill_instalments_oldest_first_and_spill_over() {
        let plan = split_into_instalments(90_000, 3, d("2026-12-01"), 30).unwrap();
        let payments = [pay("2026-11-20", 45_000), pay("2026-12-30", 15_000)];
        let status = plan_status(&plan, d("2026-11-15"), &payments, d("2027-01-05"));
        let states: Vec<_> = status.instalments.iter().map(|s| (s.paid, s.state)).collect();
        assert_eq!(
            states,
            [
                (30_000, InstalmentState::Paid { on: d("2026-11-20") }),
                (30_000, InstalmentState::Paid { on: d("2026-12-30") }),
                (0, InstalmentState::Open),
            ]
        );
        assert_eq!(status.next_open().unwrap().instalment.number, 3);
        assert!(status.first_missed().is_none());
    }

    #[test]
    fn one_missed_instalment_is_missed_from_two_days_after_its_date() {
        let plan = split_into_instalments(90_000, 3, d("2026-12-01"), 30).unwrap();
        let payments = [pay("2026-12-01", 30_000), pay("2026-12-20", 10_000)];
        let on_grace_day = plan_status(&plan, d("2026-11-15"), &payments, d("2027-01-01"));
        assert_eq!(on_grace_day.instalments[1].state, InstalmentState::Open);
        let status = plan_status(&plan, d("2026-11-15"), &payments, d("2027-01-02"));
        assert_eq!(status.instalments[0].state, InstalmentState::Paid { on: d("2026-12-01") });
        let missed = status.first_missed().unwrap();
        assert_eq!((missed.instalment.number, missed.paid), (2, 10_000));
        assert_eq!(missed.state, InstalmentState::Missed { since: d("2027-01-02") });
    }

    #[test]
    fn a_late_payment_does_not_unbreak_a_missed_instalment() {
        let plan = split_into_instalments(60_000, 2, d("2026-12-01"), 30).unwrap();
        let status = plan_status(&plan, d("2026-11-15"), &[pay("2026-12-10", 30_000)], d("2026-12-20"));
        assert_eq!(status.instalments[0].state, InstalmentState::Missed { since: d("2026-12-03") });
        assert_eq!(status.instalments[0].paid, 30_000);
    }
}
