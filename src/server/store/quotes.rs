//! Quote revisions and their confirmation trail. A confirmed revision is never updated: every
//! write below is conditional on the revision still being pending (and on its version).

use sha2::{Digest, Sha256};
use sqlx::FromRow;

use super::select::{self, Selected};
use super::Db;
use crate::domain::error::FieldReason;
use crate::domain::quotes::{canonical_json, needs_approval, totals, Fen};
use crate::domain::quotes::{ConfirmStep, QuoteRevisionContent, QuoteStatus};
use crate::domain::ErrorCode;
use crate::server::error::{AppError, AppResult};

/// A stored revision.
#[derive(Debug, Clone, FromRow)]
pub struct RevisionRow {
    pub id: String,
    pub project_id: String,
    pub revision: i64,
    pub status: String,
    pub content: String,
    pub content_hash: String,
    pub total_fen: i64,
    pub delta_fen: i64,
    pub needs_approval: i64,
    pub approved_at: Option<i64>,
    pub published_at: i64,
    pub confirm_step: String,
    pub code_sent_at: Option<i64>,
    pub confirmed_at: Option<i64>,
    pub confirmed_by_name: Option<String>,
    pub rejected_at: Option<i64>,
    pub reject_reason: Option<String>,
    pub version: i64,
}

impl RevisionRow {
    /// The stored content.
    pub fn content(&self) -> AppResult<QuoteRevisionContent> {
        serde_json::from_str(&self.content)
            .map_err(|e| AppError::internal(format!("bad quote content in database: {e}")))
    }
    /// The revision's status.
    pub fn status(&self) -> AppResult<QuoteStatus> {
        QuoteStatus::parse(&self.status).ok_or_else(|| AppError::internal("unknown quote status"))
    }
    /// The homeowner's confirmation step.
    pub fn step(&self) -> AppResult<ConfirmStep> {
        ConfirmStep::parse(&self.confirm_step, self.reject_reason.as_deref())
            .ok_or_else(|| AppError::internal("unknown confirmation step"))
    }
}

const SELECT_REVISION: &str = "SELECT q.id, q.project_id, q.revision, q.status, q.content, \
    q.content_hash, q.total_fen, q.delta_fen, q.needs_approval, q.approved_at, q.published_at, \
    q.confirm_step, q.code_sent_at, q.confirmed_at, u.name AS confirmed_by_name, q.rejected_at, \
    q.reject_reason, q.version FROM quote_revisions q LEFT JOIN users u ON u.id = q.confirmed_by";

impl Selected for RevisionRow {
    const SELECT: &'static str = SELECT_REVISION;
}

/// A project's revisions, newest first.
pub async fn for_project(db: &Db, project_id: &str) -> AppResult<Vec<RevisionRow>> {
    let tail = "WHERE q.project_id = $1 ORDER BY q.revision DESC";
    select::all(&db.pool, tail, &[project_id.into()]).await
}

/// One revision by id.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<RevisionRow>> {
    select::optional(&db.pool, "WHERE q.id = $1", &[id.into()]).await
}

/// What a new or edited revision stores.
pub struct RevisionValues {
    pub content_json: String,
    pub content_hash: String,
    pub total_fen: i64,
    pub delta_fen: i64,
    pub needs_approval: bool,
}

impl RevisionValues {
    /// The values of `content`: its canonical JSON and hash, its total computed from the lines
    /// (never taken from the client), and the change against the total of the revision it is
    /// compared with (more than 5% needs approval).
    pub fn of(content: &QuoteRevisionContent, base_total: Option<Fen>) -> AppResult<Self> {
        let json = canonical_json(content);
        let total = totals(content)?.total;
        let (delta, needs) = match base_total {
            Some(before) => (
                total.checked_sub(before).ok_or_else(|| {
                    AppError::field(
                        "materials",
                        FieldReason::OutOfRange,
                        "amounts are too large",
                    )
                })?,
                needs_approval(before, total),
            ),
            None => (Fen::ZERO, false),
        };
        Ok(RevisionValues {
            content_hash: content_hash(&json),
            content_json: json,
            total_fen: total.0,
            delta_fen: delta.0,
            needs_approval: needs,
        })
    }
}

/// The hash a revision's canonical JSON is kept and confirmed with (SHA-256, hex).
pub fn content_hash(json: &str) -> String {
    hex::encode(Sha256::digest(json.as_bytes()))
}

/// Publishes the next revision of a project; a still-pending earlier revision is superseded.
/// The unique (project, revision) key makes concurrent publishers fail cleanly (409).
pub async fn publish(
    db: &Db,
    project_id: &str,
    next_revision: i64,
    v: &RevisionValues,
    published_by: &str,
    now_ms: i64,
) -> AppResult<String> {
    let id = super::new_id();
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE quote_revisions SET status = 'superseded', version = version + 1 \
         WHERE project_id = $1 AND status = 'pending'",
    )
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    let inserted = sqlx::query(
        "INSERT INTO quote_revisions (id, project_id, revision, status, content, content_hash, \
         total_fen, delta_fen, needs_approval, published_by, published_at, confirm_step, version) \
         VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, 'basic_terms', 0) \
         ON CONFLICT (project_id, revision) DO NOTHING",
    )
    .bind(&id)
    .bind(project_id)
    .bind(next_revision)
    .bind(&v.content_json)
    .bind(&v.content_hash)
    .bind(v.total_fen)
    .bind(v.delta_fen)
    .bind(i64::from(v.needs_approval))
    .bind(published_by)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() != 1 {
        return Err(AppError::new(
            ErrorCode::StaleRevision,
            "another revision was published at the same moment; reload and try again",
        ));
    }
    tx.commit().await?;
    Ok(id)
}

