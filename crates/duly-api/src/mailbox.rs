//! What the inbox says: replies, bounces and out-of-office answers applied to the ladder.
//!
//! `mailbox_apply` takes raw messages (from the IMAP poller, or a test) and, for each one Duly
//! has not seen before (`mailbox_seen`, migration 0015), does what its class calls for, in one
//! transaction per message:
//!
//! - **a reply** (in a thread Duly started, or any message from a client contact's address) goes
//!   on the timeline (sender, date, first lines) and pauses every open invoice of that client
//!   until the user has read it: a ladder pause with no end (`UNTIL_READ`) whose note says why,
//!   ended by the usual resume (`followup_pause` without a date). The pause cancels queued
//!   reminders now, and the sender's claim re-checks it, so one queued meanwhile never leaves.
//!   Autopilot stops for the client too (`autopilot_note`'s stop), until resumed.
//! - **a bounce** marks the failed addresses undeliverable and cancels the reminders queued to
//!   them (the sender's re-check refuses one queued elsewhere); the next step then goes to the
//!   next contact with an address (`followups::case_of` leaves such addresses out).
//! - **an auto-reply** with a return date postpones each open invoice's next step to that day.
//! - anything else is remembered as seen and otherwise ignored.

pub(crate) mod mailbox_account;

use chrono::{DateTime, NaiveDate, Utc};
use duly_core::ladder::{self, Outcome};
use duly_mail::inbound::{self, Class, Inbound};
use duly_store::{Connection, events, ladder_pauses, mailbox as table};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::outbox::outbox_guard::cancel_reminders_to;
use crate::shared::autopilot_stops::{AutopilotStopReason, stop_on};
use crate::shared::reminder_cancel::{CancelReason, cancel_reminders_on};
use crate::shared::timeline::event;
use crate::{ApiResult, Duly};

/// A pause that lasts until the user resumes it ("read before the next step").
pub const UNTIL_READ: NaiveDate = NaiveDate::MAX;

/// What one pass over the inbox did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailboxReport {
    /// Messages handed in.
    pub read: u32,
    /// Of those, seen in an earlier pass and left alone.
    pub already_seen: u32,
    /// Not messages at all (unparseable), left alone.
    pub unreadable: u32,
    /// One per new message that concerned Duly (unrelated ones are not listed).
    pub applied: Vec<MailboxItem>,
    /// New messages that did not concern Duly.
    pub ignored: u32,
}

/// One message Duly acted on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailboxItem {
    pub message_id: String,
    /// `reply`, `from_contact`, `bounce` or `auto_reply`.
    pub class: String,
    pub from: String,
    /// The invoices whose timeline got the line.
    pub invoices: Vec<String>,
    /// Undeliverable addresses (bounces).
    pub undeliverable: Vec<String>,
    /// The return date read from an auto-reply.
    #[ts(optional = nullable)]
    pub return_on: Option<NaiveDate>,
}

/// An invoice waiting for the user to read its client's reply (Today's "replies to read").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ReplyWaiting {
    pub number: String,
    pub client: String,
    /// The reply's timeline line: "sender, RFC 3339 date: first lines" (plain text).
    pub detail: String,
}

/// The invoices paused until their client's reply is read, newest reply first.
pub(crate) fn replies_waiting(conn: &Connection, limit: usize) -> ApiResult<Vec<ReplyWaiting>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    Ok(table::replies_waiting(conn, UNTIL_READ, crate::TimelineKind::ClientReplied.as_str(), limit)?
        .into_iter()
        .map(|(number, client, detail)| ReplyWaiting { number, client, detail })
        .collect())
}

