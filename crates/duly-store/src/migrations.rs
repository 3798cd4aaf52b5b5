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
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

pub(crate) fn all() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}
