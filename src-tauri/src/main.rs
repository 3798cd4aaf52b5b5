//! Duly's desktop shell. It opens the database, registers the commands and shows the window;
//! everything else happens in `duly-api`.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

fn main() {
    let db = state::Db::open();
    tauri::Builder::default()
        .manage(db)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Duly could not start: {e}");
            std::process::exit(1);
        });
}
