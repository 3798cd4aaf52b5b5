//! What came back: one raw RFC 5322 message from the user's inbox read into the few facts Duly
//! acts on, and [`classify`]'s decision about it.
//!
//! Pure: bytes in, facts out, no IO and no clock (the day a return date is counted from is the
//! message's own date). duly-api supplies what only the database knows (the Message-IDs Duly
//! sent, its clients' contact addresses) as two predicates, so the rules are tested here with
//! messages written by hand.

mod auto_reply;
mod bounce;
mod return_date;

use chrono::{DateTime, NaiveDate, Utc};
use mail_parser::{Address, HeaderValue, Message, MessageParser};

pub use return_date::return_date;

/// The most of a reply's text kept for the timeline ("first lines").
const FIRST_LINES_CHARS: usize = 300;
const FIRST_LINES: usize = 3;

/// The facts of one incoming message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inbound {
    /// Without angle brackets; a message without one gets an id made from its headers, so the
    /// same message is still recognised when read twice.
    pub message_id: String,
    /// The sender's address, lower case ("" when absent).
    pub from: String,
    pub from_name: String,
    pub date: Option<DateTime<Utc>>,
    pub subject: String,
    /// In-Reply-To then References, without angle brackets.
    pub thread: Vec<String>,
    /// The first lines the sender wrote (quoted text and signatures left out).
    pub first_lines: String,
    pub kind: InboundKind,
}

/// What the message is, by its own form (before knowing whether it concerns Duly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InboundKind {
    /// Written by a person (as far as the headers tell).
    Personal,
    /// A delivery status notification saying delivery failed (RFC 3464).
    Bounce {
        /// The addresses that failed, lower case.
        failed: Vec<String>,
        /// The Message-ID of the message that could not be delivered, when the report includes it.
        original: Option<String>,
    },
    /// An automatic answer (RFC 3834, or a common out-of-office form).
    AutoReply { return_on: Option<NaiveDate> },
}

/// Duly's decision about a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    /// In a thread Duly started: `thread` is the Message-ID of Duly's message it answers.
    Reply { thread: String },
    /// From a client contact's address, not in one of Duly's threads.
    FromContact,
    /// One of Duly's messages (or one to a contact) could not be delivered.
    Bounce { failed: Vec<String>, original: Option<String> },
    /// An out-of-office or other automatic answer to Duly's message or from a contact.
    AutoReply { return_on: Option<NaiveDate>, thread: Option<String> },
    /// Nothing to do with Duly: ignored.
    Unrelated,
}

/// Reads one raw message; `None` when it is not a message at all.
pub fn read(raw: &[u8]) -> Option<Inbound> {
    let msg = MessageParser::default().parse(raw)?;
    let (from, from_name) = first_address(msg.from());
    let date = msg.date().and_then(|d| DateTime::<Utc>::from_timestamp(d.to_timestamp(), 0));
    let subject = msg.subject().unwrap_or_default().trim().to_owned();
    let mut thread = ids(msg.in_reply_to());
    for id in ids(msg.references()) {
        if !thread.contains(&id) {
            thread.push(id);
        }
    }
    let message_id = match msg.message_id() {
        Some(id) if !id.trim().is_empty() => bare(id),
        _ => format!("no-id:{from}:{}:{subject}", date.map(|d| d.to_rfc3339()).unwrap_or_default()),
    };
    let body = msg.body_text(0).map(|b| b.into_owned()).unwrap_or_default();
    let kind = if let Some((failed, original)) = bounce::read(&msg) {
        InboundKind::Bounce { failed, original }
    } else if auto_reply::is_auto_reply(&msg, &subject) {
        let received = date.map(|d| d.date_naive());
        let return_on = received.and_then(|day| return_date(&format!("{subject}\n{body}"), day));
        InboundKind::AutoReply { return_on }
    } else {
        InboundKind::Personal
    };
    Some(Inbound { message_id, from, from_name, date, subject, thread, first_lines: first_lines(&body), kind })
}

/// Decides what `msg` is to Duly. `sent` answers whether a Message-ID is one Duly sent, `contact`
/// whether an address is a client contact's.
pub fn classify(msg: &Inbound, sent: impl Fn(&str) -> bool, contact: impl Fn(&str) -> bool) -> Class {
    let ours = msg.thread.iter().find(|id| sent(id)).cloned();
    match &msg.kind {
        InboundKind::Bounce { failed, original } => {
            let about_ours = original.as_deref().is_some_and(&sent) || ours.is_some();
            if about_ours || failed.iter().any(|a| contact(a)) {
                let original = original.clone().filter(|o| sent(o)).or(ours);
                Class::Bounce { failed: failed.clone(), original }
            } else {
                Class::Unrelated
            }
        }
        InboundKind::AutoReply { return_on } if ours.is_some() || contact(&msg.from) => {
            Class::AutoReply { return_on: *return_on, thread: ours }
        }
        InboundKind::AutoReply { .. } => Class::Unrelated,
        InboundKind::Personal => match ours {
            Some(thread) => Class::Reply { thread },
            None if contact(&msg.from) => Class::FromContact,
            None => Class::Unrelated,
        },
    }
}

/// A Message-ID as Duly stores it, with its angle brackets, from one without.
pub fn bracketed(id: &str) -> String {
    format!("<{}>", bare(id))
}

/// A Message-ID without angle brackets or surrounding space.
pub fn bare(id: &str) -> String {
    id.trim().trim_start_matches('<').trim_end_matches('>').trim().to_owned()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    value
        .as_text_list()
        .unwrap_or_default()
        .iter()
        .flat_map(|v| v.split_whitespace().map(bare).collect::<Vec<_>>())
        .filter(|id| !id.is_empty())
        .collect()
}

fn first_address(a: Option<&Address<'_>>) -> (String, String) {
    let Some(first) = a.and_then(Address::first) else { return (String::new(), String::new()) };
    (first.address().unwrap_or_default().trim().to_lowercase(), first.name().unwrap_or_default().trim().to_owned())
}

/// The first lines the sender wrote: quoted lines, the "On … wrote:" line and everything after
/// a signature separator or a forwarded original are left out.
fn first_lines(body: &str) -> String {
    let mut kept = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if t == "--" || t.starts_with("-----Original") || t.starts_with("________") {
            break;
        }
        if t.is_empty() || t.starts_with('>') {
            continue;
        }
        if t.ends_with("wrote:") || t.ends_with("schrieb:") || t.ends_with("a écrit :") || t.ends_with("menulis:") {
            break;
        }
        kept.push(t);
        if kept.len() == FIRST_LINES {
            break;
        }
    }
    let text = kept.join("\n");
    match text.char_indices().nth(FIRST_LINES_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// The header's text, for headers mail-parser does not structure.
fn header_text<'a>(msg: &'a Message<'_>, name: &'static str) -> Option<&'a str> {
    msg.header_raw(name).map(str::trim)
}

#[cfg(test)]
mod tests;
