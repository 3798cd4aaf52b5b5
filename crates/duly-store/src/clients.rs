//! The `clients` table: the businesses and people the freelancer invoices.

use std::collections::HashMap;

use duly_core::{Currency, Language};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use crate::row::{blank_as_null, parsed};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// `None` for a client not yet inserted.
    pub id: Option<i64>,
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub language: Language,
    pub currency: Currency,
    pub notes: String,
    /// ISO 3166-1 alpha-2 (`"ID"`), or `""`.
    pub country: String,
    /// An IANA zone (`"Asia/Jakarta"`) for the client's business hours, or `""`.
    pub timezone: String,
    pub created_at: String,
}

/// A client as listed: its first billing address and what it owes, per currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientListing {
    pub client: Client,
    pub email: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Client> {
    let text = |c: &str| r.get::<_, Option<String>>(c).map(Option::unwrap_or_default);
    Ok(Client {
        id: Some(r.get("id")?),
        name: r.get("name")?,
        address: text("address")?,
        tax_id: text("tax_id")?,
        language: parsed(r, "language")?,
        currency: parsed(r, "currency")?,
        notes: text("notes")?,
        country: text("country")?,
        timezone: text("timezone")?,
        created_at: r.get("created_at")?,
    })
}

pub fn insert(conn: &Connection, c: &Client) -> rusqlite::Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO clients (name, address, tax_id, language, currency, notes, country, timezone, created_at)
         VALUES (:name, :address, :tax_id, :language, :currency, :notes, :country, :timezone, :created_at)",
    )?;
    stmt.execute(named_params! {
        ":name": c.name.trim(),
        ":address": blank_as_null(&c.address),
        ":tax_id": blank_as_null(&c.tax_id),
        ":language": c.language.code(),
        ":currency": c.currency.code(),
        ":notes": blank_as_null(&c.notes),
        ":country": blank_as_null(&c.country),
        ":timezone": blank_as_null(&c.timezone),
        ":created_at": c.created_at,
    })?;
    Ok(conn.last_insert_rowid())
}

/// Updates every field but the creation time. Returns false when no such client exists.
pub fn update(conn: &Connection, id: i64, c: &Client) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE clients SET name = :name, address = :address, tax_id = :tax_id,
                language = :language, currency = :currency, notes = :notes,
                country = :country, timezone = :timezone
         WHERE id = :id",
        named_params! {
            ":id": id,
            ":name": c.name.trim(),
            ":address": blank_as_null(&c.address),
            ":tax_id": blank_as_null(&c.tax_id),
            ":language": c.language.code(),
            ":currency": c.currency.code(),
            ":notes": blank_as_null(&c.notes),
            ":country": blank_as_null(&c.country),
            ":timezone": blank_as_null(&c.timezone),
        },
    )?;
    Ok(changed == 1)
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Client>> {
    conn.query_row("SELECT * FROM clients WHERE id = ?1", [id], from_row).optional()
}

/// Clients whose name contains `search` (case-insensitive for ASCII), by name.
pub fn list(conn: &Connection, search: Option<&str>) -> rusqlite::Result<Vec<ClientListing>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.*,
                (SELECT email FROM contacts k
                  WHERE k.client_id = c.id AND k.email IS NOT NULL
                  ORDER BY k.role <> 'billing', k.position LIMIT 1) AS first_email
         FROM clients c
         WHERE :search IS NULL OR c.name LIKE '%' || :search || '%' ESCAPE '\\'
         ORDER BY c.name COLLATE NOCASE, c.id",
    )?;
    let pattern = search.and_then(blank_as_null).map(escape_like);
    stmt.query_map(named_params! { ":search": pattern }, |r| {
        Ok(ClientListing {
            client: from_row(r)?,
            email: r.get::<_, Option<String>>("first_email")?.unwrap_or_default(),
        })
    })?
    .collect()
}

/// Every client's id and name, by id: for matching a name someone typed (in Rust, where case
/// folding covers more than SQLite's ASCII-only `LIKE`).
pub fn id_names(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached("SELECT id, name FROM clients ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The names of the clients `ids` (ids that do not exist are left out): for naming the clients a
/// report shows without joining every row it read. A few are looked up one by one; many (a
/// report over every client) are read in one pass over the table, which is far cheaper than
/// thousands of lookups.
pub fn names_of(conn: &Connection, ids: impl IntoIterator<Item = i64>) -> rusqlite::Result<HashMap<i64, String>> {
    const ONE_BY_ONE: usize = 64;
    let wanted: std::collections::HashSet<i64> = ids.into_iter().collect();
    let mut names = HashMap::with_capacity(wanted.len());
    if wanted.len() <= ONE_BY_ONE {
        let mut stmt = conn.prepare_cached("SELECT name FROM clients WHERE id = ?1")?;
        for &id in &wanted {
            if let Some(name) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                names.insert(id, name);
            }
        }
    } else {
        let mut stmt = conn.prepare_cached("SELECT id, name FROM clients")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if wanted.contains(&id) {
                names.insert(id, r.get(1)?);
            }
        }
    }
    Ok(names)
}

/// Marks a client as invented by the demo (migration 0008): nothing is ever emailed for it.
pub fn mark_demo(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE clients SET demo = 1 WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// Whether the client is demo data. A missing client is not.
pub fn is_demo(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT demo FROM clients WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, i64>(0))
        .optional()?
        .is_some_and(|d| d != 0))
}

/// Whether the database holds any demo client.
pub fn has_demo(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM clients WHERE demo = 1)")?.query_row([], |r| r.get(0))
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM clients", [], |r| r.get(0))
}

/// Escapes `%`, `_` and `\` so that user text in a LIKE pattern matches literally.
pub(crate) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// A client's reminder settings (migration 0022): no reminders at all, and one combined
/// reminder when several invoices are due the same day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReminderSettings {
    pub reminders_off: bool,
    pub combined: bool,
}

/// The client's reminder settings; the defaults for a missing client.
pub fn reminder_settings(conn: &Connection, id: i64) -> rusqlite::Result<ReminderSettings> {
    Ok(conn
        .prepare_cached("SELECT reminders_off, combined_reminders FROM clients WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(ReminderSettings { reminders_off: r.get::<_, i64>(0)? != 0, combined: r.get::<_, i64>(1)? != 0 })
        })
        .optional()?
        .unwrap_or_default())
}

/// Saves the client's reminder settings; false when there is no such client.
pub fn set_reminder_settings(conn: &Connection, id: i64, s: ReminderSettings) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE clients SET reminders_off = ?2, combined_reminders = ?3 WHERE id = ?1")?
        .execute(rusqlite::params![id, i64::from(s.reminders_off), i64::from(s.combined)])?
        == 1)
}

/// The clients who get no reminders.
pub fn reminders_off_ids(conn: &Connection) -> rusqlite::Result<std::collections::HashSet<i64>> {
    conn.prepare_cached("SELECT id FROM clients WHERE reminders_off = 1")?.query_map([], |r| r.get(0))?.collect()
}

/// The clients who asked for one combined reminder.
pub fn combined_reminder_ids(conn: &Connection) -> rusqlite::Result<std::collections::HashSet<i64>> {
    conn.prepare_cached("SELECT id FROM clients WHERE combined_reminders = 1")?.query_map([], |r| r.get(0))?.collect()
}
