//! The steps of the follow-up ladder and the playbook's default cadence.
//!
//! A step is data, not code: when it falls (a day offset from the day the invoice was sent or
//! from its due date), how it reaches the client (channel), how it sounds (tone), what it is for
//! (purpose, which decides side effects such as proposing a credit hold) and which template words
//! it. The user re-times, re-words, adds and removes steps; the rules in `next` only read them.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};

use super::LadderError;

/// A step's stable name: what history rows, templates and overrides refer to.
///
/// Lower-case ASCII letters, digits and `_`, 1 to 40 characters, starting with a letter: it ends
/// up in database keys, template file names and CLI output, where anything else would need
/// escaping.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepId(String);

impl StepId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For the built-in ids below, known to be valid.
    fn fixed(id: &'static str) -> Self {
        Self(id.to_owned())
    }
}

impl FromStr for StepId {
    type Err = LadderError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = (1..=40).contains(&s.len())
            && s.as_bytes()[0].is_ascii_lowercase()
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok { Ok(Self(s.to_owned())) } else { Err(LadderError::BadStepId(s.to_owned())) }
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text forms of the small enums below: one table per enum, so parsing, printing and the
/// "expected one of" list in errors can never disagree.
macro_rules! text_enum {
    ($name:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = LadderError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim()).ok_or_else(|| LadderError::UnknownWord {
                    what: $what,
                    got: s.to_owned(),
                    expected: Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                })
            }
        }
    };
}

/// The date a step's offset counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The day the invoice was sent (its issue date unless a send was recorded).
    Sent,
    /// The invoice's due date (day 0 of the playbook).
    Due,
    /// Each instalment's date, while an instalment plan governs the invoice: the step comes
    /// once per instalment (and never without a plan).
    Instalment,
}
text_enum!(Anchor, "anchor", { Sent => "sent", Due => "due", Instalment => "instalment" });

/// How a step reaches the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    /// A task for the user: call the client and log the outcome. Nothing is sent.
    Phone,
    /// A formal letter (PDF) sent as an email attachment.
    LetterAndEmail,
}
text_enum!(Channel, "channel", { Email => "email", Phone => "phone", LetterAndEmail => "letter_email" });

impl Channel {
    /// Whether the step cannot happen without an email address for the client.
    pub fn needs_email(self) -> bool {
        matches!(self, Channel::Email | Channel::LetterAndEmail)
    }
}

/// How a step sounds. Ordered: each is firmer than the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    Friendly,
    Polite,
    Firm,
    Formal,
}
text_enum!(Tone, "tone", { Friendly => "friendly", Polite => "polite", Firm => "firm", Formal => "formal" });

/// What a step is for. The engine and the API act on it beyond sending the words: a call is a
/// task, escalation writes to the client's other contacts too, a service pause proposes a credit
/// hold, a final demand attaches the formal letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    ReceiptCheck,
    BeforeDue,
    Reminder,
    Call,
    Escalate,
    ServicePause,
    FinalDemand,
    /// A friendly note before an instalment of an agreed plan falls due.
    InstalmentDue,
}
text_enum!(Purpose, "purpose", {
    ReceiptCheck => "receipt_check",
    BeforeDue => "before_due",
    Reminder => "reminder",
    Call => "call",
    Escalate => "escalate",
    ServicePause => "service_pause",
    FinalDemand => "final_demand",
    InstalmentDue => "instalment_due",
});

/// One rung of the ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: StepId,
    pub anchor: Anchor,
    /// Days after the anchor (negative: before it).
    pub offset_days: i32,
    pub channel: Channel,
    pub tone: Tone,
    pub purpose: Purpose,
    /// The template that words the step; the step's own id unless re-worded with another one.
    pub template: StepId,
}

/// The furthest a step may sit from its anchor: a year either way.
pub const MAX_OFFSET_DAYS: i32 = 365;

impl Step {
    /// The day this step falls on for an invoice sent on `sent` and due on `due`. A
    /// per-instalment step counts from an instalment's date instead ([`Step::date_from`]); here
    /// it is given the due date's, which the ladder never asks for.
    pub fn date(&self, sent: NaiveDate, due: NaiveDate) -> NaiveDate {
        let base = match self.anchor {
            Anchor::Sent => sent,
            Anchor::Due | Anchor::Instalment => due,
        };
        self.date_from(base)
    }

    /// Whether this step comes once per instalment of a plan rather than once per invoice.
    pub fn per_instalment(&self) -> bool {
        self.anchor == Anchor::Instalment
    }

    /// The day this step falls on, counted from `base` (its anchor's date).
    pub fn date_from(&self, base: NaiveDate) -> NaiveDate {
        let magnitude = Days::new(u64::from(self.offset_days.unsigned_abs()));
        let moved =
            if self.offset_days >= 0 { base.checked_add_days(magnitude) } else { base.checked_sub_days(magnitude) };
        moved.unwrap_or(base)
    }

    /// Whether this step's messages go to the client's other contacts as well.
    pub fn widens_recipients(&self) -> bool {
        self.purpose == Purpose::Escalate
    }

    pub(crate) fn check(&self) -> Result<(), LadderError> {
        if self.offset_days.abs() > MAX_OFFSET_DAYS {
            return Err(LadderError::OffsetOutOfRange { step: self.id.clone(), days: self.offset_days });
        }
        Ok(())
    }
}

