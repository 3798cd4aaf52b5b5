//! `duly backup`, `duly backup list`, `duly restore` and `duly export` as a script runs them, on
//! real database files.

use std::path::Path;

use rusqlite::Connection;
use serde_json::Value;

use crate::runner::{duly, json};

fn count(db: &Path, table: &str) -> i64 {
    Connection::open(db).unwrap().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn backup_then_restore_brings_the_data_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["demo", "--invoices", "40", "--clients", "6", "--seed", "3", "--as-of", "2026-11-23"]);
    let made = json(&db, &["backup"]);
    assert_eq!(made["kind"], "manual");
    let backup = made["path"].as_str().unwrap().to_owned();

    json(&db, &["client", "add", "--name", "Added After Backup", "--currency", "EUR"]);
    assert_eq!(count(&db, "clients"), 7);

    let list = json(&db, &["backup", "list"]);
    assert_eq!(list["backups"].as_array().unwrap().len(), 1);
    assert_eq!(list["backups"][0]["path"], backup.as_str());
    assert_eq!(list["keep"], 7);

    let report = json(&db, &["restore", &backup]);
    assert_eq!(report["restored_from"], backup.as_str());
    assert_eq!(count(&db, "clients"), 6);
    assert_eq!(count(&db, "invoices"), 40);
    let safety = report["safety_backup"]["path"].as_str().unwrap();
    assert_eq!(count(Path::new(safety), "clients"), 7, "the replaced database was kept");

    // Plain text output for people.
    let out = duly(&db, &["backup", "list"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("before restore") && text.contains("manual"), "{text}");
}

#[test]
fn restore_refuses_a_file_that_is_not_a_duly_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["client", "add", "--name", "Acme", "--currency", "EUR"]);
    let csv = dir.path().join("invoices.csv");
    std::fs::write(&csv, "number,total\nA-1,10\n").unwrap();

    let out = duly(&db, &["--json", "restore", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("invoices.csv: not a SQLite database"), "{err}");
    assert_eq!(count(&db, "clients"), 1);
    assert!(!dir.path().join("backups").exists(), "nothing written for a refused file");

    let out = duly(&db, &["restore", dir.path().join("missing.sqlite3").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.sqlite3: the file cannot be read"));
}

#[test]
fn backup_to_a_file_and_export_as_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["demo", "--invoices", "25", "--clients", "4", "--seed", "5", "--as-of", "2026-11-23"]);

    let copy = dir.path().join("usb/duly-copy.sqlite3");
    json(&db, &["backup", "--to", copy.to_str().unwrap()]);
    assert_eq!(count(&copy, "invoices"), 25);
    let again = duly(&db, &["backup", "--to", copy.to_str().unwrap()]);
    assert!(!again.status.success(), "an existing file is never overwritten");

    let csv_dir = dir.path().join("csv");
    let report = json(&db, &["export", "--to", csv_dir.to_str().unwrap()]);
    assert!(report["tables"].as_i64().unwrap() >= 7);
    let invoices = std::fs::read_to_string(csv_dir.join("invoices.csv")).unwrap();
    assert_eq!(invoices.lines().count(), 26, "a header and 25 invoices");

    let json_dir = dir.path().join("json");
    json(&db, &["export", "--to", json_dir.to_str().unwrap(), "--format", "json"]);
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(json_dir.join("duly-export.json")).unwrap()).unwrap();
    assert_eq!(doc["tables"]["invoices"].as_array().unwrap().len(), 25);
    assert_eq!(doc["tables"]["clients"].as_array().unwrap().len(), 4);
}

#[test]
fn a_restored_file_cannot_plant_a_trigger_or_steer_an_export_outside_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/duly.sqlite3");
    json(&db, &["client", "add", "--name", "Acme", "--currency", "EUR"]);
    let file = dir.path().join("from-a-stranger.sqlite3");
    json(&db, &["backup", "--to", file.to_str().unwrap()]);
    Connection::open(&file)
        .unwrap()
        .execute_batch(
            r#"CREATE TRIGGER cc AFTER INSERT ON outbox BEGIN UPDATE outbox SET message_json = '{}' WHERE id = new.id; END;
               CREATE TABLE "../../../x" (cell TEXT); INSERT INTO "../../../x" VALUES ('=1+1');"#,
        )
        .unwrap();

    json(&db, &["restore", file.to_str().unwrap()]);
    assert_eq!(count(&db, "clients"), 1);
    let planted: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_schema WHERE name IN ('cc', '../../../x')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(planted, 0, "the trigger and the table stayed in the file restored from");

    // Even with such a table in the live file, export writes Duly's tables into its folder only.
    Connection::open(&db).unwrap().execute_batch(r#"CREATE TABLE "../../../x" (cell TEXT);"#).unwrap();
    let out = dir.path().join("exports/one/two/three");
    json(&db, &["export", "--to", out.to_str().unwrap()]);
    assert!(!dir.path().join("exports/x.csv").exists());
    assert!(!dir.path().join("x.csv").exists());
    assert!(out.join("clients.csv").exists());
    assert_eq!(std::fs::read_dir(dir.path().join("exports")).unwrap().count(), 1, "only the folder one/");
}
