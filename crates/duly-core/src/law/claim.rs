//! What the law lets a creditor claim on one late invoice on one day: statutory interest split
//! into periods, the fixed compensation, and the rules to cite.
//!
//! Interest is simple, per calendar day (actual/365, see [`DAYS_PER_YEAR`]), on the principal
//! still unpaid that day, from the day after the due date through the as-of date. A payment on
//! day P counts as received at the end of P: the principal it pays off stops accruing from P + 1,
//! so an invoice paid on its due date owes nothing. Payments reduce the principal (not the
//! interest first), which gives the lower, undisputable figure.
//!
//! **Rounding, once:** the exact interest (a rational number of minor units) is accumulated
//! period by period; the running total is rounded half away from zero to the currency's cash unit
//! at each period's end, and a period's amount is the difference between two rounded running
//! totals. So the periods add up to the total exactly, the total is the exact sum rounded once,
//! and each period is within one cash unit of its own exact figure.

use chrono::{Datelike, Days, NaiveDate};

use super::rates::{RateTable, Series};
use super::regimes::{DAYS_PER_YEAR, FixedSum, LetterRule, RateRule, Regime, regime_for};
use crate::Currency;
use crate::tax::round_div_wide;

/// Who owes: statutory B2B interest and fixed sums do not apply to a consumer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Debtor {
    Business,
    PrivatePerson,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimInput<'a> {
    /// ISO 3166-1 alpha-2 of the law that governs the contract (`EU` for the directive's minimum),
    /// or `None` when unknown.
    pub jurisdiction: Option<&'a str>,
    pub debtor: Debtor,
    pub currency: Currency,
    /// The invoice's total, in minor units.
    pub principal: i64,
    pub due: NaiveDate,
    /// (day received, amount in minor units), in any order.
    pub payments: &'a [(NaiveDate, i64)],
    pub as_of: NaiveDate,
}

/// Days at one principal and one rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub days: i64,
    pub principal: i64,
    /// The published reference rate, `None` for a fixed statutory rate or when unknown.
    pub reference_rate_bp: Option<i64>,
    pub margin_bp: i64,
    /// `None` when the reference rate for these days is not in the table.
    pub rate_bp: Option<i64>,
    /// `None` when the rate is unknown.
    pub amount: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compensation {
    pub amount: i64,
    /// ISO 4217: the currency the law states the sum in (EUR for Romania and Poland).
    pub currency: &'static str,
    pub basis: &'static str,
}

