//! `aging` and `today_list`: the aging dashboard (what is owed, by how late, per currency and client)
//! and the list of invoices to follow up on today.
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

use crate::shared::money::display;
use crate::{ApiError, ApiResult, Duly, ErrorCode};

/// `duly_core::age` counts as sales what was invoiced in the 90 days up to the aging date (for
/// DSO); the store is asked for the paid invoices of the same window.
const DSO_WINDOW_DAYS: u64 = 90;
/// How many of the biggest overdue invoices the aging report lists.
const TOP_OVERDUE: usize = 10;
/// Invoices falling due within this many days are on the follow-up list as "due soon".
const DUE_SOON_DAYS: i64 = 7;
const DEFAULT_TODAY_LIMIT: i64 = 20;
const MAX_TODAY_LIMIT: i64 = 1000;
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

/// A client as a report names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClientRef {
    pub id: i64,
    pub name: String,
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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct TodayQuery {
    /// The day to plan (YYYY-MM-DD); today unless given.
    pub as_of: Option<String>,
    /// How many invoices (and, apart, how many ladder actions) to list; 20 unless given, at most
    /// 1,000.
    pub limit: Option<i64>,
}

/// Why an invoice is on today's list. A tagged object (`{"kind": "overdue", "days": 12}`) so the
/// UI words it in the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FollowUpReason {
    /// Past due by `days` whole days.
    Overdue { days: i64 },
    /// Falls due in `days` days (0: today).
    DueSoon { days: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct FollowUp {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client: String,
    pub currency: String,
    pub amount_due: i64,
    pub amount_due_display: String,
    pub due_date: NaiveDate,
    pub reason: FollowUpReason,
    /// What was promised on calls: `broken` flags a promise not kept; `paused` is only in
    /// [`TodayList::paused`].
    pub promise: crate::shared::commitments::PromiseStanding,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct TodayList {
    pub as_of: NaiveDate,
    /// Overdue invoices first, most urgent first: days overdue × amount due relative to the
    /// average amount due of the open invoices in its currency (comparable across currencies
    /// without exchange rates). Then invoices due within 7 days, soonest first (relatively
    /// biggest first on the same day).
    pub items: Vec<FollowUp>,
    /// How many open invoices are overdue, listed or not.
    pub overdue_count: i64,
    /// How many open invoices fall due within 7 days, listed or not.
    pub due_soon_count: i64,
    /// Overdue or due-soon invoices left out of `items` because a promise to pay (or a plan's
    /// instalment) is pending: "paused until …", soonest end first.
    pub paused: Vec<FollowUp>,
    /// The follow-up ladder's actions due that day, each with its drafted message: the same list
    /// as `followup_actions` for the same day, at most `limit` of them, read in the same snapshot.
    pub actions: crate::followups::FollowupList,
    /// Imported invoices waiting for the user's review (`InvoiceDetail.review`), oldest issued
    /// first, at most `limit`: they are in no figure above until confirmed.
    pub to_review: Vec<ReviewWaiting>,
    /// How many invoices wait for review, listed or not.
    pub to_review_count: i64,
    /// Invoices paused until the user has read their client's reply, newest first, at most
    /// `limit`: their reminders wait for it.
    pub replies: Vec<crate::mailbox::ReplyWaiting>,
}

/// An invoice to review, as Today lists it: "imported invoices wait for your review".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ReviewWaiting {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client: String,
    pub total_display: String,
    /// The fields in doubt, each "field: why".
    pub review: Vec<String>,
}

/// An open invoice worth listing, before it is ranked and named.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    id: i64,
    client_id: i64,
    currency: Currency,
    due_date: NaiveDate,
    amount_due: i64,
    /// Days overdue, or for an invoice not yet due, days until it is.
    days: i64,
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

    /// What to do today: the invoices to follow up on (overdue ones, most urgent first, then
    /// those falling due within a week) and the ladder's actions due that day with their drafts.
    pub fn today_list(&self, query: TodayQuery) -> ApiResult<TodayList> {
        let as_of = self.as_of(query.as_of.as_deref())?;
        let limit = query.limit.unwrap_or(DEFAULT_TODAY_LIMIT);
        if !(1..=MAX_TODAY_LIMIT).contains(&limit) {
            return Err(ApiError::invalid(format!("limit: expected 1 to {MAX_TODAY_LIMIT}, got {limit}")));
        }
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let _snapshot = self.read_snapshot()?;
        let language = self.language()?;
        // No sales window: only open invoices matter here.
        let scope = table::AgingScope { sales_after: as_of, sales_until: as_of, client_id: None };
        let mut averages = Averages::default();
        let mut overdue: Vec<Candidate> = Vec::new();
        let mut due_soon: Vec<Candidate> = Vec::new();
        table::with_aging_rows(self.conn(), &scope, |rows| {
            for row in rows {
                let i = &row.input;
                let due = open_amount(i.status, i.total, i.paid);
                if !i.status.is_open() || due == 0 {
                    continue;
                }
                averages.add(i.currency, due);
                let late = days_overdue(i.due_date, as_of);
                let until = (i.due_date - as_of).num_days();
                let c = Candidate {
                    id: row.id,
                    client_id: i.client_id,
                    currency: i.currency,
                    due_date: i.due_date,
                    amount_due: due,
                    days: late,
                };
                if late > 0 {
                    overdue.push(c);
                } else if until <= DUE_SOON_DAYS {
                    due_soon.push(Candidate { days: until, ..c });
                }
            }
        })?;
        // A pending promise takes an invoice off the list until the promised date plus a grace day.
        let standings = crate::shared::commitments::standings(self.conn(), as_of)?;
        let pause_of = |c: &Candidate| match standings.get(&c.id) {
            Some(duly_core::calls::Standing::Paused(p)) => Some(p.until),
            _ => None,
        };
        let mut paused: Vec<(Candidate, FollowUpReason)> = overdue
            .iter()
            .map(|c| (*c, FollowUpReason::Overdue { days: c.days }))
            .chain(due_soon.iter().map(|c| (*c, FollowUpReason::DueSoon { days: c.days })))
            .filter(|(c, _)| pause_of(c).is_some())
            .collect();
        paused.sort_by_key(|(c, _)| (pause_of(c), c.id));
        overdue.retain(|c| pause_of(c).is_none());
        due_soon.retain(|c| pause_of(c).is_none());
        let (overdue_count, due_soon_count) = (count(overdue.len()), count(due_soon.len()));

        let urgency = |c: &Candidate| i128::from(c.days) * averages.relative(c);
        top_k(&mut overdue, limit, |a, b| urgency(b).cmp(&urgency(a)).then(b.days.cmp(&a.days)).then(a.id.cmp(&b.id)));
        let rest = limit - overdue.len();
        top_k(&mut due_soon, rest, |a, b| {
            a.days.cmp(&b.days).then(averages.relative(b).cmp(&averages.relative(a))).then(a.id.cmp(&b.id))
        });

        let chosen = || {
            let late = overdue.iter().map(|c| (c, FollowUpReason::Overdue { days: c.days }));
            late.chain(due_soon.iter().map(|c| (c, FollowUpReason::DueSoon { days: c.days })))
                .chain(paused.iter().map(|(c, r)| (c, *r)))
        };
        let names = clients::names_of(self.conn(), chosen().map(|(c, _)| c.client_id))?;
        let numbers = table::numbers_of(self.conn(), chosen().map(|(c, _)| c.id))?;
        let follow_ups = chosen()
            .map(|(c, reason)| FollowUp {
                id: c.id,
                number: numbers.get(&c.id).cloned().unwrap_or_default(),
                client_id: c.client_id,
                client: names.get(&c.client_id).cloned().unwrap_or_default(),
                currency: c.currency.code().to_owned(),
                amount_due: c.amount_due,
                amount_due_display: display(c.amount_due, c.currency, language),
                due_date: c.due_date,
                reason,
                promise: standings.get(&c.id).map_or(crate::shared::commitments::PromiseStanding::None, |s| {
                    crate::shared::commitments::standing_to_dto(*s, c.currency, language)
                }),
            })
            .collect::<Vec<_>>();
        let (items, paused) = {
            let mut all = follow_ups;
            let paused = all.split_off(all.len() - paused.len());
            (all, paused)
        };
        let actions = self.followup_actions_on(as_of, i64::try_from(limit).unwrap_or(MAX_TODAY_LIMIT))?;
        let (to_review_count, waiting) =
            table::to_review(self.conn(), i64::try_from(limit).unwrap_or(MAX_TODAY_LIMIT))?;
        let to_review = waiting
            .into_iter()
            .map(|w| ReviewWaiting {
                id: w.invoice.id.unwrap_or_default(),
                number: w.invoice.number,
                client_id: w.invoice.client_id,
                client: w.client_name,
                total_display: display(w.invoice.total_minor, w.invoice.currency, language),
                review: w.review.lines().map(str::to_owned).collect(),
            })
            .collect();
        let replies = crate::mailbox::replies_waiting(self.conn(), limit)?;
        Ok(TodayList {
            as_of,
            items,
            overdue_count,
            due_soon_count,
            paused,
            actions,
            to_review,
            to_review_count,
            replies,
        })
    }

    /// One read transaction around a report's queries (dropped, it ends): every figure comes from
    /// the same state of the file even while the CLI writes beside the app, and SQLite takes its
    /// file locks once instead of once per statement (the report runs a few, plus the lookups).
    fn read_snapshot(&self) -> ApiResult<duly_store::Transaction<'_>> {
        Ok(self.conn().unchecked_transaction()?)
    }

    /// The one client whose name is `text` ignoring case, else the one whose name contains it.
    pub(crate) fn find_client_by_name(&self, text: &str) -> ApiResult<ClientRef> {
        let needle = text.to_lowercase();
        let all = clients::id_names(self.conn())?;
        let lowered: Vec<String> = all.iter().map(|(_, n)| n.trim().to_lowercase()).collect();
        let pick = |matches: Vec<usize>| -> Vec<ClientRef> {
            matches.into_iter().map(|i| ClientRef { id: all[i].0, name: all[i].1.clone() }).collect()
        };
        let mut found = pick((0..all.len()).filter(|&i| lowered[i] == needle).collect());
        if found.is_empty() {
            found = pick((0..all.len()).filter(|&i| lowered[i].contains(&needle)).collect());
        }
        match found.len() {
            0 => Err(ApiError::not_found(format!("client: no client's name is or contains \"{text}\""))),
            1 => Ok(found.remove(0)),
            n => {
                const SHOWN: usize = 5;
                let mut names: Vec<String> =
                    found.iter().take(SHOWN).map(|c| format!("{} (id {})", c.name, c.id)).collect();
                if n > SHOWN {
                    names.push(format!("{} more", n - SHOWN));
                }
                Err(ApiError::new(
                    ErrorCode::Ambiguous,
                    format!("client: \"{text}\" matches {n} clients: {}; type more of the name", names.join(", ")),
                ))
            }
        }
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
fn top_k(list: &mut Vec<Candidate>, k: usize, order: impl Fn(&Candidate, &Candidate) -> std::cmp::Ordering) {
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

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Total and number of open invoices per currency, for relative sizes.
#[derive(Default)]
struct Averages {
    by_currency: HashMap<Currency, (i128, i128)>,
}

impl Averages {
    fn of(aging: &core::Aging) -> Self {
        let by_currency =
            aging.currencies.iter().map(|(&c, a)| (c, (i128::from(a.total), i128::from(a.count)))).collect();
        Self { by_currency }
    }

    fn add(&mut self, currency: Currency, due: i64) {
        let (total, count) = match self.by_currency.entry(currency) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert((0, 0)),
        };
        *total += i128::from(due);
        *count += 1;
    }

    /// `c`'s amount due in millionths of the average open amount of its currency.
    fn relative(&self, c: &Candidate) -> i128 {
        match self.by_currency.get(&c.currency) {
            Some(&(total, count)) if total > 0 => i128::from(c.amount_due) * RELATIVE_SCALE * count / total,
            _ => 0,
        }
    }
}
