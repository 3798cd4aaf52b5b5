//! What one imported file turns into: the shapes the app, the CLI and the tests all read.

use chrono::NaiveDate;
use duly_core::Currency;
use serde::{Deserialize, Serialize};

/// What a file really is, decided from its bytes (see `sniff`), never from its name alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// OASIS UBL 2.1 `Invoice` or `CreditNote` (EN 16931, Peppol BIS 3, CIUS-RO).
    Ubl,
    /// UN/CEFACT Cross Industry Invoice (D16B) or ZUGFeRD 1.0 `CrossIndustryDocument`.
    Cii,
    /// A PDF carrying a CII (Factur-X / ZUGFeRD) or UBL invoice as an embedded file.
    Facturx,
    Csv,
    /// A PDF without an embedded invoice: values come from text heuristics.
    Pdf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Ubl => "ubl",
            Format::Cii => "cii",
            Format::Facturx => "facturx",
            Format::Csv => "csv",
            Format::Pdf => "pdf",
        }
    }
}

/// Whether the document asks for money or gives it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    #[default]
    Invoice,
    /// UBL `CreditNote` or CII type code 381/396/532. Its amounts are negated on import, so a
    /// client's credit note nets against their invoices instead of looking like a new debt.
    CreditNote,
}

/// A postal address as far as the file gives one; every part is optional because exports rarely
/// carry all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub lines: Vec<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 where the file says so (e-invoices always do).
    pub country: Option<String>,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
            && self.city.is_none()
            && self.postal_code.is_none()
            && self.region.is_none()
            && self.country.is_none()
    }
}

/// Seller or buyer. The tax id is what direction matching trusts most, so it is kept separate
/// from the registration number (a Romanian CUI without "RO" is not a VAT number).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: Option<String>,
    /// Trading name when the file gives one besides the legal name.
    pub trading_name: Option<String>,
    /// VAT / tax registration id (UBL `PartyTaxScheme/CompanyID`, CII `SpecifiedTaxRegistration`).
    pub tax_id: Option<String>,
    /// Company registration number (UBL `PartyLegalEntity/CompanyID`, CII legal organisation id).
    pub registration_id: Option<String>,
    pub email: Option<String>,
    pub address: Option<Address>,
}

impl Party {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.trading_name.is_none()
            && self.tax_id.is_none()
            && self.registration_id.is_none()
            && self.email.is_none()
            && self.address.is_none()
    }
}

/// One invoice line. Amounts here are in minor units of the invoice currency; a unit price
/// finer than the minor unit (0.8403 EUR) is rounded half away from zero and the invoice gets a
/// warning, because line values are informational: what is owed comes from the document totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub description: String,
    /// Thousandths (duly-core's `Quantity` scale): 1.5 hours is 1500. Negative on credit lines.
    pub quantity: Option<i64>,
    pub unit_price: Option<i64>,
    /// Line net amount as the file states it.
    pub amount: Option<i64>,
}

/// One invoice as read from a file, before anything is written anywhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedInvoice {
    pub number: String,
    pub kind: DocumentKind,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    #[serde(serialize_with = "currency_code")]
    pub currency: Currency,
    /// Total including tax, minor units (UBL `TaxInclusiveAmount`, CII `GrandTotalAmount`).
    pub total: i64,
    /// What is still to be paid, minor units: prepaid amounts already deducted (UBL
    /// `PayableAmount`, CII `DuePayableAmount`, a CSV's balance column).
    pub amount_due: i64,
    pub seller: Party,
    pub buyer: Party,
    pub lines: Vec<Line>,
    /// The invoice a credit note corrects, as the file names it (UBL
    /// `BillingReference/InvoiceDocumentReference/ID`, CII `InvoiceReferencedDocument/
    /// IssuerAssignedID`); `None` for an invoice or a credit note that names none.
    pub credited_invoice: Option<String>,
    /// True when a person must look before the invoice is saved: values guessed from PDF text,
    /// a currency taken from the caller's default, a credit note.
    pub needs_review: bool,
    /// Non-fatal remarks about this invoice in the user's terms ("unit price 0.8403 rounded").
    pub warnings: Vec<String>,
}

/// A problem and where it is, in terms a person can find in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// "row 7, column due_date", "line 12", "/Invoice/cbc:IssueDate", "page 1", or "file".
    #[serde(rename = "where")]
    pub location: String,
    pub message: String,
}

impl Issue {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self { location: location.into(), message: message.into() }
    }
}

/// Everything the importer has to say about one file.
///
/// The contract for callers: if `errors` is not empty, write nothing from this file. Invoices
/// that did parse are still listed so the preview can show them next to the errors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileResult {
    pub file: String,
    /// `None` only when the bytes are none of the supported formats.
    pub format: Option<Format>,
    pub invoices: Vec<ParsedInvoice>,
    pub errors: Vec<Issue>,
    /// File-level remarks that do not block the import (e.g. "dates read as day-first").
    pub warnings: Vec<Issue>,
}

impl FileResult {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

fn currency_code<S: serde::Serializer>(currency: &Currency, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(currency.code())
}
