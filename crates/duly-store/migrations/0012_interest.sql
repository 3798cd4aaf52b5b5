-- The law behind a demand (issue 16).
--
-- client_law: which law governs a client's contracts when it is not the business's own country
-- (ISO 3166-1 alpha-2, 'EU' for the late-payment directive's minimum; NULL = the business's),
-- and whether the client is a private person (statutory B2B interest and fixed sums do not
-- apply to consumers). No row: a business under the business's own law.
CREATE TABLE client_law (
    client_id      INTEGER PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    jurisdiction   TEXT CHECK (jurisdiction IS NULL OR length(jurisdiction) = 2),
    private_person INTEGER NOT NULL DEFAULT 0 CHECK (private_person IN (0, 1)),
    updated_at     TEXT NOT NULL
);

-- Reference rates the user added, with where they were published, merged over the table bundled
-- with Duly (assets/law/reference_rates.csv): one per series and effective day.
CREATE TABLE reference_rates (
    id         INTEGER PRIMARY KEY,
    series     TEXT NOT NULL,
    effective  TEXT NOT NULL,
    rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN -10000 AND 10000),
    source     TEXT NOT NULL CHECK (length(trim(source)) > 0),
    created_at TEXT NOT NULL,
    UNIQUE (series, effective)
);
