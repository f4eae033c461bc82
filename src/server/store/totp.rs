//! The second sign-in factor: each user's TOTP secret (RFC 6238 — SHA-1, 6 digits, 30-second
//! steps, one step of clock skew either way, what authenticator apps expect), the last time
//! step whose code was accepted (so a code works once), the one-time recovery codes (only
//! their hashes), and the password sign-ins waiting for their second step.

use base64::Engine;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

use super::Db;
use crate::domain::auth::RECOVERY_CODE_COUNT;
use crate::server::error::{AppError, AppResult};

/// Seconds per code.
pub const STEP_SECS: i64 = 30;
const DIGITS: usize = 6;
/// Codes of the step before and after the current one are accepted too (clock drift).
const SKEW: u8 = 1;
/// 160-bit secrets, the length RFC 4226 recommends for HMAC-SHA-1.
const SECRET_BYTES: usize = 20;
/// Recovery codes: 12 characters of an alphabet without look-alikes (0/o, 1/l/i), about
/// 59 bits each, shown as `abcd-efgh-jkmn`.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// The authenticator of a base32 secret; `issuer` and `account` only label it in the app.
pub fn authenticator(secret_base32: &str, issuer: &str, account: &str) -> AppResult<TOTP> {
    let secret = totp_rs::Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .map_err(|e| AppError::internal(format!("stored TOTP secret: {e:?}")))?;
    // The otpauth label may not carry ':' in the issuer or the account name.
    let label = |s: &str| s.replace(':', " ").trim().to_string();
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        SKEW,
        STEP_SECS as u64,
        secret,
        Some(label(issuer)).filter(|s| !s.is_empty()),
        label(account),
    )
    .map_err(|e| AppError::internal(format!("TOTP: {e:?}")))
}

/// A new random secret, base32 (no padding).
pub fn new_secret() -> String {
    let mut raw = [0u8; SECRET_BYTES];
    rand::thread_rng().fill_bytes(&mut raw);
    totp_rs::Secret::Raw(raw.to_vec()).to_encoded().to_string()
}

/// The time step of a moment (Unix milliseconds).
pub fn step_of(now_ms: i64) -> i64 {
    now_ms.div_euclid(1000) / STEP_SECS
}

