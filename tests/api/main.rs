//! Black-box API tests: the real server on a random port with a fresh database, over HTTP.
//! Run on SQLite by default and on PostgreSQL with `TEST_DATABASE_URL=postgres://…`.

mod access;
mod auth;
mod binary;
mod contract;
mod decode_pool;
mod demo;
mod diary;
mod full_disk;
mod idempotency;
mod inspections;
mod instances;
mod jobs;
mod leaderboard;
mod ops;
mod photo_limits;
mod photo_location;
mod photos;
mod projects;
mod queue_paging;
mod quotes;
mod ratings;
mod s3;
mod service;
mod setup;
mod shutdown;
mod spa;
mod stale_edits;
mod support;
mod survey_paging;
mod surveys;
mod timeouts;
mod totp;
