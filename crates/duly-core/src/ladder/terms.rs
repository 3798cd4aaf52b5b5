//! Payment terms written on an invoice beforehand (the playbook: incentives and penalties only
//! work if they were agreed in writing): a late fee or interest after the due date, an
//! early-payment discount, all in integer minor units.
//!
//! Rates are hundredths of a percent, like [`crate::TaxRate`]: 2 % is 200, 9.5 % a year is 950.
//! Every computation rounds once, half away from zero, on integers.

use chrono::{Days, NaiveDate};

use crate::Currency;
use crate::invoice::days_overdue;
use crate::tax::round_div;

/// The highest rate accepted, 100 %: anything above is a typo, not a term.
const MAX_RATE: i64 = 10_000;
/// Interest accrues per calendar day over a 365-day year (actual/365, the usual convention for
/// late-payment interest in the EU and Indonesia), so a leap year changes nothing.
const DAYS_PER_YEAR: i128 = 365;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("{field}: {value} is not a rate between 0 and 100 % (in hundredths of a percent: 0 to 10000)")]
    RateOutOfRange { field: &'static str, value: i64 },
    #[error("{field}: an amount cannot be negative (got {value})")]
    NegativeAmount { field: &'static str, value: i64 },
    #[error("early_discount.within_days: {0} days is not between 1 and 365")]
    DiscountDays(u32),
}

/// What is charged once an invoice is past due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LateFee {
    /// A fixed amount, once, from the first day past due.
    Fixed { amount: i64 },
    /// A share of the amount due, once, from the first day past due.
    Percent { rate: i64 },
    /// Simple interest per year on the amount due, accruing per day past due.
    InterestPerYear { rate: i64 },
}

impl LateFee {
    /// The fee on `amount_due` as of `as_of` for an invoice due on `due`; zero until it is late.
    pub fn amount(self, amount_due: i64, due: NaiveDate, as_of: NaiveDate) -> i64 {
        let days = days_overdue(due, as_of);
        if days == 0 || amount_due <= 0 {
            return 0;
        }
        match self {
            LateFee::Fixed { amount } => amount,
            LateFee::Percent { rate } => round_div(i128::from(amount_due) * i128::from(rate), 10_000),
            LateFee::InterestPerYear { rate } => interest(amount_due, rate, days),
        }
    }

    /// [`amount`](Self::amount) as it is charged: rounded to the currency's cash unit (whole
    /// rupiah), the way a demand letter and a reminder state it.
    pub fn charge(self, amount_due: i64, due: NaiveDate, as_of: NaiveDate, currency: Currency) -> i64 {
        currency.round_to_cash(self.amount(amount_due, due, as_of))
    }

    fn check(self) -> Result<(), TermsError> {
        match self {
            LateFee::Fixed { amount } if amount < 0 => {
                Err(TermsError::NegativeAmount { field: "late_fee.amount", value: amount })
            }
            LateFee::Percent { rate } | LateFee::InterestPerYear { rate } if !(0..=MAX_RATE).contains(&rate) => {
                Err(TermsError::RateOutOfRange { field: "late_fee.rate", value: rate })
            }
            _ => Ok(()),
        }
    }
}

/// Simple interest on `principal` at `rate_per_year` (hundredths of a percent) for `days` days.
pub fn interest(principal: i64, rate_per_year: i64, days: i64) -> i64 {
    round_div(i128::from(principal) * i128::from(rate_per_year) * i128::from(days), 10_000 * DAYS_PER_YEAR)
}

/// "2 % off if paid within 10 days" (the 2/10 of "2/10 net 30").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EarlyDiscount {
    pub rate: i64,
    pub within_days: u32,
}

impl EarlyDiscount {
    /// The last day a payment earns the discount, for an invoice sent on `sent`.
    pub fn deadline(self, sent: NaiveDate) -> NaiveDate {
        sent.checked_add_days(Days::new(u64::from(self.within_days))).unwrap_or(NaiveDate::MAX)
    }

    /// The discount on `total`, whether or not it has been earned.
    pub fn amount(self, total: i64) -> i64 {
        round_div(i128::from(total) * i128::from(self.rate), 10_000)
    }

    /// The discount earned by paying in full on `paid_on`; zero after the deadline.
    pub fn earned(self, total: i64, sent: NaiveDate, paid_on: NaiveDate) -> i64 {
        if paid_on <= self.deadline(sent) { self.amount(total) } else { 0 }
    }

    fn check(self) -> Result<(), TermsError> {
        if !(0..=MAX_RATE).contains(&self.rate) {
            return Err(TermsError::RateOutOfRange { field: "early_discount.rate", value: self.rate });
        }
        if !(1..=365).contains(&self.within_days) {
            return Err(TermsError::DiscountDays(self.within_days));
        }
        Ok(())
    }
}

/// The terms of one invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    pub late_fee: Option<LateFee>,
    pub early_discount: Option<EarlyDiscount>,
    /// Whether the business claims what the law gives it on a late invoice (statutory interest,
    /// the fixed compensation: [`crate::law`]) on top of these terms. On unless turned off: most
    /// freelancers never claim what they are owed because nobody computes it, and a user who
    /// keeps a client sweet by waiving it says so for that client or invoice.
    pub claim_statutory: bool,
}

impl Default for Terms {
    fn default() -> Self {
        Terms { late_fee: None, early_discount: None, claim_statutory: true }
    }
}

