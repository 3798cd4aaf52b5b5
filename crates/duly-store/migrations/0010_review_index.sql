-- Today names the invoices waiting for review (`invoices.review IS NOT NULL`, migration 0009) on
-- every load: this partial index holds only those few rows, so counting and listing them reads no
-- other invoice. The queries repeat this WHERE word for word (SQLite requires it to use a partial
-- index) and pin it with INDEXED BY.
CREATE INDEX invoices_to_review ON invoices (issue_date, number, status) WHERE review IS NOT NULL;
