//! "I already sent a reminder on …": a reminder the user sent outside Duly (before importing an
//! invoice, or from their own mailbox), recorded so that the ladder moves on from it and the
//! messages Duly sends may mention it. It becomes the followup record of the step in hand (the
//! next one in ladder order, as the catch-up rule has it) dated the day it was sent, and a
//! `reminder_outside` event on the invoice's timeline.

use chrono::NaiveDate;
use duly_core::ladder::{self, Action, Outcome};
use duly_store::events;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::followups::record_step_on;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, ErrorCode};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SentOutsideInput {
    pub number: String,
    /// The day the reminder was sent (`YYYY-MM-DD`), not after today nor before the invoice.
    pub on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SentOutsideResult {
    pub number: String,
    /// The ladder step it was recorded as (`overdue_1`, ...).
    pub step: String,
    pub on: NaiveDate,
}

impl Duly {
    /// Records a reminder sent outside Duly on `on` as the invoice's step in hand, done that day,
    /// with a timeline event, in one transaction.
    pub fn followup_sent_outside(&mut self, input: SentOutsideInput) -> ApiResult<SentOutsideResult> {
        let on = crate::shared::parse::date("on", &input.on)?;
        let today = self.today();
        if on > today {
            return Err(ApiError::invalid(format!("on: {on} is after today ({today})")));
        }
        let case = self.case_by_number(&input.number, today)?;
        let number = case.invoice.number.clone();
        if on < case.invoice.issue_date {
            return Err(ApiError::invalid(format!(
                "on: {on} is before invoice {number} was issued ({})",
                case.invoice.issue_date
            )));
        }
        if let Some(last) = case.facts.history.iter().filter(|r| r.outcome == Outcome::Done).map(|r| r.on).max()
            && on < last
        {
            return Err(ApiError::invalid(format!(
                "on: {on} is before the last step recorded for invoice {number} ({last}); steps are recorded in order"
            )));
        }
        let step = match ladder::next_action(&case.ladder, &case.facts, today) {
            Action::Due { step, .. } | Action::Upcoming { step, .. } => step,
            Action::Blocked(ladder::Blocked::NoContactAddress { step, .. }) => case
                .ladder
                .get(&step)
                .cloned()
                .ok_or_else(|| ApiError::invalid(format!("step: \"{step}\" is not on this client's ladder")))?,
            Action::Blocked(b) => {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    format!("invoice {number}: nothing to record a reminder against ({b:?})"),
                ));
            }
        };
        let record = case.facts.record(&step, on, Outcome::Done);
        let invoice_id = case.invoice.id.unwrap_or_default();
        let now = self.stamp();
        let tx = self.transaction()?;
        record_step_on(&tx, invoice_id, &number, &record, None, &now, "was already done or skipped")?;
        events::insert(
            &tx,
            invoice_id,
            &event(
                &now,
                crate::TimelineKind::ReminderOutside,
                &format!("reminder sent outside Duly on {on} ({})", step.id),
            ),
        )?;
        tx.commit()?;
        Ok(SentOutsideResult { number, step: step.id.to_string(), on })
    }
}
