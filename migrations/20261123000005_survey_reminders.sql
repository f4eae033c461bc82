-- When the homeowner was reminded that a survey is open (each survey is reminded once).
ALTER TABLE surveys ADD COLUMN reminded_at BIGINT;
