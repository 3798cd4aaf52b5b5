//! Autopilot's rules: which steps may ever go out without a click, which do by default, and
//! how the day's automatic steps of one client become one message.
//!
//! The playbook's ladder hardens as it goes: a receipt check, a note before the due date and the
//! first polite reminder assume an honest mistake and can go out by themselves; the firm steps
//! (other contacts, service pause), and instalment reminders, are the user's to opt into step
//! by step; the formal demand, and anything formal (a letter, a message that cites the law or
//! costs), always waits for the user's click. A phone call is a task, never a message.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;

use super::{Channel, Ladder, Purpose, Step, StepId, Tone, ids};

/// Who sends a step once autopilot is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepMode {
    /// Autopilot queues it on its day, through the outbox and its guard.
    Auto,
    /// It waits on Today as a draft for the user to send.
    Draft,
}

impl StepMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Draft => "draft",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "auto" => Some(Self::Auto),
            "draft" => Some(Self::Draft),
            _ => None,
        }
    }
}

/// Why a step can never be automatic, whatever the user chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NeverAuto {
    /// The formal demand: the last word before a lawyer, always the user's.
    FinalDemand,
    /// A formal letter goes with it.
    Letter,
    /// Formal in tone: it cites the law or what non-payment will cost.
    Formal,
    /// A call is a task for the user; there is nothing to send.
    PhoneCall,
}

impl NeverAuto {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FinalDemand => "final_demand",
            Self::Letter => "letter",
            Self::Formal => "formal",
            Self::PhoneCall => "phone_call",
        }
    }
}

impl fmt::Display for NeverAuto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::FinalDemand => "it is the formal demand, which always waits for you",
            Self::Letter => "it sends a formal letter, which always waits for you",
            Self::Formal => "it is formal and cites the law or costs, which always waits for you",
            Self::PhoneCall => "it is a phone call, not a message",
        })
    }
}

/// Whether `step` may ever be sent by autopilot; the reason when it may not. Read from what the
/// step *is* (purpose, channel, tone, wording), so a step the user added or re-worded with the
/// demand's template is held back like the demand itself.
pub fn never_auto(step: &Step) -> Option<NeverAuto> {
    if step.purpose == Purpose::FinalDemand || step.template.as_str() == ids::FINAL_DEMAND {
        Some(NeverAuto::FinalDemand)
    } else if step.channel == Channel::LetterAndEmail {
        Some(NeverAuto::Letter)
    } else if step.tone == Tone::Formal {
        Some(NeverAuto::Formal)
    } else if step.channel == Channel::Phone || step.purpose == Purpose::Call {
        Some(NeverAuto::PhoneCall)
    } else {
        None
    }
}

/// The mode a step has until the user chooses: automatic for the receipt check, the note before
/// the due date and the first polite overdue reminder of `ladder` (the earliest reminder step
/// after the due date); a draft for everything else.
pub fn default_mode(ladder: &Ladder, step: &Step) -> StepMode {
    if never_auto(step).is_some() {
        return StepMode::Draft;
    }
    let auto = match step.purpose {
        Purpose::ReceiptCheck | Purpose::BeforeDue => step.tone <= Tone::Polite,
        Purpose::Reminder => step.tone <= Tone::Polite && first_reminder(ladder).is_some_and(|f| f == &step.id),
        _ => false,
    };
    if auto { StepMode::Auto } else { StepMode::Draft }
}

/// The ladder's first overdue reminder: the reminder step that falls earliest after the due date.
fn first_reminder(ladder: &Ladder) -> Option<&StepId> {
    ladder
        .steps()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.purpose == Purpose::Reminder && !s.per_instalment())
        .min_by_key(|(i, s)| (s.anchor != super::Anchor::Due, s.offset_days, *i))
        .map(|(_, s)| &s.id)
}

/// The mode in force for `step`: never automatic when [`never_auto`] says so, else the user's
/// `chosen` mode, else [`default_mode`].
pub fn mode_in_force(ladder: &Ladder, step: &Step, chosen: Option<StepMode>) -> StepMode {
    if never_auto(step).is_some() {
        return StepMode::Draft;
    }
    chosen.unwrap_or_else(|| default_mode(ladder, step))
}

/// One client's automatic steps of one day, sent as one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch<T> {
    pub client: i64,
    pub day: NaiveDate,
    /// Ordered: [`Batch::items`]`[0]` is the one that words the message (the firmest tone; on a
    /// tie, the first given).
    pub items: Vec<T>,
}

