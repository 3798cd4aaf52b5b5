//! "Start at login": when the preference is saved, the shell registers Duly with the OS (the
//! autostart plugin: an XDG autostart `.desktop` file on Linux, a login item on macOS, the `Run`
//! key on Windows) or removes it. The OS is changed first: if it refuses, the preference is
//! not saved and the UI shows why, so the switch never claims something that is not so.
//! Started at login, Duly opens as any start does (its window, its sender, its notifications).

use duly_api::{ApiError, ApiResult, ErrorCode, PreferencesInput};
use tauri::{AppHandle, Wry};
use tauri_plugin_autostart::ManagerExt;

pub fn plugin() -> tauri::plugin::TauriPlugin<Wry> {
    tauri_plugin_autostart::Builder::new().build()
}

/// Applies `input.start_at_login` to the OS, if the input changes it.
pub fn apply(app: &AppHandle, input: &PreferencesInput) -> ApiResult<()> {
    let Some(on) = input.start_at_login else { return Ok(()) };
    let launcher = app.autolaunch();
    let result = if on { launcher.enable() } else { launcher.disable() };
    result.map_err(|e| {
        let what = if on { "start at login" } else { "stop starting at login" };
        ApiError::new(ErrorCode::Storage, format!("Duly could not {what}: {e}"))
    })
}
