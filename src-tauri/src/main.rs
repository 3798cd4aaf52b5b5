//! Duly's desktop shell. It opens the database, registers the commands, starts the outbox
//! sender and shows the window; everything else happens in `duly-api`.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod sender;
mod state;

fn main() {
    let (wake, woken) = std::sync::mpsc::channel();
    let db = state::Db::open(wake);
    tauri::Builder::default()
        .manage(db)
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(commands::handler())
        .setup(move |app| {
            sender::start(app.handle().clone(), woken);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Duly could not start: {e}");
            std::process::exit(1);
        });
}
