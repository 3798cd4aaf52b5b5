-- Schema v3: the outbox (every email Duly sends, with its attachments) and a small key-value
-- table for settings that are not part of the business profile (the SMTP account as JSON).
-- Passwords are never stored here: they live in the OS keychain.

CREATE TABLE settings (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- One row per message. `message_json` is duly-mail's OutgoingMessage without its attachments
-- (those are in outbox_attachments), so a resend is built from the same data with the same
-- Message-ID. `state` follows duly-mail's state machine; a row still 'sending' when a sender
-- starts means the previous one died mid-send and it becomes 'unsure', never resent silently.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    invoice_id      INTEGER REFERENCES invoices (id),
    client_id       INTEGER REFERENCES clients (id),
    kind            TEXT    NOT NULL,
    message_id      TEXT    NOT NULL UNIQUE,
    message_json    TEXT    NOT NULL,
    state           TEXT    NOT NULL
        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unsure', 'cancelled')),
    not_before      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error_kind TEXT,
    last_error_code INTEGER,
    last_error_text TEXT,
    sent_at         TEXT,
    sent_by         TEXT CHECK (sent_by IN ('server', 'user')),
    created_at      TEXT    NOT NULL,
    changed_at      TEXT    NOT NULL
) STRICT;
-- What the sender loop reads every few seconds: only queued rows, by when they are due.
CREATE INDEX outbox_due ON outbox (not_before) WHERE state = 'queued';
CREATE INDEX outbox_by_invoice ON outbox (invoice_id) WHERE invoice_id IS NOT NULL;

CREATE TABLE outbox_attachments (
    outbox_id    INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    filename     TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    PRIMARY KEY (outbox_id, position)
) STRICT;
