//! Which files the window may name to Duly's commands.
//!
//! The web view never chooses a path by itself: a page that went wrong (a bug, an injected
//! script in an imported file's text) must not be able to read `/etc/passwd` into an import or
//! write a backup over `~/.bashrc`. A path a command accepts is one of:
//! - an answer of a native dialog that the shell itself opened ([`pick`]),
//! - a file the user dropped on the window (the OS's drop event, received here, never a page's
//!   own "drop" event),
//! - a file the OS handed to Duly ("Open with", see `open_files.rs`),
//! - anything inside Duly's own folders beside the database (`backups/`, `exports/`).
//!
//! Every other path is refused with an error naming it.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use duly_api::{ApiError, ApiResult};
use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The paths granted so far in this run, and Duly's own folders.
pub struct Granted {
    paths: Mutex<HashSet<PathBuf>>,
    folders: Vec<PathBuf>,
    /// The test seam of [`pick`]; see [`answer_dir`].
    answer_dir: Option<PathBuf>,
}

impl Granted {
    /// Duly's folders beside the database; none when there is no database path (the commands
    /// then fail on the database anyway).
    pub fn new() -> Self {
        let folders = duly_api::resolve_db_path(None).map(|db| duly_api::own_folders(&db)).unwrap_or_default();
        Self { paths: Mutex::new(HashSet::new()), folders, answer_dir: answer_dir() }
    }

    /// Lets the window name these paths from now on.
    pub fn grant<I: IntoIterator<Item = PathBuf>>(&self, paths: I) {
        let mut granted = self.paths.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        granted.extend(paths.into_iter().filter_map(|p| plain(&p).then_some(p)));
    }

    /// `Ok` when `path` (the input's `field`) was granted or lies in Duly's folders.
    pub fn check(&self, field: &str, path: &str) -> ApiResult<()> {
        let p = Path::new(path.trim());
        let granted = || self.paths.lock().unwrap_or_else(std::sync::PoisonError::into_inner).contains(p);
        if plain(p) && (granted() || self.folders.iter().any(|f| p.starts_with(f) && p != f)) {
            return Ok(());
        }
        Err(ApiError::invalid(format!(
            "{field}: {path} was not chosen in Duly; Duly reads and writes only files chosen in its own file \
             dialogs, dropped on its window or opened with it, and files in its backups and exports folders"
        )))
    }

    /// `Ok` when every given path in `paths` passes [`Granted::check`].
    pub fn check_all<'a>(&self, field: &str, paths: impl IntoIterator<Item = Option<&'a String>>) -> ApiResult<()> {
        paths.into_iter().flatten().filter(|p| !p.trim().is_empty()).try_for_each(|p| self.check(field, p))
    }
}

/// Absolute and without `..`, so that "inside Duly's folder" cannot climb out of it.
fn plain(path: &Path) -> bool {
    path.is_absolute() && !path.components().any(|c| c == Component::ParentDir)
}

/// What the user is choosing a file for: the window says only that, the shell asks the user.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Purpose {
    /// A backup file to restore.
    Restore,
    /// Files to import.
    Import,
    /// The folder to export every table into.
    Export,
    /// Where to save a document; `file_name` is the name suggested (a name only, never a path).
    SavePdf { file_name: String },
    /// Where to save an evidence pack (a ZIP); `file_name` as for `SavePdf`.
    SaveZip { file_name: String },
    /// A document to keep with a client or an invoice (a signed agreement, a delivery note).
    Document,
}

/// Asks the user through a native dialog (the shell opens it; the window cannot fill it in),
/// grants the answer and returns it; empty when the user cancelled.
pub async fn pick<R: Runtime>(app: &AppHandle<R>, purpose: Purpose) -> ApiResult<Vec<String>> {
    let granted = app.state::<Granted>();
    let chosen = match granted.answer_dir.clone() {
        Some(dir) => test_answer(&dir, &purpose),
        None => {
            let app = app.clone();
            let ask = move || ask(&app, &purpose);
            tauri::async_runtime::spawn_blocking(ask).await.map_err(|e| {
                ApiError::new(duly_api::ErrorCode::Internal, format!("the file dialog stopped unexpectedly: {e}"))
            })?
        }
    };
    granted.grant(chosen.iter().cloned());
    Ok(chosen.into_iter().map(|p| p.display().to_string()).collect())
}

