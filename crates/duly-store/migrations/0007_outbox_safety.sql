-- Outbox safety: why a message was cancelled, messages held for review, and the identity of
-- the database a message was queued in.
--
-- cancel_reason: set when a message is cancelled (paid, voided, promise_pending, paused,
--   plan_on_track, step_done, user); NULL for messages cancelled before this migration.
-- held: set on a queued message that must not go out until the user says so (restored: the
--   database was restored from a backup, or opened as a copy somewhere else). The sender never
--   picks a held message; "send" clears it, "discard" cancels the message.
-- instance_id: the `instance_id` setting of the database the message was queued in. A restore
--   or a copy gets a new identity, so a queued message whose instance differs was queued
--   elsewhere and is held.
ALTER TABLE outbox ADD COLUMN cancel_reason TEXT;
ALTER TABLE outbox ADD COLUMN held TEXT;
ALTER TABLE outbox ADD COLUMN instance_id TEXT;

INSERT OR IGNORE INTO settings (key, value, updated_at)
VALUES ('instance_id', lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
UPDATE outbox SET instance_id = (SELECT value FROM settings WHERE key = 'instance_id');
