//! The day-to-day decisions of the Today page from the command line: skip or postpone a ladder
//! step, pause an invoice's follow-up, undo a reminder just queued, put a client on credit hold,
//! see where an invoice stands on the ladder, who was contacted about it and whom to try next.
//! Each is one API call; `--json` prints what it returns.

use clap::{Args, Subcommand};
use duly_api::{
    ApiResult, ContactChannel, CreditHoldInput, CreditHoldView, Duly, FollowupStepInput, InvoiceContacts,
    InvoiceNumber, NextFollowup, OutboxId, PauseInput,
};

use crate::print::Printer;

#[derive(Debug, Subcommand)]
pub enum StepCommand {
    /// Decide against a step: the ladder moves past it for this invoice
    Skip {
        /// The invoice's number
        number: String,
        /// The step's id (overdue_7, call, ...), as `duly followups` lists it
        step: String,
    },
    /// Not now: the step is due again on a later day
    Postpone {
        number: String,
        step: String,
        /// The day it is due again (YYYY-MM-DD, after today)
        #[arg(long, value_name = "DATE")]
        until: String,
    },
}

#[derive(Debug, Args)]
pub struct PauseArgs {
    /// The invoice's number
    pub number: String,
    /// The last day of the pause (YYYY-MM-DD); queued reminders for it are cancelled
    #[arg(long, value_name = "DATE", required_unless_present = "end", conflicts_with = "end")]
    pub until: Option<String>,
    /// End the pause now
    #[arg(long)]
    pub end: bool,
    /// Why (kept with the pause)
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct HoldArgs {
    /// The client's id, its name ignoring case, or a part of the name only one client has
    pub client: String,
    /// on (cash only / prepay from now on) or off; leave out to show the hold
    #[arg(value_parser = ["on", "off"])]
    pub state: Option<String>,
    /// Why (shown where new invoices for the client are made)
    #[arg(long, default_value = "")]
    pub reason: String,
}

pub fn step(duly: &mut Duly, c: StepCommand, out: &Printer) -> ApiResult<()> {
    let (done, what) = match c {
        StepCommand::Skip { number, step } => {
            let what = format!("Skipped {step} for invoice {number}.");
            (duly.followup_skip(FollowupStepInput { number, step, until: None })?, what)
        }
        StepCommand::Postpone { number, step, until } => {
            let what = format!("Postponed {step} for invoice {number} to {until}.");
            (duly.followup_postpone(FollowupStepInput { number, step, until: Some(until) })?, what)
        }
    };
    out.dto(&done, || what);
    Ok(())
}

pub fn pause(duly: &mut Duly, a: PauseArgs, out: &Printer) -> ApiResult<()> {
    let what = match &a.until {
        Some(until) => format!("The follow-up of invoice {} is paused through {until}.", a.number),
        None => format!("The follow-up of invoice {} is no longer paused.", a.number),
    };
    let changed = duly.followup_pause(PauseInput { number: a.number, until: a.until, note: a.note })?;
    out.dto(&changed, || if changed { what } else { "It was not paused.".to_owned() });
    Ok(())
}

pub fn undo(duly: &mut Duly, id: i64, out: &Printer) -> ApiResult<()> {
    let item = duly.remind_undo(OutboxId { id })?;
    out.dto(&item, || format!("Message {} cancelled; its step is due again.", item.id));
    Ok(())
}

pub fn hold(duly: &mut Duly, a: HoldArgs, out: &Printer) -> ApiResult<()> {
    let client_id = duly.client_find(&a.client)?;
    let view = match a.state.as_deref() {
        None => duly.credit_hold_get(client_id)?,
        Some(state) => duly.credit_hold_set(CreditHoldInput { client_id, on: state == "on", reason: a.reason })?,
    };
    out.dto(&view, || hold_text(&view));
    Ok(())
}

fn hold_text(h: &CreditHoldView) -> String {
    match h.since {
        Some(since) if h.on => {
            let why = if h.reason.is_empty() { String::new() } else { format!(": {}", h.reason) };
            format!("Client {} is on credit hold since {since}{why}", h.client_id)
        }
        _ => format!("Client {} is not on credit hold", h.client_id),
    }
}

pub fn contacts(duly: &Duly, number: &str, out: &Printer) -> ApiResult<()> {
    let c = duly.invoice_contacts(number)?;
    out.dto(&c, || contacts_text(&c));
    Ok(())
}

fn contacts_text(c: &InvoiceContacts) -> String {
    let mut t = String::new();
    if c.contacted.is_empty() {
        t.push_str("Nobody contacted about this invoice yet.\n");
    }
    for e in &c.contacted {
        let how = match e.channel {
            ContactChannel::Email => "emailed",
            ContactChannel::Call => "called",
        };
        t.push_str(&format!("{}  {how} {}\n", e.on, e.name));
    }
    match &c.next {
        Some(p) => {
            // The name may be the address itself (a contact added with only an address).
            let reach: Vec<&str> =
                [p.email.as_str(), p.phone.as_str()].into_iter().filter(|s| !s.is_empty() && *s != p.name).collect();
            let reach = if reach.is_empty() { String::new() } else { format!(" ({})", reach.join(", ")) };
            t.push_str(&format!("Next to try: {}{reach}", p.name));
        }
        None => t.push_str("Nobody on file to try next (no contact with an address or a number)."),
    }
    t
}

pub fn next_step(duly: &Duly, number: String, as_of: Option<String>, out: &Printer) -> ApiResult<()> {
    let next = duly.followup_next(InvoiceNumber { number, as_of })?;
    out.dto(&next, || next_text(&next));
    Ok(())
}

fn next_text(n: &NextFollowup) -> String {
    let step = |s: &duly_api::LadderStep| format!("{} ({} {})", s.id, s.channel, s.tone);
    let demo = |d: bool| if d { "; demo data: drafted, never sent" } else { "" };
    match n {
        NextFollowup::Due { step: s, due_on, demo: d, .. } => {
            format!("Due: {} since {due_on}{}", step(s), demo(*d))
        }
        NextFollowup::Upcoming { step: s, on, sent_today, demo: d, .. } => {
            let sent = sent_today.as_ref().map_or(String::new(), |t| format!("; {t} already went out today"));
            format!("Next: {} on {on}{sent}{}", step(s), demo(*d))
        }
        NextFollowup::Draft => "A draft: nothing is chased until it is sent.".to_owned(),
        NextFollowup::Void => "Void: nothing to chase.".to_owned(),
        NextFollowup::Paid => "Paid: nothing to chase.".to_owned(),
        NextFollowup::PausedUntil { until } => format!("Paused through {until}."),
        NextFollowup::PromisePending { pay_by, until } => {
            format!("The client promised to pay by {pay_by}; the ladder waits until {until}.")
        }
        NextFollowup::NoContactAddress { step, since } => {
            format!("{step} has been due since {since}, but the client has no email address.")
        }
        NextFollowup::AllStepsDone => "Every step of the ladder is done.".to_owned(),
    }
}
