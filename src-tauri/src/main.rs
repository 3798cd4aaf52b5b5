//! Duly's desktop shell. It opens the database, registers the commands, starts the outbox
//! sender and shows the window; everything else happens in `duly-api`.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// `with_commands!`: the window's commands, declared once (before the modules that use it).
include!("command_list.rs");

mod autostart;
mod background;
mod commands;
mod logs;
mod menu;
mod notify;
mod open_files;
mod paths;
mod sender;
mod state;

use tauri::Manager;

fn main() {
    let context = tauri::generate_context!();
    let instance = open_files::instance_name(&context.config().identifier);
    let (wake, woken) = std::sync::mpsc::channel();
    let app = tauri::Builder::default()
        // First, so that a second launch hands over its files and exits before anything else
        // (the database included) is opened.
        .plugin(
            tauri_plugin_single_instance::Builder::new().dbus_id(instance).callback(open_files::second_launch).build(),
        )
        // Before everything that may log.
        .plugin(logs::plugin())
        .plugin(tauri_plugin_opener::init())
        // Size, position and maximized state; not visibility: a window hidden in the tray must
        // not start hidden.
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .plugin(autostart::plugin())
        .plugin(notify::plugin())
        // Used from Rust only (`paths::pick`): the window gets no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands::handler())
        .on_menu_event(menu::on_event)
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::CloseRequested { api, .. } => background::on_close_requested(window, api),
            // The OS's drop, before the window hears of it: the window may then import these.
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                window.state::<paths::Granted>().grant(paths.iter().cloned());
            }
            _ => {}
        })
        .setup(move |app| {
            let db = state::Db::open(wake);
            menu::apply(app.handle(), db.read_now(|d| Ok(menu::saved_language(d))).unwrap_or(duly_api::Language::En));
            app.manage(db);
            app.manage(state::ImportCancel::default());
            app.manage(paths::Granted::new());
            app.manage(open_files::PendingFiles::from_command_line());
            app.manage(sender::Status::default());
            background::start(app.handle());
            sender::start(app.handle().clone(), woken);
            Ok(())
        })
        .build(context)
        .unwrap_or_else(|e| {
            eprintln!("Duly could not start: {e}");
            std::process::exit(1);
        });
    app.run(|_app, _event| {
        // macOS delivers "Open with" files as an event, including those of the first launch.
        #[cfg(target_os = "macos")]
        if let tauri::RunEvent::Opened { urls } = _event {
            let paths = urls.iter().filter_map(|url| url.to_file_path().ok()).map(std::path::PathBuf::into_os_string);
            open_files::arrived(_app, duly_api::launch_files(paths, std::path::Path::new("/")));
        }
    });
}
