//! Stub; replaced below.
use crate::error::ImportError;
use crate::model::ParsedInvoice;
pub fn extract(_pages: &[String]) -> Result<ParsedInvoice, Vec<ImportError>> {
    Err(vec![ImportError::PdfNoText])
}
