//! `duly autopilot on|off|status|preview|run|step|client|resume|note|today|digest`: autopilot
//! from the command line. Turning it on shows the preview and asks (`--yes` for scripts); the
//! API refuses a preview that changed between showing and confirming.

use std::io::{BufRead, Write};

use clap::{Subcommand, ValueEnum};
use duly_api::{
    ApiError, ApiResult, AutopilotClientMode, AutopilotClientModeInput, AutopilotEnableInput, AutopilotNoteInput,
    AutopilotNoteKind, AutopilotPreview, AutopilotPreviewQuery, AutopilotResumeInput, AutopilotStatus,
    AutopilotStepMode, AutopilotStepModeInput, Duly,
};
use serde::Serialize;

use crate::print::Printer;

#[derive(Debug, Subcommand)]
pub enum AutopilotCommand {
    /// Turn autopilot on: shows what it would send today and in the next days and asks to confirm
    On {
        /// Confirm without asking (scripts); what was enabled is still printed
        #[arg(long)]
        yes: bool,
        /// How many days the preview covers, today included
        #[arg(long, default_value_t = duly_api::DEFAULT_PREVIEW_DAYS)]
        days: u32,
    },
    /// Turn autopilot off (its queued messages are cancelled; their steps wait on Today)
    Off,
    /// Whether autopilot is on, stopped and why, and who sends each step
    Status,
    /// What autopilot would send: client, invoices, step, send time in the client's time zone
    Preview {
        /// How many days, today included
        #[arg(long, default_value_t = duly_api::DEFAULT_PREVIEW_DAYS)]
        days: u32,
    },
    /// The background pass: queue today's automatic steps (honours DULY_TODAY / DULY_NOW); the
    /// outbox sends them (`duly outbox run`)
    Run,
    /// Who sends one step: auto or draft (for one client with --client)
    Step {
        step: String,
        mode: ModeArg,
        /// The client's id or name
        #[arg(long)]
        client: Option<String>,
    },
    /// A client's autopilot: default (the business's choices), off, or own
    Client { client: String, mode: ClientModeArg },
    /// You looked: resume after a stop (the global one, or --invoice / --client)
    Resume {
        #[arg(long)]
        invoice: Option<String>,
        #[arg(long)]
        client: Option<String>,
    },
    /// Record that the client replied about an invoice (or, with --bounce, that a message bounced)
    Note {
        number: String,
        #[arg(long)]
        bounce: bool,
        #[arg(long)]
        detail: Option<String>,
    },
    /// What autopilot did today
    Today,
    /// The last seven days of autopilot
    Digest,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ModeArg {
    Auto,
    Draft,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ClientModeArg {
    Default,
    Off,
    Own,
}

/// One line of `duly autopilot preview --json`, exactly as documented.
#[derive(Serialize)]
struct PreviewLine<'a> {
    client: &'a str,
    invoices: &'a [String],
    step: &'a str,
    /// RFC 3339 with the client's offset: the send time on the client's clock.
    send_at: String,
    timezone: &'a str,
}

pub fn autopilot(duly: &mut Duly, command: AutopilotCommand, out: &Printer) -> ApiResult<()> {
    match command {
        AutopilotCommand::On { yes, days } => {
            let preview = duly.autopilot_preview(AutopilotPreviewQuery { days: Some(days) })?;
            if !out.json {
                print_preview(&preview);
            }
            if !yes && !confirmed(&preview)? {
                return Err(ApiError::invalid("not confirmed: autopilot stays off"));
            }
            let status =
                duly.autopilot_enable(AutopilotEnableInput { token: preview.token.clone(), days: Some(days) })?;
            if out.json {
                out.value(&serde_json::json!({ "status": status, "preview": preview }));
            } else {
                out.line(&format!(
                    "Autopilot is on: it will send the {} message(s) above on their days, inside business hours.",
                    preview.items.len()
                ));
                print_status(&status);
            }
        }
        AutopilotCommand::Off => status(out, &duly.autopilot_disable()?),
        AutopilotCommand::Status => status(out, &duly.autopilot_status()?),
        AutopilotCommand::Preview { days } => {
            let preview = duly.autopilot_preview(AutopilotPreviewQuery { days: Some(days) })?;
            if out.json {
                out.value(&preview_lines(&preview));
            } else {
                print_preview(&preview);
            }
        }
        AutopilotCommand::Run => {
            let now = duly.now();
            let report = duly.autopilot_run(now)?;
            if out.json {
                out.value(&report);
                return Ok(());
            }
            match &report.skipped {
                Some(why) => out.line(&format!("Autopilot did nothing: {why}.")),
                None => {
                    out.line(&format!("Autopilot queued {} message(s).", report.queued.len()));
                    for m in &report.queued {
                        let numbers: Vec<&str> = m.invoices.iter().map(|i| i.number.as_str()).collect();
                        out.line(&format!(
                            "  #{} {} — {} ({}), not before {}",
                            m.outbox_id,
                            m.client,
                            numbers.join(", "),
                            m.step_label,
                            m.send_at
                        ));
                    }
                    if report.held_for_confirmation > 0 {
                        out.line(&format!(
                            "{} step(s) were not in the preview you confirmed today; they wait on Today.",
                            report.held_for_confirmation
                        ));
                    }
                    for p in &report.problems {
                        out.line(&format!("  not queued: {p}"));
                    }
                }
            }
        }
        AutopilotCommand::Step { step, mode, client } => {
            let client_id = client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            let mode = match mode {
                ModeArg::Auto => AutopilotStepMode::Auto,
                ModeArg::Draft => AutopilotStepMode::Draft,
            };
            status(out, &duly.autopilot_step_mode_set(AutopilotStepModeInput { step, mode, client_id })?);
        }
        AutopilotCommand::Client { client, mode } => {
            let client_id = duly.client_find(&client)?;
            let mode = match mode {
                ClientModeArg::Default => AutopilotClientMode::Default,
                ClientModeArg::Off => AutopilotClientMode::Off,
                ClientModeArg::Own => AutopilotClientMode::Own,
            };
            status(out, &duly.autopilot_client_mode_set(AutopilotClientModeInput { client_id, mode })?);
        }
        AutopilotCommand::Resume { invoice, client } => {
            let invoice_id = invoice.map(|n| duly.invoice_get(&n).map(|i| i.id)).transpose()?;
            let client_id = client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            status(out, &duly.autopilot_resume(AutopilotResumeInput { invoice_id, client_id })?);
        }
        AutopilotCommand::Note { number, bounce, detail } => {
            let kind = if bounce { AutopilotNoteKind::Bounce } else { AutopilotNoteKind::Reply };
            status(out, &duly.autopilot_note(AutopilotNoteInput { number, kind, detail })?);
        }
        AutopilotCommand::Today => {
            let summary = duly.autopilot_today()?;
            if out.json {
                out.value(&summary);
                return Ok(());
            }
            out.line(if summary.headline.is_empty() { "Autopilot sent nothing today." } else { &summary.headline });
            for m in &summary.items {
                let numbers: Vec<&str> = m.invoices.iter().map(|i| i.number.as_str()).collect();
                out.line(&format!("  #{} {} — {} ({:?})", m.outbox_id, m.client, numbers.join(", "), m.state));
            }
        }
        AutopilotCommand::Digest => {
            let digest = duly.autopilot_digest()?;
            if out.json {
                out.value(&digest);
                return Ok(());
            }
            out.line(&format!("{} to {}: {}", digest.from, digest.to, digest.headline));
            for c in &digest.by_step {
                out.line(&format!("  {}: {}", c.step_label, c.count));
            }
        }
    }
    Ok(())
}

fn preview_lines(preview: &AutopilotPreview) -> Vec<PreviewLine<'_>> {
    preview
        .items
        .iter()
        .map(|i| PreviewLine {
            client: &i.client,
            invoices: &i.invoices,
            step: &i.step,
            send_at: i.send_at_local.clone(),
            timezone: &i.timezone,
        })
        .collect()
}

