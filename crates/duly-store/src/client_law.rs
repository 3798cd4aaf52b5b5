//! The `client_law` table: the law governing a client's contracts when it differs from the
//! business's own, and whether the client is a private person.

use rusqlite::{Connection, OptionalExtension, named_params};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientLaw {
    /// ISO 3166-1 alpha-2 (or `EU`), `None` for the business's own country.
    pub jurisdiction: Option<String>,
    pub private_person: bool,
}

/// The client's row, or the default (the business's law, a business client) when it has none.
pub fn get(conn: &Connection, client_id: i64) -> rusqlite::Result<ClientLaw> {
    conn.prepare_cached("SELECT jurisdiction, private_person FROM client_law WHERE client_id = ?1")?
        .query_row([client_id], |r| Ok(ClientLaw { jurisdiction: r.get(0)?, private_person: r.get(1)? }))
        .optional()
        .map(Option::unwrap_or_default)
}

pub fn set(conn: &Connection, client_id: i64, law: &ClientLaw, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO client_law (client_id, jurisdiction, private_person, updated_at)
         VALUES (:client_id, :jurisdiction, :private_person, :now)
         ON CONFLICT (client_id) DO UPDATE SET jurisdiction = excluded.jurisdiction,
             private_person = excluded.private_person, updated_at = excluded.updated_at",
    )?
    .execute(named_params! {
        ":client_id": client_id,
        ":jurisdiction": law.jurisdiction,
        ":private_person": law.private_person,
        ":now": now,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_client_without_a_row_is_a_business_under_the_business_law() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        conn.execute(
            "INSERT INTO clients (name, language, currency, created_at) VALUES ('A', 'en', 'EUR', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        assert_eq!(get(conn, id).unwrap(), ClientLaw::default());
        let law = ClientLaw { jurisdiction: Some("GB".into()), private_person: true };
        set(conn, id, &law, "2026-01-02T00:00:00Z").unwrap();
        assert_eq!(get(conn, id).unwrap(), law);
        set(conn, id, &ClientLaw::default(), "2026-01-03T00:00:00Z").unwrap();
        assert_eq!(get(conn, id).unwrap(), ClientLaw::default());
        assert!(set(conn, id, &ClientLaw { jurisdiction: Some("GBR".into()), private_person: false }, "x").is_err());
    }
}