/// The time step whose code `code` is at `now_ms` (the current step or one either side),
/// skipping steps up to `after` (already used); `None` when it matches none of them.
pub fn matching_step(totp: &TOTP, code: &str, now_ms: i64, after: Option<i64>) -> Option<i64> {
    let now = step_of(now_ms);
    let skew = i64::from(SKEW);
    (now - skew..=now + skew)
        .filter(|step| *step >= 0 && after.is_none_or(|used| *step > used))
        .find(|step| {
            let expected = totp.generate((*step * STEP_SECS) as u64);
            // Every candidate is computed and compared in full: no early exit on a digit.
            expected.len() == code.len()
                && expected
                    .bytes()
                    .zip(code.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
}

/// Ten fresh recovery codes, formatted for people (`abcd-efgh-jkmn`).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::thread_rng();
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let chars: Vec<char> = (0..12)
                .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
                .collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// The stored form of a recovery code (normalised: no dashes, lower case), bound to its user.
pub fn recovery_hash(user_id: &str, normalised: &str) -> String {
    hex::encode(Sha256::digest(format!("{user_id}:{normalised}").as_bytes()))
}

/// A user's authenticator as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TotpRow {
    pub secret: String,
    /// When it was turned on; `None` while enrolment waits for its first code.
    pub enabled_at: Option<i64>,
    /// The newest time step whose code was accepted.
    pub last_step: Option<i64>,
}

/// The user's authenticator, pending or on.
pub async fn get(db: &Db, user_id: &str) -> AppResult<Option<TotpRow>> {
    Ok(sqlx::query_as::<_, TotpRow>(
        "SELECT secret, enabled_at, last_step FROM user_totp WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Starts (or restarts) enrolment with a new secret; `false` when it is already on.
pub async fn start(db: &Db, user_id: &str, secret: &str, now_ms: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "INSERT INTO user_totp (user_id, secret, enabled_at, last_step, created_at) \
         VALUES ($1, $2, NULL, NULL, $3) \
         ON CONFLICT (user_id) DO UPDATE SET secret = $2, last_step = NULL, created_at = $3 \
         WHERE user_totp.enabled_at IS NULL",
    )
    .bind(user_id)
    .bind(secret)
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Turns the pending authenticator on (its first code's step counts as used) and replaces the
/// recovery codes with these hashes, in one transaction; `false` when nothing was pending.
pub async fn confirm(
    db: &Db,
    user_id: &str,
    step: i64,
    recovery_hashes: &[String],
    now_ms: i64,
) -> AppResult<bool> {
    let mut tx = db.write().await?;
    let on = sqlx::query(
        "UPDATE user_totp SET enabled_at = $1, last_step = $2 \
         WHERE user_id = $3 AND enabled_at IS NULL",
    )
    .bind(now_ms)
    .bind(step)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    if on.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM totp_recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for hash in recovery_hashes {
        sqlx::query(
            "INSERT INTO totp_recovery_codes (id, user_id, code_hash, used_at, created_at) \
             VALUES ($1, $2, $3, NULL, $4)",
        )
        .bind(super::new_id())
        .bind(user_id)
        .bind(hash)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Takes a time step as used, once: `false` when that step (or a later one) was used already,
/// so of two requests with the same code only one gets through, on any instance.
pub async fn use_step(db: &Db, user_id: &str, step: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE user_totp SET last_step = $1 WHERE user_id = $2 AND enabled_at IS NOT NULL \
         AND (last_step IS NULL OR last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Uses up a recovery code (by its hash), once: `false` when it is unknown or used.
pub async fn use_recovery_code(db: &Db, user_id: &str, hash: &str, now_ms: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE totp_recovery_codes SET used_at = $1 \
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now_ms)
    .bind(user_id)
    .bind(hash)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Recovery codes not used yet.
pub async fn recovery_codes_left(db: &Db, user_id: &str) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?)
}

/// Turns the second factor off: the secret, the recovery codes and any waiting sign-in go.
/// `true` when there was one.
pub async fn remove(db: &Db, user_id: &str) -> AppResult<bool> {
    let mut tx = db.write().await?;
    let gone = sqlx::query("DELETE FROM user_totp WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM totp_recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM totp_challenges WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(gone.rows_affected() > 0)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Records a password sign-in waiting for its second step; returns the token for the cookie.
/// Expired waits are cleared on the way.
pub async fn challenge_create(
    db: &Db,
    user_id: &str,
    now_ms: i64,
    ttl_ms: i64,
) -> AppResult<String> {
    sqlx::query("DELETE FROM totp_challenges WHERE expires_at <= $1")
        .bind(now_ms)
        .execute(&db.pool)
        .await?;
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
    sqlx::query(
        "INSERT INTO totp_challenges (id_hash, user_id, attempts, created_at, expires_at) \
         VALUES ($1, $2, 0, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now_ms)
    .bind(now_ms + ttl_ms)
    .execute(&db.pool)
    .await?;
    Ok(token)
}

/// The user a live waiting sign-in belongs to, with its failed tries so far.
pub async fn challenge_user(db: &Db, token: &str, now_ms: i64) -> AppResult<Option<(String, i64)>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    Ok(sqlx::query_as(
        "SELECT user_id, attempts FROM totp_challenges WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(now_ms)
    .fetch_optional(&db.pool)
    .await?)
}

/// Counts a wrong code against a waiting sign-in; ends it after `max_tries`. Returns the
/// tries left.
pub async fn challenge_failed(db: &Db, token: &str, max_tries: i64) -> AppResult<i64> {
    let hash = token_hash(token);
    sqlx::query("UPDATE totp_challenges SET attempts = attempts + 1 WHERE id_hash = $1")
        .bind(&hash)
        .execute(&db.pool)
        .await?;
    let attempts: Option<i64> =
        sqlx::query_scalar("SELECT attempts FROM totp_challenges WHERE id_hash = $1")
            .bind(&hash)
            .fetch_optional(&db.pool)
            .await?;
    let left = max_tries - attempts.unwrap_or(max_tries);
    if left <= 0 {
        challenge_end(db, token).await?;
    }
    Ok(left.max(0))
}

/// Ends a waiting sign-in (done, or out of tries).
pub async fn challenge_end(db: &Db, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM totp_challenges WHERE id_hash = $1")
        .bind(token_hash(token))
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_once_and_within_one_step_of_skew() {
        let secret = new_secret();
        let totp = authenticator(&secret, "测试装饰", "staff@test.cn").unwrap();
        let now_ms = 1_764_000_015_000;
        let step = step_of(now_ms);
        let code = totp.generate((step * STEP_SECS) as u64);
        assert_eq!(matching_step(&totp, &code, now_ms, None), Some(step));
        // Used: the same code is refused in the same step.
        assert_eq!(matching_step(&totp, &code, now_ms, Some(step)), None);
        // A step late or early still counts; two steps do not.
        assert_eq!(
            matching_step(&totp, &code, now_ms + 30_000, None),
            Some(step)
        );
        assert_eq!(
            matching_step(&totp, &code, now_ms - 30_000, None),
            Some(step)
        );
        assert_eq!(matching_step(&totp, &code, now_ms + 60_000, None), None);
        assert_eq!(matching_step(&totp, "12345", now_ms, None), None);
        let url = totp.get_url();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&format!("secret={secret}")), "{url}");
    }

    #[test]
    fn the_rfc_6238_sha1_vector_holds() {
        // RFC 6238 appendix B: the 20-byte ASCII secret "12345678901234567890", T = 59 s.
        let secret = totp_rs::Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        let totp = authenticator(&secret, "x", "y").unwrap();
        assert_eq!(totp.generate(59), "287082");
        assert_eq!(totp.generate(1_111_111_109), "081804");
    }

    #[test]
    fn recovery_codes_are_ten_distinct_and_readable() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
        for c in &codes {
            assert_eq!(c.len(), 14, "{c}");
            let plain: String = c.chars().filter(|c| *c != '-').collect();
            assert!(plain.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)));
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
        assert_ne!(recovery_hash("a", "x"), recovery_hash("b", "x"));
    }
}