fn print_preview(preview: &AutopilotPreview) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "What autopilot would send from {} for {} day(s) (times on the client's clock):",
        preview.from, preview.days
    );
    if preview.items.is_empty() {
        let _ = writeln!(out, "  nothing");
    }
    for i in &preview.items {
        let _ = writeln!(
            out,
            "  {}  {} — {} — {}{} — {} {}",
            i.day,
            i.client,
            i.invoices.join(", "),
            i.step_label,
            if i.catching_up { " (catching up)" } else { "" },
            i.send_local.replace('T', " "),
            i.timezone
        );
    }
    if let Some(why) = &preview.blocked {
        let _ = writeln!(out, "Note: {why}.");
    }
}

/// Asks on the terminal (or reads the answer from standard input): only "y" or "yes" confirms.
fn confirmed(preview: &AutopilotPreview) -> ApiResult<bool> {
    {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "Turn autopilot on and send these {} message(s) by itself? [y/N] ", preview.items.len());
        let _ = out.flush();
    }
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| ApiError::invalid(format!("cannot read the answer from standard input: {e}")))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

fn status(out: &Printer, status: &AutopilotStatus) {
    if out.json {
        out.value(status);
    } else {
        print_status(status);
    }
}

fn print_status(s: &AutopilotStatus) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", s.message);
    for stop in &s.stops {
        let _ = writeln!(out, "  {} ({}) {}", stop.message, stop.at, stop.detail);
    }
    for step in &s.steps {
        let mode = match step.mode {
            AutopilotStepMode::Auto => "automatic",
            AutopilotStepMode::Draft => "draft for me",
        };
        let never = if step.can_be_auto { "" } else { " (never automatic)" };
        let _ = writeln!(out, "  {:<16} {mode}{never}", step.step);
    }
    for c in &s.clients {
        let _ = writeln!(out, "  client {} ({}): {:?}", c.client, c.client_id, c.mode);
    }
}
