//! `duly pdf invoice|statement|demand` as a script runs them: on a real database file, the PDF
//! read back with poppler's `pdftotext`, and the Downloads folder resolved the way the desktop
//! resolves it (XDG user dirs).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn duly(db: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_duly"));
    command.arg("--db").arg(db).args(args).env_remove("DULY_DB").env_remove("DULY_NOW").env("DULY_TODAY", "2026-11-23");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> Output {
    let out = duly(db, args, &[]);
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_slice(&ok(db, &[&["--json"], args].concat()).stdout).unwrap()
}

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

#[track_caller]
fn assert_has(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "missing {e:?} in:\n{text}");
    }
}

#[test]
fn pdf_commands_write_documents_in_the_clients_language() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI must have pdftotext (poppler-utils)");
        eprintln!("SKIPPED: pdftotext is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    // The demo fills in the business profile every document is sent from.
    json(&db, &["demo", "--invoices", "3", "--clients", "1", "--as-of", "2026-11-23"]);
    let client = json(
        &db,
        &[
            "client",
            "add",
            "--name",
            "Fabrica de Încălțăminte Târgu Mureș SRL",
            "--language",
            "ro",
            "--currency",
            "RON",
            "--email",
            "contabilitate@example.ro",
        ],
    );
    let id = client["id"].as_i64().unwrap().to_string();
    ok(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            &id,
            "--number",
            "INV-2026-0500",
            "--issue-date",
            "2026-01-05",
            "--due-date",
            "2026-02-04",
            "--tax",
            "19",
            "--item",
            "Design identitate vizuală;1;1000.00",
            "--item",
            "Ședință de analiză (ore);2;117.28",
        ],
    );
    // 1,000 + 234.56 = 1,234.56; TVA 19 % = 234.57; total 1,469.13.

    let file = dir.path().join("out/factura.pdf");
    let saved = json(&db, &["pdf", "invoice", "INV-2026-0500", "-o", file.to_str().unwrap()]);
    assert_eq!(saved["path"], file.to_str().unwrap());
    assert_eq!(saved["pages"], 1);
    assert_has(
        &text_of(&file),
        &[
            "Factură",
            "INV-2026-0500",
            "Fabrica de Încălțăminte Târgu Mureș SRL",
            "Ședință de analiză (ore)",
            "1.234,56 lei",
            "234,57 lei",
            "1.469,13 lei",
            "5 ianuarie 2026",
            "Pagina 1 din 1",
        ],
    );

    let statement = dir.path().join("extras.pdf");
    let out = ok(
        &db,
        &[
            "pdf",
            "statement",
            "Târgu Mureș",
            "--as-of",
            "2026-11-23",
            "--paper",
            "letter",
            "-o",
            statement.to_str().unwrap(),
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("Saved {} (1 page)", statement.display()));
    assert_has(
        &text_of(&statement),
        &["Situația facturilor neachitate", "23 noiembrie 2026", "INV-2026-0500", "1.469,13 lei"],
    );

    // A Romanian business: the letter is a somație under Romanian law.
    ok(&db, &["law", "country", "RO"]);
    let demand = dir.path().join("somatie.pdf");
    ok(&db, &["pdf", "demand", "INV-2026-0500", "--deadline-days", "10", "-o", demand.to_str().unwrap()]);
    assert_has(
        &text_of(&demand),
        &["Somație", "INV-2026-0500", "1.469,13 lei", "Factura INV-2026-0500 a fost emisă și transmisă."],
    );

    let stdout = ok(&db, &["pdf", "invoice", "INV-2026-0500", "-o", "-"]).stdout;
    assert!(stdout.starts_with(b"%PDF-"), "-o - writes the PDF itself to standard output");

    // Unknown records fail with the API's {code, message} on stderr and write nothing.
    let out = duly(&db, &["--json", "pdf", "invoice", "INV-1999-0001", "-o", "never.pdf"], &[]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("INV-1999-0001"));
    assert!(!Path::new("never.pdf").exists());
}

#[test]
fn without_a_file_the_pdf_goes_to_the_downloads_folder_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["demo", "--invoices", "5", "--clients", "2", "--as-of", "2026-11-23"]);
    let list = json(&db, &["invoice", "list", "--all"]);
    let rows = list["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["status"] != "void").expect("a demo invoice that is not void");
    let number = row["number"].as_str().unwrap().to_owned();

    // What xdg-user-dirs writes; `directories` (dirs-sys) reads XDG_DOWNLOAD_DIR from it.
    let home = dir.path().join("home");
    let config = dir.path().join("config");
    let downloads = dir.path().join("Hämtade filer");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("user-dirs.dirs"), format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display())).unwrap();
    let env = [("HOME", home.as_path()), ("XDG_CONFIG_HOME", config.as_path())];

    let mut paths = Vec::new();
    for _ in 0..2 {
        let out = duly(&db, &["--json", "pdf", "invoice", &number], &env);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let saved: Value = serde_json::from_slice(&out.stdout).unwrap();
        paths.push(saved["path"].as_str().unwrap().to_owned());
    }
    assert_eq!(paths[0], downloads.join(format!("{number}.pdf")).display().to_string());
    assert_eq!(paths[1], downloads.join(format!("{number} (2).pdf")).display().to_string());
    for p in &paths {
        assert!(std::fs::read(p).unwrap().starts_with(b"%PDF-"), "{p}");
    }
}
