//! Recurring invoices: a retainer that issues itself every month or quarter (migration 0020).
//!
//! A schedule holds a client, lines, currency and tax rate, how often and on which day of the
//! month, the next day due, and an optional end (a last day or a number of invoices).
//! `recurring_run` issues every period whose day has come: numbered by the invoice series and
//! dated on its schedule day (not on the day the run happened), each missed period caught up
//! once, in order. A period is recorded with its invoice in the same transaction
//! (`recurring_issued`, keyed by schedule and period), so a second run, or two processes
//! running at once, never issue it twice. With "send automatically" the invoice is then queued
//! through `invoice_send`, so the outbox's undo window, business hours and send-time re-check
//! apply exactly as to an invoice the user sent; a send still to queue is remembered on the
//! period, so a crash between issuing and queueing is finished by the next run.

use chrono::{Datelike, Months, NaiveDate};
use duly_core::{Lifecycle, TaxRate, status_of};
use duly_store::{Connection, events, invoices as invoice_table, lines, recurring as table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::LineInput;
use crate::shared::money::display;
use crate::shared::parse::TextLimit;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, ErrorCode, InvoiceSendInput, shared::parse};

/// How often a schedule issues an invoice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecurringEvery {
    #[default]
    Month,
    Quarter,
}

impl RecurringEvery {
    fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
        }
    }

    fn months(self) -> u32 {
        match self {
            Self::Month => 1,
            Self::Quarter => 3,
        }
    }

    fn parse(text: &str) -> ApiResult<Self> {
        match text {
            "month" => Ok(Self::Month),
            "quarter" => Ok(Self::Quarter),
            other => Err(ApiError::new(ErrorCode::Storage, format!("recurring schedule: unknown period \"{other}\""))),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct RecurringInput {
    /// `null` to add a schedule, its id to change one.
    #[serde(default)]
    pub id: Option<i64>,
    pub client_id: i64,
    /// `null` or "" for the client's currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// Percent: "19", "9.5", "" for none.
    #[serde(default)]
    pub tax_rate: String,
    #[serde(default)]
    pub notes: String,
    pub lines: Vec<LineInput>,
    pub every: RecurringEvery,
    /// 1 to 31; a month without that day uses its last day (31 → 30 April, 28 February).
    pub day_of_month: u32,
    /// The first day an invoice may be issued (`YYYY-MM-DD`): the first schedule day on or after
    /// it is the first period. `null` for today.
    #[serde(default)]
    pub start: Option<String>,
    /// No invoice is issued for a period after this day.
    #[serde(default)]
    pub end_date: Option<String>,
    /// Stop after this many invoices.
    #[serde(default)]
    pub max_count: Option<i64>,
    /// Email each invoice to the client as it is issued (through the outbox).
    #[serde(default)]
    pub auto_send: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecurringSchedule {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub currency: String,
    pub tax_rate: String,
    pub notes: String,
    pub lines: Vec<LineInput>,
    pub every: RecurringEvery,
    pub day_of_month: u32,
    /// The day the next invoice is issued; `null` once the schedule has ended.
    pub next_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub max_count: Option<i64>,
    pub auto_send: bool,
    /// Invoices issued so far.
    pub issued_count: i64,
    /// The newest invoice's number.
    pub last_number: Option<String>,
    /// What each invoice comes to, tax included.
    pub total: i64,
    pub total_display: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct RecurringQuery {
    #[serde(default)]
    pub client_id: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecurringDeleteInput {
    pub id: i64,
}

/// One invoice a run issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecurringIssued {
    pub schedule_id: i64,
    /// The schedule day the invoice is dated on.
    pub period: NaiveDate,
    pub number: String,
    pub client_name: String,
    pub total_display: String,
}

/// An automatic send that could not be queued; the invoice is issued and waits to be sent by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecurringSendProblem {
    pub number: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
pub struct RecurringRunReport {
    pub as_of: NaiveDate,
    pub issued: Vec<RecurringIssued>,
    /// Numbers of the invoices queued to be emailed.
    pub queued: Vec<String>,
    pub send_problems: Vec<RecurringSendProblem>,
}

/// The schedule's day in the month of `month_of`: `day`, or the month's last day when shorter.
fn day_in_month(month_of: NaiveDate, day: u32) -> NaiveDate {
    let first = month_of.with_day(1).unwrap_or(month_of);
    let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
    first.with_day(day.min(last.day())).unwrap_or(last)
}

/// The period after `period`.
fn advance(period: NaiveDate, every: RecurringEvery, day: u32) -> ApiResult<NaiveDate> {
    let month = period
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(every.months())))
        .ok_or_else(|| ApiError::invalid(format!("next_date: no period after {period}")))?;
    Ok(day_in_month(month, day))
}

/// The first schedule day on or after `from`.
fn first_period(from: NaiveDate, every: RecurringEvery, day: u32) -> ApiResult<NaiveDate> {
    let here = day_in_month(from, day);
    if here >= from { Ok(here) } else { advance(here, every, day) }
}

/// The schedule has issued all it will: past its end day or its count.
fn finished(conn: &Connection, s: &table::Schedule) -> ApiResult<bool> {
    let id = s.id.unwrap_or_default();
    if s.end_date.is_some_and(|end| s.next_date > end) {
        return Ok(true);
    }
    Ok(match s.max_count {
        Some(max) => table::issued_count(conn, id)? >= max,
        None => false,
    })
}

fn stored_lines(s: &table::Schedule) -> ApiResult<Vec<LineInput>> {
    serde_json::from_str(&s.lines_json).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("recurring schedule {}: its lines cannot be read: {e}", s.id.unwrap_or(0)),
        )
    })
}

