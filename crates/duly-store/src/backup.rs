//! Backups, restore and export of the whole database.
//!
//! Copies are made with SQLite's online backup API rather than by copying the file: the live
//! database is in WAL mode, so its file alone may lack the latest transactions, and the backup
//! API gives a consistent snapshot while the app keeps running. Every copy is written to a
//! temporary name (0600), flushed to disk and renamed when complete, so a crash or a power cut
//! never leaves a half backup that looks whole.
//!
//! Backups live in `backups/` beside the database, named by kind and UTC time
//! (`auto-20261123T104500Z.sqlite3`), so the folder sorts by time and the name alone says when
//! and why a copy was made. Only automatic ones are pruned; a copy the user asked for, or one
//! taken before a restore or an upgrade, stays until the user deletes it.
//!
//! A restore never copies the chosen file itself: its rows are rebuilt into Duly's own schema
//! (see `rebuild`), and that database is copied *into* the open connection (the backup API in
//! reverse) instead of swapping files: the handle the app holds stays valid, other readers see either the
//! old or the new database, and on Windows no open file has to be replaced.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::migrations::SCHEMA_VERSION;
use crate::{Store, private_files, rebuild};

pub use crate::export::{Exported, export_csv, export_json};

/// Automatic backups kept when the user has not chosen a number.
pub const DEFAULT_KEEP: usize = 7;

/// The tables every Duly database has had since schema version 1: a file without them is not a
/// Duly database, whatever its `user_version` says.
const CORE_TABLES: &[&str] = &["business", "clients", "contacts", "invoices", "invoice_lines", "payments", "events"];

const STAMP: &str = "%Y%m%dT%H%M%SZ";
const EXTENSION: &str = "sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{path}: the file cannot be read: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{path}: not a SQLite database (a Duly backup starts with \"SQLite format 3\")")]
    NotSqlite { path: PathBuf },
    #[error("{path}: a SQLite database, but not Duly's ({reason})")]
    Foreign { path: PathBuf, reason: String },
    #[error("{path}: the database is damaged ({detail})")]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{path}: written by a newer Duly (schema version {found}; this version knows up to {known}); update Duly to restore it"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{path}: this is the database Duly is using; choose a backup file instead")]
    SameFile { path: PathBuf },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Sql { path: PathBuf, source: rusqlite::Error },
    #[error("the backup could not be upgraded to this version of Duly, so nothing was changed: {0}")]
    Upgrade(String),
}

/// Why a backup was made; the first word of its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupKind {
    /// The daily copy taken when the app starts.
    Auto,
    /// "Back up now".
    Manual,
    /// The database as it was just before a restore replaced it.
    BeforeRestore,
    /// The database as it was before a schema upgrade (written by `Store::open`).
    BeforeUpgrade,
}

impl BackupKind {
    fn prefix(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Manual => "manual",
            Self::BeforeRestore => "before-restore",
            Self::BeforeUpgrade => "before-schema",
        }
    }
}

/// One file in the backups folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub kind: BackupKind,
    pub created_at: DateTime<Utc>,
    pub size_bytes: u64,
}

/// What a valid backup holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inspection {
    pub schema_version: i64,
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The schema version of the file restored (older ones were upgraded).
    pub from_version: i64,
    pub schema_version: i64,
    /// The database as it was just before, so a restore can itself be undone.
    pub safety_backup: BackupFile,
}

/// The folder of backups for the database at `db_path`.
pub fn folder(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_owned(), source }
}

pub(crate) fn sql(path: &Path) -> impl FnOnce(rusqlite::Error) -> BackupError + '_ {
    move |source| BackupError::Sql { path: path.to_owned(), source }
}

/// Copies the database open on `conn` to `target` (which must not exist yet): a standalone file
/// (rollback journal, not WAL) that opens on any machine with nothing beside it, readable only by
/// the user, and on disk before it appears under its name.
pub fn copy_to(conn: &Connection, target: &Path) -> Result<(), BackupError> {
    if target.exists() {
        return Err(already_exists(target));
    }
    let partial = private_files::temp_beside(target).map_err(io(target))?;
    {
        let mut dst = Connection::open(&partial).map_err(sql(&partial))?;
        dst.pragma_update(None, "synchronous", "FULL").map_err(sql(&partial))?;
        rusqlite::backup::Backup::new(conn, &mut dst)
            .and_then(|b| b.run_to_completion(1024, Duration::ZERO, None))
            .map_err(sql(&partial))?;
        // A copy is another database: it gets its own identity, so the messages queued in it
        // were queued elsewhere and are held for review wherever it is opened or restored
        // (see `outbox::INSTANCE_ID`). It never sends anything by itself.
        new_identity(&dst).map_err(sql(&partial))?;
        // The copy inherits WAL mode from the live database; a backup is one self-contained file.
        dst.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(())).map_err(sql(&partial))?;
        dst.close().map_err(|(_, e)| sql(&partial)(e))?;
    }
    private_files::persist(partial, target, false).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => already_exists(target),
        _ => io(target)(e),
    })
}

