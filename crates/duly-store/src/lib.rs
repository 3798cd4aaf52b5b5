//! Duly's SQLite store: one database file per user, opened with the right pragmas and migrated
//! to the current schema before anything reads it.
//!
//! One module per table; each holds the row types of its table and the only SQL that touches
//! it. Functions take a `&Connection` so that callers (the API layer) decide transaction
//! boundaries: a use case that writes several tables opens one transaction and passes it down
//! (a `Transaction` derefs to a `Connection`).
//!
//! Values are stored as the core defines them: money as integer minor units beside an ISO 4217
//! code, dates as `YYYY-MM-DD`, instants as RFC 3339 UTC text. This crate does not interpret them
//! beyond what SQL needs for sorting and filtering; meaning lives in `duly-core`.

pub mod autopilot;
pub mod backup;
pub mod business;
pub mod calls;
pub mod client_law;
pub mod clients;
pub mod contacts;
pub mod credit_holds;
pub mod credit_notes;
mod db;
pub mod demo;
pub mod deposits;
pub mod documents;
mod error;
pub mod events;
mod export;
pub mod followups;
pub mod instalment_plans;
pub mod instalments;
pub mod invoices;
#[cfg(test)]
mod ladder_fixtures;
pub mod ladder_pauses;
pub mod ladder_steps;
pub mod lines;
pub mod mailbox;
pub mod message_templates;
mod migrations;
pub mod outbox;
pub mod outbox_invoices;
pub mod payment_reversals;
pub mod payments;
mod private_files;
pub mod promises;
mod rebuild;
pub mod recurring;
pub mod reference_rates;
mod row;
pub mod settings;
pub mod statement_lines;
pub mod terms;

pub use db::{BUSY_TIMEOUT, Store, default_db_path, now_utc};
pub use error::StoreError;
pub use migrations::{SCHEMA_VERSION, TABLES};
pub use rusqlite::{Connection, Transaction};
