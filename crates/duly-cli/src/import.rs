//! `duly import FILE… [--dry-run]`: the import use cases, and their output per file in the
//! shape scripts rely on (`{"file","format","invoices":[…],"errors":[…]}`, amounts in minor units).

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use duly_api::{ApiError, ApiResult, Duly, ImportFile, ImportFileResult, ImportFormat, ImportInput, ImportReport};
use serde::Serialize;

use crate::print::Printer;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV exports, UBL / CII e-invoices (XML), Factur-X / ZUGFeRD or plain PDF invoices; or bank
    /// statements (camt.053/054, MT940, Wise/Revolut/PayPal/ING/Banca Transilvania/BCA CSV),
    /// whose credits are matched to open invoices (without --dry-run the certain matches are
    /// recorded as payments)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show what would be imported and every problem; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Skip invoices Duly already has (same number, same client) instead of failing their file
    #[arg(long)]
    pub skip_duplicates: bool,
    /// Import invoices Duly cannot verify (the seller is not your business, values read from a
    /// PDF by heuristics) "to review": not chased until `duly invoice confirm NUMBER`. Without
    /// it such a file is refused, naming the invoice and the field in doubt
    #[arg(long)]
    pub accept_unverified: bool,
    /// Currency for CSV exports that name none [default: the business's]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// How to read dates such as 03/04/2024 when a CSV never shows which is the day
    #[arg(long, value_enum)]
    pub date_order: Option<DateOrderArg>,
    /// The decimal separator when a CSV's amounts never show it
    #[arg(long, value_enum)]
    pub decimal: Option<DecimalArg>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DateOrderArg {
    DayFirst,
    MonthFirst,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DecimalArg {
    Point,
    Comma,
}

pub fn import(duly: &mut Duly, a: ImportArgs, out: &Printer) -> ApiResult<()> {
    if crate::statement::all_statements(&a.files)? {
        return crate::statement::import(duly, &a.files, a.dry_run, a.currency.as_deref(), out);
    }
    let date_order = a.date_order.map(|d| match d {
        DateOrderArg::DayFirst => duly_api::DateOrder::DayFirst,
        DateOrderArg::MonthFirst => duly_api::DateOrder::MonthFirst,
    });
    let decimal_separator = a.decimal.map(|d| match d {
        DecimalArg::Point => duly_api::DecimalSeparator::Point,
        DecimalArg::Comma => duly_api::DecimalSeparator::Comma,
    });
    let input = ImportInput {
        files: a
            .files
            .iter()
            .map(|p| ImportFile {
                path: Some(p.display().to_string()),
                date_order,
                decimal_separator,
                ..ImportFile::default()
            })
            .collect(),
        default_currency: a.currency,
        skip_duplicates: a.skip_duplicates,
        refuse_unverified: !a.accept_unverified,
    };
    let report = if a.dry_run { duly.import_preview(input)? } else { duly.import_commit(input)? };
    print(out, &report, a.dry_run);
    if report.failed_files > 0 {
        let what = if a.dry_run { "would not import" } else { "were not imported" };
        return Err(ApiError::invalid(format!(
            "{} of {} files {what}; see the errors above",
            report.failed_files,
            report.files.len()
        )));
    }
    Ok(())
}

/// One file as the issue's JSON shape has it.
#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a str,
    format: Option<ImportFormat>,
    invoices: Vec<InvoiceJson<'a>>,
    errors: Vec<&'a duly_api::ImportProblem>,
}

#[derive(Serialize)]
struct InvoiceJson<'a> {
    number: &'a str,
    issue_date: NaiveDate,
    due_date: Option<NaiveDate>,
    currency: &'a str,
    total: i64,
    amount_due: i64,
    seller: &'a str,
    buyer: &'a str,
    needs_review: bool,
    /// The fields in doubt ("field: why"); not empty: imported "to review".
    review: &'a [String],
}

fn file_json(f: &ImportFileResult) -> FileJson<'_> {
    FileJson {
        file: &f.file,
        format: f.format,
        invoices: f
            .invoices
            .iter()
            .map(|i| InvoiceJson {
                number: &i.number,
                issue_date: i.issue_date,
                due_date: i.due_date,
                currency: &i.currency,
                total: i.total,
                amount_due: i.amount_due,
                seller: &i.seller,
                buyer: &i.buyer,
                needs_review: i.needs_review,
                review: &i.review,
            })
            .collect(),
        errors: f.errors.iter().collect(),
    }
}

fn print(out: &Printer, report: &ImportReport, dry_run: bool) {
    let mut stdout = std::io::stdout().lock();
    if out.json {
        let files: Vec<FileJson<'_>> = report.files.iter().map(file_json).collect();
        let text = serde_json::to_string_pretty(&files).unwrap_or_default();
        let _ = writeln!(stdout, "{text}");
        return;
    }
    for f in &report.files {
        let format = f.format.map_or("unknown format", |x| match x {
            ImportFormat::Ubl => "UBL",
            ImportFormat::Cii => "CII",
            ImportFormat::Facturx => "Factur-X",
            ImportFormat::Csv => "CSV",
            ImportFormat::Pdf => "PDF",
        });
        let state = match (f.ok, f.imported, dry_run) {
            (true, _, true) => "would import",
            (true, true, false) => "imported",
            _ => "NOT IMPORTED",
        };
        let _ = writeln!(stdout, "{} ({format}): {state}", f.file);
        for i in &f.invoices {
            let due =
                i.due_date.map_or_else(|| format!("no due date ({} used)", i.due_date_used), |d| format!("due {d}"));
            let mut flags = Vec::new();
            if i.needs_review {
                flags.push("needs review".to_owned());
            }
            if i.duplicate.is_some() {
                flags.push("duplicate, skipped".to_owned());
            }
            let flags = if flags.is_empty() { String::new() } else { format!(" [{}]", flags.join(", ")) };
            let _ = writeln!(
                stdout,
                "  {}  {}  {due}  {}  due {}  {} → {}{flags}",
                i.number, i.issue_date, i.total_display, i.amount_due_display, i.seller, i.client
            );
            for w in &i.warnings {
                let _ = writeln!(stdout, "      note: {w}");
            }
            for r in &i.review {
                let _ = writeln!(stdout, "      to review: {r}");
            }
        }
        for e in &f.errors {
            let _ = writeln!(stdout, "  error at {}: {}", e.location, e.message);
        }
    }
    let verb = if dry_run { "would be created" } else { "created" };
    let _ = writeln!(
        stdout,
        "{} invoices and {} new clients {verb}; {} files with errors",
        report.invoice_count, report.new_client_count, report.failed_files
    );
}
