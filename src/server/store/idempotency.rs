//! The record of requests sent with an `Idempotency-Key` (see
//! [`crate::server::idempotency`]): one row per caller and key, claimed before the request
//! runs and completed with its answer.

use sqlx::FromRow;

use super::Db;
use crate::server::error::AppResult;

/// What a claim on a key found.
#[derive(Debug, PartialEq)]
pub enum Claim {
    /// The key is new (or its first request was abandoned): go ahead.
    Fresh,
    /// The same request was answered before: give back that answer.
    Replay(Stored),
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still being worked on.
    InProgress,
}

/// A recorded answer.
#[derive(Debug, PartialEq, FromRow)]
pub struct Stored {
    pub status: i64,
    pub content_type: Option<String>,
    pub body: String,
}

#[derive(FromRow)]
struct KeyRow {
    request_hash: String,
    status: Option<i64>,
    content_type: Option<String>,
    body: Option<String>,
    created_at: i64,
}

/// Claims `key` for `user`'s request with hash `hash`. A claim still unanswered after
/// `abandoned_ms` (the server stopped while working on it) may be taken over.
pub async fn claim(
    db: &Db,
    user: &str,
    key: &str,
    hash: &str,
    now_ms: i64,
    abandoned_ms: i64,
) -> AppResult<Claim> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, idem_key) DO NOTHING",
    )
    .bind(user)
    .bind(key)
    .bind(hash)
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(Claim::Fresh);
    }
    let row = sqlx::query_as::<_, KeyRow>(
        "SELECT request_hash, status, content_type, body, created_at FROM idempotency_keys \
         WHERE user_id = $1 AND idem_key = $2",
    )
    .bind(user)
    .bind(key)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        // Released between the insert and the read: the next try starts afresh.
        return Ok(Claim::InProgress);
    };
    if row.request_hash != hash {
        return Ok(Claim::Mismatch);
    }
    match (row.status, row.body) {
        (Some(status), Some(body)) => Ok(Claim::Replay(Stored {
            status,
            content_type: row.content_type,
            body,
        })),
        _ if row.created_at < now_ms - abandoned_ms => {
            let taken = sqlx::query(
                "UPDATE idempotency_keys SET created_at = $3 \
                 WHERE user_id = $1 AND idem_key = $2 AND status IS NULL AND created_at = $4",
            )
            .bind(user)
            .bind(key)
            .bind(now_ms)
            .bind(row.created_at)
            .execute(&db.pool)
            .await?;
            Ok(if taken.rows_affected() == 1 {
                Claim::Fresh
            } else {
                Claim::InProgress
            })
        }
        _ => Ok(Claim::InProgress),
    }
}

/// Records the answer to a claimed key.
pub async fn complete(db: &Db, user: &str, key: &str, answer: &Stored) -> AppResult<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5 \
         WHERE user_id = $1 AND idem_key = $2",
    )
    .bind(user)
    .bind(key)
    .bind(answer.status)
    .bind(answer.content_type.as_deref())
    .bind(&answer.body)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Gives a claimed key up (the request changed nothing), so a retry runs afresh.
pub async fn release(db: &Db, user: &str, key: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND idem_key = $2")
        .bind(user)
        .bind(key)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets keys recorded before `before_ms`.
pub async fn purge_before(db: &Db, before_ms: i64) -> AppResult<u64> {
    super::delete_until(
        db,
        "DELETE FROM idempotency_keys WHERE created_at < $1",
        before_ms,
    )
    .await
}
