-- Schema v5: phone calls with clients, and what was agreed on them: promises to pay and
-- instalment plans with their dated instalments. Money is integer minor units of the invoice's
-- currency; dates are YYYY-MM-DD; instants are RFC 3339 in UTC.

-- One row per call. A call is about one invoice or about a client in general (invoice_id NULL).
-- `contact_name` and `phone` are what was dialled, kept as written at the time: the contact may
-- later be edited or removed (contact_id then becomes NULL) and the log is evidence of who was
-- called when.
CREATE TABLE calls (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    invoice_id       INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    contact_id       INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    contact_name     TEXT,
    phone            TEXT,
    called_on        TEXT    NOT NULL,
    -- Local time of day (HH:MM) when the user gave one.
    called_time      TEXT,
    duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
    outcome          TEXT    NOT NULL CHECK (outcome IN
        ('reached', 'no_answer', 'voicemail', 'wrong_number', 'disputed', 'promised', 'agreed_plan')),
    notes            TEXT,
    next_follow_up   TEXT,
    created_at       TEXT    NOT NULL
) STRICT;
CREATE INDEX calls_by_invoice ON calls (invoice_id, called_on) WHERE invoice_id IS NOT NULL;
CREATE INDEX calls_by_client ON calls (client_id, called_on);
CREATE INDEX calls_by_day ON calls (called_on);

-- A promise to pay `amount_minor` by `pay_by`, made on `made_on` (usually on a call).
CREATE TABLE promises (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    call_id      INTEGER REFERENCES calls (id) ON DELETE SET NULL,
    made_on      TEXT    NOT NULL,
    pay_by       TEXT    NOT NULL CHECK (pay_by >= made_on),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    created_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX promises_by_invoice ON promises (invoice_id, made_on);

-- An instalment plan for what was due on an invoice when it was agreed.
CREATE TABLE instalment_plans (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    call_id      INTEGER REFERENCES calls (id) ON DELETE SET NULL,
    made_on      TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    every_days   INTEGER NOT NULL CHECK (every_days > 0),
    created_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX instalment_plans_by_invoice ON instalment_plans (invoice_id, made_on);

CREATE TABLE instalments (
    plan_id      INTEGER NOT NULL REFERENCES instalment_plans (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL CHECK (number > 0),
    due_on       TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    PRIMARY KEY (plan_id, number)
) STRICT, WITHOUT ROWID;
