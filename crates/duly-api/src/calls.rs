//! Calls and what follows from them: `call_log`, `call_list`, `plan_create`, `plan_get`,
//! `call_summary` (the confirmation email, queued through `outbox_enqueue`), and the promise
//! standing that the invoice page, the Today list and the ladder read.
//!
//! The rules are the core's (`duly_core::calls`); this layer parses what the user typed (naming
//! the field), writes the call, its promise or plan and the invoice's timeline entry in one
//! transaction, and reads an invoice's commitments back for the core to judge on a given day.

mod edit;
mod summary;

use crate::outbox_guard::{CancelReason, cancel_reminders_on};
use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveTime};
use duly_core::calls::{self as core, Commitment, PaymentOn};
use duly_core::{Currency, Language as CoreLanguage, open_amount};
use duly_store::{
    Connection, calls as table, clients, contacts, events, instalment_plans, instalments, invoices, payments, promises,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::event;
use crate::money::display;
use crate::{ApiError, ApiResult, Duly, parse};

pub use edit::{CallEditInput, PromiseEditInput};
pub use summary::CallSummary;

/// What happened on a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Reached,
    NoAnswer,
    Voicemail,
    WrongNumber,
    Disputed,
    /// Promised to pay an amount by a date (`promise_date`, `promise_amount`).
    Promised,
    /// Agreed to pay in instalments (`plan`).
    AgreedPlan,
}

/// How an agreed plan is split: `instalments` parts `every_days` apart from `first_date`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct PlanTerms {
    pub instalments: u32,
    pub every_days: u32,
    /// YYYY-MM-DD; when not given, `every_days` after the day the plan is agreed.
    pub first_date: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct CallInput {
    /// The invoice the call was about; a promise or a plan needs one.
    pub invoice_number: Option<String>,
    /// The client, for a call about no invoice in particular (else the invoice's client).
    pub client_id: Option<i64>,
    /// One of the client's contacts; or leave it out and give `phone` (and `contact_name`).
    pub contact_id: Option<i64>,
    /// The number dialled; the contact's number when not given.
    pub phone: Option<String>,
    pub contact_name: Option<String>,
    /// YYYY-MM-DD; today when not given.
    pub called_on: Option<String>,
    /// HH:MM, local time.
    pub called_time: Option<String>,
    /// "5" (minutes), "3:20", "90s", "4m", "1h10m".
    pub duration: Option<String>,
    pub outcome: Option<CallOutcome>,
    /// With `promised`: the day the client will pay (YYYY-MM-DD).
    pub promise_date: Option<String>,
    /// With `promised`: a decimal amount in the invoice's currency; everything due when not given.
    pub promise_amount: Option<String>,
    /// With `agreed_plan`: the plan, created with the call.
    pub plan: Option<PlanTerms>,
    pub notes: Option<String>,
    /// YYYY-MM-DD: when to call or write again.
    pub next_follow_up: Option<String>,
}

