//! Receivables aging: what is owed, per currency and per client, sorted into buckets by how
//! long past due it is, as of a given date.
//!
//! Only invoices the client actually owes count (sent or partly paid; see
//! [`InvoiceStatus::is_open`]): drafts were never sent and void invoices are owed nothing. Amounts
//! are summed per currency and never across currencies.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::currency::Currency;
use crate::invoice::{InvoiceStatus, days_overdue, open_amount};
use crate::money::MoneyError;

/// An aging bucket, by whole days past the due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bucket {
    NotDue,
    Days1To30,
    Days31To60,
    Days61To90,
    Days91To120,
    Over120,
}

impl Bucket {
    pub const ALL: [Bucket; 6] =
        [Self::NotDue, Self::Days1To30, Self::Days31To60, Self::Days61To90, Self::Days91To120, Self::Over120];

    /// The bucket of an amount `days` past due (zero or less: not yet due).
    pub fn for_days_past_due(days: i64) -> Self {
        match days {
            ..=0 => Self::NotDue,
            1..=30 => Self::Days1To30,
            31..=60 => Self::Days31To60,
            61..=90 => Self::Days61To90,
            91..=120 => Self::Days91To120,
            _ => Self::Over120,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The facts about one invoice that aging needs; the caller reads them from wherever it keeps
/// invoices (the database) and the core decides what they mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgingInput {
    pub client_id: i64,
    pub currency: Currency,
    pub status: InvoiceStatus,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: i64,
    pub paid: i64,
}

/// One currency's receivables as of the aging date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurrencyAging {
    /// Amount due per [`Bucket`], in bucket order.
    pub buckets: [i64; 6],
    /// Everything owed: the sum of the buckets.
    pub total: i64,
    /// Everything past due: the sum of every bucket but "not yet due".
    pub overdue: i64,
    /// Open invoices with something still due.
    pub count: i64,
    pub overdue_count: i64,
    /// Sum of amount × days past due over overdue invoices, for the weighted average.
    weighted_days: i128,
    /// Invoiced (issued, not void) in the 90 days up to the aging date, for DSO.
    sales_90_days: i64,
}

impl CurrencyAging {
    /// Average days past due of the overdue amount, weighted by amount, rounded to whole days;
    /// `None` when nothing is overdue.
    pub fn average_days_overdue(&self) -> Option<i64> {
        (self.overdue > 0).then(|| round_div(self.weighted_days, i128::from(self.overdue)))
    }

    /// Days sales outstanding over the last 90 days: what is owed now divided by what was
    /// invoiced in the 90 days up to the aging date, times 90, rounded to whole days. `None` when
    /// nothing was invoiced in that window.
    pub fn dso_days(&self) -> Option<i64> {
        (self.sales_90_days > 0).then(|| round_div(i128::from(self.total) * 90, i128::from(self.sales_90_days)))
    }

    pub fn sales_90_days(&self) -> i64 {
        self.sales_90_days
    }
}

/// One client's receivables in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAging {
    pub client_id: i64,
    pub currency: Currency,
    pub total: i64,
    pub overdue: i64,
    pub count: i64,
    /// Days past due of the client's oldest overdue invoice (0 when none is overdue).
    pub oldest_days: i64,
}

/// Receivables aging as of one date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aging {
    pub as_of: NaiveDate,
    /// Per currency, sorted by currency code; only currencies with something owed or invoiced
    /// in the last 90 days.
    pub currencies: BTreeMap<Currency, CurrencyAging>,
    /// Per client and currency with something owed: most overdue first, then most owed, then
    /// by client id (a stable order for equal figures).
    pub clients: Vec<ClientAging>,
}

