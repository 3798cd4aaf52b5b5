//! Calls and what follows from them: `call_log`, `call_list`, `plan_create`, `plan_get`,
//! `call_summary` (the confirmation email, queued through `outbox_enqueue`), and the promise
//! standing that the invoice page, the Today list and the ladder read.
//!
//! The rules are the core's (`duly_core::calls`); this layer parses what the user typed (naming
//! the field), writes the call, its promise or plan and the invoice's timeline entry in one
//! transaction, and reads an invoice's commitments back for the core to judge on a given day.

mod dto;
mod edit;
mod input;
mod summary;

use crate::shared::reminder_cancel::{CancelReason, cancel_reminders_on};
use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use duly_core::calls as core;
use duly_core::{Currency, Language as CoreLanguage, open_amount};
use duly_store::{
    Connection, calls as table, clients, contacts, events, instalment_plans, instalments, invoices, promises,
};

use crate::shared::commitments::{PromiseStanding, payments_of, standing_dto};
use crate::shared::money::display;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, shared::parse};

pub use dto::{
    Call, CallId, CallInput, CallOutcome, CallQuery, InstalmentState, Plan, PlanInput, PlanInstalment, PlanTerms,
    PromiseInfo,
};
pub use edit::{CallEditInput, PromiseEditInput};
use input::{parse_duration, parse_time, trimmed};
pub use summary::CallSummary;

const DEFAULT_LIST: i64 = 200;
const MAX_LIST: i64 = 10_000;

impl Duly {
    /// Records a call; a promise or a plan made on it, and the invoice's timeline entry, are
    /// written in the same transaction, so bad input changes nothing.
    pub fn call_log(&mut self, input: CallInput) -> ApiResult<Call> {
        parse::text_limits([
            ("phone", input.phone.as_deref().unwrap_or_default(), parse::TextLimit::Short),
            ("contact_name", input.contact_name.as_deref().unwrap_or_default(), parse::TextLimit::Short),
            ("notes", input.notes.as_deref().unwrap_or_default(), parse::TextLimit::Long),
        ])?;
        let outcome = input.outcome.ok_or_else(|| {
            ApiError::field("outcome", crate::shared::error::FieldProblem::Required, "outcome is required")
        })?;
        let invoice = match input.invoice_number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Some(self.find_invoice(n)?),
            None => None,
        };
        let client_id = match (&invoice, input.client_id) {
            (Some(inv), Some(c)) if c != inv.client_id => {
                return Err(ApiError::invalid(format!("client_id: invoice {} belongs to another client", inv.number)));
            }
            (Some(inv), _) => inv.client_id,
            (None, Some(c)) => c,
            (None, None) => return Err(ApiError::invalid("invoice_number or client_id: say what the call was about")),
        };
        let client = clients::get(self.conn(), client_id)?
            .ok_or_else(|| ApiError::not_found(format!("client_id: client {client_id} does not exist")))?;
        let today = self.today();
        let called_on = parse::optional_date("called_on", input.called_on.as_deref())?.unwrap_or(today);
        let called_time = parse_time(input.called_time.as_deref())?;
        let duration_seconds = parse_duration(input.duration.as_deref())?;
        let next_follow_up = parse::optional_date("next_follow_up", input.next_follow_up.as_deref())?;
        if let Some(next) = next_follow_up.filter(|&n| n < called_on) {
            return Err(ApiError::invalid(format!("next_follow_up: {next} is before the call on {called_on}")));
        }

        let (contact_id, mut contact_name, mut phone) =
            (input.contact_id, trimmed(&input.contact_name), trimmed(&input.phone));
        if let Some(id) = contact_id {
            let contact =
                contacts::list_for_client(self.conn(), client_id)?.into_iter().find(|c| c.id == Some(id)).ok_or_else(
                    || ApiError::invalid(format!("contact_id: contact {id} is not one of {}'s contacts", client.name)),
                )?;
            if contact_name.is_empty() {
                contact_name = contact.name;
            }
            if phone.is_empty() {
                phone = contact.phone;
            }
        }

