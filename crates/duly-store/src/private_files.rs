//! Files and folders only the user can read, written so that a crash or a power cut leaves either
//! the old file or the whole new one.
//!
//! The database, its backups and its exports hold clients' names, bank details and what they owe:
//! on Unix they are created 0600 and their folders 0700, whatever the umask, because the
//! usual 0644 lets every other account on the computer read them. A new file is written under a
//! random temporary name beside its target (created 0600 by `tempfile`), flushed to disk, then
//! renamed, and the folder is flushed too so that the rename itself survives a power cut.

use std::io::Write as _;
use std::path::Path;

use tempfile::TempPath;

/// Creates `dir` and any missing parents, each 0700 on Unix; existing folders are left as they are.
pub(crate) fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates an empty file at `path` (which must not exist), 0600 on Unix. SQLite accepts an empty
/// file as a new database and gives its `-wal`, `-shm` and `-journal` files the same mode.
pub(crate) fn create_empty(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// A new empty file beside `target`, 0600 on Unix, deleted when dropped unless persisted.
pub(crate) fn temp_beside(target: &Path) -> std::io::Result<TempPath> {
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    create_dir(dir)?;
    Ok(tempfile::Builder::new().prefix(".duly-").suffix(".partial").tempfile_in(dir)?.into_temp_path())
}

/// Flushes `temp` to disk and renames it to `target`; with `replace` false an existing `target`
/// is an error and is left alone.
pub(crate) fn persist(temp: TempPath, target: &Path, replace: bool) -> std::io::Result<()> {
    std::fs::File::open(&temp)?.sync_all()?;
    if replace {
        temp.persist(target).map_err(|e| e.error)?;
    } else {
        temp.persist_noclobber(target).map_err(|e| e.error)?;
    }
    sync_dir(target)
}

/// Writes `bytes` to `target` (replacing it) through a flushed temporary file.
pub(crate) fn write(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temp_beside(target)?;
    let mut file = std::fs::OpenOptions::new().write(true).open(&temp)?;
    file.write_all(bytes)?;
    drop(file);
    persist(temp, target, true)
}

/// Flushes the folder holding `path`, so that a rename into it is on disk (Unix; Windows has no
/// way to open a folder for this and commits renames with the file system's journal).
fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_are_0600_and_new_folders_0700() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/out.csv");
        write(&target, b"x").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"x");
        assert_eq!(mode(&target), 0o600);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&dir.path().join("a/b")), 0o700);
        write(&target, b"y").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"y");
        assert_eq!(std::fs::read_dir(dir.path().join("a/b")).unwrap().count(), 1, "no temporary file left");

        let temp = temp_beside(&target).unwrap();
        let err = persist(temp, &target, false).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&target).unwrap(), b"y");
    }
}
