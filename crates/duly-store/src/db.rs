//! Opening the database: where it lives, pragmas, the pre-migration backup, and migration.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::Migrations;

use crate::error::StoreError;
use crate::{backup, migrations, private_files};

/// An open, migrated Duly database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The database file in the OS's per-user data folder, e.g. `~/.local/share/duly/duly.sqlite3`
/// on Linux, `~/Library/Application Support/app.duly.Duly/duly.sqlite3` on macOS and
/// `%APPDATA%\duly\Duly\data\duly.sqlite3` on Windows. The desktop app and the CLI share it.
pub fn default_db_path() -> Result<PathBuf, StoreError> {
    let dirs = directories::ProjectDirs::from("app", "duly", "Duly").ok_or(StoreError::NoDataDir)?;
    Ok(dirs.data_dir().join("duly.sqlite3"))
}

/// The current instant as stored in the database: RFC 3339, UTC, whole seconds.
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// Before a migration touches an existing database, a full copy is written next to it under
    /// `backups/`, so that even a migration bug cannot lose a user's invoices.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, &migrations::all(), migrations::SCHEMA_VERSION)
    }

    /// An in-memory database with the current schema, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrations::all().to_latest(&mut conn)?;
        Ok(Self { conn, path: PathBuf::from(":memory:") })
    }

    pub(crate) fn open_with(path: &Path, steps: &Migrations<'_>, latest: i64) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_files::create_dir(dir).map_err(|source| StoreError::CreateDir { path: dir.to_owned(), source })?;
        }
        // Created by us, 0600, before SQLite sees it: SQLite would make it 0644 (readable by every
        // account on the computer) and gives its -wal and -shm files the mode of the database.
        if !path.exists() {
            match private_files::create_empty(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(source) => return Err(StoreError::CreateFile { path: path.to_owned(), source }),
            }
        }
        let open_err = |source| StoreError::Open { path: path.to_owned(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        configure(&conn).map_err(open_err)?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(open_err)?;
        if found > latest {
            return Err(StoreError::TooNew { path: path.to_owned(), found, known: latest });
        }
        if found > 0 && found < latest {
            backup_before_migration(&conn, path, found, latest)?;
        }
        steps.to_latest(&mut conn)?;
        Ok(Self { conn, path: path.to_owned() })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// How long a statement waits for another connection's write lock before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL lets the UI read while the CLI or a background job writes. FULL, not WAL's usual
    // NORMAL: NORMAL loses the last commits on a power cut, and one of them can be the sender's
    // claim (queued → sending) made just before the SMTP conversation, so the message would be
    // queued again and sent twice. FULL syncs the WAL at every commit; Duly commits per user
    // action or per message, and a bulk import is one transaction (cost measured by the
    // `durability` bench of this crate).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Every write transaction begins IMMEDIATE (it takes the write lock up front), so a second
    // process (the CLI beside the app, the background sender) waits here for the lock instead
    // of failing with "database is locked"; a backup or a big import can hold it for seconds.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
}

/// Copies the database as it is to `backups/` before a migration touches it, the way every
/// backup is written (see [`backup::copy_to`]): complete, flushed and 0600 before it has its name.
fn backup_before_migration(conn: &Connection, path: &Path, from: i64, to: i64) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let copy = backup::folder(path).join(format!("before-schema-v{from}-to-v{to}-{stamp}.sqlite3"));
    backup::copy_to(conn, &copy).map_err(|e| StoreError::Backup(Box::new(e)))?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use rusqlite_migration::M;

    use super::*;

    #[test]
    fn a_new_database_has_the_current_schema_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/duly.sqlite3");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::SCHEMA_VERSION);
        let mode: String = store.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        // FULL (2): a commit, such as the sender's claim of a message, survives a power cut.
        let sync: i64 = store.conn().pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2);
        assert!(!path.parent().unwrap().join("backups").exists(), "no backup for a brand-new file");
    }

    #[test]
    fn an_upgrade_backs_up_first_and_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let v1 = Migrations::new(vec![M::up("CREATE TABLE t (x INTEGER);")]);
        let store = Store::open_with(&path, &v1, 1).unwrap();
        store.conn().execute("INSERT INTO t VALUES (42)", []).unwrap();
        drop(store);

        let v2 = Migrations::new(vec![M::up("CREATE TABLE t (x INTEGER);"), M::up("ALTER TABLE t ADD COLUMN y TEXT;")]);
        let store = Store::open_with(&path, &v2, 2).unwrap();
        assert_eq!(store.schema_version().unwrap(), 2);
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups")).unwrap().collect();
        assert_eq!(backups.len(), 1);
        let backup = Connection::open(backups[0].as_ref().unwrap().path()).unwrap();
        let x: i64 = backup.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 42);
        let version: i64 = backup.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, 1, "the backup is the database as it was before the upgrade");
        // Like every backup: one self-contained file (not WAL), readable by the user only.
        let mode: String = backup.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let perms = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(perms(&backups[0].as_ref().unwrap().path()), 0o600);
            assert_eq!(perms(&dir.path().join("backups")), 0o700);
        }
    }

    #[test]
    fn a_version_1_database_gains_the_aging_indexes_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let v1 = Migrations::new(vec![M::up(include_str!("../migrations/0001_initial.sql"))]);
        let store = Store::open_with(&path, &v1, 1).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO clients (name, currency, created_at) VALUES ('Acme', 'EUR', '2026-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
        drop(store);

        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::SCHEMA_VERSION);
        let clients: i64 = store.conn().query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).unwrap();
        assert_eq!(clients, 1);
        let indexes: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('invoices_open_aging', 'invoices_paid_by_issue_date') ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(indexes, ["invoices_open_aging", "invoices_paid_by_issue_date"]);
        assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1, "backed up before the upgrade");
    }

    #[test]
    fn a_failing_migration_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let v1 = Migrations::new(vec![M::up("CREATE TABLE t (x INTEGER);")]);
        Store::open_with(&path, &v1, 1).unwrap().conn().execute("INSERT INTO t VALUES (1)", []).unwrap();
        let broken = Migrations::new(vec![
            M::up("CREATE TABLE t (x INTEGER);"),
            M::up("ALTER TABLE t ADD COLUMN y TEXT; THIS IS NOT SQL;"),
        ]);
        let err = Store::open_with(&path, &broken, 2).unwrap_err();
        assert!(matches!(err, StoreError::Migration(_)), "{err}");
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, 1);
        let cols: i64 = conn.query_row("SELECT count(*) FROM pragma_table_info('t')", [], |r| r.get(0)).unwrap();
        assert_eq!(cols, 1, "the half-applied ALTER was rolled back");
    }

    #[test]
    fn a_database_from_a_newer_duly_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(err.to_string().contains("newer Duly"), "{err}");
    }
}
