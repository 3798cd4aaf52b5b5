-- Per-client reminder settings, and which invoices one outbox message is about.
--
-- clients.reminders_off: the client gets no reminders at all (issue 18 §3). Until now that was
--   stored as every step removed from the client's own ladder; such clients are moved to the
--   flag below and their removal rows dropped, so switching reminders back on gives the usual
--   schedule.
-- clients.combined_reminders: when two or more of the client's invoices are due for a reminder
--   the same day, Today offers one message listing them all (issue 18 §1), off by default.
-- outbox_invoices: the invoices a message covers (a combined reminder lists several), with the
--   step recorded for each and the amount the message states, so the sender's claim re-checks
--   every one of them and a changed amount stops a stale list.
ALTER TABLE clients ADD COLUMN reminders_off INTEGER NOT NULL DEFAULT 0 CHECK (reminders_off IN (0, 1));
ALTER TABLE clients ADD COLUMN combined_reminders INTEGER NOT NULL DEFAULT 0 CHECK (combined_reminders IN (0, 1));

CREATE TABLE outbox_invoices (
    outbox_id       INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    invoice_id      INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    step_id         TEXT    NOT NULL,
    -- What the message says is still owed on the invoice, in its currency's minor units.
    amount_due_minor INTEGER NOT NULL,
    PRIMARY KEY (outbox_id, invoice_id)
) STRICT;
CREATE INDEX outbox_invoices_by_invoice ON outbox_invoices (invoice_id);

-- "All steps removed": the client's own rows are all removals, and they remove every step the
-- business's ladder has (Duly's default steps less the business's removals, plus its additions).
WITH default_steps (step_id) AS (
    VALUES ('receipt_check'), ('before_due'), ('overdue_1'), ('overdue_7'), ('call'), ('escalate'),
           ('service_pause'), ('final_demand'), ('instalment_due')
),
business_steps (step_id) AS (
    SELECT step_id FROM default_steps
     WHERE step_id NOT IN (SELECT step_id FROM ladder_steps WHERE client_id IS NULL AND action = 'remove')
    UNION
    SELECT step_id FROM ladder_steps WHERE client_id IS NULL AND action = 'add'
),
all_removed (client_id) AS (
    SELECT DISTINCT own.client_id FROM ladder_steps own
     WHERE own.client_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM ladder_steps o WHERE o.client_id = own.client_id AND o.action <> 'remove')
       AND NOT EXISTS (
           SELECT 1 FROM business_steps b
            WHERE b.step_id NOT IN (SELECT r.step_id FROM ladder_steps r WHERE r.client_id = own.client_id))
)
UPDATE clients SET reminders_off = 1 WHERE id IN (SELECT client_id FROM all_removed);

DELETE FROM ladder_steps WHERE client_id IN (SELECT id FROM clients WHERE reminders_off = 1);
