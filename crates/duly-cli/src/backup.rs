//! `duly backup [--to FILE]`, `duly backup list`, `duly restore FILE` and `duly export --to DIR`:
//! their arguments, the API calls and their output.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use duly_api::{
    ApiResult, BackupInfo, BackupKind, BackupList, BackupNowInput, BackupRestoreInput, BackupRestoreReport, Duly,
    ExportFormat, ExportInput, ExportReport,
};
use serde::Serialize;

use crate::print::Printer;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub command: Option<BackupCommand>,
    /// Write the backup to this file (it must not exist yet) [default: backups/ beside the database]
    #[arg(long, value_name = "FILE")]
    pub to: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// List the backups beside the database, newest first
    List,
    /// Set how many automatic daily backups to keep
    Keep { count: i64 },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write into (created if missing)
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// One CSV file per table
    Csv,
    /// One JSON file with every table
    Json,
}

pub fn backup(duly: &mut Duly, a: BackupArgs, out: &Printer) -> ApiResult<()> {
    match a.command {
        Some(BackupCommand::List) => out.backup_list(&duly.backup_list()?),
        Some(BackupCommand::Keep { count }) => out.backup_list(&duly.backup_keep_set(count)?),
        None => {
            let to = a.to.map(|p| p.display().to_string());
            out.backup_made(&duly.backup_now(BackupNowInput { to })?);
        }
    }
    Ok(())
}

pub fn restore(duly: &mut Duly, file: PathBuf, out: &Printer) -> ApiResult<()> {
    let report = duly.backup_restore(BackupRestoreInput { path: file.display().to_string() })?;
    out.restored(&report);
    Ok(())
}

pub fn export(duly: &Duly, a: ExportArgs, out: &Printer) -> ApiResult<()> {
    let format = match a.format {
        Format::Csv => ExportFormat::Csv,
        Format::Json => ExportFormat::Json,
    };
    out.exported(&duly.export_data(ExportInput { to: Some(a.to.display().to_string()), format })?);
    Ok(())
}

fn kind(k: BackupKind) -> &'static str {
    match k {
        BackupKind::Auto => "daily",
        BackupKind::Manual => "manual",
        BackupKind::BeforeRestore => "before restore",
        BackupKind::BeforeUpgrade => "before upgrade",
    }
}

/// 1536 → "1.5 KiB", in whole tenths without floats.
fn size(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut unit = 0;
    let mut whole = bytes;
    let mut tenths = 0;
    while whole >= 1024 && unit < UNITS.len() - 1 {
        tenths = (whole % 1024) * 10 / 1024;
        whole /= 1024;
        unit += 1;
    }
    if unit == 0 { format!("{whole} B") } else { format!("{whole}.{tenths} {}", UNITS[unit]) }
}

impl Printer {
    fn emit(&self, value: &impl Serialize, text: impl FnOnce() -> String) {
        let mut stdout = std::io::stdout().lock();
        let _ = if self.json {
            serde_json::to_writer(&mut stdout, value).map_err(std::io::Error::other).and_then(|()| writeln!(stdout))
        } else {
            writeln!(stdout, "{}", text())
        };
    }

    fn backup_made(&self, b: &BackupInfo) {
        self.emit(b, || format!("Backed up to {} ({})", b.path, size(b.size_bytes)));
    }

    fn backup_list(&self, list: &BackupList) {
        self.emit(list, || {
            let mut text = format!(
                "Database: {}\nBackups: {} (keeping the last {} daily ones)\n",
                list.db_path, list.backups_folder, list.keep
            );
            if list.backups.is_empty() {
                text.push_str("No backups yet: `duly backup` makes one.");
            }
            for b in &list.backups {
                text.push_str(&format!(
                    "{}  {:<15} {:>10}  {}\n",
                    b.created_at,
                    kind(b.kind),
                    size(b.size_bytes),
                    b.file_name
                ));
            }
            text.trim_end().to_owned()
        });
    }

    fn restored(&self, r: &BackupRestoreReport) {
        self.emit(r, || {
            let upgrade = if r.backup_schema_version < r.schema_version {
                format!(" (upgraded from schema version {} to {})", r.backup_schema_version, r.schema_version)
            } else {
                String::new()
            };
            let unsure = match r.unsure_messages {
                0 => String::new(),
                n => format!("\n{n} message(s) were being sent when the backup was taken: now unsure; see `duly outbox list`"),
            };
            let held = match r.held_messages {
                0 => String::new(),
                n => format!("\n{n} queued message(s) are held for review, never sent by themselves: `duly outbox list --state held`, then `duly outbox release ID` or `duly outbox discard ID`"),
            };
            format!("Restored {}{upgrade}.\nThe database as it was before: {}{unsure}{held}", r.restored_from, r.safety_backup.path)
        });
    }

    fn exported(&self, r: &ExportReport) {
        self.emit(r, || format!("Exported {} rows of {} tables to {}", r.rows, r.tables, r.folder));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_in_binary_units() {
        assert_eq!(super::size(512), "512 B");
        assert_eq!(super::size(1536), "1.5 KiB");
        assert_eq!(super::size(5 * 1024 * 1024), "5.0 MiB");
    }
}
