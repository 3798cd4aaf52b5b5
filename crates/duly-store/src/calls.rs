//! The `calls` table: phone calls with a client, about one invoice or about the client in general.

use chrono::NaiveDate;
use duly_core::calls::CallOutcome;
use rusqlite::{Connection, named_params};

use crate::row::{blank_as_null, parsed};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub id: Option<i64>,
    pub client_id: i64,
    pub invoice_id: Option<i64>,
    pub contact_id: Option<i64>,
    /// Who was called, as written at the time (the contact may change later).
    pub contact_name: String,
    pub phone: String,
    pub called_on: NaiveDate,
    /// "HH:MM", local time, or empty.
    pub called_time: String,
    pub duration_seconds: Option<i64>,
    pub outcome: CallOutcome,
    pub notes: String,
    pub next_follow_up: Option<NaiveDate>,
    pub created_at: String,
}

/// Which calls to list; every field narrows the list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub invoice_id: Option<i64>,
    pub client_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: i64,
}

pub fn insert(conn: &Connection, c: &Call) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO calls (client_id, invoice_id, contact_id, contact_name, phone, called_on, called_time,
                            duration_seconds, outcome, notes, next_follow_up, created_at)
         VALUES (:client_id, :invoice_id, :contact_id, :contact_name, :phone, :called_on, :called_time,
                 :duration, :outcome, :notes, :next, :created_at)",
    )?
    .execute(named_params! {
        ":client_id": c.client_id,
        ":invoice_id": c.invoice_id,
        ":contact_id": c.contact_id,
        ":contact_name": blank_as_null(&c.contact_name),
        ":phone": blank_as_null(&c.phone),
        ":called_on": c.called_on,
        ":called_time": blank_as_null(&c.called_time),
        ":duration": c.duration_seconds,
        ":outcome": c.outcome.as_str(),
        ":notes": blank_as_null(&c.notes),
        ":next": c.next_follow_up,
        ":created_at": c.created_at,
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Call>> {
    let mut rows = conn
        .prepare_cached("SELECT * FROM calls WHERE id = ?1")?
        .query_map([id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.pop())
}

/// A call's record corrected: what came of it and the notes.
pub fn update_outcome_notes(conn: &Connection, id: i64, outcome: CallOutcome, notes: &str) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("UPDATE calls SET outcome = ?2, notes = ?3 WHERE id = ?1")?.execute(rusqlite::params![
        id,
        outcome.as_str(),
        blank_as_null(notes)
    ])? == 1)
}

/// Newest first (by the day of the call, then the order they were logged).
pub fn list(conn: &Connection, f: &Filter) -> rusqlite::Result<Vec<Call>> {
    conn.prepare_cached(
        "SELECT * FROM calls
         WHERE (:invoice_id IS NULL OR invoice_id = :invoice_id)
           AND (:client_id IS NULL OR client_id = :client_id)
           AND (:from IS NULL OR called_on >= :from)
           AND (:to IS NULL OR called_on <= :to)
         ORDER BY called_on DESC, id DESC
         LIMIT :limit",
    )?
    .query_map(
        named_params! {
            ":invoice_id": f.invoice_id,
            ":client_id": f.client_id,
            ":from": f.from,
            ":to": f.to,
            ":limit": f.limit,
        },
        from_row,
    )?
    .collect()
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Call> {
    let text = |c: &str| r.get::<_, Option<String>>(c).map(Option::unwrap_or_default);
    Ok(Call {
        id: Some(r.get("id")?),
        client_id: r.get("client_id")?,
        invoice_id: r.get("invoice_id")?,
        contact_id: r.get("contact_id")?,
        contact_name: text("contact_name")?,
        phone: text("phone")?,
        called_on: r.get("called_on")?,
        called_time: text("called_time")?,
        duration_seconds: r.get("duration_seconds")?,
        outcome: parsed(r, "outcome")?,
        notes: text("notes")?,
        next_follow_up: r.get("next_follow_up")?,
        created_at: r.get("created_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::test_db::{calls_db, seed_invoice};
    use super::*;

    fn call(client_id: i64, invoice_id: Option<i64>, on: &str, outcome: CallOutcome) -> Call {
        Call {
            id: None,
            client_id,
            invoice_id,
            contact_id: None,
            contact_name: "Ana Pop".into(),
            phone: "+40 721 000 000".into(),
            called_on: on.parse().unwrap(),
            called_time: "10:30".into(),
            duration_seconds: Some(95),
            outcome,
            notes: "  ".into(),
            next_follow_up: None,
            created_at: "2026-11-10T10:31:00Z".into(),
        }
    }

    #[test]
    fn calls_round_trip_and_filter_by_invoice_client_and_day() {
        let conn = calls_db();
        let (client, invoice) = seed_invoice(&conn);
        let a = insert(&conn, &call(client, Some(invoice), "2026-11-09", CallOutcome::NoAnswer)).unwrap();
        let b = insert(&conn, &call(client, None, "2026-11-10", CallOutcome::Promised)).unwrap();
        let got = get(&conn, a).unwrap().unwrap();
        assert_eq!(got.outcome, CallOutcome::NoAnswer);
        assert_eq!(got.notes, "", "blank notes are stored as NULL and read back empty");
        let all = list(&conn, &Filter { limit: 10, ..Filter::default() }).unwrap();
        assert_eq!(all.iter().map(|c| c.id.unwrap()).collect::<Vec<_>>(), [b, a], "newest first");
        let for_invoice = list(&conn, &Filter { invoice_id: Some(invoice), limit: 10, ..Filter::default() }).unwrap();
        assert_eq!(for_invoice.len(), 1);
        let day = "2026-11-10".parse().ok();
        let on_day = list(&conn, &Filter { from: day, to: day, limit: 10, ..Filter::default() }).unwrap();
        assert_eq!(on_day.iter().map(|c| c.id.unwrap()).collect::<Vec<_>>(), [b]);
    }

    #[test]
    fn the_schema_refuses_an_unknown_outcome_and_a_negative_duration() {
        let conn = calls_db();
        let (client, _) = seed_invoice(&conn);
        let bad = conn.execute(
            "INSERT INTO calls (client_id, called_on, outcome, created_at) VALUES (?1, '2026-11-10', 'maybe', 'x')",
            [client],
        );
        assert!(bad.is_err());
        let mut negative = call(client, None, "2026-11-10", CallOutcome::Reached);
        negative.duration_seconds = Some(-1);
        assert!(insert(&conn, &negative).is_err());
    }
}

/// A fresh in-memory database with the calls tables, for the calls modules' tests.
#[cfg(test)]
pub(crate) mod test_db {
    use rusqlite::Connection;

    pub(crate) fn calls_db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        crate::migrations::all().to_latest(&mut conn).unwrap();
        let has_calls: bool =
            conn.query_row("SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'calls'", [], |r| r.get(0)).unwrap();
        if !has_calls {
            conn.execute_batch(include_str!("../migrations/0005_calls.sql")).unwrap();
        }
        conn
    }

    /// A client with one issued invoice; returns their ids.
    pub(crate) fn seed_invoice(conn: &Connection) -> (i64, i64) {
        conn.execute("INSERT INTO clients (name, currency, created_at) VALUES ('Acme', 'EUR', 'x')", []).unwrap();
        let client = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO invoices (number, client_id, issue_date, due_date, currency, subtotal_minor, tax_minor,
                                   total_minor, status, created_at, updated_at)
             VALUES ('INV-1', ?1, '2026-10-01', '2026-10-31', 'EUR', 100000, 0, 100000, 'sent', 'x', 'x')",
            [client],
        )
        .unwrap();
        (client, conn.last_insert_rowid())
    }
}

#[cfg(test)]
mod migration_tests {
    use rusqlite::Connection;
    use rusqlite_migration::{M, Migrations};

    use crate::{SCHEMA_VERSION, Store};

    #[test]
    fn a_version_3_database_gains_the_calls_tables_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("duly.sqlite3");
        let v3 = Migrations::new(vec![
            M::up(include_str!("../migrations/0001_initial.sql")),
            M::up(include_str!("../migrations/0002_aging_indexes.sql")),
            M::up(include_str!("../migrations/0003_outbox.sql")),
        ]);
        let store = Store::open_with(&path, &v3, 3).unwrap();
        store
            .conn()
            .execute("INSERT INTO clients (name, currency, created_at) VALUES ('Acme', 'EUR', 'x')", [])
            .unwrap();
        drop(store);

        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let conn: &Connection = store.conn();
        let clients: i64 = conn.query_row("SELECT count(*) FROM clients", [], |r| r.get(0)).unwrap();
        assert_eq!(clients, 1);
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('calls', 'promises', 'instalment_plans', 'instalments') ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(tables, ["calls", "instalment_plans", "instalments", "promises"]);
        // Calls point at real clients: the foreign keys are on.
        let orphan = conn.execute(
            "INSERT INTO calls (client_id, called_on, outcome, created_at) VALUES (999, '2026-11-09', 'reached', 'x')",
            [],
        );
        assert!(orphan.is_err());
        assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1, "backed up before the upgrade");
    }
}
