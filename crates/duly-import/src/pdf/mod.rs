//! PDF invoices: the embedded e-invoice when there is one (Factur-X / ZUGFeRD, Odoo's UBL),
//! otherwise label heuristics over the page text, always flagged for review.

mod embedded;
pub mod heuristics;
mod streams;
pub mod text;

use lopdf::{Document, LoadOptions};

use crate::budget::Budget;
use crate::error::ImportError;
use crate::model::Format;
use crate::{Read, xml};

/// Object and cross-reference streams are decompressed while loading; lopdf's default bound is
/// 256 MiB each, far more than a 20 MB invoice needs.
const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;

pub fn load(bytes: &[u8]) -> Result<Document, ImportError> {
    let options = LoadOptions { max_decompressed_size: Some(MAX_STREAM_BYTES), ..LoadOptions::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| ImportError::Pdf(e.to_string()))?;
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(ImportError::Pdf("it is password-protected; save an unprotected copy and import that".to_owned()));
    }
    Ok(doc)
}

pub fn read(
    bytes: &[u8],
    default_currency: Option<duly_core::Currency>,
    me: &crate::BusinessIdentity,
    budget: &Budget,
) -> Read {
    let mut doc = match load(bytes) {
        Ok(d) => d,
        Err(e) => return Read::failed(Some(Format::Pdf), vec![e]),
    };
    let attachment = match embedded::invoice_xml(&mut doc, budget) {
        Ok(a) => a,
        Err(e) => return Read::failed(Some(Format::Pdf), vec![e]),
    };
    match attachment {
        Some(Ok(att)) => {
            let (_, outcome) = xml::read(&att.bytes);
            match outcome {
                Ok((mut invoice, warnings)) => {
                    invoice.warnings.extend(warnings);
                    Read { format: Some(Format::Facturx), invoices: vec![invoice], ..Read::default() }
                }
                Err(errors) => {
                    let errors = errors.into_iter().map(|e| in_attachment(&att.name, e)).collect();
                    Read::failed(Some(Format::Facturx), errors)
                }
            }
        }
        Some(Err(message)) => Read::failed(Some(Format::Facturx), vec![ImportError::Pdf(message)]),
        None => {
            let pages = match text::page_rows(&mut doc, budget) {
                Ok(p) => p,
                Err(e) => return Read::failed(Some(Format::Pdf), vec![e]),
            };
            if pages.iter().flatten().flatten().all(|c| c.text.trim().is_empty()) {
                return Read::failed(Some(Format::Pdf), vec![ImportError::PdfNoText]);
            }
            match heuristics::extract_rows(&pages, default_currency, me) {
                Ok(invoice) => Read { format: Some(Format::Pdf), invoices: vec![invoice], ..Read::default() },
                Err(errors) => Read::failed(Some(Format::Pdf), errors),
            }
        }
    }
}

/// XML errors inside a PDF point into the attachment, so the location says which.
fn in_attachment(name: &str, e: ImportError) -> ImportError {
    match e {
        ImportError::Missing { at, what } => ImportError::Missing { at: format!("{name}: {at}"), what },
        ImportError::Invalid { at, what, value, reason } => {
            ImportError::Invalid { at: format!("{name}: {at}"), what, value, reason }
        }
        other => ImportError::Pdf(format!("the attached {name} is broken: {other}")),
    }
}