/// The native dialog for `purpose`, on a blocking thread (it waits for the user).
fn ask<R: Runtime>(app: &AppHandle<R>, purpose: &Purpose) -> Vec<PathBuf> {
    let mut dialog = app.dialog().file();
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let chosen = match purpose {
        Purpose::Restore => {
            dialog.add_filter("Duly backup", &["sqlite3", "sqlite", "db"]).blocking_pick_file().map(|f| vec![f])
        }
        Purpose::Import => dialog
            .add_filter("Invoices and bank statements", &["csv", "txt", "xml", "pdf", "sta", "mt940", "940"])
            .blocking_pick_files(),
        Purpose::Export => dialog.blocking_pick_folder().map(|f| vec![f]),
        Purpose::Document => dialog.blocking_pick_file().map(|f| vec![f]),
        Purpose::SavePdf { file_name } => dialog
            .add_filter("PDF", &["pdf"])
            .set_file_name(suggested_name(file_name))
            .blocking_save_file()
            .map(|f| vec![f]),
        Purpose::SaveZip { file_name } => dialog
            .add_filter("ZIP", &["zip"])
            .set_file_name(suggested_name(file_name))
            .blocking_save_file()
            .map(|f| vec![f]),
    };
    chosen.unwrap_or_default().into_iter().filter_map(|f| f.into_path().ok()).collect()
}

/// The last part of what the window suggested, so a suggestion can never point elsewhere.
fn suggested_name(file_name: &str) -> String {
    Path::new(file_name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != "..")
        .unwrap_or_else(|| "document.pdf".to_owned())
}

/// TEST SEAM. WebDriver cannot reach a native dialog, so the end-to-end tests start the debug
/// app with `DULY_DIALOG_ANSWER_DIR` set: every dialog is then answered from that folder instead
/// of being shown (see [`test_answer`]; `answerDialog` in `tests/e2e/harness.mjs` fills it). It is read once at start and ignored by release builds, and it widens
/// nothing: the answers are still granted one by one, exactly like the user's, and the window
/// still cannot name a path of its own. (Granting a folder for the tests instead would have been
/// a hole; dropping files cannot be simulated under Xvfb without a drag source.)
fn answer_dir() -> Option<PathBuf> {
    if !cfg!(debug_assertions) {
        return None;
    }
    std::env::var_os("DULY_DIALOG_ANSWER_DIR").map(PathBuf::from).filter(|d| d.is_absolute())
}

/// The seam's answer, from the newest (last by name) folder inside `dir`, so that a test's next
/// answer never removes a file an earlier one gave (the import reads it again on commit): open
/// dialogs choose that folder's files (all of them for an import, the first by name otherwise),
/// a folder dialog the folder itself, a save dialog the suggested name inside it. No folder, or
/// no file where one is asked for, is the user cancelling.
fn test_answer(dir: &Path, purpose: &Purpose) -> Vec<PathBuf> {
    let listed = |dir: &Path, want_dir: bool| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir() == want_dir).collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    };
    let Some(answer) = listed(dir, true).pop() else {
        return Vec::new();
    };
    match purpose {
        Purpose::Import => listed(&answer, false),
        Purpose::Restore | Purpose::Document => listed(&answer, false).into_iter().take(1).collect(),
        Purpose::SavePdf { file_name } | Purpose::SaveZip { file_name } => vec![answer.join(suggested_name(file_name))],
        Purpose::Export => vec![answer],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(folders: &[&str]) -> Granted {
        Granted {
            paths: Mutex::new(HashSet::new()),
            folders: folders.iter().map(PathBuf::from).collect(),
            answer_dir: None,
        }
    }

    #[test]
    fn only_granted_paths_and_files_in_own_folders_pass() {
        let g = granted(&["/data/backups"]);
        g.grant([PathBuf::from("/home/ana/chosen.csv"), PathBuf::from("relative.csv")]);
        assert!(g.check("path", "/home/ana/chosen.csv").is_ok());
        assert!(g.check("path", "/data/backups/manual-20261123T090000Z.sqlite3").is_ok());
        let refused = g.check("path", "/etc/passwd").unwrap_err();
        assert!(refused.message.starts_with("path: /etc/passwd was not chosen in Duly"), "{}", refused.message);
        assert!(g.check("path", "/data/backups/../duly.sqlite3").is_err(), "climbing out of the folder");
        assert!(g.check("path", "/data/backups").is_err(), "the folder itself");
        assert!(g.check("path", "relative.csv").is_err(), "a relative path is never granted");
    }

    #[test]
    fn a_suggested_name_stays_a_name() {
        assert_eq!(suggested_name("INV-1.pdf"), "INV-1.pdf");
        assert_eq!(suggested_name("/etc/cron.d/x"), "x");
        assert_eq!(suggested_name(".."), "document.pdf");
    }
}
