//! The follow-up ladder: which reminder, call or letter is due for an invoice on a given day,
//! and why, following `PLAYBOOK.md` (sent+3 receipt check, due−7, due+1, due+7, a call at due+8,
//! due+14 to other contacts, due+21 service pause, due+30 formal demand).
//!
//! * [`steps`]: what a step is and the default cadence.
//! * [`Ladder`]: the steps in force, built from the default by merging [`LadderOverride`]s (the
//!   business's, then a client's).
//! * [`next`](next_action): for one invoice's facts and a date, the action due, the next one
//!   coming, or why nothing is (paid, paused, promise pending, no address, all done).
//! * [`terms`]: late fees, interest and early-payment discounts in integer minor units.
//!
//! Like the rest of the core this does no IO and never reads the clock.

pub mod autopilot;
mod next;
mod steps;
mod terms;
#[cfg(test)]
mod walk_tests;

use std::collections::HashSet;

pub use next::{
    Action, Blocked, CatchUp, DueReason, InstalmentRef, InvoiceFacts, Outcome, StepRecord, catch_up, next_action,
};
pub use steps::{
    Anchor, Channel, INSTALMENT_REMINDER_DAYS_BEFORE, MAX_OFFSET_DAYS, Purpose, Step, StepId, Tone, default_steps, ids,
};
pub use terms::{EarlyDiscount, LateFee, Terms, TermsError, interest};

/// Everything that can be wrong with a ladder or a change to it, in words that name the step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LadderError {
    #[error("\"{0}\" is not a step id (lower-case letters, digits and _, starting with a letter, at most 40)")]
    BadStepId(String),
    #[error("unknown {what} \"{got}\" (expected one of: {expected})")]
    UnknownWord { what: &'static str, got: String, expected: String },
    #[error("step \"{0}\" is not on the ladder")]
    UnknownStep(StepId),
    #[error("step \"{0}\" is already on the ladder")]
    DuplicateStep(StepId),
    #[error("step \"{step}\": {days} days is too far from its date (at most {MAX_OFFSET_DAYS} either way)")]
    OffsetOutOfRange { step: StepId, days: i32 },
}

/// A change to one existing step; `None` keeps what the step had.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepChange {
    pub anchor: Option<Anchor>,
    pub offset_days: Option<i32>,
    pub channel: Option<Channel>,
    pub tone: Option<Tone>,
    pub template: Option<StepId>,
}

/// How a business or a client differs from the ladder below it: steps removed, changed, added
/// (applied in that order, so a step can be removed and re-added under the same id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LadderOverride {
    pub remove: Vec<StepId>,
    pub change: Vec<(StepId, StepChange)>,
    pub add: Vec<Step>,
}

impl LadderOverride {
    pub fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.change.is_empty() && self.add.is_empty()
    }
}

/// The default least number of days between two follow-ups while an invoice catches up on
/// steps whose day has already come (an imported backlog): a week, the playbook's own spacing
/// between the first reminders, so a late client never gets a burst of escalating messages.
pub const DEFAULT_CATCH_UP_GAP_DAYS: u32 = 7;

/// The most a catch-up gap may be: beyond a quarter the ladder would stop meaning anything.
pub const MAX_CATCH_UP_GAP_DAYS: u32 = 90;

/// The steps in force for an invoice, each id once, and how far apart steps are caught up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ladder {
    steps: Vec<Step>,
    catch_up_gap_days: u32,
}

impl Default for Ladder {
    /// The playbook's cadence.
    fn default() -> Self {
        Self { steps: default_steps(), catch_up_gap_days: DEFAULT_CATCH_UP_GAP_DAYS }
    }
}

impl Ladder {
    /// A ladder of exactly these steps; refused if an id repeats or an offset is out of range.
    pub fn new(steps: Vec<Step>) -> Result<Self, LadderError> {
        let mut seen = HashSet::new();
        for s in &steps {
            s.check()?;
            if !seen.insert(&s.id) {
                return Err(LadderError::DuplicateStep(s.id.clone()));
            }
        }
        Ok(Self { steps, catch_up_gap_days: DEFAULT_CATCH_UP_GAP_DAYS })
    }

    /// This ladder with steps caught up at least `days` apart (see [`next_action`], rule 4).
    pub fn with_catch_up_gap(mut self, days: u32) -> Self {
        self.catch_up_gap_days = days;
        self
    }

