//! `duly overview` (the dashboard's figures), `duly invoice contacts` (whom to try next) and
//! `duly law rates` (how current the reference-rate tables are), each the API's DTO with --json.

use serde_json::Value;

use crate::runner::{duly, json};

#[test]
fn overview_contacts_and_rate_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    assert_eq!(json(&db, &["overview"])["is_empty"], true);

    json(&db, &["client", "add", "--name", "Fabrica SRL", "--currency", "RON", "--email", "ana@fabrica.ro"]);
    json(&db, &["client", "edit", "Fabrica", "--add-contact", "project;Dan Ionescu;dan@fabrica.ro"]);
    json(&db, &["client", "add", "--name", "Acme Ltd", "--currency", "EUR"]);
    for (client, number, due, price) in [
        ("Fabrica", "R-1", "2026-10-01", "1000"),
        ("Fabrica", "R-2", "2026-12-31", "500"),
        ("Acme", "E-1", "2026-11-01", "80"),
    ] {
        let mut args = vec!["invoice", "add", "--client", client, "--number", number, "--issue-date", "2026-09-01"];
        args.extend(["--due-date", due, "--item"]);
        let item = format!("Work;1;{price}");
        args.push(&item);
        json(&db, &args);
    }

    let o = json(&db, &["overview", "--as-of", "2026-11-23"]);
    assert_eq!(o["is_empty"], false);
    let ron = o["currencies"].as_array().unwrap().iter().find(|c| c["currency"] == "RON").unwrap();
    assert_eq!(
        (&ron["outstanding"], &ron["overdue"], &ron["open_count"]),
        (&Value::from(150_000), &Value::from(100_000), &Value::from(2))
    );
    let most: Vec<&str> = o["most_overdue"].as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap()).collect();
    assert_eq!(most, ["R-1", "E-1"], "oldest first, never the one not yet due");
    let text = String::from_utf8(duly(&db, &["overview"]).stdout).unwrap();
    assert!(text.contains("RON") && text.contains("EUR") && text.contains("R-1"), "{text}");

    let c = json(&db, &["invoice", "contacts", "R-1"]);
    assert_eq!(c["contacted"], Value::Array(vec![]));
    assert_eq!(c["next"]["email"], "ana@fabrica.ro");
    assert_eq!(c["next"]["reason"], "first_contact");
    let out = duly(&db, &["--json", "invoice", "contacts", "Z-9"]);
    assert!(!out.status.success());
    assert_eq!(serde_json::from_slice::<Value>(&out.stderr).unwrap()["code"], "not_found");

    let rates = json(&db, &["law", "rates"]);
    let series: Vec<&str> = rates.as_array().unwrap().iter().map(|r| r["series"].as_str().unwrap()).collect();
    assert!(series.contains(&"bnr_reference") && series.contains(&"ecb_mro"), "{series:?}");
}
