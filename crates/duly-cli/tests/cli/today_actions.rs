//! `duly today` answers "what to do today" in one call: the aging-based list of invoices to chase
//! and the ladder's actions due that day, the very list `duly followups` gives for the same day.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const AS_OF: &str = "2026-11-22";

fn stdout(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", "2026-11-23")
        .output()
        .unwrap();
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(db, args)).unwrap()
}

#[test]
fn today_lists_the_ladders_actions_due_that_day_as_followups_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    stdout(&db, &["demo", "--invoices", "400", "--clients", "30", "--seed", "11", "--as-of", AS_OF]);

    let today = json(&db, &["today", "--as-of", AS_OF, "--limit", "15", "--json"]);
    // The aging list is still there, field for field.
    for key in ["as_of", "items", "overdue_count", "due_soon_count", "paused"] {
        assert!(today.get(key).is_some(), "{key} missing from {today}");
    }
    let actions = &today["actions"];
    let followups = json(&db, &["followups", "--as-of", AS_OF, "--limit", "15", "--json"]);
    assert_eq!(actions, &followups, "duly today's actions differ from duly followups for the same day");
    let items = actions["items"].as_array().unwrap();
    assert_eq!(items.len(), 15, "demo data has more than 15 steps due: {}", actions["due_count"]);
    assert!(items.iter().all(|a| a["next"]["kind"] == "due" || a["next"]["kind"] == "no_contact_address"), "{actions}");
    assert!(
        items.iter().any(|a| a["draft"]["subject"].as_str().is_some_and(|s| !s.is_empty())),
        "no drafted message in {actions}"
    );

    // Another day, other actions: the list follows --as-of.
    let later = json(&db, &["today", "--as-of", "2027-03-01", "--limit", "15", "--json"]);
    assert_eq!(later["actions"]["as_of"], "2027-03-01");
    assert_eq!(later["actions"], json(&db, &["followups", "--as-of", "2027-03-01", "--limit", "15", "--json"]));

    let text = stdout(&db, &["today", "--as-of", AS_OF, "--limit", "5"]);
    assert!(text.contains("To follow up on 2026-11-22") && text.contains("Follow-ups for 2026-11-22:"), "{text}");
    let first = items[0]["number"].as_str().unwrap();
    assert!(text.contains(first), "{first} not in\n{text}");
}

#[test]
fn today_names_the_invoices_waiting_for_review_and_says_demo_steps_are_drafts_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    stdout(&db, &["demo", "--invoices", "60", "--clients", "8", "--seed", "5", "--as-of", AS_OF]);
    // Two invoices imported to review (as `import` stores them): in no figure, but named on Today.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let numbers: Vec<String> = conn
        .prepare(
            "SELECT number FROM invoices WHERE status IN ('sent', 'partly_paid') ORDER BY issue_date, number LIMIT 2",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for n in &numbers {
        conn.execute("UPDATE invoices SET review = 'seller: the seller on this invoice is Someone Else SRL, not you' WHERE number = ?1", [n])
            .unwrap();
    }
    drop(conn);

    let today = json(&db, &["today", "--as-of", AS_OF, "--json"]);
    assert_eq!(today["to_review_count"], 2);
    let listed: Vec<&str> =
        today["to_review"].as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap()).collect();
    assert_eq!(listed, numbers.iter().map(String::as_str).collect::<Vec<_>>());

    let text = stdout(&db, &["today", "--as-of", AS_OF]);
    assert!(
        text.contains("2 imported invoices wait for your review (confirm with `duly invoice confirm NUMBER`):"),
        "{text}"
    );
    for n in &numbers {
        assert!(
            text.lines()
                .any(|l| l.starts_with(n.as_str())
                    && l.contains("seller: the seller on this invoice is Someone Else SRL")),
            "{n} not in\n{text}"
        );
    }
    // Every client here is demo data: its due steps are drafts Duly never sends.
    assert!(text.contains("draft only: demo data: Duly never emails demo clients"), "{text}");
}
