//! The `documents` table: files a user keeps with a client or one of its invoices (a signed
//! agreement, an order, a delivery proof). The bytes live in Duly's data folder under
//! `stored_name`; the row says what the file was called and its SHA-256 when it was added.

use rusqlite::{Connection, Row, params};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub client_id: i64,
    pub invoice_id: Option<i64>,
    pub file_name: String,
    pub stored_name: String,
    pub size: i64,
    pub sha256: String,
    pub note: String,
    pub added_at: String,
    /// `document`, or `agreement` for the signed contract (migration 0021).
    pub kind: String,
    /// YYYY-MM-DD the agreement was signed; `None` for other documents.
    pub signed_on: Option<String>,
    /// The user's summary of the agreement's payment terms; "" for other documents.
    pub terms: String,
}

/// The kind of a signed contract with the client.
pub const AGREEMENT: &str = "agreement";
/// The kind of any other kept document.
pub const DOCUMENT: &str = "document";

const COLUMNS: &str =
    "id, client_id, invoice_id, file_name, stored_name, size, sha256, note, added_at, kind, signed_on, terms";

fn read(r: &Row<'_>) -> rusqlite::Result<DocumentRow> {
    Ok(DocumentRow {
        id: r.get(0)?,
        client_id: r.get(1)?,
        invoice_id: r.get(2)?,
        file_name: r.get(3)?,
        stored_name: r.get(4)?,
        size: r.get(5)?,
        sha256: r.get(6)?,
        note: r.get(7)?,
        added_at: r.get(8)?,
        kind: r.get(9)?,
        signed_on: r.get(10)?,
        terms: r.get(11)?,
    })
}

/// Adds a row (`id` is ignored) and returns its id.
pub fn insert(conn: &Connection, d: &DocumentRow) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO documents (client_id, invoice_id, file_name, stored_name, size, sha256, note, added_at,
                                kind, signed_on, terms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        d.client_id,
        d.invoice_id,
        d.file_name,
        d.stored_name,
        d.size,
        d.sha256,
        d.note,
        d.added_at,
        d.kind,
        d.signed_on,
        d.terms
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A client's documents, its own and its invoices', oldest first.
pub fn list_for_client(conn: &Connection, client_id: i64) -> rusqlite::Result<Vec<DocumentRow>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM documents WHERE client_id = ?1 ORDER BY added_at, id"))?
        .query_map([client_id], read)?
        .collect()
}

/// One document by id.
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<DocumentRow>> {
    use rusqlite::OptionalExtension as _;
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM documents WHERE id = ?1"))?.query_row([id], read).optional()
}

/// Removes a document's row; the caller deletes its file once the transaction is committed.
pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(conn.prepare_cached("DELETE FROM documents WHERE id = ?1")?.execute([id])? == 1)
}

/// The client's signed agreement in force: the one signed last (then added last), if any.
pub fn agreement_for_client(conn: &Connection, client_id: i64) -> rusqlite::Result<Option<DocumentRow>> {
    use rusqlite::OptionalExtension as _;
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM documents WHERE client_id = ?1 AND kind = 'agreement'
         ORDER BY signed_on DESC, added_at DESC, id DESC LIMIT 1"
    ))?
    .query_row([client_id], read)
    .optional()
}