fn already_exists(target: &Path) -> BackupError {
    BackupError::Io {
        path: target.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the file already exists; choose another name"),
    }
}

fn file_name(kind: BackupKind, at: DateTime<Utc>, n: u32) -> String {
    let stamp = at.format(STAMP);
    match n {
        0 => format!("{}-{stamp}.{EXTENSION}", kind.prefix()),
        n => format!("{}-{stamp}-{n}.{EXTENSION}", kind.prefix()),
    }
}

/// Writes a backup of `store` of this kind into its backups folder, named with `now`.
pub fn back_up(store: &Store, kind: BackupKind, now: DateTime<Utc>) -> Result<BackupFile, BackupError> {
    let dir = folder(store.path());
    let mut n = 0;
    let target = loop {
        let candidate = dir.join(file_name(kind, now, n));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    copy_to(store.conn(), &target)?;
    describe(&target).ok_or_else(|| BackupError::Io {
        path: target.clone(),
        source: std::io::Error::other("the backup was written but cannot be read back"),
    })
}

/// A backup file's kind and time, read from its name; `None` for files Duly did not name.
fn describe(path: &Path) -> Option<BackupFile> {
    let name = path.file_name()?.to_str()?.strip_suffix(&format!(".{EXTENSION}"))?;
    let kind = [BackupKind::Auto, BackupKind::Manual, BackupKind::BeforeRestore, BackupKind::BeforeUpgrade]
        .into_iter()
        .find(|k| name.starts_with(&format!("{}-", k.prefix())))?;
    // The stamp is the one part shaped like 20261123T104500Z; before-schema names hold versions too.
    let created_at = name.split('-').find_map(|part| NaiveDateTime::parse_from_str(part, STAMP).ok())?.and_utc();
    let size_bytes = std::fs::metadata(path).ok()?.len();
    Some(BackupFile { path: path.to_owned(), kind, created_at, size_bytes })
}

/// The backups of the database at `db_path`, newest first. No folder yet means no backups.
pub fn list(db_path: &Path) -> Result<Vec<BackupFile>, BackupError> {
    let dir = folder(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&dir)(e)),
    };
    let mut files: Vec<BackupFile> = entries.filter_map(|e| describe(&e.ok()?.path())).collect();
    files.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| b.path.cmp(&a.path)));
    Ok(files)
}

/// Whether the daily backup is due: none yet on `now`'s UTC date.
pub fn auto_due(backups: &[BackupFile], now: DateTime<Utc>) -> bool {
    !backups.iter().any(|b| b.kind == BackupKind::Auto && b.created_at.date_naive() == now.date_naive())
}

/// Deletes all but the newest `keep` automatic backups; returns the deleted files.
pub fn prune_auto(db_path: &Path, keep: usize) -> Result<Vec<PathBuf>, BackupError> {
    let old: Vec<PathBuf> =
        list(db_path)?.into_iter().filter(|b| b.kind == BackupKind::Auto).skip(keep).map(|b| b.path).collect();
    for path in &old {
        std::fs::remove_file(path).map_err(io(path))?;
    }
    Ok(old)
}

/// Checks that `path` is a readable Duly database this version can open, without changing it.
pub fn inspect(path: &Path) -> Result<Inspection, BackupError> {
    let unreadable = |source| BackupError::Unreadable { path: path.to_owned(), source };
    let mut header = [0_u8; 16];
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    if file.metadata().map_err(unreadable)?.is_dir() {
        return Err(unreadable(std::io::Error::other("it is a folder")));
    }
    if std::io::Read::read_exact(&mut file, &mut header).is_err() || &header != b"SQLite format 3\0" {
        return Err(BackupError::NotSqlite { path: path.to_owned() });
    }
    drop(file);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sql(path))?;
    let damaged = |e: rusqlite::Error| BackupError::Damaged { path: path.to_owned(), detail: e.to_string() };
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(damaged)?;
    if check != "ok" {
        return Err(BackupError::Damaged { path: path.to_owned(), detail: check });
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(damaged)?;
    let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").map_err(damaged)?;
    let tables: Vec<String> =
        stmt.query_map([], |r| r.get(0)).map_err(damaged)?.collect::<Result<_, _>>().map_err(damaged)?;
    let missing: Vec<&str> = CORE_TABLES.iter().copied().filter(|t| !tables.iter().any(|have| have == t)).collect();
    if version < 1 || !missing.is_empty() {
        let reason = if missing.len() == CORE_TABLES.len() {
            "it has none of Duly's tables".to_owned()
        } else if !missing.is_empty() {
            format!("tables missing: {}", missing.join(", "))
        } else {
            "it has no Duly schema version".to_owned()
        };
        return Err(BackupError::Foreign { path: path.to_owned(), reason });
    }
    if version > SCHEMA_VERSION {
        return Err(BackupError::TooNew { path: path.to_owned(), found: version, known: SCHEMA_VERSION });
    }
    Ok(Inspection { schema_version: version })
}

