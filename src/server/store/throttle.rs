//! Attempt counting for rate limits, in the database so that it holds across instances.

use super::Db;
use crate::server::error::AppResult;

/// Records one attempt in a bucket (e.g. `login-acct:<login>` or `login-ip:<addr>`).
pub async fn record(db: &Db, bucket: &str, now_ms: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO auth_attempts (id, bucket, at) VALUES ($1, $2, $3)")
        .bind(super::new_id())
        .bind(bucket)
        .bind(now_ms)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Attempts in a bucket since a moment.
pub async fn count_since(db: &Db, bucket: &str, since_ms: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM auth_attempts WHERE bucket = $1 AND at > $2")
            .bind(bucket)
            .bind(since_ms)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// The moment of the `n`-th newest attempt (0 = the newest) in a bucket since a moment: the
/// count since then drops below `n + 1` once that attempt leaves the window.
pub async fn nth_newest_since(
    db: &Db,
    bucket: &str,
    since_ms: i64,
    n: i64,
) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT at FROM auth_attempts WHERE bucket = $1 AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3",
    )
    .bind(bucket)
    .bind(since_ms)
    .bind(n)
    .fetch_optional(&db.pool)
    .await?)
}

/// The newest attempt in a bucket.
pub async fn latest(db: &Db, bucket: &str) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(at) FROM auth_attempts WHERE bucket = $1")
            .bind(bucket)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Forgets a bucket (after a successful sign-in the account's failures are cleared).
pub async fn clear(db: &Db, bucket: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM auth_attempts WHERE bucket = $1")
        .bind(bucket)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Removes attempts older than a moment (housekeeping).
pub async fn purge_before(db: &Db, before_ms: i64) -> AppResult<u64> {
    super::delete_until(db, "DELETE FROM auth_attempts WHERE at <= $1", before_ms).await
}
