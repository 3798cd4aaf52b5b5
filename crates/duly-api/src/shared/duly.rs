//! The handle every use case runs on: the open database and the clock ("today" and "now").

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use duly_core::Language;
use duly_mail::{SecretStore, SessionPasswords};
use duly_store::{Connection, Store, Transaction};
use rusqlite::TransactionBehavior;

use crate::shared::error::{ApiError, ApiResult, ErrorCode};

/// Pins "today" for the app and the CLI (YYYY-MM-DD).
pub const TODAY_VAR: &str = "DULY_TODAY";
/// Pins "now" for the app and the CLI (RFC 3339).
pub const NOW_VAR: &str = "DULY_NOW";

/// Where "now" comes from. Tests stand at a fixed instant; `DULY_NOW` sets a clock that starts
/// at the given instant and then runs, so the app's sender still sees its undo windows pass.
#[derive(Clone, Copy, Debug)]
enum Clock {
    System,
    Fixed(DateTime<Utc>),
    StartedAt(DateTime<Utc>, std::time::Instant),
}

impl Clock {
    fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
            Clock::StartedAt(t, started) => t + started.elapsed(),
        }
    }
}

/// This computer's IANA zone, when the OS says (`/etc/localtime`, the registry, ...) and chrono-tz
/// knows it.
fn os_time_zone() -> Option<String> {
    iana_time_zone::get_timezone().ok().filter(|z| duly_mail::parse_time_zone(z).is_ok())
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// An open Duly database. The desktop shell keeps one behind a mutex; the CLI opens one per run.
pub struct Duly {
    store: Store,
    today: Option<NaiveDate>,
    /// What the outbox, the sender and timestamps take as now (see [`Clock`]).
    clock: Clock,
    /// Where SMTP passwords are kept: the OS keychain in the app and the CLI, a `MemoryStore`
    /// in tests. `None` until [`Duly::with_secrets`]; mail use cases then refuse to run.
    secrets: Option<Arc<dyn SecretStore>>,
    /// Passwords the user gave for this session only, when the keychain cannot keep them; they
    /// win over the keychain's (see [`Duly::with_session_passwords`]).
    pub(crate) session: Arc<SessionPasswords>,
    /// Held while this handle is the database's one outbox sender (see `outbox_run`).
    pub(crate) sender_lock: Option<crate::outbox::SenderLock>,
    /// The user's own IANA time zone (this computer's), the last guess for a client's business
    /// hours when neither the client, its contacts nor the send window name one: a freelancer's
    /// clients are most often where they are, and the user would send by hand in their own day.
    home_zone: Option<String>,
    /// Root certificates (DER) the IMAP reader trusts besides the webpki roots: see
    /// [`Duly::with_imap_root`].
    pub(crate) imap_roots: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Duly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Duly")
            .field("store", &self.store)
            .field("today", &self.today)
            .field("clock", &self.clock)
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
    /// Opens the database at `path`. A file opened at another path than its own (a copy) gets a
    /// new identity, and queued messages from elsewhere are held (see `outbox_identity`).
    pub fn open(path: &Path) -> ApiResult<Self> {
        let mut duly = Self {
            store: Store::open(path)?,
            today: None,
            clock: Clock::System,
            secrets: None,
            session: Arc::default(),
            sender_lock: None,
            home_zone: os_time_zone(),
            imap_roots: Vec::new(),
        };
        let path = duly.db_path().to_owned();
        let tx = duly.transaction()?;
        crate::outbox::outbox_identity::adopt_on(&tx, &path, &duly_store::now_utc())?;
        tx.commit()?;
        Ok(duly)
    }

    pub fn open_in_memory() -> ApiResult<Self> {
        Ok(Self {
            store: Store::open_in_memory()?,
            today: None,
            clock: Clock::System,
            secrets: None,
            session: Arc::default(),
            sender_lock: None,
            home_zone: os_time_zone(),
            imap_roots: Vec::new(),
        })
    }

    /// Pins "today" (tests, benchmarks, `--as-of`-style scripting); otherwise it is the local date.
    #[must_use]
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// Stops the clock at `now`; "today" follows it unless pinned on its own.
    #[must_use]
    pub fn with_now(mut self, now: DateTime<Utc>) -> Self {
        self.clock = Clock::Fixed(now);
        self
    }

    /// Pins the clock from the environment, the one way the app and the `duly` CLI both honour:
    /// `DULY_TODAY` (YYYY-MM-DD) fixes the date rules are evaluated on, `DULY_NOW` (RFC 3339,
    /// e.g. `2026-11-23T02:00:00Z`) the instant the clock starts from (it then runs, so queued
    /// mail still comes due). Tests, screenshots and scripted runs set them so that nothing
    /// depends on the day they run.
    pub fn with_clock_from_env(self) -> ApiResult<Self> {
        let mut duly = self;
        if let Some(text) = env_var(TODAY_VAR) {
            let today = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("{TODAY_VAR}: \"{text}\" is not a date (expected YYYY-MM-DD)"),
                )
            })?;
            duly = duly.with_today(today);
        }
        if let Some(text) = env_var(NOW_VAR) {
            let now = DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("{NOW_VAR}: \"{text}\" is not an instant (expected RFC 3339, e.g. 2026-11-23T09:00:00Z)"),
                )
            })?;
            duly.clock = Clock::StartedAt(now.with_timezone(&Utc), std::time::Instant::now());
        }
        Ok(duly)
    }

    /// Sets (or, with `None`, forgets) the user's own time zone, which [`Duly::open`] reads from
    /// the operating system: tests pin it so that no answer depends on the machine.
    #[must_use]
    pub fn with_home_zone(mut self, zone: Option<&str>) -> Self {
        self.home_zone = zone.map(str::to_owned);
        self
    }

    /// Also trusts `der` (a root certificate) for the IMAP server's TLS, on top of the public
    /// roots: a private CA, or the test server's own. Verification itself is never turned off.
    #[must_use]
    pub fn with_imap_root(mut self, der: Vec<u8>) -> Self {
        self.imap_roots.push(der);
        self
    }

    pub(crate) fn home_zone(&self) -> Option<&str> {
        self.home_zone.as_deref()
    }

    /// Where SMTP passwords are read and saved: `KeyringStore` in the app and the CLI,
    /// `MemoryStore` in tests.
    #[must_use]
    pub fn with_secrets(mut self, secrets: Arc<dyn SecretStore>) -> Self {
        self.secrets = Some(secrets);
        self
    }

    /// Shares one set of session-only passwords between the handles of one app (the commands'
    /// and the background sender's), so a password typed into the settings form is the one the
    /// sender uses. Each handle otherwise has its own, empty at open.
    #[must_use]
    pub fn with_session_passwords(mut self, session: Arc<SessionPasswords>) -> Self {
        self.session = session;
        self
    }

    pub(crate) fn secrets(&self) -> ApiResult<&dyn SecretStore> {
        self.secrets
            .as_deref()
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "no keychain is configured for this Duly"))
    }

    /// The date rules are evaluated against: the user's local calendar date. This and
    /// [`Duly::now`] are the only places Duly reads the clock; the core receives the result.
    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| self.now().with_timezone(&chrono::Local).date_naive())
    }

    /// The current instant: pinned by [`Duly::with_now`] / `DULY_NOW`, else the system clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// [`Duly::now`] as the database stores instants (RFC 3339, UTC, whole seconds).
    pub(crate) fn stamp(&self) -> String {
        self.now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
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

    /// A write transaction. It begins IMMEDIATE: the write lock is taken at `BEGIN`, so a second
    /// writer (the CLI beside the app, the background sender) waits for it within the busy
    /// timeout. A deferred transaction that read first and then wrote would instead fail at once
    /// with "database is locked" when another connection wrote in between (WAL cannot upgrade a
    /// stale read snapshot), and the decision it read could be stale.
    pub(crate) fn transaction(&mut self) -> ApiResult<Transaction<'_>> {
        Ok(self.store.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// [`Duly::transaction`] over a shared borrow, for use cases that decide with `&self`
    /// helpers (`remind`, the sender's claim) and must read that decision inside the same
    /// IMMEDIATE transaction that writes it. Never nest it in another transaction.
    pub(crate) fn write_transaction(&self) -> ApiResult<Transaction<'_>> {
        Ok(Transaction::new_unchecked(self.store.conn(), TransactionBehavior::Immediate)?)
    }

    /// The language amounts are formatted in for the user (`*_display`, the timeline, call
    /// scripts): the UI's language once chosen, else the business profile's, English before
    /// one exists. Documents and messages to a client are written in the business's or the
    /// client's language, not this one.
    pub(crate) fn language(&self) -> ApiResult<Language> {
        let conn = self.conn();
        match crate::shared::ui_language::ui_language(conn)? {
            Some(ui) => Ok(ui.into()),
            None => Ok(duly_store::business::get(conn)?.map(|b| b.language).unwrap_or_default()),
        }
    }

    /// `as_of` if given, else today.
    pub(crate) fn as_of(&self, as_of: Option<&str>) -> ApiResult<NaiveDate> {
        Ok(crate::shared::parse::optional_date("as_of", as_of)?.unwrap_or_else(|| self.today()))
    }
}
