-- Credit notes (issue 18): a numbered correction of an issued invoice, full or partial.
--
-- The credit is netted against the invoice as a settlement row in `payments` (method
-- 'credit_note'), so `invoices.paid_minor` stays the sum of that invoice's payments and every
-- open-amount rule (Today, aging, the list) sees the invoice reduced or settled with no change.
-- `payment_id` ties the two; `source` says whether Duly issued it or an imported file held it.
CREATE TABLE credit_notes (
    id           INTEGER PRIMARY KEY,
    number       TEXT    NOT NULL UNIQUE CHECK (length(trim(number)) > 0),
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    issue_date   TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    reason       TEXT    NOT NULL,
    payment_id   INTEGER REFERENCES payments (id) ON DELETE SET NULL,
    source       TEXT    NOT NULL DEFAULT 'duly' CHECK (source IN ('duly', 'import')),
    created_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX credit_notes_by_invoice ON credit_notes (invoice_id);
