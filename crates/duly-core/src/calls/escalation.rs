//! Whom to try next when the usual person does not answer: the playbook's "+14" step writes to
//! the client's *other* contacts (the project contact who can push the payment, accounts
//! payable), not once more to the billing address that has stayed silent.
//!
//! [`next_contact`] is pure: the client's contacts and every past attempt (messages sent, calls
//! made) are parameters, so the ladder, the API and the tests get the same answer.

use chrono::NaiveDate;

/// What a contact does for the client, in the order Duly escalates through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContactRole {
    /// Receives invoices; the first person reminders go to.
    Billing,
    /// Commissioned the work and can chase the payment internally.
    Project,
    /// Anyone else on file (accounts payable, a director).
    Other,
}

/// One of the client's contacts as escalation sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub role: ContactRole,
    /// Has an email address or a phone number: someone Duly can actually reach.
    pub reachable: bool,
}

/// A past attempt to reach a contact (a message sent to them, a call to them), on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub contact_id: i64,
    pub on: NaiveDate,
}

/// Why this contact is the one to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextReason {
    /// Nobody has been contacted yet: start with the billing contact (or the first one on file).
    FirstContact,
    /// Others were tried and did not pay; this person has not been contacted at all.
    NotContactedYet,
    /// Everyone has been tried; this person was contacted longest ago, on `last`.
    LongestSince { last: NaiveDate },
}

/// The contact to try next and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextContact {
    pub contact_id: i64,
    pub reason: NextReason,
    /// When they were last contacted, if ever.
    pub last_contacted: Option<NaiveDate>,
}

/// The next person to try among `contacts`, given every `attempts` so far (any order).
///
/// Someone never contacted comes before anyone already tried: a new ear is what escalation is
/// for. Among them, and when nobody was ever contacted, the order is billing, project, other,
/// then the order on file. When everyone has been tried, the one contacted longest ago. Contacts
/// without an address or a number are skipped; `None` when no one is reachable.
pub fn next_contact(contacts: &[Candidate], attempts: &[Attempt]) -> Option<NextContact> {
    let last = |id: i64| attempts.iter().filter(|a| a.contact_id == id).map(|a| a.on).max();
    let reachable = || contacts.iter().enumerate().filter(|(_, c)| c.reachable);
    let anyone_tried = reachable().any(|(_, c)| last(c.id).is_some());
    if let Some((_, fresh)) = reachable().filter(|(_, c)| last(c.id).is_none()).min_by_key(|(i, c)| (c.role, *i)) {
        let reason = if anyone_tried { NextReason::NotContactedYet } else { NextReason::FirstContact };
        return Some(NextContact { contact_id: fresh.id, reason, last_contacted: None });
    }
    reachable().filter_map(|(i, c)| last(c.id).map(|on| (on, c.role, i, c.id))).min().map(|(on, _, _, id)| {
        NextContact { contact_id: id, reason: NextReason::LongestSince { last: on }, last_contacted: Some(on) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn c(id: i64, role: ContactRole) -> Candidate {
        Candidate { id, role, reachable: true }
    }

    const BILLING: ContactRole = ContactRole::Billing;
    const PROJECT: ContactRole = ContactRole::Project;
    const OTHER: ContactRole = ContactRole::Other;

    #[test]
    fn nobody_contacted_yet_starts_with_billing_whatever_the_order_on_file() {
        let next = next_contact(&[c(1, OTHER), c(2, PROJECT), c(3, BILLING)], &[]).unwrap();
        assert_eq!(next, NextContact { contact_id: 3, reason: NextReason::FirstContact, last_contacted: None });
    }

    #[test]
    fn after_billing_stayed_silent_the_project_contact_comes_before_others() {
        let attempts = [Attempt { contact_id: 1, on: d(11, 2) }, Attempt { contact_id: 1, on: d(11, 8) }];
        let next = next_contact(&[c(1, BILLING), c(3, OTHER), c(2, PROJECT)], &attempts).unwrap();
        assert_eq!(next, NextContact { contact_id: 2, reason: NextReason::NotContactedYet, last_contacted: None });
    }

    #[test]
    fn when_everyone_was_tried_the_one_contacted_longest_ago_is_next() {
        let attempts = [
            Attempt { contact_id: 1, on: d(11, 14) },
            Attempt { contact_id: 2, on: d(11, 3) },
            Attempt { contact_id: 2, on: d(11, 9) },
            Attempt { contact_id: 3, on: d(11, 5) },
        ];
        let next = next_contact(&[c(1, BILLING), c(2, PROJECT), c(3, OTHER)], &attempts).unwrap();
        assert_eq!(
            next,
            NextContact {
                contact_id: 3,
                reason: NextReason::LongestSince { last: d(11, 5) },
                last_contacted: Some(d(11, 5))
            }
        );
    }

    #[test]
    fn unreachable_contacts_are_skipped_and_nobody_reachable_is_none() {
        let silent = Candidate { id: 2, role: PROJECT, reachable: false };
        let attempts = [Attempt { contact_id: 1, on: d(11, 2) }];
        let next = next_contact(&[c(1, BILLING), silent, c(3, OTHER)], &attempts).unwrap();
        assert_eq!(next.contact_id, 3);
        assert_eq!(next_contact(&[silent], &[]), None);
        assert_eq!(next_contact(&[], &attempts), None);
    }

    #[test]
    fn a_single_contact_is_tried_again_once_already_contacted() {
        let attempts = [Attempt { contact_id: 1, on: d(11, 2) }];
        let next = next_contact(&[c(1, BILLING)], &attempts).unwrap();
        assert_eq!(next.reason, NextReason::LongestSince { last: d(11, 2) });
    }
}
