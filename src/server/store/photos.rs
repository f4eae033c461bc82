//! Photo records; the bytes live in the photo storage.

use sqlx::{Any, FromRow, Transaction};

use super::select::{self, Selected};
use super::Db;
use crate::domain::error::FieldReason;
use crate::domain::photos::AttachedTo;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::Caller;

/// A stored photo.
#[derive(Debug, Clone, FromRow)]
pub struct PhotoRow {
    pub id: String,
    pub project_id: String,
    pub uploaded_by: String,
    pub entry_id: Option<String>,
    pub position: Option<i64>,
    pub kind: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    pub created_at: i64,
    /// What else the photo belongs to (`inspection_item`, `rework`, `claim` …), if not an entry.
    pub attached_kind: Option<String>,
    pub attached_id: Option<String>,
    /// 1 when a located original (GPS kept) is stored beside the stripped one.
    pub located: i64,
}

impl PhotoRow {
    /// Part of something posted (an entry or another record), so visible to the project.
    pub fn is_posted(&self) -> bool {
        self.entry_id.is_some() || self.attached_id.is_some()
    }
}

/// The columns of a [`PhotoRow`], over `photos ph` (one list for every query that makes one).
macro_rules! photo_columns {
    () => {
        "ph.id, ph.project_id, ph.uploaded_by, ph.entry_id, ph.position, ph.kind, ph.width, \
         ph.height, ph.bytes, ph.created_at, ph.attached_kind, ph.attached_id, ph.located"
    };
}
const SELECT_PHOTO: &str = concat!("SELECT ", photo_columns!(), " FROM photos ph");

/// A new, not yet attached photo.
pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub project_id: &'a str,
    pub uploaded_by: &'a str,
    pub kind: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    /// A located original was stored beside the stripped one.
    pub located: bool,
}

/// Records an uploaded photo (not yet part of an entry). A located original counts only if
/// the project's company still keeps locations as the row commits; returns whether it does
/// (if not, the caller removes the located object).
pub async fn insert(db: &Db, p: NewPhoto<'_>, now_ms: i64) -> AppResult<bool> {
    sqlx::query(
        "INSERT INTO photos (id, project_id, uploaded_by, entry_id, position, kind, width, height, bytes, created_at, located) \
         VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6, $7, $8, \
         CASE WHEN CAST($9 AS BIGINT) = 1 AND EXISTS (SELECT 1 FROM projects pr JOIN companies c ON c.id = pr.company_id \
         WHERE pr.id = $2 AND c.keep_photo_location = 1) THEN 1 ELSE 0 END)",
    )
    .bind(p.id)
    .bind(p.project_id)
    .bind(p.uploaded_by)
    .bind(p.kind)
    .bind(p.width as i64)
    .bind(p.height as i64)
    .bind(p.bytes as i64)
    .bind(now_ms)
    .bind(i64::from(p.located))
    .execute(&db.pool)
    .await?;
    if !p.located {
        return Ok(false);
    }
    let kept: Option<i64> = sqlx::query_scalar("SELECT located FROM photos WHERE id = $1")
        .bind(p.id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(kept == Some(1))
}

/// Does the project's company keep the location of photo originals for its staff?
pub async fn project_keeps_location(db: &Db, project_id: &str) -> AppResult<bool> {
    let flag: Option<i64> = sqlx::query_scalar(
        "SELECT c.keep_photo_location FROM projects pr JOIN companies c ON c.id = pr.company_id \
         WHERE pr.id = $1",
    )
    .bind(project_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(flag == Some(1))
}

/// Does the company keep the location of photo originals for its staff?
pub async fn company_keeps_location(db: &Db, company_id: &str) -> AppResult<bool> {
    let flag: Option<i64> =
        sqlx::query_scalar("SELECT keep_photo_location FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(flag == Some(1))
}

/// A photo with a located original: `(project_id, id, kind)`.
pub type LocatedPhoto = (String, String, String);

/// Sets the company's rule. Turning it off clears every photo's located mark in the same
/// transaction (so nothing serves a located original from then on) and returns the photos
/// whose located originals the caller must now remove.
pub async fn set_keeps_location(
    db: &Db,
    company_id: &str,
    keep: bool,
) -> AppResult<Vec<LocatedPhoto>> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE companies SET keep_photo_location = $1 WHERE id = $2")
        .bind(i64::from(keep))
        .bind(company_id)
        .execute(&mut *tx)
        .await?;
    let mut gone = Vec::new();
    if !keep {
        let in_company = "project_id IN (SELECT id FROM projects WHERE company_id = $1)";
        gone = sqlx::query_as(&format!(
            "SELECT project_id, id, kind FROM photos WHERE located = 1 AND {in_company}"
        ))
        .bind(company_id)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(&format!(
            "UPDATE photos SET located = 0 WHERE located = 1 AND {in_company}"
        ))
        .bind(company_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(gone)
}

/// Of these photo ids, those whose located original may be kept: marked located, and their
/// company still keeps locations (the housekeeping removes every other located object).
pub async fn located_kept(db: &Db, ids: &[String]) -> AppResult<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT p.id FROM photos p JOIN projects pr ON pr.id = p.project_id \
         JOIN companies c ON c.id = pr.company_id \
         WHERE p.located = 1 AND c.keep_photo_location = 1 AND p.id IN ({})",
        super::placeholders(1, ids.len())
    );
    let mut q = sqlx::query_scalar::<_, String>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(&db.pool).await?)
}

impl Selected for PhotoRow {
    const SELECT: &'static str = SELECT_PHOTO;
}

/// One photo by id.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<PhotoRow>> {
    select::optional(&db.pool, "WHERE id = $1", &[id.into()]).await
}

