//! Export of every Duly table, as CSV files for spreadsheets or one JSON file for leaving Duly.
//!
//! The tables exported are Duly's fixed list ([`TABLES`]), never what the file's schema says:
//! a table name becomes a file name, and a table someone added to the database (through a
//! restored file or by hand) must not pick where a file is written. Files are 0600 and written
//! through a temporary name (see `private_files`).
//!
//! CSV cells are for spreadsheets, which run a cell that starts with `=`, `+`, `-` or `@` as a
//! formula (`=HYPERLINK(...)` in a client's name sends the user's data away on a click). Text
//! cells starting with those, or with a tab or carriage return, are written with a leading `'`,
//! as OWASP recommends: the spreadsheet shows the text and runs nothing. Numbers stay numbers:
//! SQLite hands back an INTEGER or REAL only for a value stored as one (amounts in minor units,
//! ids, counts), and a number cannot hold a formula, so `-500` in `paid_minor` stays -500 while
//! the text `-500` in a note becomes `'-500`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::backup::{BackupError, io, sql};
use crate::migrations::TABLES;
use crate::private_files;
use crate::rebuild::quote_ident;

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub files: Vec<PathBuf>,
    pub tables: usize,
    pub rows: u64,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Text a spreadsheet would run as a formula, made inert with a leading `'`.
fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
fn csv_field(out: &mut String, value: ValueRef<'_>) {
    let text = match value {
        ValueRef::Null => return,
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => inert(&String::from_utf8_lossy(t)).into_owned(),
        ValueRef::Blob(b) => hex(b),
    };
    csv_text(out, &text);
}

fn csv_text(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn csv_header(out: &mut String, columns: &[String]) {
    for (i, name) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_text(out, &inert(name));
    }
    out.push_str("\r\n");
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
    let mut stmt = conn.prepare(&format!("SELECT * FROM main.{}", quote_ident(table)))?;
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
    private_files::create_dir(dir).map_err(io(dir))?;
    let snapshot = conn.unchecked_transaction().map_err(sql(dir))?;
    let mut exported = Exported { files: Vec::new(), tables: 0, rows: 0 };
    for table in TABLES {
        let path = dir.join(format!("{table}.csv"));
        let mut body = String::new();
        let mut header_written = false;
        let (columns, count) = each_row(&snapshot, table, |columns, r| {
            if !header_written {
                csv_header(&mut body, columns);
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
            csv_header(&mut body, &columns);
        }
        private_files::write(&path, body.as_bytes()).map_err(io(&path))?;
        exported.files.push(path);
        exported.tables += 1;
        exported.rows += count;
    }
    Ok(exported)
}

/// Writes every table into one JSON file, `duly-export.json` in `dir`:
/// `{"format": "duly-export", "schema_version": 4, "tables": {"clients": [{...}, ...], ...}}`.
pub fn export_json(conn: &Connection, dir: &Path, now: DateTime<Utc>) -> Result<Exported, BackupError> {
    private_files::create_dir(dir).map_err(io(dir))?;
    let path = dir.join("duly-export.json");
    let snapshot = conn.unchecked_transaction().map_err(sql(dir))?;
    let version: i64 = snapshot.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(sql(&path))?;
    let mut tables_json = serde_json::Map::new();
    let mut rows_total = 0;
    for table in TABLES {
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
        tables_json.insert((*table).to_owned(), serde_json::Value::Array(rows));
    }
    let document = serde_json::json!({
        "format": "duly-export",
        "schema_version": version,
        "exported_at": now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "tables": tables_json,
    });
    let text = serde_json::to_vec_pretty(&document).map_err(|e| io(&path)(std::io::Error::other(e)))?;
    private_files::write(&path, &text).map_err(io(&path))?;
    Ok(Exported { files: vec![path], tables: TABLES.len(), rows: rows_total })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
