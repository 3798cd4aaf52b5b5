-- Invoices to review and demo records.
--
-- `invoices.review`: NULL for an invoice Duly may chase; otherwise why it must be confirmed
-- first, as `field: reason` lines (an imported invoice whose seller is not the business, one read
-- from a PDF by heuristics). Such an invoice is not owed, not on Today and never reminded until
-- the user confirms it (which sets the column back to NULL).
ALTER TABLE invoices ADD COLUMN review TEXT;

-- `clients.demo`: 1 for a client invented by `demo_load`. The outbox refuses every message
-- addressed for such a client, and the app shows that the database holds demo data.
ALTER TABLE clients ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;

-- The aging / Today index of migration 0002, now without invoices to review: the hot queries
-- repeat this WHERE word for word (SQLite requires it to use a partial index). `review` is a
-- column too, always NULL here (one byte a row), so that the index still covers the queries.
DROP INDEX invoices_open_aging;
CREATE INDEX invoices_open_aging
    ON invoices (client_id, currency, due_date, issue_date, total_minor, paid_minor, status, review)
    WHERE status IN ('sent', 'partly_paid') AND review IS NULL;
