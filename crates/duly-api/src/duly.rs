//! The handle every use case runs on: the open database and the source of "today".

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use duly_core::Language;
use duly_mail::SecretStore;
use duly_store::{Connection, Store, Transaction};

use crate::error::ApiResult;

/// An open Duly database. The desktop shell keeps one behind a mutex; the CLI opens one per run.
pub struct Duly {
    store: Store,
    today: Option<NaiveDate>,
    /// Where SMTP passwords are kept: the OS keychain in the app and the CLI, a `MemoryStore`
    /// in tests. `None` until [`Duly::with_secrets`]; mail use cases then refuse to run.
    secrets: Option<Arc<dyn SecretStore>>,
    /// Held while this handle is the database's one outbox sender (see `outbox_run`).
    pub(crate) sender_lock: Option<crate::outbox::SenderLock>,
}

impl std::fmt::Debug for Duly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Duly")
            .field("store", &self.store)
            .field("today", &self.today)
            .field("secrets", &self.secrets.is_some())
            .finish_non_exhaustive()
    }
}

/// Where the database is: `explicit` (the CLI's `--db`), else `DULY_DB`, else the OS's per-user
/// data folder.
pub fn resolve_db_path(explicit: Option<&Path>) -> ApiResult<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_owned());
    }
    match std::env::var_os("DULY_DB").filter(|v| !v.is_empty()) {
        Some(p) => Ok(PathBuf::from(p)),
        None => Ok(duly_store::default_db_path()?),
    }
}

impl Duly {
    pub fn open(path: &Path) -> ApiResult<Self> {
        Ok(Self { store: Store::open(path)?, today: None, secrets: None, sender_lock: None })
    }

    pub fn open_in_memory() -> ApiResult<Self> {
        Ok(Self { store: Store::open_in_memory()?, today: None, secrets: None, sender_lock: None })
    }

    /// Pins "today" (tests, benchmarks, `--as-of`-style scripting); otherwise it is the local date.
    #[must_use]
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// Where SMTP passwords are read and saved: `KeyringStore` in the app and the CLI,
    /// `MemoryStore` in tests.
    #[must_use]
    pub fn with_secrets(mut self, secrets: Arc<dyn SecretStore>) -> Self {
        self.secrets = Some(secrets);
        self
    }

    pub(crate) fn secrets(&self) -> ApiResult<&dyn SecretStore> {
        self.secrets
            .as_deref()
            .ok_or_else(|| crate::ApiError::new(crate::ErrorCode::Internal, "no keychain is configured for this Duly"))
    }

    /// The date rules are evaluated against: the user's local calendar date. This is the only
    /// place Duly reads the clock for business rules; the core receives the result.
    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// For a restore, which replaces the database under the open connection.
    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub(crate) fn conn(&self) -> &Connection {
        self.store.conn()
    }

    pub(crate) fn transaction(&mut self) -> ApiResult<Transaction<'_>> {
        Ok(self.store.conn_mut().transaction()?)
    }

    /// The language amounts are formatted in: the business profile's, English before one exists.
    pub(crate) fn language(&self) -> ApiResult<Language> {
        Ok(duly_store::business::get(self.conn())?.map(|b| b.language).unwrap_or_default())
    }

    /// `as_of` if given, else today.
    pub(crate) fn as_of(&self, as_of: Option<&str>) -> ApiResult<NaiveDate> {
        Ok(crate::parse::optional_date("as_of", as_of)?.unwrap_or_else(|| self.today()))
    }
}