/// Groups the day's automatic steps into one message per client and day: several invoices of a
/// client due a step on the same day get one message (with the statement of account) instead of
/// several. `key` gives each item's client, day and the tone of its step. Batches come in the
/// order their first item was given; inside a batch the firmest step leads, the rest keep their
/// order.
pub fn one_message_per_client_day<T>(items: Vec<T>, key: impl Fn(&T) -> (i64, NaiveDate, Tone)) -> Vec<Batch<T>> {
    let mut at: HashMap<(i64, NaiveDate), usize> = HashMap::new();
    let mut batches: Vec<Batch<T>> = Vec::new();
    for item in items {
        let (client, day, _) = key(&item);
        match at.get(&(client, day)) {
            Some(&i) => batches[i].items.push(item),
            None => {
                at.insert((client, day), batches.len());
                batches.push(Batch { client, day, items: vec![item] });
            }
        }
    }
    for b in &mut batches {
        let lead =
            b.items.iter().enumerate().max_by_key(|(i, t)| (key(t).2, std::cmp::Reverse(*i))).map_or(0, |(i, _)| i);
        let first = b.items.remove(lead);
        b.items.insert(0, first);
    }
    batches
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ladder::{Anchor, default_steps};

    fn step(id: &str) -> Step {
        default_steps().into_iter().find(|s| s.id.as_str() == id).unwrap()
    }

    #[test]
    fn the_defaults_are_the_issues() {
        let ladder = Ladder::default();
        let modes: Vec<(&str, StepMode)> =
            ladder.steps().iter().map(|s| (s.id.as_str(), default_mode(&ladder, s))).collect();
        use StepMode::{Auto, Draft};
        assert_eq!(
            modes,
            [
                ("receipt_check", Auto),
                ("before_due", Auto),
                ("overdue_1", Auto),
                ("overdue_7", Draft),
                ("call", Draft),
                ("escalate", Draft),
                ("service_pause", Draft),
                ("final_demand", Draft),
                ("instalment_due", Draft),
            ]
        );
    }

    #[test]
    fn the_demand_and_anything_formal_is_never_automatic_whatever_the_user_chose() {
        let ladder = Ladder::default();
        assert_eq!(never_auto(&step("final_demand")), Some(NeverAuto::FinalDemand));
        assert_eq!(never_auto(&step("call")), Some(NeverAuto::PhoneCall));
        assert_eq!(mode_in_force(&ladder, &step("final_demand"), Some(StepMode::Auto)), StepMode::Draft);
        // A step the user added, re-worded with the demand's template, is the demand.
        let sneaky = Step { id: "overdue_40".parse().unwrap(), tone: Tone::Firm, ..step("final_demand") };
        let sneaky = Step { channel: Channel::Email, purpose: Purpose::Reminder, ..sneaky };
        assert_eq!(never_auto(&sneaky), Some(NeverAuto::FinalDemand));
        let formal = Step { template: "overdue_7".parse().unwrap(), ..sneaky.clone() };
        let formal = Step { tone: Tone::Formal, ..formal };
        assert_eq!(never_auto(&formal), Some(NeverAuto::Formal));
        // Opting in works for the firm steps.
        assert_eq!(mode_in_force(&ladder, &step("escalate"), Some(StepMode::Auto)), StepMode::Auto);
        assert_eq!(mode_in_force(&ladder, &step("overdue_1"), Some(StepMode::Draft)), StepMode::Draft);
    }

    #[test]
    fn the_first_polite_reminder_follows_the_users_ladder() {
        // Without overdue_1, the first reminder after the due date is overdue_7.
        let ladder = Ladder::default()
            .with(&crate::ladder::LadderOverride { remove: vec!["overdue_1".parse().unwrap()], ..Default::default() })
            .unwrap();
        let o7 = ladder.get(&"overdue_7".parse().unwrap()).unwrap();
        assert_eq!(default_mode(&ladder, o7), StepMode::Auto);
        assert_eq!(o7.anchor, Anchor::Due);
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn two_invoices_of_a_client_on_one_day_are_one_message_led_by_the_firmest() {
        let items = vec![(1, d(3), Tone::Friendly, "A"), (2, d(3), Tone::Polite, "B"), (1, d(3), Tone::Polite, "C")];
        let batches = one_message_per_client_day(items, |t| (t.0, t.1, t.2));
        assert_eq!(batches.len(), 2);
        assert_eq!(batches[0].items.iter().map(|t| t.3).collect::<Vec<_>>(), ["C", "A"]);
        assert_eq!(batches[1].items.iter().map(|t| t.3).collect::<Vec<_>>(), ["B"]);
    }

    proptest! {
        #[test]
        fn every_step_is_in_exactly_one_batch_of_its_client_and_day(
            raw in proptest::collection::vec((0i64..4, 1u32..5, 0usize..3), 0..40)
        ) {
            let tones = [Tone::Friendly, Tone::Polite, Tone::Firm];
            let items: Vec<(usize, i64, NaiveDate, Tone)> =
                raw.iter().enumerate().map(|(i, &(c, day, t))| (i, c, d(day), tones[t])).collect();
            let batches = one_message_per_client_day(items.clone(), |t| (t.1, t.2, t.3));
            let mut seen: Vec<usize> = batches.iter().flat_map(|b| b.items.iter().map(|t| t.0)).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..items.len()).collect::<Vec<_>>());
            let mut keys = std::collections::HashSet::new();
            for b in &batches {
                prop_assert!(keys.insert((b.client, b.day)), "one batch per client and day");
                prop_assert!(b.items.iter().all(|t| (t.1, t.2) == (b.client, b.day)));
                let lead = b.items[0].3;
                prop_assert!(b.items.iter().all(|t| t.3 <= lead), "the firmest step leads");
            }
        }
    }
}
