-- Schema v2: indexes for the aging dashboard and the "today" follow-up list. No table changes.
--
-- Aging reads every open (sent or partly paid) invoice and, for days sales outstanding, the paid
-- invoices issued in the last 90 days. Both indexes below are partial and *covering*: they hold
-- every column those reads select (the rowid is in every index), so SQLite answers from the
-- index alone, never touching the wide table rows (numbers, notes, timestamps). They stay small:
-- only open invoices are in the first, only paid ones in the second.

-- Open invoices, client first so that aging for one client is a seek, not a scan. The query's
-- `WHERE status IN ('sent', 'partly_paid')` must repeat this clause word for word for SQLite to
-- use the index.
CREATE INDEX invoices_open_aging
    ON invoices (client_id, currency, due_date, issue_date, total_minor, paid_minor, status)
    WHERE status IN ('sent', 'partly_paid');

-- Paid invoices by issue date: what was invoiced in a window (the sales DSO divides by) without
-- scanning years of settled invoices.
CREATE INDEX invoices_paid_by_issue_date
    ON invoices (issue_date, client_id, currency, due_date, total_minor, paid_minor)
    WHERE status = 'paid';
