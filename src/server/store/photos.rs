//! Photo records; the bytes live in the photo storage.

use sqlx::FromRow;

use super::Db;
use crate::server::error::AppResult;

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
}

const SELECT_PHOTO: &str = "SELECT id, project_id, uploaded_by, entry_id, position, kind, width, \
    height, bytes, created_at FROM photos";

/// A new, not yet attached photo.
pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub project_id: &'a str,
    pub uploaded_by: &'a str,
    pub kind: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// Records an uploaded photo (not yet part of an entry).
pub async fn insert(db: &Db, p: NewPhoto<'_>, now_ms: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO photos (id, project_id, uploaded_by, entry_id, position, kind, width, height, bytes, created_at) \
         VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6, $7, $8)",
    )
    .bind(p.id)
    .bind(p.project_id)
    .bind(p.uploaded_by)
    .bind(p.kind)
    .bind(p.width as i64)
    .bind(p.height as i64)
    .bind(p.bytes as i64)
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// One photo by id.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<PhotoRow>> {
    Ok(sqlx::query_as(&format!("{SELECT_PHOTO} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

/// The shown photos of some entries, in order.
pub async fn for_entries(db: &Db, entry_ids: &[String]) -> AppResult<Vec<PhotoRow>> {
    if entry_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{SELECT_PHOTO} WHERE position IS NOT NULL AND entry_id IN ({}) ORDER BY entry_id, position",
        super::placeholders(1, entry_ids.len())
    );
    let mut q = sqlx::query_as::<_, PhotoRow>(&sql);
    for id in entry_ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// Deletes a photo record that belongs to no entry.
pub async fn delete_unattached(db: &Db, id: &str) -> AppResult<bool> {
    Ok(sqlx::query(
        "DELETE FROM photos WHERE id = $1 AND entry_id IS NULL AND attached_kind IS NULL",
    )
    .bind(id)
    .execute(&db.pool)
    .await?
    .rows_affected()
        == 1)
}

/// Uploads never attached to an entry and older than a moment (to be cleaned up).
pub async fn stale_unattached(db: &Db, before_ms: i64) -> AppResult<Vec<PhotoRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT_PHOTO} WHERE entry_id IS NULL AND attached_kind IS NULL AND created_at < $1 LIMIT 500"
    ))
    .bind(before_ms)
    .fetch_all(&db.pool)
    .await?)
}

/// Number of photo records (tests and housekeeping).
pub async fn count(db: &Db) -> AppResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM photos")
        .fetch_one(&db.pool)
        .await?)
}