/// Edits a pending revision in place, only while the homeowner has taken no step.
pub async fn edit(db: &Db, row: &RevisionRow, v: &RevisionValues) -> AppResult<()> {
    let update = sqlx::query(
        "UPDATE quote_revisions SET content = $1, content_hash = $2, total_fen = $3, delta_fen = $4, \
         needs_approval = $5, approved_by = NULL, approved_at = NULL, version = version + 1 \
         WHERE id = $6 AND version = $7 AND status = 'pending' AND confirm_step = 'basic_terms'",
    )
    .bind(&v.content_json)
    .bind(&v.content_hash)
    .bind(v.total_fen)
    .bind(v.delta_fen)
    .bind(i64::from(v.needs_approval));
    guarded(&db.pool, row, update).await
}

/// A manager approves a revision that moves the cost by more than 5%.
pub async fn approve(db: &Db, row: &RevisionRow, by: &str, now_ms: i64) -> AppResult<()> {
    let update = sqlx::query(
        "UPDATE quote_revisions SET approved_by = $1, approved_at = $2, version = version + 1 \
         WHERE id = $3 AND version = $4 AND status = 'pending'",
    )
    .bind(by)
    .bind(now_ms);
    guarded(&db.pool, row, update).await
}

/// Runs a change of `row` guarded by its version: `update` binds its own values, then takes
/// the revision's id and version as its last two parameters (409 when it changed meanwhile).
async fn guarded<'q, 'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    e: E,
    row: &'q RevisionRow,
    update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> AppResult<()> {
    let done = update.bind(&row.id).bind(row.version).execute(e).await?;
    super::versions::changed_one(&done, "this revision")
}

/// Moves a pending revision to the next confirmation step (version-guarded), recording the
/// step in the trail. `code_sent` stamps the code time; `rejected` stores the reason.
pub async fn set_step(
    db: &Db,
    row: &RevisionRow,
    to: &ConfirmStep,
    actor_id: &str,
    session_ref: &str,
    now_ms: i64,
) -> AppResult<()> {
    let mut tx = db.write().await?;
    let (status, reason, rejected_at, code_sent_at) = match to {
        ConfirmStep::Rejected { reason } => (
            QuoteStatus::Rejected,
            Some(reason.clone()),
            Some(now_ms),
            row.code_sent_at,
        ),
        ConfirmStep::CodeSent => (QuoteStatus::Pending, None, None, Some(now_ms)),
        _ => (QuoteStatus::Pending, None, None, row.code_sent_at),
    };
    let update = sqlx::query(
        "UPDATE quote_revisions SET confirm_step = $1, status = $2, reject_reason = $3, \
         rejected_at = $4, code_sent_at = $5, version = version + 1 \
         WHERE id = $6 AND version = $7 AND status = 'pending'",
    )
    .bind(to.as_str())
    .bind(status.as_str())
    .bind(reason)
    .bind(rejected_at)
    .bind(code_sent_at);
    guarded(&mut *tx, row, update).await?;
    log(&mut tx, &row.id, actor_id, to, session_ref, now_ms).await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms a revision: who, when, from which session, and the hash of what was confirmed.
pub async fn confirm(
    db: &Db,
    row: &RevisionRow,
    by: &str,
    session_ref: &str,
    now_ms: i64,
) -> AppResult<()> {
    let mut tx = db.write().await?;
    let update = sqlx::query(
        "UPDATE quote_revisions SET status = 'confirmed', confirm_step = 'confirmed', \
         confirmed_by = $1, confirmed_at = $2, confirmed_session = $3, confirmed_hash = content_hash, \
         version = version + 1 \
         WHERE id = $4 AND version = $5 AND status = 'pending' AND confirm_step = 'code_sent'",
    )
    .bind(by)
    .bind(now_ms)
    .bind(session_ref);
    guarded(&mut *tx, row, update).await?;
    let confirmed = &ConfirmStep::Confirmed;
    log(&mut tx, &row.id, by, confirmed, session_ref, now_ms).await?;
    tx.commit().await?;
    Ok(())
}

async fn log(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    revision_id: &str,
    actor_id: &str,
    step: &ConfirmStep,
    session_ref: &str,
    now_ms: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO quote_events (id, revision_id, actor_id, event, session_ref, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(super::new_id())
    .bind(revision_id)
    .bind(actor_id)
    .bind(step.as_str())
    .bind(session_ref)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The confirmation trail of a revision: (event, at), oldest first.
pub async fn events(db: &Db, revision_id: &str) -> AppResult<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as("SELECT event, at FROM quote_events WHERE revision_id = $1 ORDER BY at, id")
            .bind(revision_id)
            .fetch_all(&db.pool)
            .await?,
    )
}

/// The stored session reference and content hash of a confirmed revision (audit).
pub async fn confirmation_record(
    db: &Db,
    id: &str,
) -> AppResult<Option<(Option<String>, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT confirmed_session, confirmed_hash FROM quote_revisions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}
