-- Portable schema: runs unchanged on SQLite and PostgreSQL.
-- Ids are UUID text made by the server; times are Unix milliseconds (BIGINT);
-- calendar dates are ISO text (YYYY-MM-DD), which sorts correctly.

CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE crews (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT UNIQUE,
    email TEXT UNIQUE,
    password_hash TEXT,
    crew_id TEXT REFERENCES crews(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    title TEXT NOT NULL,
    address TEXT NOT NULL,
    stage TEXT NOT NULL,
    homeowner_id TEXT NOT NULL REFERENCES users(id),
    crew_id TEXT REFERENCES crews(id),
    start_date TEXT,
    planned_end_date TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX projects_homeowner ON projects(homeowner_id);
CREATE INDEX projects_crew ON projects(crew_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE auth_attempts (
    id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX auth_attempts_bucket ON auth_attempts(bucket, at);

CREATE TABLE otp_codes (
    id TEXT PRIMARY KEY,
    phone TEXT NOT NULL,
    purpose TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX otp_codes_phone ON otp_codes(phone, purpose, created_at);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    recipient TEXT NOT NULL,
    channel TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE diary_entries (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    entry_date TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    weather TEXT NOT NULL,
    work_done TEXT NOT NULL,
    trades TEXT NOT NULL,
    materials TEXT NOT NULL,
    problems TEXT NOT NULL,
    revision_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (project_id, entry_date)
);
CREATE INDEX diary_entries_timeline ON diary_entries(project_id, entry_date, id);

CREATE TABLE diary_revisions (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL REFERENCES diary_entries(id),
    revision BIGINT NOT NULL,
    content TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    replaced_by TEXT NOT NULL REFERENCES users(id),
    UNIQUE (entry_id, revision)
);

CREATE TABLE photos (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    entry_id TEXT REFERENCES diary_entries(id),
    position BIGINT,
    kind TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX photos_entry ON photos(entry_id, position);
CREATE INDEX photos_project ON photos(project_id, uploaded_by);
