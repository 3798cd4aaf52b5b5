//! `backup_now`, `backup_list`, `backup_restore`, `backup_auto` and `export_data`: copies of the
//! whole database and exports of every table, for safety and for leaving Duly with one's data.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use duly_store::backup::{self as store_backup, BackupError, BackupFile};
use duly_store::settings;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ApiResult, Duly, ErrorCode};

/// The `settings` key of how many automatic backups to keep.
const KEEP_KEY: &str = "backup_keep";

/// Why a backup was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// The daily copy made when the app starts.
    Auto,
    /// "Back up now".
    Manual,
    /// The database as it was just before a restore replaced it.
    BeforeRestore,
    /// The database as it was before a Duly update upgraded it.
    BeforeUpgrade,
}

/// One backup file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    pub kind: BackupKind,
    /// RFC 3339 UTC, read from the file name.
    pub created_at: String,
    pub size_bytes: i64,
}

/// Where the data lives and the backups beside it, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct BackupList {
    pub db_path: String,
    pub data_folder: String,
    pub backups_folder: String,
    /// How many automatic daily backups are kept.
    pub keep: i64,
    pub backups: Vec<BackupInfo>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
pub struct BackupNowInput {
    /// A file to write the backup to (it must not exist yet); `null` for the backups folder.
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
pub struct BackupRestoreInput {
    /// The backup file to restore.
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct BackupRestoreReport {
    pub restored_from: String,
    /// The schema version of the backup; older ones were upgraded to `schema_version`.
    pub backup_schema_version: i64,
    pub schema_version: i64,
    /// A copy of the database as it was just before, so the restore can be undone.
    pub safety_backup: BackupInfo,
    /// Messages the backup held as being sent, now `unsure` in the Outbox for the user to
    /// resend or mark sent.
    pub unsure_messages: i64,
    /// Messages the backup held as queued, now held in the Outbox until the user sends or
    /// discards each: a restore never sends anything by itself.
    pub held_messages: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One CSV file per table.
    #[default]
    Csv,
    /// One JSON file with every table.
    Json,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
pub struct ExportInput {
    /// The folder to write into (created if missing); `null` for a new dated folder under
    /// `exports/` in the data folder.
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub format: ExportFormat,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ExportReport {
    pub folder: String,
    pub files: Vec<String>,
    pub tables: i64,
    pub rows: i64,
}

impl From<BackupError> for ApiError {
    fn from(e: BackupError) -> Self {
        let code = match e {
            BackupError::Unreadable { .. }
            | BackupError::NotSqlite { .. }
            | BackupError::Foreign { .. }
            | BackupError::Damaged { .. }
            | BackupError::TooNew { .. }
            | BackupError::SameFile { .. } => ErrorCode::InvalidInput,
            BackupError::Io { .. } | BackupError::Sql { .. } | BackupError::Upgrade(_) => ErrorCode::Storage,
        };
        ApiError::new(code, e.to_string())
    }
}

fn info(file: &BackupFile) -> BackupInfo {
    BackupInfo {
        path: file.path.display().to_string(),
        file_name: file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        kind: match file.kind {
            store_backup::BackupKind::Auto => BackupKind::Auto,
            store_backup::BackupKind::Manual => BackupKind::Manual,
            store_backup::BackupKind::BeforeRestore => BackupKind::BeforeRestore,
            store_backup::BackupKind::BeforeUpgrade => BackupKind::BeforeUpgrade,
        },
        created_at: file.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        size_bytes: i64::try_from(file.size_bytes).unwrap_or(i64::MAX),
    }
}

/// Duly's own folders beside the database `db_path`: the backups and the exports. Files in them
/// are Duly's to read and write, whoever names them (the desktop shell lets its window name these
/// and only files the user chose).
pub fn own_folders(db_path: &Path) -> Vec<PathBuf> {
    vec![store_backup::folder(db_path), exports_folder(db_path)]
}

fn exports_folder(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("exports")
}

fn stamp(now: DateTime<Utc>) -> String {
    now.format("%Y%m%dT%H%M%SZ").to_string()
}

impl Duly {
    fn in_memory(&self) -> bool {
        self.db_path() == Path::new(":memory:")
    }

    fn file_backed(&self) -> ApiResult<()> {
        if self.in_memory() {
            return Err(ApiError::invalid(
                "this database lives in memory only; there is no file to back up or restore",
            ));
        }
        Ok(())
    }

    /// How many automatic backups are kept: the `backup_keep` setting, else 7.
    pub(crate) fn backup_keep(&self) -> ApiResult<usize> {
        Ok(settings::get(self.conn(), KEEP_KEY)?
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(store_backup::DEFAULT_KEEP))
    }

    /// Sets how many automatic daily backups to keep (1 to 365).
    pub fn backup_keep_set(&mut self, keep: i64) -> ApiResult<BackupList> {
        if !(1..=365).contains(&keep) {
            return Err(ApiError::invalid("keep: expected a number of backups from 1 to 365"));
        }
        settings::set(self.conn(), KEEP_KEY, &keep.to_string(), &self.stamp())?;
        store_backup::prune_auto(self.db_path(), usize::try_from(keep).unwrap_or(1))?;
        self.backup_list()
    }

    /// A backup now: into the backups folder, or to `to` (a file that must not exist yet).
    pub fn backup_now(&self, input: BackupNowInput) -> ApiResult<BackupInfo> {
        self.file_backed()?;
        match input.to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Ok(info(&store_backup::back_up(self.store(), store_backup::BackupKind::Manual, self.now())?)),
            Some(to) => {
                let target = PathBuf::from(to);
                store_backup::copy_to(self.conn(), &target)?;
                let size = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
                Ok(info(&BackupFile {
                    path: target,
                    kind: store_backup::BackupKind::Manual,
                    created_at: self.now(),
                    size_bytes: size,
                }))
            }
        }
    }

    pub fn backup_list(&self) -> ApiResult<BackupList> {
        let db = self.db_path();
        let data_folder = db.parent().unwrap_or(Path::new(".")).display().to_string();
        let backups = if self.in_memory() { Vec::new() } else { store_backup::list(db)? };
        Ok(BackupList {
            db_path: db.display().to_string(),
            data_folder,
            backups_folder: store_backup::folder(db).display().to_string(),
            keep: i64::try_from(self.backup_keep()?).unwrap_or(i64::MAX),
            backups: backups.iter().map(info).collect(),
        })
    }

    /// The daily backup, called when the app starts: writes one if none was made on `now`'s UTC
    /// date, then keeps only the newest automatic ones. `None` when none was due.
    pub fn backup_auto(&self, now: DateTime<Utc>) -> ApiResult<Option<BackupInfo>> {
        if self.in_memory() {
            return Ok(None);
        }
        let db = self.db_path();
        if !store_backup::auto_due(&store_backup::list(db)?, now) {
            return Ok(None);
        }
        let made = store_backup::back_up(self.store(), store_backup::BackupKind::Auto, now)?;
        store_backup::prune_auto(db, self.backup_keep()?)?;
        Ok(Some(info(&made)))
    }

    /// Replaces the database with a backup, after checking it is a Duly database this version
    /// can read and after saving a copy of the current one. A refused file changes nothing.
    pub fn backup_restore(&mut self, input: BackupRestoreInput) -> ApiResult<BackupRestoreReport> {
        self.file_backed()?;
        let path = input.path.trim();
        if path.is_empty() {
            return Err(ApiError::invalid("path: choose a backup file to restore"));
        }
        let now = self.now();
        let restored = store_backup::restore(self.store_mut(), Path::new(path), now)?;
        let self_path = self.db_path().to_owned();
        // A backup taken while a message was being sent holds it as `sending`: nobody sends it
        // any more, and it may have gone out, so it waits for the user as `unsure`.
        let tx = self.transaction()?;
        let unsure = crate::outbox::mark_interrupted_on(&tx, now)?;
        // The store gave the restored file a new identity: every message it had queued is held
        // until the user sends or discards it (a restore never sends anything by itself).
        let held = crate::outbox::outbox_identity::adopt_on(&tx, &self_path, &crate::shared::timeline::instant(now))?;
        tx.commit()?;
        Ok(BackupRestoreReport {
            restored_from: path.to_owned(),
            backup_schema_version: restored.from_version,
            schema_version: restored.schema_version,
            safety_backup: info(&restored.safety_backup),
            unsure_messages: i64::try_from(unsure).unwrap_or(i64::MAX),
            held_messages: i64::try_from(held).unwrap_or(i64::MAX),
        })
    }

    /// Every table as CSV files or one JSON file, for spreadsheets or for leaving Duly.
    pub fn export_data(&self, input: ExportInput) -> ApiResult<ExportReport> {
        let now = self.now();
        let folder = match input.to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(to) => PathBuf::from(to),
            None => {
                self.file_backed()?;
                exports_folder(self.db_path()).join(format!("duly-export-{}", stamp(now)))
            }
        };
        if folder.is_file() {
            return Err(ApiError::invalid(format!("to: {} is a file; choose a folder", folder.display())));
        }
        let exported = match input.format {
            ExportFormat::Csv => store_backup::export_csv(self.conn(), &folder)?,
            ExportFormat::Json => store_backup::export_json(self.conn(), &folder, now)?,
        };
        Ok(ExportReport {
            folder: folder.display().to_string(),
            files: exported.files.iter().map(|f| f.display().to_string()).collect(),
            tables: i64::try_from(exported.tables).unwrap_or(i64::MAX),
            rows: i64::try_from(exported.rows).unwrap_or(i64::MAX),
        })
    }
}
