//! Backups, restore and export of the whole database.
//!
//! Copies are made with SQLite's online backup API rather than by copying the file: the live
//! database is in WAL mode, so its file alone may lack the latest transactions, and the backup
//! API gives a consistent snapshot while the app keeps running. Every copy is written to a
//! temporary name and renamed when complete, so a crash never leaves a half backup that looks
//! whole.
//!
//! Backups live in `backups/` beside the database, named by kind and UTC time
//! (`auto-20261123T104500Z.sqlite3`), so the folder sorts by time and the name alone says when
//! and why a copy was made. Only automatic ones are pruned; a copy the user asked for, or one
//! taken before a restore or an upgrade, stays until the user deletes it.
//!
//! A restore copies the chosen file *into* the open connection (the backup API in reverse)
//! instead of swapping files: the handle the app holds stays valid, other readers see either the
//! old or the new database, and on Windows no open file has to be replaced.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::Store;
use crate::migrations::{self, SCHEMA_VERSION};

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
    #[error("the restored database could not be upgraded, so the previous one was put back: {0}")]
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

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_owned(), source }
}

fn sql(path: &Path) -> impl FnOnce(rusqlite::Error) -> BackupError + '_ {
    move |source| BackupError::Sql { path: path.to_owned(), source }
}

/// Copies the database open on `conn` to `target` (which must not exist yet): a standalone file
/// (rollback journal, not WAL) that opens on any machine with nothing beside it.
pub fn copy_to(conn: &Connection, target: &Path) -> Result<(), BackupError> {
    if target.exists() {
        return Err(BackupError::Io {
            path: target.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file already exists; choose another name",
            ),
        });
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let partial = target.with_extension("partial");
    let result = (|| {
        let _ = std::fs::remove_file(&partial);
        let mut dst = Connection::open(&partial).map_err(sql(&partial))?;
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
        std::fs::rename(&partial, target).map_err(io(target))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
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

/// Replaces the contents of `store` with the backup at `from`: checks it first (a bad file
/// changes nothing), writes a safety backup of the current database, copies the backup in, and
/// upgrades it if it is from an older Duly.
pub fn restore(store: &mut Store, from: &Path, now: DateTime<Utc>) -> Result<Restored, BackupError> {
    let inspection = inspect(from)?;
    if let (Ok(a), Ok(b)) = (from.canonicalize(), store.path().canonicalize())
        && a == b
    {
        return Err(BackupError::SameFile { path: from.to_owned() });
    }
    let safety_backup = back_up(store, BackupKind::BeforeRestore, now)?;
    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sql(from))?;
    copy_into(&src, store.conn_mut()).map_err(sql(from))?;
    // At once, before anyone can claim a message: the restored rows now belong to another
    // identity, so the sender holds them instead of sending (the API then marks them held).
    new_identity(store.conn()).map_err(sql(from))?;
    if inspection.schema_version < SCHEMA_VERSION
        && let Err(e) = migrations::all().to_latest(store.conn_mut())
    {
        // Put the database back as it was: the user asked for a restore, not for data loss.
        let previous = Connection::open_with_flags(&safety_backup.path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(sql(&safety_backup.path))?;
        copy_into(&previous, store.conn_mut()).map_err(sql(&safety_backup.path))?;
        return Err(BackupError::Upgrade(e.to_string()));
    }
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

/// The user tables of the database, in name order (SQLite's own and migration bookkeeping aside).
fn tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub files: Vec<PathBuf>,
    pub tables: usize,
    pub rows: u64,
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
fn csv_field(out: &mut String, value: ValueRef<'_>) {
    let text = match value {
        ValueRef::Null => return,
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => hex(b),
    };
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&text);
    }
}

fn json_value(value: ValueRef<'_>) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => hex(b).into(),
    }
}

/// Calls `row` for each row of `table` with its column names, inside the caller's snapshot.
fn each_row(
    conn: &Connection,
    table: &str,
    mut row: impl FnMut(&[String], &rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<(Vec<String>, u64)> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {}", quote_ident(table)))?;
    let columns: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let mut rows = stmt.query([])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        row(&columns, r)?;
        count += 1;
    }
    Ok((columns, count))
}

/// Writes one CSV file per table (`clients.csv`, ...) into `dir`, all from one snapshot. Blobs are
/// written as hexadecimal; amounts stay integer minor units as stored.
pub fn export_csv(conn: &Connection, dir: &Path) -> Result<Exported, BackupError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let snapshot = conn.unchecked_transaction().map_err(sql(dir))?;
    let mut exported = Exported { files: Vec::new(), tables: 0, rows: 0 };
    for table in tables(&snapshot).map_err(sql(dir))? {
        let path = dir.join(format!("{table}.csv"));
        let mut body = String::new();
        let mut header_written = false;
        let (columns, count) = each_row(&snapshot, &table, |columns, r| {
            if !header_written {
                body.push_str(&columns.join(","));
                body.push_str("\r\n");
                header_written = true;
            }
            for i in 0..columns.len() {
                if i > 0 {
                    body.push(',');
                }
                csv_field(&mut body, r.get_ref(i)?);
            }
            body.push_str("\r\n");
            Ok(())
        })
        .map_err(sql(&path))?;
        if !header_written {
            body.push_str(&columns.join(","));
            body.push_str("\r\n");
        }
        write_file(&path, body.as_bytes())?;
        exported.files.push(path);
        exported.tables += 1;
        exported.rows += count;
    }
    Ok(exported)
}

/// Writes every table into one JSON file, `duly-export.json` in `dir`:
/// `{"format": "duly-export", "schema_version": 4, "tables": {"clients": [{...}, ...], ...}}`.
pub fn export_json(conn: &Connection, dir: &Path, now: DateTime<Utc>) -> Result<Exported, BackupError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let path = dir.join("duly-export.json");
    let snapshot = conn.unchecked_transaction().map_err(sql(dir))?;
    let version: i64 = snapshot.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(sql(&path))?;
    let mut tables_json = serde_json::Map::new();
    let mut rows_total = 0;
    let names = tables(&snapshot).map_err(sql(&path))?;
    for table in &names {
        let mut rows = Vec::new();
        let (_, count) = each_row(&snapshot, table, |columns, r| {
            let mut object = serde_json::Map::new();
            for (i, name) in columns.iter().enumerate() {
                object.insert(name.clone(), json_value(r.get_ref(i)?));
            }
            rows.push(serde_json::Value::Object(object));
            Ok(())
        })
        .map_err(sql(&path))?;
        rows_total += count;
        tables_json.insert(table.clone(), serde_json::Value::Array(rows));
    }
    let document = serde_json::json!({
        "format": "duly-export",
        "schema_version": version,
        "exported_at": now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "tables": tables_json,
    });
    let text = serde_json::to_vec_pretty(&document).map_err(|e| io(&path)(std::io::Error::other(e)))?;
    write_file(&path, &text)?;
    Ok(Exported { files: vec![path], tables: names.len(), rows: rows_total })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BackupError> {
    let mut file = std::fs::File::create(path).map_err(io(path))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(io(path))
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
    fn csv_fields_are_quoted_only_when_needed() {
        let mut s = String::new();
        csv_field(&mut s, ValueRef::Text(b"a, \"b\"\nc"));
        s.push('|');
        csv_field(&mut s, ValueRef::Integer(-5));
        s.push('|');
        csv_field(&mut s, ValueRef::Null);
        s.push('|');
        csv_field(&mut s, ValueRef::Blob(&[0, 255]));
        assert_eq!(s, "\"a, \"\"b\"\"\nc\"|-5||00ff");
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