impl Duly {
    pub fn recurring_list(&self, query: RecurringQuery) -> ApiResult<Vec<RecurringSchedule>> {
        table::list(self.conn(), query.client_id)?.iter().map(|s| self.schedule_dto(s)).collect()
    }

    /// Adds or changes a schedule. Changing one never issues a period again: the next day is
    /// recomputed from `start` but kept after the last period issued.
    pub fn recurring_save(&mut self, input: RecurringInput) -> ApiResult<RecurringSchedule> {
        let client = duly_store::clients::get(self.conn(), input.client_id)?
            .ok_or_else(|| ApiError::invalid(format!("client_id: client {} does not exist", input.client_id)))?;
        let currency = match input.currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => parse::currency("currency", code)?,
            None => client.currency,
        };
        let tax_rate = parse::tax_rate("tax_rate", &input.tax_rate)?;
        parse::text_limit("notes", &input.notes, TextLimit::Long)?;
        let items = crate::invoices::parse_lines(&input.lines, currency)?;
        parse::totals(&items, tax_rate, currency, |i| format!("line {}", i + 1))?;
        if !(1..=31).contains(&input.day_of_month) {
            return Err(ApiError::invalid(format!("day_of_month: expected 1 to 31, got {}", input.day_of_month)));
        }
        if input.max_count.is_some_and(|n| n < 1) {
            return Err(ApiError::invalid("max_count: at least 1 invoice, or none for no limit"));
        }
        let today = self.today();
        let start = parse::optional_date("start", input.start.as_deref())?.unwrap_or(today);
        let end_date = parse::optional_date("end_date", input.end_date.as_deref())?;
        let mut next_date = first_period(start, input.every, input.day_of_month)?;
        if let Some(end) = end_date
            && end < next_date
        {
            return Err(ApiError::invalid(format!(
                "end_date: {end} is before the first invoice would be issued ({next_date})"
            )));
        }
        let existing = match input.id {
            Some(id) => Some(
                table::get(self.conn(), id)?
                    .ok_or_else(|| ApiError::not_found(format!("recurring schedule {id} does not exist")))?,
            ),
            None => None,
        };
        if let Some(id) = input.id
            && let Some(last) = table::issued_for(self.conn(), id)?.first()
        {
            while next_date <= last.period {
                next_date = advance(next_date, input.every, input.day_of_month)?;
            }
        }
        // The stored form is the machine form, so a schedule reads back the same in any language.
        let lines: Vec<LineInput> = items
            .iter()
            .map(|i| LineInput {
                description: i.description.clone(),
                quantity: i.quantity.to_string(),
                unit_price: duly_core::Money::new(i.unit_price, currency).to_decimal_string(),
            })
            .collect();
        let now = self.stamp();
        let row = table::Schedule {
            id: input.id,
            client_id: input.client_id,
            currency: currency.code().to_owned(),
            tax_rate: tax_rate.hundredths_of_percent(),
            lines_json: serde_json::to_string(&lines).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?,
            notes: input.notes,
            every: input.every.as_str().to_owned(),
            day_of_month: input.day_of_month,
            next_date,
            end_date,
            max_count: input.max_count,
            auto_send: input.auto_send,
            created_at: existing.as_ref().map_or_else(|| now.clone(), |e| e.created_at.clone()),
            updated_at: now,
        };
        let id = match input.id {
            Some(id) => {
                table::update(self.conn(), id, &row)?;
                id
            }
            None => table::insert(self.conn(), &row)?,
        };
        let saved =
            table::get(self.conn(), id)?.ok_or_else(|| ApiError::not_found(format!("recurring schedule {id}")))?;
        self.schedule_dto(&saved)
    }

    /// Deletes a schedule; the invoices it issued stay.
    pub fn recurring_delete(&mut self, input: RecurringDeleteInput) -> ApiResult<()> {
        if !table::delete(self.conn(), input.id)? {
            return Err(ApiError::not_found(format!("recurring schedule {} does not exist", input.id)));
        }
        Ok(())
    }

    /// Issues every period due by today, once each, and queues the automatic sends.
    pub fn recurring_run(&mut self) -> ApiResult<RecurringRunReport> {
        let today = self.today();
        let language = self.language()?;
        let mut report = RecurringRunReport { as_of: today, ..RecurringRunReport::default() };
        for s in table::due(self.conn(), today)? {
            let id = s.id.unwrap_or_default();
            // One transaction per period: each invoice with its period record and the next day.
            loop {
                let tx = self.write_transaction()?;
                let Some(s) = table::get(&tx, id)? else { break };
                if s.next_date > today || finished(&tx, &s)? {
                    break;
                }
                let period = s.next_date;
                let every = RecurringEvery::parse(&s.every)?;
                if !table::is_issued(&tx, id, period)? {
                    report.issued.push(self.issue_period(&tx, &s, period, language)?);
                }
                table::set_next_date(&tx, id, advance(period, every, s.day_of_month)?, &self.stamp())?;
                tx.commit()?;
            }
        }
        for pending in table::pending_sends(self.conn())? {
            let Some(inv) = invoice_table::get(self.conn(), pending.invoice_id)? else { continue };
            let sent =
                self.invoice_send(InvoiceSendInput { number: inv.number.clone(), ..InvoiceSendInput::default() });
            match sent {
                Ok(_) => {
                    table::set_send(self.conn(), pending.invoice_id, "queued", "")?;
                    report.queued.push(inv.number);
                }
                Err(e) => {
                    table::set_send(self.conn(), pending.invoice_id, "failed", &e.message)?;
                    let at = self.stamp();
                    events::insert(
                        self.conn(),
                        pending.invoice_id,
                        &event(&at, crate::TimelineKind::RecurringSendFailed, &e.message),
                    )?;
                    report.send_problems.push(RecurringSendProblem { number: inv.number, message: e.message });
                }
            }
        }
        Ok(report)
    }

    fn issue_period(
        &self,
        tx: &Connection,
        s: &table::Schedule,
        period: NaiveDate,
        language: duly_core::Language,
    ) -> ApiResult<RecurringIssued> {
        let schedule_id = s.id.unwrap_or_default();
        let currency = parse::currency("currency", &s.currency)?;
        let items = crate::invoices::parse_lines(&stored_lines(s)?, currency)?;
        let tax_rate = TaxRate(s.tax_rate);
        let totals = parse::totals(&items, tax_rate, currency, |i| format!("line {}", i + 1))?;
        let number = crate::invoices::numbering::invoice_series(tx)?.next(tx, period.year())?;
        let terms = u64::try_from(self.payment_terms_days()?).unwrap_or(0);
        let due_date = period
            .checked_add_days(chrono::Days::new(terms))
            .ok_or_else(|| ApiError::invalid(format!("due_date: {period} plus {terms} days is out of range")))?;
        let now = self.stamp();
        let row = invoice_table::Invoice {
            id: None,
            number: number.clone(),
            client_id: s.client_id,
            issue_date: period,
            due_date,
            currency,
            tax_rate: s.tax_rate,
            subtotal_minor: totals.subtotal,
            tax_minor: totals.tax,
            total_minor: totals.total,
            paid_minor: 0,
            status: status_of(Lifecycle::Issued, totals.total, 0),
            notes: s.notes.clone(),
            created_at: now.clone(),
            updated_at: now.clone(),
        };
        let invoice_id = invoice_table::insert(tx, &row).map_err(|e| {
            let e: duly_store::StoreError = e.into();
            if e.is_unique_violation() {
                ApiError::conflict(format!("number: invoice number {number} is already used"))
            } else {
                e.into()
            }
        })?;
        lines::replace_for_invoice(tx, invoice_id, &items)?;
        events::insert(tx, invoice_id, &event(&now, crate::TimelineKind::Created, ""))?;
        events::insert(
            tx,
            invoice_id,
            &event(&now, crate::TimelineKind::RecurringIssued, &format!("{} {period}", s.every)),
        )?;
        events::insert(tx, invoice_id, &event(&now, crate::TimelineKind::Sent, ""))?;
        table::record_issued(
            tx,
            &table::Issued {
                schedule_id,
                period,
                invoice_id,
                send: if s.auto_send { "pending" } else { "no" }.to_owned(),
                send_error: String::new(),
            },
        )?;
        let client_name = duly_store::clients::get(tx, s.client_id)?.map(|c| c.name).unwrap_or_default();
        Ok(RecurringIssued {
            schedule_id,
            period,
            number,
            client_name,
            total_display: display(totals.total, currency, language),
        })
    }

    fn schedule_dto(&self, s: &table::Schedule) -> ApiResult<RecurringSchedule> {
        let conn = self.conn();
        let id = s.id.unwrap_or_default();
        let language = self.language()?;
        let currency = parse::currency("currency", &s.currency)?;
        let lines = stored_lines(s)?;
        let items = crate::invoices::parse_lines(&lines, currency)?;
        let totals = parse::totals(&items, TaxRate(s.tax_rate), currency, |i| format!("line {}", i + 1))?;
        let issued = table::issued_for(conn, id)?;
        let last_number = match issued.first() {
            Some(i) => invoice_table::get(conn, i.invoice_id)?.map(|inv| inv.number),
            None => None,
        };
        Ok(RecurringSchedule {
            id,
            client_id: s.client_id,
            client_name: duly_store::clients::get(conn, s.client_id)?.map(|c| c.name).unwrap_or_default(),
            currency: s.currency.clone(),
            tax_rate: TaxRate(s.tax_rate).to_string(),
            notes: s.notes.clone(),
            lines,
            every: RecurringEvery::parse(&s.every)?,
            day_of_month: s.day_of_month,
            next_date: if finished(conn, s)? { None } else { Some(s.next_date) },
            end_date: s.end_date,
            max_count: s.max_count,
            auto_send: s.auto_send,
            issued_count: i64::try_from(issued.len()).unwrap_or(i64::MAX),
            last_number,
            total: totals.total,
            total_display: display(totals.total, currency, language),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_short_month_takes_its_last_day_and_the_next_goes_back_to_the_schedule_day() {
        assert_eq!(first_period(d("2026-01-15"), RecurringEvery::Month, 31).unwrap(), d("2026-01-31"));
        assert_eq!(advance(d("2026-01-31"), RecurringEvery::Month, 31).unwrap(), d("2026-02-28"));
        assert_eq!(advance(d("2026-02-28"), RecurringEvery::Month, 31).unwrap(), d("2026-03-31"));
        assert_eq!(advance(d("2026-11-30"), RecurringEvery::Quarter, 30).unwrap(), d("2027-02-28"));
        assert_eq!(first_period(d("2026-01-15"), RecurringEvery::Month, 1).unwrap(), d("2026-02-01"));
        assert_eq!(first_period(d("2026-01-01"), RecurringEvery::Month, 1).unwrap(), d("2026-01-01"));
    }
}