        let core_outcome = core::CallOutcome::from(outcome);
        let promise = match outcome {
            CallOutcome::Promised => {
                let inv = invoice.as_ref().ok_or_else(|| {
                    ApiError::invalid("invoice_number: a promise to pay is about an invoice; say which one")
                })?;
                let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
                let pay_by = match input.promise_date.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) => parse::date("promise_date", t)?,
                    None => {
                        return Err(ApiError::field(
                            "promise_date",
                            crate::shared::error::FieldProblem::Required,
                            "promise_date is required when the client promised to pay",
                        ));
                    }
                };
                let amount = match input.promise_amount.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) => parse::amount("promise_amount", t, inv.currency)?,
                    None => due,
                };
                Some(
                    core::Promise::new(called_on, pay_by, amount, due)
                        .map_err(|e| promise_error(e, inv.currency, self)),
                )
                .transpose()?
            }
            _ => {
                if input.promise_date.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                    return Err(ApiError::invalid(format!(
                        "promise_date: only a call with the outcome \"promised\" records a promise (this one is \"{}\")",
                        core_outcome.as_str()
                    )));
                }
                None
            }
        };
        let plan = match (outcome, &input.plan) {
            (CallOutcome::AgreedPlan, Some(terms)) => {
                let inv = invoice.as_ref().ok_or_else(|| {
                    ApiError::invalid("invoice_number: an instalment plan is about an invoice; say which one")
                })?;
                Some(self.split(inv, terms.instalments, terms.every_days, terms.first_date.as_deref(), called_on)?)
            }
            (_, Some(_)) => {
                return Err(ApiError::invalid("plan: only a call with the outcome \"agreed_plan\" creates a plan"));
            }
            _ => None,
        };

        let now = self.stamp();
        let row = table::Call {
            id: None,
            client_id,
            invoice_id: invoice.as_ref().and_then(|i| i.id),
            contact_id,
            contact_name,
            phone,
            called_on,
            called_time,
            duration_seconds,
            outcome: core_outcome,
            notes: input.notes.unwrap_or_default().trim().to_owned(),
            next_follow_up,
            created_at: now.clone(),
        };
        let language = self.language()?;
        let tx = self.transaction()?;
        let call_id = table::insert(&tx, &row)?;
        if let (Some(inv), Some(p)) = (&invoice, &promise) {
            promises::insert(
                &tx,
                &promises::NewPromise {
                    invoice_id: inv.id.unwrap_or_default(),
                    call_id: Some(call_id),
                    made_on: p.made_on,
                    pay_by: p.pay_by,
                    amount_minor: p.amount,
                    created_at: now.clone(),
                },
            )?;
        }
        if let Some(inv) = &invoice {
            let detail = call_detail(&row, promise.as_ref().map(|p| (p, inv.currency)));
            events::insert(
                &tx,
                inv.id.unwrap_or_default(),
                &event(&now, crate::TimelineKind::call(core_outcome), &detail),
            )?;
        }
        if let (Some(inv), Some(parts)) = (&invoice, &plan) {
            write_plan(&tx, inv, Some(call_id), called_on, parts, &now, language)?;
        }
        // A promise or a plan pauses the ladder: what it had queued must not go out.
        if let Some(inv) = &invoice {
            let reason = if plan.is_some() {
                Some(CancelReason::PlanOnTrack)
            } else {
                promise.as_ref().map(|_| CancelReason::PromisePending)
            };
            if let Some(reason) = reason {
                cancel_reminders_on(&tx, inv.id.unwrap_or_default(), reason, &now)?;
                let detail = promise.as_ref().map(|p| p.pay_by.to_string()).unwrap_or_default();
                crate::shared::autopilot_stops::stop_on(
                    &tx,
                    crate::AutopilotStopReason::Promise,
                    Some(inv.client_id),
                    inv.id,
                    &detail,
                    &now,
                )?;
            }
        }
        tx.commit()?;
        self.call_get(call_id)
    }

    /// Calls, newest first, for an invoice, a client, a range of days, or all.
    pub fn call_list(&self, query: CallQuery) -> ApiResult<Vec<Call>> {
        let limit = query.limit.unwrap_or(DEFAULT_LIST);
        if !(1..=MAX_LIST).contains(&limit) {
            return Err(ApiError::invalid(format!("limit: expected 1 to {MAX_LIST}, got {limit}")));
        }
        let invoice_id = match query.invoice_number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => self.find_invoice(n)?.id,
            None => None,
        };
        let filter = table::Filter {
            invoice_id,
            client_id: query.client_id,
            from: parse::optional_date("from", query.from.as_deref())?,
            to: parse::optional_date("to", query.to.as_deref())?,
            limit,
        };
        let rows = table::list(self.conn(), &filter)?;
        self.call_dtos(rows)
    }

    /// Agrees an instalment plan for what is due on an invoice now.
    pub fn plan_create(&mut self, input: PlanInput) -> ApiResult<Plan> {
        let inv = self.find_invoice(&input.invoice_number)?;
        let today = self.today();
        let parts = self.split(&inv, input.instalments, input.every_days, input.first_date.as_deref(), today)?;
        let language = self.language()?;
        let now = self.stamp();
        let tx = self.transaction()?;
        let id = write_plan(&tx, &inv, None, today, &parts, &now, language)?;
        cancel_reminders_on(&tx, inv.id.unwrap_or_default(), CancelReason::PlanOnTrack, &now)?;
        crate::shared::autopilot_stops::stop_on(
            &tx,
            crate::AutopilotStopReason::Promise,
            Some(inv.client_id),
            inv.id,
            "instalment plan",
            &now,
        )?;
        tx.commit()?;
        self.plan_dto(id, &inv)
    }

    /// The invoice's latest instalment plan, with each instalment's state today; `null` if none.
    pub fn plan_get(&self, invoice_number: &str) -> ApiResult<Option<Plan>> {
        let inv = self.find_invoice(invoice_number)?;
        match instalment_plans::list_for_invoice(self.conn(), inv.id.unwrap_or_default())?.pop() {
            Some(p) => Ok(Some(self.plan_dto(p.id, &inv)?)),
            None => Ok(None),
        }
    }

    /// The invoice's standing with what was promised, today (or on `as_of`).
    pub fn invoice_promise_standing(&self, invoice_number: &str, as_of: Option<&str>) -> ApiResult<PromiseStanding> {
        let inv = self.find_invoice(invoice_number)?;
        let as_of = self.as_of(as_of)?;
        standing_dto(self.conn(), &inv, as_of, self.language()?)
    }

    /// The confirmation email for what was agreed on a call, in the client's language, ready for
    /// `outbox_enqueue` (which puts it on the invoice's timeline).
    pub fn call_summary(&self, input: CallId) -> ApiResult<CallSummary> {
        summary::draft(self, input.id)
    }

    pub(crate) fn call_get(&self, id: i64) -> ApiResult<Call> {
        let row =
            table::get(self.conn(), id)?.ok_or_else(|| ApiError::not_found(format!("call {id} does not exist")))?;
        Ok(self.call_dtos(vec![row])?.remove(0))
    }

    fn call_dtos(&self, rows: Vec<table::Call>) -> ApiResult<Vec<Call>> {
        let conn = self.conn();
        let language = self.language()?;
        let names = clients::names_of(conn, rows.iter().map(|c| c.client_id))?;
        let mut invoices_by_id: HashMap<i64, invoices::Invoice> = HashMap::new();
        for id in rows.iter().filter_map(|c| c.invoice_id) {
            if let std::collections::hash_map::Entry::Vacant(e) = invoices_by_id.entry(id)
                && let Some(inv) = invoices::get(conn, id)?
            {
                e.insert(inv);
            }
        }
        let mut promises_by_call: HashMap<i64, promises::PromiseRow> = HashMap::new();
        let mut plans_by_call: HashMap<i64, i64> = HashMap::new();
        for &id in invoices_by_id.keys() {
            for p in promises::list_for_invoice(conn, id)? {
                if let Some(call) = p.call_id {
                    promises_by_call.insert(call, p);
                }
            }
            for p in instalment_plans::list_for_invoice(conn, id)? {
                if let Some(call) = p.call_id {
                    plans_by_call.insert(call, p.id);
                }
            }
        }
        Ok(rows
            .into_iter()
            .map(|c| {
                let id = c.id.unwrap_or_default();
                let inv = c.invoice_id.and_then(|i| invoices_by_id.get(&i));
                let promise = promises_by_call.get(&id).zip(inv).map(|(p, inv)| PromiseInfo {
                    id: p.id,
                    pay_by: p.pay_by,
                    amount: p.amount_minor,
                    amount_display: display(p.amount_minor, inv.currency, language),
                });
                Call {
                    id,
                    client_id: c.client_id,
                    client_name: names.get(&c.client_id).cloned().unwrap_or_default(),
                    invoice_id: c.invoice_id,
                    invoice_number: inv.map(|i| i.number.clone()),
                    contact_id: c.contact_id,
                    contact_name: c.contact_name,
                    phone: c.phone,
                    called_on: c.called_on,
                    called_time: c.called_time,
                    duration_seconds: c.duration_seconds,
                    outcome: c.outcome.into(),
                    notes: c.notes,
                    next_follow_up: c.next_follow_up,
                    promise,
                    plan_id: plans_by_call.get(&id).copied(),
                    summary_offered: c.outcome.is_agreement() && inv.is_some(),
                    created_at: c.created_at,
                }
            })
            .collect())
    }

    fn split(
        &self,
        inv: &invoices::Invoice,
        count: u32,
        every_days: u32,
        first_date: Option<&str>,
        made_on: NaiveDate,
    ) -> ApiResult<Vec<core::Instalment>> {
        let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
        if !inv.status.is_open() {
            return Err(ApiError::invalid(format!(
                "invoice {} is {}: there is nothing to split",
                inv.number, inv.status
            )));
        }
        let first = match parse::optional_date("first_date", first_date)? {
            Some(d) => d,
            None => made_on
                .checked_add_days(Days::new(u64::from(every_days)))
                .ok_or_else(|| ApiError::invalid("every_days: out of range"))?,
        };
        if first < made_on {
            return Err(ApiError::invalid(format!(
                "first_date: {first} is before the day the plan is agreed ({made_on})"
            )));
        }
        core::split_into_instalments(due, count, first, every_days).map_err(|e| {
            let field = match e {
                core::PlanError::Count { .. } => "instalments",
                core::PlanError::Interval { .. } => "every_days",
                _ => "plan",
            };
            ApiError::invalid(format!("{field}: {e}"))
        })
    }

    fn plan_dto(&self, plan_id: i64, inv: &invoices::Invoice) -> ApiResult<Plan> {
        let conn = self.conn();
        let language = self.language()?;
        let plan = instalment_plans::list_for_invoice(conn, inv.id.unwrap_or_default())?
            .into_iter()
            .find(|p| p.id == plan_id)
            .ok_or_else(|| ApiError::not_found(format!("plan {plan_id} does not exist")))?;
        let parts = instalments::list_for_plan(conn, plan_id)?;
        let status =
            core::plan_status(&parts, plan.made_on, &payments_of(conn, inv.id.unwrap_or_default())?, self.today());
        let money = |minor| display(minor, inv.currency, language);
        Ok(Plan {
            id: plan_id,
            invoice_id: plan.invoice_id,
            invoice_number: inv.number.clone(),
            made_on: plan.made_on,
            currency: inv.currency.code().to_owned(),
            amount: plan.amount_minor,
            amount_display: money(plan.amount_minor),
            every_days: plan.every_days,
            final_deadline: parts.last().map_or(plan.made_on, |p| p.due_on),
            instalments: status
                .instalments
                .iter()
                .map(|s| PlanInstalment {
                    number: s.instalment.number,
                    due_on: s.instalment.due_on,
                    amount: s.instalment.amount,
                    amount_display: money(s.instalment.amount),
                    paid: s.paid,
                    state: match s.state {
                        core::InstalmentState::Paid { .. } => InstalmentState::Paid,
                        core::InstalmentState::Open => InstalmentState::Open,
                        core::InstalmentState::Missed { .. } => InstalmentState::Missed,
                    },
                })
                .collect(),
        })
    }
}

