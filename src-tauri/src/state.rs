//! The open database shared by all commands, and running a use case off the UI thread.

use std::sync::{Arc, Mutex};

use duly_api::{ApiError, ApiResult, Duly, ErrorCode, resolve_db_path};

/// The database, or why it could not be opened. Opening failures (a database from a newer Duly,
/// an unwritable folder) are reported by every command, so the window still opens and the user
/// reads the reason instead of seeing nothing happen.
pub struct Db(Result<Arc<Mutex<Duly>>, ApiError>);

impl Db {
    /// `DULY_DB` if set, else the OS's per-user data folder (the same file the `duly` CLI uses).
    pub fn open() -> Self {
        let opened = resolve_db_path(None).and_then(|path| Duly::open(&path));
        if let Err(e) = &opened {
            eprintln!("Duly could not open its database: {}", e.message);
        }
        Self(opened.map(|d| Arc::new(Mutex::new(d))))
    }

    /// Runs a use case on a blocking thread so that a slow query never freezes the window.
    pub async fn run<T: Send + 'static>(
        &self,
        use_case: impl FnOnce(&mut Duly) -> ApiResult<T> + Send + 'static,
    ) -> ApiResult<T> {
        let duly = self.0.clone()?;
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = duly.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            use_case(&mut guard)
        })
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the command stopped unexpectedly: {e}")))?
    }
}
