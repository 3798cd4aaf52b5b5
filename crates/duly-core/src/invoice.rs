//! Invoices: line totals, tax, the amount still due and the status a person sees.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::money::MAX_AMOUNT_MINOR;
use crate::quantity::Quantity;
use crate::tax::{TaxRate, round_div, round_div_wide};

/// One itemised line: what was done, how much of it, at what unit price (minor units).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineItem {
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: i64,
}

impl LineItem {
    /// Quantity × unit price, rounded to a whole minor unit once per line, as invoices print it.
    /// Saturates at the `i64` range; [`compute_totals`] refuses any line beyond
    /// [`MAX_AMOUNT_MINOR`] before an amount is stored or shown.
    pub fn amount(&self) -> i64 {
        round_div(self.product(), 1000)
    }

    fn exact_amount(&self) -> i128 {
        round_div_wide(self.product(), 1000)
    }

    fn product(&self) -> i128 {
        i128::from(self.quantity.thousandths()) * i128::from(self.unit_price)
    }
}

/// What an invoice adds up to, all in minor units of its currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub subtotal: i64,
    pub tax: i64,
    pub total: i64,
}

/// Why an invoice's totals cannot be computed: an amount beyond [`MAX_AMOUNT_MINOR`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TotalsError {
    /// The line at this index (from 0): quantity × unit price is beyond the ceiling.
    #[error("line {} comes to more than one amount can be", .0 + 1)]
    Line(usize),
    /// Subtotal, tax or total is beyond the ceiling (each line alone is within it).
    #[error("the invoice total comes to more than one amount can be")]
    Total,
}

/// Sums the lines and applies one tax rate to the subtotal.
///
/// Tax is computed on the subtotal, not per line, so the invoice's tax line is exactly the rate
/// applied to what it shows above it (the way EN 16931 computes a VAT breakdown). Every line and
/// the total must stay within [`MAX_AMOUNT_MINOR`]; the sums are done in `i128`, so nothing can
/// wrap on the way to that check.
pub fn compute_totals(lines: &[LineItem], tax_rate: TaxRate) -> Result<Totals, TotalsError> {
    let within = |v: i128| i64::try_from(v).ok().filter(|v| v.unsigned_abs() <= MAX_AMOUNT_MINOR.unsigned_abs());
    let mut subtotal: i128 = 0;
    for (index, line) in lines.iter().enumerate() {
        let amount = within(line.exact_amount()).ok_or(TotalsError::Line(index))?;
        subtotal += i128::from(amount);
    }
    let subtotal = within(subtotal).ok_or(TotalsError::Total)?;
    let tax = within(i128::from(tax_rate.tax_on(subtotal))).ok_or(TotalsError::Total)?;
    let total = within(i128::from(subtotal) + i128::from(tax)).ok_or(TotalsError::Total)?;
    Ok(Totals { subtotal, tax, total })
}

/// What the user decided about an invoice; payments decide the rest of its [`InvoiceStatus`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    /// Being written; not owed yet, never counted or chased.
    Draft,
    /// Sent to the client: owed from now on.
    Issued,
    /// Cancelled; never counted or chased.
    Void,
}

/// The status shown on every invoice row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InvoiceStatus {
    Draft,
    Sent,
    PartlyPaid,
    Paid,
    Void,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown invoice status \"{0}\" (expected draft, sent, partly_paid, paid or void)")]
pub struct UnknownStatus(pub String);

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 5] = [Self::Draft, Self::Sent, Self::PartlyPaid, Self::Paid, Self::Void];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::PartlyPaid => "partly_paid",
            Self::Paid => "paid",
            Self::Void => "void",
        }
    }

    /// Whether money is owed on an invoice in this status (the ones aging and reminders see).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Sent | Self::PartlyPaid)
    }

    pub fn lifecycle(self) -> Lifecycle {
        match self {
            Self::Draft => Lifecycle::Draft,
            Self::Void => Lifecycle::Void,
            Self::Sent | Self::PartlyPaid | Self::Paid => Lifecycle::Issued,
        }
    }
}

impl fmt::Display for InvoiceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for InvoiceStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|st| st.as_str() == s.trim()).ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

/// The status that follows from the user's decision and the payments received so far.
pub fn status_of(lifecycle: Lifecycle, total: i64, paid: i64) -> InvoiceStatus {
    match lifecycle {
        Lifecycle::Draft => InvoiceStatus::Draft,
        Lifecycle::Void => InvoiceStatus::Void,
        Lifecycle::Issued if paid >= total => InvoiceStatus::Paid,
        Lifecycle::Issued if paid > 0 => InvoiceStatus::PartlyPaid,
        Lifecycle::Issued => InvoiceStatus::Sent,
    }
}

/// What is still owed: the total minus payments, never below zero (an overpayment is not a debt).
/// Saturating: with amounts within the ceiling it never needs to, and an extreme pair read from an
/// old database must not panic here (the sums it feeds are checked).
pub fn amount_due(total: i64, paid: i64) -> i64 {
    total.saturating_sub(paid).max(0)
}

