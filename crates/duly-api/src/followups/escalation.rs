//! `invoice_contacts`: who at the client was contacted about an invoice, when and how (messages
//! that left the outbox, calls logged), and whom to try next (`duly_core::calls::next_contact`),
//! for the ladder's "+14, other contacts" step and the invoice page.

use chrono::NaiveDate;
use duly_core::calls::{self as core, Attempt, Candidate, NextReason};
use duly_mail::OutgoingMessage;
use duly_store::{Connection, calls as call_table, contacts, outbox};
use serde::Serialize;
use ts_rs::TS;

use crate::{ApiResult, CallOutcome, ContactRole, Duly};

/// How someone was contacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Email,
    Call,
}

/// One contact made about the invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ContactedEntry {
    pub on: NaiveDate,
    pub channel: ContactChannel,
    /// The contact on file it reached; `null` for an address or a number not on file.
    pub contact_id: Option<i64>,
    /// The contact's name, else the address or the name written on the call.
    pub name: String,
    /// For a call, what came of it.
    pub outcome: Option<CallOutcome>,
}

/// Why this person is the one to try next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NextPersonReason {
    /// Nobody was contacted yet.
    FirstContact,
    /// Others were tried; this person not yet.
    NotContactedYet,
    /// Everyone was tried; this person longest ago.
    LongestSince,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct NextPerson {
    pub contact_id: i64,
    /// The contact's name, else (a contact added with only an address or a number) the email
    /// address, else the phone number: never empty.
    pub name: String,
    pub role: ContactRole,
    pub email: String,
    pub phone: String,
    pub reason: NextPersonReason,
    pub last_contacted: Option<NaiveDate>,
}

/// Who was contacted about an invoice, oldest first, and whom to try next (`null` when the
/// client has no contact with an address or a number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvoiceContacts {
    pub next: Option<NextPerson>,
    pub contacted: Vec<ContactedEntry>,
}

impl Duly {
    /// Who was contacted about the invoice and when, and the next person to try.
    pub fn invoice_contacts(&self, number: &str) -> ApiResult<InvoiceContacts> {
        let inv = self.find_invoice(number)?;
        let conn = self.conn();
        let people = contacts::list_for_client(conn, inv.client_id)?;
        let contacted = contact_history(conn, inv.id.unwrap_or_default(), &people)?;
        let next = next_person(&people, &contacted, |p| !p.email.trim().is_empty() || !p.phone.trim().is_empty());
        Ok(InvoiceContacts { next, contacted })
    }
}

/// Whom the ladder's "+14, other contacts" email goes to: the next person to try (core
/// `next_contact`) among the client's contacts *with an email address*, given who was written to
/// or called about this invoice so far. `None` when no contact has an address.
pub(crate) fn next_by_email(conn: &Connection, invoice_id: i64, client_id: i64) -> ApiResult<Option<NextPerson>> {
    let people = contacts::list_for_client(conn, client_id)?;
    let contacted = contact_history(conn, invoice_id, &people)?;
    Ok(next_person(&people, &contacted, |p| !p.email.trim().is_empty()))
}

/// Messages that left the outbox and calls logged about the invoice, oldest first.
fn contact_history(conn: &Connection, id: i64, people: &[contacts::Contact]) -> ApiResult<Vec<ContactedEntry>> {
    let mut contacted = Vec::new();
    for row in outbox::list(conn, Some("sent"), i64::MAX)? {
        if row.invoice_id != Some(id) {
            continue;
        }
        let Some(on) = row.status.sent_at.as_deref().and_then(local_date) else { continue };
        // A message that cannot be read back still went out; it just names nobody.
        let Ok(message) = serde_json::from_str::<OutgoingMessage>(&row.message_json) else { continue };
        for mailbox in message.to.iter().chain(&message.cc) {
            let person = people
                .iter()
                .find(|p| !p.email.trim().is_empty() && p.email.trim().eq_ignore_ascii_case(mailbox.email.trim()));
            contacted.push(ContactedEntry {
                on,
                channel: ContactChannel::Email,
                contact_id: person.and_then(|p| p.id),
                name: person
                    .map(|p| p.name.trim())
                    .filter(|n| !n.is_empty())
                    .map_or_else(|| mailbox.email.clone(), str::to_owned),
                outcome: None,
            });
        }
    }
    let filter = call_table::Filter { invoice_id: Some(id), limit: i64::MAX, ..call_table::Filter::default() };
    for call in call_table::list(conn, &filter)? {
        let person = people.iter().find(|p| call.contact_id.is_some() && p.id == call.contact_id);
        let name = person.map(|p| p.name.clone()).filter(|n| !n.trim().is_empty());
        let name = name
            .or_else(|| Some(call.contact_name.clone()).filter(|n| !n.trim().is_empty()))
            .unwrap_or_else(|| call.phone.clone());
        contacted.push(ContactedEntry {
            on: call.called_on,
            channel: ContactChannel::Call,
            contact_id: person.and_then(|p| p.id),
            name,
            outcome: Some(call.outcome.into()),
        });
    }
    contacted.sort_by_key(|e| e.on);
    Ok(contacted)
}

/// The core's next person among `people` that `reachable` accepts, given `contacted`.
fn next_person(
    people: &[contacts::Contact],
    contacted: &[ContactedEntry],
    reachable: impl Fn(&contacts::Contact) -> bool,
) -> Option<NextPerson> {
    let candidates: Vec<Candidate> = people
        .iter()
        .filter_map(|p| {
            Some(Candidate {
                id: p.id?,
                role: match ContactRole::from_stored(&p.role) {
                    ContactRole::Billing => core::ContactRole::Billing,
                    ContactRole::Project => core::ContactRole::Project,
                    ContactRole::Other => core::ContactRole::Other,
                },
                reachable: reachable(p),
            })
        })
        .collect();
    let attempts: Vec<Attempt> =
        contacted.iter().filter_map(|e| e.contact_id.map(|contact_id| Attempt { contact_id, on: e.on })).collect();
    core::next_contact(&candidates, &attempts).and_then(|n| {
        let p = people.iter().find(|p| p.id == Some(n.contact_id))?;
        Some(NextPerson {
            contact_id: n.contact_id,
            name: [&p.name, &p.email, &p.phone]
                .into_iter()
                .map(|s| s.trim())
                .find(|s| !s.is_empty())
                .unwrap_or_default()
                .to_owned(),
            role: ContactRole::from_stored(&p.role),
            email: p.email.clone(),
            phone: p.phone.clone(),
            reason: match n.reason {
                NextReason::FirstContact => NextPersonReason::FirstContact,
                NextReason::NotContactedYet => NextPersonReason::NotContactedYet,
                NextReason::LongestSince { .. } => NextPersonReason::LongestSince,
            },
            last_contacted: n.last_contacted,
        })
    })
}

/// An RFC 3339 instant as the user's local calendar date.
fn local_date(at: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(at).ok().map(|t| t.with_timezone(&chrono::Local).date_naive())
}
