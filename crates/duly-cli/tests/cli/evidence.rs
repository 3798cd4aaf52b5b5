//! `duly evidence NUMBER -o FILE.zip` and `--client NAME`: the pack written on a real database
//! file, its file list with SHA-256 printed, its gaps stated, bad input refused by name.

use crate::runner::{duly, json};

#[test]
fn evidence_writes_the_pack_and_lists_its_files_and_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    json(&db, &["demo", "--invoices", "3", "--clients", "1", "--as-of", "2026-11-23"]);
    let page = json(&db, &["invoice", "list"]);
    let rows = page["rows"].as_array().unwrap();
    let sent = rows.iter().find(|r| r["status"] != "draft").expect("a demo invoice that was sent");
    let number = sent["number"].as_str().unwrap().to_owned();
    let zip = dir.path().join("pack.zip");
    let pack = json(&db, &["evidence", &number, "-o", zip.to_str().unwrap()]);
    let bytes = std::fs::read(&zip).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "a ZIP file");
    let files = pack["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(&names[..2], ["index.html", "index.pdf"]);
    assert!(names.iter().any(|n| n.starts_with("invoices/")), "{names:?}");
    for f in files {
        assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
    }
    // The demo's invoices were never emailed through Duly: the pack says so (in the client's
    // language, whichever the demo gave it).
    let gaps: Vec<&str> = pack["gaps"].as_array().unwrap().iter().map(|g| g.as_str().unwrap()).collect();
    assert!(gaps.iter().any(|g| g.starts_with(&format!("{number}: "))), "{gaps:?}");

    let out = duly(&db, &["evidence", "-o", zip.to_str().unwrap()]);
    assert!(!out.status.success());
    let out = duly(&db, &["--json", "evidence", "NOPE-1", "-o", zip.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not_found"), "{}", String::from_utf8_lossy(&out.stderr));
}
