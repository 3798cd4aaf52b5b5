//! `import_preview` / `import_commit`: invoices from files another tool made (CSV exports,
//! UBL / CII e-invoices, Factur-X and plain PDFs) become receivables.
//!
//! Both use cases run the same plan over each file: read it with `duly-import`, decide the
//! direction from the business profile, match the buyer to a client (tax id first, then name),
//! find duplicates, and turn every invoice into the rows Duly stores. The preview only reports
//! the plan; the commit recomputes it inside one transaction per file and writes it, so a file
//! imports whole or not at all and what is written is what the database held at that moment
//! (a client created by the previous file of the batch is matched, not created twice).
//!
//! Reading and parsing the files is the slow part, and a hostile file decides how slow: it
//! needs nothing from the database, so it is a step of its own ([`ImportStart::read`]) that the
//! app runs without holding the database (every other command would wait) and that the user
//! can cancel. The steps: [`Duly::import_start`] (database, quick), [`ImportStart::read`] (files
//! only), [`Duly::import_preview_read`] / [`Duly::import_commit_read`] (database).

mod credits;

use std::collections::BTreeMap;

use base64::Engine as _;
use chrono::{Days, NaiveDate};
use duly_core::{Currency, Language, Lifecycle, LineItem, Quantity, TaxRate, compute_totals, status_of};
use duly_import::{BusinessIdentity, ColumnMapping, Direction, ImportOptions, Limits, ParsedInvoice, Party, Sniffed};
use duly_store::{Connection, clients, contacts, events, invoices, lines, payments, settings};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::shared::money::display;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, shared::parse};

/// The `settings` key under which the user's own CSV column mappings are remembered, as JSON
/// `{header signature: {"columns": {field: header}}}`.
pub const CSV_MAPPINGS_KEY: &str = "import.csv_mappings";

/// One file to import: from disk (drag and drop, "Open with", the file dialog, the CLI), read there
/// with the size limit; or as bytes, for callers that have no file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct ImportFile {
    /// Shown in the preview, errors and the timeline ("imported from NAME"). The path's file
    /// name when empty.
    #[serde(default)]
    pub name: String,
    /// Read from disk when given.
    #[serde(default)]
    pub path: Option<String>,
    /// The file's content, base64, when there is no path.
    #[serde(default)]
    pub bytes_base64: Option<String>,
    /// The CSV column mapping the user chose in the mapping step; remembered on commit for CSVs
    /// with the same header row.
    #[serde(default)]
    pub mapping: Option<Vec<CsvColumn>>,
    /// How to read `03/04/2024` when the file's dates never tell.
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    /// How to read `1,500` when the file's amounts never tell.
    #[serde(default)]
    pub decimal_separator: Option<DecimalSeparator>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct ImportInput {
    pub files: Vec<ImportFile>,
    /// ISO code assumed for CSVs that name no currency (such invoices need review); the
    /// business's default currency when empty.
    #[serde(default)]
    pub default_currency: Option<String>,
    /// Skip invoices already in Duly (same number, same client) and import the rest of their
    /// file; otherwise a duplicate fails its file.
    #[serde(default)]
    pub skip_duplicates: bool,
    /// Fail a file that has an invoice to review (`ImportInvoice.review` not empty) instead of
    /// importing it "to review": what the CLI does unless told `--accept-unverified`.
    #[serde(default)]
    pub refuse_unverified: bool,
}

/// A CSV column feeding an invoice field, by the header text as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CsvColumn {
    pub field: CsvField,
    pub header: String,
}

/// The invoice fields a CSV column can feed (mirrors `duly_import::Field`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvField {
    Number,
    IssueDate,
    DueDate,
    Currency,
    Total,
    AmountDue,
    AmountPaid,
    Status,
    BuyerName,
    BuyerCompany,
    BuyerEmail,
    BuyerTaxId,
    BuyerAddress,
    BuyerCity,
    BuyerPostalCode,
    BuyerCountry,
    LineItem,
    LineDescription,
    LineQuantity,
    LineUnitPrice,
    LineAmount,
}

impl CsvField {
    /// Every field, in the order the mapping step lists them (required ones first).
    pub const ALL: [CsvField; 21] = [
        Self::Number,
        Self::IssueDate,
        Self::DueDate,
        Self::Currency,
        Self::Total,
        Self::AmountDue,
        Self::AmountPaid,
        Self::Status,
        Self::BuyerName,
        Self::BuyerCompany,
        Self::BuyerEmail,
        Self::BuyerTaxId,
        Self::BuyerAddress,
        Self::BuyerCity,
        Self::BuyerPostalCode,
        Self::BuyerCountry,
        Self::LineItem,
        Self::LineDescription,
        Self::LineQuantity,
        Self::LineUnitPrice,
        Self::LineAmount,
    ];
}

// One exhaustive match each way, so a field added to either enum does not compile until the other
// has it too (a serde round trip between them would drop it silently at run time).
impl From<duly_import::Field> for CsvField {
    fn from(f: duly_import::Field) -> Self {
        use duly_import::Field as F;
        match f {
            F::Number => Self::Number,
            F::IssueDate => Self::IssueDate,
            F::DueDate => Self::DueDate,
            F::Currency => Self::Currency,
            F::Total => Self::Total,
            F::AmountDue => Self::AmountDue,
            F::AmountPaid => Self::AmountPaid,
            F::Status => Self::Status,
            F::BuyerName => Self::BuyerName,
            F::BuyerCompany => Self::BuyerCompany,
            F::BuyerEmail => Self::BuyerEmail,
            F::BuyerTaxId => Self::BuyerTaxId,
            F::BuyerAddress => Self::BuyerAddress,
            F::BuyerCity => Self::BuyerCity,
            F::BuyerPostalCode => Self::BuyerPostalCode,
            F::BuyerCountry => Self::BuyerCountry,
            F::LineItem => Self::LineItem,
            F::LineDescription => Self::LineDescription,
            F::LineQuantity => Self::LineQuantity,
            F::LineUnitPrice => Self::LineUnitPrice,
            F::LineAmount => Self::LineAmount,
        }
    }
}