    /// The least number of days between two steps caught up after their day.
    pub fn catch_up_gap_days(&self) -> u32 {
        self.catch_up_gap_days
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn get(&self, id: &StepId) -> Option<&Step> {
        self.steps.iter().find(|s| &s.id == id)
    }

    /// This ladder with `o` merged over it. Strict: removing or changing a step that is not
    /// there is an error naming it, so a stale per-client override is noticed when it is saved
    /// instead of silently doing nothing.
    pub fn with(&self, o: &LadderOverride) -> Result<Self, LadderError> {
        let mut steps = self.steps.clone();
        for id in &o.remove {
            let at = steps.iter().position(|s| &s.id == id).ok_or_else(|| LadderError::UnknownStep(id.clone()))?;
            steps.remove(at);
        }
        for (id, c) in &o.change {
            let s = steps.iter_mut().find(|s| &s.id == id).ok_or_else(|| LadderError::UnknownStep(id.clone()))?;
            s.anchor = c.anchor.unwrap_or(s.anchor);
            s.offset_days = c.offset_days.unwrap_or(s.offset_days);
            s.channel = c.channel.unwrap_or(s.channel);
            s.tone = c.tone.unwrap_or(s.tone);
            if let Some(t) = &c.template {
                s.template = t.clone();
            }
        }
        steps.extend(o.add.iter().cloned());
        Ok(Self::new(steps)?.with_catch_up_gap(self.catch_up_gap_days))
    }

    /// The steps in the order they fall for an invoice sent on `sent` and due on `due`: by date,
    /// then by their place in the list (so two steps on one day keep the order the user gave).
    /// Per-instalment steps are not in it: they fall per instalment of a plan, not per invoice.
    pub fn schedule(&self, sent: chrono::NaiveDate, due: chrono::NaiveDate) -> Vec<(&Step, chrono::NaiveDate)> {
        let mut out: Vec<(usize, &Step, chrono::NaiveDate)> = self
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.per_instalment())
            .map(|(i, s)| (i, s, s.date(sent, due)))
            .collect();
        out.sort_by_key(|&(i, _, date)| (date, i));
        out.into_iter().map(|(_, s, date)| (s, date)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> StepId {
        s.parse().unwrap()
    }

    #[test]
    fn overrides_remove_retime_reword_and_add() {
        let global = LadderOverride {
            remove: vec![id(ids::RECEIPT_CHECK)],
            change: vec![(id(ids::OVERDUE_7), StepChange { offset_days: Some(5), ..StepChange::default() })],
            add: vec![],
        };
        let client = LadderOverride {
            remove: vec![],
            change: vec![(
                id(ids::OVERDUE_1),
                StepChange { tone: Some(Tone::Friendly), template: Some(id("gentle_nudge")), ..StepChange::default() },
            )],
            add: vec![Step {
                id: id("overdue_45"),
                anchor: Anchor::Due,
                offset_days: 45,
                channel: Channel::Email,
                tone: Tone::Formal,
                purpose: Purpose::Reminder,
                template: id(ids::FINAL_DEMAND),
            }],
        };
        let ladder = Ladder::default().with(&global).unwrap().with(&client).unwrap();
        assert!(ladder.get(&id(ids::RECEIPT_CHECK)).is_none());
        assert_eq!(ladder.get(&id(ids::OVERDUE_7)).unwrap().offset_days, 5);
        let o1 = ladder.get(&id(ids::OVERDUE_1)).unwrap();
        assert_eq!((o1.tone, o1.template.as_str()), (Tone::Friendly, "gentle_nudge"));
        assert_eq!(ladder.steps().len(), 9);
        assert_eq!(ladder.steps().last().unwrap().id.as_str(), "overdue_45");
        // The default itself is untouched by merging.
        assert_eq!(Ladder::default().steps().len(), 9);
    }

    #[test]
    fn stale_or_conflicting_overrides_are_refused_with_the_step_named() {
        let base = Ladder::default();
        let gone = LadderOverride { remove: vec![id("fax_day")], ..LadderOverride::default() };
        assert_eq!(base.with(&gone).unwrap_err(), LadderError::UnknownStep(id("fax_day")));
        let twice = LadderOverride { add: vec![default_steps()[2].clone()], ..LadderOverride::default() };
        assert_eq!(base.with(&twice).unwrap_err().to_string(), "step \"overdue_1\" is already on the ladder");
        let far = LadderOverride {
            change: vec![(id(ids::CALL), StepChange { offset_days: Some(400), ..StepChange::default() })],
            ..LadderOverride::default()
        };
        assert!(matches!(base.with(&far), Err(LadderError::OffsetOutOfRange { days: 400, .. })));
    }

    #[test]
    fn a_removed_step_can_come_back_under_its_id() {
        let o = LadderOverride {
            remove: vec![id(ids::CALL)],
            add: vec![Step { offset_days: 10, ..default_steps()[4].clone() }],
            ..LadderOverride::default()
        };
        let l = Ladder::default().with(&o).unwrap();
        assert_eq!(l.get(&id(ids::CALL)).unwrap().offset_days, 10);
    }
}