/// Ages `invoices` as of `as_of`. Runs in one pass; the client list is sorted at the end.
///
/// Every sum is checked: a currency whose amounts add up beyond `i64` is refused with
/// [`MoneyError::Overflow`] naming it, never wrapped into a wrong figure or a panic.
pub fn age(invoices: impl IntoIterator<Item = AgingInput>, as_of: NaiveDate) -> Result<Aging, MoneyError> {
    let window_start = as_of.checked_sub_days(chrono::Days::new(90)).unwrap_or(NaiveDate::MIN);
    let mut currencies: BTreeMap<Currency, CurrencyAging> = BTreeMap::new();
    let mut clients: BTreeMap<(i64, Currency), ClientAging> = BTreeMap::new();
    for inv in invoices {
        let overflow = || MoneyError::Overflow(inv.currency);
        let add = |sum: &mut i64, amount: i64| -> Result<(), MoneyError> {
            *sum = sum.checked_add(amount).ok_or_else(overflow)?;
            Ok(())
        };
        let issued = !matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Void);
        if issued && inv.issue_date > window_start && inv.issue_date <= as_of {
            add(&mut currencies.entry(inv.currency).or_default().sales_90_days, inv.total)?;
        }
        let due = open_amount(inv.status, inv.total, inv.paid);
        if !inv.status.is_open() || due == 0 {
            continue;
        }
        let days = days_overdue(inv.due_date, as_of);
        let cur = currencies.entry(inv.currency).or_default();
        add(&mut cur.buckets[Bucket::for_days_past_due(days).index()], due)?;
        add(&mut cur.total, due)?;
        cur.count += 1;
        let client = clients.entry((inv.client_id, inv.currency)).or_insert(ClientAging {
            client_id: inv.client_id,
            currency: inv.currency,
            total: 0,
            overdue: 0,
            count: 0,
            oldest_days: 0,
        });
        add(&mut client.total, due)?;
        client.count += 1;
        if days > 0 {
            add(&mut cur.overdue, due)?;
            cur.overdue_count += 1;
            cur.weighted_days =
                cur.weighted_days.checked_add(i128::from(due) * i128::from(days)).ok_or_else(overflow)?;
            add(&mut client.overdue, due)?;
            client.oldest_days = client.oldest_days.max(days);
        }
    }
    let mut clients: Vec<ClientAging> = clients.into_values().collect();
    clients.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.total.cmp(&a.total))
            .then(a.client_id.cmp(&b.client_id))
            .then(a.currency.cmp(&b.currency))
    });
    Ok(Aging { as_of, currencies, clients })
}

