//! `duly import FILE… [--dry-run] [--json]` over the real samples in `../shared/samples` (read in
//! place), checking the printed shape, the exit status and the database file afterwards.

use std::path::{Path, PathBuf};

use crate::runner::duly;
use rusqlite::Connection;
use serde_json::Value;

fn samples() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "sample invoices not found at {}", dir.display());
    eprintln!("\n*** SKIPPED: sample invoices not found at {} ***\n", dir.display());
    None
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn import_prints_each_file_fails_on_a_bad_one_and_writes_the_good_ones() {
    let Some(s) = samples() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    assert!(duly(&db, &["init"]).status.success());
    // The business is the UBL sample's seller; CSV exports name no seller and are the user's.
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO business (id, name, tax_id, default_currency, updated_at) VALUES (1, 'SupplierOfficialName Ltd', 'GB1232434', 'USD', '2026-11-23T10:00:00Z')",
            [],
        )
        .unwrap();
    let ubl = s.join("ubl/peppol_base-example.xml");
    let csv = s.join("csv/invoiceninja_zoho_invoices.csv");
    let bad = s.join("csv/invoiceninja_zoho_contacts.csv");
    let files = [ubl.to_str().unwrap(), csv.to_str().unwrap(), bad.to_str().unwrap()];

    let dry = duly(&db, &[&["import", "--dry-run", "--json"], &files[..]].concat());
    assert!(!dry.status.success(), "a file that cannot be imported makes the exit status fail");
    let printed: Value = serde_json::from_slice(&dry.stdout).unwrap();
    let err: Value = serde_json::from_slice(&dry.stderr).unwrap();
    assert_eq!(err["code"], "invalid_input");
    assert_eq!(count(&db, "SELECT count(*) FROM invoices"), 0, "--dry-run writes nothing");
    let list = printed.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(keys(&list[0]), ["errors", "file", "format", "invoices"]);
    assert_eq!(list[0]["file"], "peppol_base-example.xml");
    assert_eq!(list[0]["format"], "ubl");
    let inv = &list[0]["invoices"][0];
    assert_eq!(
        keys(inv),
        [
            "amount_due",
            "buyer",
            "currency",
            "due_date",
            "issue_date",
            "needs_review",
            "number",
            "review",
            "seller",
            "total"
        ]
    );
    assert_eq!(inv["number"], "Snippet1");
    assert_eq!(inv["issue_date"], "2017-11-13");
    assert_eq!(inv["due_date"], "2017-12-01");
    assert_eq!((inv["total"].as_i64(), inv["amount_due"].as_i64()), (Some(165_625), Some(165_625)));
    assert_eq!(
        (inv["seller"].as_str(), inv["buyer"].as_str()),
        (Some("SupplierOfficialName Ltd"), Some("Buyer Official Name"))
    );
    assert_eq!(inv["needs_review"], false);
    assert_eq!(inv["review"], Value::Array(vec![]), "the business is the seller: nothing to review");
    assert_eq!(list[1]["format"], "csv");
    assert_eq!(list[1]["invoices"].as_array().unwrap().len(), 3);
    assert_eq!(list[1]["invoices"][0]["due_date"], "2021-01-28");
    assert_eq!(list[1]["errors"], Value::Array(vec![]));
    let bad_errors = list[2]["errors"].as_array().unwrap();
    assert_eq!(bad_errors[0]["where"], "file");
    assert!(bad_errors[0]["message"].as_str().unwrap().contains("client list"), "{bad_errors:?}");

    let run = duly(&db, &[&["import", "--json"], &files[..]].concat());
    assert!(!run.status.success());
    assert_eq!(count(&db, "SELECT count(*) FROM invoices"), 4, "the UBL invoice and the three CSV ones");
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 4);
    assert_eq!(count(&db, "SELECT total_minor FROM invoices WHERE number = 'Snippet1'"), 165_625);
    assert_eq!(
        count(&db, "SELECT count(*) FROM events WHERE kind = 'imported' AND detail = 'invoiceninja_zoho_invoices.csv'"),
        3
    );

    // Again: duplicates fail the file unless skipped, and nothing new is written either way.
    let again = duly(&db, &["import", ubl.to_str().unwrap()]);
    assert!(!again.status.success());
    let text = String::from_utf8(again.stdout).unwrap();
    assert!(
        text.contains("NOT IMPORTED") && text.contains("error at invoice Snippet1") && text.contains("duplicate"),
        "{text}"
    );
    let skipped = duly(&db, &["import", "--skip-duplicates", ubl.to_str().unwrap(), csv.to_str().unwrap()]);
    assert!(skipped.status.success(), "{}", String::from_utf8_lossy(&skipped.stderr));
    let text = String::from_utf8(skipped.stdout).unwrap();
    assert!(text.contains("peppol_base-example.xml (UBL): imported") && text.contains("duplicate, skipped"), "{text}");
    assert_eq!(count(&db, "SELECT count(*) FROM invoices"), 4);
}