/// Replaces the contents of `store` with the backup at `from`: checks it first and rebuilds its
/// rows into Duly's own schema (a bad or hostile file changes nothing, see [`rebuild`]), writes a
/// safety backup of the current database, then copies the rebuilt database in.
pub fn restore(store: &mut Store, from: &Path, now: DateTime<Utc>) -> Result<Restored, BackupError> {
    let inspection = inspect(from)?;
    if let (Ok(a), Ok(b)) = (from.canonicalize(), store.path().canonicalize())
        && a == b
    {
        return Err(BackupError::SameFile { path: from.to_owned() });
    }
    let page_size: i64 = store.conn().pragma_query_value(None, "page_size", |r| r.get(0)).map_err(sql(store.path()))?;
    let rebuilt = rebuild::rebuild(from, inspection.schema_version, page_size)?;
    // Before it replaces anything, so that no sender can claim a message under the old identity:
    // the restored rows belong to another one and are held instead of sent (the API marks them).
    new_identity(&rebuilt).map_err(sql(from))?;
    let safety_backup = back_up(store, BackupKind::BeforeRestore, now)?;
    copy_into(&rebuilt, store.conn_mut()).map_err(sql(from))?;
    let schema_version = store.schema_version().map_err(|e| BackupError::Upgrade(e.to_string()))?;
    Ok(Restored { from_version: inspection.schema_version, schema_version, safety_backup })
}

/// Gives the database on `conn` a new random identity (`settings.instance_id`), when it has one.
fn new_identity(conn: &Connection) -> rusqlite::Result<()> {
    let has_settings: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings')",
        [],
        |r| r.get(0),
    )?;
    if has_settings {
        conn.execute(
            "UPDATE settings SET value = lower(hex(randomblob(16))) WHERE key = ?1",
            [crate::outbox::INSTANCE_ID],
        )?;
    }
    Ok(())
}

/// Copies every page of `src` over the database open on `dst`, keeping `dst` in WAL mode.
fn copy_into(src: &Connection, dst: &mut Connection) -> rusqlite::Result<()> {
    rusqlite::backup::Backup::new(src, dst)?.run_to_completion(1024, Duration::from_millis(10), None)?;
    dst.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    dst.pragma_update(None, "foreign_keys", true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn names_carry_kind_and_time_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "auto-20261123T104500Z.sqlite3",
            "manual-20261123T104500Z-1.sqlite3",
            "before-schema-v1-to-v3-20260101T000000Z.sqlite3",
            "notes.txt",
            "auto-garbage.sqlite3",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let files: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(|e| describe(&e.unwrap().path())).collect();
        assert_eq!(files.len(), 3);
        let upgrade = files.iter().find(|f| f.kind == BackupKind::BeforeUpgrade).unwrap();
        assert_eq!(upgrade.created_at, at("2026-01-01T00:00:00Z"));
        let manual = files.iter().find(|f| f.kind == BackupKind::Manual).unwrap();
        assert_eq!(manual.created_at, at("2026-11-23T10:45:00Z"));
    }

    #[test]
    fn due_once_per_utc_day() {
        let b = BackupFile {
            path: PathBuf::from("auto-20261123T000500Z.sqlite3"),
            kind: BackupKind::Auto,
            created_at: at("2026-11-23T00:05:00Z"),
            size_bytes: 1,
        };
        assert!(auto_due(&[], at("2026-11-23T10:00:00Z")));
        assert!(!auto_due(std::slice::from_ref(&b), at("2026-11-23T23:59:59Z")));
        assert!(auto_due(std::slice::from_ref(&b), at("2026-11-24T00:00:00Z")));
        let manual = BackupFile { kind: BackupKind::Manual, ..b };
        assert!(auto_due(&[manual], at("2026-11-23T10:00:00Z")), "a manual backup is not the daily one");
    }
}
