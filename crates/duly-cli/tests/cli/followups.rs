//! `duly followups` and `duly remind --draft` as a script runs them, on a real database file.

use serde_json::Value;

use crate::runner::{duly, json};

#[test]
fn the_days_follow_ups_and_a_drafted_reminder_in_the_clients_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    let client = json(
        &db,
        &[
            "client",
            "add",
            "--name",
            "Atelier Nord SRL",
            "--language",
            "ro",
            "--currency",
            "RON",
            "--email",
            "plati@atelier-nord.example",
        ],
    );
    let client_id = client["id"].as_i64().unwrap().to_string();
    json(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            &client_id,
            "--number",
            "F-7",
            "--issue-date",
            "2026-01-02",
            "--due-date",
            "2026-01-31",
            "--item",
            "Design;1;1000",
        ],
    );

    let list = json(&db, &["followups", "--as-of", "2026-02-01"]);
    assert_eq!(list["due_count"], 1);
    let item = &list["items"][0];
    assert_eq!(item["number"], "F-7");
    assert_eq!(item["next"]["kind"], "due");
    assert_eq!(item["next"]["step"]["id"], "overdue_1");
    assert_eq!(item["draft"]["subject"], "Factura F-7 avea scadența pe 31 ianuarie 2026");
    let text = String::from_utf8_lossy(&duly(&db, &["followups", "--as-of", "2026-02-01"]).stdout).into_owned();
    assert!(text.contains("F-7") && text.contains("overdue_1 (email polite) since 2026-02-01"), "{text}");

    // Today (whenever the test runs) the invoice is long past due: the draft is a late step,
    // and nothing is queued or recorded.
    let draft = json(&db, &["remind", "F-7", "--draft"]);
    assert!(draft["outbox"].is_null());
    assert_eq!(draft["draft"]["to"][0], "plati@atelier-nord.example");
    assert_eq!(draft["draft"]["language"], "ro");
    let list = json(&db, &["followups", "--as-of", "2026-02-01"]);
    assert_eq!(list["items"][0]["next"]["step"]["id"], "overdue_1", "a draft changes nothing");

    let missing = duly(&db, &["--json", "remind", "F-404"]);
    assert!(!missing.status.success());
    let err: Value = serde_json::from_slice(&missing.stderr).unwrap();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("F-404"));
}
