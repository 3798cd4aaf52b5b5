//! The closed sets of words the UI sees as TypeScript string unions. Each mirrors a core type;
//! the conversions here are the only mapping between the two.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use duly_core as core;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    En,
    Id,
    Ro,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Draft,
    Sent,
    PartlyPaid,
    Paid,
    Void,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    Billing,
    Project,
    Other,
}

impl ContactRole {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Billing => "billing",
            Self::Project => "project",
            Self::Other => "other",
        }
    }

    pub(crate) fn from_stored(text: &str) -> Self {
        match text {
            "billing" => Self::Billing,
            "project" => Self::Project,
            _ => Self::Other,
        }
    }
}

impl From<core::Language> for Language {
    fn from(l: core::Language) -> Self {
        match l {
            core::Language::En => Self::En,
            core::Language::Id => Self::Id,
            core::Language::Ro => Self::Ro,
        }
    }
}

impl From<Language> for core::Language {
    fn from(l: Language) -> Self {
        match l {
            Language::En => Self::En,
            Language::Id => Self::Id,
            Language::Ro => Self::Ro,
        }
    }
}

impl From<core::InvoiceStatus> for InvoiceStatus {
    fn from(s: core::InvoiceStatus) -> Self {
        match s {
            core::InvoiceStatus::Draft => Self::Draft,
            core::InvoiceStatus::Sent => Self::Sent,
            core::InvoiceStatus::PartlyPaid => Self::PartlyPaid,
            core::InvoiceStatus::Paid => Self::Paid,
            core::InvoiceStatus::Void => Self::Void,
        }
    }
}

impl From<InvoiceStatus> for core::InvoiceStatus {
    fn from(s: InvoiceStatus) -> Self {
        match s {
            InvoiceStatus::Draft => Self::Draft,
            InvoiceStatus::Sent => Self::Sent,
            InvoiceStatus::PartlyPaid => Self::PartlyPaid,
            InvoiceStatus::Paid => Self::Paid,
            InvoiceStatus::Void => Self::Void,
        }
    }
}
