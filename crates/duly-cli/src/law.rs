//! `duly interest NUMBER`, `duly client set NAME --jurisdiction CC --private-person` and
//! `duly law country|rates|rate-add`: the statutory claim on a late invoice and the facts it depends on.
//! `--json` prints the API's DTOs as they are.

use std::io::Write;

use clap::{Args, Subcommand};
use duly_api::{ApiResult, ClientLawInput, Duly, InterestClaim, InterestQuery, RateTableStatus, ReferenceRateInput};

use crate::print::Printer;

#[derive(Debug, Args)]
pub struct InterestArgs {
    /// The invoice's number
    pub number: String,
    /// The day to compute to (YYYY-MM-DD) [default: today]
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ClientSetArgs {
    /// The client's id or exact name
    pub name: String,
    /// The law governing the client's contracts (ISO country code such as RO, GB, ID, or EU);
    /// "" for the business's own country
    #[arg(long)]
    pub jurisdiction: Option<String>,
    /// The client is a private person (a consumer): no statutory B2B interest or fixed sum
    #[arg(long, conflicts_with = "business")]
    pub private_person: bool,
    /// The client is a business (the default)
    #[arg(long)]
    pub business: bool,
}

#[derive(Debug, Subcommand)]
pub enum LawCommand {
    /// Show or set the business's own country (the law for clients without their own): `duly law country RO`
    Country {
        /// ISO 3166-1 alpha-2 code; "" to clear
        code: Option<String>,
    },
    /// The reference-rate tables: how far each is known, its latest rate, and whether a newer one is due
    Rates,
    /// Add a published reference rate the bundled table lacks, with where it was published
    RateAdd {
        /// bnr_reference, boe_base, ecb_mro, de_basiszins or nbp_reference
        #[arg(long)]
        series: String,
        /// The day it took effect (YYYY-MM-DD)
        #[arg(long)]
        effective: String,
        /// Percent a year, e.g. 6.50
        #[arg(long, allow_hyphen_values = true)]
        rate: String,
        /// Where it was published (URL or gazette)
        #[arg(long)]
        source: String,
    },
}

pub fn interest(duly: &Duly, a: InterestArgs, out: &Printer) -> ApiResult<()> {
    let claim = duly.interest_get(InterestQuery { number: a.number, as_of: a.as_of })?;
    if out.json {
        json(&claim);
    } else {
        text(&interest_text(&claim));
    }
    Ok(())
}

pub fn client_set(duly: &mut Duly, a: ClientSetArgs, out: &Printer) -> ApiResult<()> {
    let client_id = duly.client_find(&a.name)?;
    let current = duly.client_law_get(client_id)?;
    let law = duly.client_law_set(ClientLawInput {
        client_id,
        jurisdiction: a.jurisdiction.or(current.jurisdiction),
        private_person: if a.private_person || a.business { a.private_person } else { current.private_person },
    })?;
    if out.json {
        json(&law);
    } else {
        let who = if law.private_person { "a private person" } else { "a business" };
        let applies = law.applies.as_deref().unwrap_or("not set (only the contract's terms apply)");
        text(&format!("Client {client_id}: {who}; law: {applies}"));
    }
    Ok(())
}

pub fn law(duly: &mut Duly, c: LawCommand, out: &Printer) -> ApiResult<()> {
    match c {
        LawCommand::Country { code: None } => {
            let country = duly.law_country_get()?;
            if out.json {
                json(&country);
            } else {
                text(country.as_deref().unwrap_or("not set"));
            }
        }
        LawCommand::Country { code: Some(code) } => {
            let country = duly.law_country_set(Some(code))?;
            if out.json {
                json(&country);
            } else {
                text(&format!("The business's country: {}", country.as_deref().unwrap_or("not set")));
            }
        }
        LawCommand::Rates => {
            let tables = duly.rate_tables_get()?;
            if out.json {
                json(&tables);
            } else {
                text(&rates_text(&tables));
            }
        }
        LawCommand::RateAdd { series, effective, rate, source } => {
            duly.reference_rate_add(ReferenceRateInput { series, effective, rate, source })?;
            out.note("Rate added");
        }
    }
    Ok(())
}

fn rates_text(tables: &[RateTableStatus]) -> String {
    let mut t = format!("{:<15} {:<12} {:<12} {:>8}  {}\n", "SERIES", "KNOWN UNTIL", "LATEST", "RATE", "SOURCE");
    for r in tables {
        let rate = r.last_rate_bp.map_or("-".to_owned(), |b| {
            let sign = if b < 0 { "-" } else { "" };
            format!("{sign}{}.{:02} %", b.abs() / 100, b.abs() % 100)
        });
        let mut source = r.last_source.clone().unwrap_or_default();
        if r.last_user_added {
            source.push_str(" (added by you)");
        }
        if r.stale {
            source.push_str(" [a newer rate is due: duly law rate-add]");
        }
        t += &format!(
            "{:<15} {:<12} {:<12} {:>8}  {source}\n",
            r.series,
            r.known_until.as_deref().unwrap_or("-"),
            r.last_effective.as_deref().unwrap_or("-"),
            rate
        );
    }
    t.trim_end().to_owned()
}

fn interest_text(c: &InterestClaim) -> String {
    let money = |minor: i64, code: &str| {
        duly_api::display_amount(minor, code, duly_api::Language::En)
            .unwrap_or_else(|| format!("{minor} {code} (minor units)"))
    };
    let mut s = format!(
        "Invoice {} ({}), law: {}\n",
        c.number,
        money(c.principal, &c.currency),
        c.jurisdiction.as_deref().unwrap_or("not set")
    );
    for p in &c.periods {
        let rate = |bp: Option<i64>| {
            bp.map_or("unknown".to_owned(), |b| {
                let sign = if b < 0 { "-" } else { "" };
                format!("{sign}{}.{:02} %", b.abs() / 100, b.abs() % 100)
            })
        };
        let amount = p.amount.map_or("not counted".to_owned(), |a| money(a, &c.currency));
        s += &format!(
            "  {} to {}  {:>4} days  {} (reference {} + {})  {}\n",
            p.from,
            p.to,
            p.days,
            rate(p.rate_bp),
            rate(p.reference_rate_bp),
            rate(Some(p.margin_bp)),
            amount
        );
    }
    s += &format!("Interest: {}\n", money(c.interest_total, &c.currency));
    if let Some(comp) = &c.compensation {
        s += &format!("Fixed compensation: {}\n", money(comp.amount, &comp.currency));
    }
    for b in &c.basis {
        s += &format!("  · {b}\n");
    }
    for w in &c.warnings {
        s += &format!("Note: {w}\n");
    }
    s.trim_end().to_owned()
}

fn json(value: &impl serde::Serialize) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, value).map(|()| writeln!(out));
}

fn text(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}
