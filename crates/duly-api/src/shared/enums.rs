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

/// Declares an API mirror of one of duly-core's ladder words: the same variants, serialised as
/// the core's stored words, with the conversions both ways.
macro_rules! ladder_word {
    ($(#[$doc:meta])* $name:ident = $core:ident { $($variant:ident = $word:tt),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
        pub enum $name {
            $( #[serde(rename = $word)] $variant, )*
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The stored word (as the settings, the CLI and the UI spell it).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $word, )*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl From<$core> for $name {
            fn from(x: $core) -> Self {
                match x {
                    $( $core::$variant => Self::$variant, )*
                }
            }
        }

        impl From<$name> for $core {
            fn from(x: $name) -> Self {
                match x {
                    $( $name::$variant => Self::$variant, )*
                }
            }
        }
    };
}

use duly_core::ladder::{Anchor as CoreAnchor, Channel as CoreChannel, Purpose as CorePurpose, Tone as CoreTone};

ladder_word! {
    /// The date a ladder step's offset counts from: `instalment` is each instalment's date,
    /// while a plan is being paid.
    StepAnchor = CoreAnchor { Sent = "sent", Due = "due", Instalment = "instalment" }
}

ladder_word! {
    /// How a ladder step reaches the client (`phone` is a task for the user).
    StepChannel = CoreChannel { Email = "email", Phone = "phone", LetterAndEmail = "letter_email" }
}

ladder_word! {
    /// How a ladder step sounds, each firmer than the one before.
    StepTone = CoreTone { Friendly = "friendly", Polite = "polite", Firm = "firm", Formal = "formal" }
}

ladder_word! {
    /// What a ladder step is for.
    StepPurpose = CorePurpose {
        ReceiptCheck = "receipt_check",
        BeforeDue = "before_due",
        Reminder = "reminder",
        Call = "call",
        Escalate = "escalate",
        ServicePause = "service_pause",
        FinalDemand = "final_demand",
        InstalmentDue = "instalment_due",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(v: impl Serialize) -> String {
        serde_json::to_value(v).unwrap().as_str().unwrap().to_owned()
    }

    #[test]
    fn ladder_words_are_the_cores_stored_words() {
        for &a in StepAnchor::ALL {
            assert_eq!((word(a).as_str(), a.as_str()), (CoreAnchor::from(a).as_str(), CoreAnchor::from(a).as_str()));
        }
        for &c in StepChannel::ALL {
            assert_eq!((word(c).as_str(), c.as_str()), (CoreChannel::from(c).as_str(), CoreChannel::from(c).as_str()));
        }
        for &t in StepTone::ALL {
            assert_eq!((word(t).as_str(), t.as_str()), (CoreTone::from(t).as_str(), CoreTone::from(t).as_str()));
        }
        for &p in StepPurpose::ALL {
            assert_eq!((word(p).as_str(), p.as_str()), (CorePurpose::from(p).as_str(), CorePurpose::from(p).as_str()));
        }
    }
}
