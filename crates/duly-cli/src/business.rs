//! `duly business show|set` and `duly send-window show|set`: who the documents and messages are
//! from, and the hours they may leave in. `set` changes only the options given: the rest is read
//! back from the API first, so one field can be fixed without retyping the profile.

use clap::{Args, Subcommand};
use duly_api::{ApiResult, Business, Duly, SendWindow};

use crate::args::Lang;
use crate::print::{Printer, language};

#[derive(Debug, Subcommand)]
pub enum BusinessCommand {
    /// Show the profile printed on invoices, letters and messages
    Show,
    /// Change the profile (only the options given); a name is needed before any PDF or reminder
    Set(Box<BusinessSetArgs>),
}

#[derive(Debug, Args)]
pub struct BusinessSetArgs {
    /// The name every document and message is from
    #[arg(long)]
    pub name: Option<String>,
    /// The postal address (new lines as typed)
    #[arg(long)]
    pub address: Option<String>,
    /// VAT or tax registration number
    #[arg(long)]
    pub tax_id: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub bank_name: Option<String>,
    /// Printed on invoices for the client to pay into (spaces are dropped)
    #[arg(long)]
    pub iban: Option<String>,
    #[arg(long)]
    pub bic: Option<String>,
    /// ISO 4217 code of new clients and invoices, e.g. EUR, RON, IDR
    #[arg(long = "currency", value_name = "CODE")]
    pub default_currency: Option<String>,
    /// The language of amounts and of Duly's own texts
    #[arg(long, value_enum)]
    pub language: Option<Lang>,
    /// Days from the issue date to the due date of new invoices (0 to 365)
    #[arg(long, value_name = "DAYS")]
    pub payment_terms_days: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum SendWindowCommand {
    /// Show the days and hours messages may leave, on the recipient's clock
    Show,
    /// Change the window (only the options given)
    Set(SendWindowSetArgs),
}

#[derive(Debug, Args)]
pub struct SendWindowSetArgs {
    /// The days, e.g. Mon,Tue,Wed,Thu,Fri
    #[arg(long, value_delimiter = ',', value_name = "DAYS")]
    pub days: Option<Vec<String>>,
    /// HH:MM, the recipient's time
    #[arg(long, value_name = "HH:MM")]
    pub start: Option<String>,
    /// HH:MM, the recipient's time; not included
    #[arg(long, value_name = "HH:MM")]
    pub end: Option<String>,
    /// The IANA zone (Europe/Bucharest) for clients without one of their own; "" for none
    #[arg(long, value_name = "ZONE")]
    pub zone: Option<String>,
}

pub fn business(duly: &mut Duly, c: BusinessCommand, out: &Printer) -> ApiResult<()> {
    let b = match c {
        BusinessCommand::Show => duly.business_get()?,
        BusinessCommand::Set(a) => {
            let mut b = duly.business_get()?;
            let a = *a;
            let keep = |field: &mut String, new: Option<String>| {
                if let Some(v) = new {
                    *field = v;
                }
            };
            keep(&mut b.name, a.name);
            keep(&mut b.address, a.address);
            keep(&mut b.tax_id, a.tax_id);
            keep(&mut b.email, a.email);
            keep(&mut b.phone, a.phone);
            keep(&mut b.bank_name, a.bank_name);
            keep(&mut b.iban, a.iban);
            keep(&mut b.bic, a.bic);
            keep(&mut b.default_currency, a.default_currency);
            if let Some(l) = a.language {
                b.language = crate::lang(l);
            }
            if let Some(d) = a.payment_terms_days {
                b.payment_terms_days = d;
            }
            duly.business_save(b)?
        }
    };
    out.dto(&b, || business_text(&b));
    Ok(())
}

pub fn send_window(duly: &mut Duly, c: SendWindowCommand, out: &Printer) -> ApiResult<()> {
    let w = match c {
        SendWindowCommand::Show => duly.send_window_get()?,
        SendWindowCommand::Set(a) => {
            let current = duly.send_window_get()?;
            duly.send_window_save(SendWindow {
                days: a.days.unwrap_or(current.days),
                start: a.start.unwrap_or(current.start),
                end: a.end.unwrap_or(current.end),
                default_time_zone: a.zone.unwrap_or(current.default_time_zone),
            })?
        }
    };
    out.dto(&w, || {
        let zone = if w.default_time_zone.is_empty() { "none" } else { w.default_time_zone.as_str() };
        format!(
            "Messages leave on {} from {} to {}, the recipient's time\nZone for clients without one: {zone}",
            w.days.join(", "),
            w.start,
            w.end
        )
    });
    Ok(())
}

fn business_text(b: &Business) -> String {
    let or_dash = |s: &str| if s.trim().is_empty() { "-".to_owned() } else { s.replace('\n', "\n                ") };
    let rows = [
        ("Name", or_dash(&b.name)),
        ("Address", or_dash(&b.address)),
        ("Tax id", or_dash(&b.tax_id)),
        ("Email", or_dash(&b.email)),
        ("Phone", or_dash(&b.phone)),
        ("Bank", or_dash(&b.bank_name)),
        ("IBAN", or_dash(&b.iban)),
        ("BIC", or_dash(&b.bic)),
        ("Currency", b.default_currency.clone()),
        ("Language", language(b.language).to_owned()),
        ("Payment terms", format!("{} days", b.payment_terms_days)),
    ];
    let mut t = rows.iter().map(|(k, v)| format!("{:<16}{v}", format!("{k}:"))).collect::<Vec<_>>().join("\n");
    if b.name.trim().is_empty() {
        t.push_str("\nNo name yet: PDFs and reminders need one (`duly business set --name \"...\"`).");
    }
    t
}
