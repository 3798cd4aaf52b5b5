//! Why a file, or a value in it, cannot be imported.

use crate::model::Issue;

/// Every way an import can fail. Each error knows where it happened (`location`), so the user
/// is pointed at the row, line or element to fix rather than at the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is {size} bytes; files over {limit} bytes ({} MB) are not imported", limit / 1_000_000)]
    TooLarge { size: usize, limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error("not a CSV export, a UBL/CII e-invoice or a PDF invoice ({0})")]
    UnknownFormat(String),
    #[error(
        "this XML is not an invoice Duly reads (root element {0}); expected UBL Invoice/CreditNote or CII CrossIndustryInvoice"
    )]
    UnknownXml(String),
    #[error("the XML is malformed: {0}")]
    XmlSyntax(String),
    #[error("the XML declares a DOCTYPE, which e-invoices never need; refused so that entity tricks cannot run")]
    XmlDoctype,
    #[error("the XML nests deeper than {0} elements; refused")]
    XmlTooDeep(usize),
    #[error("{what} is missing")]
    Missing { at: String, what: &'static str },
    #[error("\"{value}\" is not a valid {what}: {reason}")]
    Invalid { at: String, what: &'static str, value: String, reason: String },
    #[error("the PDF cannot be read: {0}")]
    Pdf(String),
    #[error("the PDF has no text layer (a scan?); Duly cannot read scanned invoices yet")]
    PdfNoText,
    #[error(
        "its compressed parts expand to more than {} MB in total; refused as a decompression bomb", limit / (1024 * 1024)
    )]
    InflateBudget { limit: usize },
    #[error("reading it took longer than the {secs} s allowed for one file; refused (a hostile or broken file?)")]
    TimeBudget { secs: u64 },
    #[error("the import was cancelled")]
    Cancelled,
    #[error("{message}")]
    Csv { at: String, message: String },
}

impl ImportError {
    pub fn missing(at: impl Into<String>, what: &'static str) -> Self {
        Self::Missing { at: at.into(), what }
    }

    pub fn invalid(at: impl Into<String>, what: &'static str, value: &str, reason: impl Into<String>) -> Self {
        let mut shown: String = value.chars().take(80).collect();
        if value.chars().count() > 80 {
            shown.push('…');
        }
        Self::Invalid { at: at.into(), what, value: shown, reason: reason.into() }
    }

    pub fn csv(at: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Csv { at: at.into(), message: message.into() }
    }

    /// Where in the file the problem is; "file" for problems with the file as a whole.
    pub fn location(&self) -> &str {
        match self {
            Self::Missing { at, .. } | Self::Invalid { at, .. } | Self::Csv { at, .. } => at,
            _ => "file",
        }
    }

    pub fn to_issue(&self) -> Issue {
        Issue::new(self.location(), self.to_string())
    }
}
