// Duly's own commands, for the app manifest: each gets an `allow-<name>` permission, and
// `capabilities/default.json` grants exactly these (a test in `command_files.rs` keeps it so), so
// a command missing from the list is refused at the window even if it were registered. The names
// come from the one list in `src/command_list.rs`; its types are only read as tokens here.
include!("src/command_list.rs");

macro_rules! command_names {
    (
        api { $( $(#[doc = $doc:literal])* $name:ident ( $($input:tt)* ) -> $out:ty; )* }
        shell { $( $(#[doc = $shell_doc:literal])* $shell:ident ( $($shell_input:tt)* ) -> $shell_out:ty; )* }
    ) => {
        &[$(stringify!($name),)* $(stringify!($shell),)*]
    };
}

const COMMANDS: &[&str] = with_commands!(command_names);

fn main() {
    println!("cargo:rerun-if-changed=src/command_list.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
