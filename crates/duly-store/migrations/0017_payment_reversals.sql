-- Payments taken back ("entered by mistake", "the transfer bounced"). The payment row leaves
-- `payments`, so every sum and status that reads payments stays as it is; its copy and the reason
-- stay here, so the timeline can say what was reversed and a second reversal is refused by name.
-- No foreign key to `payments`: the row it names is gone by design.
CREATE TABLE payment_reversals (
    payment_id   INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    paid_on      TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    method       TEXT,
    note         TEXT,
    reason       TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    reversed_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX payment_reversals_by_invoice ON payment_reversals (invoice_id);
