//! The `followups` table: what happened to each ladder step on each invoice (done, skipped,
//! postponed), which is duly-core's `StepRecord` history. A step done or skipped is recorded
//! once: a second attempt fails on the table's unique index, so two windows or a double click
//! cannot send the same reminder twice. A per-instalment step's row names the plan and the
//! instalment (migration 0006): it is done once per instalment.

use std::collections::HashMap;

use chrono::NaiveDate;
use duly_core::ladder::{InstalmentRef, Outcome, StepId, StepRecord};
use rusqlite::{Connection, Row, named_params};

use crate::row::parsed;

/// One row, with the message it sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Followup {
    pub id: i64,
    pub invoice_id: i64,
    pub record: StepRecord,
    pub outbox_id: Option<i64>,
    pub created_at: String,
}

fn outcome_word(o: Outcome) -> (&'static str, Option<NaiveDate>) {
    match o {
        Outcome::Done => ("done", None),
        Outcome::Skipped => ("skipped", None),
        Outcome::Postponed { until } => ("postponed", Some(until)),
    }
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Followup> {
    let word: String = r.get("outcome")?;
    let outcome = match word.as_str() {
        "done" => Outcome::Done,
        "skipped" => Outcome::Skipped,
        _ => Outcome::Postponed { until: r.get("until_date")? },
    };
    let plan: Option<i64> = r.get("plan_id")?;
    let number: Option<u32> = r.get("instalment")?;
    let instalment = plan.zip(number).map(|(plan, number)| InstalmentRef { plan, number });
    Ok(Followup {
        id: r.get("id")?,
        invoice_id: r.get("invoice_id")?,
        record: StepRecord { step: parsed(r, "step_id")?, on: r.get("on_date")?, outcome, instalment },
        outbox_id: r.get("outbox_id")?,
        created_at: r.get("created_at")?,
    })
}

/// Records what happened to a step. Fails with a UNIQUE constraint error (see
/// `StoreError::is_unique_violation`) when the step was already done or skipped.
pub fn insert(
    conn: &Connection,
    invoice_id: i64,
    record: &StepRecord,
    outbox_id: Option<i64>,
    now: &str,
) -> rusqlite::Result<i64> {
    let (word, until) = outcome_word(record.outcome);
    conn.prepare_cached(
        "INSERT INTO followups (invoice_id, step_id, outcome, on_date, until_date, outbox_id, created_at, plan_id, instalment)
         VALUES (:invoice_id, :step_id, :outcome, :on_date, :until_date, :outbox_id, :now, :plan_id, :instalment)",
    )?
    .execute(named_params! {
        ":invoice_id": invoice_id,
        ":step_id": record.step.as_str(),
        ":outcome": word,
        ":on_date": record.on,
        ":until_date": until,
        ":outbox_id": outbox_id,
        ":now": now,
        ":plan_id": record.instalment.map(|i| i.plan),
        ":instalment": record.instalment.map(|i| i.number),
    })?;
    Ok(conn.last_insert_rowid())
}

/// An invoice's history, oldest first.
pub fn list_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<Followup>> {
    conn.prepare_cached("SELECT * FROM followups WHERE invoice_id = ?1 ORDER BY on_date, id")?
        .query_map([invoice_id], from_row)?
        .collect()
}

const OPEN_HISTORIES_SQL: &str = "SELECT f.* FROM followups f CROSS JOIN invoices i ON i.id = f.invoice_id
     WHERE i.status IN ('sent', 'partly_paid') AND i.review IS NULL ORDER BY f.invoice_id, f.on_date, f.id";

/// The histories of the open invoices (sent or partly paid), by invoice id: what the day's
/// follow-up list needs, in one pass.
///
/// The step records drive the join (`CROSS JOIN` keeps them the outer loop, in
/// `followups_by_invoice` order): there are a few per chased invoice, while the open invoices
/// can be 100k, and looking each of those up in `followups` cost more than the rest of `today`.
pub fn for_open_invoices(conn: &Connection) -> rusqlite::Result<HashMap<i64, Vec<StepRecord>>> {
    let mut out: HashMap<i64, Vec<StepRecord>> = HashMap::new();
    let mut stmt = conn.prepare_cached(OPEN_HISTORIES_SQL)?;
    for row in stmt.query_map([], from_row)? {
        let f = row?;
        out.entry(f.invoice_id).or_default().push(f.record);
    }
    Ok(out)
}

/// The clients one of whose invoices had a step done on `day` (a message sent by a click or by
/// autopilot, a call logged): the evidence of "one message per client per day".
pub fn clients_done_on(conn: &Connection, day: NaiveDate) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached(
        "SELECT DISTINCT i.client_id FROM followups f JOIN invoices i ON i.id = f.invoice_id
          WHERE f.on_date = ?1 AND f.outcome = 'done' ORDER BY i.client_id",
    )?
    .query_map([day], |r| r.get(0))?
    .collect()
}

