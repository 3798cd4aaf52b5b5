//! `duly call log|list|summary` and `duly plan create|show`: the call log, promises to pay and
//! instalment plans from the command line. `--json` prints the API's DTOs as they are.

use std::io::Write;

use clap::{Args, Subcommand};
use duly_api::{
    ApiError, ApiResult, Call, CallEditInput, CallId, CallInput, CallOutcome, CallQuery, Duly, Plan, PlanInput,
    PlanTerms, PromiseEditInput,
};

use crate::print::Printer;

#[derive(Debug, Subcommand)]
pub enum CallCommand {
    /// Record a call about an invoice (or, with --client and no NUMBER, about a client)
    Log(Box<CallLogArgs>),
    /// Calls, newest first
    List {
        /// Only calls about this invoice
        #[arg(long)]
        invoice: Option<String>,
        /// Only calls with this client (id or name)
        #[arg(long)]
        client: Option<String>,
        /// From this day (YYYY-MM-DD)
        #[arg(long)]
        from: Option<String>,
        /// Up to this day (YYYY-MM-DD)
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
    /// Correct a call's outcome or notes (a promise: `duly promise edit`)
    Edit {
        /// The call's id (see `duly call list`)
        id: i64,
        /// reached, no-answer, voicemail, wrong-number, disputed
        #[arg(long)]
        outcome: Option<String>,
        /// The notes as they should read ("" clears them)
        #[arg(long)]
        note: Option<String>,
    },
    /// The email confirming what was agreed on a call, in the client's language
    Summary {
        /// The call's id (see `duly call list`)
        id: i64,
        /// Queue it in the outbox (it goes out with `duly outbox run`) instead of printing it
        #[arg(long)]
        queue: bool,
    },
}

#[derive(Debug, Args)]
pub struct CallLogArgs {
    /// The invoice the call was about
    pub number: Option<String>,
    /// reached, no-answer, voicemail, wrong-number, disputed, promised, agreed-plan
    #[arg(long)]
    pub outcome: String,
    /// The client (id or name) when the call was about no invoice in particular
    #[arg(long)]
    pub client: Option<String>,
    /// Whom you spoke to: one of the client's contacts, by id or name
    #[arg(long)]
    pub contact: Option<String>,
    /// The number dialled, when it is not the contact's
    #[arg(long)]
    pub phone: Option<String>,
    /// How long: 5 (minutes), 3:20, 90s, 4m, 1h10m
    #[arg(long)]
    pub duration: Option<String>,
    /// The day of the call (YYYY-MM-DD) [default: today]
    #[arg(long = "on")]
    pub on: Option<String>,
    /// The time of the call (HH:MM)
    #[arg(long = "at")]
    pub at: Option<String>,
    /// With --outcome promised: the day the client will pay (YYYY-MM-DD)
    #[arg(long)]
    pub promise_date: Option<String>,
    /// With --outcome promised: the amount promised [default: everything due]
    #[arg(long)]
    pub amount: Option<String>,
    /// With --outcome agreed-plan: create a plan of this many instalments
    #[arg(long)]
    pub instalments: Option<u32>,
    /// With --instalments: the gap between them, e.g. 30d, 2w [default: 30d]
    #[arg(long)]
    pub every: Option<String>,
    /// With --instalments: the first instalment's date [default: one gap after the call]
    #[arg(long)]
    pub first: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// When to follow up next (YYYY-MM-DD)
    #[arg(long)]
    pub next: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PromiseCommand {
    /// Correct a promise's date or amount (its id: `duly call list --json`, `promise.id`)
    Edit {
        id: i64,
        /// The day the client will pay (YYYY-MM-DD)
        #[arg(long)]
        date: Option<String>,
        /// The amount promised, in the invoice's currency
        #[arg(long)]
        amount: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Split what is due on an invoice into dated instalments
    Create {
        number: String,
        #[arg(long)]
        instalments: u32,
        /// The gap between instalments, e.g. 30d, 2w
        #[arg(long, default_value = "30d")]
        every: String,
        /// The first instalment's date (YYYY-MM-DD) [default: one gap after today]
        #[arg(long)]
        first: Option<String>,
    },
    /// The invoice's latest plan and where each instalment stands today
    Show { number: String },
}

pub fn call(duly: &mut Duly, command: CallCommand, out: &Printer) -> ApiResult<()> {
    match command {
        CallCommand::Log(a) => {
            let a = *a;
            let outcome: CallOutcome =
                a.outcome.parse().map_err(|e: ApiError| ApiError::invalid(format!("--{}", e.message)))?;
            let client_id = match (&a.number, &a.client) {
                (Some(n), _) => Some(duly.invoice_get(n)?.client_id),
                (None, Some(c)) => Some(duly.client_find(c)?),
                (None, None) => {
                    return Err(ApiError::invalid(
                        "say which invoice the call was about (NUMBER) or which client (--client)",
                    ));
                }
            };
            let contact_id = match (&a.contact, client_id) {
                (Some(text), Some(client)) => Some(find_contact(duly, client, text)?),
                _ => None,
            };
            let plan = match a.instalments {
                Some(n) => Some(PlanTerms {
                    instalments: n,
                    every_days: every_days(a.every.as_deref().unwrap_or("30d"))?,
                    first_date: a.first,
                }),
                None if a.every.is_some() || a.first.is_some() => {
                    return Err(ApiError::invalid("--every and --first go with --instalments"));
                }
                None => None,
            };
            let call = duly.call_log(CallInput {
                invoice_number: a.number,
                client_id: if contact_id.is_some() || a.client.is_some() { client_id } else { None },
                contact_id,
                phone: a.phone,
                contact_name: None,
                called_on: a.on,
                called_time: a.at,
                duration: a.duration,
                outcome: Some(outcome),
                promise_date: a.promise_date,
                promise_amount: a.amount,
                plan,
                notes: a.note,
                next_follow_up: a.next,
            })?;
            print_calls(out, std::slice::from_ref(&call), true);
        }
        CallCommand::Edit { id, outcome, note } => {
            let outcome = outcome
                .map(|o| o.parse::<CallOutcome>().map_err(|e: ApiError| ApiError::invalid(format!("--{}", e.message))))
                .transpose()?;
            let call = duly.call_edit(CallEditInput { id, outcome, notes: note })?;
            print_calls(out, std::slice::from_ref(&call), true);
        }
        CallCommand::List { invoice, client, from, to, limit } => {
            let client_id = client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            let calls =
                duly.call_list(CallQuery { invoice_number: invoice, client_id, from, to, limit: Some(limit) })?;
            print_calls(out, &calls, false);
        }
        CallCommand::Summary { id, queue } => {
            let summary = duly.call_summary(CallId { id })?;
            if queue {
                if summary.to.is_empty() {
                    return Err(ApiError::invalid(format!(
                        "call {id}: the client has no email address to send the summary to"
                    )));
                }
                let input = serde_json::from_value(serde_json::json!({
                    "invoice_id": summary.invoice_id,
                    "kind": "call_summary",
                    "to": summary.to,
                    "subject": summary.subject,
                    "text_body": summary.text_body,
                    "html_body": summary.html_body,
                }))
                .map_err(|e| ApiError::new(duly_api::ErrorCode::Internal, e.to_string()))?;
                out.outbox(&[duly.outbox_enqueue(input)?]);
            } else if out.json {
                json(&summary);
            } else {
                text(&format!("To: {}\nSubject: {}\n\n{}", summary.to.join(", "), summary.subject, summary.text_body));
            }
        }
    }
    Ok(())
}

pub fn promise(duly: &mut Duly, command: PromiseCommand, out: &Printer) -> ApiResult<()> {
    match command {
        PromiseCommand::Edit { id, date, amount } => {
            let call = duly.promise_edit(PromiseEditInput { id, pay_by: date, amount })?;
            print_calls(out, std::slice::from_ref(&call), true);
        }
    }
    Ok(())
}

pub fn plan(duly: &mut Duly, command: PlanCommand, out: &Printer) -> ApiResult<()> {
    match command {
        PlanCommand::Create { number, instalments, every, first } => {
            let plan = duly.plan_create(PlanInput {
                invoice_number: number,
                instalments,
                every_days: every_days(&every)?,
                first_date: first,
            })?;
            print_plan(out, &plan);
        }
        PlanCommand::Show { number } => match duly.plan_get(&number)? {
            Some(plan) => print_plan(out, &plan),
            None if out.json => json(&serde_json::Value::Null),
            None => text(&format!("Invoice {number} has no instalment plan.")),
        },
    }
    Ok(())
}

/// "30d", "30", "2w" → days. Months are refused: "every month" is not a fixed number of days,
/// and a plan's dates must be exact.
fn every_days(text: &str) -> ApiResult<u32> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || ApiError::invalid(format!("--every: \"{text}\" is not a gap in days (expected e.g. 30d, 14, 2w)"));
    let (digits, factor) = match t.strip_suffix('d') {
        Some(d) => (d, 1),
        None => match t.strip_suffix('w') {
            Some(w) => (w, 7),
            None => (t.as_str(), 1),
        },
    };
    let n: u32 = digits.trim().parse().map_err(|_| bad())?;
    n.checked_mul(factor).ok_or_else(bad)
}

/// A contact of the client by id or by name (ignoring case).
fn find_contact(duly: &Duly, client_id: i64, text: &str) -> ApiResult<i64> {
    let client = duly.client_get(client_id)?;
    let wanted = text.trim();
    let found = client.contacts.iter().find(|c| {
        c.id.is_some_and(|id| id.to_string() == wanted) || c.name.trim().to_lowercase() == wanted.to_lowercase()
    });
    found.and_then(|c| c.id).ok_or_else(|| {
        let names: Vec<String> =
            client.contacts.iter().map(|c| format!("{} (id {})", c.name, c.id.unwrap_or_default())).collect();
        ApiError::invalid(format!(
            "--contact: {} has no contact \"{wanted}\" (contacts: {})",
            client.name,
            names.join(", ")
        ))
    })
}

fn print_calls(out: &Printer, calls: &[Call], one: bool) {
    if out.json {
        return if one { json(&calls[0]) } else { json(&calls) };
    }
    if calls.is_empty() {
        return text("No calls.");
    }
    for c in calls {
        let about = c.invoice_number.clone().unwrap_or_else(|| c.client_name.clone());
        let who = [c.contact_name.as_str(), c.phone.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let outcome =
            serde_json::to_value(c.outcome).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let mut line = format!("#{} {} {} {}: {}", c.id, c.called_on, c.called_time, about, outcome.replace('_', " "));
        if let Some(p) = &c.promise {
            line.push_str(&format!(", {} by {}", p.amount_display, p.pay_by));
        }
        if !who.is_empty() {
            line.push_str(&format!(" ({who})"));
        }
        if let Some(next) = c.next_follow_up {
            line.push_str(&format!("; next {next}"));
        }
        if !c.notes.is_empty() {
            line.push_str(&format!(" - {}", c.notes));
        }
        text(&line);
    }
}

fn print_plan(out: &Printer, plan: &Plan) {
    if out.json {
        return json(plan);
    }
    let mut t = format!(
        "Plan for invoice {}: {} in {} instalments\n",
        plan.invoice_number,
        plan.amount_display,
        plan.instalments.len()
    );
    for i in &plan.instalments {
        let state = serde_json::to_value(i.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        t.push_str(&format!("  {}. {}  {}  {state}\n", i.number, i.due_on, i.amount_display));
    }
    t.push_str(&format!("Final deadline: {}", plan.final_deadline));
    text(&t);
}

fn json(value: &impl serde::Serialize) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, value).map(|()| writeln!(out));
}

fn text(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}