/// A photo of a project the caller may see (one query: the photo and the project's access).
/// Who may see the photo itself is decided by the caller (uploader, attached record).
pub async fn get_in_visible_project(
    db: &Db,
    user: &Caller,
    id: &str,
) -> AppResult<Option<PhotoRow>> {
    let (all, owner, crew) = super::projects::scope(user)?;
    Ok(sqlx::query_as(&visible_photo_sql())
        .bind(id)
        .bind(&user.company_id)
        .bind(all)
        .bind(owner)
        .bind(crew)
        .fetch_optional(&db.pool)
        .await?)
}

/// `$1` the photo, `$2..$5` the caller's scope.
pub(super) fn visible_photo_sql() -> String {
    format!(
        "SELECT {} FROM photos ph JOIN projects p ON p.id = ph.project_id \
         WHERE ph.id = $1 AND {}",
        photo_columns!(),
        super::projects::visible_sql(2)
    )
}

/// The shown photos of some entries, in order.
pub async fn for_entries(db: &Db, entry_ids: &[String]) -> AppResult<Vec<PhotoRow>> {
    let sql = format!(
        "{SELECT_PHOTO} WHERE position IS NOT NULL AND entry_id IN ({{ids}}) ORDER BY entry_id, position"
    );
    super::rows_in(db, &sql, entry_ids).await
}

/// Deletes a photo record that belongs to no entry.
pub async fn delete_unattached(db: &Db, id: &str) -> AppResult<bool> {
    Ok(
        sqlx::query(
            "DELETE FROM photos WHERE id = $1 AND entry_id IS NULL AND attached_id IS NULL",
        )
        .bind(id)
        .execute(&db.pool)
        .await?
        .rows_affected()
            == 1,
    )
}

/// Uploads never attached to an entry and older than a moment (to be cleaned up).
pub async fn stale_unattached(db: &Db, before_ms: i64) -> AppResult<Vec<PhotoRow>> {
    let tail = "WHERE entry_id IS NULL AND attached_id IS NULL AND created_at < $1 LIMIT 500";
    select::all(&db.pool, tail, &[before_ms.into()]).await
}

/// Which of these photo ids have a record: `(project_id, id)` of each found (the sweep of
/// objects whose record never committed).
pub async fn existing(db: &Db, ids: &[String]) -> AppResult<Vec<(String, String)>> {
    super::rows_in(
        db,
        "SELECT project_id, id FROM photos WHERE id IN ({ids})",
        ids,
    )
    .await
}

/// Attaches uploads to a record other than a diary entry (`kind`, `attached_id`), in the
/// given order, inside the caller's transaction. Every id must be this user's upload for this
/// project, not yet posted elsewhere (or already on this record); otherwise a validation error
/// on `field` and nothing changes.
pub async fn attach(
    tx: &mut Transaction<'_, Any>,
    project_id: &str,
    user_id: &str,
    kind: AttachedTo,
    attached_id: &str,
    photo_ids: &[String],
    field: &'static str,
) -> AppResult<()> {
    if photo_ids.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT COUNT(*) FROM photos WHERE project_id = $1 AND uploaded_by = $2 AND entry_id IS NULL \
         AND (attached_id IS NULL OR (attached_kind = $3 AND attached_id = $4)) AND id IN ({})",
        super::placeholders(5, photo_ids.len())
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(project_id)
        .bind(user_id)
        .bind(kind.as_str())
        .bind(attached_id);
    for id in photo_ids {
        q = q.bind(id);
    }
    let found: i64 = q.fetch_one(&mut **tx).await?;
    if found != photo_ids.len() as i64 {
        return Err(AppError::field(
            field,
            FieldReason::NotAllowed,
            "some photos are not your uploads for this project, or are already used",
        ));
    }
    for (pos, id) in photo_ids.iter().enumerate() {
        sqlx::query(
            "UPDATE photos SET attached_kind = $1, attached_id = $2, position = $3 WHERE id = $4",
        )
        .bind(kind.as_str())
        .bind(attached_id)
        .bind(pos as i64)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The photos attached to some records of one kind, in order.
pub async fn for_attached(db: &Db, kind: AttachedTo, ids: &[String]) -> AppResult<Vec<PhotoRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{SELECT_PHOTO} WHERE attached_kind = $1 AND attached_id IN ({}) ORDER BY attached_id, position",
        super::placeholders(2, ids.len())
    );
    let mut q = sqlx::query_as::<_, PhotoRow>(&sql).bind(kind.as_str());
    for id in ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// Number of photo records (tests and housekeeping).
pub async fn count(db: &Db) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM photos")
        .fetch_one(&db.pool)
        .await?)
}
