//! The database a restore puts in place: Duly's own schema, built by Duly's migrations, holding
//! the rows of Duly's tables from the backup file and nothing else from it.
//!
//! A backup file comes from outside (a download, a USB stick, a colleague) and SQLite keeps
//! code in the file itself: copying its pages would bring along any trigger, view, index or
//! table someone added, and a trigger on `outbox` or `business` would then quietly rewrite
//! every reminder or bank account from then on. So the schema is never taken from the file:
//! the migrations build it up to the backup's version, each table's columns are read from that
//! schema, only those are copied, and the result is migrated to the current version before it
//! replaces anything.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params_from_iter};

use crate::backup::BackupError;
use crate::migrations;

/// Builds, in memory, a current-version database from the rows of the Duly backup at `from`
/// (already inspected: schema version `version`), with pages of `page_size` bytes so that it
/// can be copied into the live database page by page.
pub(crate) fn rebuild(from: &Path, version: i64, page_size: i64) -> Result<Connection, BackupError> {
    let sql = |e: rusqlite::Error| BackupError::Sql { path: from.to_owned(), source: e };
    let foreign = |reason: String| BackupError::Foreign { path: from.to_owned(), reason };
    let damaged = |detail: String| BackupError::Damaged { path: from.to_owned(), detail };

    let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sql)?;
    // Reading a table can still evaluate the file's own expressions (generated columns): only
    // functions without side effects may run in them.
    src.pragma_update(None, "trusted_schema", false).map_err(sql)?;

    let mut fresh = Connection::open_in_memory().map_err(sql)?;
    fresh.pragma_update(None, "page_size", page_size).map_err(sql)?;
    let version_steps = usize::try_from(version).map_err(|_| foreign(format!("schema version {version}")))?;
    migrations::all().to_version(&mut fresh, version_steps).map_err(|e| BackupError::Upgrade(e.to_string()))?;

    let tx = fresh.transaction().map_err(sql)?;
    for table in tables(&tx).map_err(sql)? {
        let kind: Option<String> = src
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE",
                [&table],
                |r| r.get(0),
            )
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
            .map_err(sql)?;
        match kind {
            None => return Err(foreign(format!("table missing: {table}"))),
            Some(s) if s.trim_start().to_ascii_uppercase().starts_with("CREATE VIRTUAL") => {
                return Err(foreign(format!("{table} is not an ordinary table")));
            }
            Some(_) => {}
        }
        // Rows the migrations seeded (default settings, the ladder) are the backup's to give.
        tx.execute(&format!("DELETE FROM main.{}", quote_ident(&table)), []).map_err(sql)?;
        let columns = column_names(&tx, &table).map_err(sql)?;
        let theirs = column_names(&src, &table).map_err(sql)?;
        // Checked by name first: SQLite reads a double-quoted name that is no column as a string.
        if let Some(missing) = columns.iter().find(|c| !theirs.iter().any(|t| t.eq_ignore_ascii_case(c))) {
            return Err(foreign(format!("table {table} has no column {missing}")));
        }
        let list = columns.iter().map(|c| quote_ident(c)).collect::<Vec<_>>().join(", ");
        let marks = vec!["?"; columns.len()].join(", ");
        let mut read = src.prepare(&format!("SELECT {list} FROM main.{}", quote_ident(&table))).map_err(sql)?;
        let mut write =
            tx.prepare(&format!("INSERT INTO main.{} ({list}) VALUES ({marks})", quote_ident(&table))).map_err(sql)?;
        let mut rows = read.query([]).map_err(|e| damaged(format!("table {table}: {e}")))?;
        let mut n = 0_u64;
        while let Some(row) = rows.next().map_err(|e| damaged(format!("table {table}: {e}")))? {
            n += 1;
            let values =
                (0..columns.len()).map(|i| row.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>().map_err(sql)?;
            write.execute(params_from_iter(values)).map_err(|e| damaged(format!("table {table}, row {n}: {e}")))?;
        }
    }
    // Rows were copied in any order with foreign keys off; a reference to a missing row is damage.
    let dangling: Option<(String, i64, String)> = tx
        .query_row("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0), r.get(2)?))
        })
        .map(Some)
        .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
        .map_err(sql)?;
    if let Some((table, rowid, parent)) = dangling {
        return Err(damaged(format!("row {rowid} of table {table} refers to a missing row of {parent}")));
    }
    tx.commit().map_err(sql)?;
    migrations::all().to_latest(&mut fresh).map_err(|e| BackupError::Upgrade(e.to_string()))?;
    Ok(fresh)
}

/// The tables the migrations made (SQLite's own aside).
fn tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

fn column_names(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    stmt.query_map([table], |r| r.get(0))?.collect()
}

pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
