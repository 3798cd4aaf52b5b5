//! `duly pdf invoice NUMBER`, `duly pdf statement CLIENT [--as-of D]`, `duly pdf demand NUMBER`,
//! `duly pdf plan NUMBER`:
//! the documents as PDF, written to `-o FILE`, to standard output with `-o -`, or into the
//! Downloads folder (never replacing a file there).

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use duly_api::{ApiError, ApiResult, Duly, ErrorCode, PaperSize, PdfDocument, PdfRequest, SavedPdf};

use crate::print::Printer;

#[derive(Debug, Subcommand)]
pub enum PdfCommand {
    /// A copy of an invoice, in its client's language
    Invoice {
        number: String,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Every invoice of a client still open on a date, with its age and balance, per currency
    Statement {
        /// The client's id, its name ignoring case, or a part of the name only one client has
        client: String,
        /// Open as of this date (YYYY-MM-DD) [default: today]
        #[arg(long)]
        as_of: Option<String>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// The formal demand letter (letter before action, somasi, somație) for an overdue invoice
    Demand {
        number: String,
        /// Days the client has to pay, from today [default: 15]
        #[arg(long)]
        deadline_days: Option<i64>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// The invoice's instalment plan in writing: one page with the dated instalments and the
    /// final deadline, in the client's language
    Plan {
        number: String,
        #[command(flatten)]
        out: OutArgs,
    },
}

#[derive(Debug, Args)]
pub struct OutArgs {
    /// The file to write (replaced if it exists); "-" for standard output
    /// [default: the Downloads folder, adding " (2)" rather than replacing a file]
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: Paper,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Paper {
    A4,
    /// US Letter
    Letter,
}

pub fn pdf(duly: &Duly, command: PdfCommand, out: &Printer) -> ApiResult<()> {
    let (document, args) = match command {
        PdfCommand::Invoice { number, out } => (PdfDocument::Invoice { number }, out),
        PdfCommand::Statement { client, as_of, out } => (PdfDocument::Statement { client, as_of }, out),
        PdfCommand::Demand { number, deadline_days, out } => (PdfDocument::Demand { number, deadline_days }, out),
        PdfCommand::Plan { number, out } => (PdfDocument::Plan { number }, out),
    };
    let paper = match args.paper {
        Paper::A4 => PaperSize::A4,
        Paper::Letter => PaperSize::Letter,
    };
    if args.output.as_deref() == Some("-") {
        if out.json {
            return Err(ApiError::invalid(
                "--json: the PDF itself goes to standard output with -o -; leave out one of them",
            ));
        }
        let file = duly.pdf_bytes(&document, paper)?;
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(&file.bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| ApiError::new(ErrorCode::Storage, format!("standard output: {e}")));
    }
    let saved = duly.pdf_save(PdfRequest { document, paper: Some(paper), path: args.output })?;
    saved_pdf(out, &saved);
    Ok(())
}

/// With `--json` the API's `SavedPdf` as it is (`path`, `file_name`, `pages`, `bytes_len`).
fn saved_pdf(out: &Printer, saved: &SavedPdf) {
    let mut stdout = std::io::stdout().lock();
    let _ = if out.json {
        serde_json::to_writer(&mut stdout, saved).map_err(std::io::Error::other).and_then(|()| writeln!(stdout))
    } else {
        let pages = if saved.pages == 1 { "1 page".to_owned() } else { format!("{} pages", saved.pages) };
        writeln!(stdout, "Saved {} ({pages})", saved.path)
    };
}
