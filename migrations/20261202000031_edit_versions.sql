-- Edits in place carry the version of the copy they were made from; an out-of-date copy is
-- refused (409 stale_revision) instead of silently replacing newer content.
-- Portable: SQLite and PostgreSQL.

-- One counter per company settings document (a node's checklist, the service levels, the
-- leaderboard settings); no row means version 0.
CREATE TABLE settings_versions (
    company_id TEXT NOT NULL REFERENCES companies(id),
    document TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (company_id, document)
);

-- A rating can be changed for 7 days, from more than one device of the same household.
ALTER TABLE crew_ratings ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