/// The invoices whose step records point at message `outbox_id` (one for a click's reminder,
/// several for an automatic message covering a client's day).
pub fn invoices_of_message(conn: &Connection, outbox_id: i64) -> rusqlite::Result<Vec<i64>> {
    conn.prepare_cached("SELECT DISTINCT invoice_id FROM followups WHERE outbox_id = ?1 ORDER BY invoice_id")?
        .query_map([outbox_id], |r| r.get(0))?
        .collect()
}

/// Takes back a step done or skipped (the "Undo" right after sending, with the message
/// cancelled in the same transaction): the latest such row, so for a per-instalment step the
/// one of the instalment just reminded. Returns the removed row, if there was one.
pub fn undo(conn: &Connection, invoice_id: i64, step: &StepId) -> rusqlite::Result<Option<Followup>> {
    let found = conn
        .prepare_cached(
            "SELECT * FROM followups WHERE invoice_id = ?1 AND step_id = ?2 AND outcome IN ('done', 'skipped')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_map(rusqlite::params![invoice_id, step.as_str()], from_row)?
        .next()
        .transpose()?;
    if let Some(f) = &found {
        conn.prepare_cached("DELETE FROM followups WHERE id = ?1")?.execute([f.id])?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use rusqlite_migration::{M, Migrations};

    use super::*;
    use crate::ladder_fixtures::{client, invoice, store};
    use crate::{Store, StoreError};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rec(step: &str, on: &str, outcome: Outcome) -> StepRecord {
        StepRecord::new(step.parse().unwrap(), d(on), outcome)
    }

    #[test]
    fn open_histories_are_read_from_the_step_records_not_from_every_open_invoice() {
        let store = store();
        let conn = store.conn();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {OPEN_HISTORIES_SQL}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(plan[0].starts_with("SCAN f USING INDEX followups_by_invoice"), "{plan:?}");
        assert!(plan[1].starts_with("SEARCH i USING INTEGER PRIMARY KEY"), "{plan:?}");
        assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "no sort: {plan:?}");

        // Only open invoices, not to review, have their history read; in the recorded order.
        let acme = client(conn, "Acme");
        let (open, paid, doubtful) =
            (invoice(conn, "F-1", acme), invoice(conn, "F-2", acme), invoice(conn, "F-3", acme));
        for inv in [doubtful, paid, open] {
            insert(conn, inv, &rec("overdue_1", "2026-11-02", Outcome::Done), None, "t").unwrap();
            insert(conn, inv, &rec("due", "2026-11-01", Outcome::Skipped), None, "t").unwrap();
        }
        conn.execute("UPDATE invoices SET status = 'paid' WHERE id = ?1", [paid]).unwrap();
        conn.execute("UPDATE invoices SET review = 'total: unsure' WHERE id = ?1", [doubtful]).unwrap();
        let histories = for_open_invoices(conn).unwrap();
        assert_eq!(histories.keys().copied().collect::<Vec<_>>(), vec![open]);
        assert_eq!(
            histories[&open],
            vec![rec("due", "2026-11-01", Outcome::Skipped), rec("overdue_1", "2026-11-02", Outcome::Done)]
        );
    }

    #[test]
    fn a_step_is_done_once_but_postponed_any_number_of_times() {
        let store = store();
        let conn = store.conn();
        let inv = invoice(conn, "F-1", client(conn, "Acme"));
        insert(conn, inv, &rec("overdue_1", "2026-11-01", Outcome::Postponed { until: d("2026-11-03") }), None, "t")
            .unwrap();
        insert(conn, inv, &rec("overdue_1", "2026-11-03", Outcome::Postponed { until: d("2026-11-04") }), None, "t")
            .unwrap();
        insert(conn, inv, &rec("overdue_1", "2026-11-04", Outcome::Done), None, "t").unwrap();
        let again = insert(conn, inv, &rec("overdue_1", "2026-11-05", Outcome::Done), None, "t").unwrap_err();
        assert!(StoreError::from(again).is_unique_violation());
        let skip = insert(conn, inv, &rec("overdue_1", "2026-11-05", Outcome::Skipped), None, "t").unwrap_err();
        assert!(StoreError::from(skip).is_unique_violation(), "done and then skipped is still twice");

        let history: Vec<StepRecord> = list_for_invoice(conn, inv).unwrap().into_iter().map(|f| f.record).collect();
        assert_eq!(history.len(), 3);
        assert_eq!(history[2], rec("overdue_1", "2026-11-04", Outcome::Done));
        assert_eq!(for_open_invoices(conn).unwrap()[&inv], history);

        let undone = undo(conn, inv, &"overdue_1".parse().unwrap()).unwrap().unwrap();
        assert_eq!(undone.record.outcome, Outcome::Done);
        insert(conn, inv, &rec("overdue_1", "2026-11-05", Outcome::Done), None, "t").unwrap();
    }

    #[test]
    fn a_per_instalment_step_is_done_once_per_instalment() {
        let store = store();
        let conn = store.conn();
        let inv = invoice(conn, "F-2", client(conn, "Acme"));
        conn.execute(
            "INSERT INTO instalment_plans (id, invoice_id, made_on, amount_minor, every_days, created_at)
             VALUES (5, ?1, '2026-11-09', 90000, 30, 't')",
            [inv],
        )
        .unwrap();
        let of = |number| StepRecord {
            instalment: Some(InstalmentRef { plan: 5, number }),
            ..rec("instalment_due", "2026-11-17", Outcome::Done)
        };
        insert(conn, inv, &of(1), None, "t").unwrap();
        insert(conn, inv, &of(2), None, "t").unwrap();
        let again = insert(conn, inv, &of(2), None, "t").unwrap_err();
        assert!(StoreError::from(again).is_unique_violation());
        let history: Vec<StepRecord> = list_for_invoice(conn, inv).unwrap().into_iter().map(|f| f.record).collect();
        assert_eq!(history, [of(1), of(2)]);
        // Undo takes back the latest: instalment 2's.
        let undone = undo(conn, inv, &"instalment_due".parse().unwrap()).unwrap().unwrap();
        assert_eq!(undone.record, of(2));
        // A number without its plan is refused by the file itself.
        let bare = conn.execute(
            "INSERT INTO followups (invoice_id, step_id, outcome, on_date, created_at, instalment) VALUES (?1, 'x', 'done', '2026-11-17', 't', 3)",
            [inv],
        );
        assert!(bare.is_err());
    }

    #[test]
    fn a_version_5_database_keeps_its_ladder_rows_and_history_and_accepts_instalment_steps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let v5 = Migrations::new(vec![
            M::up(include_str!("../migrations/0001_initial.sql")),
            M::up(include_str!("../migrations/0002_aging_indexes.sql")),
            M::up(include_str!("../migrations/0003_outbox.sql")),
            M::up(include_str!("../migrations/0004_ladder.sql")),
            M::up(include_str!("../migrations/0005_calls.sql")),
        ]);
        let store = Store::open_with(&path, &v5, 5).unwrap();
        let inv = invoice(store.conn(), "OLD-1", client(store.conn(), "Acme"));
        store
            .conn()
            .execute(
                "INSERT INTO ladder_steps (client_id, step_id, action, offset_days, updated_at) VALUES (NULL, 'overdue_7', 'change', 5, 't')",
                [],
            )
            .unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO followups (invoice_id, step_id, outcome, on_date, created_at) VALUES (?1, 'overdue_1', 'done', '2026-11-01', 't')",
                [inv],
            )
            .unwrap();
        drop(store);

        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::SCHEMA_VERSION);
        let conn = store.conn();
        let kept: (String, i64) = conn
            .query_row("SELECT step_id, offset_days FROM ladder_steps", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(kept, ("overdue_7".to_owned(), 5));
        assert_eq!(list_for_invoice(conn, inv).unwrap()[0].record, rec("overdue_1", "2026-11-01", Outcome::Done));
        // Done once per invoice, as before.
        assert!(insert(conn, inv, &rec("overdue_1", "2026-11-02", Outcome::Done), None, "t").is_err());
        conn.execute(
            "INSERT INTO ladder_steps (client_id, step_id, action, anchor, offset_days, channel, tone, purpose, template, updated_at)
             VALUES (NULL, 'instalment_week', 'add', 'instalment', -7, 'email', 'friendly', 'instalment_due', 'instalment_due', 't')",
            [],
        )
        .unwrap();
    }

    #[test]
    fn a_version_3_database_gains_the_ladder_tables_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let v3 = Migrations::new(vec![
            M::up(include_str!("../migrations/0001_initial.sql")),
            M::up(include_str!("../migrations/0002_aging_indexes.sql")),
            M::up(include_str!("../migrations/0003_outbox.sql")),
        ]);
        let store = Store::open_with(&path, &v3, 3).unwrap();
        let inv = invoice(store.conn(), "OLD-1", client(store.conn(), "Acme"));
        drop(store);

        let store = Store::open(&path).unwrap();
        assert!(store.schema_version().unwrap() >= 4);
        let n: i64 = store.conn().query_row("SELECT count(*) FROM invoices", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        let tables: Vec<String> = store
            .conn()
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN
                 ('ladder_steps', 'followups', 'ladder_pauses', 'terms', 'credit_holds', 'message_templates') ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            tables,
            ["credit_holds", "followups", "ladder_pauses", "ladder_steps", "message_templates", "terms"]
        );
        insert(store.conn(), inv, &rec("overdue_1", "2026-11-01", Outcome::Done), None, "t").unwrap();
        assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1, "backed up before the upgrade");
    }
}
