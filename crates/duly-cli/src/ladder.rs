//! `duly ladder show|set`, `duly template show|set|reset|preview` and `duly terms show|set`: how
//! Duly chases, for everyone or one client (terms also for one invoice). Each is one API call;
//! the API checks and names what is wrong (`steps[2].channel`, `late_fee_value`, a template's
//! unknown variable).

use std::io::Read;
use std::path::Path;

use clap::{Args, Subcommand, ValueEnum};
use duly_api::{
    ApiError, ApiResult, Draft, Duly, LadderSaveInput, LadderScope, LadderStepInput, LadderView, TemplateInput,
    TemplatePreviewInput, TemplateQuery, TemplateSource, TemplateView, TermsInput, TermsView,
};
use serde::Deserialize;

use crate::args::Lang;
use crate::print::{Printer, language};

#[derive(Debug, Subcommand)]
pub enum LadderCommand {
    /// The follow-up steps in force, for everyone or one client
    Show {
        /// One client's ladder (its id, its name ignoring case, or a part only one client has)
        #[arg(long)]
        client: Option<String>,
    },
    /// Replace the steps (the whole ladder as it should be) and/or the catch-up gap
    Set(LadderSetArgs),
}

#[derive(Debug, Args)]
pub struct LadderSetArgs {
    /// One client's ladder; Duly stores how it differs from the business's
    #[arg(long)]
    pub client: Option<String>,
    /// A step as "id;anchor;offset days;channel;tone;purpose[;template]",
    /// e.g. "overdue_7;due;7;email;polite;reminder"; repeatable, in order [default: the steps in force]
    #[arg(long = "step", value_name = "SPEC", conflicts_with = "steps_file")]
    pub steps: Vec<String>,
    /// The steps as JSON: an array of steps, or what `duly ladder show --json` prints ("-" reads
    /// standard input); "[]" switches the follow-up off
    #[arg(long, value_name = "FILE")]
    pub steps_file: Option<String>,
    /// The least days between two steps caught up after their day (1 to 90; business-wide)
    #[arg(long, value_name = "DAYS")]
    pub catch_up_gap: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// The wording in force for a step's message, where it comes from, and its variables
    Show(TemplateWhich),
    /// Save new wording (checked first: an unknown variable or a syntax error saves nothing)
    Set {
        #[command(flatten)]
        which: TemplateWhich,
        #[command(flatten)]
        text: TemplateText,
    },
    /// Go back to the wording below (the business's, or Duly's own)
    Reset(TemplateWhich),
    /// The message some wording makes for a real invoice today (nothing saved or sent)
    Preview {
        /// The invoice to preview against
        number: String,
        /// The step whose message it is (its channel and purpose shape the draft)
        #[arg(long)]
        step: String,
        #[arg(long, value_enum)]
        language: Lang,
        #[command(flatten)]
        text: TemplateText,
    },
}

#[derive(Debug, Args)]
pub struct TemplateWhich {
    /// A step's template id (overdue_7, final_demand, ...), call_summary or invoice (the invoice email)
    pub template: String,
    #[arg(long, value_enum)]
    pub language: Lang,
    /// One client's wording instead of the business's
    #[arg(long)]
    pub client: Option<String>,
}

#[derive(Debug, Args)]
pub struct TemplateText {
    /// The subject line (template syntax: {{ invoice_number }})
    #[arg(long)]
    pub subject: String,
    /// The body as a UTF-8 text file; "-" reads standard input
    #[arg(long, value_name = "FILE")]
    pub body_file: String,
}

#[derive(Debug, Subcommand)]
pub enum TermsCommand {
    /// The terms stored for the business, a client or an invoice (not inherited ones)
    Show(TermsScope),
    /// Set the terms as a whole, as the settings form does: an option left out is "none"
    /// (and --claim-statutory left out is yes)
    Set(TermsSetArgs),
}

#[derive(Debug, Args)]
pub struct TermsScope {
    /// A client's own terms
    #[arg(long)]
    pub client: Option<String>,
    /// One invoice's own terms
    #[arg(long)]
    pub invoice: Option<String>,
}

