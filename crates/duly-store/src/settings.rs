//! The `settings` table: named values that are not part of the business profile, such as the
//! SMTP account (as JSON). Never a password: those live in the OS keychain.

use rusqlite::{Connection, OptionalExtension, params};

/// The key of the SMTP account's JSON.
pub const SMTP: &str = "smtp";
/// The key of the clients' business hours for held messages (duly-api's `SendWindow` as JSON).
pub const SEND_WINDOW: &str = "send_window";

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()
}

pub fn set(conn: &Connection, key: &str, value: &str, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )?
    .execute(params![key, value, now])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_then_overwrite() {
        let store = crate::Store::open_in_memory().unwrap();
        assert_eq!(get(store.conn(), SMTP).unwrap(), None);
        set(store.conn(), SMTP, "{\"a\":1}", "2026-11-23T10:00:00Z").unwrap();
        set(store.conn(), SMTP, "{\"a\":2}", "2026-11-23T10:01:00Z").unwrap();
        assert_eq!(get(store.conn(), SMTP).unwrap().as_deref(), Some("{\"a\":2}"));
    }
}
