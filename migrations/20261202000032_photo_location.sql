-- Location on photo originals (issue 12 #15): originals are stored without their GPS block;
-- a company may keep the location for its staff and admins (an admin decides; off by default).
-- Portable: BIGINT 0/1 flags.
ALTER TABLE companies ADD COLUMN keep_photo_location BIGINT NOT NULL DEFAULT 0;

-- The photo has a located original (the upload as sent, GPS included) beside the stripped
-- one; set only while the company keeps locations, cleared when it stops.
ALTER TABLE photos ADD COLUMN located BIGINT NOT NULL DEFAULT 0;
