-- Whether a set of payment terms claims what the law gives on a late invoice (statutory interest
-- and the fixed compensation, issue 16), resolved with the rest of the set (invoice, else client,
-- else business). On by default, so terms saved before this version keep claiming it.
ALTER TABLE terms ADD COLUMN claim_statutory INTEGER NOT NULL DEFAULT 1 CHECK (claim_statutory IN (0, 1));
