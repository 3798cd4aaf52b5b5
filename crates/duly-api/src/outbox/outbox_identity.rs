//! A restore or a copied database never sends anything by itself.
//!
//! Every database has an identity: a random `instance_id` in `settings` (made by migration 0007)
//! and the path it belongs to (`instance_path`). Each outbox row records the identity it was
//! queued under. A database gets a *new* identity when
//! - a backup is written (`duly_store::backup::copy_to`: every copy is a stranger),
//! - a backup is restored into it (`duly_store::backup::restore`, at once after the copy), and
//! - it is opened at another path than its own (copied or moved by hand; [`adopt_on`]).
//!
//! A queued message whose identity is not the database's current one was queued elsewhere or
//! before a restore: it is **held** (`outbox.held = 'restored'`), listed in the Outbox as "held
//! after restore: send or discard", and never sent until the user releases it. Two guards apply
//! the rule: [`hold_foreign_on`] when the file is opened and after a restore, and the sender's
//! claim, which holds instead of sending when it meets such a row (so even a sender that raced a
//! restore cannot send one). Because the same Message-ID stays with the row, a message that went
//! out after the backup was taken is never delivered twice without the user saying so.
//!
//! A file moved on purpose holds its queued messages once; the user sends them with one click.
//! That is the price of never guessing.

use std::path::Path;

use duly_store::{Connection, events, outbox as table, settings};

use crate::ApiResult;
use crate::shared::timeline::event;

/// The `held` value of messages held because they were queued elsewhere or before a restore.
pub(crate) const HELD_RESTORED: &str = "restored";

/// The database's current identity.
pub(crate) fn current(conn: &Connection) -> ApiResult<String> {
    match settings::get(conn, table::INSTANCE_ID)? {
        Some(id) => Ok(id),
        None => renew(conn, duly_store::now_utc().as_str()),
    }
}

fn renew(conn: &Connection, at: &str) -> ApiResult<String> {
    let id: String = conn.query_row("SELECT lower(hex(randomblob(16)))", [], |r| r.get(0))?;
    settings::set(conn, table::INSTANCE_ID, &id, at)?;
    Ok(id)
}

fn path_text(path: &Path) -> String {
    path.canonicalize().unwrap_or_else(|_| path.to_owned()).to_string_lossy().into_owned()
}

/// When a database file is opened: a file found at another path than its identity's is a copy
/// (or was moved) and gets a new identity; then every queued message not queued under the
/// current identity is held. Returns how many were newly held. Call in a write transaction.
pub(crate) fn adopt_on(conn: &Connection, path: &Path, at: &str) -> ApiResult<usize> {
    let here = path_text(path);
    match settings::get(conn, table::INSTANCE_PATH)? {
        Some(home) if home == here => {}
        Some(_) => {
            renew(conn, at)?;
            settings::set(conn, table::INSTANCE_PATH, &here, at)?;
        }
        // First open since migration 0007: this file is at home.
        None => settings::set(conn, table::INSTANCE_PATH, &here, at)?,
    }
    hold_foreign_on(conn, at)
}

/// Holds every queued message not queued under the current identity, with an `email_held`
/// line on its invoice's timeline. Returns how many.
pub(crate) fn hold_foreign_on(conn: &Connection, at: &str) -> ApiResult<usize> {
    let me = current(conn)?;
    let held = table::hold_foreign(conn, &me, HELD_RESTORED, at)?;
    for row in &held {
        if let Some(invoice_id) = row.invoice_id {
            events::insert(
                conn,
                invoice_id,
                &event(at, crate::TimelineKind::EmailHeld, &crate::shared::reminder_cancel::summary(row)),
            )?;
        }
    }
    Ok(held.len())
}
