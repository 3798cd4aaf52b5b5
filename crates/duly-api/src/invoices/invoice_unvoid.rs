//! `invoice_unvoid`: a void taken back. The invoice returns to what it was before (a draft if it
//! had never been issued, else open again: overdue, on Today and chased from where the ladder
//! stands), with an `unvoided` timeline entry beside the `voided` one.

use duly_core::{InvoiceStatus, Lifecycle, status_of};
use duly_store::{events, invoices};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::invoices::InvoiceDetail;
use crate::shared::timeline::event;
use crate::{ApiError, ApiResult, Duly};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvoiceUnvoidInput {
    /// The invoice's number.
    pub number: String,
}

impl Duly {
    pub fn invoice_unvoid(&mut self, input: InvoiceUnvoidInput) -> ApiResult<InvoiceDetail> {
        let number = input.number.trim();
        let now = self.stamp();
        let tx = self.transaction()?;
        let inv = invoices::get_by_number(&tx, number)?
            .ok_or_else(|| ApiError::not_found(format!("number: invoice {number} does not exist")))?;
        if inv.status != InvoiceStatus::Void {
            return Err(ApiError::invalid(format!("invoice {} is {}, not void", inv.number, inv.status)));
        }
        let id = inv.id.unwrap_or_default();
        // The status column forgets what a void replaced; the timeline remembers whether the
        // invoice was ever issued ("sent"), which is all `status_of` needs with the payments.
        let issued = crate::shared::timeline::read(&tx, id)?.iter().any(|e| e.kind == crate::TimelineKind::Sent);
        let lifecycle = if issued { Lifecycle::Issued } else { Lifecycle::Draft };
        let status = status_of(lifecycle, inv.total_minor, inv.paid_minor);
        invoices::set_payment_state(&tx, id, inv.paid_minor, status, &now)?;
        events::insert(&tx, id, &event(&now, crate::TimelineKind::Unvoided, ""))?;
        tx.commit()?;
        self.invoice_get(&inv.number)
    }
}