impl Duly {
    /// Applies raw RFC 5322 messages from the inbox; each message's effect is applied once.
    pub fn mailbox_apply(&mut self, messages: &[Vec<u8>]) -> ApiResult<MailboxReport> {
        let mut report = MailboxReport::default();
        for raw in messages {
            report.read += 1;
            let Some(msg) = inbound::read(raw) else {
                report.unreadable += 1;
                continue;
            };
            let at = self.stamp();
            let today = self.today();
            let tx = self.write_transaction()?;
            if table::is_seen(&tx, &msg.message_id)? {
                report.already_seen += 1;
                continue;
            }
            let class = classify(&tx, &msg)?;
            let item = self.apply_one(&tx, &msg, &class, today, &at)?;
            let (name, client) = item.as_ref().map_or(("unrelated", None), |(i, c)| (i.class.as_str(), *c));
            table::mark_seen(&tx, &msg.message_id, name, client, &at)?;
            tx.commit()?;
            match item {
                Some((item, _)) => report.applied.push(item),
                None => report.ignored += 1,
            }
        }
        Ok(report)
    }

    /// The effect of one message inside `conn`'s transaction, and the client it concerned;
    /// `None` when it concerned nobody Duly knows.
    fn apply_one(
        &self,
        conn: &Connection,
        msg: &Inbound,
        class: &Class,
        today: NaiveDate,
        at: &str,
    ) -> ApiResult<Option<(MailboxItem, Option<i64>)>> {
        let when = msg.date.unwrap_or_else(|| at.parse::<DateTime<Utc>>().unwrap_or_default());
        let from =
            if msg.from_name.is_empty() { msg.from.clone() } else { format!("{} <{}>", msg.from_name, msg.from) };
        let mut item = MailboxItem {
            message_id: msg.message_id.clone(),
            class: String::new(),
            from: msg.from.clone(),
            invoices: Vec::new(),
            undeliverable: Vec::new(),
            return_on: None,
        };
        let (client, invoices) = match class {
            Class::Unrelated => return Ok(None),
            Class::Reply { thread } => thread_invoices(conn, thread)?,
            Class::FromContact => {
                let client = table::client_of_address(conn, &msg.from)?;
                (client, client.map(|c| table::open_invoices_of(conn, c)).transpose()?.unwrap_or_default())
            }
            Class::Bounce { failed, original } => match original {
                Some(id) => thread_invoices(conn, id)?,
                None => {
                    let client = failed.iter().find_map(|a| table::client_of_address(conn, a).ok().flatten());
                    (client, client.map(|c| table::open_invoices_of(conn, c)).transpose()?.unwrap_or_default())
                }
            },
            Class::AutoReply { thread: Some(id), .. } => thread_invoices(conn, id)?,
            Class::AutoReply { thread: None, .. } => {
                let client = table::client_of_address(conn, &msg.from)?;
                (client, client.map(|c| table::open_invoices_of(conn, c)).transpose()?.unwrap_or_default())
            }
        };
        let day = when.date_naive();
        let line = match class {
            Class::Reply { .. } | Class::FromContact => {
                item.class = if matches!(class, Class::Reply { .. }) { "reply" } else { "from_contact" }.into();
                let note = format!("client replied on {}: read before the next step", day.format("%-d %b"));
                // The whole client waits: a reply about one invoice is often about the others.
                let open = client.map(|c| table::open_invoices_of(conn, c)).transpose()?.unwrap_or_default();
                for &(id, _) in &open {
                    ladder_pauses::set(conn, id, UNTIL_READ, &note, at)?;
                    cancel_reminders_on(conn, id, CancelReason::Paused, at)?;
                }
                stop_on(conn, AutopilotStopReason::Reply, client, None, &note, at)?;
                event(
                    at,
                    crate::TimelineKind::ClientReplied,
                    &format!("{from}, {}: {}", when.to_rfc3339(), msg.first_lines),
                )
            }
            Class::Bounce { failed, original } => {
                item.class = "bounce".into();
                let detail = format!("bounce {} of {}", msg.message_id, original.as_deref().unwrap_or("?"));
                for address in failed {
                    table::mark_undeliverable(conn, address, &detail, at)?;
                }
                item.undeliverable = failed.clone();
                let dead = failed.iter().map(|a| a.trim().to_lowercase()).collect();
                cancel_reminders_to(conn, &dead, at)?;
                stop_on(conn, AutopilotStopReason::Bounce, client, None, &detail, at)?;
                event(
                    at,
                    crate::TimelineKind::EmailBounced,
                    &format!("{}: undeliverable, the next message goes to another contact", failed.join(", ")),
                )
            }
            Class::AutoReply { return_on, .. } => {
                item.class = "auto_reply".into();
                item.return_on = *return_on;
                if let Some(back) = return_on.filter(|&b| b > today) {
                    for &(id, _) in &invoices {
                        self.postpone_next_step(conn, id, back, today, at)?;
                    }
                }
                let back = return_on.map_or("no return date given".to_owned(), |d| format!("back on {d}"));
                event(at, crate::TimelineKind::AutoReply, &format!("{from}: {} ({back})", msg.subject))
            }
            Class::Unrelated => return Ok(None),
        };
        for (id, number) in &invoices {
            events::insert(conn, *id, &line)?;
            item.invoices.push(number.clone());
        }
        Ok(Some((item, client)))
    }

