//! Duly's importers: bytes of one dropped file in, a preview of the invoices in it out.
//!
//! The crate does no IO and never reads the date: the caller passes the file's name and bytes
//! and gets a [`FileResult`] back, within the time and inflate budget of [`Limits`] (a monotonic
//! deadline, see [`budget`]). It never writes anything either; the contract with the caller is that
//! a result with any error writes nothing from that file (all-or-nothing per file), and an
//! invoice with `needs_review` is shown to a person before it is saved.
//!
//! Formats are decided from content ([`sniff`]): UBL 2.1 and UN/CEFACT CII e-invoices
//! (including ZUGFeRD 1.0), Factur-X / ZUGFeRD PDFs (their embedded XML is read exactly), CSV
//! exports of invoicing tools, and plain PDFs (text heuristics, always flagged for review).
//! Money never passes through floating point: decimal text becomes integer minor units of the
//! invoice's ISO 4217 currency, exactly for amounts owed (see [`decimal`]).

pub mod budget;
mod csv;
mod dates;
mod decimal;
mod direction;
mod error;
mod model;
mod pdf;
mod sniff;
pub mod statement;
mod xml;

use duly_core::Currency;
use serde::{Deserialize, Serialize};

pub use crate::budget::Limits;
pub use crate::csv::{ColumnMapping, CsvColumns, DecimalSeparator, Field, Preset, columns as csv_columns};
pub use dates::DateOrder;
pub use direction::{BUYER_REASON, BusinessIdentity, Direction, classify, normalise_name, normalise_tax_id};
pub use error::ImportError;
pub use model::{Address, DocumentKind, FileResult, Format, Issue, Line, ParsedInvoice, Party};
pub use sniff::{Sniffed, sniff};
pub use statement::{BankPreset, StatementCredit, StatementFile, StatementFormat, is_statement, read_statement};

/// Files over this are refused before any parsing: no real invoice or export comes close, and it
/// bounds the memory and time a hostile file can cost.
pub const MAX_FILE_BYTES: usize = 20_000_000;

/// What the user (or the app's settings) told us that the file itself may not say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Used when a CSV has no currency column or only a "$"; such invoices need review.
    #[serde(default, with = "opt_currency")]
    pub default_currency: Option<Currency>,
    /// Resolves `03/04/2024` in a CSV whose dates never show which field is the day.
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    /// Resolves `1,500` in a CSV whose amounts never show the decimal separator.
    #[serde(default)]
    pub decimal_separator: Option<DecimalSeparator>,
    /// A mapping the user made (and the app remembered) for this kind of CSV; beats presets.
    #[serde(default)]
    pub mapping: Option<ColumnMapping>,
    /// The user's own business: tells the seller from the buyer on a plain PDF, where nothing but
    /// position says which company is which.
    #[serde(default)]
    pub me: BusinessIdentity,
}

/// Reads one file within the default [`Limits`]. Never panics on any input, never blocks on IO:
/// hostile or broken files give an error naming the file.
pub fn import_file(file_name: &str, bytes: &[u8], options: &ImportOptions) -> FileResult {
    import_file_within(file_name, bytes, options, &Limits::default())
}

/// [`import_file`] with the caller's limits, e.g. a cancel flag the user's Cancel sets.
pub fn import_file_within(file_name: &str, bytes: &[u8], options: &ImportOptions, limits: &Limits) -> FileResult {
    let mut result = FileResult {
        file: file_name.to_owned(),
        format: None,
        invoices: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    if bytes.len() > MAX_FILE_BYTES {
        result.errors.push(file_issue(file_name, &ImportError::TooLarge { size: bytes.len(), limit: MAX_FILE_BYTES }));
        return result;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        result.errors.push(file_issue(file_name, &ImportError::Empty));
        return result;
    }
    // The readers are written not to panic (and fuzzed for it), but a PDF library bug must cost
    // one file's import, not the app.
    let budget = budget::Budget::start(limits);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_any(bytes, options, &budget)));
    match outcome {
        Ok(read) => {
            result.format = read.format;
            result.invoices = read.invoices;
            result.warnings = read.warnings;
            result.errors = read
                .errors
                .iter()
                .map(|e| if e.location() == "file" { file_issue(file_name, e) } else { e.to_issue() })
                .collect();
        }
        Err(_) => result.errors.push(Issue::new(
            "file",
            format!("{file_name}: this file could not be read (internal error in the reader); please report it"),
        )),
    }
    result
}

fn file_issue(file_name: &str, e: &ImportError) -> Issue {
    Issue::new("file", format!("{file_name}: {e}"))
}

/// What one reader found; errors stay typed until `import_file` turns them into [`Issue`]s.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub format: Option<Format>,
    pub invoices: Vec<ParsedInvoice>,
    pub errors: Vec<ImportError>,
    pub warnings: Vec<Issue>,
}

impl Read {
    fn failed(format: Option<Format>, errors: Vec<ImportError>) -> Self {
        Read { format, errors, ..Read::default() }
    }
}

fn read_any(bytes: &[u8], options: &ImportOptions, budget: &budget::Budget) -> Read {
    match sniff(bytes) {
        Sniffed::Pdf => pdf::read(bytes, options.default_currency, &options.me, budget),
        Sniffed::Xml => read_xml(bytes),
        Sniffed::Text => csv::read(bytes, options, budget),
        Sniffed::Unknown(what) => Read::failed(None, vec![ImportError::UnknownFormat(what)]),
    }
}

fn read_xml(bytes: &[u8]) -> Read {
    let (format, outcome) = xml::read(bytes);
    match outcome {
        Ok((mut invoice, warnings)) => {
            invoice.warnings.extend(warnings);
            Read { format, invoices: vec![invoice], ..Read::default() }
        }
        Err(errors) => Read::failed(format, errors),
    }
}

mod opt_currency {
    use duly_core::Currency;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(c: &Option<Currency>, s: S) -> Result<S::Ok, S::Error> {
        match c {
            Some(c) => s.serialize_some(c.code()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Currency>, D::Error> {
        let code: Option<String> = Option::deserialize(d)?;
        code.map(|c| c.parse().map_err(serde::de::Error::custom)).transpose()
    }
}

/// The page text the PDF heuristics read, laid out in lines and columns; for diagnosing why a
/// PDF's values were missed.
#[doc(hidden)]
pub fn pdf_page_texts(bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    let budget = budget::Budget::start(&Limits::default());
    pdf::load(bytes).and_then(|mut doc| pdf::text::page_texts(&mut doc, &budget))
}
