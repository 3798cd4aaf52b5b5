//! Calls and what follows from them: the outcome of a phone call, a promise to pay, an
//! instalment plan, and what those mean for the follow-up ladder on a given day.
//!
//! The playbook's rule is that an agreement made on the phone is honoured by Duly too: a promise
//! to pay pauses the reminders until the promised date plus a grace day, and a promise that is
//! not kept escalates. Everything here is pure: payments and "today" are parameters, so the
//! ladder and the API ask the same questions and get the same answers for any date.
//!
//! The ladder consumes one function, [`standing`]: for an invoice's commitments and payments on
//! a date it answers *nothing agreed*, *paused until D* ([`Pause`]), *broken since D*
//! ([`BrokenPromise`]) or *kept*.

mod escalation;
mod outcome;
mod plan;
mod promise;
mod standing;

#[cfg(test)]
mod ladder_tests;

pub use escalation::{Attempt, Candidate, ContactRole, NextContact, NextReason, next_contact};
pub use outcome::{CallOutcome, UnknownOutcome};
pub use plan::{
    Instalment, InstalmentState, InstalmentStatus, PlanError, PlanStatus, plan_status, split_into_instalments,
};
pub use promise::{GRACE_DAYS, PaymentOn, Promise, PromiseError, PromiseStatus};
pub use standing::{
    Broken, BrokenPromise, Commitment, CurrentInstalment, Pause, PauseReason, Standing, current_instalment,
    effective_promise, proposes_credit_hold, standing,
};
