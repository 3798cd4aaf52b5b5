//! CSV exports of invoicing tools: encoding, separator, header row, column mapping, then one
//! invoice per invoice number (rows sharing a number are that invoice's lines).
//!
//! Everything that a single cell cannot tell (day-first dates, decimal comma) is decided once
//! per file from all its values, so one file is never read two ways.

mod build;
pub(crate) mod decode;
pub(crate) mod dialect;
mod mapping;
mod numbers;
mod wave;

use duly_core::Currency;
use serde::Serialize;

pub use mapping::{ColumnMapping, Field, Preset};
pub use numbers::DecimalSeparator;
pub(crate) use numbers::{normalise, vote};

use crate::budget::Budget;
use crate::dates::{self, DateOrder};
use crate::error::ImportError;
use crate::model::{Format, Issue};
use crate::{ImportOptions, Read};
use mapping::Resolved;

/// The header is expected within the first rows; Invoice Ninja's v4 export has three
/// preamble lines above it.
const HEADER_SEARCH_ROWS: usize = 20;

/// One data row: its line number in the file (for messages) and its cells. The record keeps
/// all cells in one buffer (two allocations a row instead of one per cell: issue 19).
pub(crate) struct Row {
    pub line: u64,
    pub cells: ::csv::StringRecord,
}

impl Row {
    pub fn get(&self, col: Option<usize>) -> Option<&str> {
        col.and_then(|c| self.cells.get(c)).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// Per-file decisions and the problems found, shared by the builders.
pub(crate) struct FileCx {
    pub map: Resolved,
    pub date_order: Option<DateOrder>,
    pub decimal: DecimalSeparator,
    pub default_currency: Option<Currency>,
    pub errors: Vec<ImportError>,
    pub warnings: Vec<Issue>,
}

impl FileCx {
    pub fn at(&self, row: &Row, f: Field) -> String {
        format!("row {}, column {}", row.line, self.map.header(f))
    }
}

pub fn read(bytes: &[u8], options: &ImportOptions, budget: &Budget) -> Read {
    let decoded = decode::decode(bytes);
    let mut warnings = Vec::new();
    if decoded.encoding != encoding_rs::UTF_8 {
        warnings.push(Issue::new(
            "file",
            format!("read as {} (not UTF-8); check that accented letters look right", decoded.encoding.name()),
        ));
    }
    let text = decoded.text;
    let delimiter = dialect::detect_delimiter(&text);
    let mut reader =
        ::csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        if rows.len() % 1024 == 0
            && let Err(e) = budget.check()
        {
            return Read::failed(Some(Format::Csv), vec![e]);
        }
        match record {
            Ok(r) => rows.push(Row { line: r.position().map_or(0, ::csv::Position::line), cells: r }),
            Err(e) => {
                let at = e.position().map_or_else(|| "file".to_owned(), |p| format!("line {}", p.line()));
                return Read::failed(
                    Some(Format::Csv),
                    vec![ImportError::csv(at, format!("not readable as CSV: {e}"))],
                );
            }
        }
    }
    if let Err(e) = budget.check() {
        return Read::failed(Some(Format::Csv), vec![e]);
    }
    let Some((header_idx, map)) = find_header(&rows, options.mapping.as_ref()) else {
        return Read::failed(Some(Format::Csv), vec![no_header_error(&rows)]);
    };
    let data: Vec<Row> =
        rows.into_iter().skip(header_idx + 1).filter(|r| r.cells.iter().any(|c| !c.trim().is_empty())).collect();

    let mut errors = Vec::new();
    let date_order = decide_date_order(&data, &map, options, &mut errors, &mut warnings);
    let decimal = decide_decimal(&data, &map, options, &mut errors);
    let mut cx = FileCx { map, date_order, decimal, default_currency: options.default_currency, errors, warnings };
    let invoices =
        if cx.map.preset == Preset::Wave { wave::build(&mut cx, &data) } else { build::build(&mut cx, &data) };
    if invoices.is_empty() && cx.errors.is_empty() {
        cx.errors.push(ImportError::csv("file", "the file has a header row but no invoice rows"));
    }
    Read { format: Some(Format::Csv), invoices, errors: cx.errors, warnings: cx.warnings }
}

/// How many data rows the column-mapping step shows under each header.
const SAMPLE_ROWS: usize = 3;

/// A CSV's header row as the mapping step shows it: the columns, a few values under each, and
/// which field each column feeds now (preset, generic guess or the given mapping).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsvColumns {
    /// The header row's cells as written; the first non-empty row when no header was recognised.
    pub headers: Vec<String>,
    /// Up to three data rows below it, cells as written.
    pub samples: Vec<Vec<String>>,
    /// `None` when no header row was recognised (the user must map the columns).
    pub preset: Option<Preset>,
    pub mapping: ColumnMapping,
}

/// The columns of a CSV for the mapping step; `None` when the bytes are not readable as CSV.
pub fn columns(bytes: &[u8], user: Option<&ColumnMapping>) -> Option<CsvColumns> {
    let text = decode::decode(bytes).text;
    let delimiter = dialect::detect_delimiter(&text);
    let mut reader =
        ::csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for record in reader.records().take(HEADER_SEARCH_ROWS + SAMPLE_ROWS) {
        let r = record.ok()?;
        if r.iter().any(|c| !c.trim().is_empty()) {
            rows.push(r.iter().map(str::to_owned).collect());
        }
    }
    let found = rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(i, r)| {
        let resolved = mapping::resolve(r, user);
        resolved.is_usable().then_some((i, resolved))
    });
    let (index, preset, mapping) = match found {
        Some((i, resolved)) => {
            let columns = resolved
                .columns
                .iter()
                .filter_map(|(f, c)| resolved.headers.get(*c).map(|h| (*f, h.clone())))
                .collect();
            (i, Some(resolved.preset), ColumnMapping { columns })
        }
        None => (0, None, ColumnMapping::default()),
    };
    let headers = rows.get(index)?.clone();
    let samples = rows.iter().skip(index + 1).take(SAMPLE_ROWS).cloned().collect();
    Some(CsvColumns { headers, samples, preset, mapping })
}

