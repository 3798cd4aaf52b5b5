-- Schema v1: the business, its clients and their contacts, invoices with lines, payments, and a
-- timeline of events per invoice. Money is integer minor units beside an ISO 4217 code; dates are
-- ISO 8601 calendar dates (YYYY-MM-DD); instants are RFC 3339 in UTC.

CREATE TABLE business (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    name               TEXT    NOT NULL,
    address            TEXT,
    tax_id             TEXT,
    email              TEXT,
    phone              TEXT,
    bank_name          TEXT,
    iban               TEXT,
    bic                TEXT,
    default_currency   TEXT    NOT NULL DEFAULT 'EUR',
    language           TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'id', 'ro')),
    payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
    updated_at         TEXT    NOT NULL
) STRICT;

CREATE TABLE clients (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    address    TEXT,
    tax_id     TEXT,
    language   TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'id', 'ro')),
    currency   TEXT NOT NULL,
    notes      TEXT,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX clients_by_name ON clients (name COLLATE NOCASE);

CREATE TABLE contacts (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL DEFAULT 0,
    name      TEXT    NOT NULL,
    role      TEXT    NOT NULL CHECK (role IN ('billing', 'project', 'other')),
    email     TEXT,
    phone     TEXT,
    language  TEXT CHECK (language IS NULL OR language IN ('en', 'id', 'ro')),
    timezone  TEXT
) STRICT;
CREATE INDEX contacts_by_client ON contacts (client_id, position);

CREATE TABLE invoices (
    id             INTEGER PRIMARY KEY,
    -- One business per database today; the column keeps "number is unique per business" explicit.
    business_id    INTEGER NOT NULL DEFAULT 1,
    number         TEXT    NOT NULL CHECK (length(trim(number)) > 0),
    client_id      INTEGER NOT NULL REFERENCES clients (id),
    issue_date     TEXT    NOT NULL,
    due_date       TEXT    NOT NULL,
    currency       TEXT    NOT NULL,
    tax_rate       INTEGER NOT NULL DEFAULT 0, -- hundredths of a percent: 1900 = 19 %
    subtotal_minor INTEGER NOT NULL,
    tax_minor      INTEGER NOT NULL,
    total_minor    INTEGER NOT NULL,
    -- Always the sum of this invoice's payments, kept in the same transaction as every payment
    -- so that lists and aging over 100k invoices need no join.
    paid_minor     INTEGER NOT NULL DEFAULT 0,
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'sent', 'partly_paid', 'paid', 'void')),
    notes          TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    UNIQUE (business_id, number)
) STRICT;
CREATE INDEX invoices_by_client ON invoices (client_id);
CREATE INDEX invoices_by_due_date ON invoices (due_date);
CREATE INDEX invoices_by_status_due ON invoices (status, due_date);

CREATE TABLE invoice_lines (
    id               INTEGER PRIMARY KEY,
    invoice_id       INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    description      TEXT    NOT NULL,
    quantity_milli   INTEGER NOT NULL CHECK (quantity_milli >= 0), -- thousandths: 1500 = 1.5
    unit_price_minor INTEGER NOT NULL,
    amount_minor     INTEGER NOT NULL
) STRICT;
CREATE INDEX invoice_lines_by_invoice ON invoice_lines (invoice_id, position);

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    paid_on      TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    method       TEXT,
    note         TEXT,
    created_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX payments_by_invoice ON payments (invoice_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    at         TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX events_by_invoice ON events (invoice_id, at);
