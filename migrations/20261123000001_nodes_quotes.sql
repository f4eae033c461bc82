-- Node inspections, quotes, and the pieces later features share (photo attachments,
-- handover date, the staff follow-up queue). Portable: SQLite and PostgreSQL.

-- Photos can belong to things other than diary entries: an inspection item, a rework
-- closure, a warranty claim, a complaint, a rating. (`entry_id` stays for the diary.)
ALTER TABLE photos ADD COLUMN attached_kind TEXT;
ALTER TABLE photos ADD COLUMN attached_id TEXT;
CREATE INDEX photos_attached ON photos(attached_kind, attached_id, position);

-- The day the keys were handed over: starts the 5-year warranty and the survey schedule.
ALTER TABLE projects ADD COLUMN handover_date TEXT;

-- The checklist each company uses per node (seeded from the shared defaults).
CREATE TABLE checklist_items (
    company_id TEXT NOT NULL REFERENCES companies(id),
    node_kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (company_id, node_kind, item_id)
);

-- A project's nodes, in order; `version` guards concurrent changes.
CREATE TABLE project_nodes (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    kind TEXT NOT NULL,
    position BIGINT NOT NULL,
    status TEXT NOT NULL,
    scheduled_at BIGINT,
    inspected_at BIGINT,
    inspector_id TEXT REFERENCES users(id),
    third_party_invited BIGINT NOT NULL DEFAULT 0,
    -- Did the first recorded inspection pass every item (quality leaderboard)?
    first_pass BIGINT,
    passed_at BIGINT,
    signed_off_at BIGINT,
    signed_off_by TEXT REFERENCES users(id),
    sign_off_note TEXT,
    disputed_at BIGINT,
    dispute_reason TEXT,
    version BIGINT NOT NULL DEFAULT 0,
    UNIQUE (project_id, kind)
);

-- The latest result per checklist item of a node (history in inspection_events).
CREATE TABLE node_item_results (
    node_id TEXT NOT NULL REFERENCES project_nodes(id),
    item_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    result TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (node_id, item_id)
);

-- Every recording, sign-off and dispute, as it happened (who, when, what).
CREATE TABLE inspection_events (
    id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL REFERENCES project_nodes(id),
    actor_id TEXT NOT NULL REFERENCES users(id),
    event TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    detail TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX inspection_events_node ON inspection_events(node_id, at);

-- Rework (整改) opened by a failed item, due 48 hours later.
CREATE TABLE rework_items (
    id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL REFERENCES project_nodes(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    item_id TEXT NOT NULL,
    item_text TEXT NOT NULL,
    note TEXT NOT NULL,
    failed_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by TEXT REFERENCES users(id),
    closing_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rework_items_node ON rework_items(node_id, failed_at);
CREATE INDEX rework_items_project ON rework_items(project_id, due_at);

-- Quote revisions: content is the canonical JSON; a confirmed revision never changes.
CREATE TABLE quote_revisions (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id),
    revision BIGINT NOT NULL,
    status TEXT NOT NULL,
    content TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    total_fen BIGINT NOT NULL,
    delta_fen BIGINT NOT NULL,
    needs_approval BIGINT NOT NULL,
    approved_by TEXT REFERENCES users(id),
    approved_at BIGINT,
    published_by TEXT NOT NULL REFERENCES users(id),
    published_at BIGINT NOT NULL,
    -- The homeowner's progress through the three confirmation steps.
    confirm_step TEXT NOT NULL,
    code_sent_at BIGINT,
    confirmed_by TEXT REFERENCES users(id),
    confirmed_at BIGINT,
    confirmed_session TEXT,
    confirmed_hash TEXT,
    rejected_at BIGINT,
    reject_reason TEXT,
    version BIGINT NOT NULL DEFAULT 0,
    UNIQUE (project_id, revision)
);

-- Each confirmation step, as taken (audit trail of the homeowner's consent).
CREATE TABLE quote_events (
    id TEXT PRIMARY KEY,
    revision_id TEXT NOT NULL REFERENCES quote_revisions(id),
    actor_id TEXT NOT NULL REFERENCES users(id),
    event TEXT NOT NULL,
    session_ref TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX quote_events_revision ON quote_events(revision_id, at);

-- The staff queue: everything that needs staff attention (disputed nodes now; warranty
-- claims, callbacks, complaints and survey follow-ups extend it).
CREATE TABLE service_items (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- What opened it, e.g. `node:<id>` or `survey:<id>`.
    source TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users(id),
    assigned_to TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX service_items_company ON service_items(company_id, status, created_at);
CREATE INDEX service_items_project ON service_items(project_id, created_at);
