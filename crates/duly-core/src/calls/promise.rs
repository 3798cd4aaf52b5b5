//! A promise to pay: "we'll pay 500 on the 15th", made on a call.

use chrono::{Days, NaiveDate};

/// Days after the promised date before a promise counts as broken: a transfer made on the day
/// often arrives the next morning, and accusing a client of a broken promise over a bank's
/// overnight batch would be wrong.
pub const GRACE_DAYS: u64 = 1;

/// Money received on a date, in the invoice's minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentOn {
    pub date: NaiveDate,
    pub amount: i64,
}

/// What the client promised on the call of `made_on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Promise {
    /// The day of the call. Only payments from that day on count towards the promise: money
    /// received before it is what the promise was made on top of.
    pub made_on: NaiveDate,
    /// The day the client said the money would be paid.
    pub pay_by: NaiveDate,
    /// Minor units of the invoice's currency; more than zero.
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromiseError {
    #[error("the promised amount must be more than zero")]
    NotPositive,
    #[error("the promised amount is more than the {due} (minor units) still due")]
    MoreThanDue { due: i64 },
    #[error("the promised date {pay_by} is before the call on {made_on}")]
    DateBeforeCall { pay_by: NaiveDate, made_on: NaiveDate },
}

/// Where a promise stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromiseStatus {
    /// Not paid yet and not late yet: reminders wait until `until` (inclusive).
    Pending { until: NaiveDate },
    /// The promised amount arrived by the deadline; `on` is the day the last of it did.
    Kept { on: NaiveDate },
    /// The promised amount had not arrived by the deadline. `since` is the first day it counts
    /// as broken (the promised date plus the grace day, plus one); `paid` is what had arrived.
    Broken { since: NaiveDate, paid: i64 },
}

impl Promise {
    /// A promise checked against the amount still due when it was made.
    pub fn new(made_on: NaiveDate, pay_by: NaiveDate, amount: i64, due: i64) -> Result<Self, PromiseError> {
        if amount <= 0 {
            return Err(PromiseError::NotPositive);
        }
        if amount > due {
            return Err(PromiseError::MoreThanDue { due });
        }
        if pay_by < made_on {
            return Err(PromiseError::DateBeforeCall { pay_by, made_on });
        }
        Ok(Self { made_on, pay_by, amount })
    }

    /// The last day of the pause: the promised date plus the grace day.
    pub fn deadline(&self) -> NaiveDate {
        after(self.pay_by, GRACE_DAYS)
    }

    /// The promise as of `as_of`, given the invoice's payments (any order).
    pub fn status(&self, payments: &[PaymentOn], as_of: NaiveDate) -> PromiseStatus {
        let deadline = self.deadline();
        let counted = |p: &&PaymentOn| p.date >= self.made_on && p.date <= as_of;
        let mut relevant: Vec<PaymentOn> = payments.iter().filter(counted).copied().collect();
        relevant.sort_by_key(|p| p.date);
        let mut paid = 0i64;
        let mut paid_by_deadline = 0i64;
        for p in &relevant {
            paid = paid.saturating_add(p.amount);
            if p.date <= deadline {
                paid_by_deadline = paid;
            }
            if paid >= self.amount && p.date <= deadline {
                return PromiseStatus::Kept { on: p.date };
            }
        }
        if as_of <= deadline {
            PromiseStatus::Pending { until: deadline }
        } else {
            PromiseStatus::Broken { since: after(deadline, 1), paid: paid_by_deadline }
        }
    }
}

pub(crate) fn after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
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

    fn promise() -> Promise {
        Promise::new(d("2026-11-10"), d("2026-11-15"), 50_000, 80_000).unwrap()
    }

    #[test]
    fn a_promise_is_pending_until_the_day_after_the_promised_date() {
        let p = promise();
        assert_eq!(p.status(&[], d("2026-11-10")), PromiseStatus::Pending { until: d("2026-11-16") });
        assert_eq!(p.status(&[], d("2026-11-16")), PromiseStatus::Pending { until: d("2026-11-16") });
        assert_eq!(p.status(&[], d("2026-11-17")), PromiseStatus::Broken { since: d("2026-11-17"), paid: 0 });
    }

    #[test]
    fn a_promise_paid_in_two_parts_by_the_grace_day_is_kept() {
        let p = promise();
        let payments = [pay("2026-11-16", 20_000), pay("2026-11-12", 30_000)];
        assert_eq!(p.status(&payments, d("2026-11-14")), PromiseStatus::Pending { until: d("2026-11-16") });
        assert_eq!(p.status(&payments, d("2026-11-30")), PromiseStatus::Kept { on: d("2026-11-16") });
    }

    #[test]
    fn money_paid_before_the_call_or_too_late_does_not_keep_it() {
        let p = promise();
        let payments = [pay("2026-11-01", 50_000), pay("2026-11-14", 10_000), pay("2026-11-18", 40_000)];
        assert_eq!(
            p.status(&payments, d("2026-11-20")),
            PromiseStatus::Broken { since: d("2026-11-17"), paid: 10_000 }
        );
    }

    #[test]
    fn a_promise_is_checked_when_made() {
        assert_eq!(Promise::new(d("2026-11-10"), d("2026-11-15"), 0, 10), Err(PromiseError::NotPositive));
        assert_eq!(Promise::new(d("2026-11-10"), d("2026-11-15"), 11, 10), Err(PromiseError::MoreThanDue { due: 10 }));
        assert!(matches!(
            Promise::new(d("2026-11-10"), d("2026-11-09"), 5, 10),
            Err(PromiseError::DateBeforeCall { .. })
        ));
        assert!(Promise::new(d("2026-11-10"), d("2026-11-10"), 10, 10).is_ok(), "paying today is a promise too");
    }
}
