//! The `message_templates` table: reminder and call-summary wording the user rewrote, for every
//! client or for one, per language. Where there is no row, duly-messages' built-in text applies.

use duly_core::Language;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use crate::row::parsed;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTemplate {
    /// `None`: the business's own wording for every client.
    pub client_id: Option<i64>,
    pub template_id: String,
    pub language: Language,
    pub subject: String,
    pub body: String,
    pub updated_at: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredTemplate> {
    Ok(StoredTemplate {
        client_id: r.get("client_id")?,
        template_id: r.get("template_id")?,
        language: parsed(r, "language")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Saves a template (the caller has validated it with duly-messages first).
pub fn set(conn: &Connection, t: &StoredTemplate) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM message_templates WHERE client_id IS ?1 AND template_id = ?2 AND language = ?3")?
        .execute(rusqlite::params![t.client_id, t.template_id, t.language.code()])?;
    conn.prepare_cached(
        "INSERT INTO message_templates (client_id, template_id, language, subject, body, updated_at)
         VALUES (:client_id, :template_id, :language, :subject, :body, :updated_at)",
    )?
    .execute(named_params! {
        ":client_id": t.client_id,
        ":template_id": t.template_id,
        ":language": t.language.code(),
        ":subject": t.subject.trim(),
        ":body": t.body,
        ":updated_at": t.updated_at,
    })?;
    Ok(())
}

/// Goes back to the wording below (the business's, or the built-in). False when nothing was saved.
pub fn delete(
    conn: &Connection,
    client_id: Option<i64>,
    template_id: &str,
    language: Language,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM message_templates WHERE client_id IS ?1 AND template_id = ?2 AND language = ?3")?
        .execute(rusqlite::params![client_id, template_id, language.code()])?;
    Ok(n == 1)
}

/// The wording that applies for a client: the client's own, else the business's; `None` means
/// the built-in text.
pub fn find(
    conn: &Connection,
    client_id: Option<i64>,
    template_id: &str,
    language: Language,
) -> rusqlite::Result<Option<StoredTemplate>> {
    conn.prepare_cached(
        "SELECT * FROM message_templates
         WHERE (client_id IS ?1 OR client_id IS NULL) AND template_id = ?2 AND language = ?3
         ORDER BY client_id IS NULL LIMIT 1",
    )?
    .query_row(rusqlite::params![client_id, template_id, language.code()], from_row)
    .optional()
}

/// Every saved template, the business's first, for the Settings page.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<StoredTemplate>> {
    conn.prepare_cached(
        "SELECT * FROM message_templates ORDER BY client_id IS NOT NULL, client_id, template_id, language",
    )?
    .query_map([], from_row)?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder_fixtures::{client, store};

    fn t(client_id: Option<i64>, subject: &str) -> StoredTemplate {
        StoredTemplate {
            client_id,
            template_id: "overdue_1".into(),
            language: Language::Ro,
            subject: subject.into(),
            body: "Bună ziua".into(),
            updated_at: "t".into(),
        }
    }

    #[test]
    fn a_clients_wording_beats_the_business_which_beats_the_builtin() {
        let store = store();
        let conn = store.conn();
        let (acme, other) = (client(conn, "Acme"), client(conn, "Other"));
        assert_eq!(find(conn, Some(acme), "overdue_1", Language::Ro).unwrap(), None);
        set(conn, &t(None, "Pentru toți")).unwrap();
        set(conn, &t(Some(acme), "Doar Acme")).unwrap();
        set(conn, &t(Some(acme), "Doar Acme, v2")).unwrap();
        assert_eq!(find(conn, Some(acme), "overdue_1", Language::Ro).unwrap().unwrap().subject, "Doar Acme, v2");
        assert_eq!(find(conn, Some(other), "overdue_1", Language::Ro).unwrap().unwrap().subject, "Pentru toți");
        assert_eq!(find(conn, None, "overdue_1", Language::Ro).unwrap().unwrap().subject, "Pentru toți");
        assert_eq!(find(conn, Some(acme), "overdue_1", Language::En).unwrap(), None);
        assert_eq!(list(conn).unwrap().len(), 2);
        assert!(delete(conn, Some(acme), "overdue_1", Language::Ro).unwrap());
        assert_eq!(find(conn, Some(acme), "overdue_1", Language::Ro).unwrap().unwrap().subject, "Pentru toți");
        let err = conn
            .execute("INSERT INTO message_templates (template_id, language, subject, body, updated_at) VALUES ('x', 'ro', ' ', '', 't')", [])
            .unwrap_err();
        assert!(err.to_string().contains("CHECK"), "{err}");
    }
}
