//! The `contacts` table: the people at a client, each with a role (billing, project, other).

use duly_core::Language;
use rusqlite::{Connection, named_params};

use crate::row::{blank_as_null, parsed_opt};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub id: Option<i64>,
    pub name: String,
    /// `billing`, `project` or `other` (checked by the schema and by the API).
    pub role: String,
    pub email: String,
    pub phone: String,
    pub language: Option<Language>,
    pub timezone: String,
}

/// Every contact's client and email address (empty when none), in one read: for lists over all
/// clients, which would otherwise read each client's contacts on its own.
pub fn emails_by_client(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    conn.prepare_cached("SELECT client_id, email FROM contacts")?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))?
        .collect()
}

pub fn list_for_client(conn: &Connection, client_id: i64) -> rusqlite::Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM contacts WHERE client_id = ?1 ORDER BY position, id")?;
    stmt.query_map([client_id], |r| {
        let text = |c: &str| r.get::<_, Option<String>>(c).map(Option::unwrap_or_default);
        Ok(Contact {
            id: Some(r.get("id")?),
            name: r.get("name")?,
            role: r.get("role")?,
            email: text("email")?,
            phone: text("phone")?,
            language: parsed_opt(r, "language")?,
            timezone: text("timezone")?,
        })
    })?
    .collect()
}

/// Makes the client's contacts exactly `contacts`, in that order: rows with a known id are
/// updated (their ids, and so any history pointing at them, are kept), new ones inserted, the
/// rest deleted. Call inside the transaction that saves the client.
pub fn replace_for_client(conn: &Connection, client_id: i64, contacts: &[Contact]) -> rusqlite::Result<()> {
    let keep: Vec<i64> = contacts.iter().filter_map(|c| c.id).collect();
    let existing: Vec<i64> = conn
        .prepare_cached("SELECT id FROM contacts WHERE client_id = ?1")?
        .query_map([client_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in existing.into_iter().filter(|id| !keep.contains(id)) {
        conn.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
    }
    for (position, c) in contacts.iter().enumerate() {
        let params = named_params! {
            ":id": c.id,
            ":client_id": client_id,
            ":position": i64::try_from(position).unwrap_or(i64::MAX),
            ":name": c.name.trim(),
            ":role": c.role,
            ":email": blank_as_null(&c.email),
            ":phone": blank_as_null(&c.phone),
            ":language": c.language.map(Language::code),
            ":timezone": blank_as_null(&c.timezone),
        };
        let updated = c.id.is_some()
            && conn.execute(
                "UPDATE contacts SET position = :position, name = :name, role = :role, email = :email,
                        phone = :phone, language = :language, timezone = :timezone
                 WHERE id = :id AND client_id = :client_id",
                params,
            )? == 1;
        if !updated {
            conn.prepare_cached(
                "INSERT INTO contacts (client_id, position, name, role, email, phone, language, timezone)
                 VALUES (:client_id, :position, :name, :role, :email, :phone, :language, :timezone)",
            )?
            .execute(&params[1..])?;
        }
    }
    Ok(())
}