/// Whole days past the due date as of `today`; zero on or before the due date.
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

/// What the client owes on an invoice in `status`: a void invoice is owed nothing, whatever its
/// total; any other is [`amount_due`]. Lists, totals and reminders all go through this.
pub fn open_amount(status: InvoiceStatus, total: i64, paid: i64) -> i64 {
    if status == InvoiceStatus::Void { 0 } else { amount_due(total, paid) }
}

/// Days past due for an invoice the client still has to pay (sent or partly paid); `None` for
/// drafts, paid and void invoices, which nobody chases.
pub fn overdue_days(status: InvoiceStatus, due: NaiveDate, today: NaiveDate) -> Option<i64> {
    status.is_open().then(|| days_overdue(due, today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(desc: &str, qty: &str, price: i64) -> LineItem {
        LineItem { description: desc.into(), quantity: qty.parse().unwrap(), unit_price: price }
    }

    #[test]
    fn void_owes_nothing_and_only_open_invoices_are_overdue() {
        let due = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(open_amount(InvoiceStatus::Void, 1000, 0), 0);
        assert_eq!(open_amount(InvoiceStatus::PartlyPaid, 1000, 400), 600);
        assert_eq!(open_amount(InvoiceStatus::Paid, 1000, 1200), 0);
        assert_eq!(overdue_days(InvoiceStatus::Sent, due, today), Some(23));
        assert_eq!(overdue_days(InvoiceStatus::Sent, today, due), Some(0));
        assert_eq!(overdue_days(InvoiceStatus::Draft, due, today), None);
        assert_eq!(overdue_days(InvoiceStatus::Paid, due, today), None);
    }

    #[test]
    fn the_e2e_invoice_adds_up() {
        let lines = [line("Design work", "10", 15_000), line("Hosting", "1", 9_999)];
        let totals = compute_totals(&lines, "19".parse().unwrap()).unwrap();
        assert_eq!(totals, Totals { subtotal: 159_999, tax: 30_400, total: 190_399 });
        assert_eq!(amount_due(totals.total, 50_000), 140_399);
    }

    #[test]
    fn totals_beyond_the_ceiling_are_refused_never_wrapped() {
        let max = MAX_AMOUNT_MINOR;
        let huge = [line("A", "1", 9_000_000_000_000_000_000), line("B", "1", 9_000_000_000_000_000_000)];
        assert_eq!(compute_totals(&huge, TaxRate::ZERO), Err(TotalsError::Line(0)));
        let two = [line("A", "1", max), line("B", "1", 1)];
        assert_eq!(compute_totals(&two, TaxRate::ZERO), Err(TotalsError::Total));
        assert_eq!(compute_totals(&[line("A", "1", max)], TaxRate(100)), Err(TotalsError::Total));
        assert_eq!(compute_totals(&[line("A", "2", max / 2)], TaxRate::ZERO).unwrap().total, max);
        let many = [line("A", "9223372036854775.807", i64::MAX)];
        assert_eq!(compute_totals(&many, TaxRate(10_000)), Err(TotalsError::Line(0)));
        assert_eq!(amount_due(i64::MAX, i64::MIN), i64::MAX);
    }

    #[test]
    fn fractional_quantities_round_once_per_line() {
        // 1.5 h × 33.33 = 49.995 → 50.00
        assert_eq!(line("Consulting", "1.5", 3_333).amount(), 5_000);
        // 0.333 × 1.00 = 0.333 → 0.33
        assert_eq!(line("Share", "0.333", 100).amount(), 33);
    }

    #[test]
    fn status_follows_payments() {
        assert_eq!(status_of(Lifecycle::Issued, 100, 0), InvoiceStatus::Sent);
        assert_eq!(status_of(Lifecycle::Issued, 100, 1), InvoiceStatus::PartlyPaid);
        assert_eq!(status_of(Lifecycle::Issued, 100, 100), InvoiceStatus::Paid);
        assert_eq!(status_of(Lifecycle::Issued, 100, 150), InvoiceStatus::Paid);
        assert_eq!(status_of(Lifecycle::Draft, 100, 100), InvoiceStatus::Draft);
        assert_eq!(status_of(Lifecycle::Void, 100, 0), InvoiceStatus::Void);
        assert_eq!(amount_due(100, 150), 0);
    }

    #[test]
    fn statuses_round_trip_through_text() {
        for st in InvoiceStatus::ALL {
            assert_eq!(st.as_str().parse::<InvoiceStatus>().unwrap(), st);
        }
        assert!("unpaid".parse::<InvoiceStatus>().is_err());
    }

    #[test]
    fn overdue_days_start_the_day_after_the_due_date() {
        let due = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        assert_eq!(days_overdue(due, due), 0);
        assert_eq!(days_overdue(due, due.succ_opt().unwrap()), 1);
        assert_eq!(days_overdue(due, NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()), 0);
    }
}
