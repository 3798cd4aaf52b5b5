//! `aging`: the aging dashboard (what is owed, by how late, per currency and client). The list of
//! invoices to follow up on today (`today_list`) shares its one-pass read and ranking.
//!
//! Both read the open invoices in one pass through `duly_store::invoices::with_aging_rows` (a
//! covering index, no join) and leave the rules to the core: `duly_core::age` for the buckets,
//! `open_amount` and `days_overdue` for single invoices. Names and numbers are looked up
//! afterwards, only for the rows shown.
//!
//! ## Comparing amounts across currencies
//!
//! "The biggest overdue invoices" and "the most urgent follow-ups" are single lists over every
//! currency, but Duly has no exchange rates and never adds or compares amounts of different
//! currencies as if they were one (IDR 5,000,000 is not bigger than EUR 900). So an invoice is
//! ranked by its *relative size*: its amount due divided by the average amount due of the open
//! invoices in its own currency. "Three times what a client typically owes me in that currency"
//! means the same in rupiah and in euros, needs no rates, and keeps the order within one
//! currency exactly the order of the amounts. It is computed in integers (millionths of the
//! average), like every other figure here.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{Days, NaiveDate};
use duly_core::{self as core, Currency, days_overdue, open_amount};
use duly_store::{clients, invoices as table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clients::ClientRef;
use crate::shared::money::display;
use crate::{ApiResult, Duly};

/// `duly_core::age` counts as sales what was invoiced in the 90 days up to the aging date (for
/// DSO); the store is asked for the paid invoices of the same window.
const DSO_WINDOW_DAYS: u64 = 90;
/// How many of the biggest overdue invoices the aging report lists.
const TOP_OVERDUE: usize = 10;
/// Relative sizes are in millionths of the currency's average open amount.
const RELATIVE_SCALE: i128 = 1_000_000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct AgingQuery {
    /// The date ages are measured against (YYYY-MM-DD); today unless given.
    pub as_of: Option<String>,
    /// Only one client: its name ignoring case, or a part of the name that only one client has.
    pub client: Option<String>,
}

/// One currency's receivables, bucketed by days past due. Amounts in minor units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CurrencyAging {
    pub currency: String,
    /// Not yet due (due today or later).
    pub not_due: i64,
    /// 1 to 30 days past due.
    pub d1_30: i64,
    pub d31_60: i64,
    pub d61_90: i64,
    pub d91_120: i64,
    /// More than 120 days past due.
    pub over_120: i64,
    /// Everything owed: the sum of the six buckets.
    pub total: i64,
    /// Everything past due: every bucket but `not_due`.
    pub overdue: i64,
    /// Open invoices with something still due.
    pub count: i64,
    pub overdue_count: i64,
    /// Days past due of the overdue amount, weighted by amount; `null` when nothing is overdue.
    pub average_days_overdue: Option<i64>,
    /// Days sales outstanding: owed now ÷ invoiced in the last 90 days × 90; `null` when nothing
    /// was invoiced in that window.
    pub dso_days: Option<i64>,
    /// Invoiced (sent, part paid or paid) in the 90 days up to `as_of`: what DSO divides by.
    pub sales_90_days: i64,
    pub not_due_display: String,
    pub d1_30_display: String,
    pub d31_60_display: String,
    pub d61_90_display: String,
    pub d91_120_display: String,
    pub over_120_display: String,
    pub total_display: String,
    pub overdue_display: String,
    pub sales_90_days_display: String,
}

/// One client's receivables in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClientAging {
    pub client_id: i64,
    /// The client's name.
    pub client: String,
    pub currency: String,
    pub total: i64,
    pub overdue: i64,
    /// Open invoices with something still due.
    pub count: i64,
    /// Days past due of the client's oldest overdue invoice; 0 when none is overdue.
    pub oldest_days: i64,
    pub total_display: String,
    pub overdue_display: String,
}

