//! Claims on background-job runs, so that with several instances on one database each run
//! happens on one of them.

use super::Db;
use crate::server::error::AppResult;

/// Claims `job`'s run for `slot` (e.g. the hour number): true for the one caller that gets
/// it, false for every other, on any instance.
pub async fn claim(db: &Db, job: &str, slot: i64, now_ms: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "INSERT INTO job_runs (job, slot, started_at) VALUES ($1, $2, $3) \
         ON CONFLICT (job, slot) DO NOTHING",
    )
    .bind(job)
    .bind(slot)
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets runs started before `before_ms`.
pub async fn purge_before(db: &Db, before_ms: i64) -> AppResult<u64> {
    super::delete_until(db, "DELETE FROM job_runs WHERE started_at < $1", before_ms).await
}
