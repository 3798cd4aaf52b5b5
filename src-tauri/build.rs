// Duly's own commands, for the capability file: each gets an `allow-<name>` permission, and
// `capabilities/default.json` grants exactly these, so a command missing from this list is
// refused at the window even if it is registered. Keep it in step with `commands::COMMANDS`
// (a unit test there compares the two).
const COMMANDS: &[&str] = &include!("src/command_names.in");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
