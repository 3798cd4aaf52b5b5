//! The `instalments` table: the dated parts of an instalment plan.

use chrono::NaiveDate;
use duly_core::calls::Instalment;
use rusqlite::Connection;

/// Stores a plan's instalments; call in the transaction that stores the plan.
pub fn insert_all(conn: &Connection, plan_id: i64, instalments: &[Instalment]) -> rusqlite::Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT INTO instalments (plan_id, number, due_on, amount_minor) VALUES (?1, ?2, ?3, ?4)")?;
    for i in instalments {
        stmt.execute(rusqlite::params![plan_id, i.number, i.due_on, i.amount])?;
    }
    Ok(())
}

/// In order, first instalment first.
pub fn list_for_plan(conn: &Connection, plan_id: i64) -> rusqlite::Result<Vec<Instalment>> {
    conn.prepare_cached("SELECT number, due_on, amount_minor FROM instalments WHERE plan_id = ?1 ORDER BY number")?
        .query_map([plan_id], |r| {
            Ok(Instalment { number: r.get(0)?, due_on: r.get::<_, NaiveDate>(1)?, amount: r.get(2)? })
        })?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::test_db::{calls_db, seed_invoice};
    use crate::instalment_plans::{self, NewPlan, PlanRow};
    use duly_core::calls::split_into_instalments;

    #[test]
    fn a_plan_and_its_instalments_round_trip_and_go_with_their_invoice() {
        let conn = calls_db();
        let (_, invoice) = seed_invoice(&conn);
        let made_on: NaiveDate = "2026-11-10".parse().unwrap();
        let plan = NewPlan {
            invoice_id: invoice,
            call_id: None,
            made_on,
            amount_minor: 100_000,
            every_days: 30,
            created_at: "2026-11-10T10:00:00Z".into(),
        };
        let id = instalment_plans::insert(&conn, &plan).unwrap();
        let parts = split_into_instalments(100_000, 3, "2026-12-01".parse().unwrap(), 30).unwrap();
        insert_all(&conn, id, &parts).unwrap();
        assert_eq!(list_for_plan(&conn, id).unwrap(), parts);
        assert_eq!(
            instalment_plans::list_for_invoice(&conn, invoice).unwrap(),
            [PlanRow {
                id,
                invoice_id: plan.invoice_id,
                call_id: plan.call_id,
                made_on: plan.made_on,
                amount_minor: plan.amount_minor,
                every_days: plan.every_days,
                created_at: plan.created_at
            }]
        );
        assert!(insert_all(&conn, id, &parts[..1]).is_err(), "an instalment number is used once per plan");
        conn.execute("DELETE FROM invoices WHERE id = ?1", [invoice]).unwrap();
        assert!(list_for_plan(&conn, id).unwrap().is_empty(), "cascades with the invoice");
    }
}
