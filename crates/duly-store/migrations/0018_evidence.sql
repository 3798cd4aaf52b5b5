-- Evidence: what exactly went out, and the files a user keeps with a client or an invoice.
--
-- outbox_sent: the bytes an SMTP server accepted for an outbox message, and its reply to the
--   end of DATA. The Date: header is only fixed at sending, so message_json cannot rebuild
--   them; the evidence pack's .eml files are these bytes. Messages sent before this migration
--   have no row, and the pack says so instead of rebuilding one.
-- documents: a signed agreement, an order, a delivery proof. The file is copied into Duly's
--   data folder (stored_name, relative to it), and its SHA-256 recorded when it was added.
CREATE TABLE outbox_sent (
    outbox_id INTEGER NOT NULL PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    mime      BLOB    NOT NULL,
    sha256    TEXT    NOT NULL,
    reply     TEXT    NOT NULL
) STRICT;

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id),
    invoice_id  INTEGER REFERENCES invoices (id),
    file_name   TEXT    NOT NULL,
    stored_name TEXT    NOT NULL UNIQUE,
    size        INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    added_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX documents_by_client ON documents (client_id);
