//! What can stop a document from being written, in terms the user can act on.

use duly_core::Currency;

/// Why a document could not be rendered. Each variant names the text, field or row to fix, so
/// the API can pass the message to the user unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// A logo that is not a readable PNG or JPEG.
    #[error("the logo could not be read as PNG or JPEG: {0}")]
    Logo(String),
    /// A line, payment or charge in another currency than its document (amounts of different
    /// currencies are never added).
    #[error("{what} is in {found}, but the {document} is in {expected}")]
    CurrencyMismatch { what: String, found: Currency, expected: Currency, document: &'static str },
    /// An amount too large to add up in minor units.
    #[error("the amounts of {0} are too large to add up")]
    Overflow(String),
    /// The SEPA payment QR code was asked for but the payment details do not allow one.
    #[error("the SEPA payment QR code cannot be made: {0}")]
    EpcQr(#[from] crate::epc::EpcError),
    /// A document with nothing to list (a statement without open invoices, a demand letter
    /// without an invoice) would be misleading rather than empty.
    #[error("the {0} lists nothing: give it at least one invoice")]
    Empty(&'static str),
    /// The PDF writer failed; only a bug can cause this, since nothing is written to disk.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// A bundled wording template (assets/templates) does not render; only a broken build can
    /// cause this, and the tests render every one.
    #[error("the document's wording could not be written: {0}")]
    Template(String),
    /// The bundled fonts could not be parsed; only a broken build can cause this.
    #[error("the bundled font {0} could not be loaded")]
    Font(&'static str),
}