    /// Postpones the invoice's next step (due now, or falling before `back`) to `back`.
    fn postpone_next_step(
        &self,
        conn: &Connection,
        invoice_id: i64,
        back: NaiveDate,
        today: NaiveDate,
        at: &str,
    ) -> ApiResult<()> {
        let case = self.case_by_id(invoice_id, today)?;
        let step = match ladder::next_action(&case.ladder, &case.facts, today) {
            ladder::Action::Due { step, .. } => step,
            ladder::Action::Upcoming { step, on } if on < back => step,
            _ => return Ok(()),
        };
        let record = case.facts.record(&step, today, Outcome::Postponed { until: back });
        crate::followups::record_step_on(conn, invoice_id, &case.invoice.number, &record, None, at, "was already done")
    }
}

/// The class of a message given what the database knows: the Message-IDs Duly sent and its
/// clients' contact addresses.
fn classify(conn: &Connection, msg: &Inbound) -> ApiResult<Class> {
    let mut sent = std::collections::HashSet::new();
    let mut candidates: Vec<&str> = msg.thread.iter().map(String::as_str).collect();
    if let inbound::InboundKind::Bounce { original: Some(o), .. } = &msg.kind {
        candidates.push(o);
    }
    for id in candidates {
        if table::sent_message(conn, &inbound::bracketed(id))?.is_some() {
            sent.insert(id.to_owned());
        }
    }
    let mut contacts = std::collections::HashSet::new();
    let mut addresses = vec![msg.from.as_str()];
    if let inbound::InboundKind::Bounce { failed, .. } = &msg.kind {
        addresses.extend(failed.iter().map(String::as_str));
    }
    for a in addresses {
        if table::client_of_address(conn, a)?.is_some() {
            contacts.insert(a.to_owned());
        }
    }
    Ok(inbound::classify(msg, |id| sent.contains(id), |a| contacts.contains(a)))
}

/// A client (when known) and its invoices (id, number) a message is about.
type Concerned = (Option<i64>, Vec<(i64, String)>);

/// The client and the invoices of the message Duly sent as `id` (a grouped message covers
/// several invoices).
fn thread_invoices(conn: &Connection, id: &str) -> ApiResult<Concerned> {
    let Some((invoice, client)) = table::sent_message(conn, &inbound::bracketed(id))? else {
        return Ok((None, Vec::new()));
    };
    let mut ids: Vec<i64> = invoice.into_iter().collect();
    if let Some(outbox_id) = table::outbox_id_of(conn, &inbound::bracketed(id))? {
        for other in duly_store::followups::invoices_of_message(conn, outbox_id)? {
            if !ids.contains(&other) {
                ids.push(other);
            }
        }
    }
    let mut out = Vec::new();
    let mut client = client;
    for i in ids {
        if let Some(inv) = duly_store::invoices::get(conn, i)? {
            client = client.or(Some(inv.client_id));
            out.push((i, inv.number));
        }
    }
    Ok((client, out))
}
