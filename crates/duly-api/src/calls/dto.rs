//! The calls feature's DTOs, and how a call's outcome converts to and from the core's.

use chrono::NaiveDate;
use duly_core::calls as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ApiError;

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

/// A call the summary is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallId {
    pub id: i64,
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