impl Terms {
    /// Refuses a negative fee, a rate over 100 % or a discount window outside 1–365 days.
    pub fn check(&self) -> Result<(), TermsError> {
        self.late_fee.map_or(Ok(()), LateFee::check)?;
        self.early_discount.map_or(Ok(()), EarlyDiscount::check)
    }

    /// The terms in force: the invoice's own if it has any, else its client's, else the
    /// business's default. Whole sets, not field by field: terms are agreed as a whole, and a
    /// client who negotiated "no late fee" must not inherit the default one.
    pub fn resolve(business: Terms, client: Option<Terms>, invoice: Option<Terms>) -> Terms {
        invoice.or(client).unwrap_or(business)
    }

    /// The late fee on `amount_due` as of `as_of`, as charged in `currency`; zero without a
    /// late-fee term.
    pub fn late_fee_on(&self, amount_due: i64, due: NaiveDate, as_of: NaiveDate, currency: Currency) -> i64 {
        self.late_fee.map_or(0, |f| f.charge(amount_due, due, as_of, currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn late_fees_start_the_day_after_the_due_date() {
        let due = d(2026, 10, 31);
        let fixed = LateFee::Fixed { amount: 2_500 };
        assert_eq!(fixed.amount(100_000, due, due), 0);
        assert_eq!(fixed.amount(100_000, due, d(2026, 11, 1)), 2_500);
        assert_eq!(fixed.amount(0, due, d(2026, 11, 1)), 0, "nothing owed, no fee");
        // 1.5 % of 1,234.57 = 18.51855 → 18.52
        assert_eq!(LateFee::Percent { rate: 150 }.amount(123_457, due, d(2026, 12, 1)), 1_852);
    }

    #[test]
    fn yearly_interest_accrues_per_day() {
        let due = d(2026, 10, 31);
        let fee = LateFee::InterestPerYear { rate: 800 }; // 8 % a year
        // 10,000.00 × 8 % × 30 / 365 = 65.7534… → 65.75
        assert_eq!(fee.amount(1_000_000, due, d(2026, 11, 30)), 6_575);
        // A full year of days is the full rate, leap year or not.
        assert_eq!(fee.amount(1_000_000, d(2027, 12, 31), d(2028, 12, 30)), 80_000);
        // Rupiah: Rp 15.000.000 at 12 % for 10 days = Rp 49.315,07 (minor units are sen).
        assert_eq!(interest(1_500_000_000, 1_200, 10), 4_931_507);
        // ... and charged in whole rupiah: Rp 49.315.
        let idr: Currency = "IDR".parse().unwrap();
        let twelve = LateFee::InterestPerYear { rate: 1_200 };
        assert_eq!(twelve.charge(1_500_000_000, due, d(2026, 11, 10), idr), 4_931_500);
    }

    #[test]
    fn the_early_payment_discount_is_earned_through_its_last_day() {
        let two_ten = EarlyDiscount { rate: 200, within_days: 10 };
        let sent = d(2026, 11, 1);
        assert_eq!(two_ten.deadline(sent), d(2026, 11, 11));
        assert_eq!(two_ten.earned(50_000, sent, d(2026, 11, 11)), 1_000);
        assert_eq!(two_ten.earned(50_000, sent, d(2026, 11, 12)), 0);
    }

    #[test]
    fn the_most_specific_terms_win_whole() {
        let business = Terms { late_fee: Some(LateFee::Fixed { amount: 1_000 }), ..Terms::default() };
        let client = Terms { claim_statutory: false, ..Terms::default() };
        assert_eq!(Terms::resolve(business, None, None), business);
        assert_eq!(Terms::resolve(business, Some(client), None).late_fee, None);
        assert!(!Terms::resolve(business, Some(client), None).claim_statutory, "the claim follows the set in force");
        assert!(Terms::default().claim_statutory, "claimed unless turned off");
        let invoice = Terms { early_discount: Some(EarlyDiscount { rate: 200, within_days: 10 }), ..Terms::default() };
        assert_eq!(Terms::resolve(business, Some(client), Some(invoice)), invoice);
    }

    #[test]
    fn nonsense_terms_are_refused_naming_the_field() {
        let t = Terms { late_fee: Some(LateFee::Percent { rate: 12_000 }), ..Terms::default() };
        assert!(t.check().unwrap_err().to_string().starts_with("late_fee.rate"));
        let t = Terms { late_fee: Some(LateFee::Fixed { amount: -5 }), ..Terms::default() };
        assert!(t.check().unwrap_err().to_string().starts_with("late_fee.amount"));
        let t = Terms { early_discount: Some(EarlyDiscount { rate: 200, within_days: 0 }), ..Terms::default() };
        assert_eq!(t.check().unwrap_err(), TermsError::DiscountDays(0));
    }

    proptest! {
        #[test]
        fn interest_grows_with_days_and_never_exceeds_the_yearly_rate_pro_rata(
            principal in 0_i64..10_000_000_000_000, rate in 0_i64..=10_000, days in 0_i64..2_000,
        ) {
            let a = interest(principal, rate, days);
            let b = interest(principal, rate, days + 1);
            prop_assert!(a <= b);
            // Exact value within half a minor unit.
            let exact = i128::from(principal) * i128::from(rate) * i128::from(days);
            prop_assert!((i128::from(a) * 10_000 * 365 - exact).abs() <= 10_000 * 365 / 2);
        }
    }
}