/// Something the reader must know before relying on the figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The bundled table is older than the series' next expected publication.
    Stale { series: Series, known_until: NaiveDate },
    /// No rate for these days: they are left out of the total.
    RateUnknown { series: Series, from: NaiveDate, to: NaiveDate },
    /// The fixed sum is stated in another currency than the invoice's and Duly has no exchange rate.
    CompensationConverted { how: &'static str },
    /// The tier of the fixed sum depends on the debt's value in another currency.
    CompensationNeedsRate { threshold_currency: &'static str },
    /// A national law stood in for by the directive's minimum, or another caveat of the regime.
    Note(String),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Stale { series, known_until } => write!(
                f,
                "the {} table is known only up to {known_until} and a newer rate is due: check the publisher's page and add it",
                series.name()
            ),
            Warning::RateUnknown { series, from, to } => write!(
                f,
                "rate unknown from {from} to {to}: no {} for that half-year in Duly's table (or the rule did not apply yet); those days are not counted",
                series.name()
            ),
            Warning::CompensationConverted { how } => write!(f, "the fixed sum is {how}: no exchange rate is bundled"),
            Warning::CompensationNeedsRate { threshold_currency } => write!(
                f,
                "the fixed sum depends on the debt's value in {threshold_currency}: no exchange rate is bundled, so it is not stated"
            ),
            Warning::Note(text) => f.write_str(text),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The jurisdiction applied (`None` when unknown).
    pub jurisdiction: Option<String>,
    /// The regime applied; `None` when only the contract's terms apply.
    pub regime: Option<&'static Regime>,
    pub principal: i64,
    pub periods: Vec<Period>,
    /// The sum of the periods whose rate is known.
    pub interest_total: i64,
    pub compensation: Option<Compensation>,
    /// The rules applied, with their sources, or why none apply.
    pub basis: Vec<String>,
    pub warnings: Vec<Warning>,
    /// The formal letter before a claim, when a regime applies.
    pub letter: Option<LetterRule>,
}

impl Claim {
    /// Every period's rate is known: the total is the whole statutory interest.
    pub fn complete(&self) -> bool {
        self.periods.iter().all(|p| p.amount.is_some())
    }
}

/// The claim on `input.as_of`. Pure: the rate table is a parameter.
pub fn claim(input: &ClaimInput<'_>, rates: &RateTable) -> Claim {
    let mut out = Claim {
        jurisdiction: input.jurisdiction.map(|j| j.trim().to_ascii_uppercase()).filter(|j| !j.is_empty()),
        regime: None,
        principal: input.principal,
        periods: Vec::new(),
        interest_total: 0,
        compensation: None,
        basis: Vec::new(),
        warnings: Vec::new(),
        letter: None,
    };
    let Some(code) = out.jurisdiction.clone() else {
        out.basis.push(
            "No jurisdiction is set (the business's country, or the client's governing law): only the contract's terms apply"
                .to_owned(),
        );
        return out;
    };
    let (regime, note) = regime_for(&code);
    let Some(regime) = regime else {
        out.basis
            .push(format!("No statutory late-payment rules are bundled for {code}: only the contract's terms apply"));
        return out;
    };
    out.regime = Some(regime);
    out.letter = Some(regime.letter);
    if let Some(note) = note {
        out.warnings.push(Warning::Note(note));
    }
    if regime.b2b_only && input.debtor == Debtor::PrivatePerson {
        out.basis.push(format!(
            "The client is a private person: {}'s statutory interest and fixed sum between businesses do not apply; only the contract's terms and general civil law do",
            regime.name
        ));
        return out;
    }
    out.basis.extend(regime.basis.iter().map(|b| (*b).to_owned()));
    out.basis.push(
        "Simple interest per calendar day on the principal still unpaid, over a 365-day year (actual/365, leap years included)"
            .to_owned(),
    );
    out.periods = periods(input, regime, rates);
    out.interest_total = total_amounts(&mut out.periods, input.currency);
    out.warnings.extend(rate_warnings(&out.periods, regime, rates, input.as_of));
    // Owed once the invoice is late at all; sized by what was unpaid on the first late day.
    if !out.periods.is_empty()
        && let Some(sum) = regime.compensation
    {
        compensation(&mut out, &sum, input, input.due.succ_opt().unwrap_or(input.due));
    }
    out.basis.push(regime.letter.basis.to_owned());
    out
}

/// The fixed sum, by the debt still unpaid once the invoice fell due.
fn compensation(out: &mut Claim, sum: &FixedSum, input: &ClaimInput<'_>, start: NaiveDate) {
    match sum.for_debt(principal_on(input, start), input.currency.code()) {
        Some(amount) => {
            out.compensation = Some(Compensation { amount, currency: sum.currency, basis: sum.basis });
            if sum.currency != input.currency.code() {
                out.warnings.push(Warning::CompensationConverted {
                    how: sum.conversion.unwrap_or("paid in the invoice's currency at the day's exchange rate"),
                });
            }
        }
        None => out.warnings.push(Warning::CompensationNeedsRate { threshold_currency: sum.threshold_currency }),
    }
    out.basis.push(sum.basis.to_owned());
}

/// The first day of the half-year containing `day`.
fn half_year_start(day: NaiveDate) -> NaiveDate {
    let month = if day.month() <= 6 { 1 } else { 7 };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

fn next_half_year(day: NaiveDate) -> Option<NaiveDate> {
    let start = half_year_start(day);
    start.checked_add_months(chrono::Months::new(6))
}

fn periods(input: &ClaimInput<'_>, regime: &Regime, rates: &RateTable) -> Vec<Period> {
    let Some(start) = input.due.checked_add_days(Days::new(1)) else { return Vec::new() };
    if input.as_of < start || input.principal <= 0 {
        return Vec::new();
    }
    // Days on which something changes: a half-year begins, or the principal drops (the day after a payment).
    let mut cuts: Vec<NaiveDate> =
        input.payments.iter().filter_map(|(d, _)| d.checked_add_days(Days::new(1))).collect();
    if let RateRule::HalfYear { since, .. } = regime.rate {
        let mut day = start;
        while let Some(next) = next_half_year(day).filter(|n| *n <= input.as_of) {
            cuts.push(next);
            day = next;
        }
        if let Some(since) = NaiveDate::from_ymd_opt(since.0, since.1, since.2) {
            cuts.push(since);
        }
    }
    cuts.retain(|d| *d > start && *d <= input.as_of);
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = Vec::new();
    let mut from = start;
    for end in cuts.into_iter().map(Some).chain([None]) {
        let to = match end {
            Some(next) => next.pred_opt().unwrap_or(next),
            None => input.as_of,
        };
        let principal = principal_on(input, from);
        if principal > 0 {
            out.push(period(regime, rates, from, to, principal));
        }
        match end {
            Some(next) => from = next,
            None => break,
        }
    }
    out
}

/// The principal accruing on `day`: the total less every payment received before it.
fn principal_on(input: &ClaimInput<'_>, day: NaiveDate) -> i64 {
    let paid: i64 =
        input.payments.iter().filter(|(d, _)| *d < day).map(|(_, a)| (*a).max(0)).fold(0, i64::saturating_add);
    input.principal.saturating_sub(paid).max(0)
}

fn period(regime: &Regime, rates: &RateTable, from: NaiveDate, to: NaiveDate, principal: i64) -> Period {
    let days = (to - from).num_days() + 1;
    let (reference, margin, rate) = match regime.rate {
        RateRule::Fixed { rate_bp } => (None, 0, Some(rate_bp)),
        RateRule::HalfYear { series, margin_bp, fixing, since } => {
            let applies = NaiveDate::from_ymd_opt(since.0, since.1, since.2).is_some_and(|s| from >= s);
            let reference =
                rates.rate_on(series, fixing.day(half_year_start(from))).filter(|_| applies).map(|r| r.rate_bp);
            // A negative reference plus the margin could in theory go below zero: interest never does.
            (reference, margin_bp, reference.map(|r| (r + margin_bp).max(0)))
        }
    };
    Period { from, to, days, principal, reference_rate_bp: reference, margin_bp: margin, rate_bp: rate, amount: None }
}

/// Fills each known period's amount by the one rounding described in the module docs, and
/// returns the total.
fn total_amounts(periods: &mut [Period], currency: Currency) -> i64 {
    let divisor = 10_000 * i128::from(DAYS_PER_YEAR) * i128::from(currency.cash_unit());
    let cash = currency.cash_unit();
    let mut exact: i128 = 0;
    let mut rounded: i64 = 0;
    for p in periods.iter_mut() {
        let Some(rate) = p.rate_bp else { continue };
        exact = exact.saturating_add(i128::from(p.principal) * i128::from(rate) * i128::from(p.days));
        let now = i64::try_from(round_div_wide(exact, divisor)).unwrap_or(i64::MAX).saturating_mul(cash);
        p.amount = Some(now - rounded);
        rounded = now;
    }
    rounded
}

fn rate_warnings(periods: &[Period], regime: &Regime, rates: &RateTable, as_of: NaiveDate) -> Vec<Warning> {
    let RateRule::HalfYear { series, .. } = regime.rate else { return Vec::new() };
    let mut out = Vec::new();
    if rates.stale_on(series, as_of)
        && let Some(known_until) = rates.known_until(series)
    {
        out.push(Warning::Stale { series, known_until });
    }
    // One warning per run of consecutive unknown periods.
    let mut run: Option<(NaiveDate, NaiveDate)> = None;
    for p in periods {
        match (p.rate_bp, run) {
            (None, Some((from, _))) => run = Some((from, p.to)),
            (None, None) => run = Some((p.from, p.to)),
            (Some(_), Some((from, to))) => {
                out.push(Warning::RateUnknown { series, from, to });
                run = None;
            }
            (Some(_), None) => {}
        }
    }
    if let Some((from, to)) = run {
        out.push(Warning::RateUnknown { series, from, to });
    }
    out
}
