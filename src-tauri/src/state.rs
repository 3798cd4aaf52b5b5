//! The open database shared by all commands, and running a use case off the UI thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};

use duly_api::{ApiError, ApiResult, Duly, ErrorCode, ImportLimits, KeyringStore, SessionPasswords, resolve_db_path};

/// The database, or why it could not be opened. Opening failures (a database from a newer Duly,
/// an unwritable folder) are reported by every command, so the window still opens and the user
/// reads the reason instead of seeing nothing happen.
pub struct Db {
    duly: Result<Arc<Mutex<Duly>>, ApiError>,
    /// Nudges the background sender after each command: one may have queued a message or put
    /// a failed one back in the queue, and it should not wait for the next tick.
    wake: Sender<()>,
}

/// A handle on the user's database with SMTP passwords in the OS keychain: the commands' one,
/// and the background sender's own.
pub fn open_duly() -> ApiResult<Duly> {
    let path = resolve_db_path(None)?;
    Duly::open(&path)?
        .with_secrets(Arc::new(KeyringStore::new()))
        .with_session_passwords(Arc::clone(session_passwords()))
        .with_clock_from_env()
}

/// The app's one set of session-only SMTP passwords (for a computer without a keychain), shared
/// by every handle `open_duly` makes, so the sender uses what the settings form was given.
fn session_passwords() -> &'static Arc<SessionPasswords> {
    static SESSION: OnceLock<Arc<SessionPasswords>> = OnceLock::new();
    SESSION.get_or_init(Arc::default)
}

impl Db {
    /// `DULY_DB` if set, else the OS's per-user data folder (the same file the `duly` CLI uses).
    /// `DULY_TODAY` / `DULY_NOW` pin the clock (see `Duly::with_clock_from_env`), so that
    /// screenshots and end-to-end tests over demo data look the same whatever day they run.
    pub fn open(wake: Sender<()>) -> Self {
        let opened = open_duly();
        if let Err(e) = &opened {
            log::error!("Duly could not open its database: {}", e.message);
        }
        Self { duly: opened.map(|d| Arc::new(Mutex::new(d))), wake }
    }

    /// Runs a quick read on the calling thread: for the window's close handler, which must
    /// answer before the window goes (a command in progress delays it until that finishes).
    pub fn read_now<T>(&self, read: impl FnOnce(&Duly) -> ApiResult<T>) -> ApiResult<T> {
        let duly = self.duly.clone()?;
        let guard = duly.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        read(&guard)
    }

    /// Runs a use case on a blocking thread so that a slow query never freezes the window.
    pub async fn run<T: Send + 'static>(
        &self,
        use_case: impl FnOnce(&mut Duly) -> ApiResult<T> + Send + 'static,
    ) -> ApiResult<T> {
        let duly = self.duly.clone()?;
        let result = tauri::async_runtime::spawn_blocking(move || {
            let mut guard = duly.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            use_case(&mut guard)
        })
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the command stopped unexpectedly: {e}")))?;
        // The sender gone (it never stops) would only mean no early wake-up.
        let _ = self.wake.send(());
        result
    }

    /// Runs work that needs no database on a blocking thread without taking the database: the
    /// reading of import files, which a hostile file can make slow, while other commands run.
    pub async fn run_unlocked<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
        tauri::async_runtime::spawn_blocking(work)
            .await
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the command stopped unexpectedly: {e}")))
    }
}

/// The cancel flag of the import being read, which the window's Cancel sets.
#[derive(Default)]
pub struct ImportCancel(Mutex<Arc<AtomicBool>>);

impl ImportCancel {
    /// The limits of a new import, whose fresh flag a Cancel now reaches (an earlier import's
    /// Cancel never stops a later one).
    pub fn limits(&self) -> ImportLimits {
        let flag = Arc::new(AtomicBool::new(false));
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::clone(&flag);
        ImportLimits { cancel: Some(flag), ..ImportLimits::default() }
    }

    pub fn cancel(&self) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).store(true, Ordering::Relaxed);
    }
}