impl From<CsvField> for duly_import::Field {
    fn from(f: CsvField) -> Self {
        match f {
            CsvField::Number => Self::Number,
            CsvField::IssueDate => Self::IssueDate,
            CsvField::DueDate => Self::DueDate,
            CsvField::Currency => Self::Currency,
            CsvField::Total => Self::Total,
            CsvField::AmountDue => Self::AmountDue,
            CsvField::AmountPaid => Self::AmountPaid,
            CsvField::Status => Self::Status,
            CsvField::BuyerName => Self::BuyerName,
            CsvField::BuyerCompany => Self::BuyerCompany,
            CsvField::BuyerEmail => Self::BuyerEmail,
            CsvField::BuyerTaxId => Self::BuyerTaxId,
            CsvField::BuyerAddress => Self::BuyerAddress,
            CsvField::BuyerCity => Self::BuyerCity,
            CsvField::BuyerPostalCode => Self::BuyerPostalCode,
            CsvField::BuyerCountry => Self::BuyerCountry,
            CsvField::LineItem => Self::LineItem,
            CsvField::LineDescription => Self::LineDescription,
            CsvField::LineQuantity => Self::LineQuantity,
            CsvField::LineUnitPrice => Self::LineUnitPrice,
            CsvField::LineAmount => Self::LineAmount,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    Point,
    Comma,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Ubl,
    Cii,
    Facturx,
    Csv,
    Pdf,
}

/// A problem and where it is: "row 7, column Due Date", "invoice F-12", "file".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportProblem {
    #[serde(rename = "where")]
    #[ts(rename = "where")]
    pub location: String,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    TaxId,
    Name,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Duplicate {
    /// Duly already has an invoice with this number for this client.
    InDatabase,
    /// An earlier file of the same batch has it.
    InBatch,
}

/// A client the file's invoices go to: one Duly already has, or one the import creates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportClient {
    pub name: String,
    pub tax_id: String,
    /// The existing client's id; `null` for a new client.
    pub existing_id: Option<i64>,
    pub matched_by: Option<MatchedBy>,
    pub invoice_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportInvoice {
    pub number: String,
    pub credit_note: bool,
    pub issue_date: NaiveDate,
    /// As the file gives it.
    pub due_date: Option<NaiveDate>,
    /// What Duly stores: the file's, else the issue date plus the payment terms.
    pub due_date_used: NaiveDate,
    pub currency: String,
    pub total: i64,
    pub amount_due: i64,
    pub total_display: String,
    pub amount_due_display: String,
    /// The seller named in the file; the business's name for exports that name none.
    pub seller: String,
    pub buyer: String,
    /// The client it goes to (existing or new).
    pub client: String,
    pub client_id: Option<i64>,
    pub duplicate: Option<Duplicate>,
    /// True when a person must look before trusting it: values guessed from PDF text, an
    /// assumed currency, a credit note, a party that does not match the business.
    pub needs_review: bool,
    pub warnings: Vec<String>,
    /// The fields in doubt, each as "field: why" (the seller is not the business, values read
    /// from a PDF by heuristics, ...). When not empty the invoice is imported "to review": not
    /// owed, not on Today, never reminded until the user confirms it (`invoice_confirm`).
    pub review: Vec<String>,
}

/// The column-mapping step's data for a CSV.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CsvColumns {
    pub headers: Vec<String>,
    pub samples: Vec<Vec<String>>,
    /// The export recognised ("invoice_ninja", "zoho", "generic", ...); `null` when the
    /// columns were not recognised and must be mapped.
    pub preset: Option<String>,
    /// The mapping in use (the preset's, the remembered one or the one given).
    pub mapping: Vec<CsvColumn>,
    /// Whether the mapping in use is one the user made (given now or remembered).
    pub user_mapping: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportFileResult {
    pub file: String,
    pub format: Option<ImportFormat>,
    /// No errors: the file would import (preview) or did (commit).
    pub ok: bool,
    /// Written to the database (commit only).
    pub imported: bool,
    pub invoices: Vec<ImportInvoice>,
    pub clients: Vec<ImportClient>,
    pub errors: Vec<ImportProblem>,
    pub warnings: Vec<ImportProblem>,
    /// For CSVs: the columns, for the mapping step.
    pub csv: Option<CsvColumns>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    pub files: Vec<ImportFileResult>,
    /// Invoices created (commit) or that would be (preview), duplicates skipped not counted.
    pub invoice_count: i64,
    pub new_client_count: i64,
    pub failed_files: i64,
}

impl Duly {
    /// What importing these files would create, and every problem, without writing anything.
    pub fn import_preview(&self, input: ImportInput) -> ApiResult<ImportReport> {
        let read = self.import_start(input)?.read(&Limits::default());
        self.import_preview_read(read)
    }

    /// Imports each file in its own transaction: a file with any problem writes nothing, and
    /// the other files still import.
    pub fn import_commit(&mut self, input: ImportInput) -> ApiResult<ImportReport> {
        let read = self.import_start(input)?.read(&Limits::default());
        self.import_commit_read(read)
    }

    /// What reading the files needs from the database: the business's defaults and the CSV
    /// mappings the user made before.
    pub fn import_start(&self, input: ImportInput) -> ApiResult<ImportStart> {
        let cx = self.import_context(&input)?;
        Ok(ImportStart { remembered: remembered(self.conn())?, cx, input })
    }

    /// [`Duly::import_preview`] of files already read.
    pub fn import_preview_read(&self, read: ImportRead) -> ApiResult<ImportReport> {
        let mut batch = Batch::default();
        let files = read
            .files
            .iter()
            .map(|f| {
                let plan = plan_file(self.conn(), &read.cx, f, &mut batch)?;
                Ok(plan.result)
            })
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(report(files))
    }

    /// [`Duly::import_commit`] of files already read.
    pub fn import_commit_read(&mut self, read: ImportRead) -> ApiResult<ImportReport> {
        let cx = &read.cx;
        let mut files = Vec::with_capacity(read.files.len());
        for f in &read.files {
            let tx = self.transaction()?;
            // Each file is planned against what the previous ones wrote, so no batch memory.
            let plan = plan_file(&tx, cx, f, &mut Batch::default())?;
            let mut result = plan.result.clone();
            if result.ok {
                match write_plan(&tx, cx, &plan).and_then(|()| Ok(tx.commit()?)) {
                    Ok(()) => result.imported = true,
                    Err(e) => {
                        result.ok = false;
                        result
                            .errors
                            .push(problem("file", format!("{}: nothing was imported: {}", result.file, e.message)));
                    }
                }
            }
            files.push(result);
        }
        Ok(report(files))
    }

    fn import_context(&self, input: &ImportInput) -> ApiResult<Context> {
        let business =
            duly_store::business::get(self.conn())?.unwrap_or_else(crate::shared::letterhead::default_business);
        let default_currency = match input.default_currency.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => parse::currency("default_currency", code)?,
            None => business.default_currency,
        };
        Ok(Context {
            me: BusinessIdentity {
                name: Some(business.name.clone()).filter(|n| !n.trim().is_empty()),
                tax_id: Some(business.tax_id.clone()).filter(|t| !t.trim().is_empty()),
            },
            business_name: business.name,
            language: business.language,
            terms_days: business.payment_terms_days,
            default_currency,
            skip_duplicates: input.skip_duplicates,
            refuse_unverified: input.refuse_unverified,
            now: self.stamp(),
        })
    }
}

#[derive(Debug)]
struct Context {
    me: BusinessIdentity,
    business_name: String,
    language: Language,
    terms_days: i64,
    default_currency: Currency,
    skip_duplicates: bool,
    refuse_unverified: bool,
    now: String,
}

/// An import whose database part is read; [`ImportStart::read`] reads its files.
#[derive(Debug)]
pub struct ImportStart {
    input: ImportInput,
    cx: Context,
    remembered: BTreeMap<String, ColumnMapping>,
}

/// An import's files read and parsed, for [`Duly::import_preview_read`] or
/// [`Duly::import_commit_read`].
#[derive(Debug)]
pub struct ImportRead {
    cx: Context,
    files: Vec<ReadFile>,
}

/// One file read and parsed; `result` has everything but the database's part.
#[derive(Debug)]
struct ReadFile {
    name: String,
    result: ImportFileResult,
    invoices: Vec<ParsedInvoice>,
    remember: Option<(String, ColumnMapping)>,
}

impl ImportStart {
    /// Reads and parses every file, within `limits` each: the slow part, which needs no
    /// database. After a cancel the files not read yet say so and are not read.
    pub fn read(self, limits: &Limits) -> ImportRead {
        let ImportStart { input, cx, mut remembered } = self;
        let cancelled = || limits.cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
        let files = input
            .files
            .iter()
            .map(|f| {
                if cancelled() {
                    let name = file_name(f);
                    let mut result = empty_result(&name);
                    result.errors.push(problem("file", format!("{name}: the import was cancelled")));
                    return ReadFile { name, result, invoices: Vec::new(), remember: None };
                }
                let read = read_file(&cx, f, &remembered, limits);
                // A later file with the same header row reads with the mapping this one will
                // remember, as it does when the commit has written it.
                if let Some((signature, mapping)) = &read.remember {
                    remembered.insert(signature.clone(), mapping.clone());
                }
                read
            })
            .collect();
        ImportRead { cx, files }
    }
}

fn empty_result(name: &str) -> ImportFileResult {
    ImportFileResult {
        file: name.to_owned(),
        format: None,
        ok: false,
        imported: false,
        invoices: Vec::new(),
        clients: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        csv: None,
    }
}

/// What earlier files of a preview would create, so the later ones see it.
#[derive(Default)]
struct Batch {
    new_clients: Vec<Known>,
    /// Invoice number → the client key it belongs to.
    numbers: BTreeMap<String, String>,
}

/// A client to match buyers against.
#[derive(Clone)]
struct Known {
    id: Option<i64>,
    name: String,
    tax_key: String,
    name_key: String,
    loose_key: String,
}

impl Known {
    fn new(id: Option<i64>, name: &str, tax_id: &str) -> Self {
        Known {
            id,
            name: name.trim().to_owned(),
            tax_key: duly_import::normalise_tax_id(tax_id),
            name_key: name_key(name),
            loose_key: duly_import::normalise_name(name),
        }
    }