/// The built-in step ids, one per row of the playbook's ladder.
pub mod ids {
    pub const RECEIPT_CHECK: &str = "receipt_check";
    pub const BEFORE_DUE: &str = "before_due";
    pub const OVERDUE_1: &str = "overdue_1";
    pub const OVERDUE_7: &str = "overdue_7";
    pub const CALL: &str = "call";
    pub const ESCALATE: &str = "escalate";
    pub const SERVICE_PAUSE: &str = "service_pause";
    pub const FINAL_DEMAND: &str = "final_demand";
    /// Before each instalment of an agreed plan; only while a plan governs.
    pub const INSTALMENT_DUE: &str = "instalment_due";
    /// Every built-in step id, in ladder order (the per-instalment step last: it has no place
    /// among the invoice's own dates).
    pub const ALL: [&str; 9] =
        [RECEIPT_CHECK, BEFORE_DUE, OVERDUE_1, OVERDUE_7, CALL, ESCALATE, SERVICE_PAUSE, FINAL_DEMAND, INSTALMENT_DUE];
}

fn step(id: &'static str, anchor: Anchor, offset_days: i32, channel: Channel, tone: Tone, purpose: Purpose) -> Step {
    Step { id: StepId::fixed(id), anchor, offset_days, channel, tone, purpose, template: StepId::fixed(id) }
}

/// How many days before each instalment's date the friendly instalment reminder goes out by
/// default: early enough to schedule a transfer, late enough not to be forgotten again (the
/// same reasoning as the playbook's due−7, scaled to the shorter gaps between instalments).
pub const INSTALMENT_REMINDER_DAYS_BEFORE: i32 = 3;

/// The playbook's cadence: sent+3, due−7, due+1, due+7, a call at due+8, due+14 to other
/// contacts too, due+21 service pause, due+30 formal demand; and, while an instalment plan
/// governs, a friendly reminder 3 days before each instalment.
pub fn default_steps() -> Vec<Step> {
    use Anchor::{Due, Instalment, Sent};
    use Channel::{Email, LetterAndEmail, Phone};
    use Tone::{Firm, Formal, Friendly, Polite};
    vec![
        step(ids::RECEIPT_CHECK, Sent, 3, Email, Friendly, Purpose::ReceiptCheck),
        step(ids::BEFORE_DUE, Due, -7, Email, Friendly, Purpose::BeforeDue),
        step(ids::OVERDUE_1, Due, 1, Email, Polite, Purpose::Reminder),
        step(ids::OVERDUE_7, Due, 7, Email, Polite, Purpose::Reminder),
        // The playbook's "calm" call: polite in tone, but a task rather than a message.
        step(ids::CALL, Due, 8, Phone, Polite, Purpose::Call),
        step(ids::ESCALATE, Due, 14, Email, Firm, Purpose::Escalate),
        step(ids::SERVICE_PAUSE, Due, 21, Email, Firm, Purpose::ServicePause),
        step(ids::FINAL_DEMAND, Due, 30, LetterAndEmail, Formal, Purpose::FinalDemand),
        step(
            ids::INSTALMENT_DUE,
            Instalment,
            -INSTALMENT_REMINDER_DAYS_BEFORE,
            Email,
            Friendly,
            Purpose::InstalmentDue,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_cadence_is_the_playbooks() {
        let sent = d(2026, 10, 1);
        let due = d(2026, 10, 31);
        let dates: Vec<(String, NaiveDate)> = default_steps()
            .iter()
            .filter(|s| !s.per_instalment())
            .map(|s| (s.id.to_string(), s.date(sent, due)))
            .collect();
        assert_eq!(
            dates,
            [
                ("receipt_check".to_owned(), d(2026, 10, 4)),
                ("before_due".to_owned(), d(2026, 10, 24)),
                ("overdue_1".to_owned(), d(2026, 11, 1)),
                ("overdue_7".to_owned(), d(2026, 11, 7)),
                ("call".to_owned(), d(2026, 11, 8)),
                ("escalate".to_owned(), d(2026, 11, 14)),
                ("service_pause".to_owned(), d(2026, 11, 21)),
                ("final_demand".to_owned(), d(2026, 11, 30)),
            ]
        );
        let tones: Vec<Tone> = default_steps().iter().filter(|s| !s.per_instalment()).map(|s| s.tone).collect();
        assert!(tones.windows(2).all(|w| w[0] <= w[1]), "the tone never softens along the ladder");
        let inst = default_steps().into_iter().find(|s| s.per_instalment()).unwrap();
        assert_eq!(
            (inst.id.as_str(), inst.date_from(d(2026, 12, 1)), inst.tone),
            ("instalment_due", d(2026, 11, 28), Tone::Friendly)
        );
    }

    #[test]
    fn step_ids_are_plain_words() {
        assert!("overdue_45".parse::<StepId>().is_ok());
        for bad in ["", "Overdue", "9th", "over due", "é", &"x".repeat(41)] {
            let err = bad.parse::<StepId>().unwrap_err();
            assert!(err.to_string().contains(bad), "{err}");
        }
    }

    #[test]
    fn words_round_trip_and_unknown_ones_list_the_choices() {
        for t in Tone::ALL {
            assert_eq!(t.as_str().parse::<Tone>().unwrap(), *t);
        }
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>().unwrap(), *c);
        }
        let err = "fax".parse::<Channel>().unwrap_err().to_string();
        assert!(err.contains("fax") && err.contains("letter_email"), "{err}");
    }
}
