//! Server-side sessions, stored in the database so any number of instances can serve.
//!
//! The cookie carries a random token; the database keeps only its SHA-256, so a leaked
//! table cannot be replayed.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::FromRow;

use super::users::UserRow;
use super::Db;
use crate::server::error::AppResult;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The stored reference of a session (its token's hash), kept with acts such as a quote
/// confirmation to record from which session they were made.
pub fn reference(token: &str) -> String {
    hash(token)
}

/// Starts a session for a user; returns the token for the cookie.
pub async fn create(db: &Db, user_id: &str, now_ms: i64, hours: i64) -> AppResult<String> {
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash(&token))
    .bind(user_id)
    .bind(now_ms)
    .bind(now_ms + hours * 3_600_000)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// How stale `last_seen_at` may get before a request refreshes it (one write a minute at
/// most per session, not one per request).
const SEEN_EVERY_MS: i64 = 60_000;

/// The user behind a live session token: not past its expiry, and used within `idle_ms`.
pub async fn user_for(
    db: &Db,
    token: &str,
    now_ms: i64,
    idle_ms: i64,
) -> AppResult<Option<UserRow>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let id_hash = hash(token);
    let live = sqlx::query_as::<_, SessionUser>(&user_sql())
        .bind(&id_hash)
        .bind(now_ms)
        .bind(now_ms - idle_ms)
        .fetch_optional(&db.pool)
        .await?;
    let Some(live) = live else {
        return Ok(None);
    };
    if now_ms - live.seen_at >= SEEN_EVERY_MS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now_ms)
            .bind(&id_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(live.user))
}

/// `$1` the token's hash, `$2` now, `$3` the idle limit.
pub(super) fn user_sql() -> String {
    format!(
        "{}, COALESCE(s.last_seen_at, s.created_at) AS seen_at \
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN companies c ON c.id = u.company_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND COALESCE(s.last_seen_at, s.created_at) > $3",
        super::users::USER_COLUMNS
    )
}

/// A live session's user, with when the session was last used.
#[derive(FromRow)]
struct SessionUser {
    #[sqlx(flatten)]
    user: UserRow,
    seen_at: i64,
}

/// Ends a session (sign-out, or the old session at sign-in).
pub async fn delete(db: &Db, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(hash(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Removes expired sessions (housekeeping).
pub async fn purge_expired(db: &Db, now_ms: i64) -> AppResult<u64> {
    super::delete_until(db, "DELETE FROM sessions WHERE expires_at <= $1", now_ms).await
}
