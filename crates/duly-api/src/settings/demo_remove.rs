//! `demo_remove`: "start fresh". The demo's clients and everything about them go (invoices,
//! payments, calls, the timeline, any outbox rows); the business profile, the settings and any
//! client the user made stay, so a user who tried Duly with demo data keeps their setup.

use serde::Serialize;
use ts_rs::TS;

use crate::{ApiError, ApiResult, Duly};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DemoRemoved {
    pub clients: i64,
    pub invoices: i64,
    pub payments: i64,
}

impl Duly {
    /// Removes every demo client and what belongs to it, in one transaction.
    pub fn demo_remove(&mut self) -> ApiResult<DemoRemoved> {
        let tx = self.transaction()?;
        if !duly_store::clients::has_demo(&tx)? {
            return Err(ApiError::invalid("there is no demo data to remove"));
        }
        let removed = duly_store::demo::remove(&tx)?;
        tx.commit()?;
        Ok(DemoRemoved { clients: removed.clients, invoices: removed.invoices, payments: removed.payments })
    }
}
