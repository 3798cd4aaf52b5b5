//! `duly mailbox set|show|check`: the IMAP account Duly reads replies from, and one poll of it
//! (what `check` read, and what each reply, bounce or out-of-office did).

use clap::Subcommand;
use duly_api::{ApiError, ApiResult, Duly, MailboxCheckReport, MailboxSettingsInput};

use crate::print::Printer;

#[derive(Debug, Subcommand)]
pub enum MailboxCommand {
    /// Save the IMAP account (read-only: Duly never marks, moves or deletes a message)
    Set {
        #[arg(long)]
        host: String,
        /// 993 when not given
        #[arg(long)]
        port: Option<u16>,
        #[arg(long)]
        user: String,
        /// No TLS: only allowed to this computer (a local server, a test)
        #[arg(long)]
        plain: bool,
        /// Read the password from standard input (one line) and save it in the OS keychain
        #[arg(long)]
        password_stdin: bool,
    },
    /// The saved IMAP account (never the password)
    Show,
    /// Read the inbox once and apply replies, bounces and out-of-office answers
    Check,
}

pub fn mailbox(duly: &mut Duly, c: MailboxCommand, out: &Printer) -> ApiResult<()> {
    match c {
        MailboxCommand::Set { host, port, user, plain, password_stdin } => {
            let password = if password_stdin { Some(read_password()?) } else { None };
            let saved =
                duly.mailbox_settings_save(MailboxSettingsInput { host, port, user, tls: Some(!plain), password })?;
            if out.json {
                out.value(&saved);
            } else {
                out.line(&format!(
                    "Saved {}@{}:{} (password saved: {})",
                    saved.user, saved.host, saved.port, saved.has_password
                ));
            }
        }
        MailboxCommand::Show => {
            let saved = duly.mailbox_settings_get()?;
            match (&saved, out.json) {
                (_, true) => out.value(&saved),
                (Some(s), false) => out.line(&format!(
                    "{}@{}:{} {} (password saved: {})",
                    s.user,
                    s.host,
                    s.port,
                    if s.tls { "TLS" } else { "plain" },
                    s.has_password
                )),
                (None, false) => out.line("No mailbox is set up (duly mailbox set)."),
            }
        }
        MailboxCommand::Check => {
            let r = duly.mailbox_check()?;
            if out.json {
                out.value(&r);
            } else {
                print_check(out, &r);
            }
        }
    }
    Ok(())
}

fn print_check(out: &Printer, r: &MailboxCheckReport) {
    out.line(&format!(
        "Read {} new message(s): {} applied, {} ignored, {} already seen",
        r.fetched,
        r.report.applied.len(),
        r.report.ignored,
        r.report.already_seen
    ));
    for i in &r.report.applied {
        let extra = match (i.class.as_str(), i.return_on) {
            ("bounce", _) => format!(" undeliverable: {}", i.undeliverable.join(", ")),
            ("auto_reply", Some(d)) => format!(" back on {d}"),
            _ => String::new(),
        };
        out.line(&format!("  {} from {} on {}{extra}", i.class, i.from, i.invoices.join(", ")));
    }
}

fn read_password() -> ApiResult<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| ApiError::invalid(format!("--password-stdin: cannot read standard input: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(ApiError::invalid("--password-stdin: standard input held no password"));
    }
    Ok(password)
}