/// An overdue invoice as the aging report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct OverdueInvoice {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client: String,
    pub currency: String,
    pub amount_due: i64,
    pub amount_due_display: String,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AgingReport {
    pub as_of: NaiveDate,
    /// The client the report is limited to, when the query named one.
    pub client: Option<ClientRef>,
    /// Sorted by currency code; every currency with something owed or invoiced in the last 90
    /// days.
    pub currencies: Vec<CurrencyAging>,
    /// Per client and currency with something owed: most overdue first, then most owed.
    pub clients: Vec<ClientAging>,
    /// The biggest overdue invoices (at most 10). Biggest relative to their currency: amount due
    /// divided by the average amount due of the open invoices in that currency, so rupiah and
    /// euros compare without exchange rates.
    pub top_overdue: Vec<OverdueInvoice>,
}

/// An open invoice worth listing, before it is ranked and named.
#[derive(Clone, Copy, Debug)]
pub(super) struct Candidate {
    pub(super) id: i64,
    pub(super) client_id: i64,
    pub(super) currency: Currency,
    pub(super) due_date: NaiveDate,
    pub(super) amount_due: i64,
    /// Days overdue, or for an invoice not yet due, days until it is.
    pub(super) days: i64,
}

impl Duly {
    /// Receivables aging as of a date, for every client or one.
    pub fn aging(&self, query: AgingQuery) -> ApiResult<AgingReport> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let _snapshot = self.read_snapshot()?;
        let client = match query.client.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => Some(self.find_client_by_name(text)?),
            None => None,
        };
        let language = self.language()?;
        let scope = table::AgingScope {
            sales_after: as_of.checked_sub_days(Days::new(DSO_WINDOW_DAYS)).unwrap_or(NaiveDate::MIN),
            sales_until: as_of,
            client_id: client.as_ref().map(|c| c.id),
        };
        // The biggest overdue invoices of each currency, by amount: the overall top ten by
        // relative size is among them, and relative size needs the currencies' totals, which
        // are known only at the end of the pass.
        let mut top: Vec<(Currency, Vec<Candidate>)> = Vec::new();
        let aging = table::with_aging_rows(self.conn(), &scope, |rows| {
            let rows = rows.inspect(|row| {
                let i = &row.input;
                let days = days_overdue(i.due_date, as_of);
                let due = open_amount(i.status, i.total, i.paid);
                if i.status.is_open() && days > 0 && due > 0 {
                    let c = Candidate {
                        id: row.id,
                        client_id: i.client_id,
                        currency: i.currency,
                        due_date: i.due_date,
                        amount_due: due,
                        days,
                    };
                    offer(&mut top, c, TOP_OVERDUE);
                }
            });
            core::age(rows.map(|row| row.input), as_of)
        })??;

        let averages = Averages::of(&aging);
        let mut top: Vec<Candidate> = top.into_iter().flat_map(|(_, list)| list).collect();
        top.sort_unstable_by(|a, b| {
            averages.relative(b).cmp(&averages.relative(a)).then(b.days.cmp(&a.days)).then(a.id.cmp(&b.id))
        });
        top.truncate(TOP_OVERDUE);

        let names = clients::names_of(
            self.conn(),
            aging.clients.iter().map(|c| c.client_id).chain(top.iter().map(|c| c.client_id)),
        )?;
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        let numbers = table::numbers_of(self.conn(), top.iter().map(|c| c.id))?;
        let money = |minor: i64, c: Currency| display(minor, c, language);

        let mut currencies: Vec<CurrencyAging> = aging
            .currencies
            .iter()
            .map(|(&c, a)| {
                let [not_due, d1_30, d31_60, d61_90, d91_120, over_120] = a.buckets;
                CurrencyAging {
                    currency: c.code().to_owned(),
                    not_due,
                    d1_30,
                    d31_60,
                    d61_90,
                    d91_120,
                    over_120,
                    total: a.total,
                    overdue: a.overdue,
                    count: a.count,
                    overdue_count: a.overdue_count,
                    average_days_overdue: a.average_days_overdue(),
                    dso_days: a.dso_days(),
                    sales_90_days: a.sales_90_days(),
                    not_due_display: money(not_due, c),
                    d1_30_display: money(d1_30, c),
                    d31_60_display: money(d31_60, c),
                    d61_90_display: money(d61_90, c),
                    d91_120_display: money(d91_120, c),
                    over_120_display: money(over_120, c),
                    total_display: money(a.total, c),
                    overdue_display: money(a.overdue, c),
                    sales_90_days_display: money(a.sales_90_days(), c),
                }
            })
            .collect();
        // The core keys currencies by its own order; the report promises the codes' order.
        currencies.sort_by(|a, b| a.currency.cmp(&b.currency));

        Ok(AgingReport {
            as_of,
            client,
            currencies,
            clients: aging
                .clients
                .iter()
                .map(|c| ClientAging {
                    client_id: c.client_id,
                    client: name(c.client_id),
                    currency: c.currency.code().to_owned(),
                    total: c.total,
                    overdue: c.overdue,
                    count: c.count,
                    oldest_days: c.oldest_days,
                    total_display: money(c.total, c.currency),
                    overdue_display: money(c.overdue, c.currency),
                })
                .collect(),
            top_overdue: top
                .iter()
                .map(|c| OverdueInvoice {
                    id: c.id,
                    number: numbers.get(&c.id).cloned().unwrap_or_default(),
                    client_id: c.client_id,
                    client: name(c.client_id),
                    currency: c.currency.code().to_owned(),
                    amount_due: c.amount_due,
                    amount_due_display: money(c.amount_due, c.currency),
                    due_date: c.due_date,
                    days_overdue: c.days,
                })
                .collect(),
        })
    }

    /// One read transaction around a report's queries (dropped, it ends): every figure comes from
    /// the same state of the file even while the CLI writes beside the app, and SQLite takes its
    /// file locks once instead of once per statement (the report runs a few, plus the lookups).
    pub(super) fn read_snapshot(&self) -> ApiResult<duly_store::Transaction<'_>> {
        Ok(self.conn().unchecked_transaction()?)
    }
}

