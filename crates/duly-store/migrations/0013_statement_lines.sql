-- Bank statement lines already dealt with, by the stable id the importer gives each line (the
-- bank's reference for it, or a hash of account, date, amount, payer and text): importing the
-- same statement twice records nothing twice. `outcome` is 'paid' (payments were recorded from
-- it, their note names the line) or 'ignored' (the user said it pays no invoice).
CREATE TABLE statement_lines (
    id           INTEGER PRIMARY KEY,
    line_id      TEXT    NOT NULL UNIQUE,
    file         TEXT    NOT NULL,
    booked_on    TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT    NOT NULL,
    payer        TEXT,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('paid', 'ignored')),
    imported_at  TEXT    NOT NULL
) STRICT;
