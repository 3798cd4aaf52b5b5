//! `statement_preview` / `statement_commit`: a bank statement's credits become payments.
//!
//! The preview reads the file (`duly-import`), matches every credit to the open invoices
//! (`duly-core::bank_match`) and says which lines were already dealt with. The commit reads the
//! file again (amounts, dates and ids come from the file, never from the caller), applies the
//! user's choices (a line pays these invoices these amounts, or is ignored) and records all the
//! payments in one transaction, with method "bank transfer" and the statement line as the note.
//! Each line's id goes into `statement_lines` in the same transaction, so a statement imported
//! twice records nothing twice.

use std::collections::HashMap;

use chrono::NaiveDate;
use duly_core::bank_match::{Basis, Credit, Matcher, OpenInvoice};
use duly_core::{Currency, InvoiceStatus, open_amount};
use duly_import::{StatementCredit, StatementFile};
use duly_store::statement_lines::{self, Outcome, StatementLine};
use duly_store::{Connection, invoices};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::import::{ImportFile, ImportProblem, file_name, read_bytes};
use crate::shared::money::display;
use crate::{ApiError, ApiResult, Duly, shared::parse};

/// The method recorded on payments made from a statement.
pub const BANK_TRANSFER: &str = "bank transfer";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct StatementInput {
    pub file: ImportFile,
    /// ISO code for CSV exports that name no currency (Banca Transilvania's without a preamble).
    #[serde(default)]
    pub default_currency: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct StatementPreview {
    pub file: String,
    /// "camt.053", "camt.054", "mt940", "csv:wise", … ; `null` when the file is not a statement.
    pub format: Option<String>,
    pub account: String,
    pub credits: Vec<StatementCreditView>,
    /// Debits, reversals and pending lines left out.
    pub skipped: u32,
    /// Each names the file and the line or element; a statement with errors records nothing.
    pub errors: Vec<ImportProblem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct StatementCreditView {
    /// Stable per statement line: what `statement_commit` choices refer to.
    pub line_id: String,
    pub date: NaiveDate,
    /// Minor units.
    pub amount: i64,
    pub amount_display: String,
    /// "1500.00": what the review screen sends back when the user assigns the line by hand.
    pub amount_decimal: String,
    pub currency: String,
    pub payer: String,
    pub reference: String,
    pub text: String,
    /// "line 14", "Ntry 3".
    pub location: String,
    /// "paid" or "ignored" when this line was dealt with by an earlier import; `null` when new.
    pub already: Option<String>,
    /// `null` when nothing matched (or the line was already dealt with).
    #[serde(rename = "match")]
    #[ts(rename = "match")]
    pub matched: Option<StatementMatch>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct StatementMatch {
    pub allocations: Vec<StatementAllocation>,
    /// 0–100.
    pub confidence: u8,
    /// Preselected on the review screen (confidence 90 or more).
    pub certain: bool,
    pub basis: MatchBasis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchBasis {
    Reference,
    InvoiceNumber,
    AmountAndName,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatementAllocation {
    pub invoice: String,
    pub client: String,
    /// Minor units.
    pub amount: i64,
    pub amount_display: String,
    /// "1500.00": what a choice sends back unchanged (or edited) in `StatementPay.amount`.
    pub amount_decimal: String,
}

/// What the user decided for one line; lines without a choice are left for a later import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatementChoice {
    pub line_id: String,
    /// `true`: the line pays no invoice; remembered so that it is not proposed again.
    #[serde(default)]
    pub ignore: bool,
    /// The invoices it pays and how much of it each (decimal text in the line's currency).
    #[serde(default)]
    pub pays: Vec<StatementPay>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatementPay {
    pub invoice: String,
    pub amount: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct StatementCommitInput {
    pub file: ImportFile,
    #[serde(default)]
    pub default_currency: Option<String>,
    pub choices: Vec<StatementChoice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct StatementCommitReport {
    pub file: String,
    /// One entry per payment recorded.
    pub recorded: Vec<RecordedPayment>,
    pub ignored: u32,
    /// Lines an earlier import already recorded or ignored: nothing written for them.
    pub already: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecordedPayment {
    pub line_id: String,
    pub invoice: String,
    pub amount: i64,
    pub amount_display: String,
    /// The invoice is now paid in full.
    pub paid_in_full: bool,
}

impl Duly {
    /// Reads a statement and proposes a match for each new credit.
    pub fn statement_preview(&self, input: StatementInput) -> ApiResult<StatementPreview> {
        let read = self.read_statement(&input.file, input.default_currency.as_deref())?;
        let conn = self.conn();
        let language = self.language()?;
        let payable = payable(conn)?;
        let mut matcher = Matcher::new(&payable);
        let mut credits = Vec::with_capacity(read.credits.len());
        for c in &read.credits {
            let already = statement_lines::outcome_of(conn, &c.id)?;
            let matched = if already.is_some() {
                None
            } else {
                matcher.match_one(&to_credit(c)).map(|m| StatementMatch {
                    allocations: m
                        .allocations
                        .iter()
                        .map(|a| {
                            let inv = &payable[a.invoice];
                            StatementAllocation {
                                invoice: inv.number.clone(),
                                client: inv.client.clone(),
                                amount: a.amount_minor,
                                amount_display: display(a.amount_minor, inv.currency, language),
                                amount_decimal: duly_core::Money::new(a.amount_minor, inv.currency).to_decimal_string(),
                            }
                        })
                        .collect(),
                    confidence: m.confidence,
                    certain: m.is_certain(),
                    basis: match m.basis {
                        Basis::Reference => MatchBasis::Reference,
                        Basis::InvoiceNumber => MatchBasis::InvoiceNumber,
                        Basis::AmountAndName => MatchBasis::AmountAndName,
                    },
                })
            };
            credits.push(StatementCreditView {
                line_id: c.id.clone(),
                date: c.date,
                amount: c.amount_minor,
                amount_display: display(c.amount_minor, c.currency, language),
                amount_decimal: duly_core::Money::new(c.amount_minor, c.currency).to_decimal_string(),
                currency: c.currency.code().to_owned(),
                payer: c.payer.clone(),
                reference: c.reference.clone(),
                text: c.text.clone(),
                location: c.location.clone(),
                already,
                matched,
            });
        }
        Ok(StatementPreview {
            file: read.file,
            format: read.format.map(|f| f.as_str().to_owned()),
            account: read.account,
            credits,
            skipped: u32::try_from(read.skipped).unwrap_or(u32::MAX),
            errors: read
                .errors
                .into_iter()
                .map(|e| ImportProblem { location: e.location, message: e.message })
                .collect(),
        })
    }

    /// Applies the user's choices in one transaction: every payment or none.
    pub fn statement_commit(&mut self, input: StatementCommitInput) -> ApiResult<StatementCommitReport> {
        let read = self.read_statement(&input.file, input.default_currency.as_deref())?;
        if let Some(e) = read.errors.first() {
            return Err(ApiError::invalid(e.message.clone()));
        }
        let recording = self.recording()?;
        let lines: HashMap<&str, &StatementCredit> = read.credits.iter().map(|c| (c.id.as_str(), c)).collect();
        let now = self.stamp();
        let mut report =
            StatementCommitReport { file: read.file.clone(), recorded: Vec::new(), ignored: 0, already: 0 };
        let tx = self.transaction()?;
        for choice in &input.choices {
            let Some(line) = lines.get(choice.line_id.as_str()) else {
                return Err(ApiError::invalid(format!("{}: no credit line with id {}", read.file, choice.line_id)));
            };
            let outcome = if choice.ignore { Outcome::Ignored } else { Outcome::Paid };
            if choice.ignore && !choice.pays.is_empty() {
                return Err(ApiError::invalid(format!(
                    "{}: line {} is both ignored and paid",
                    read.file, line.location
                )));
            }
            if !choice.ignore && choice.pays.is_empty() {
                continue;
            }
            let fresh = statement_lines::insert(
                &tx,
                &StatementLine {
                    line_id: line.id.clone(),
                    file: read.file.clone(),
                    booked_on: line.date,
                    amount_minor: line.amount_minor,
                    currency: line.currency.code().to_owned(),
                    payer: line.payer.clone(),
                    outcome,
                    imported_at: now.clone(),
                },
            )?;
            if !fresh {
                report.already += 1;
                continue;
            }
            if choice.ignore {
                report.ignored += 1;
                continue;
            }
            let mut left = line.amount_minor;
            for pay in &choice.pays {
                let recorded = pay_one(&tx, line, pay, &mut left, &read.file, &now, &recording)?;
                report.recorded.push(recorded);
            }
        }
        tx.commit()?;
        Ok(report)
    }

    fn read_statement(&self, file: &ImportFile, default_currency: Option<&str>) -> ApiResult<StatementFile> {
        let name = file_name(file);
        let bytes = read_bytes(file, &name).map_err(ApiError::invalid)?;
        let currency = match default_currency.filter(|c| !c.trim().is_empty()) {
            Some(c) => Some(parse::currency("default_currency", c)?),
            None => None,
        };
        Ok(duly_import::read_statement(&name, &bytes, currency))
    }
}

fn pay_one(
    tx: &Connection,
    line: &StatementCredit,
    pay: &StatementPay,
    left: &mut i64,
    file: &str,
    now: &str,
    recording: &crate::invoices::payments::Recording,
) -> ApiResult<RecordedPayment> {
    let language = recording.language;
    let at = format!("{file}, {}", line.location);
    let inv = invoices::get_by_number(tx, &pay.invoice)?
        .ok_or_else(|| ApiError::not_found(format!("{at}: invoice {} does not exist", pay.invoice.trim())))?;
    if inv.currency != line.currency {
        return Err(ApiError::invalid(format!(
            "{at}: the credit is in {} but invoice {} is in {}",
            line.currency.code(),
            inv.number,
            inv.currency.code()
        )));
    }
    if !matches!(inv.status, InvoiceStatus::Sent | InvoiceStatus::PartlyPaid) {
        return Err(ApiError::invalid(format!("{at}: invoice {} is not open ({})", inv.number, inv.status.as_str())));
    }
    let amount = parse::amount("amount", &pay.amount, inv.currency)
        .map_err(|e| ApiError::invalid(format!("{at}: {}", e.message)))?;
    let due = open_amount(inv.status, inv.total_minor, inv.paid_minor);
    if amount <= 0 || amount > due || amount > *left {
        return Err(ApiError::invalid(format!(
            "{at}: {} for invoice {} must be more than zero, at most the {} still due and at most the {} left of the credit",
            display(amount, inv.currency, language),
            inv.number,
            display(due, inv.currency, language),
            display(*left, inv.currency, language),
        )));
    }
    *left -= amount;
    let status = {
        let payment = crate::invoices::payments::new_payment(
            &inv,
            amount,
            line.date,
            BANK_TRANSFER.to_owned(),
            note(file, line),
            now,
        );
        crate::invoices::payments::record_on(tx, &inv, &payment, recording)?
    };
    Ok(RecordedPayment {
        line_id: line.id.clone(),
        invoice: inv.number.clone(),
        amount,
        amount_display: display(amount, inv.currency, language),
        paid_in_full: status == InvoiceStatus::Paid,
    })
}

/// The statement line as the payment's note: where it came from and what the bank said.
fn note(file: &str, line: &StatementCredit) -> String {
    let mut note = format!(
        "{file}, {}: {} {} {}",
        line.location,
        line.date,
        duly_core::Money::new(line.amount_minor, line.currency).to_decimal_string(),
        line.currency.code()
    );
    for part in [&line.payer, &line.reference, &line.text] {
        if !part.is_empty() {
            note.push_str(" · ");
            note.push_str(part);
        }
    }
    note.chars().take(2_000).collect()
}

fn to_credit(c: &StatementCredit) -> Credit {
    Credit {
        amount_minor: c.amount_minor,
        currency: c.currency,
        payer: c.payer.clone(),
        reference: c.reference.clone(),
        text: c.text.clone(),
    }
}

/// The open invoices as the matcher takes them; rows with a currency the core does not know are
/// left out (they cannot be matched to a statement line anyway).
fn payable(conn: &Connection) -> ApiResult<Vec<OpenInvoice>> {
    Ok(invoices::payable(conn)?
        .into_iter()
        .filter_map(|p| {
            let currency: Currency = p.currency.parse().ok()?;
            Some(OpenInvoice { id: p.id, number: p.number, client: p.client_name, currency, open_minor: p.open_minor })
        })
        .collect())
}
