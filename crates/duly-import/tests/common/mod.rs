//! Where the shared real-world samples live, and the rule for when they are missing.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/samples` beside the repository, read in place: their licences allow testing but
/// not redistribution, so they are never copied into the project.
pub fn samples_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("sample invoices not found at {}: CI must have ../shared/samples beside the repository", dir.display());
    }
    eprintln!("\n*** SKIPPED: sample invoices not found at {} (tests over real samples did not run) ***\n", dir.display());
    None
}

/// Rows of a TSV file as maps from column name to value.
pub fn read_tsv(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().zip(l.split('\t').chain(std::iter::repeat(""))).map(|(h, v)| ((*h).to_owned(), v.to_owned())).collect())
        .collect()
}
