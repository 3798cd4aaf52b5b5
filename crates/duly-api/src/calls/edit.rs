//! `call_edit` and `promise_edit`: a call or a promise written down wrong is corrected in place,
//! and the invoice's timeline says what changed (the `call_*` entry written at the time stays).
//!
//! A call's outcome may change among the outcomes that commit to nothing; a promise or a plan is
//! what the client said, so a call that made one keeps its outcome (correct the promise itself,
//! or log the call that made it).

use duly_core::calls as core;
use duly_core::open_amount;
use duly_store::{calls as table, events, invoices, payments, promises};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Call, CallOutcome};
use crate::shared::money::display;
use crate::shared::reminder_cancel::{CancelReason, cancel_reminders_on};
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, shared::parse};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct CallEditInput {
    pub id: i64,
    /// `null` keeps it.
    pub outcome: Option<CallOutcome>,
    /// `null` keeps them; "" clears them.
    pub notes: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct PromiseEditInput {
    /// `Call.promise.id`.
    pub id: i64,
    /// YYYY-MM-DD; `null` keeps it.
    pub pay_by: Option<String>,
    /// A decimal amount in the invoice's currency; `null` keeps it.
    pub amount: Option<String>,
}

fn commits(outcome: CallOutcome) -> bool {
    matches!(outcome, CallOutcome::Promised | CallOutcome::AgreedPlan)
}

impl Duly {
    /// Corrects a call's outcome or notes, with a `call_edited` entry on its invoice's timeline.
    pub fn call_edit(&mut self, input: CallEditInput) -> ApiResult<Call> {
        let notes = input.notes.as_deref().map(str::trim);
        parse::text_limit("notes", notes.unwrap_or_default(), parse::TextLimit::Long)?;
        let id = input.id;
        let now = self.stamp();
        let tx = self.transaction()?;
        let call = table::get(&tx, id)?.ok_or_else(|| ApiError::not_found(format!("id: call {id} does not exist")))?;
        let old = CallOutcome::from(call.outcome);
        let outcome = input.outcome.unwrap_or(old);
        if outcome != old && (commits(old) || commits(outcome)) {
            let word = |o: CallOutcome| core::CallOutcome::from(o).as_str();
            return Err(ApiError::invalid(format!(
                "outcome: call {id} cannot change from \"{}\" to \"{}\": a promise or a plan is made by logging the \
                 call that made it, and corrected with promise_edit",
                word(old),
                word(outcome)
            )));
        }
        let notes = notes.map_or_else(|| call.notes.clone(), str::to_owned);
        if outcome == old && notes == call.notes {
            return Err(ApiError::invalid(format!("call {id}: nothing to change")));
        }
        table::update_outcome_notes(&tx, id, outcome.into(), &notes)?;
        if let Some(invoice_id) = call.invoice_id {
            let mut parts = Vec::new();
            if outcome != old {
                parts.push(format!(
                    "{} → {}",
                    core::CallOutcome::from(old).as_str(),
                    core::CallOutcome::from(outcome).as_str()
                ));
            }
            if notes != call.notes {
                parts.push(notes.clone());
            }
            events::insert(&tx, invoice_id, &event(&now, crate::TimelineKind::CallEdited, &parts.join(" · ")))?;
        }
        tx.commit()?;
        self.call_get(id)
    }

    /// Corrects a promise's date or amount, checked as when it was made (no more than was due
    /// then, not before the call), with a `promise_edited` entry on the invoice's timeline.
    pub fn promise_edit(&mut self, input: PromiseEditInput) -> ApiResult<Call> {
        let id = input.id;
        let today = self.today();
        let language = self.language()?;
        let now = self.stamp();
        let tx = self.transaction()?;
        let row =
            promises::get(&tx, id)?.ok_or_else(|| ApiError::not_found(format!("id: promise {id} does not exist")))?;
        let call_id = row.call_id.ok_or_else(|| {
            ApiError::invalid(format!("id: promise {id} has lost its call (it was deleted); log a new call instead"))
        })?;
        let inv = invoices::get(&tx, row.invoice_id)?
            .ok_or_else(|| ApiError::not_found(format!("id: the invoice of promise {id} does not exist")))?;
        let pay_by = match input.pay_by.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => parse::date("pay_by", t)?,
            None => row.pay_by,
        };
        let amount = match input.amount.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => parse::amount("amount", t, inv.currency)?,
            None => row.amount_minor,
        };
        if pay_by == row.pay_by && amount == row.amount_minor {
            return Err(ApiError::invalid(format!("promise {id}: nothing to change")));
        }
        // What was due when the promise was made: what is due now plus what was paid since.
        let paid: Vec<core::PaymentOn> = payments::list_for_invoice(&tx, row.invoice_id)?
            .iter()
            .map(|p| core::PaymentOn { date: p.paid_on, amount: p.amount_minor })
            .collect();
        let since: i64 = paid.iter().filter(|p| p.date >= row.made_on).map(|p| p.amount).sum();
        let due = open_amount(inv.status, inv.total_minor, inv.paid_minor).saturating_add(since);
        let promise = core::Promise::new(row.made_on, pay_by, amount, due)
            .map_err(|e| promise_error(e, inv.currency, language))?;
        promises::update_terms(&tx, id, pay_by, amount)?;
        let money = |m: i64| duly_core::Money::new(m, inv.currency).to_decimal_string();
        let detail = format!(
            "{} {} → {} · {} {} → {}",
            money(row.amount_minor),
            inv.currency.code(),
            row.pay_by,
            money(amount),
            inv.currency.code(),
            pay_by
        );
        events::insert(&tx, row.invoice_id, &event(&now, crate::TimelineKind::PromiseEdited, &detail))?;
        // A later date pauses the ladder again: what it queued meanwhile must not go out.
        if matches!(promise.status(&paid, today), core::PromiseStatus::Pending { .. }) {
            cancel_reminders_on(&tx, row.invoice_id, CancelReason::PromisePending, &now)?;
        }
        tx.commit()?;
        self.call_get(call_id)
    }
}

/// The core's refusal, naming this input's fields.
fn promise_error(e: core::PromiseError, currency: duly_core::Currency, language: duly_core::Language) -> ApiError {
    match e {
        core::PromiseError::NotPositive => ApiError::invalid("amount: must be more than zero"),
        core::PromiseError::MoreThanDue { due } => ApiError::invalid(format!(
            "amount: more than the {} due on the invoice when the promise was made",
            display(due, currency, language)
        )),
        core::PromiseError::DateBeforeCall { pay_by, made_on } => {
            ApiError::invalid(format!("pay_by: {pay_by} is before the call on {made_on}"))
        }
    }
}
