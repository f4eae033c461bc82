//! One-time codes (sign-in now; quote confirmation later), stored hashed.

use sha2::{Digest, Sha256};
use sqlx::FromRow;

use super::Db;
use crate::server::error::AppResult;

/// Most wrong tries before a code is dead.
pub const MAX_TRIES: i64 = 5;

fn hash(phone: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{phone}:{code}").as_bytes()))
}

/// Stores a new code; earlier unused codes for the same phone and purpose stop working.
pub async fn create(
    db: &Db,
    phone: &str,
    purpose: &str,
    code: &str,
    now_ms: i64,
    ttl_ms: i64,
) -> AppResult<()> {
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE otp_codes SET used_at = $1 WHERE phone = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now_ms)
    .bind(phone)
    .bind(purpose)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO otp_codes (id, phone, purpose, code_hash, attempts, expires_at, used_at, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5, NULL, $6)",
    )
    .bind(super::new_id())
    .bind(phone)
    .bind(purpose)
    .bind(hash(phone, code))
    .bind(now_ms + ttl_ms)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(FromRow)]
struct Live {
    id: String,
    code_hash: String,
    attempts: i64,
}

/// What checking a one-time code found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// The right code, now used up (only one request ever gets this).
    Accepted,
    /// A wrong code; this many tries remain on the live code.
    Wrong { tries_left: u32 },
    /// No live code: none was sent, it expired, was used, or ran out of tries.
    Expired,
}

/// Checks a code: `Accepted` once for the right code within its lifetime and tries; a wrong
/// code uses up a try.
pub async fn verify(
    db: &Db,
    phone: &str,
    purpose: &str,
    code: &str,
    now_ms: i64,
) -> AppResult<CodeCheck> {
    let live: Option<Live> = sqlx::query_as(
        "SELECT id, code_hash, attempts FROM otp_codes \
         WHERE phone = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(phone)
    .bind(purpose)
    .bind(now_ms)
    .fetch_optional(&db.pool)
    .await?;
    let Some(live) = live else {
        return Ok(CodeCheck::Expired);
    };
    if live.attempts >= MAX_TRIES {
        return Ok(CodeCheck::Expired);
    }
    if live.code_hash == hash(phone, code) {
        // Single use: only the request that flips used_at wins.
        let done =
            sqlx::query("UPDATE otp_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                .bind(now_ms)
                .bind(&live.id)
                .execute(&db.pool)
                .await?;
        return Ok(if done.rows_affected() == 1 {
            CodeCheck::Accepted
        } else {
            CodeCheck::Expired
        });
    }
    sqlx::query("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1")
        .bind(&live.id)
        .execute(&db.pool)
        .await?;
    let left = MAX_TRIES - live.attempts - 1;
    Ok(if left > 0 {
        CodeCheck::Wrong {
            tries_left: left as u32,
        }
    } else {
        CodeCheck::Expired
    })
}

/// When the newest code for this phone was issued (to space out requests).
pub async fn last_issued(db: &Db, phone: &str, purpose: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(created_at) FROM otp_codes WHERE phone = $1 AND purpose = $2",
    )
    .bind(phone)
    .bind(purpose)
    .fetch_one(&db.pool)
    .await?)
}
