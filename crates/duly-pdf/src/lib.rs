//! Duly's documents as PDF: the invoice (or a copy of it for a reminder), the statement of
//! account for one client, and the formal demand letter that ends the follow-up playbook.
//!
//! Each document is rendered from this crate's own plain input structs ([`InvoiceDoc`],
//! [`StatementDoc`], [`DemandLetterDoc`]) to PDF bytes. Nothing here reads the database, the
//! clock or the network: dates are inputs, and amounts are `duly-core` [`Money`] written with
//! [`duly_core::format_money`], so a document says exactly what the app shows.
//!
//! Text is set in DejaVu Sans (bundled in `assets/fonts`, compiled in), subset per document
//! with a ToUnicode map, so copying text or running `pdftotext` gives back the exact words,
//! Romanian ș ț ă î â included. A character DejaVu Sans lacks (a client's name in Japanese) is
//! drawn with a font found on the computer; one no font has is printed as a box, and the
//! rendered [`Pdf`] carries a [`PdfWarning`] saying so: a document is never refused for its text.
//!
//! [`Money`]: duly_core::Money

mod blocks;
mod credit_note;
mod dossier;
mod epc;
mod error;
mod fallback;
mod fonts;
mod invoice;
mod layout;
mod letter;
mod model;
mod output;
mod plan;
mod render;
pub mod samples;
mod sfnt;
mod statement;
mod words;

pub use credit_note::{CreditNoteDoc, render_credit_note};
pub use dossier::{DossierDoc, DossierEntry, DossierSection, render_dossier};
pub use epc::{EpcError, epc_payload};
pub use error::PdfError;
pub use fonts::warm_up;
pub use invoice::render_invoice;
pub use letter::render_demand_letter;
pub use model::{
    Channel, Charge, ContactRecord, DemandInvoice, DemandLaw, DemandLetterDoc, EarlyPaymentDiscount, InvoiceDoc,
    InvoiceLine, LateFee, PaperSize, Party, PaymentDetails, PaymentTerms, Percent, Signatory, StatementDoc,
    StatementEntry,
};
pub use output::{Pdf, PdfWarning};
pub use plan::{PlanDoc, PlanInstalmentLine, render_plan};
pub use statement::render_statement;
pub use words::{DocumentKind, call_outcome, file_title, format_percent, format_quantity, page_of};

/// How many pages a PDF written by this crate has: the page objects, which it never packs
/// into object streams. Saves the API a parse of the document it has just rendered.
pub fn page_count(pdf: &[u8]) -> usize {
    const PAGE: &[u8] = b"/Type/Page";
    pdf.windows(PAGE.len() + 1).filter(|w| w.starts_with(PAGE) && !w[PAGE.len()].is_ascii_alphanumeric()).count()
}