#[test]
fn an_unverified_invoice_is_refused_unless_accepted_and_then_not_chased_until_confirmed() {
    let Some(s) = samples() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    assert!(duly(&db, &["init"]).status.success());
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO business (id, name, tax_id, default_currency, updated_at) VALUES (1, 'Ana Lungu Design', 'RO123', 'EUR', '2026-11-23T10:00:00Z')",
            [],
        )
        .unwrap();
    // SubscriptionSeller bills Buyercompany ltd: an invoice between two other companies.
    let ubl = s.join("ubl/cen_guide-example3.xml");
    let ubl = ubl.to_str().unwrap();

    let refused = duly(&db, &["import", ubl]);
    assert!(!refused.status.success());
    let text = String::from_utf8(refused.stdout).unwrap();
    assert!(
        text.contains("cen_guide-example3.xml: invoice TOSL108 is unverified (seller: the seller on this invoice is SubscriptionSeller, not you (Ana Lungu Design))"),
        "{text}"
    );
    assert!(text.contains("--accept-unverified"), "{text}");
    assert_eq!(count(&db, "SELECT count(*) FROM invoices"), 0, "a refused file changes nothing");
    assert_eq!(count(&db, "SELECT count(*) FROM clients"), 0);

    let accepted = duly(&db, &["import", "--accept-unverified", "--json", ubl]);
    assert!(accepted.status.success(), "{}", String::from_utf8_lossy(&accepted.stderr));
    let printed: Value = serde_json::from_slice(&accepted.stdout).unwrap();
    assert_eq!(
        printed[0]["invoices"][0]["review"][0],
        "seller: the seller on this invoice is SubscriptionSeller, not you (Ana Lungu Design)"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM invoices WHERE number = 'TOSL108' AND review IS NOT NULL"), 1);

    let remind = duly(&db, &["remind", "TOSL108", "--json"]);
    assert!(!remind.status.success());
    let err: Value = serde_json::from_slice(&remind.stderr).unwrap();
    assert_eq!(err["code"], "conflict");
    assert!(err["message"].as_str().unwrap().contains("is to review (seller:"), "{err}");
    let show = String::from_utf8(duly(&db, &["invoice", "show", "TOSL108"]).stdout).unwrap();
    assert!(show.contains("To review (not chased until `duly invoice confirm TOSL108`): seller:"), "{show}");

    let confirm = duly(&db, &["invoice", "confirm", "TOSL108"]);
    assert!(confirm.status.success(), "{}", String::from_utf8_lossy(&confirm.stderr));
    assert_eq!(count(&db, "SELECT count(*) FROM invoices WHERE review IS NOT NULL"), 0);
    let again = duly(&db, &["invoice", "confirm", "TOSL108"]);
    assert!(!again.status.success(), "nothing left to review");
}
