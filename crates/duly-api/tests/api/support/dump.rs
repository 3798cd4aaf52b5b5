//! Every row of every Duly table, as text, to show that a use case changed what it should and
//! nothing else: dump before, dump after, and compare the difference with what was expected.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::types::ValueRef;

/// Table name → its rows, each written as `col=value|col=value…`.
pub type Dump = BTreeMap<String, BTreeSet<String>>;

pub fn dump(path: &Path) -> Dump {
    let conn = rusqlite::Connection::open(path).unwrap();
    duly_store::TABLES
        .iter()
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
            let rows = stmt
                .query_map([], |r| {
                    Ok(names
                        .iter()
                        .enumerate()
                        .map(|(i, name)| {
                            let value = match r.get_ref(i).unwrap() {
                                ValueRef::Null => "NULL".to_owned(),
                                ValueRef::Integer(n) => n.to_string(),
                                ValueRef::Real(f) => f.to_string(),
                                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                                ValueRef::Blob(b) => format!("<{} bytes>", b.len()),
                            };
                            format!("{name}={value}")
                        })
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<BTreeSet<String>>>()
                .unwrap();
            ((*table).to_owned(), rows)
        })
        .collect()
}

/// Per table that differs: the rows only before (gone or changed) and only after (new or changed).
pub type Changes = BTreeMap<String, (Vec<String>, Vec<String>)>;

pub fn changes(before: &Dump, after: &Dump) -> Changes {
    before
        .iter()
        .filter_map(|(table, rows)| {
            let now = &after[table];
            let gone: Vec<String> = rows.difference(now).cloned().collect();
            let new: Vec<String> = now.difference(rows).cloned().collect();
            (!gone.is_empty() || !new.is_empty()).then(|| (table.clone(), (gone, new)))
        })
        .collect()
}

/// How many rows each changed table lost and gained: `{"events": (0, 1), ...}`.
pub fn counts(changes: &Changes) -> BTreeMap<&str, (usize, usize)> {
    changes.iter().map(|(t, (gone, new))| (t.as_str(), (gone.len(), new.len()))).collect()
}
