//! Bank statements: the money that came in, line by line, so that it can be matched to open
//! invoices. Kept apart from invoice import: a statement is never turned into invoices.
//!
//! Formats, decided from content: ISO 20022 camt.053 (statement) and camt.054 (notification),
//! SWIFT MT940, and the CSV exports of the banks and wallets freelancers in Romania, Indonesia
//! and the EU use most ([`BankPreset`]). Only credits are kept; debits, reversals and pending
//! lines are counted and dropped. Every credit carries a stable id (the bank's own reference for
//! the line, else a hash of account, date, amount, currency, payer and text plus the occurrence
//! among identical lines), so the same statement imported twice is recognised line by line.

mod bank_csv;
mod camt;
mod mt940;

use chrono::NaiveDate;
use duly_core::Currency;
use serde::Serialize;

pub use bank_csv::BankPreset;

use crate::model::Issue;

/// The statement formats Duly reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StatementFormat {
    #[serde(rename = "camt.053")]
    Camt053,
    #[serde(rename = "camt.054")]
    Camt054,
    #[serde(rename = "mt940")]
    Mt940,
    /// A bank's or wallet's CSV export.
    #[serde(untagged)]
    Csv(BankPreset),
}

impl StatementFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Camt053 => "camt.053",
            Self::Camt054 => "camt.054",
            Self::Mt940 => "mt940",
            Self::Csv(p) => p.as_str(),
        }
    }
}

/// One credit on the statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementCredit {
    /// Stable across imports of the same statement (see the module docs).
    pub id: String,
    /// The booking date (the value date when the bank gives no booking date).
    pub date: NaiveDate,
    pub amount_minor: i64,
    pub currency: Currency,
    /// The ordering party as the bank wrote it; empty when the bank gives none.
    pub payer: String,
    pub payer_account: String,
    /// A structured creditor reference (camt `CdtrRefInf/Ref`), empty when none.
    pub reference: String,
    /// The remittance text (what the payer wrote), as one line.
    pub text: String,
    /// Where in the file: "line 14", "Ntry 3" — for messages and the payment note.
    pub location: String,
}

/// What one statement file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatementFile {
    pub file: String,
    pub format: Option<StatementFormat>,
    /// The statement's own account (IBAN or number) when it names one.
    pub account: String,
    pub credits: Vec<StatementCredit>,
    /// Debits, reversals and pending lines: not money in.
    pub skipped: usize,
    /// Each names the file and the line or element; a statement with errors records nothing.
    pub errors: Vec<Issue>,
}

/// Whether these bytes are a bank statement rather than an invoice file: the router of
/// `duly import` and the drop zone ask this first.
pub fn is_statement(bytes: &[u8]) -> bool {
    detect(bytes).is_some()
}

enum Kind {
    Camt,
    Mt940,
    Csv(BankPreset),
}

fn detect(bytes: &[u8]) -> Option<Kind> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if head.contains("BkToCstmrStmt") || head.contains("BkToCstmrDbtCdtNtfctn") {
        return Some(Kind::Camt);
    }
    if mt940::looks_like(&head) {
        return Some(Kind::Mt940);
    }
    bank_csv::detect(bytes).map(Kind::Csv)
}

/// Reads one statement. `default_currency` is for CSV exports that name no currency anywhere.
/// Never panics on any input.
pub fn read_statement(file_name: &str, bytes: &[u8], default_currency: Option<Currency>) -> StatementFile {
    let mut out = StatementFile { file: file_name.to_owned(), ..StatementFile::default() };
    if bytes.len() > crate::MAX_FILE_BYTES {
        out.errors.push(Issue::new(
            "file",
            format!(
                "{file_name}: the file is {} bytes; statements over {} bytes are not read",
                bytes.len(),
                crate::MAX_FILE_BYTES
            ),
        ));
        return out;
    }
    let read = std::panic::catch_unwind(|| match detect(bytes) {
        Some(Kind::Camt) => camt::read(bytes),
        Some(Kind::Mt940) => mt940::read(bytes),
        Some(Kind::Csv(preset)) => bank_csv::read(bytes, preset, default_currency),
        None => Lines {
            errors: vec![Issue::new(
                "file",
                "not a bank statement Duly reads (camt.053/054, MT940 or a known bank's CSV export)",
            )],
            ..Lines::default()
        },
    });
    let read = read.unwrap_or_else(|_| Lines {
        errors: vec![Issue::new(
            "file",
            "this statement could not be read (internal error in the reader); please report it",
        )],
        ..Lines::default()
    });
    out.format = read.format;
    out.account = read.account;
    out.skipped = read.skipped;
    out.errors = read
        .errors
        .into_iter()
        .map(|e| Issue::new(e.location.clone(), format!("{file_name}, {}: {}", e.location, e.message)))
        .collect();
    out.credits = with_ids(read.credits, &out.account);
    out
}

/// A reader's result before ids are settled.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    pub format: Option<StatementFormat>,
    pub account: String,
    /// `id` holds the bank's reference for the line, or is empty.
    pub credits: Vec<StatementCredit>,
    pub skipped: usize,
    pub errors: Vec<Issue>,
}

/// The bank's reference where it gave one (prefixed by the account: references are unique per
/// account, not worldwide), else a hash of the line plus its occurrence among identical lines.
fn with_ids(mut credits: Vec<StatementCredit>, account: &str) -> Vec<StatementCredit> {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for c in &mut credits {
        let key = if c.id.is_empty() {
            let text = format!(
                "{account}|{}|{}|{}|{}|{}|{}",
                c.date,
                c.amount_minor,
                c.currency.code(),
                c.payer,
                c.reference,
                c.text
            );
            format!("h:{:016x}", fnv1a(text.as_bytes()))
        } else {
            format!("{account}:{}", c.id)
        };
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        c.id = if *n == 1 { key } else { format!("{key}#{n}") };
    }
    credits
}

/// 64-bit FNV-1a: stable across Rust versions and platforms (std's hasher is not promised to be).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Whitespace collapsed to single spaces: statements wrap text at fixed widths.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
