-- Schema v6: the ladder reminds per instalment of an agreed plan. The same step (the built-in
-- `instalment_due`, or any step anchored on `instalment`) is done once *per instalment*, so a
-- history row may name the plan and the instalment it was about; the "done or skipped once"
-- index now counts per (step, plan, instalment). Rows of the invoice's own steps leave both NULL
-- and keep the old meaning: once per invoice and step.
-- rusqlite_migration runs this file in one transaction.

ALTER TABLE followups ADD COLUMN plan_id INTEGER REFERENCES instalment_plans (id) ON DELETE CASCADE;
ALTER TABLE followups ADD COLUMN instalment INTEGER
    CHECK (instalment IS NULL OR (instalment > 0 AND plan_id IS NOT NULL));

DROP INDEX followups_once;
CREATE UNIQUE INDEX followups_once ON followups (invoice_id, step_id, ifnull(plan_id, 0), ifnull(instalment, 0))
    WHERE outcome IN ('done', 'skipped');

-- Steps may now be anchored on each instalment's date, and have the purpose of reminding of
-- one. SQLite cannot change a CHECK constraint in place: the table is rebuilt with the wider
-- ones and its rows copied unchanged (nothing references it).
CREATE TABLE ladder_steps_v6 (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    step_id     TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('remove', 'change', 'add')),
    anchor      TEXT    CHECK (anchor IS NULL OR anchor IN ('sent', 'due', 'instalment')),
    offset_days INTEGER CHECK (offset_days IS NULL OR offset_days BETWEEN -365 AND 365),
    channel     TEXT    CHECK (channel IS NULL OR channel IN ('email', 'phone', 'letter_email')),
    tone        TEXT    CHECK (tone IS NULL OR tone IN ('friendly', 'polite', 'firm', 'formal')),
    purpose     TEXT    CHECK (purpose IS NULL OR purpose IN
                    ('receipt_check', 'before_due', 'reminder', 'call', 'escalate', 'service_pause', 'final_demand',
                     'instalment_due')),
    template    TEXT,
    position    INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT    NOT NULL,
    CHECK (action <> 'add' OR (anchor IS NOT NULL AND offset_days IS NOT NULL AND channel IS NOT NULL
                               AND tone IS NOT NULL AND purpose IS NOT NULL AND template IS NOT NULL)),
    CHECK (action <> 'remove' OR (anchor IS NULL AND offset_days IS NULL AND channel IS NULL
                                  AND tone IS NULL AND purpose IS NULL AND template IS NULL))
) STRICT;
INSERT INTO ladder_steps_v6 (id, client_id, step_id, action, anchor, offset_days, channel, tone, purpose, template, position, updated_at)
    SELECT id, client_id, step_id, action, anchor, offset_days, channel, tone, purpose, template, position, updated_at
    FROM ladder_steps;
DROP TABLE ladder_steps;
ALTER TABLE ladder_steps_v6 RENAME TO ladder_steps;
CREATE UNIQUE INDEX ladder_steps_once ON ladder_steps (ifnull(client_id, 0), step_id, action);
