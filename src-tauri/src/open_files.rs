//! Files the OS hands to Duly ("Open with → Duly", a double-clicked e-invoice or CSV export).
//!
//! They come three ways: on the command line of the first launch; from a second launch, which
//! hands its command line to the running Duly and exits (one window per database, so two
//! senders never work one outbox); and on macOS as an "opened" event, which also carries the
//! files of the very first launch. Files wait here until the UI takes them, so one that arrives
//! before the page has loaded is not lost; later arrivals also raise an event that tells the UI
//! to come and take them, and bring the window forward.

use std::ffi::OsString;
use std::path::Path;
use std::sync::Mutex;

use tauri::{AppHandle, Emitter, Manager};

/// Tells the UI that files wait in [`PendingFiles`].
pub const OPEN_FILES_EVENT: &str = "open-files";

/// The files not yet taken by the UI.
pub struct PendingFiles(Mutex<Vec<String>>);

impl PendingFiles {
    /// The importable files of this process's own command line.
    pub fn from_command_line() -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        Self(Mutex::new(duly_api::launch_files(std::env::args_os().skip(1), &cwd)))
    }

    /// Hands the waiting files over, once.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    fn push(&self, files: Vec<String>) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(files);
    }
}

/// A second launch of Duly on the same database: `argv` and `cwd` are its command line and
/// working folder (relative paths are relative to it, not to this process).
pub fn second_launch(app: &AppHandle, argv: Vec<String>, cwd: String) {
    let files = duly_api::launch_files(argv.into_iter().skip(1).map(OsString::from), Path::new(&cwd));
    // Even with nothing to import, launching Duly again means the user wants to see it.
    // Also out of the tray, where a closed window with mail queued left it (the hidden window
    // then no longer quits Duly when the queue empties).
    crate::background::show(app);
    arrived(app, files);
}

/// Queues `files` for the UI and tells it to take them.
pub fn arrived(app: &AppHandle, files: Vec<String>) {
    if files.is_empty() {
        return;
    }
    app.state::<PendingFiles>().push(files);
    // No listener yet (the page is still loading) is fine: the page takes the queue at start.
    let _ = app.emit(OPEN_FILES_EVENT, ());
}

/// The name under which a running Duly answers second launches on Linux (D-Bus): one per
/// database file, so a second Duly started on another database (`DULY_DB`: tests, a developer's
/// scratch data) runs beside it instead of handing its files to the wrong window.
pub fn instance_name(identifier: &str) -> String {
    match duly_api::resolve_db_path(None) {
        Ok(path) => {
            let mut hasher = crc32fast::Hasher::new();
            hasher.update(path.as_os_str().as_encoded_bytes());
            format!("{identifier}.db{:08x}", hasher.finalize())
        }
        Err(_) => identifier.to_owned(),
    }
}