fn round_div(n: i128, d: i128) -> i64 {
    let q = (n.abs().saturating_add(d / 2)) / d;
    let q = if n < 0 { -q } else { q };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn inv(client_id: i64, currency: &str, status: InvoiceStatus, due: &str, total: i64, paid: i64) -> AgingInput {
        let due = d(due);
        AgingInput {
            client_id,
            currency: currency.parse().unwrap(),
            status,
            issue_date: due - chrono::Days::new(30),
            due_date: due,
            total,
            paid,
        }
    }

    #[test]
    fn bucket_edges() {
        let cases = [
            (-5, Bucket::NotDue),
            (0, Bucket::NotDue),
            (1, Bucket::Days1To30),
            (30, Bucket::Days1To30),
            (31, Bucket::Days31To60),
            (60, Bucket::Days31To60),
            (61, Bucket::Days61To90),
            (90, Bucket::Days61To90),
            (91, Bucket::Days91To120),
            (120, Bucket::Days91To120),
            (121, Bucket::Over120),
        ];
        for (days, bucket) in cases {
            assert_eq!(Bucket::for_days_past_due(days), bucket, "{days}");
        }
    }

    #[test]
    fn ages_per_currency_and_client_and_skips_drafts_void_and_paid() {
        use InvoiceStatus::*;
        let as_of = d("2026-11-23");
        let aging = age(
            [
                inv(1, "RON", Sent, "2026-11-22", 10_000, 0),            // 1 day late
                inv(1, "RON", PartlyPaid, "2026-08-01", 50_000, 20_000), // 114 days late, 300.00 due
                inv(2, "RON", Sent, "2026-12-01", 7_000, 0),             // not yet due
                inv(2, "IDR", Sent, "2026-06-01", 150_000_000, 0),       // 175 days late
                inv(3, "RON", Draft, "2026-01-01", 99_999, 0),
                inv(3, "RON", Void, "2026-01-01", 99_999, 0),
                inv(3, "RON", Paid, "2026-01-01", 99_999, 99_999),
            ],
            as_of,
        )
        .unwrap();
        let ron = &aging.currencies[&"RON".parse().unwrap()];
        assert_eq!(ron.buckets, [7_000, 10_000, 0, 0, 30_000, 0]);
        assert_eq!((ron.total, ron.overdue, ron.count, ron.overdue_count), (47_000, 40_000, 3, 2));
        // (10_000 × 1 + 30_000 × 114) / 40_000 = 85.75 → 86
        assert_eq!(ron.average_days_overdue(), Some(86));
        let idr = &aging.currencies[&"IDR".parse().unwrap()];
        assert_eq!(idr.buckets[Bucket::Over120.index()], 150_000_000);
        assert_eq!(idr.dso_days(), None, "nothing invoiced in IDR in the last 90 days");
        let order: Vec<_> = aging.clients.iter().map(|c| (c.client_id, c.currency.code(), c.oldest_days)).collect();
        assert_eq!(order, [(2, "IDR", 175), (1, "RON", 114), (2, "RON", 0)]);
    }

    #[test]
    fn dso_divides_what_is_owed_by_recent_sales() {
        let as_of = d("2026-11-23");
        let mut a = inv(1, "EUR", InvoiceStatus::Sent, "2026-12-10", 30_000, 0);
        a.issue_date = d("2026-11-10");
        let mut b = inv(1, "EUR", InvoiceStatus::Paid, "2026-11-01", 60_000, 60_000);
        b.issue_date = d("2026-10-01");
        let mut old = inv(1, "EUR", InvoiceStatus::Paid, "2026-07-01", 1_000_000, 1_000_000);
        old.issue_date = d("2026-06-01"); // outside the 90-day window
        let aging = age([a, b, old], as_of).unwrap();
        // owed 300.00, invoiced 900.00 in 90 days → 30 days
        assert_eq!(aging.currencies[&"EUR".parse().unwrap()].dso_days(), Some(30));
    }

    fn arb_input() -> impl Strategy<Value = AgingInput> {
        let statuses = prop_oneof![
            Just(InvoiceStatus::Draft),
            Just(InvoiceStatus::Sent),
            Just(InvoiceStatus::PartlyPaid),
            Just(InvoiceStatus::Paid),
            Just(InvoiceStatus::Void)
        ];
        (
            0..5_i64,
            prop::sample::select(vec!["EUR", "IDR", "RON", "USD"]),
            statuses,
            -200..100_i64,
            1..10_000_000_i64,
            0..100_u8,
        )
            .prop_map(|(client_id, currency, status, due_offset, total, paid_pct)| {
                let due = d("2026-11-23") + chrono::Duration::days(due_offset);
                let paid = match status {
                    InvoiceStatus::Paid => total,
                    InvoiceStatus::PartlyPaid => total * i64::from(paid_pct.clamp(1, 99)) / 100,
                    _ => 0,
                };
                AgingInput {
                    client_id,
                    currency: currency.parse().unwrap(),
                    status,
                    issue_date: due - chrono::Days::new(30),
                    due_date: due,
                    total,
                    paid,
                }
            })
    }

    proptest! {
        #[test]
        fn buckets_add_up_to_the_total_of_every_currency(invoices in prop::collection::vec(arb_input(), 0..60)) {
            let aging = age(invoices.clone(), d("2026-11-23")).unwrap();
            for (currency, c) in &aging.currencies {
                prop_assert_eq!(c.buckets.iter().sum::<i64>(), c.total);
                prop_assert_eq!(c.buckets[1..].iter().sum::<i64>(), c.overdue);
                let clients: i64 = aging.clients.iter().filter(|k| k.currency == *currency).map(|k| k.total).sum();
                prop_assert_eq!(clients, c.total);
            }
        }

        #[test]
        fn paying_an_invoice_in_full_removes_it_from_every_bucket(
            invoices in prop::collection::vec(arb_input(), 1..40), pick in any::<prop::sample::Index>()
        ) {
            let as_of = d("2026-11-23");
            let mut paid = invoices.clone();
            let i = pick.index(paid.len());
            let before = age(invoices.clone(), as_of).unwrap();
            let removed = open_amount(paid[i].status, paid[i].total, paid[i].paid);
            let was_open = paid[i].status.is_open();
            if paid[i].status != InvoiceStatus::Draft && paid[i].status != InvoiceStatus::Void {
                paid[i].paid = paid[i].total;
                paid[i].status = InvoiceStatus::Paid;
            }
            let after = age(paid.clone(), as_of).unwrap();
            let cur = paid[i].currency;
            let total = |a: &Aging| a.currencies.get(&cur).map_or(0, |c| c.total);
            prop_assert_eq!(total(&after), total(&before) - if was_open { removed } else { 0 });
            let bucket = Bucket::for_days_past_due(days_overdue(paid[i].due_date, as_of)).index();
            let in_bucket = |a: &Aging| a.currencies.get(&cur).map_or(0, |c| c.buckets[bucket]);
            prop_assert_eq!(in_bucket(&after), in_bucket(&before) - if was_open { removed } else { 0 });
        }

        #[test]
        fn moving_the_date_forward_never_makes_money_younger(
            invoices in prop::collection::vec(arb_input(), 0..60), step in 0..200_i64
        ) {
            let early = age(invoices.clone(), d("2026-11-23")).unwrap();
            let late = age(invoices, d("2026-11-23") + chrono::Duration::days(step)).unwrap();
            for (currency, e) in &early.currencies {
                let Some(l) = late.currencies.get(currency) else { continue };
                // For each bucket, what is at least that old can only grow.
                for b in 0..6 {
                    prop_assert!(l.buckets[b..].iter().sum::<i64>() >= e.buckets[b..].iter().sum::<i64>());
                }
            }
        }
    }

    fn arb_extreme() -> impl Strategy<Value = AgingInput> {
        let amount = prop_oneof![
            Just(i64::MAX),
            Just(i64::MIN),
            Just(i64::MAX / 2 + 1),
            Just(crate::money::MAX_AMOUNT_MINOR),
            Just(9_000_000_000_000_000_000_i64),
            Just(0_i64),
            any::<i64>(),
        ];
        let statuses = prop::sample::select(InvoiceStatus::ALL.to_vec());
        let dates = prop_oneof![
            Just(NaiveDate::MIN),
            Just(NaiveDate::MAX),
            (-400..400_i64).prop_map(|o| d("2026-11-23") + chrono::Duration::days(o))
        ];
        (0..3_i64, prop::sample::select(vec!["EUR", "IDR"]), statuses, dates.clone(), dates, amount.clone(), amount)
            .prop_map(|(client_id, currency, status, issue_date, due_date, total, paid)| AgingInput {
                client_id,
                currency: currency.parse().unwrap(),
                status,
                issue_date,
                due_date,
                total,
                paid,
            })
    }

    #[test]
    fn two_huge_invoices_are_an_overflow_error_not_a_panic() {
        let eur: Currency = "EUR".parse().unwrap();
        let huge = inv(1, "EUR", InvoiceStatus::Sent, "2026-10-01", 5_000_000_000_000_000_000, 0);
        assert_eq!(age([huge, huge], d("2026-11-23")), Err(MoneyError::Overflow(eur)));
        let at_ceiling = inv(1, "EUR", InvoiceStatus::Sent, "2026-10-01", crate::money::MAX_AMOUNT_MINOR, 0);
        let aging = age([at_ceiling, at_ceiling], d("2026-11-23")).unwrap();
        assert_eq!(aging.currencies[&eur].total, 2 * crate::money::MAX_AMOUNT_MINOR);
    }

    proptest! {
        #[test]
        fn extreme_amounts_and_dates_never_panic(invoices in prop::collection::vec(arb_extreme(), 0..8), as_of in prop_oneof![Just(NaiveDate::MIN), Just(NaiveDate::MAX), Just(d("2026-11-23"))]) {
            match age(invoices, as_of) {
                Ok(aging) => {
                    for c in aging.currencies.values() {
                        let _ = (c.average_days_overdue(), c.dso_days());
                        prop_assert_eq!(c.buckets.iter().map(|&b| i128::from(b)).sum::<i128>(), i128::from(c.total));
                    }
                }
                Err(e) => prop_assert!(matches!(e, MoneyError::Overflow(_))),
            }
        }
    }
}
