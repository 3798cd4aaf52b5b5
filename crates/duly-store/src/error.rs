use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error(
        "the database {path} was written by a newer Duly (schema version {found}; this version knows up to {known})"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("cannot create the database {path}: {source}")]
    CreateFile { path: PathBuf, source: std::io::Error },
    #[error("cannot back up the database before upgrading it: {0}")]
    Backup(Box<crate::backup::BackupError>),
    #[error("upgrading the database failed and nothing was changed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("no operating-system data folder could be found for this user; pass --db PATH or set DULY_DB")]
    NoDataDir,
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

impl StoreError {
    /// Whether the error is a UNIQUE constraint violation (e.g. a duplicate invoice number).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Sql(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        )
    }
}
