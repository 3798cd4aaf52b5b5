//! What happened on a call, as the user picks it in the call form.

use std::fmt;
use std::str::FromStr;

/// The outcome of one call. The stored word is [`CallOutcome::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallOutcome {
    /// Someone was reached; nothing firm was agreed.
    Reached,
    NoAnswer,
    Voicemail,
    /// The number does not belong to the client: the contact needs a new one.
    WrongNumber,
    /// The client disputes the invoice (amount, work, delivery): chasing waits for a resolution.
    Disputed,
    /// The client promised to pay an amount by a date.
    Promised,
    /// The client agreed to pay in instalments.
    AgreedPlan,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown call outcome \"{0}\" (expected reached, no_answer, voicemail, wrong_number, disputed, promised or agreed_plan)"
)]
pub struct UnknownOutcome(pub String);

impl CallOutcome {
    pub const ALL: [CallOutcome; 7] = [
        Self::Reached,
        Self::NoAnswer,
        Self::Voicemail,
        Self::WrongNumber,
        Self::Disputed,
        Self::Promised,
        Self::AgreedPlan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reached => "reached",
            Self::NoAnswer => "no_answer",
            Self::Voicemail => "voicemail",
            Self::WrongNumber => "wrong_number",
            Self::Disputed => "disputed",
            Self::Promised => "promised",
            Self::AgreedPlan => "agreed_plan",
        }
    }

    /// A call that ends with a promise must say what was promised: a date and an amount.
    pub fn needs_promise(self) -> bool {
        self == Self::Promised
    }

    /// Something was agreed, so the playbook says to confirm it in writing: Duly offers the
    /// summary email after these.
    pub fn is_agreement(self) -> bool {
        matches!(self, Self::Promised | Self::AgreedPlan)
    }

    /// Whether a person was spoken to (as opposed to a missed or misdialled call), which is what
    /// the contact history shows as "contacted".
    pub fn reached_someone(self) -> bool {
        matches!(self, Self::Reached | Self::Disputed | Self::Promised | Self::AgreedPlan)
    }
}

impl fmt::Display for CallOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CallOutcome {
    type Err = UnknownOutcome;

    /// The stored words, plus the spellings people type on a command line ("no-answer",
    /// "promised_to_pay", "plan").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match word.as_str() {
            "promised_to_pay" | "promise" => Some(Self::Promised),
            "plan" | "agreed_a_plan" | "instalments" | "installments" => Some(Self::AgreedPlan),
            "answered" => Some(Self::Reached),
            _ => None,
        };
        alias.or_else(|| Self::ALL.into_iter().find(|o| o.as_str() == word)).ok_or_else(|| UnknownOutcome(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_reads_back_from_its_word() {
        for o in CallOutcome::ALL {
            assert_eq!(o.as_str().parse::<CallOutcome>(), Ok(o));
        }
        assert_eq!("No-Answer".parse::<CallOutcome>(), Ok(CallOutcome::NoAnswer));
        assert_eq!("promised_to_pay".parse::<CallOutcome>(), Ok(CallOutcome::Promised));
        assert!("maybe".parse::<CallOutcome>().unwrap_err().to_string().contains("\"maybe\""));
    }

    #[test]
    fn only_agreements_offer_a_summary() {
        let agreements: Vec<_> = CallOutcome::ALL.into_iter().filter(|o| o.is_agreement()).collect();
        assert_eq!(agreements, [CallOutcome::Promised, CallOutcome::AgreedPlan]);
        assert!(!CallOutcome::Voicemail.reached_someone());
    }
}
