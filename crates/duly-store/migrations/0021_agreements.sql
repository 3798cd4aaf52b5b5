-- Agreements on the record: a kept document can be the signed contract with the client.
--
-- kind: 'document' (anything kept) or 'agreement' (the signed contract with payment terms,
--   which the client page shows and the demand letter cites).
-- signed_on: YYYY-MM-DD the agreement was signed; NULL for other documents.
-- terms: the user's summary of the payment terms it sets ("30 days net, 0.1 % a day late").
ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'document' CHECK (kind IN ('document', 'agreement'));
ALTER TABLE documents ADD COLUMN signed_on TEXT;
ALTER TABLE documents ADD COLUMN terms TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_by_invoice ON documents (invoice_id);