#[derive(Debug, Args)]
pub struct TermsSetArgs {
    #[command(flatten)]
    pub scope: TermsScope,
    /// fixed, percent or interest_per_year
    #[arg(long, value_name = "KIND")]
    pub late_fee_kind: Option<String>,
    /// An amount in the invoice's currency for fixed (25.00), else a percentage (1.5)
    #[arg(long, value_name = "VALUE")]
    pub late_fee_value: Option<String>,
    /// Early-payment discount in percent (with --discount-days)
    #[arg(long, value_name = "PERCENT")]
    pub discount_percent: Option<String>,
    /// Days after the issue date the discount holds
    #[arg(long, value_name = "DAYS")]
    pub discount_days: Option<u32>,
    /// Claim statutory interest and the fixed compensation where the law gives them
    #[arg(long, value_enum, value_name = "YES|NO")]
    pub claim_statutory: Option<YesNo>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

pub fn ladder(duly: &mut Duly, c: LadderCommand, out: &Printer) -> ApiResult<()> {
    let view = match c {
        LadderCommand::Show { client } => {
            let client_id = client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            duly.ladder_get(LadderScope { client_id })?
        }
        LadderCommand::Set(a) => {
            let client_id = a.client.as_deref().map(|c| duly.client_find(c)).transpose()?;
            let steps = match (&a.steps_file, a.steps.is_empty()) {
                (Some(file), _) => steps_from_file(file)?,
                (None, false) => {
                    a.steps.iter().enumerate().map(|(i, s)| step_spec(i + 1, s)).collect::<ApiResult<_>>()?
                }
                (None, true) => in_force(&duly.ladder_get(LadderScope { client_id })?),
            };
            duly.ladder_save(LadderSaveInput { client_id, steps, catch_up_gap_days: a.catch_up_gap })?
        }
    };
    out.dto(&view, || ladder_text(&view));
    Ok(())
}

pub fn template(duly: &mut Duly, c: TemplateCommand, out: &Printer) -> ApiResult<()> {
    let view = match c {
        TemplateCommand::Show(w) => duly.template_get(query(duly, w)?)?,
        TemplateCommand::Reset(w) => duly.template_reset(query(duly, w)?)?,
        TemplateCommand::Set { which, text } => {
            let q = query(duly, which)?;
            duly.template_save(TemplateInput {
                template: q.template,
                language: q.language,
                client_id: q.client_id,
                subject: text.subject,
                body: read_text("--body-file", &text.body_file)?,
            })?
        }
        TemplateCommand::Preview { number, step, language, text } => {
            let draft = duly.template_preview(TemplatePreviewInput {
                number,
                step,
                language: crate::lang(language),
                subject: text.subject,
                body: read_text("--body-file", &text.body_file)?,
            })?;
            out.dto(&draft, || draft_text(&draft));
            return Ok(());
        }
    };
    out.dto(&view, || template_text(&view));
    Ok(())
}

pub fn terms(duly: &mut Duly, c: TermsCommand, out: &Printer) -> ApiResult<()> {
    match c {
        TermsCommand::Show(scope) => {
            let input = terms_input(duly, scope)?;
            let terms = duly.terms_get(input)?;
            out.dto(&terms, || match &terms {
                Some(t) => terms_text(t),
                None => "No terms stored here: an invoice follows its client's, a client the business's \
                         (with none at all: no late fee, no discount, statutory claims on)."
                    .to_owned(),
            });
        }
        TermsCommand::Set(a) => {
            let input = TermsInput {
                late_fee_kind: a.late_fee_kind,
                late_fee_value: a.late_fee_value,
                discount_percent: a.discount_percent,
                discount_days: a.discount_days,
                claim_statutory: a.claim_statutory.map(|y| matches!(y, YesNo::Yes)),
                ..terms_input(duly, a.scope)?
            };
            let terms = duly.terms_save(input)?;
            out.dto(&terms, || terms_text(&terms));
        }
    }
    Ok(())
}

fn terms_input(duly: &Duly, scope: TermsScope) -> ApiResult<TermsInput> {
    Ok(TermsInput {
        client_id: scope.client.as_deref().map(|c| duly.client_find(c)).transpose()?,
        invoice_number: scope.invoice,
        ..TermsInput::default()
    })
}

fn query(duly: &Duly, w: TemplateWhich) -> ApiResult<TemplateQuery> {
    Ok(TemplateQuery {
        template: w.template,
        language: crate::lang(w.language),
        client_id: w.client.as_deref().map(|c| duly.client_find(c)).transpose()?,
    })
}

/// The steps as they are, to save again with only the catch-up gap changed.
fn in_force(view: &LadderView) -> Vec<LadderStepInput> {
    view.steps
        .iter()
        .map(|s| LadderStepInput {
            id: s.id.clone(),
            anchor: s.anchor.to_string(),
            offset_days: s.offset_days,
            channel: s.channel.to_string(),
            tone: s.tone.to_string(),
            purpose: s.purpose.to_string(),
            template: Some(s.template.clone()),
        })
        .collect()
}

/// "overdue_7;due;7;email;polite;reminder[;template]" → a step. The words are checked by the API.
fn step_spec(n: usize, text: &str) -> ApiResult<LadderStepInput> {
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    let bad = || {
        ApiError::invalid(format!(
            "--step {n}: \"{text}\" should be \"id;anchor;offset days;channel;tone;purpose[;template]\", \
             e.g. \"overdue_7;due;7;email;polite;reminder\""
        ))
    };
    let [id, anchor, offset, channel, tone, purpose, rest @ ..] = parts.as_slice() else { return Err(bad()) };
    let template = match rest {
        [] => None,
        [t] => Some((*t).to_owned()),
        _ => return Err(bad()),
    };
    let offset_days = offset.parse().map_err(|_| {
        ApiError::invalid(format!("--step {n}: offset \"{offset}\" is not a whole number of days (e.g. 7 or -3)"))
    })?;
    Ok(LadderStepInput {
        id: (*id).to_owned(),
        anchor: (*anchor).to_owned(),
        offset_days,
        channel: (*channel).to_owned(),
        tone: (*tone).to_owned(),
        purpose: (*purpose).to_owned(),
        template,
    })
}

/// An array of steps, or an object with `steps` (what `duly ladder show --json` prints).
fn steps_from_file(file: &str) -> ApiResult<Vec<LadderStepInput>> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Steps {
        List(Vec<LadderStepInput>),
        View { steps: Vec<LadderStepInput> },
    }
    let text = read_text("--steps-file", file)?;
    match serde_json::from_str::<Steps>(&text) {
        Ok(Steps::List(steps) | Steps::View { steps }) => Ok(steps),
        Err(_) => {
            // Parsed again as a plain list for serde's message, which names the line and column.
            let e = serde_json::from_str::<Vec<LadderStepInput>>(&text).err().map_or(String::new(), |e| e.to_string());
            Err(ApiError::invalid(format!(
                "--steps-file {file}: not a list of steps (id, anchor, offset_days, channel, tone, purpose): {e}"
            )))
        }
    }
}

