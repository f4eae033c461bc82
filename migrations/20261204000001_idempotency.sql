-- Exactly-once creates: a POST sent with an `Idempotency-Key` header is recorded per caller
-- with a hash of the request; a repeat gets the first answer back instead of acting again.
-- `status` is NULL while the first request is being worked on. Kept at least 24 hours.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    body TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
