-- A second sign-in factor (TOTP, RFC 6238) for staff and admins, with one-time recovery codes.
-- Portable: TEXT ids, BIGINT Unix-millisecond times, BIGINT 0/1 flags.

-- An admin may require it of the company's staff too (admins always need it unless the
-- server runs with ADMIN_TOTP_REQUIRED=0).
ALTER TABLE companies ADD COLUMN require_staff_totp BIGINT NOT NULL DEFAULT 0;

-- One authenticator per user: pending (enabled_at NULL) from the start of enrolment until a
-- code confirms it. The base32 secret is shown once, at enrolment, and never sent again.
-- last_step is the newest 30-second time step whose code was accepted: a code works once.
CREATE TABLE user_totp (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    secret TEXT NOT NULL,
    enabled_at BIGINT,
    last_step BIGINT,
    created_at BIGINT NOT NULL
);

-- Ten one-time recovery codes per enrolment, stored only as SHA-256 hashes.
CREATE TABLE totp_recovery_codes (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX totp_recovery_codes_user ON totp_recovery_codes(user_id, code_hash);

-- A password sign-in waiting for its second factor: the cookie holds a random token, the
-- table only its SHA-256; it lives 5 minutes and allows a few tries.
CREATE TABLE totp_challenges (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX totp_challenges_user ON totp_challenges(user_id);
