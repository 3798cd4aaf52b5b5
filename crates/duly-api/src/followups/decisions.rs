//! What the user decides about one invoice's follow-up: skip or postpone a step, pause the
//! invoice. (What they decide about the ladder itself is `settings::ladder_settings`.)

use duly_core::ladder::{Outcome, StepId, StepRecord};
use duly_store::{invoices, ladder_pauses};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::followups::record_step_on;
use crate::{ApiError, ApiResult, Duly};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FollowupStepInput {
    pub number: String,
    pub step: String,
    /// For a postponement: the day the step is due again (YYYY-MM-DD).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub until: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PauseInput {
    pub number: String,
    /// The last day of the pause (YYYY-MM-DD); `null` ends a pause.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub until: Option<String>,
    #[serde(default)]
    pub note: String,
}

impl Duly {
    /// The user decided against a step: the ladder moves past it.
    pub fn followup_skip(&mut self, input: FollowupStepInput) -> ApiResult<bool> {
        self.record_step(&input, Outcome::Skipped)
    }

    /// Not now: the step is due again on `until`.
    pub fn followup_postpone(&mut self, input: FollowupStepInput) -> ApiResult<bool> {
        let until = crate::shared::parse::date("until", input.until.as_deref().unwrap_or(""))?;
        if until <= self.today() {
            return Err(ApiError::invalid(format!("until: {until} is not after today ({})", self.today())));
        }
        self.record_step(&input, Outcome::Postponed { until })
    }

    fn record_step(&mut self, input: &FollowupStepInput, outcome: Outcome) -> ApiResult<bool> {
        let step = step_id("step", &input.step)?;
        let today = self.today();
        let case = self.case_by_number(&input.number, today)?;
        let Some(ladder_step) = case.ladder.get(&step) else {
            return Err(ApiError::invalid(format!("step: \"{step}\" is not on this client's ladder")));
        };
        // A per-instalment step is skipped or postponed for the instalment being paid.
        let record: StepRecord = case.facts.record(ladder_step, today, outcome);
        if ladder_step.per_instalment() && record.instalment.is_none() {
            return Err(ApiError::invalid(format!(
                "step: \"{step}\" comes once per instalment, and invoice {} has no instalment plan being paid",
                case.invoice.number
            )));
        }
        let id = case.invoice.id.unwrap_or_default();
        let now = self.stamp();
        let tx = self.transaction()?;
        record_step_on(&tx, id, &case.invoice.number, &record, None, &now, "was already done or skipped")?;
        tx.commit()?;
        Ok(true)
    }

    /// Pauses the follow-up of an invoice through `until`, or ends the pause.
    pub fn followup_pause(&mut self, input: PauseInput) -> ApiResult<bool> {
        crate::shared::parse::text_limit("note", &input.note, crate::shared::parse::TextLimit::Long)?;
        let number = input.number.trim();
        let inv = invoices::get_by_number(self.conn(), number)?
            .ok_or_else(|| ApiError::not_found(format!("number: no invoice is numbered \"{number}\"")))?;
        let id = inv.id.unwrap_or_default();
        let until = crate::shared::parse::optional_date("until", input.until.as_deref())?;
        let now = self.stamp();
        let tx = self.transaction()?;
        let changed = match until {
            Some(u) => {
                ladder_pauses::set(&tx, id, u, &input.note, &now)?;
                crate::shared::reminder_cancel::cancel_reminders_on(
                    &tx,
                    id,
                    crate::shared::reminder_cancel::CancelReason::Paused,
                    &now,
                )?;
                true
            }
            None => ladder_pauses::clear(&tx, id)?,
        };
        tx.commit()?;
        Ok(changed)
    }
}

/// A ladder step named by the user, the field named when it is not one.
pub(crate) fn step_id(field: &str, text: &str) -> ApiResult<StepId> {
    text.trim().parse().map_err(|e| ApiError::invalid(format!("{field}: {e}")))
}
