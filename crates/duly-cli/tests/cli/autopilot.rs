//! `duly autopilot` end to end: the preview as JSON in its documented shape, `on` asking before
//! it turns anything on, the background pass on a pinned clock, `off`.

use crate::smtp;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use duly_api::{Business, ClientInput, Contact, ContactRole, Duly, InvoiceInput, Language, LineInput, MemoryStore};

const TODAY: &str = "2026-11-30";
const NOW: &str = "2026-11-30T08:00:00Z";

fn duly(db: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duly"));
    c.arg("--db").arg(db).env_remove("DULY_DB").env("DULY_TODAY", TODAY).env("DULY_NOW", NOW);
    c
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn answer(db: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child =
        duly(db).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// A studio with one Romanian client whose invoice's receipt check falls today (Monday).
fn studio(dir: &std::path::Path, smtp: std::net::SocketAddr) -> std::path::PathBuf {
    let db = dir.join("duly.sqlite3");
    let set = duly(&db)
        .args(["mail", "set", "--host", "127.0.0.1", "--port", &smtp.port().to_string()])
        .args(["--security", "plain", "--from-name", "Ana Pop", "--from-email", "ana@studio.example.ro"])
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let mut api = Duly::open(&db).unwrap().with_secrets(Arc::new(MemoryStore::new()));
    api.business_save(Business { name: "Ana Pop PFA".into(), ..api.business_get().unwrap() }).unwrap();
    let client = api
        .client_save(ClientInput {
            id: None,
            name: "Brasov Print".into(),
            address: String::new(),
            tax_id: String::new(),
            language: Language::En,
            currency: "RON".into(),
            notes: String::new(),
            country: "ro".into(),
            timezone: String::new(),
            contacts: vec![Contact {
                id: None,
                name: "Ioana".into(),
                role: ContactRole::Billing,
                email: "ioana@brasovprint.example".into(),
                phone: String::new(),
                language: None,
                timezone: String::new(),
            }],
        })
        .unwrap();
    api.invoice_save(InvoiceInput {
        id: None,
        client_id: client.id,
        number: Some("F-7".into()),
        issue_date: "2026-11-27".into(),
        due_date: Some("2026-12-27".into()),
        currency: None,
        tax_rate: "0".into(),
        notes: String::new(),
        lines: vec![LineInput { description: "Design".into(), quantity: "1".into(), unit_price: "500".into() }],
        send: true,
    })
    .unwrap();
    db
}

#[test]
fn preview_on_run_and_off_from_the_command_line() {
    let server = smtp::RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = studio(dir.path(), server.addr);

    let preview = json(&duly(&db).args(["autopilot", "preview", "--days", "7", "--json"]).output().unwrap());
    let items = preview.as_array().unwrap();
    assert_eq!(items.len(), 1, "{preview}");
    let item = items[0].as_object().unwrap();
    let mut keys: Vec<&str> = item.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["client", "invoices", "send_at", "step", "timezone"]);
    assert_eq!((item["client"].as_str(), item["step"].as_str()), (Some("Brasov Print"), Some("receipt_check")));
    assert_eq!(item["invoices"], serde_json::json!(["F-7"]));
    assert_eq!(item["timezone"], "Europe/Bucharest");
    let send_at = item["send_at"].as_str().unwrap();
    assert!(send_at.starts_with("2026-11-30T10:00") && send_at.ends_with("+02:00"), "{send_at}");

    // Not confirmed: still off, nothing queued.
    let no = answer(&db, &["autopilot", "on"], "n\n");
    assert!(!no.status.success());
    assert!(String::from_utf8_lossy(&no.stdout).contains("F-7"), "the preview is shown before the question");
    let status = json(&duly(&db).args(["autopilot", "status", "--json"]).output().unwrap());
    assert_eq!((status["enabled"].as_bool(), status["state"].as_str()), (Some(false), Some("off")));
    let run = json(&duly(&db).args(["autopilot", "run", "--json"]).output().unwrap());
    assert_eq!(run["skipped"], "off");

    // Confirmed on the terminal: on, and the pass queues the receipt check.
    let yes = answer(&db, &["autopilot", "on"], "y\n");
    assert!(yes.status.success(), "{}", String::from_utf8_lossy(&yes.stderr));
    assert!(String::from_utf8_lossy(&yes.stdout).contains("Autopilot is on"));
    let run = json(&duly(&db).args(["autopilot", "run", "--json"]).output().unwrap());
    let queued = run["queued"].as_array().unwrap();
    assert_eq!(queued.len(), 1, "{run}");
    assert_eq!(queued[0]["invoices"][0]["number"], "F-7");
    // Run again the same day: one message per client per day.
    let again = json(&duly(&db).args(["autopilot", "run", "--json"]).output().unwrap());
    assert_eq!(again["queued"].as_array().unwrap().len(), 0);

    let off = json(&duly(&db).args(["autopilot", "off", "--json"]).output().unwrap());
    assert_eq!(off["enabled"], false);
    // Its queued message was taken back with it.
    let outbox = json(&duly(&db).args(["outbox", "list", "--json"]).output().unwrap());
    assert_eq!(outbox[0]["cancel_reason"], "autopilot_stopped", "{outbox}");
}

#[test]
fn yes_confirms_for_scripts_and_the_demand_cannot_be_made_automatic() {
    let server = smtp::RealServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = studio(dir.path(), server.addr);
    let on = json(&duly(&db).args(["autopilot", "on", "--yes", "--json"]).output().unwrap());
    assert_eq!(on["status"]["enabled"], true);
    assert_eq!(on["preview"]["items"][0]["invoices"][0], "F-7", "what it enabled is printed");
    let refused = duly(&db).args(["autopilot", "step", "final_demand", "auto"]).output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("final_demand"));
}
