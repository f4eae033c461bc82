-- Sessions end after a period without use (SESSION_IDLE_MINUTES), as well as at their
-- absolute expiry: the last time a session was used, to the minute.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
