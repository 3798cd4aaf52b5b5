-- Recurring invoices and deposits (issue 18).
--
-- A schedule issues an invoice per period (every month or quarter, on a day of the month) from
-- its own lines. `recurring_issued` is keyed by (schedule, period): a period is issued at most
-- once whatever runs it (the app's sender, `duly recurring run`, two processes racing), and its
-- `send` column remembers an automatic send still to queue, so a crash between issuing and
-- queueing is finished by the next run instead of forgotten.
CREATE TABLE recurring_schedules (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    currency     TEXT    NOT NULL,
    tax_rate     INTEGER NOT NULL DEFAULT 0,
    -- The lines as typed (description, quantity, unit price in the machine form), JSON.
    lines_json   TEXT    NOT NULL,
    notes        TEXT    NOT NULL DEFAULT '',
    every        TEXT    NOT NULL CHECK (every IN ('month', 'quarter')),
    day_of_month INTEGER NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
    next_date    TEXT    NOT NULL,
    end_date     TEXT,
    max_count    INTEGER CHECK (max_count IS NULL OR max_count > 0),
    auto_send    INTEGER NOT NULL DEFAULT 0 CHECK (auto_send IN (0, 1)),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX recurring_schedules_by_client ON recurring_schedules (client_id);

CREATE TABLE recurring_issued (
    schedule_id INTEGER NOT NULL REFERENCES recurring_schedules (id) ON DELETE CASCADE,
    period      TEXT    NOT NULL,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    send        TEXT    NOT NULL DEFAULT 'no' CHECK (send IN ('no', 'pending', 'queued', 'failed')),
    send_error  TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (schedule_id, period)
) STRICT;
CREATE INDEX recurring_issued_pending ON recurring_issued (invoice_id) WHERE send = 'pending';

-- A deposit (advance) invoice, and the final invoice that deducted it (once).
CREATE TABLE deposits (
    invoice_id          INTEGER PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
    deducted_on_invoice INTEGER REFERENCES invoices (id) ON DELETE SET NULL
) STRICT;
