//! The send-time check of a statement email ("Email statement" on the client page): it lists
//! the client's open invoices, so once none is open it is cancelled, not sent. It lives with the
//! outbox's other checks; `followups::statement_send` words and queues the message.

use duly_core::InvoiceStatus;
use duly_messages::STATEMENT;
use duly_store::{Connection, invoices as invoice_table, outbox as outbox_table};

use crate::ApiResult;
use crate::shared::reminder_cancel::CancelReason;

/// The outbox kind (and template id) of a statement email.
pub(crate) const STATEMENT_KIND: &str = STATEMENT;

/// The client's invoices the statement lists today: issued, not void, something still owed
/// (the statement PDF's rule on its day).
pub(crate) fn open_invoices(conn: &Connection, client_id: i64) -> ApiResult<Vec<invoice_table::Invoice>> {
    let filter = invoice_table::Filter { client_id: Some(client_id), ..invoice_table::Filter::default() };
    let page = invoice_table::list(conn, &filter, invoice_table::Sort::DueDate, false, crate::MAX_PAGE, 0)?;
    Ok(page
        .rows
        .into_iter()
        .map(|l| l.invoice)
        .filter(|i| !matches!(i.status, InvoiceStatus::Draft | InvoiceStatus::Void | InvoiceStatus::Paid))
        .filter(|i| i.total_minor > i.paid_minor)
        .collect())
}

/// Whether a queued statement must be cancelled rather than sent: nothing of the client's is
/// open any more. `None` for every other message.
pub(crate) fn recheck(conn: &Connection, row: &outbox_table::OutboxRow) -> ApiResult<Option<CancelReason>> {
    if row.kind != STATEMENT_KIND {
        return Ok(None);
    }
    let Some(client_id) = row.client_id else { return Ok(None) };
    Ok(if open_invoices(conn, client_id)?.is_empty() { Some(CancelReason::Paid) } else { None })
}
