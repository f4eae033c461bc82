-- Background jobs run once across instances: each run of a job claims its time slot (for the
-- hourly housekeeping, the hour); an instance that finds the slot claimed skips the run.
CREATE TABLE job_runs (
    job TEXT NOT NULL,
    slot BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    PRIMARY KEY (job, slot)
);
