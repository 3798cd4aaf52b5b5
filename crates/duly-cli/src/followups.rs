//! `duly remind NUMBER [--draft | --sent-outside DATE]` and `duly followups [--as-of D]`: the follow-up ladder from the
//! command line. `--json` prints the API's DTOs as they are.

use std::io::Write;

use clap::Args;
use duly_api::{
    ApiResult, CatchUpView, Duly, FollowupList, FollowupQuery, NextFollowup, RemindInput, RemindResult,
    SentOutsideInput,
};

use crate::print::Printer;

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// The invoice to remind the client about
    pub number: String,
    /// Print the message that would go out; queue nothing, record nothing
    #[arg(long)]
    pub draft: bool,
    /// Send this subject instead of the drafted one
    #[arg(long)]
    pub subject: Option<String>,
    /// Send the plain text in this file (UTF-8) as the body instead of the drafted one
    #[arg(long)]
    pub body_file: Option<std::path::PathBuf>,
    /// Send nothing: record that you already sent a reminder outside Duly on this day
    /// (YYYY-MM-DD); it counts as the step in hand, and the ladder moves on from it
    #[arg(long, value_name = "DATE", conflicts_with_all = ["draft", "subject", "body_file"])]
    pub sent_outside: Option<String>,
}

#[derive(Debug, Args)]
pub struct FollowupsArgs {
    /// The day to plan for (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub as_of: Option<String>,
    /// How many actions to list [default: 100]
    #[arg(long)]
    pub limit: Option<i64>,
}

pub fn remind(duly: &mut Duly, a: RemindArgs, out: &Printer) -> ApiResult<()> {
    if let Some(on) = a.sent_outside {
        let r = duly.followup_sent_outside(SentOutsideInput { number: a.number, on })?;
        if out.json {
            json(&r);
        } else {
            text(&format!(
                "Recorded: a reminder for invoice {} sent outside Duly on {} (step {}).",
                r.number, r.on, r.step
            ));
        }
        return Ok(());
    }
    let body = match &a.body_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| duly_api::ApiError::invalid(format!("--body-file {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let result = duly.remind(RemindInput { number: a.number, draft_only: a.draft, subject: a.subject, body })?;
    if out.json {
        json(&result);
    } else {
        text(&remind_text(&result));
    }
    Ok(())
}

pub fn followups(duly: &Duly, a: FollowupsArgs, out: &Printer) -> ApiResult<()> {
    let list = duly.followup_actions(FollowupQuery { as_of: a.as_of, limit: a.limit })?;
    if out.json {
        json(&list);
    } else {
        text(&list_text(&list));
    }
    Ok(())
}

fn remind_text(r: &RemindResult) -> String {
    let head = match &r.outbox {
        Some(o) => format!(
            "Queued reminder {} ({}) for invoice {} to {}: it goes out after {} (`duly outbox run`).",
            o.id, r.step.id, r.number, o.to, o.not_before
        ),
        None => format!("Draft of step {} for invoice {} (nothing queued):", r.step.id, r.number),
    };
    let mut t = format!("{head}\n");
    if !r.was_due {
        t.push_str("Note: this step was not due yet; it is sent early.\n");
    }
    if r.propose_credit_hold {
        t.push_str("Proposed: put this client on credit hold (cash only).\n");
    }
    if let Some(p) = &r.draft.escalate_to {
        let role = serde_json::to_value(p.role).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        t.push_str(&format!("Written to the next person to try: {} ({role}), the usual contact in copy.\n", p.name));
    }
    if r.outbox.is_none() {
        let cc = if r.draft.cc.is_empty() { String::new() } else { format!("\nCc: {}", r.draft.cc.join(", ")) };
        t.push_str(&format!("To: {}{cc}\nSubject: {}\n\n{}", r.draft.to.join(", "), r.draft.subject, r.draft.text));
    }
    t.trim_end().to_owned()
}

pub(crate) fn list_text(list: &FollowupList) -> String {
    let mut t = format!(
        "Follow-ups for {}: {} due, {} without an email address\n",
        list.as_of, list.due_count, list.no_address_count
    );
    if list.items.is_empty() {
        t.push_str("Nothing to do.");
        return t;
    }
    t.push_str(&format!("{:<16} {:<28} {:>18}  {}\n", "NUMBER", "CLIENT", "AMOUNT DUE", "ACTION"));
    for i in &list.items {
        let action = match &i.next {
            NextFollowup::Due { step, due_on, catch_up, demo, .. } => {
                let demo = if *demo { "; draft only: demo data: Duly never emails demo clients" } else { "" };
                format!(
                    "{} ({} {}) since {due_on}{}{demo}",
                    step.id,
                    step.channel,
                    step.tone,
                    catch_up_text(catch_up.as_ref())
                )
            }
            NextFollowup::NoContactAddress { step, .. } => format!("{step}: no email address for this client"),
            other => format!("{other:?}"),
        };
        let client: String = i.client.chars().take(28).collect();
        t.push_str(&format!("{:<16} {:<28} {:>18}  {}\n", i.number, client, i.amount_due_display, action));
    }
    t.trim_end().to_owned()
}

/// ", catching up: step 2 of 6, next on 2027-01-06 (7 days apart)", or nothing.
fn catch_up_text(c: Option<&CatchUpView>) -> String {
    match c {
        Some(c) => {
            let next = c.next_on.map_or_else(|| "the last".to_owned(), |d| format!("next on {d}"));
            format!(", catching up: step {} of {}, {next} ({} days apart)", c.step, c.of, c.gap_days)
        }
        None => String::new(),
    }
}

fn json(value: &impl serde::Serialize) {
    let mut out = std::io::stdout().lock();
    // A closed pipe is not an error worth a panic.
    let _ = serde_json::to_writer(&mut out, value).map(|()| writeln!(out));
}

fn text(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}
