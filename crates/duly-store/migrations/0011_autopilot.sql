-- Autopilot: ladder steps that go out without a click, inside the same outbox and its guard.
--
-- Whether autopilot is on, since when and which preview the user confirmed live in `settings`
-- (key `autopilot`, JSON written by duly-api), so they travel with backups like other settings.

-- Who sends each step: 'auto' (autopilot queues it) or 'draft' (it waits on Today for a click).
-- client_id NULL is the business's choice; a row with a client_id is that client's own choice,
-- read only while the client's mode is 'own'. A step without a row takes duly-core's default.
CREATE TABLE autopilot_steps (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    step_id    TEXT    NOT NULL,
    mode       TEXT    NOT NULL CHECK (mode IN ('auto', 'draft')),
    updated_at TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX autopilot_steps_once ON autopilot_steps (ifnull(client_id, 0), step_id);

-- A client's own autopilot mode: 'off' (everything is a draft for this client) or 'own' (its
-- rows in autopilot_steps, else the business's). No row: the business's choices.
CREATE TABLE autopilot_clients (
    client_id  INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    mode       TEXT    NOT NULL CHECK (mode IN ('off', 'own')),
    updated_at TEXT    NOT NULL
) STRICT;

-- Why autopilot stopped, until the user looks (`cleared_at` set by "resume"). scope 'global'
-- stops every automatic message (an SMTP failure, the SMTP account or the business profile
-- changed); 'client' and 'invoice' stop only theirs (a reply, a bounce, a payment, a promise).
CREATE TABLE autopilot_stops (
    id         INTEGER PRIMARY KEY,
    scope      TEXT    NOT NULL CHECK (scope IN ('global', 'client', 'invoice')),
    client_id  INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    invoice_id INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    reason     TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT '',
    at         TEXT    NOT NULL,
    cleared_at TEXT,
    CHECK (scope <> 'global' OR (client_id IS NULL AND invoice_id IS NULL)),
    CHECK (scope <> 'client' OR (client_id IS NOT NULL AND invoice_id IS NULL)),
    CHECK (scope <> 'invoice' OR invoice_id IS NOT NULL)
) STRICT;
CREATE INDEX autopilot_stops_active ON autopilot_stops (scope, client_id, invoice_id) WHERE cleared_at IS NULL;

-- Marks: a message autopilot queued, and the timeline lines it caused ("sent by autopilot").
ALTER TABLE outbox ADD COLUMN autopilot INTEGER NOT NULL DEFAULT 0 CHECK (autopilot IN (0, 1));
ALTER TABLE events ADD COLUMN by_autopilot INTEGER NOT NULL DEFAULT 0 CHECK (by_autopilot IN (0, 1));

-- One automatic message can cover several invoices of a client: each invoice's step record
-- points at it, and the guard finds a message's invoices through this index.
CREATE INDEX followups_by_outbox ON followups (outbox_id) WHERE outbox_id IS NOT NULL;
