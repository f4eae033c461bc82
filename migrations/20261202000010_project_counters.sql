-- A project's diary figures are kept on the project, maintained by the write that adds an
-- entry, so no request counts a project's diary (it grows without bound).
ALTER TABLE projects ADD COLUMN diary_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN last_diary_date TEXT;
UPDATE projects SET
    diary_count = (SELECT COUNT(*) FROM diary_entries d WHERE d.project_id = projects.id),
    last_diary_date = (SELECT MAX(d.entry_date) FROM diary_entries d WHERE d.project_id = projects.id);
-- The projects list, newest start first, a page at a time (keyset on the same expression).
CREATE INDEX projects_company_start ON projects(company_id, (COALESCE(start_date, '')), id);
