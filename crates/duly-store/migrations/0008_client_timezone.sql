-- Where a client is: its country (ISO 3166-1 alpha-2, e.g. 'ID') and the IANA time zone its
-- business hours are read in (e.g. 'Asia/Jakarta'), guessed from the country and editable.
-- NULL when unknown; a contact's own zone still wins for messages addressed to that contact.
ALTER TABLE clients ADD COLUMN country TEXT CHECK (country IS NULL OR length(country) = 2);
ALTER TABLE clients ADD COLUMN timezone TEXT;
