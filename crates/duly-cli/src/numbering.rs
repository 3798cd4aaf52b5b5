//! `duly numbering show|set` and `duly credit-note`.

use clap::{Args, Subcommand};
use duly_api::{ApiResult, CreditNoteInput, Duly, NumberingInput, NumberingSettings};

use crate::print::Printer;

#[derive(Debug, Subcommand)]
pub enum NumberingCommand {
    /// The invoice and credit-note patterns and the next number of each
    Show,
    /// Change the pattern (e.g. "SID {YYYY}-{NNN}", "{YYYY}/{NNNN}", "F-{NNNNN}") or the next number
    Set(NumberingSetArgs),
}

#[derive(Debug, Args)]
pub struct NumberingSetArgs {
    /// Literal text with {YYYY} or {YY} and one counter {NNNN}
    #[arg(long)]
    pub pattern: Option<String>,
    /// Start the counter again at 1 each year (true or false)
    #[arg(long)]
    pub reset_yearly: Option<bool>,
    /// The next invoice number, in the pattern (starts a series; never skips or repeats)
    #[arg(long)]
    pub next: Option<String>,
    /// The credit notes' own series, written like --pattern (default CN-{YYYY}-{NNNN})
    #[arg(long)]
    pub credit_note_pattern: Option<String>,
}

#[derive(Debug, Args)]
pub struct CreditNoteArgs {
    /// The invoice to credit
    pub number: String,
    /// In the invoice's currency [default: everything still due]
    #[arg(long)]
    pub amount: Option<String>,
    /// Why; printed on the credit note
    #[arg(long)]
    pub reason: String,
    /// YYYY-MM-DD [default: today]
    #[arg(long)]
    pub date: Option<String>,
}

fn text(s: &NumberingSettings) -> String {
    format!(
        "invoices      {}{}\nnext invoice  {}\ncredit notes  {}\nnext credit   {}",
        s.invoice_pattern,
        if s.reset_yearly { " (counter resets each year)" } else { "" },
        s.next_invoice_number,
        s.credit_note_pattern,
        s.next_credit_note_number
    )
}

pub fn numbering(duly: &mut Duly, command: NumberingCommand, out: &Printer) -> ApiResult<()> {
    let settings = match command {
        NumberingCommand::Show => duly.numbering_get()?,
        NumberingCommand::Set(a) => {
            let current = duly.numbering_get()?;
            duly.numbering_set(NumberingInput {
                invoice_pattern: a.pattern.unwrap_or(current.invoice_pattern),
                reset_yearly: a.reset_yearly.unwrap_or(current.reset_yearly),
                next_invoice_number: a.next,
                credit_note_pattern: a.credit_note_pattern,
            })?
        }
    };
    out.dto(&settings, || text(&settings));
    Ok(())
}

pub fn credit_note(duly: &mut Duly, a: CreditNoteArgs, out: &Printer) -> ApiResult<()> {
    let result = duly.credit_note_create(CreditNoteInput {
        invoice_number: a.number,
        amount: a.amount,
        reason: a.reason,
        date: a.date,
    })?;
    out.dto(&result, || {
        let n = &result.credit_note;
        format!(
            "credit note {} for invoice {}: {} ({})\ninvoice {} now owes {}",
            n.number,
            n.invoice_number,
            n.amount_display,
            n.reason,
            result.invoice.number,
            result.invoice.amount_due_display
        )
    });
    Ok(())
}
