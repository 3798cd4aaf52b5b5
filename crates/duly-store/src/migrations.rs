//! The schema's history. Each migration is an SQL file; rusqlite_migration applies the missing
//! ones in order, each in its own transaction, and records the version in `PRAGMA user_version`.

use rusqlite_migration::{M, Migrations};

/// Every migration, oldest first. Append only: a released migration is never edited.
const STEPS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_aging_indexes.sql"),
    include_str!("../migrations/0003_outbox.sql"),
    include_str!("../migrations/0004_ladder.sql"),
    include_str!("../migrations/0005_calls.sql"),
    include_str!("../migrations/0006_instalment_reminders.sql"),
    include_str!("../migrations/0007_outbox_safety.sql"),
    include_str!("../migrations/0008_client_timezone.sql"),
    include_str!("../migrations/0009_review_and_demo.sql"),
    include_str!("../migrations/0010_review_index.sql"),
    include_str!("../migrations/0011_autopilot.sql"),
    include_str!("../migrations/0012_interest.sql"),
    include_str!("../migrations/0013_statement_lines.sql"),
    include_str!("../migrations/0014_claim_statutory.sql"),
    include_str!("../migrations/0015_mailbox.sql"),
    include_str!("../migrations/0016_invoice_sent_on.sql"),
    include_str!("../migrations/0017_payment_reversals.sql"),
    include_str!("../migrations/0018_evidence.sql"),
    include_str!("../migrations/0019_credit_notes.sql"),
    include_str!("../migrations/0020_recurring_and_deposits.sql"),
    include_str!("../migrations/0021_agreements.sql"),
    include_str!("../migrations/0022_client_reminders.sql"),
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Duly's tables at [`SCHEMA_VERSION`], parents before children. Export writes these and no
/// others, so a table someone added to the file (named `../../x`, say) never names a file.
/// A test checks the list against what the migrations create.
pub const TABLES: &[&str] = &[
    "business",
    "clients",
    "contacts",
    "invoices",
    "invoice_lines",
    "payments",
    "events",
    "settings",
    "outbox",
    "outbox_attachments",
    "ladder_steps",
    "followups",
    "ladder_pauses",
    "terms",
    "credit_holds",
    "message_templates",
    "calls",
    "promises",
    "instalment_plans",
    "instalments",
    "autopilot_steps",
    "autopilot_clients",
    "autopilot_stops",
    "client_law",
    "reference_rates",
    "statement_lines",
    "mailbox_seen",
    "undeliverable_addresses",
    "payment_reversals",
    "outbox_sent",
    "documents",
    "credit_notes",
    "recurring_schedules",
    "recurring_issued",
    "deposits",
    "outbox_invoices",
];

pub(crate) fn all() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    #[test]
    fn the_table_list_is_what_the_migrations_create() {
        let mut conn = Connection::open_in_memory().unwrap();
        all().to_latest(&mut conn).unwrap();
        let mut created: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        created.sort();
        let mut listed: Vec<&str> = TABLES.to_vec();
        listed.sort_unstable();
        assert_eq!(created, listed, "a migration added or dropped a table: update TABLES");
    }
}
