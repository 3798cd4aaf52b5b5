//! Keeping queued mail going out when the window is closed: the tray icon and its menu, and
//! what closing the window does.
//!
//! Closing the window while messages wait to go out (and "keep sending in the background" is
//! on) hides it instead of quitting, and the background sender keeps working; with nothing
//! waiting, closing quits as before: a user who closes an idle app expects it to go away. The
//! decision is duly-api's `close_keeps_running`.
//!
//! Once the window is hidden and the queue has emptied (everything sent, failed or cancelled),
//! Duly quits by itself: the user asked it to close, and it stayed only to finish the mail. This
//! also matters where there is no tray to quit from (a desktop without a tray host): Duly never
//! lingers there invisibly once its work is done. "Open Duly" brings the window back (and then
//! closing decides again); "Quit" ends Duly at once, mail queued or not (it goes out at the
//! next start).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use duly_api::{Duly, TrayText};
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Window, Wry};

const OPEN: &str = "open";
const QUIT: &str = "quit";

/// The tray (if this desktop has one) and whether the window is hidden in it.
#[derive(Default)]
pub struct Background {
    hidden: AtomicBool,
    tray: Mutex<Option<Tray>>,
}

struct Tray {
    _icon: TrayIcon<Wry>,
    waiting: MenuItem<Wry>,
    open: MenuItem<Wry>,
    quit: MenuItem<Wry>,
    /// What the menu says now, so that an unchanged count does not touch the menu.
    shown: Option<TrayText>,
}

/// Puts Duly's icon in the system tray. Without a tray host (a bare X server, some desktops)
/// this is logged and Duly runs without one: a missing tray must never stop the app.
pub fn start(app: &AppHandle) {
    let state = Background::default();
    match build_tray(app) {
        Ok(tray) => *lock(&state.tray) = Some(tray),
        Err(e) => log::warn!("Duly runs without a tray icon: {e}"),
    }
    app.manage(state);
}

fn build_tray(app: &AppHandle) -> tauri::Result<Tray> {
    let text = TrayText { waiting: String::new(), open: "Open Duly".into(), quit: "Quit".into() };
    let waiting = MenuItem::with_id(app, "waiting", &text.waiting, false, None::<&str>)?;
    let open = MenuItem::with_id(app, OPEN, &text.open, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, &text.quit, true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&waiting, &PredefinedMenuItem::separator(app)?, &open, &quit])?;
    let mut builder = TrayIconBuilder::with_id("duly").menu(&menu).tooltip("Duly").on_menu_event(on_menu);
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    let icon = builder.build(app)?;
    Ok(Tray { _icon: icon, waiting, open, quit, shown: None })
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        OPEN => show(app),
        QUIT => app.exit(0),
        _ => {}
    }
}

/// Shows and focuses the main window (the tray's "Open Duly", a second launch).
pub fn show(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    if let Some(state) = app.try_state::<Background>() {
        state.hidden.store(false, Ordering::SeqCst);
    }
}

/// The window's close button: hide instead of quitting while mail waits (see the module docs).
pub fn on_close_requested(window: &Window, api: &tauri::CloseRequestApi) {
    let app = window.app_handle();
    let keep = app.state::<crate::state::Db>().read_now(Duly::close_keeps_running).unwrap_or_else(|e| {
        log::error!("Duly could not check its outbox before closing: {}", e.message);
        false
    });
    if keep {
        api.prevent_close();
        let _ = window.hide();
        app.state::<Background>().hidden.store(true, Ordering::SeqCst);
    }
}

/// After each sender pass: refresh the tray's count, and quit when the window is hidden and
/// nothing is left to send.
pub fn after_pass(app: &AppHandle, duly: &Duly) {
    let Some(state) = app.try_state::<Background>() else { return };
    let Ok(waiting) = duly.outbox_waiting() else { return };
    if waiting == 0 && state.hidden.load(Ordering::SeqCst) {
        app.exit(0);
        return;
    }
    let Ok(text) = duly.tray_text(waiting) else { return };
    if let Some(tray) = lock(&state.tray).as_mut()
        && tray.shown.as_ref() != Some(&text)
    {
        let _ = tray.waiting.set_text(&text.waiting);
        let _ = tray.open.set_text(&text.open);
        let _ = tray.quit.set_text(&text.quit);
        tray.shown = Some(text);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
