//! The send-time checks a reminder gets beyond the one-invoice ones in `outbox_guard`:
//!
//! - a message that lists several invoices (the combined reminder, `outbox_invoices`) states an
//!   amount for each; if any of them changed since it was queued (a part payment, a credit note
//!   from another process, a reversal), the list is stale and the message is cancelled, not sent.
//!   Paid, voided, paused, promised and replied-to invoices are caught by `outbox_guard`'s check
//!   of every covered invoice (`covered_invoices` reads `outbox_invoices` too).
//! - a reminder for a client whose reminders were switched off is cancelled (reason `paused`).

use duly_store::{Connection, clients, invoices, outbox as table, outbox_invoices};

use crate::ApiResult;
use crate::shared::reminder_cancel::CancelReason;

/// Why a queued reminder must be cancelled rather than sent, or `None`.
pub(crate) fn recheck(conn: &Connection, row: &table::OutboxRow) -> ApiResult<Option<CancelReason>> {
    if client_off(conn, row)? {
        return Ok(Some(CancelReason::Paused));
    }
    for covered in outbox_invoices::list(conn, row.id)? {
        let Some(inv) = invoices::get(conn, covered.invoice_id)? else { continue };
        let open = inv.total_minor.saturating_sub(inv.paid_minor).max(0);
        if open != covered.amount_due_minor {
            return Ok(Some(if open == 0 {
                CancelReason::Paid
            } else if open > covered.amount_due_minor {
                CancelReason::PaymentReversed
            } else {
                CancelReason::PartlyPaid
            }));
        }
    }
    Ok(None)
}

/// Whether the message's client has reminders off.
fn client_off(conn: &Connection, row: &table::OutboxRow) -> ApiResult<bool> {
    let client = match (row.client_id, row.invoice_id) {
        (Some(c), _) => Some(c),
        (None, Some(i)) => invoices::get(conn, i)?.map(|inv| inv.client_id),
        (None, None) => None,
    };
    Ok(match client {
        Some(c) => clients::reminder_settings(conn, c)?.reminders_off,
        None => false,
    })
}
