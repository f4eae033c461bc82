-- Crew ratings, the weekly quality leaderboard (红黑榜) and satisfaction surveys (回访).
-- Portable: SQLite and PostgreSQL.

-- One rating per homeowner per target (a node kind, or `handover`) of a project.
-- `week` is the ISO week (`2026-W47`, company time zone) the rating counts for, fixed when it
-- is created: its own week, or the first open week when its own week is already published.
CREATE TABLE crew_ratings (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    crew_id TEXT NOT NULL REFERENCES crews(id),
    homeowner_id TEXT NOT NULL REFERENCES users(id),
    target TEXT NOT NULL,
    quality BIGINT NOT NULL,
    punctuality BIGINT NOT NULL,
    tidiness BIGINT NOT NULL,
    communication BIGINT NOT NULL,
    -- Mean of the four dimensions in milli-stars.
    average_milli BIGINT NOT NULL,
    comment TEXT NOT NULL,
    week TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (project_id, homeowner_id, target)
);
CREATE INDEX crew_ratings_week ON crew_ratings(company_id, week, crew_id);
CREATE INDEX crew_ratings_crew ON crew_ratings(crew_id, created_at);

-- Per-company leaderboard configuration (weights, prior weight, list size) as JSON.
CREATE TABLE leaderboard_settings (
    company_id TEXT PRIMARY KEY REFERENCES companies(id),
    settings TEXT NOT NULL,
    updated_by TEXT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);

-- A published (frozen) week; its rows are read from leaderboard_rows, never recomputed.
CREATE TABLE leaderboard_weeks (
    company_id TEXT NOT NULL REFERENCES companies(id),
    week TEXT NOT NULL,
    settings TEXT NOT NULL,
    published_by TEXT REFERENCES users(id),
    published_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, week)
);

-- The snapshot: one row per crew of a published week, with the explanation as JSON.
CREATE TABLE leaderboard_rows (
    company_id TEXT NOT NULL REFERENCES companies(id),
    week TEXT NOT NULL,
    crew_id TEXT NOT NULL REFERENCES crews(id),
    position BIGINT NOT NULL,
    rank BIGINT,
    list TEXT,
    active BIGINT NOT NULL,
    rating_count BIGINT NOT NULL,
    total_milli BIGINT NOT NULL,
    explanation TEXT NOT NULL,
    PRIMARY KEY (company_id, week, crew_id)
);
CREATE INDEX leaderboard_rows_crew ON leaderboard_rows(crew_id, week);

-- The survey schedule of a handed-over project, and the answers (once).
CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    sequence BIGINT NOT NULL,
    kind TEXT NOT NULL,
    due_date TEXT NOT NULL,
    answered_at BIGINT,
    answered_by TEXT REFERENCES users(id),
    design BIGINT,
    construction_quality BIGINT,
    crew BIGINT,
    customer_service BIGINT,
    after_sales BIGINT,
    nps BIGINT,
    suggestions TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (project_id, sequence)
);
CREATE INDEX surveys_company_due ON surveys(company_id, due_date);
CREATE INDEX surveys_company_answered ON surveys(company_id, answered_at);
