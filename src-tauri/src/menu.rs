//! The window's native menu: New invoice, Find, Settings and Quit with the usual shortcuts, in
//! the UI's language.
//!
//! A menu item only says what the user asked for: the shell emits [`EVENT`] with the item's id
//! and the window goes there (the routes are the UI's business), except Quit, which the shell
//! does itself. The menu is built at start in the saved UI language and again whenever the
//! preferences are saved (`preferences_save`), so a language change renames it at once.

use duly_api::Language;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Manager, Wry};

/// The event the window hears, its payload one of [`NEW_INVOICE`], [`FIND`], [`SETTINGS`].
pub const EVENT: &str = "menu";
pub const NEW_INVOICE: &str = "new-invoice";
pub const FIND: &str = "find";
pub const SETTINGS: &str = "settings";
/// Not "quit": the tray's Quit has that id, and tray menu events reach this handler too.
const QUIT: &str = "menu-quit";

/// The menu's words in one language.
struct Labels {
    file: &'static str,
    new_invoice: &'static str,
    find: &'static str,
    settings: &'static str,
    quit: &'static str,
    edit: &'static str,
}

fn labels(language: Language) -> Labels {
    match language {
        Language::En => Labels {
            file: "File",
            new_invoice: "New invoice",
            find: "Find…",
            settings: "Settings…",
            quit: "Quit Duly",
            edit: "Edit",
        },
        Language::Id => Labels {
            file: "Berkas",
            new_invoice: "Faktur baru",
            find: "Cari…",
            settings: "Pengaturan…",
            quit: "Keluar dari Duly",
            edit: "Edit",
        },
        Language::Ro => Labels {
            file: "Fișier",
            new_invoice: "Factură nouă",
            find: "Caută…",
            settings: "Setări…",
            quit: "Închide Duly",
            edit: "Editare",
        },
    }
}

/// The menu's items whose words change with the language, kept to rename them in place
/// (replacing the whole menu bar makes GTK complain about the old one's shortcuts).
pub struct MenuText {
    file: Submenu<Wry>,
    edit: Submenu<Wry>,
    new_invoice: MenuItem<Wry>,
    find: MenuItem<Wry>,
    settings: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

impl MenuText {
    fn set(&self, language: Language) -> tauri::Result<()> {
        let l = labels(language);
        self.file.set_text(l.file)?;
        self.edit.set_text(l.edit)?;
        self.new_invoice.set_text(l.new_invoice)?;
        self.find.set_text(l.find)?;
        self.settings.set_text(l.settings)?;
        self.quit.set_text(l.quit)
    }
}

/// The whole menu bar in `language`. The Edit menu's predefined items keep copy and paste (and
/// their shortcuts) working in the window on macOS, where a menu bar without them disables them.
fn build(app: &AppHandle, language: Language) -> tauri::Result<(Menu<Wry>, MenuText)> {
    let l = labels(language);
    let new_invoice = MenuItem::with_id(app, NEW_INVOICE, l.new_invoice, true, Some("CmdOrCtrl+N"))?;
    let find = MenuItem::with_id(app, FIND, l.find, true, Some("CmdOrCtrl+F"))?;
    let settings = MenuItem::with_id(app, SETTINGS, l.settings, true, Some("CmdOrCtrl+,"))?;
    let quit = MenuItem::with_id(app, QUIT, l.quit, true, Some("CmdOrCtrl+Q"))?;
    let separator = || PredefinedMenuItem::separator(app);
    let file =
        Submenu::with_items(app, l.file, true, &[&new_invoice, &find, &separator()?, &settings, &separator()?, &quit])?;
    let edit = Submenu::with_items(
        app,
        l.edit,
        true,
        &[
            &PredefinedMenuItem::undo(app, None)?,
            &PredefinedMenuItem::redo(app, None)?,
            &separator()?,
            &PredefinedMenuItem::cut(app, None)?,
            &PredefinedMenuItem::copy(app, None)?,
            &PredefinedMenuItem::paste(app, None)?,
            &PredefinedMenuItem::select_all(app, None)?,
        ],
    )?;
    let menu = Menu::with_items(app, &[&file, &edit])?;
    Ok((menu, MenuText { file, edit, new_invoice, find, settings, quit }))
}

/// Sets the menu bar in `language` at start, or renames its items when the language changed; a
/// failure is logged and the app goes on without it (the same actions are on the pages and
/// their keyboard shortcuts).
pub fn apply(app: &AppHandle, language: Language) {
    let result = match app.try_state::<MenuText>() {
        Some(text) => text.set(language),
        None => build(app, language).and_then(|(menu, text)| {
            app.set_menu(menu)?;
            app.manage(text);
            Ok(())
        }),
    };
    if let Err(e) = result {
        log::warn!("Duly runs without its menu bar: {e}");
    }
}

/// A menu item chosen (or its shortcut pressed).
pub fn on_event(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        QUIT => app.exit(0),
        id @ (NEW_INVOICE | FIND | SETTINGS) => {
            crate::background::show(app);
            if let Err(e) = app.emit(EVENT, id) {
                log::warn!("Duly could not pass the menu's {id} to the window: {e}");
            }
        }
        _ => {}
    }
}

/// The UI language saved in the database, else English (the OS's language is the window's to
/// guess; the menu follows once a language is saved).
pub fn saved_language(duly: &duly_api::Duly) -> Language {
    duly.preferences_get().ok().and_then(|p| p.ui_language).unwrap_or(Language::En)
}

/// The dock (macOS) or launcher (Linux desktops with the Unity launcher API) badge; Windows has
/// none (its overlay icon would need an image per number), so there it does nothing.
pub fn badge(window: &tauri::WebviewWindow, count: i64) {
    #[cfg(not(target_os = "windows"))]
    if let Err(e) = window.set_badge_count((count > 0).then_some(count)) {
        log::warn!("Duly could not set its badge: {e}");
    }
    #[cfg(target_os = "windows")]
    let _ = (window, count);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_every_item_and_the_items_differ() {
        for language in [Language::En, Language::Id, Language::Ro] {
            let l = labels(language);
            let words = [l.file, l.new_invoice, l.find, l.settings, l.quit];
            assert!(words.iter().all(|w| !w.trim().is_empty()), "{language:?}");
            let distinct: std::collections::BTreeSet<_> = words.iter().collect();
            assert_eq!(distinct.len(), words.len(), "{language:?}: {words:?}");
        }
        assert_ne!(labels(Language::Ro).new_invoice, labels(Language::En).new_invoice);
    }
}
