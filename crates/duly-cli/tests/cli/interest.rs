//! `duly interest NUMBER --json` prints the statutory claim with today pinned (DULY_TODAY), and
//! `duly client set` / `duly law country` decide which law applies.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn duly(db: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DULY_DB")
        .env_remove("DULY_NOW")
        .env("DULY_TODAY", "2023-07-31")
        .output()
        .unwrap();
    assert!(out.status.success(), "duly {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn interest_json_for_a_uk_debt_with_a_partial_payment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    duly(&db, &["client", "add", "--name", "Thames Ltd", "--currency", "GBP"]);
    duly(
        &db,
        &[
            "invoice",
            "add",
            "--client",
            "Thames Ltd",
            "--number",
            "T-1",
            "--issue-date",
            "2023-05-16",
            "--due-date",
            "2023-06-15",
            "--item",
            "Work;1;5000",
        ],
    );
    duly(&db, &["pay", "T-1", "--amount", "2000", "--date", "2023-07-10"]);
    duly(&db, &["law", "country", "RO"]);
    let set = json_of(&duly(&db, &["client", "set", "Thames Ltd", "--jurisdiction", "GB", "--json"]));
    assert_eq!(
        (&set["jurisdiction"], &set["applies"], &set["private_person"]),
        (&json!("GB"), &json!("GB"), &json!(false))
    );

    // £5 000 due 2023-06-15, £2 000 paid 2023-07-10, as of today (2023-07-31):
    // 15 days at 11.50 % (base 3.50 % on 31 Dec 2022 + 8) = £23.630; 10 days at 13.00 % (5.00 % on 30 June
    // 2023 + 8) = £17.808; 21 days on £3 000 at 13.00 % = £22.438; total £63.877 → 6 388 pence; £70 fixed sum.
    let claim = json_of(&duly(&db, &["interest", "T-1", "--json"]));
    let basis = claim["basis"].clone();
    assert!(basis.as_array().unwrap().iter().any(|b| b.as_str().unwrap().contains("Late Payment of Commercial Debts")));
    let mut expected = json!({
        "number": "T-1",
        "currency": "GBP",
        "jurisdiction": "GB",
        "principal": 500_000,
        "periods": [
            {"from": "2023-06-16", "to": "2023-06-30", "days": 15, "reference_rate_bp": 350, "margin_bp": 800, "rate_bp": 1150, "amount": 2363},
            {"from": "2023-07-01", "to": "2023-07-10", "days": 10, "reference_rate_bp": 500, "margin_bp": 800, "rate_bp": 1300, "amount": 1781},
            {"from": "2023-07-11", "to": "2023-07-31", "days": 21, "reference_rate_bp": 500, "margin_bp": 800, "rate_bp": 1300, "amount": 2244},
        ],
        "interest_total": 6388,
        "compensation": {"amount": 7000, "currency": "GBP", "basis": "Late Payment of Commercial Debts (Interest) Act 1998 s. 5A: a fixed sum of £40 (debt under £1,000), £70 (under £10,000) or £100 (£10,000 or more)"},
        "warnings": [],
    });
    expected["basis"] = basis;
    assert_eq!(claim, expected);

    // --as-of the due date: nothing yet.
    let early = json_of(&duly(&db, &["interest", "T-1", "--as-of", "2023-06-15", "--json"]));
    assert_eq!(
        (&early["periods"], &early["interest_total"], &early["compensation"]),
        (&json!([]), &json!(0), &Value::Null)
    );

    // A private person: the 1998 Act does not apply.
    duly(&db, &["client", "set", "Thames Ltd", "--private-person"]);
    let consumer = json_of(&duly(&db, &["interest", "T-1", "--json"]));
    assert_eq!((&consumer["jurisdiction"], &consumer["interest_total"]), (&json!("GB"), &json!(0)));
    assert!(consumer["basis"][0].as_str().unwrap().contains("private person"));

    // Back to a business under the business's own law (Romania): the text output cites it.
    duly(&db, &["client", "set", "Thames Ltd", "--business", "--jurisdiction", ""]);
    let text = String::from_utf8(duly(&db, &["interest", "T-1"]).stdout).unwrap();
    assert!(text.starts_with("Invoice T-1 (£5,000.00), law: RO"), "{text}");
    assert!(text.contains("OG 13/2011"), "{text}");
}

#[test]
fn interest_errors_name_the_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("duly.sqlite3");
    duly(&db, &["init"]);
    let out = Command::new(env!("CARGO_BIN_EXE_duly"))
        .arg("--db")
        .arg(&db)
        .args(["interest", "NOPE-1", "--json"])
        .env("DULY_TODAY", "2023-07-31")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("NOPE-1"));
}
