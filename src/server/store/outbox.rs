//! The message outbox: what the embedded message sender "sent".

use sqlx::FromRow;

use super::Db;
use crate::server::error::AppResult;

/// A stored message.
#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: String,
    pub recipient: String,
    pub channel: String,
    pub body: String,
    pub created_at: i64,
}

/// Stores a sent message.
pub async fn insert(
    db: &Db,
    recipient: &str,
    channel: &str,
    body: &str,
    now_ms: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO outbox (id, recipient, channel, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(super::new_id())
    .bind(recipient)
    .bind(channel)
    .bind(body)
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Newest messages first.
pub async fn latest(db: &Db, limit: i64) -> AppResult<Vec<OutboxRow>> {
    Ok(sqlx::query_as(
        "SELECT id, recipient, channel, body, created_at FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}