fn find_header(rows: &[Row], user: Option<&ColumnMapping>) -> Option<(usize, Resolved)> {
    rows.iter().take(HEADER_SEARCH_ROWS).enumerate().find_map(|(i, r)| {
        let cells: Vec<String> = r.cells.iter().map(str::to_owned).collect();
        let resolved = mapping::resolve(&cells, user);
        resolved.is_usable().then_some((i, resolved))
    })
}

/// Client lists and payment lists are the usual wrong drop; say so instead of "no header".
fn no_header_error(rows: &[Row]) -> ImportError {
    let first: Vec<String> = rows.first().map(|r| r.cells.iter().map(mapping::norm).collect()).unwrap_or_default();
    let has = |n: &str| first.iter().any(|c| c == n);
    let message = if (has("email") || has("phone")) && !first.iter().any(|c| c.contains("invoice")) {
        "this looks like a client list, not invoices: no invoice number and date columns".to_owned()
    } else {
        "no header row with an invoice number and an invoice date column was found in the first rows; map the columns by hand".to_owned()
    };
    ImportError::csv("file", message)
}

fn decide_date_order(
    data: &[Row],
    map: &Resolved,
    options: &ImportOptions,
    errors: &mut Vec<ImportError>,
    warnings: &mut Vec<Issue>,
) -> Option<DateOrder> {
    let (mut day_first, mut month_first, mut ambiguous) = (None, None, false);
    for row in data {
        for f in [Field::IssueDate, Field::DueDate] {
            let Some(cell) = row.get(map.get(f)) else { continue };
            if let Some((a, b)) = dates::leading_pair(cell) {
                if a > 12 && b <= 12 {
                    day_first.get_or_insert((row.line, f, cell.to_owned()));
                } else if b > 12 && a <= 12 {
                    month_first.get_or_insert((row.line, f, cell.to_owned()));
                } else if a != b && !cell.contains('.') {
                    ambiguous = true;
                }
            }
        }
    }
    match (day_first, month_first) {
        (Some((l1, f1, c1)), Some((l2, f2, c2))) => {
            errors.push(ImportError::csv(
                "file",
                format!("dates are written both ways: row {l1} {} \"{c1}\" is day-first, row {l2} {} \"{c2}\" is month-first", map.header(f1), map.header(f2)),
            ));
            None
        }
        (Some(_), None) => {
            warnings.push(Issue::new("file", "dates read as day-first (some day numbers are over 12)"));
            Some(DateOrder::DayFirst)
        }
        (None, Some(_)) => {
            warnings.push(Issue::new(
                "file",
                "dates read as month-first (some day numbers are over 12 in the second place)",
            ));
            Some(DateOrder::MonthFirst)
        }
        // Nothing decides: the user's choice, or each ambiguous date is reported.
        (None, None) => {
            if ambiguous && options.date_order.is_none() {
                warnings.push(Issue::new("file", "dates such as 03/04 could be day-first or month-first; choose one"));
            }
            options.date_order
        }
    }
}

fn decide_decimal(
    data: &[Row],
    map: &Resolved,
    options: &ImportOptions,
    errors: &mut Vec<ImportError>,
) -> DecimalSeparator {
    let fields = [
        Field::Total,
        Field::AmountDue,
        Field::AmountPaid,
        Field::LineUnitPrice,
        Field::LineAmount,
        Field::LineQuantity,
    ];
    let (mut point, mut comma, mut undecided) = (None, None, None);
    for row in data {
        for f in fields {
            let Some(cell) = row.get(map.get(f)) else { continue };
            let (_, number) = numbers::strip_currency(cell);
            match vote(&number) {
                Some(DecimalSeparator::Point) => drop(point.get_or_insert((row.line, f, cell.to_owned()))),
                Some(DecimalSeparator::Comma) => drop(comma.get_or_insert((row.line, f, cell.to_owned()))),
                None if number.contains([',', '.']) => drop(undecided.get_or_insert((row.line, f, cell.to_owned()))),
                None => {}
            }
        }
    }
    match (point, comma) {
        (Some((l1, f1, c1)), Some((l2, f2, c2))) => {
            errors.push(ImportError::csv(
                "file",
                format!(
                    "amounts mix decimal point (row {l1} {} \"{c1}\") and decimal comma (row {l2} {} \"{c2}\")",
                    map.header(f1),
                    map.header(f2)
                ),
            ));
            DecimalSeparator::Point
        }
        (Some(_), None) => DecimalSeparator::Point,
        (None, Some(_)) => DecimalSeparator::Comma,
        (None, None) => match (options.decimal_separator, undecided) {
            (Some(sep), _) => sep,
            (None, Some((line, f, cell))) => {
                errors.push(ImportError::csv(
                    format!("row {line}, column {}", map.header(f)),
                    format!("\"{cell}\" could be a decimal or a thousands separator and no amount in the file tells; choose decimal point or comma"),
                ));
                DecimalSeparator::Point
            }
            (None, None) => DecimalSeparator::Point,
        },
    }
}
