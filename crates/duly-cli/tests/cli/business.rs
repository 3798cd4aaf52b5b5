//! A fresh database set up from the command line alone: `duly business set` fills in the profile
//! that every PDF and reminder needs, and `duly business show` reads it back. Before these
//! commands existed a CLI user could not get past "fill in your business profile first".

use std::path::Path;
use std::process::Command;

use crate::runner::{duly, json};
use serde_json::Value;

/// The `{code, message}` a failing `--json` command leaves on stderr.
fn error(db: &Path, args: &[&str]) -> Value {
    let out = duly(db, &[&["--json"], args].concat());
    assert!(!out.status.success(), "duly {args:?} should fail");
    serde_json::from_slice(&out.stderr).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
}

fn pdf_text(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().ok()?;
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_fresh_database_makes_pdfs_and_reminders_from_the_cli_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");

    // Nothing saved yet: the defaults, and documents refused with the reason.
    let fresh = json(&db, &["business", "show"]);
    assert_eq!(fresh["name"], "");
    assert_eq!(fresh["default_currency"], "EUR");
    assert_eq!(fresh["payment_terms_days"], 30);
    let text = String::from_utf8(duly(&db, &["business", "show"]).stdout).unwrap();
    assert!(text.contains("duly business set --name"), "{text}");

    let b = json(
        &db,
        &[
            "business",
            "set",
            "--name",
            "Studio Ionescu SRL",
            "--address",
            "Str. Lungă 5\nBrașov",
            "--tax-id",
            "RO12345678",
            "--email",
            "facturi@studio-ionescu.ro",
            "--phone",
            "+40 268 000 000",
            "--bank-name",
            "Banca Transilvania",
            "--iban",
            "ro49 aaaa 1b31 0075 9384 0000",
            "--bic",
            "btrlro22",
            "--currency",
            "RON",
            "--language",
            "ro",
            "--payment-terms-days",
            "14",
        ],
    );
    // The API's DTO, as the API normalised it.
    assert_eq!(b["name"], "Studio Ionescu SRL");
    assert_eq!(b["iban"], "RO49AAAA1B31007593840000");
    assert_eq!(b["bic"], "BTRLRO22");
    assert_eq!(b["language"], "ro");
    assert_eq!(json(&db, &["business", "show"]), b);

    // Only the options given change.
    let b2 = json(&db, &["business", "set", "--phone", "+40 268 111 111"]);
    assert_eq!(b2["phone"], "+40 268 111 111");
    assert_eq!(b2["name"], "Studio Ionescu SRL");
    assert_eq!(b2["iban"], "RO49AAAA1B31007593840000");

    // The API's errors, unchanged, and nothing saved.
    let e = error(&db, &["business", "set", "--payment-terms-days", "400", "--name", "Other"]);
    assert_eq!(e["code"], "invalid_input");
    assert!(e["message"].as_str().unwrap().starts_with("payment_terms_days:"), "{e}");
    let e = error(&db, &["business", "set", "--currency", "LEI"]);
    assert!(e["message"].as_str().unwrap().starts_with("default_currency:"), "{e}");
    assert_eq!(json(&db, &["business", "show"]), b2);

    // New clients and invoices follow the profile: RON, 14 days.
    let client =
        json(&db, &["client", "add", "--name", "Fabrica SRL", "--email", "ana@fabrica.ro", "--language", "ro"]);
    assert_eq!(client["currency"], "RON");
    let inv =
        json(&db, &["invoice", "add", "--client", "Fabrica", "--issue-date", "2026-10-01", "--item", "Design;1;1000"]);
    assert_eq!(inv["due_date"], "2026-10-15");
    let number = inv["number"].as_str().unwrap().to_owned();

    let file = dir.path().join("factura.pdf");
    let saved = json(&db, &["pdf", "invoice", &number, "-o", file.to_str().unwrap()]);
    assert_eq!(saved["pages"], 1);
    match pdf_text(&file) {
        Some(text) => {
            for expected in
                ["Studio Ionescu SRL", "RO12345678", "RO49 AAAA 1B31 0075 9384 0000", &number, "1.000,00 lei"]
            {
                assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
            }
        }
        None => {
            assert!(std::env::var_os("CI").is_none(), "CI must have pdftotext (poppler-utils)");
            eprintln!("SKIPPED the PDF's text: pdftotext is not installed");
        }
    }

    // The reminder the ladder calls for, signed by the business.
    let r = json(&db, &["remind", &number, "--draft"]);
    assert_eq!(r["draft"]["to"][0], "ana@fabrica.ro");
    assert!(r["draft"]["text"].as_str().unwrap().contains("Studio Ionescu SRL"), "{r}");
}
