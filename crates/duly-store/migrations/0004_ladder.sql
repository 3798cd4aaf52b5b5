-- Schema v4: the follow-up ladder's state. The steps themselves are duly-core's default cadence;
-- the database keeps only what the user changed, what happened on each invoice, and the terms.
-- Promises to pay and instalment plans are the calls migration's (0005), not this one's.

-- How the business's ladder (client_id NULL) or one client's differs from the one below it: one
-- row per step removed, changed or added. Columns other than step_id are NULL when a change
-- keeps what the step had. Words are duly-core's (ladder::Anchor, Channel, Tone, Purpose).
CREATE TABLE ladder_steps (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    step_id     TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('remove', 'change', 'add')),
    anchor      TEXT    CHECK (anchor IS NULL OR anchor IN ('sent', 'due')),
    offset_days INTEGER CHECK (offset_days IS NULL OR offset_days BETWEEN -365 AND 365),
    channel     TEXT    CHECK (channel IS NULL OR channel IN ('email', 'phone', 'letter_email')),
    tone        TEXT    CHECK (tone IS NULL OR tone IN ('friendly', 'polite', 'firm', 'formal')),
    purpose     TEXT    CHECK (purpose IS NULL OR purpose IN
                    ('receipt_check', 'before_due', 'reminder', 'call', 'escalate', 'service_pause', 'final_demand')),
    template    TEXT,
    -- Added steps keep the order the user gave them.
    position    INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT    NOT NULL,
    -- An added step is complete; a removal carries nothing.
    CHECK (action <> 'add' OR (anchor IS NOT NULL AND offset_days IS NOT NULL AND channel IS NOT NULL
                               AND tone IS NOT NULL AND purpose IS NOT NULL AND template IS NOT NULL)),
    CHECK (action <> 'remove' OR (anchor IS NULL AND offset_days IS NULL AND channel IS NULL
                                  AND tone IS NULL AND purpose IS NULL AND template IS NULL))
) STRICT;
CREATE UNIQUE INDEX ladder_steps_once ON ladder_steps (ifnull(client_id, 0), step_id, action);

-- What happened to each step on each invoice. A step done or skipped is final: the partial
-- unique index makes "never sent twice" a property of the file, not only of the code. A step
-- may be postponed any number of times before that.
CREATE TABLE followups (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    step_id    TEXT    NOT NULL,
    outcome    TEXT    NOT NULL CHECK (outcome IN ('done', 'skipped', 'postponed')),
    on_date    TEXT    NOT NULL,
    until_date TEXT,
    -- The message sent for it, if any (a call or a skip has none).
    outbox_id  INTEGER REFERENCES outbox (id),
    created_at TEXT    NOT NULL,
    CHECK ((outcome = 'postponed') = (until_date IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX followups_once ON followups (invoice_id, step_id) WHERE outcome IN ('done', 'skipped');
CREATE INDEX followups_by_invoice ON followups (invoice_id, on_date);

-- A pause the user set on an invoice: no follow-up through `until_date` (inclusive).
CREATE TABLE ladder_pauses (
    invoice_id INTEGER PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
    until_date TEXT NOT NULL,
    note       TEXT,
    created_at TEXT NOT NULL
) STRICT;

-- Payment terms: the business's default (both ids NULL), a client's, or one invoice's. Only the
-- most specific set applies, whole (duly-core ladder::Terms::resolve).
-- late_fee_value: minor units for 'fixed', hundredths of a percent for the other two.
CREATE TABLE terms (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    invoice_id     INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    late_fee_kind  TEXT    CHECK (late_fee_kind IS NULL OR late_fee_kind IN ('fixed', 'percent', 'interest_per_year')),
    late_fee_value INTEGER CHECK (late_fee_value IS NULL OR late_fee_value >= 0),
    discount_rate  INTEGER CHECK (discount_rate IS NULL OR discount_rate BETWEEN 0 AND 10000),
    discount_days  INTEGER CHECK (discount_days IS NULL OR discount_days BETWEEN 1 AND 365),
    updated_at     TEXT    NOT NULL,
    CHECK (client_id IS NULL OR invoice_id IS NULL),
    CHECK ((late_fee_kind IS NULL) = (late_fee_value IS NULL)),
    CHECK ((discount_rate IS NULL) = (discount_days IS NULL))
) STRICT;
CREATE UNIQUE INDEX terms_scope ON terms (ifnull(client_id, 0), ifnull(invoice_id, 0));

-- Clients on credit hold (cash only / prepay): a row exists while the hold lasts.
CREATE TABLE credit_holds (
    client_id INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    since     TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

-- Templates the user rewrote, for everyone (client_id NULL) or for one client, per language.
-- Built-in wording (duly-messages) applies wherever there is no row.
CREATE TABLE message_templates (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    language    TEXT NOT NULL CHECK (language IN ('en', 'id', 'ro')),
    subject     TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX message_templates_key ON message_templates (ifnull(client_id, 0), template_id, language);
