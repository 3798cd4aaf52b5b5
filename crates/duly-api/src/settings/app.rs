//! `app_info`: what the About box and bug reports need.

use serde::Serialize;
use ts_rs::TS;

use crate::{ApiResult, Duly};

#[derive(Clone, Debug, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub schema_version: i64,
    /// The date rules run against, so the UI defaults date fields to the same day.
    pub today: String,
    /// The app's clock (RFC 3339, UTC) when this was read: the UI counts undo windows and "goes
    /// out in …" from it rather than from the web view's own clock, which `DULY_NOW` does not move.
    pub now: String,
    pub invoice_count: i64,
    pub client_count: i64,
    /// The database holds demo data (clients invented by `demo_load`): the UI shows a banner,
    /// and the outbox refuses to email those clients.
    pub demo_data: bool,
}

impl Duly {
    pub fn app_info(&self) -> ApiResult<AppInfo> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            db_path: self.db_path().display().to_string(),
            schema_version: self.store().schema_version()?,
            today: self.today().to_string(),
            now: crate::shared::timeline::instant(self.now()),
            invoice_count: duly_store::invoices::count(self.conn())?,
            client_count: duly_store::clients::count(self.conn())?,
            demo_data: duly_store::clients::has_demo(self.conn())?,
        })
    }
}
