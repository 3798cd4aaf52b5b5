//! `today_list`: the invoices to follow up on today (overdue ones, most urgent first, then those
//! falling due within a week), the ladder's actions due that day, reviews and replies waiting.
//! It reads open invoices in the same one pass as the aging report and ranks them the same way
//! (see `today::aging` on comparing amounts across currencies).

use chrono::NaiveDate;
use duly_core::{days_overdue, open_amount};
use duly_store::{clients, invoices as table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::aging::{Averages, Candidate, count, top_k};
use crate::shared::money::display;
use crate::{ApiError, ApiResult, Duly};

/// Invoices falling due within this many days are on the follow-up list as "due soon".
const DUE_SOON_DAYS: i64 = 7;
const DEFAULT_TODAY_LIMIT: i64 = 20;
const MAX_TODAY_LIMIT: i64 = 1000;

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

impl Duly {
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
}
