//! `duly aging` and `duly today` on demo data, checked against figures computed here straight
//! from the SQLite file (not through Duly's aging code).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::runner::duly;

const AS_OF: &str = "2026-11-22";

fn stdout(db: &Path, args: &[&str]) -> String {
    let out = duly(db, args);
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    stdout(&db, &["demo", "--invoices", "20000", "--clients", "400", "--seed", "7", "--as-of", AS_OF]);
    (dir, db)
}

struct Row {
    client_id: i64,
    currency: String,
    status: String,
    issue: NaiveDate,
    due_date: NaiveDate,
    total: i64,
    paid: i64,
}

fn read_invoices(db: &Path) -> (Vec<Row>, HashMap<i64, String>) {
    let conn = Connection::open(db).unwrap();
    let date = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap();
    let rows = conn
        .prepare("SELECT client_id, currency, status, issue_date, due_date, total_minor, paid_minor FROM invoices")
        .unwrap()
        .query_map([], |r| {
            Ok(Row {
                client_id: r.get(0)?,
                currency: r.get(1)?,
                status: r.get(2)?,
                issue: date(r.get(3)?),
                due_date: date(r.get(4)?),
                total: r.get(5)?,
                paid: r.get(6)?,
            })
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let names = conn
        .prepare("SELECT id, name FROM clients")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<HashMap<_, _>, _>>()
        .unwrap();
    (rows, names)
}

/// The aging report as `duly aging --json` should print it, worked out from the raw rows: open
/// means sent or partly paid with something left to pay; days past due are calendar days after
/// the due date; a currency is listed when something is owed in it or something was invoiced
/// (not draft, not void) in the 90 days up to the date.
fn expected(rows: &[Row], names: &HashMap<i64, String>, as_of: NaiveDate, client: Option<i64>) -> Value {
    #[derive(Default)]
    struct Cur {
        b: [i64; 6],
        count: i64,
    }
    #[derive(Default)]
    struct Cli {
        total: i64,
        overdue: i64,
        oldest: i64,
    }
    let mut currencies: BTreeMap<&str, Cur> = BTreeMap::new();
    let mut clients: HashMap<(i64, &str), Cli> = HashMap::new();
    for r in rows.iter().filter(|r| client.is_none_or(|c| c == r.client_id)) {
        let age = (as_of - r.issue).num_days();
        if !matches!(r.status.as_str(), "draft" | "void") && (0..90).contains(&age) {
            currencies.entry(&r.currency).or_default();
        }
        let due = (r.total - r.paid).max(0);
        if !matches!(r.status.as_str(), "sent" | "partly_paid") || due == 0 {
            continue;
        }
        let late = (as_of - r.due_date).num_days();
        let bucket = match late {
            i64::MIN..=0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            91..=120 => 4,
            _ => 5,
        };
        let cur = currencies.entry(&r.currency).or_default();
        cur.b[bucket] += due;
        cur.count += 1;
        let cli = clients.entry((r.client_id, &r.currency)).or_default();
        cli.total += due;
        if late > 0 {
            cli.overdue += due;
            cli.oldest = cli.oldest.max(late);
        }
    }
    let mut clients: Vec<_> = clients.into_iter().collect();
    clients.sort_by(|((ia, ca), a), ((ib, cb), b)| {
        b.overdue.cmp(&a.overdue).then(b.total.cmp(&a.total)).then(ia.cmp(ib)).then(ca.cmp(cb))
    });
    json!({
        "as_of": as_of.to_string(),
        "currencies": currencies.iter().map(|(code, c)| json!({
            "currency": code,
            "not_due": c.b[0], "d1_30": c.b[1], "d31_60": c.b[2], "d61_90": c.b[3], "d91_120": c.b[4], "over_120": c.b[5],
            "total": c.b.iter().sum::<i64>(),
            "overdue": c.b[1..].iter().sum::<i64>(),
            "count": c.count,
        })).collect::<Vec<_>>(),
        "clients": clients.iter().map(|((id, code), c)| json!({
            "client": names[id],
            "currency": code,
            "total": c.total,
            "overdue": c.overdue,
            "oldest_days": c.oldest,
        })).collect::<Vec<_>>(),
    })
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn aging_json_matches_an_independent_computation_from_the_database() {
    let (_dir, db) = demo();
    let text = stdout(&db, &["aging", "--as-of", AS_OF, "--json"]);
    assert!(
        text.starts_with(&format!("{{\"as_of\":\"{AS_OF}\",\"currencies\":[{{\"currency\":\"EUR\",\"not_due\":")),
        "{text:.200}"
    );
    let got: Value = serde_json::from_str(&text).unwrap();

    // The exact shape: these keys and no others.
    let mut top = keys(&got);
    top.sort_unstable();
    assert_eq!(top, ["as_of", "clients", "currencies"]);
    for c in got["currencies"].as_array().unwrap() {
        let mut k = keys(c);
        k.sort_unstable();
        assert_eq!(
            k,
            ["count", "currency", "d1_30", "d31_60", "d61_90", "d91_120", "not_due", "over_120", "overdue", "total"]
        );
        assert!(c.as_object().unwrap().iter().all(|(k, v)| k == "currency" || v.is_i64()), "amounts are integers: {c}");
    }
    for c in got["clients"].as_array().unwrap() {
        let mut k = keys(c);
        k.sort_unstable();
        assert_eq!(k, ["client", "currency", "oldest_days", "overdue", "total"]);
    }

    let (rows, names) = read_invoices(&db);
    let want = expected(&rows, &names, AS_OF.parse().unwrap(), None);
    assert_eq!(got["currencies"], want["currencies"]);
    assert_eq!(got["clients"].as_array().unwrap().len(), want["clients"].as_array().unwrap().len());
    assert_eq!(got, want);
    let codes: Vec<_> = got["currencies"].as_array().unwrap().iter().map(|c| c["currency"].as_str().unwrap()).collect();
    assert_eq!(codes, ["EUR", "IDR", "RON", "USD"]);
    assert!(
        got["currencies"].as_array().unwrap().iter().all(|c| c["d91_120"].as_i64().unwrap() > 0),
        "the demo spans every bucket up to 120 days"
    );

    // Another date over the same file: everything ages.
    let later = "2027-02-01";
    let got: Value = serde_json::from_str(&stdout(&db, &["aging", "--as-of", later, "--json"])).unwrap();
    assert_eq!(got, expected(&rows, &names, later.parse().unwrap(), None));
    assert!(got["currencies"][0]["over_120"].as_i64().unwrap() > 0);
}

#[test]
fn aging_for_one_client_by_name_and_clear_errors_for_unknown_or_ambiguous_names() {
    let (_dir, db) = demo();
    let (rows, names) = read_invoices(&db);
    // Demo clients after the 60th carry a number ("… #61"), so their names are unique; pick one
    // that owes something and whose number is not part of another's ("#61" but not "#6").
    let number = |n: &str| n[n.find('#').unwrap()..].to_owned();
    let (id, name) = names
        .iter()
        .filter(|(id, n)| n.contains('#') && rows.iter().any(|r| r.client_id == **id && r.status == "sent"))
        .filter(|(_, n)| names.values().filter(|m| m.contains(&number(n))).count() == 1)
        .min_by_key(|(id, _)| **id)
        .unwrap();
    let want = expected(&rows, &names, AS_OF.parse().unwrap(), Some(*id));
    assert_eq!(want["clients"].as_array().unwrap().len(), 1);
    for text in [name.to_uppercase(), number(name)] {
        let got: Value =
            serde_json::from_str(&stdout(&db, &["aging", "--as-of", AS_OF, "--client", &text, "--json"])).unwrap();
        assert_eq!(got, want, "--client {text}");
        assert_eq!(got["clients"][0]["client"], name.as_str());
    }

    let text = stdout(&db, &["aging", "--as-of", AS_OF, "--client", name]);
    assert!(text.starts_with(&format!("Receivables of {name} as of {AS_OF}")), "{text}");

    let out = duly(&db, &["--json", "aging", "--client", "#"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "ambiguous", "{err}");
    assert!(err["message"].as_str().unwrap().contains("\"#\""), "{err}");

    let out = duly(&db, &["--json", "aging", "--client", "No Such Client"]);
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("\"No Such Client\""), "{err}");
}

#[test]
fn aging_and_today_as_text_and_today_as_json() {
    let (_dir, db) = demo();
    let text = stdout(&db, &["aging", "--as-of", AS_OF]);
    assert!(text.starts_with(&format!("Receivables as of {AS_OF}")), "{text}");
    for label in ["Not yet due", "1–30 days", "Over 120 days", "Total owed", "DSO (days)", "Biggest overdue invoices"]
    {
        assert!(text.contains(label), "{label} missing from:\n{text}");
    }

    let list: Value =
        serde_json::from_str(&stdout(&db, &["today", "--as-of", AS_OF, "--limit", "30", "--json"])).unwrap();
    let (rows, _) = read_invoices(&db);
    let as_of: NaiveDate = AS_OF.parse().unwrap();
    let open = || rows.iter().filter(|r| matches!(r.status.as_str(), "sent" | "partly_paid") && r.total > r.paid);
    let overdue = open().filter(|r| r.due_date < as_of).count();
    let soon = open().filter(|r| (0..=7).contains(&(r.due_date - as_of).num_days())).count();
    assert_eq!(list["overdue_count"], overdue);
    assert_eq!(list["due_soon_count"], soon);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 30);
    assert!(
        items.iter().all(|i| i["reason"]["kind"] == "overdue" && i["reason"]["days"].as_i64().unwrap() > 0),
        "{list}"
    );

    let text = stdout(&db, &["today", "--as-of", AS_OF]);
    assert!(
        text.starts_with(&format!("To follow up on {AS_OF}: {overdue} overdue, {soon} due within a week")),
        "{text}"
    );
    assert!(text.contains("days overdue"), "{text}");
}
