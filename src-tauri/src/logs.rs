//! The log file for support: what went wrong in the shell and the background sender, written to
//! the OS's log folder for Duly (Linux `~/.local/share/<identifier>/logs/duly.log`), which
//! Settings opens ("Open log folder") so the user can attach it to a message.
//!
//! Only what the shell itself says goes there (and warnings of the libraries under it): errors
//! are ApiError messages, which never hold a secret (see `duly_api::ApiError`), and no message's
//! content or address book is logged. The file is kept under 1 MB, with the two previous ones.

use duly_api::{ApiError, ApiResult, ErrorCode};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Wry};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};
use tauri_plugin_opener::OpenerExt;

/// The log file's name without its extension (`.log`).
const FILE_NAME: &str = "duly";

pub fn plugin() -> TauriPlugin<Wry> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets([
            Target::new(TargetKind::LogDir { file_name: Some(FILE_NAME.into()) }),
            Target::new(TargetKind::Stderr),
        ])
        .level(log::LevelFilter::Info)
        // Libraries speak at warnings only: their informational chatter would bury Duly's lines.
        .level_for("tao", log::LevelFilter::Warn)
        .level_for("wry", log::LevelFilter::Warn)
        .level_for("tauri", log::LevelFilter::Warn)
        .level_for("lettre", log::LevelFilter::Warn)
        .level_for("rustls", log::LevelFilter::Warn)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(2))
        .timezone_strategy(TimezoneStrategy::UseUtc)
        .build()
}

/// The log folder, created if it is not there yet (nothing was logged).
pub fn folder(app: &AppHandle) -> ApiResult<std::path::PathBuf> {
    let folder = app
        .path()
        .app_log_dir()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the log folder is unknown: {e}")))?;
    std::fs::create_dir_all(&folder).map_err(|e| {
        ApiError::new(ErrorCode::Storage, format!("the log folder {} could not be created: {e}", folder.display()))
    })?;
    Ok(folder)
}

/// Opens the log folder in the file manager; returns its path, which Settings shows too (a
/// desktop without a file manager still lets the user find it).
pub fn open_folder(app: &AppHandle) -> ApiResult<String> {
    let folder = folder(app)?;
    let path = folder.display().to_string();
    log::info!("the log folder was opened from Settings");
    // The path is the answer: the window shows it at once, whether or not a file manager is
    // there to open it (a desktop without one, or one slow to start, must not hide where the
    // log is).
    let opener = app.clone();
    let target = path.clone();
    std::thread::spawn(move || {
        if let Err(e) = opener.opener().open_path(&target, None::<&str>) {
            log::warn!("the log folder {target} could not be opened in a file manager: {e}");
        }
    });
    Ok(path)
}