    /// What identifies the client within a batch: its id, else its tax id, else its name.
    fn key(&self) -> String {
        match self.id {
            Some(id) => format!("id:{id}"),
            None if !self.tax_key.is_empty() => format!("tax:{}", self.tax_key),
            None => format!("name:{}", self.name_key),
        }
    }
}

fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One invoice ready to store.
#[derive(Clone)]
struct Planned {
    client: usize,
    invoice: invoices::Invoice,
    items: Vec<LineItem>,
    paid: i64,
    skip: bool,
    /// `invoices.review`: the doubts, one "field: why" per line; `None` to chase it.
    review: Option<String>,
}

/// A new client to create, with its billing contact when the file gives an email.
#[derive(Clone)]
struct NewClient {
    row: clients::Client,
    email: String,
}

// One per invoice of the file being imported, short-lived: boxing the new client buys nothing.
#[allow(clippy::large_enum_variant)]
enum ClientRef {
    Existing(i64),
    New(NewClient),
}

struct Plan {
    result: ImportFileResult,
    clients: Vec<ClientRef>,
    invoices: Vec<Planned>,
    /// Credit notes naming an invoice Duly holds: netted against it, not stored as invoices.
    credits: Vec<credits::ImportedCredit>,
    remember: Option<(String, ColumnMapping)>,
}

/// An imported text shown inside a message: at most 40 characters.
fn shorten(text: &str) -> String {
    let mut shown: String = text.chars().take(40).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

/// The invoice's texts that are longer than a person could type them (`parse::TextLimit`):
/// a file must not bring in a 15 MB client name that the form would refuse.
fn text_problems(parsed: &ParsedInvoice) -> Vec<String> {
    use crate::shared::parse::{TextLimit, text_limit};
    let mut fields: Vec<(String, &str, TextLimit)> = vec![("invoice number".into(), &parsed.number, TextLimit::Short)];
    for (who, party) in [("buyer", &parsed.buyer), ("seller", &parsed.seller)] {
        for (what, value) in [
            ("name", &party.name),
            ("trading name", &party.trading_name),
            ("tax id", &party.tax_id),
            ("registration id", &party.registration_id),
            ("email", &party.email),
        ] {
            if let Some(v) = value {
                fields.push((format!("{who} {what}"), v, TextLimit::Short));
            }
        }
        if let Some(a) = &party.address {
            for line in a.lines.iter().chain(&a.city).chain(&a.postal_code).chain(&a.region).chain(&a.country) {
                fields.push((format!("{who} address"), line, TextLimit::Address));
            }
        }
    }
    for (i, line) in parsed.lines.iter().enumerate() {
        fields.push((format!("line {} description", i + 1), &line.description, TextLimit::Long));
    }
    fields
        .into_iter()
        .filter_map(|(field, text, limit)| text_limit(&field, text, limit).err().map(|e| e.message))
        .collect()
}

fn problem(location: impl Into<String>, message: impl Into<String>) -> ImportProblem {
    ImportProblem { location: location.into(), message: message.into() }
}

/// Between two serde enums with the same variant names (the API's TS mirrors and duly-import's);
/// `CsvField` has exhaustive `From` conversions instead.
fn mirror<A: Serialize, B: DeserializeOwned>(a: &A) -> Option<B> {
    serde_json::to_value(a).ok().and_then(|v| serde_json::from_value(v).ok())
}

pub(crate) fn file_name(f: &ImportFile) -> String {
    let name = f.name.trim();
    if !name.is_empty() {
        return name.to_owned();
    }
    f.path
        .as_deref()
        .map(|p| std::path::Path::new(p).file_name().map_or_else(|| p.to_owned(), |n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "unnamed file".to_owned())
}

pub(crate) fn read_bytes(f: &ImportFile, name: &str) -> Result<Vec<u8>, String> {
    if let Some(path) = f.path.as_deref().filter(|p| !p.trim().is_empty()) {
        let meta = std::fs::metadata(path).map_err(|e| format!("{name}: cannot be read ({e})"))?;
        if !meta.is_file() {
            return Err(format!("{name}: is not a file"));
        }
        if meta.len() > duly_import::MAX_FILE_BYTES as u64 {
            return Err(format!(
                "{name}: the file is {} bytes; files over {} bytes are not imported",
                meta.len(),
                duly_import::MAX_FILE_BYTES
            ));
        }
        return std::fs::read(path).map_err(|e| format!("{name}: cannot be read ({e})"));
    }
    let Some(b64) = f.bytes_base64.as_deref() else {
        return Err(format!("{name}: neither a path nor the file's content was given"));
    };
    // Base64 is 4/3 of the bytes: refuse before decoding what would be refused after.
    if b64.len() / 4 * 3 > duly_import::MAX_FILE_BYTES + 3 {
        return Err(format!("{name}: files over {} bytes are not imported", duly_import::MAX_FILE_BYTES));
    }
    base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| format!("{name}: the content is not valid base64 ({e})"))
}

/// The header row as a remembered mapping's key: case and spacing do not matter.
fn signature(headers: &[String]) -> String {
    headers.iter().map(|h| name_key(h.trim_start_matches('\u{feff}'))).collect::<Vec<_>>().join("\u{1f}")
}

fn remembered(conn: &Connection) -> ApiResult<BTreeMap<String, ColumnMapping>> {
    Ok(settings::get(conn, CSV_MAPPINGS_KEY)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
}

fn to_columns(mapping: &ColumnMapping) -> Vec<CsvColumn> {
    let mut out: Vec<CsvColumn> =
        mapping.columns.iter().map(|(&f, h)| CsvColumn { field: f.into(), header: h.clone() }).collect();
    out.sort_by_key(|c| c.field);
    out
}

fn from_columns(columns: &[CsvColumn]) -> ColumnMapping {
    ColumnMapping {
        columns: columns
            .iter()
            .filter(|c| !c.header.trim().is_empty())
            .map(|c| (c.field.into(), c.header.clone()))
            .collect(),
    }
}

fn read_file(cx: &Context, f: &ImportFile, remembered: &BTreeMap<String, ColumnMapping>, limits: &Limits) -> ReadFile {
    let name = file_name(f);
    let mut result = empty_result(&name);
    let bytes = match read_bytes(f, &name) {
        Ok(b) => b,
        Err(message) => {
            result.errors.push(problem("file", message));
            return ReadFile { name, result, invoices: Vec::new(), remember: None };
        }
    };

    // A CSV's mapping: the one given now (remembered on commit), else one remembered for this
    // header row, else presets and generic names inside duly-import.
    let is_text = duly_import::sniff(&bytes) == Sniffed::Text;
    let given = f.mapping.as_deref().map(from_columns).filter(|m| !m.columns.is_empty());
    let mut mapping = given.clone();
    let mut user_mapping = given.is_some();
    if is_text
        && mapping.is_none()
        && let Some(cols) = duly_import::csv_columns(&bytes, None)
        && let Some(m) = remembered.get(&signature(&cols.headers))
    {
        mapping = Some(m.clone());
        user_mapping = true;
    }
    let options = ImportOptions {
        default_currency: Some(cx.default_currency),
        date_order: f.date_order.as_ref().and_then(mirror),
        decimal_separator: f.decimal_separator.as_ref().and_then(mirror),
        mapping: mapping.clone(),
        me: cx.me.clone(),
    };
    let read = duly_import::import_file_within(&name, &bytes, &options, limits);
    result.format = read.format.as_ref().and_then(mirror);
    result.errors.extend(read.errors.iter().map(|i| problem(i.location.clone(), i.message.clone())));
    result.warnings.extend(read.warnings.iter().map(|i| problem(i.location.clone(), i.message.clone())));
    let mut remember = None;
    if is_text && let Some(cols) = duly_import::csv_columns(&bytes, mapping.as_ref()) {
        if let (Some(m), true) = (&given, read.errors.is_empty()) {
            remember = Some((signature(&cols.headers), m.clone()));
        }
        result.csv = Some(CsvColumns {
            preset: cols
                .preset
                .as_ref()
                .filter(|_| !user_mapping)
                .and_then(|p| serde_json::to_value(p).ok())
                .and_then(|v| v.as_str().map(str::to_owned)),
            mapping: to_columns(&cols.mapping),
            headers: cols.headers,
            samples: cols.samples,
            user_mapping,
        });
    }
    ReadFile { name, result, invoices: read.invoices, remember }
}

fn plan_file(conn: &Connection, cx: &Context, f: &ReadFile, batch: &mut Batch) -> ApiResult<Plan> {
    let name = f.name.clone();
    let mut result = f.result.clone();
    let mut plan = Plan {
        result: result.clone(),
        clients: Vec::new(),
        invoices: Vec::new(),
        credits: Vec::new(),
        remember: f.remember.clone(),
    };
    let read = f;

    let mut known: Vec<Known> = clients::list(conn, None)?
        .into_iter()
        .map(|l| Known::new(l.client.id, &l.client.name, &l.client.tax_id))
        .collect();
    known.extend(batch.new_clients.iter().cloned());
    let mut file_clients: FileClients = Vec::new();
    let mut file_numbers: BTreeMap<String, String> = BTreeMap::new();

    for parsed in &read.invoices {
        let at = format!("invoice {}", shorten(&parsed.number));
        let too_long = text_problems(parsed);
        if !too_long.is_empty() {
            result.errors.extend(too_long.into_iter().map(|message| problem(&at, message)));
            continue;
        }
        let mut needs_review = parsed.needs_review;
        let mut warnings = parsed.warnings.clone();
        let mut review = crate::invoices::review::doubts(parsed, result.format, &cx.me, &cx.business_name);
        match duly_import::classify(parsed, &cx.me) {
            Direction::Receivable => {}
            Direction::Rejected { reason } => result.errors.push(problem(&at, reason)),
            Direction::Unverified { reason } => {
                needs_review = true;
                warnings.push(reason);
            }
        }
        if let Some(reference) = parsed.credited_invoice.as_deref() {
            let planned = &mut plan.credits;
            match credits::plan_imported(conn, parsed, reference, &name, cx.skip_duplicates, planned, cx.language)? {
                Ok(shown) => result.invoices.push(shown),
                Err(message) => result.errors.push(problem(&at, message)),
            }
            continue;
        }
        let buyer_name = party_name(&parsed.buyer);
        let Some(buyer_name) = buyer_name else {
            result.errors.push(problem(&at, "the buyer has no name: Duly needs a client to chase"));
            continue;
        };
        let client_index = client_of(parsed, &buyer_name, &name, cx, &known, &mut file_clients);
        file_clients[client_index].1.invoice_count += 1;
        let client_key = file_clients[client_index].0.key();
        let client_id = file_clients[client_index].0.id;
        let client_shown = file_clients[client_index].0.name.clone();

        let numbers = Numbers { conn, batch, file: &file_numbers };
        let duplicate = numbers.duplicate_of(&parsed.number, client_id, &client_key, &at, &mut result.errors)?;
        if duplicate.is_some() && !cx.skip_duplicates {
            result.errors.push(problem(
                &at,
                format!("invoice {} is already in Duly for {client_shown} (a duplicate)", parsed.number),
            ));
        }
        file_numbers.insert(parsed.number.clone(), client_key);

        let due_date_used = due_date_used(parsed, cx, &mut warnings);
        let (items, tax_rate) = lines_to_store(parsed, &mut warnings, &mut review, &mut needs_review);
        let totals = match parse::totals(&items, tax_rate, parsed.currency, |i| format!("line {}", i + 1)) {
            Ok(totals) => totals,
            Err(e) => {
                result.errors.push(problem(&at, e.message));
                continue;
            }
        };
        // Paid before import: the file's total minus what it still asks for.
        let paid = if totals.total > 0 { (totals.total - parsed.amount_due).clamp(0, totals.total) } else { 0 };
        let seller = party_name(&parsed.seller).unwrap_or_else(|| cx.business_name.clone());
        result.invoices.push(ImportInvoice {
            number: parsed.number.clone(),
            credit_note: parsed.kind == duly_import::DocumentKind::CreditNote,
            issue_date: parsed.issue_date,
            due_date: parsed.due_date,
            due_date_used,
            currency: parsed.currency.code().to_owned(),
            total: parsed.total,
            amount_due: parsed.amount_due,
            total_display: display(parsed.total, parsed.currency, cx.language),
            amount_due_display: display(parsed.amount_due, parsed.currency, cx.language),
            seller,
            buyer: buyer_name,
            client: client_shown,
            client_id,
            duplicate,
            needs_review: needs_review || !review.is_empty(),
            warnings,
            review: review.clone(),
        });
        if cx.refuse_unverified && !review.is_empty() {
            result.errors.push(problem(
                &at,
                format!("{}: invoice {} is unverified ({}); nothing was imported (--accept-unverified imports it to review)", result.file, parsed.number, review.join("; ")),
            ));
        }
        plan.invoices.push(Planned {
            client: client_index,
            invoice: invoices::Invoice {
                id: None,
                number: parsed.number.clone(),
                client_id: client_id.unwrap_or_default(),
                issue_date: parsed.issue_date,
                due_date: due_date_used,
                currency: parsed.currency,
                tax_rate: tax_rate.hundredths_of_percent(),
                subtotal_minor: totals.subtotal,
                tax_minor: totals.tax,
                total_minor: totals.total,
                paid_minor: paid,
                status: status_of(Lifecycle::Issued, totals.total, paid),
                notes: String::new(),
                created_at: cx.now.clone(),
                updated_at: cx.now.clone(),
            },
            items,
            paid,
            skip: duplicate.is_some(),
            review: (!review.is_empty()).then(|| review.join("\n")),
        });
    }

    result.ok = result.errors.is_empty();
    // Only what would really be created counts for the next files of a preview.
    if result.ok {
        for (k, shown, _) in &file_clients {
            if shown.existing_id.is_none() && !batch.new_clients.iter().any(|n| n.key() == k.key()) {
                batch.new_clients.push(k.clone());
            }
        }
        batch.numbers.extend(file_numbers);
    }
    result.clients = file_clients.iter().map(|(_, shown, _)| shown.clone()).collect();
    plan.clients = file_clients.into_iter().map(|(_, _, r)| r).collect();
    plan.result = result;
    Ok(plan)
}

/// The clients one file's invoices go to, in first-seen order: how each is matched, what the
/// preview shows, and what the commit does (use an existing client or create one).
type FileClients = Vec<(Known, ImportClient, ClientRef)>;

/// The client an invoice's buyer is: one of this file's already, else an existing client, else a
/// new one (added to `file_clients`). Its index in `file_clients`.
fn client_of(
    parsed: &ParsedInvoice,
    buyer_name: &str,
    file: &str,
    cx: &Context,
    known: &[Known],
    file_clients: &mut FileClients,
) -> usize {
    let probe = Known::new(None, buyer_name, parsed.buyer.tax_id.as_deref().unwrap_or_default());
    if let Some((i, _)) = find_client(file_clients.iter().map(|(k, _, _)| k), &probe) {
        return i;
    }
    let (client_ref, known_entry, matched_by) = match find_client(known.iter(), &probe) {
        Some((i, by)) => {
            let k = known[i].clone();
            (
                k.id.map_or_else(|| ClientRef::New(new_client(parsed, buyer_name, file, cx)), ClientRef::Existing),
                k,
                Some(by),
            )
        }
        None => (ClientRef::New(new_client(parsed, buyer_name, file, cx)), probe.clone(), None),
    };
    let shown = ImportClient {
        name: known_entry.name.clone(),
        tax_id: parsed.buyer.tax_id.clone().unwrap_or_default(),
        existing_id: known_entry.id,
        matched_by: matched_by.filter(|_| known_entry.id.is_some()),
        invoice_count: 0,
    };
    file_clients.push((known_entry, shown, client_ref));
    file_clients.len() - 1
}

/// The invoice numbers an import must not repeat: the database's, the earlier files' of this
/// batch, and this file's so far (number -> client key).
struct Numbers<'a> {
    conn: &'a Connection,
    batch: &'a Batch,
    file: &'a BTreeMap<String, String>,
}

impl Numbers<'_> {
    /// Whether `number` is a duplicate for this client. Numbers are unique in Duly, so the same
    /// number for another client is an error (in `errors`) whatever the user chooses.
    fn duplicate_of(
        &self,
        number: &str,
        client_id: Option<i64>,
        client_key: &str,
        at: &str,
        errors: &mut Vec<ImportProblem>,
    ) -> ApiResult<Option<Duplicate>> {
        let mut duplicate = None;
        if let Some(existing) = invoices::get_by_number(self.conn, number)? {
            if Some(existing.client_id) == client_id {
                duplicate = Some(Duplicate::InDatabase);
            } else {
                let other = clients::get(self.conn, existing.client_id)?.map(|c| c.name).unwrap_or_default();
                errors.push(problem(at, format!("invoice number {number} is already used by an invoice of {other}")));
            }
        } else if let Some(owner) = self.batch.numbers.get(number).or_else(|| self.file.get(number)) {
            if *owner == client_key {
                duplicate = Some(Duplicate::InBatch);
            } else {
                errors.push(problem(
                    at,
                    format!("invoice number {number} appears twice in this import for different clients"),
                ));
            }
        }
        Ok(duplicate)
    }
}

/// The due date stored: the file's, unless it is before the issue date (then the issue date),
/// or the issue date plus the business's payment terms when the file has none. Each replacement
/// is a warning.
fn due_date_used(parsed: &ParsedInvoice, cx: &Context, warnings: &mut Vec<String>) -> NaiveDate {
    match parsed.due_date {
        Some(d) if d < parsed.issue_date => {
            warnings.push(format!("the due date {d} is before the issue date: the issue date is used"));
            parsed.issue_date
        }
        Some(d) => d,
        None => {
            let d = u64::try_from(cx.terms_days)
                .ok()
                .and_then(|t| parsed.issue_date.checked_add_days(Days::new(t)))
                .unwrap_or(parsed.issue_date);
            warnings
                .push(format!("no due date in the file: {d} (your payment terms of {} days) is used", cx.terms_days));
            d
        }
    }
}

/// The lines and tax rate stored. A credit note is kept for review as a record; an amount due
/// above the total (a negative prepayment, an earlier balance) becomes lines, since what is owed
/// is what counts, and is put to review.
fn lines_to_store(
    parsed: &ParsedInvoice,
    warnings: &mut Vec<String>,
    review: &mut Vec<String>,
    needs_review: &mut bool,
) -> (Vec<LineItem>, TaxRate) {
    if parsed.kind == duly_import::DocumentKind::CreditNote || parsed.total < 0 {
        *needs_review = true;
        warnings.push("a credit note is kept as a record with a negative total; it does not lower what the client owes on other invoices".to_owned());
    }
    let (mut items, mut tax_rate) = stored_lines(parsed, warnings);
    if parsed.total >= 0 && parsed.amount_due > parsed.total {
        *needs_review = true;
        warnings.push("the amount due is more than the invoice total: the difference is added as a line".to_owned());
        review.push("amount due: it is more than the invoice total (the difference is added as a line)".to_owned());
        if tax_rate != TaxRate(0) {
            let tax = compute_totals(&items, tax_rate).map_or(0, |t| t.tax);
            items.push(LineItem {
                description: "Tax as on the invoice".to_owned(),
                quantity: Quantity::from_whole(1),
                unit_price: tax,
            });
            tax_rate = TaxRate(0);
        }
        items.push(LineItem {
            description: "Other amounts due as on the invoice".to_owned(),
            quantity: Quantity::from_whole(1),
            unit_price: parsed.amount_due - parsed.total,
        });
    }
    (items, tax_rate)
}

fn party_name(p: &Party) -> Option<String> {
    p.name.as_deref().or(p.trading_name.as_deref()).map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned)
}

