//! Demo data never leaves the computer: every path that queues or sends a message asks here
//! first, so the rule is written once for the outbox, reminders and the invoice email.

use duly_store::clients;

use crate::{ApiError, ApiResult};

/// Refuses any message for a demo client (`None`: not about a client, allowed). Called by the
/// outbox when a message is queued and again when it is claimed for sending, so that nothing
/// queued before the client was marked, or written by hand into the file, goes out either.
pub(crate) fn refuse_demo(conn: &rusqlite::Connection, client_id: Option<i64>) -> ApiResult<()> {
    let Some(id) = client_id else { return Ok(()) };
    if !clients::is_demo(conn, id)? {
        return Ok(());
    }
    let name = clients::get(conn, id)?.map_or_else(|| format!("client {id}"), |c| c.name);
    Err(ApiError::invalid(format!("{name} is demo data: Duly never emails demo clients")))
}
