-- Projects set up in the portal by staff: the address in parts, the layout, floor area and
-- contract value, the customer-service owner (首问负责制), and a version that every edit
-- raises (an edit from an older copy is refused). `address` stays the joined address.
ALTER TABLE projects ADD COLUMN city TEXT;
ALTER TABLE projects ADD COLUMN compound TEXT;
ALTER TABLE projects ADD COLUMN building TEXT;
ALTER TABLE projects ADD COLUMN room TEXT;
ALTER TABLE projects ADD COLUMN layout TEXT;
ALTER TABLE projects ADD COLUMN area_m2 BIGINT;
ALTER TABLE projects ADD COLUMN contract_fen BIGINT;
ALTER TABLE projects ADD COLUMN owner_id TEXT REFERENCES users(id);
ALTER TABLE projects ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- The customer privacy agreement (《客户隐私保护协议》): the version a person accepted and
-- when. Accounts made before the portal asked count as having accepted the first version
-- (they agreed on paper with their contract).
ALTER TABLE users ADD COLUMN agreement_version BIGINT;
ALTER TABLE users ADD COLUMN agreement_at BIGINT;
UPDATE users SET agreement_version = 1, agreement_at = created_at;