/// A promise to pay, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct PromiseInfo {
    /// For `promise_edit`.
    pub id: i64,
    pub pay_by: NaiveDate,
    pub amount: i64,
    pub amount_display: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Call {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub contact_id: Option<i64>,
    pub contact_name: String,
    pub phone: String,
    pub called_on: NaiveDate,
    pub called_time: String,
    pub duration_seconds: Option<i64>,
    pub outcome: CallOutcome,
    pub notes: String,
    pub next_follow_up: Option<NaiveDate>,
    /// The promise made on this call, if any.
    pub promise: Option<PromiseInfo>,
    /// The plan agreed on this call, if any.
    pub plan_id: Option<i64>,
    /// Something was agreed about an invoice: offer the summary email (`call_summary`).
    pub summary_offered: bool,
    pub created_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct CallQuery {
    pub invoice_number: Option<String>,
    pub client_id: Option<i64>,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<String>,
    /// YYYY-MM-DD, inclusive.
    pub to: Option<String>,
    /// 200 when not given, at most 10,000.
    pub limit: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct PlanInput {
    pub invoice_number: String,
    pub instalments: u32,
    pub every_days: u32,
    /// YYYY-MM-DD; when not given, `every_days` after today.
    pub first_date: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InstalmentState {
    Paid,
    Open,
    Missed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct PlanInstalment {
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: i64,
    pub amount_display: String,
    /// What payments cover of it so far.
    pub paid: i64,
    pub state: InstalmentState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Plan {
    pub id: i64,
    pub invoice_id: i64,
    pub invoice_number: String,
    pub made_on: NaiveDate,
    pub currency: String,
    pub amount: i64,
    pub amount_display: String,
    pub every_days: i64,
    /// The last instalment's date.
    pub final_deadline: NaiveDate,
    pub instalments: Vec<PlanInstalment>,
}

/// Where an invoice stands with what was promised on calls, on a given day. A tagged object
/// (`{"kind": "paused", "until": "2026-11-21", ...}`) so the UI words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PromiseStanding {
    /// Nothing promised, or nothing due any more.
    None,
    /// Reminders wait through `until` for a promise (or, with `instalment`, a plan's instalment)
    /// to pay `amount` by `pay_by`.
    Paused { until: NaiveDate, pay_by: NaiveDate, amount: i64, amount_display: String, instalment: Option<u32> },
    /// The latest promise or plan was kept; what is still due is chased as usual.
    Kept { on: NaiveDate },
    /// Not kept: broken since `since`; `paid` of `amount` had arrived.
    Broken {
        since: NaiveDate,
        pay_by: NaiveDate,
        amount: i64,
        amount_display: String,
        paid: i64,
        paid_display: String,
        instalment: Option<u32>,
    },
}

/// A call the summary is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallId {
    pub id: i64,
}

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
        let outcome = input
            .outcome
            .ok_or_else(|| ApiError::field("outcome", crate::error::FieldProblem::Required, "outcome is required"))?;
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
                            crate::error::FieldProblem::Required,
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
                &promises::PromiseRow {
                    id: None,
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
                &event(&now, &format!("call_{}", core_outcome.as_str()), &detail),
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
                crate::autopilot::stop_on(
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
        crate::autopilot::stop_on(
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
            Some(p) => Ok(Some(self.plan_dto(p.id.unwrap_or_default(), &inv)?)),
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
                if let (Some(call), Some(plan)) = (p.call_id, p.id) {
                    plans_by_call.insert(call, plan);
                }
            }
        }
        Ok(rows
            .into_iter()
            .map(|c| {
                let id = c.id.unwrap_or_default();
                let inv = c.invoice_id.and_then(|i| invoices_by_id.get(&i));
                let promise = promises_by_call.get(&id).zip(inv).map(|(p, inv)| PromiseInfo {
                    id: p.id.unwrap_or_default(),
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
            .find(|p| p.id == Some(plan_id))
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

/// An invoice's payments as the core weighs them.
fn payments_of(conn: &Connection, invoice_id: i64) -> ApiResult<Vec<PaymentOn>> {
    Ok(payments::list_for_invoice(conn, invoice_id)?
        .into_iter()
        .map(|p| PaymentOn { date: p.paid_on, amount: p.amount_minor })
        .collect())
}

/// Everything promised or agreed on invoices, made on or before `as_of`, keyed by invoice. The
/// tables hold a few rows per chased invoice, so this reads them whole.
pub(crate) fn commitments_by_invoice(conn: &Connection, as_of: NaiveDate) -> ApiResult<HashMap<i64, Vec<Commitment>>> {
    let mut map: HashMap<i64, Vec<Commitment>> = HashMap::new();
    for p in promises::list_made_by(conn, as_of)? {
        let promise = core::Promise { made_on: p.made_on, pay_by: p.pay_by, amount: p.amount_minor };
        map.entry(p.invoice_id).or_default().push(Commitment::Promise(promise));
    }
    for p in instalment_plans::list_made_by(conn, as_of)? {
        let parts = instalments::list_for_plan(conn, p.id.unwrap_or_default())?;
        map.entry(p.invoice_id).or_default().push(Commitment::Plan {
            id: p.id.unwrap_or_default(),
            made_on: p.made_on,
            instalments: parts,
        });
    }
    // The core lets the last of equal days govern: keep the order they were recorded in.
    Ok(map)
}

/// The core's standing of every invoice with a commitment, on `as_of`: what the Today list
/// (paused until / broken promise) and the dashboard read in one pass.
pub(crate) fn standings(conn: &Connection, as_of: NaiveDate) -> ApiResult<HashMap<i64, core::Standing>> {
    let mut out = HashMap::new();
    for (invoice_id, commitments) in commitments_by_invoice(conn, as_of)? {
        let Some(inv) = invoices::get(conn, invoice_id)? else { continue };
        if !inv.status.is_open() {
            continue;
        }
        let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
        out.insert(invoice_id, core::standing(&commitments, &payments_of(conn, invoice_id)?, due, as_of));
    }
    Ok(out)
}

/// **The ladder's hook**: the promise to put in `ladder::InvoiceFacts::promise` for this invoice
/// on `as_of` (a plan is the promise of its current instalment; see
/// `duly_core::calls::effective_promise`). `None` when nothing was promised.
pub fn ladder_promise(conn: &Connection, invoice_id: i64, as_of: NaiveDate) -> ApiResult<Option<core::Promise>> {
    let commitments = commitments_by_invoice_one(conn, invoice_id, as_of)?;
    Ok(core::effective_promise(&commitments, &payments_of(conn, invoice_id)?, as_of))
}

/// The ladder's other hook: the instalment being paid, when an instalment plan on track governs
/// the invoice on `as_of` (`ladder::InvoiceFacts::instalment`, what per-instalment reminders
/// are about; see `duly_core::calls::current_instalment`).
pub fn ladder_instalment(
    conn: &Connection,
    invoice_id: i64,
    as_of: NaiveDate,
) -> ApiResult<Option<core::CurrentInstalment>> {
    let commitments = commitments_by_invoice_one(conn, invoice_id, as_of)?;
    Ok(core::current_instalment(&commitments, &payments_of(conn, invoice_id)?, as_of))
}

fn commitments_by_invoice_one(conn: &Connection, invoice_id: i64, as_of: NaiveDate) -> ApiResult<Vec<Commitment>> {
    let mut out: Vec<Commitment> = promises::list_for_invoice(conn, invoice_id)?
        .into_iter()
        .filter(|p| p.made_on <= as_of)
        .map(|p| Commitment::Promise(core::Promise { made_on: p.made_on, pay_by: p.pay_by, amount: p.amount_minor }))
        .collect();
    for p in instalment_plans::list_for_invoice(conn, invoice_id)?.into_iter().filter(|p| p.made_on <= as_of) {
        let parts = instalments::list_for_plan(conn, p.id.unwrap_or_default())?;
        out.push(Commitment::Plan { id: p.id.unwrap_or_default(), made_on: p.made_on, instalments: parts });
    }
    Ok(out)
}

/// The core's standing of one open invoice on `as_of` (`NoCommitment` when nothing was agreed
/// or it is not open): what the outbox re-checks before a reminder goes out.
pub(crate) fn standing_of(conn: &Connection, inv: &invoices::Invoice, as_of: NaiveDate) -> ApiResult<core::Standing> {
    let id = inv.id.unwrap_or_default();
    let commitments = commitments_by_invoice_one(conn, id, as_of)?;
    if commitments.is_empty() || !inv.status.is_open() {
        return Ok(core::Standing::NoCommitment);
    }
    let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
    Ok(core::standing(&commitments, &payments_of(conn, id)?, due, as_of))
}

pub(crate) fn standing_dto(
    conn: &Connection,
    inv: &invoices::Invoice,
    as_of: NaiveDate,
    language: CoreLanguage,
) -> ApiResult<PromiseStanding> {
    let id = inv.id.unwrap_or_default();
    let commitments = commitments_by_invoice_one(conn, id, as_of)?;
    if commitments.is_empty() || !inv.status.is_open() {
        return Ok(PromiseStanding::None);
    }
    let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
    let standing = core::standing(&commitments, &payments_of(conn, id)?, due, as_of);
    Ok(standing_to_dto(standing, inv.currency, language))
}

pub(crate) fn standing_to_dto(standing: core::Standing, currency: Currency, language: CoreLanguage) -> PromiseStanding {
    let money = |minor| display(minor, currency, language);
    match standing {
        core::Standing::NoCommitment | core::Standing::Settled => PromiseStanding::None,
        core::Standing::Kept { on } => PromiseStanding::Kept { on },
        core::Standing::Paused(p) => {
            let (pay_by, amount, instalment) = match p.reason {
                core::PauseReason::Promise { pay_by, amount } => (pay_by, amount, None),
                core::PauseReason::Instalment { instalment, remaining } => {
                    (instalment.due_on, remaining, Some(instalment.number))
                }
            };
            PromiseStanding::Paused { until: p.until, pay_by, amount, amount_display: money(amount), instalment }
        }
        core::Standing::Broken(b) => {
            let (pay_by, amount, paid, instalment) = match b.what {
                core::Broken::Promise { pay_by, amount, paid } => (pay_by, amount, paid, None),
                core::Broken::Instalment { instalment, paid } => {
                    (instalment.due_on, instalment.amount, paid, Some(instalment.number))
                }
            };
            PromiseStanding::Broken {
                since: b.since,
                pay_by,
                amount,
                amount_display: money(amount),
                paid,
                paid_display: money(paid),
                instalment,
            }
        }
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
        &instalment_plans::PlanRow {
            id: None,
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
    events::insert(conn, invoice_id, &event(now, "plan", &schedule.join("; ")))?;
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

fn trimmed(text: &Option<String>) -> String {
    text.as_deref().unwrap_or("").trim().to_owned()
}

fn parse_time(text: Option<&str>) -> ApiResult<String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(String::new()),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
            .map(|time| time.format("%H:%M").to_string())
            .map_err(|_| ApiError::invalid(format!("called_time: \"{t}\" is not a time (expected HH:MM, e.g. 14:05)"))),
    }
}

/// "5" (minutes, as people say how long a call took), "3:20", "90s", "4m", "1h10m" → seconds.
pub(crate) fn parse_duration(text: Option<&str>) -> ApiResult<Option<i64>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let bad = || {
        ApiError::invalid(format!(
            "duration: \"{t}\" is not a duration (expected minutes like 5, or 3:20, 90s, 4m, 1h10m)"
        ))
    };
    let number = |s: &str| -> ApiResult<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 6 {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    if let Some((m, s)) = t.split_once(':') {
        let secs = number(s)?;
        if secs >= 60 {
            return Err(bad());
        }
        return Ok(Some(number(m)? * 60 + secs));
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Some(number(t)? * 60));
    }
    let mut total = 0i64;
    let mut digits = String::new();
    for ch in t.chars().filter(|c| !c.is_whitespace()) {
        match ch {
            '0'..='9' => digits.push(ch),
            'h' | 'm' | 's' => {
                let n = number(&digits)?;
                digits.clear();
                total += n * match ch {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
            }
            _ => return Err(bad()),
        }
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(Some(total))
}

impl From<CallOutcome> for core::CallOutcome {
    fn from(o: CallOutcome) -> Self {
        match o {
            CallOutcome::Reached => Self::Reached,
            CallOutcome::NoAnswer => Self::NoAnswer,
            CallOutcome::Voicemail => Self::Voicemail,
            CallOutcome::WrongNumber => Self::WrongNumber,
            CallOutcome::Disputed => Self::Disputed,
            CallOutcome::Promised => Self::Promised,
            CallOutcome::AgreedPlan => Self::AgreedPlan,
        }
    }
}

impl From<core::CallOutcome> for CallOutcome {
    fn from(o: core::CallOutcome) -> Self {
        match o {
            core::CallOutcome::Reached => Self::Reached,
            core::CallOutcome::NoAnswer => Self::NoAnswer,
            core::CallOutcome::Voicemail => Self::Voicemail,
            core::CallOutcome::WrongNumber => Self::WrongNumber,
            core::CallOutcome::Disputed => Self::Disputed,
            core::CallOutcome::Promised => Self::Promised,
            core::CallOutcome::AgreedPlan => Self::AgreedPlan,
        }
    }
}

impl std::str::FromStr for CallOutcome {
    type Err = ApiError;

    /// The words of the CLI's `--outcome` ("promised", "no-answer", "plan", ...).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse::<core::CallOutcome>().map(CallOutcome::from).map_err(|e| ApiError::invalid(format!("outcome: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_read_the_way_people_write_them() {
        assert_eq!(parse_duration(Some("5")).unwrap(), Some(300));
        assert_eq!(parse_duration(Some("3:20")).unwrap(), Some(200));
        assert_eq!(parse_duration(Some("90s")).unwrap(), Some(90));
        assert_eq!(parse_duration(Some("1h10m")).unwrap(), Some(4200));
        assert_eq!(parse_duration(Some(" ")).unwrap(), None);
        for bad in ["3:75", "five", "10x", "5m3"] {
            let e = parse_duration(Some(bad)).unwrap_err();
            assert!(e.message.starts_with("duration:"), "{bad}: {e:?}");
        }
    }
}
