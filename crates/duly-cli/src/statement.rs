//! `duly import STATEMENT…`: bank statements go to the statement use cases instead of invoice
//! import, decided from each file's content. `--dry-run --json` prints, per file,
//! `{file, format, credits: [{date, amount, currency, payer, reference, text, match: {invoice,
//! confidence} | null}]}` (amounts in minor units); without `--dry-run` the certain matches are
//! recorded and the rest is left for the app's review screen.

use std::io::{Read as _, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use duly_api::{
    ApiError, ApiResult, Duly, ImportFile, StatementChoice, StatementCommitInput, StatementInput, StatementPay,
    StatementPreview,
};
use serde::Serialize;

use crate::print::Printer;

/// True when every file is a statement; an error when statements and invoice files are mixed.
pub fn all_statements(files: &[PathBuf]) -> ApiResult<bool> {
    let mut kinds = Vec::new();
    for path in files {
        let mut head = Vec::new();
        let read = std::fs::File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
        // An unreadable file is reported by the invoice import, which names it.
        kinds.push(read.is_ok() && duly_api::is_bank_statement(&head));
    }
    match (kinds.iter().all(|k| *k), kinds.iter().any(|k| *k)) {
        (true, _) => Ok(true),
        (false, false) => Ok(false),
        (false, true) => Err(ApiError::invalid("bank statements and invoice files cannot be imported together")),
    }
}

#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a str,
    format: Option<&'a str>,
    credits: Vec<CreditJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<&'a duly_api::ImportProblem>,
}

#[derive(Serialize)]
struct CreditJson<'a> {
    date: NaiveDate,
    amount: i64,
    currency: &'a str,
    payer: &'a str,
    reference: &'a str,
    text: &'a str,
    #[serde(rename = "match")]
    matched: Option<MatchJson<'a>>,
}

#[derive(Serialize)]
struct MatchJson<'a> {
    invoice: &'a str,
    confidence: u8,
    /// The further invoices when one credit pays several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    also: Vec<&'a str>,
}

fn file_json(p: &StatementPreview) -> FileJson<'_> {
    FileJson {
        file: &p.file,
        format: p.format.as_deref(),
        credits: p
            .credits
            .iter()
            .map(|c| CreditJson {
                date: c.date,
                amount: c.amount,
                currency: &c.currency,
                payer: &c.payer,
                reference: &c.reference,
                text: &c.text,
                matched: c.matched.as_ref().and_then(|m| {
                    let (first, rest) = m.allocations.split_first()?;
                    Some(MatchJson {
                        invoice: &first.invoice,
                        confidence: m.confidence,
                        also: rest.iter().map(|a| a.invoice.as_str()).collect(),
                    })
                }),
            })
            .collect(),
        errors: p.errors.iter().collect(),
    }
}

pub fn import(
    duly: &mut Duly,
    files: &[PathBuf],
    dry_run: bool,
    currency: Option<&str>,
    out: &Printer,
) -> ApiResult<()> {
    let mut previews = Vec::new();
    let mut reports = Vec::new();
    for path in files {
        let file = ImportFile { path: Some(path.display().to_string()), ..ImportFile::default() };
        let input = StatementInput { file: file.clone(), default_currency: currency.map(str::to_owned) };
        let preview = duly.statement_preview(input)?;
        if !dry_run && preview.errors.is_empty() {
            let choices = preview
                .credits
                .iter()
                .filter_map(|c| {
                    let m = c.matched.as_ref().filter(|m| m.certain)?;
                    let pays = m
                        .allocations
                        .iter()
                        .map(|a| StatementPay { invoice: a.invoice.clone(), amount: a.amount_decimal.clone() })
                        .collect();
                    Some(StatementChoice { line_id: c.line_id.clone(), ignore: false, pays })
                })
                .collect();
            let input = StatementCommitInput { file, default_currency: currency.map(str::to_owned), choices };
            reports.push(duly.statement_commit(input)?);
        }
        previews.push(preview);
    }
    let mut stdout = std::io::stdout().lock();
    if out.json {
        let value = if dry_run {
            let files: Vec<FileJson<'_>> = previews.iter().map(file_json).collect();
            if files.len() == 1 { serde_json::to_value(&files[0]) } else { serde_json::to_value(&files) }
        } else if reports.len() == 1 {
            serde_json::to_value(&reports[0])
        } else {
            serde_json::to_value(&reports)
        };
        let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&value.unwrap_or_default()).unwrap_or_default());
    } else {
        for p in &previews {
            let _ = writeln!(
                stdout,
                "{} ({}): {} credits",
                p.file,
                p.format.as_deref().unwrap_or("unknown format"),
                p.credits.len()
            );
            for c in &p.credits {
                let m = match (&c.already, &c.matched) {
                    (Some(a), _) => format!("already {a}"),
                    (None, Some(m)) => format!(
                        "→ {} ({} %{})",
                        m.allocations.iter().map(|a| a.invoice.as_str()).collect::<Vec<_>>().join(", "),
                        m.confidence,
                        if m.certain { "" } else { ", needs review" }
                    ),
                    (None, None) => "no match".to_owned(),
                };
                let _ = writeln!(stdout, "  {}  {}  {}  {}  {m}", c.date, c.amount_display, c.payer, c.text);
            }
            for e in &p.errors {
                let _ = writeln!(stdout, "  error at {}: {}", e.location, e.message);
            }
        }
        for r in &reports {
            let _ = writeln!(
                stdout,
                "{}: {} payments recorded, {} lines already imported",
                r.file,
                r.recorded.len(),
                r.already
            );
        }
    }
    let failed = previews.iter().filter(|p| !p.errors.is_empty()).count();
    if failed > 0 {
        return Err(ApiError::invalid(format!(
            "{failed} of {} statements could not be read; see the errors above",
            previews.len()
        )));
    }
    Ok(())
}
