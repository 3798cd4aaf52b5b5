-- The day the invoice itself reached the client (issue 18): set when Duly's outbox sent it, or
-- when the user marks an imported or older invoice "sent on DATE". The ladder's "sent + N" steps
-- count from it; without one they count from the issue date, as before.
ALTER TABLE invoices ADD COLUMN sent_on TEXT CHECK (sent_on IS NULL OR sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