/// Keeps `c` if it is among the `k` biggest amounts of its currency seen so far.
fn offer(top: &mut Vec<(Currency, Vec<Candidate>)>, c: Candidate, k: usize) {
    let list = match top.iter().position(|(cur, _)| *cur == c.currency) {
        Some(i) => &mut top[i].1,
        None => {
            top.push((c.currency, Vec::with_capacity(k)));
            &mut top.last_mut().expect("just pushed").1
        }
    };
    // Bigger amount first, then longer overdue, then the older id: a total order, so the kept
    // set does not depend on the order rows arrive in.
    let key = |c: &Candidate| (c.amount_due, c.days, std::cmp::Reverse(c.id));
    if list.len() < k {
        list.push(c);
    } else if let Some((smallest, _)) = list.iter().enumerate().min_by_key(|(_, x)| key(x))
        && key(&c) > key(&list[smallest])
    {
        list[smallest] = c;
    }
}

/// Sorts the first `k` elements of `list` by `order` and drops the rest, in O(n + k log k).
pub(super) fn top_k(list: &mut Vec<Candidate>, k: usize, order: impl Fn(&Candidate, &Candidate) -> std::cmp::Ordering) {
    if k == 0 {
        list.clear();
        return;
    }
    if list.len() > k {
        list.select_nth_unstable_by(k - 1, &order);
        list.truncate(k);
    }
    list.sort_unstable_by(order);
}

pub(super) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Total and number of open invoices per currency, for relative sizes.
#[derive(Default)]
pub(super) struct Averages {
    by_currency: HashMap<Currency, (i128, i128)>,
}

impl Averages {
    fn of(aging: &core::Aging) -> Self {
        let by_currency =
            aging.currencies.iter().map(|(&c, a)| (c, (i128::from(a.total), i128::from(a.count)))).collect();
        Self { by_currency }
    }

    pub(super) fn add(&mut self, currency: Currency, due: i64) {
        let (total, count) = match self.by_currency.entry(currency) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert((0, 0)),
        };
        *total += i128::from(due);
        *count += 1;
    }

    /// `c`'s amount due in millionths of the average open amount of its currency.
    pub(super) fn relative(&self, c: &Candidate) -> i128 {
        match self.by_currency.get(&c.currency) {
            Some(&(total, count)) if total > 0 => i128::from(c.amount_due) * RELATIVE_SCALE * count / total,
            _ => 0,
        }
    }
}
