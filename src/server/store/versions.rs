//! Versions of what is edited in place. Every edit says which version it was made from
//! (`crate::domain::versions`); the write takes the next version with a conditional update
//! in the same transaction, so of two edits from the same base exactly one wins and the
//! other answers 409 `stale_revision` with nothing changed.
//!
//! Rows with a version of their own (quote revisions, ratings, diary entries) guard their
//! `UPDATE … WHERE version = $n`; the company's settings documents keep theirs here, one
//! counter per company and document (0 before the first change).

use sqlx::any::{AnyArguments, AnyQueryResult};
use sqlx::query::Query;
use sqlx::{Any, Transaction};

use super::Db;
use crate::domain::inspections::NodeKind;
use crate::domain::versions::{check_base, BaseCheck};
use crate::domain::ErrorCode;
use crate::server::error::{AppError, AppResult};

/// The refusal of an edit made from an out-of-date copy.
pub fn stale(what: &str) -> AppError {
    AppError::new(
        ErrorCode::StaleRevision,
        format!("{what} was changed since this copy was loaded; reload and edit again"),
    )
}

/// Checks that a version-guarded write changed its one row: 409 `stale_revision` ("`what` was
/// changed since this copy was loaded") when the guard let nothing through.
pub fn changed_one(done: &AnyQueryResult, what: &str) -> AppResult<()> {
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(stale(what))
    }
}

/// Runs an `INSERT … ON CONFLICT DO NOTHING` that must write its row: 409 `already_exists`
/// with `message` when the row was there already.
pub async fn insert_once<'c, 'q>(
    ex: impl sqlx::Executor<'c, Database = Any>,
    insert: Query<'q, Any, AnyArguments<'q>>,
    message: &str,
) -> AppResult<()> {
    if insert.execute(ex).await?.rows_affected() == 0 {
        Err(AppError::new(ErrorCode::AlreadyExists, message))
    } else {
        Ok(())
    }
}

/// Refuses an edit unless it was made from the stored version (`field` names the base in the
/// request: 422 `required` when it is missing, 409 `stale_revision` when it is out of date).
pub fn require_current(
    field: &'static str,
    base: Option<i64>,
    stored: i64,
    what: &str,
) -> AppResult<()> {
    match check_base(field, base, stored)? {
        BaseCheck::Current => Ok(()),
        BaseCheck::Stale => Err(stale(what)),
    }
}

/// A company settings document edited in place by its admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsDoc {
    /// The checklist of one node kind.
    Checklist(NodeKind),
    /// Service-level targets and warranty periods.
    ServiceLevels,
    /// Leaderboard weights, prior weight and list size.
    Leaderboard,
}

impl SettingsDoc {
    fn key(self) -> String {
        match self {
            SettingsDoc::Checklist(kind) => format!("checklist:{}", kind.as_str()),
            SettingsDoc::ServiceLevels => "service_levels".to_string(),
            SettingsDoc::Leaderboard => "leaderboard".to_string(),
        }
    }

    fn what(self) -> &'static str {
        match self {
            SettingsDoc::Checklist(_) => "the checklist",
            SettingsDoc::ServiceLevels => "the service levels",
            SettingsDoc::Leaderboard => "the leaderboard settings",
        }
    }
}

/// The stored version of a company's settings document (0 before its first change).
pub async fn current(db: &Db, company_id: &str, doc: SettingsDoc) -> AppResult<i64> {
    let v: Option<i64> = sqlx::query_scalar(
        "SELECT version FROM settings_versions WHERE company_id = $1 AND document = $2",
    )
    .bind(company_id)
    .bind(doc.key())
    .fetch_optional(&db.pool)
    .await?;
    Ok(v.unwrap_or(0))
}

/// Starts an edit of a settings document made from version `base` (required): checks it
/// against the stored version and takes the next one inside the write transaction. Another
/// edit that took it first makes this one stale (409), and the caller's transaction is
/// dropped with nothing written.
pub async fn advance(
    tx: &mut Transaction<'static, Any>,
    company_id: &str,
    doc: SettingsDoc,
    base: Option<i64>,
) -> AppResult<i64> {
    let stored: Option<i64> = sqlx::query_scalar(
        "SELECT version FROM settings_versions WHERE company_id = $1 AND document = $2",
    )
    .bind(company_id)
    .bind(doc.key())
    .fetch_optional(&mut **tx)
    .await?;
    let stored = stored.unwrap_or(0);
    require_current("version", base, stored, doc.what())?;
    let done = if stored == 0 {
        sqlx::query(
            "INSERT INTO settings_versions (company_id, document, version) VALUES ($1, $2, 1) \
             ON CONFLICT (company_id, document) DO NOTHING",
        )
        .bind(company_id)
        .bind(doc.key())
        .execute(&mut **tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE settings_versions SET version = version + 1 \
             WHERE company_id = $1 AND document = $2 AND version = $3",
        )
        .bind(company_id)
        .bind(doc.key())
        .bind(stored)
        .execute(&mut **tx)
        .await?
    };
    changed_one(&done, doc.what())?;
    Ok(stored + 1)
}