/// Tax id decides when both have one; otherwise the name, exactly (ignoring case and spacing),
/// then without legal-form words ("ACME S.R.L." is "Acme SRL").
fn find_client<'a>(known: impl Iterator<Item = &'a Known> + Clone, probe: &Known) -> Option<(usize, MatchedBy)> {
    if !probe.tax_key.is_empty()
        && let Some(i) = known.clone().position(|k| k.tax_key == probe.tax_key)
    {
        return Some((i, MatchedBy::TaxId));
    }
    let compatible = |k: &Known| k.tax_key.is_empty() || probe.tax_key.is_empty();
    if let Some(i) = known.clone().position(|k| compatible(k) && k.name_key == probe.name_key) {
        return Some((i, MatchedBy::Name));
    }
    if probe.loose_key.is_empty() {
        return None;
    }
    known.clone().position(|k| compatible(k) && k.loose_key == probe.loose_key).map(|i| (i, MatchedBy::Name))
}

fn new_client(parsed: &ParsedInvoice, name: &str, file: &str, cx: &Context) -> NewClient {
    let buyer = &parsed.buyer;
    let address = buyer.address.as_ref().map_or_else(String::new, |a| {
        let mut parts: Vec<String> = a.lines.clone();
        let city = [a.postal_code.as_deref(), a.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if !city.is_empty() {
            parts.push(city);
        }
        parts.extend(a.region.clone());
        parts.extend(a.country.clone());
        parts.join("\n")
    });
    let country = buyer.address.as_ref().and_then(|a| a.country.as_deref()).unwrap_or_default();
    let language = match country.to_ascii_uppercase().as_str() {
        "RO" | "MD" => Language::Ro,
        "ID" => Language::Id,
        "" => cx.language,
        _ => Language::En,
    };
    NewClient {
        row: clients::Client {
            id: None,
            name: name.to_owned(),
            address,
            tax_id: buyer.tax_id.clone().or_else(|| buyer.registration_id.clone()).unwrap_or_default(),
            language,
            currency: parsed.currency,
            notes: format!("Imported from {file}"),
            country: String::new(),
            timezone: String::new(),
            created_at: cx.now.clone(),
        },
        email: buyer.email.clone().unwrap_or_default(),
    }
}

/// Lines Duly can store whose core total is exactly the document's total: the file's lines
/// with one tax rate when one reproduces the total, else the lines plus one line for the
/// tax and charges as the invoice states them (mixed rates, allowances, rounding).
fn stored_lines(parsed: &ParsedInvoice, warnings: &mut Vec<String>) -> (Vec<LineItem>, TaxRate) {
    let mut items: Vec<LineItem> = Vec::new();
    for (i, l) in parsed.lines.iter().enumerate() {
        let description =
            if l.description.trim().is_empty() { format!("Line {}", i + 1) } else { l.description.trim().to_owned() };
        let exact = match (l.quantity, l.unit_price) {
            (Some(q), Some(p)) => {
                // The schema keeps quantities non-negative: a credit line is a negative price.
                let (q, p) = if q < 0 { (-q, -p) } else { (q, p) };
                let item = LineItem { description: description.clone(), quantity: Quantity(q), unit_price: p };
                (l.amount.is_none() || l.amount == Some(item.amount())).then_some(item)
            }
            _ => None,
        };
        match (exact, l.amount) {
            (Some(item), _) => items.push(item),
            (None, Some(amount)) => {
                items.push(LineItem { description, quantity: Quantity::from_whole(1), unit_price: amount })
            }
            (None, None) => {}
        }
    }
    // Saturating: lines too large to add up are refused by the totals afterwards.
    let net: i64 = items.iter().map(LineItem::amount).fold(0, i64::saturating_add);
    if items.is_empty() {
        let what = if parsed.kind == duly_import::DocumentKind::CreditNote { "Credit note" } else { "Invoice" };
        return (
            vec![LineItem {
                description: format!("{what} {} (imported total)", parsed.number),
                quantity: Quantity::from_whole(1),
                unit_price: parsed.total,
            }],
            TaxRate(0),
        );
    }
    let tax = parsed.total.saturating_sub(net);
    if tax == 0 {
        return (items, TaxRate(0));
    }
    if net != 0 {
        // The rate in hundredths of a percent that the core's rounding turns into this tax.
        let guess = i128::from(tax) * 10_000 / i128::from(net);
        for candidate in [guess, guess + 1, guess - 1] {
            if let Ok(rate) = i64::try_from(candidate)
                && (0..=10_000).contains(&rate)
                && TaxRate(rate).tax_on(net) == tax
            {
                return (items, TaxRate(rate));
            }
        }
    }
    warnings.push("tax is not one rate over the lines: it is kept as one line, as on the invoice".to_owned());
    items.push(LineItem {
        description: "Tax and charges as on the invoice".to_owned(),
        quantity: Quantity::from_whole(1),
        unit_price: tax,
    });
    (items, TaxRate(0))
}

fn write_plan(tx: &Connection, cx: &Context, plan: &Plan) -> ApiResult<()> {
    let mut ids: Vec<Option<i64>> = Vec::with_capacity(plan.clients.len());
    for (i, c) in plan.clients.iter().enumerate() {
        // A new client whose invoices are all skipped duplicates cannot happen (a duplicate
        // needs an existing client), but create only clients that get an invoice anyway.
        let used = plan.invoices.iter().any(|p| p.client == i && !p.skip);
        ids.push(match c {
            ClientRef::Existing(id) => Some(*id),
            ClientRef::New(_) if !used => None,
            ClientRef::New(n) => {
                let id = clients::insert(tx, &n.row)?;
                if !n.email.trim().is_empty() {
                    let contact = contacts::Contact {
                        id: None,
                        name: n.row.name.clone(),
                        role: crate::ContactRole::Billing.as_str().to_owned(),
                        email: n.email.trim().to_owned(),
                        phone: String::new(),
                        language: None,
                        timezone: String::new(),
                    };
                    contacts::replace_for_client(tx, id, &[contact])?;
                }
                Some(id)
            }
        });
    }
    for p in plan.invoices.iter().filter(|p| !p.skip) {
        let mut row = p.invoice.clone();
        row.client_id = ids[p.client]
            .ok_or_else(|| ApiError::new(crate::ErrorCode::Internal, "imported invoice without a client"))?;
        let id = invoices::insert(tx, &row).map_err(|e| {
            let e = duly_store::StoreError::from(e);
            if e.is_unique_violation() {
                ApiError::conflict(format!("invoice number {} is already used", row.number))
            } else {
                e.into()
            }
        })?;
        lines::replace_for_invoice(tx, id, &p.items)?;
        events::insert(tx, id, &event(&cx.now, crate::TimelineKind::Imported, &plan.result.file))?;
        if let Some(review) = &p.review {
            invoices::set_review(tx, id, Some(review))?;
        }
        if p.paid > 0 {
            let payment = payments::NewPayment {
                invoice_id: id,
                paid_on: row.issue_date,
                amount_minor: p.paid,
                method: "import".to_owned(),
                note: format!("paid before import, as {} says (date unknown)", plan.result.file),
                created_at: cx.now.clone(),
            };
            crate::invoices::payments::write_payment(tx, &payment, row.currency)?;
        }
    }
    for credit in &plan.credits {
        credits::net_imported(tx, credit, &cx.now, cx.language)?;
    }
    if let Some((sig, mapping)) = &plan.remember {
        let mut all = remembered(tx)?;
        all.insert(sig.clone(), mapping.clone());
        let json = serde_json::to_string(&all).map_err(|e| ApiError::new(crate::ErrorCode::Internal, e.to_string()))?;
        settings::set(tx, CSV_MAPPINGS_KEY, &json, &cx.now)?;
    }
    Ok(())
}

fn report(files: Vec<ImportFileResult>) -> ImportReport {
    let ok: Vec<&ImportFileResult> = files.iter().filter(|f| f.ok).collect();
    let invoice_count = ok.iter().map(|f| f.invoices.iter().filter(|i| i.duplicate.is_none()).count()).sum::<usize>();
    let new_client_count =
        ok.iter().map(|f| f.clients.iter().filter(|c| c.existing_id.is_none()).count()).sum::<usize>();
    let failed = files.len() - ok.len();
    ImportReport {
        invoice_count: i64::try_from(invoice_count).unwrap_or(i64::MAX),
        new_client_count: i64::try_from(new_client_count).unwrap_or(i64::MAX),
        failed_files: i64::try_from(failed).unwrap_or(i64::MAX),
        files,
    }
}

/// Used by unit tests of the line reconstruction.
#[cfg(test)]
mod tests {
    use super::*;
    use duly_import::{DocumentKind, Line};

    fn parsed(lines: Vec<Line>, total: i64) -> ParsedInvoice {
        ParsedInvoice {
            number: "1".into(),
            kind: DocumentKind::Invoice,
            issue_date: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            due_date: None,
            currency: "EUR".parse().unwrap(),
            total,
            amount_due: total,
            seller: Party::default(),
            buyer: Party::default(),
            lines,
            credited_invoice: None,
            needs_review: false,
            warnings: vec![],
        }
    }

    fn line(q: i64, p: i64, a: i64) -> Line {
        Line { description: "x".into(), quantity: Some(q), unit_price: Some(p), amount: Some(a) }
    }

    #[test]
    fn every_csv_field_maps_to_the_parser_field_of_the_same_name_and_back() {
        let mut seen = std::collections::BTreeSet::new();
        for field in CsvField::ALL {
            let parser: duly_import::Field = field.into();
            // The same wire name on both sides: remembered mappings are stored with the parser's.
            assert_eq!(serde_json::to_value(field).unwrap(), serde_json::to_value(parser).unwrap());
            assert_eq!(serde_json::to_value(field).unwrap(), parser.as_str());
            assert_eq!(CsvField::from(parser), field);
            assert!(seen.insert(parser), "{field:?} maps to a parser field another one maps to");
        }
    }

    #[test]
    fn one_rate_is_found_and_otherwise_tax_is_a_line() {
        let mut w = vec![];
        let (items, rate) =
            stored_lines(&parsed(vec![line(2000, 5000, 10_000), line(1000, 2550, 2550)], 14_935), &mut w);
        assert_eq!(rate, TaxRate(1900));
        assert_eq!(compute_totals(&items, rate).unwrap().total, 14_935);
        assert!(w.is_empty());
        let (items, rate) =
            stored_lines(&parsed(vec![line(1000, 10_000, 10_000), line(1000, 10_000, 10_000)], 22_900), &mut w);
        assert_eq!((rate, compute_totals(&items, rate).unwrap().total), (TaxRate(1450), 22_900));
        let (items, rate) = stored_lines(&parsed(vec![line(1000, 333, 333)], 1_000), &mut w);
        assert_eq!(compute_totals(&items, rate).unwrap().total, 1_000);
        let (items, rate) = stored_lines(&parsed(vec![], 12_345), &mut w);
        assert_eq!((items.len(), compute_totals(&items, rate).unwrap().total), (1, 12_345));
        // A discount making qty × price differ from the stated amount keeps the amount.
        let (items, rate) = stored_lines(&parsed(vec![line(-1000, 500, -500), line(3000, 1000, 2700)], 2_200), &mut w);
        assert_eq!(compute_totals(&items, rate).unwrap().total, 2_200);
        assert!(items.iter().all(|i| i.quantity.thousandths() >= 0));
    }
}
