//! A client's reminder settings as use cases: reminders off altogether (a real flag since
//! migration 0022, not "every step removed from the client's ladder"), and one combined reminder
//! when several invoices are due the same day (`combined_reminder`).

use duly_store::clients;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::outbox::statement_check::open_invoices;
use crate::shared::reminder_cancel::{CancelReason, cancel_reminders_on};
use crate::shared::timeline::instant;
use crate::{ApiError, ApiResult, Duly};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ClientReminders {
    pub client_id: i64,
    /// No reminders at all for this client: its ladder has no steps.
    pub reminders_off: bool,
    /// One message listing all invoices due a reminder the same day, with the statement attached.
    pub combined: bool,
}

/// The settings to change; a `null` field stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields = nullable)]
pub struct ClientRemindersInput {
    pub client_id: i64,
    #[serde(default)]
    pub reminders_off: Option<bool>,
    #[serde(default)]
    pub combined: Option<bool>,
}

impl Duly {
    pub fn client_reminders_get(&self, client_id: i64) -> ApiResult<ClientReminders> {
        clients::get(self.conn(), client_id)?
            .ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {client_id}")))?;
        let s = clients::reminder_settings(self.conn(), client_id)?;
        Ok(ClientReminders { client_id, reminders_off: s.reminders_off, combined: s.combined })
    }

    /// Saves the client's reminder settings. Turning reminders off cancels the reminders already
    /// queued for the client's invoices (reason `paused`) in the same transaction; the sender's
    /// claim checks the flag too.
    pub fn client_reminders_set(&mut self, input: ClientRemindersInput) -> ApiResult<ClientReminders> {
        let id = input.client_id;
        let at = instant(self.now());
        let tx = self.write_transaction()?;
        clients::get(&tx, id)?.ok_or_else(|| ApiError::not_found(format!("client_id: no client has id {id}")))?;
        let mut s = clients::reminder_settings(&tx, id)?;
        let turning_off = input.reminders_off == Some(true) && !s.reminders_off;
        s.reminders_off = input.reminders_off.unwrap_or(s.reminders_off);
        s.combined = input.combined.unwrap_or(s.combined);
        clients::set_reminder_settings(&tx, id, s)?;
        if turning_off {
            for inv in open_invoices(&tx, id)? {
                cancel_reminders_on(&tx, inv.id.unwrap_or_default(), CancelReason::Paused, &at)?;
            }
        }
        tx.commit()?;
        self.client_reminders_get(id)
    }
}