/// A text file's contents, or standard input's for "-".
fn read_text(flag: &str, file: &str) -> ApiResult<String> {
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(Path::new(file)).map(|t| text = t)
    };
    read.map_err(|e| ApiError::invalid(format!("{flag} {file}: {e}")))?;
    Ok(text)
}

fn ladder_text(v: &LadderView) -> String {
    let whose = match v.client_id {
        Some(id) if v.customised => format!("Client {id}'s own ladder"),
        Some(id) => format!("Client {id}: the business's ladder"),
        None if v.customised => "The business's ladder (changed from Duly's)".to_owned(),
        None => "The business's ladder (Duly's own)".to_owned(),
    };
    let mut t = format!("{whose}; steps caught up at least {} days apart\n", v.catch_up_gap_days);
    if v.steps.is_empty() {
        t.push_str("No steps: nothing is chased.");
        return t;
    }
    t.push_str(&format!(
        "{:<18} {:<11} {:>6}  {:<13} {:<9} {:<15} {}\n",
        "STEP", "ANCHOR", "DAYS", "CHANNEL", "TONE", "PURPOSE", "TEMPLATE"
    ));
    for s in &v.steps {
        t.push_str(&format!(
            "{:<18} {:<11} {:>+6}  {:<13} {:<9} {:<15} {}\n",
            s.id, s.anchor, s.offset_days, s.channel, s.tone, s.purpose, s.template
        ));
    }
    t.trim_end().to_owned()
}

fn template_text(v: &TemplateView) -> String {
    let source = match v.source {
        TemplateSource::Builtin => "Duly's own wording",
        TemplateSource::Business => "the business's wording",
        TemplateSource::Client => "the client's own wording",
    };
    format!(
        "Template {} ({}): {source}\nSubject: {}\n\n{}\n\nVariables: {}",
        v.template,
        language(v.language),
        v.subject,
        v.body.trim_end(),
        v.variables.join(", ")
    )
}

fn draft_text(d: &Draft) -> String {
    let cc = if d.cc.is_empty() { String::new() } else { format!("\nCc: {}", d.cc.join(", ")) };
    format!("To: {}{cc}\nSubject: {}\n\n{}", d.to.join(", "), d.subject, d.text.trim_end())
}

fn terms_text(t: &TermsView) -> String {
    let pct = |h: i64| format!("{}.{:02} %", h / 100, h % 100);
    let fee = match (t.late_fee_kind.as_deref(), t.late_fee_value) {
        (Some("fixed"), Some(v)) => format!("{v} (minor units of the invoice's currency)"),
        (Some("percent"), Some(v)) => format!("{} of the amount due", pct(v)),
        (Some("interest_per_year"), Some(v)) => format!("interest at {} a year", pct(v)),
        _ => "none".to_owned(),
    };
    let discount = match (t.discount_rate, t.discount_days) {
        (Some(r), Some(d)) => format!("{} if paid within {d} days", pct(r)),
        _ => "none".to_owned(),
    };
    let statutory = if t.claim_statutory { "yes" } else { "no" };
    format!(
        "Late fee: {fee}\nEarly-payment discount: {discount}\nClaim statutory interest and compensation: {statutory}"
    )
}
