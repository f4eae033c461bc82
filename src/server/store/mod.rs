//! The database: one pool for SQLite (default) or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! Queries are written once in the SQL both engines share (`$1` placeholders, BIGINT times,
//! TEXT ids and dates) and run through sqlx's `Any` driver.

pub mod diary;
pub mod filing;
pub mod idempotency;
pub mod jobs;
pub mod leaderboard;
pub mod nodes;
pub mod otp;
pub mod outbox;
pub mod photos;
pub mod projects;
pub mod queue;
pub mod quotes;
pub mod ratings;
pub mod select;
pub mod service;
pub mod sessions;
pub mod setup;
pub mod surveys;
pub mod throttle;
pub mod totp;
pub mod users;
pub mod versions;

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};

use super::error::AppResult;

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A handle on the database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub is_sqlite: bool,
}

impl Db {
    /// Connects (creating the SQLite file and its folder if needed) and runs the migrations.
    pub async fn connect(url: &str) -> Result<Db, String> {
        sqlx::any::install_default_drivers();
        let is_sqlite = url.starts_with("sqlite:");
        let url = if is_sqlite {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            let path = path.split('?').next().unwrap_or(path);
            if path != ":memory:" {
                if let Some(parent) = std::path::Path::new(path).parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent)
                            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                    }
                }
            }
            if url.contains('?') {
                url.to_string()
            } else {
                format!("{url}?mode=rwc")
            }
        } else {
            url.to_string()
        };
        let options = AnyConnectOptions::from_str(&url).map_err(|e| e.to_string())?;
        let pool = AnyPoolOptions::new()
            .max_connections(if is_sqlite { 8 } else { 16 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if is_sqlite {
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            // A connection that comes back still inside a transaction (a COMMIT or ROLLBACK
            // that failed, on a full disk for instance) is closed, never handed out again:
            // it would hold the write lock and swallow later writes into a transaction that
            // never commits. The ping first runs any rollback still queued on it.
            .after_release(|conn, _meta| {
                Box::pin(async move {
                    use sqlx::Connection;
                    if conn.ping().await.is_err() {
                        return Ok(false);
                    }
                    Ok(!conn.is_in_transaction())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| format!("cannot connect to the database: {e}"))?;
        if is_sqlite {
            pool.execute("PRAGMA journal_mode = WAL")
                .await
                .map_err(|e| e.to_string())?;
        }
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| format!("migrations failed: {e}"))?;
        Ok(Db { pool, is_sqlite })
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`, waiting up to the busy timeout), so a transaction that reads and
    /// then writes never fails half-way because another write committed in between; on
    /// PostgreSQL it is a plain transaction (row locks and version checks do the rest).
    pub async fn write(&self) -> AppResult<Transaction<'static, Any>> {
        Ok(if self.is_sqlite {
            self.pool.begin_with("BEGIN IMMEDIATE").await?
        } else {
            self.pool.begin().await?
        })
    }

    /// Is the database empty of companies (so demo data may be loaded)?
    pub async fn is_empty(&self) -> AppResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM companies")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }
}

/// Creates the empty PostgreSQL database `name` on the server of `base` (a URL ending in a
/// database's name) and returns its URL: a fresh database for a test or a check.
pub async fn create_postgres_database(base: &str, name: &str) -> Result<String, String> {
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(base)
        .await
        .map_err(|e| format!("connect to postgres: {e}"))?;
    admin
        .execute(format!("CREATE DATABASE \"{name}\"").as_str())
        .await
        .map_err(|e| format!("create database {name}: {e}"))?;
    admin.close().await;
    let (prefix, _) = base
        .rsplit_once('/')
        .ok_or("the database URL has no path")?;
    Ok(format!("{prefix}/{name}"))
}

/// Runs a housekeeping `DELETE` whose one parameter (`$1`) is a moment, and returns how many
/// rows it removed.
pub async fn delete_until(db: &Db, sql: &str, moment_ms: i64) -> AppResult<u64> {
    Ok(sqlx::query(sql)
        .bind(moment_ms)
        .execute(&db.pool)
        .await?
        .rows_affected())
}

/// A new random id (UUID v4, text).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `$start, $start+1, …` placeholders for an `IN (…)` list of `n` items.
pub fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows `sql` selects for some ids, where `sql` lists them as `IN ({ids})` (bound from
/// `$1`); none for no ids.
pub async fn rows_in<T>(db: &Db, sql: &str, ids: &[String]) -> AppResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql.replace("{ids}", &placeholders(1, ids.len()));
    let mut q = sqlx::query_as::<_, T>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(&db.pool).await?)
}

#[cfg(test)]
mod plans;
#[cfg(test)]
mod plans_pg;

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered() {
        assert_eq!(super::placeholders(2, 3), "$2, $3, $4");
        assert_eq!(super::placeholders(1, 0), "");
    }
}
