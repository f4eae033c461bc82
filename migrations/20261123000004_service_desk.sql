-- The service desk: warranty claims, callbacks, complaints and follow-ups share
-- `service_items` (one queue); these columns and tables hold what each kind needs, the
-- conversation, the audit trail, recorded breaches and each company's settings.

ALTER TABLE service_items ADD COLUMN category TEXT;
ALTER TABLE service_items ADD COLUMN urgency TEXT NOT NULL DEFAULT 'routine';
ALTER TABLE service_items ADD COLUMN level BIGINT;
ALTER TABLE service_items ADD COLUMN topic TEXT;
ALTER TABLE service_items ADD COLUMN visit_windows TEXT NOT NULL DEFAULT '[]';
ALTER TABLE service_items ADD COLUMN scheduled_at BIGINT;
ALTER TABLE service_items ADD COLUMN slot_id TEXT;
ALTER TABLE service_items ADD COLUMN first_response_at BIGINT;
ALTER TABLE service_items ADD COLUMN on_site_at BIGINT;
ALTER TABLE service_items ADD COLUMN team_at BIGINT;
ALTER TABLE service_items ADD COLUMN resolution TEXT;
ALTER TABLE service_items ADD COLUMN reopen_reason TEXT;
ALTER TABLE service_items ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Callback slots with a capacity; `booked` only ever changes by a conditional update.
CREATE TABLE callback_slots (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies(id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    capacity BIGINT NOT NULL,
    booked BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX callback_slots_company ON callback_slots(company_id, starts_at);

-- The conversation of an item, and how far each person has read it.
CREATE TABLE item_messages (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES service_items(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX item_messages_item ON item_messages(item_id, created_at);

CREATE TABLE item_reads (
    item_id TEXT NOT NULL REFERENCES service_items(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    read_at BIGINT NOT NULL,
    PRIMARY KEY (item_id, user_id)
);

-- Every change: who, when, from what, to what.
CREATE TABLE item_audit (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES service_items(id),
    actor_id TEXT NOT NULL REFERENCES users(id),
    action TEXT NOT NULL,
    from_value TEXT NOT NULL,
    to_value TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX item_audit_item ON item_audit(item_id, at);

-- A deadline seen breached stays breached on the record.
CREATE TABLE item_breaches (
    item_id TEXT NOT NULL REFERENCES service_items(id),
    deadline TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (item_id, deadline)
);

-- Per-company service levels and warranty settings (JSON of the shared config types).
CREATE TABLE company_settings (
    company_id TEXT PRIMARY KEY REFERENCES companies(id),
    service_levels TEXT NOT NULL,
    warranty TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
