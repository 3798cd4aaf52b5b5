//! Invoices "to review": imported invoices Duly must not chase until the user confirms them.
//!
//! A UBL file between two other companies, imported by mistake, once topped Today's chase list
//! as a six-figure debt. So an imported invoice whose seller is not the business (or cannot be
//! checked because the business profile is empty), one read from a PDF by heuristics, or one the
//! importer is unsure about is stored with `invoices.review` set: the fields in doubt, one
//! "field: why" per line. Such an invoice is not owed (aging, overview, client totals and the
//! invoice list's overdue figures leave it out, in duly-store's queries), is not on Today and is
//! never reminded, until `invoice_confirm` clears the column.

use duly_import::{BusinessIdentity, Direction, DocumentKind, ParsedInvoice, classify};
use duly_store::{Connection, events, invoices};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::import::ImportFormat;
use crate::invoices::InvoiceDetail;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly, ErrorCode};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvoiceConfirmInput {
    /// The invoice's number.
    pub number: String,
}

/// The doubts about one parsed invoice, each "field: why"; empty when Duly may chase it.
///
/// An empty business profile cannot be compared with the seller: a file that names a seller is
/// then to review too (the user fills in the profile or confirms), while a file that names none
/// (an export of the user's own invoicing tool) is trusted, as before.
pub(crate) fn doubts(
    parsed: &ParsedInvoice,
    format: Option<ImportFormat>,
    me: &BusinessIdentity,
    business_name: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let seller =
        parsed.seller.name.as_deref().or(parsed.seller.trading_name.as_deref()).unwrap_or("unnamed").trim().to_owned();
    if let Direction::Unverified { .. } = classify(parsed, me) {
        out.push(format!("seller: the seller on this invoice is {seller}, not you ({business_name})"));
    } else if !me.is_configured() && !parsed.seller.is_empty() {
        out.push(format!(
            "seller: the seller on this invoice is {seller}; your business profile is empty, so Duly cannot check that it is you"
        ));
    }
    if format == Some(ImportFormat::Pdf) {
        out.push(
            "all fields: read from the PDF's text by heuristics; check the number, dates, amounts and client"
                .to_owned(),
        );
    } else if parsed.needs_review && parsed.kind != DocumentKind::CreditNote {
        let why = if parsed.warnings.is_empty() {
            "the importer is unsure of it".to_owned()
        } else {
            parsed.warnings.join("; ")
        };
        out.push(format!("details: {why}"));
    }
    out
}

/// The doubts stored for an invoice, one "field: why" each.
pub(crate) fn stored(conn: &Connection, invoice_id: i64) -> ApiResult<Vec<String>> {
    Ok(invoices::review_of(conn, invoice_id)?.map(|r| r.lines().map(str::to_owned).collect()).unwrap_or_default())
}

/// Refuses to chase an invoice still to review, naming it and the field(s) in doubt.
pub(crate) fn refuse_unconfirmed(conn: &Connection, invoice_id: i64, number: &str) -> ApiResult<()> {
    let doubts = stored(conn, invoice_id)?;
    if doubts.is_empty() {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::Conflict,
        format!("invoice {number} is to review ({}): confirm it before Duly chases it", doubts.join("; ")),
    ))
}

impl Duly {
    /// The user has checked an invoice to review: Duly may now count and chase it. Confirming
    /// an invoice with nothing to review is refused, so a script notices a wrong number.
    pub fn invoice_confirm(&mut self, input: InvoiceConfirmInput) -> ApiResult<InvoiceDetail> {
        let now = self.stamp();
        let tx = self.transaction()?;
        let inv = invoices::get_by_number(&tx, input.number.trim())?
            .ok_or_else(|| ApiError::not_found(format!("number: invoice {} does not exist", input.number.trim())))?;
        let id = inv.id.unwrap_or_default();
        let doubts = stored(&tx, id)?;
        if doubts.is_empty() {
            return Err(ApiError::conflict(format!("invoice {}: there is nothing to review", inv.number)));
        }
        invoices::set_review(&tx, id, None)?;
        events::insert(&tx, id, &event(&now, crate::TimelineKind::Confirmed, &doubts.join("; ")))?;
        tx.commit()?;
        self.detail(&inv)
    }
}
