//! `launch_files`: the files Duly was started with, as when the user picks "Open with → Duly" on
//! an e-invoice or a CSV export (the installers register those types). The desktop shell passes its
//! command line; the UI opens the import for the files returned.

use std::ffi::OsString;
use std::path::Path;

/// The extensions the importers read, as registered by the installers.
const IMPORTABLE: &[&str] = &["xml", "csv", "pdf"];

/// Of the command-line arguments (program name excluded), the existing files Duly can import,
/// as absolute paths; relative ones are relative to `cwd`, the working folder of the process
/// whose command line it is (a second launch hands its arguments to the running Duly). Flags
/// and anything else are ignored: the OS, not the user, wrote this command line, and a stray
/// argument must not stop the app from starting.
pub fn launch_files(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Vec<String> {
    args.into_iter()
        .filter_map(|arg| {
            let path = cwd.join(arg);
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            if !IMPORTABLE.contains(&ext.as_str()) || !path.is_file() {
                return None;
            }
            let absolute = std::path::absolute(&path).ok()?;
            Some(absolute.to_string_lossy().into_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_existing_importable_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("factura-RO-001.XML");
        let csv = dir.path().join("export.csv");
        let txt = dir.path().join("notes.txt");
        for f in [&xml, &csv, &txt] {
            std::fs::write(f, "x").unwrap();
        }
        let args = [
            OsString::from("--some-flag"),
            xml.clone().into_os_string(),
            txt.into_os_string(),
            dir.path().join("missing.pdf").into_os_string(),
            csv.clone().into_os_string(),
            dir.path().join("folder.csv").into_os_string(),
        ];
        std::fs::create_dir(dir.path().join("folder.csv")).unwrap();
        assert_eq!(launch_files(args, Path::new("/elsewhere")), [xml.display().to_string(), csv.display().to_string()]);
    }

    #[test]
    fn relative_paths_are_taken_from_the_launching_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("export.csv"), "x").unwrap();
        let args = [OsString::from("export.csv"), OsString::from("missing.csv")];
        assert_eq!(launch_files(args, dir.path()), [dir.path().join("export.csv").display().to_string()]);
    }
}