fn write_plan(
    conn: &Connection,
    inv: &invoices::Invoice,
    call_id: Option<i64>,
    made_on: NaiveDate,
    parts: &[core::Instalment],
    now: &str,
    language: CoreLanguage,
) -> ApiResult<i64> {
    let invoice_id = inv.id.unwrap_or_default();
    let amount = parts
        .iter()
        .try_fold(0_i64, |sum, p| sum.checked_add(p.amount))
        .ok_or(duly_core::MoneyError::Overflow(inv.currency))?;
    let every_days = match parts {
        [a, b, ..] => (b.due_on - a.due_on).num_days(),
        _ => 0,
    };
    let id = instalment_plans::insert(
        conn,
        &instalment_plans::NewPlan {
            invoice_id,
            call_id,
            made_on,
            amount_minor: amount,
            every_days,
            created_at: now.to_owned(),
        },
    )?;
    instalments::insert_all(conn, id, parts)?;
    let schedule: Vec<String> =
        parts.iter().map(|p| format!("{} {}", p.due_on, display(p.amount, inv.currency, language))).collect();
    events::insert(conn, invoice_id, &event(now, crate::TimelineKind::Plan, &schedule.join("; ")))?;
    Ok(id)
}

/// The timeline's words for a call: who, how long, what was promised, the notes. Data, shown
/// as text; the event's kind (`call_promised`, ...) is what the UI translates.
fn call_detail(c: &table::Call, promise: Option<(&core::Promise, Currency)>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let who = [c.contact_name.as_str(), c.phone.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
    if !who.is_empty() {
        parts.push(who.join(", "));
    }
    if let Some(s) = c.duration_seconds {
        parts.push(format!("{}:{:02}", s / 60, s % 60));
    }
    if let Some((p, currency)) = promise {
        // No words here: the UI shows the detail as it is, in any language.
        parts.push(format!(
            "{} {} → {}",
            duly_core::Money::new(p.amount, currency).to_decimal_string(),
            currency.code(),
            p.pay_by
        ));
    }
    if !c.notes.is_empty() {
        parts.push(c.notes.clone());
    }
    parts.join(" · ")
}

fn promise_error(e: core::PromiseError, currency: Currency, duly: &Duly) -> ApiError {
    let language = duly.language().unwrap_or_default();
    match e {
        core::PromiseError::NotPositive => ApiError::invalid("promise_amount: must be more than zero"),
        core::PromiseError::MoreThanDue { due } => ApiError::invalid(format!(
            "promise_amount: more than the {} still due on the invoice",
            display(due, currency, language)
        )),
        core::PromiseError::DateBeforeCall { pay_by, made_on } => {
            ApiError::invalid(format!("promise_date: {pay_by} is before the call on {made_on}"))
        }
    }
}
