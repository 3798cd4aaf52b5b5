-- The mailbox: what Duly read from the user's inbox and what it learnt.
--
-- Every message Duly looked at, by Message-ID (without angle brackets), so a message read twice
-- (a second poll, a new UIDVALIDITY, the same mail in two folders) is applied once. `class` is
-- what it was (reply, from_contact, bounce, auto_reply, unrelated); unrelated ones are kept too,
-- so they are not parsed again. No body is stored: the timeline line holds the first lines.
CREATE TABLE mailbox_seen (
    message_id TEXT    PRIMARY KEY,
    class      TEXT    NOT NULL CHECK (class IN ('reply', 'from_contact', 'bounce', 'auto_reply', 'unrelated')),
    client_id  INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    seen_at    TEXT    NOT NULL
) STRICT;

-- Addresses a bounce said cannot receive mail. Kept by address rather than on `contacts`,
-- whose rows are replaced when a client is edited: the mark survives an edit and is lifted
-- only by deleting the row (a corrected address is a different one).
CREATE TABLE undeliverable_addresses (
    email      TEXT    PRIMARY KEY COLLATE NOCASE,
    since      TEXT    NOT NULL,
    -- The bounce's Message-ID and the original message's, for the user to look up.
    detail     TEXT    NOT NULL DEFAULT ''
) STRICT;
