//! The staff's service queue, a page at a time: the company's open items in the order of
//! their nearest open deadline (kept on the item as `queue_due_at`, filled in by the server
//! because it depends on the company's service levels), filtered by kind and searched on the
//! server, in one query per page.

use super::service::{ItemRow, SELECT_ITEM};
use super::Db;
use crate::domain::paging::KeyCursor;
use crate::domain::service_desk::ServiceKind;
use crate::server::error::AppResult;

/// The queue key of an item with no open deadline: listed last.
pub const NO_DUE: i64 = i64::MAX;

/// What the staff ask of the queue.
#[derive(Debug, Default)]
pub struct QueueFilter {
    pub kind: Option<ServiceKind>,
    /// Words in the item's title, the project's title or the homeowner's name (trimmed).
    pub search: String,
    pub after: Option<KeyCursor>,
    pub limit: u32,
}

/// The company's open items whose queue key is not computed yet (new ones, changed ones, all
/// of them after a settings change): usually none.
pub async fn unkeyed(db: &Db, company_id: &str) -> AppResult<Vec<ItemRow>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT_ITEM} WHERE i.company_id = $1 AND i.closed_at IS NULL AND i.queue_due_at IS NULL"
    ))
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Stores computed queue keys `(item, version it was computed from, key)`, in one
/// transaction; an item changed meanwhile keeps its empty key for the next read.
pub async fn set_keys(db: &Db, keys: &[(String, i64, i64)]) -> AppResult<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let mut tx = db.write().await?;
    for (id, version, due) in keys {
        sqlx::query(
            "UPDATE service_items SET queue_due_at = $1 \
             WHERE id = $2 AND version = $3 AND queue_due_at IS NULL",
        )
        .bind(due)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The page query: `$1` company, `$2` kind or '', `$3` a LIKE pattern or '', `$4` rows, then
/// `$5`/`$6` the cursor when there is one.
pub(super) fn page_sql(with_cursor: bool) -> String {
    let keyset = if with_cursor {
        "AND (i.queue_due_at > $5 OR (i.queue_due_at = $5 AND i.id > $6))"
    } else {
        ""
    };
    format!(
        "{SELECT_ITEM} WHERE i.company_id = $1 AND i.closed_at IS NULL \
         AND i.queue_due_at IS NOT NULL AND ($2 = '' OR i.kind = $2) \
         AND ($3 = '' OR LOWER(i.title) LIKE $3 ESCAPE '\\' OR LOWER(p.title) LIKE $3 ESCAPE '\\' \
              OR LOWER(h.name) LIKE $3 ESCAPE '\\') {keyset} \
         ORDER BY i.queue_due_at, i.id LIMIT $4"
    )
}

/// One page of the queue (one row more than asked, so the caller knows whether another
/// follows).
pub async fn page(db: &Db, company_id: &str, f: &QueueFilter) -> AppResult<Vec<ItemRow>> {
    let sql = page_sql(f.after.is_some());
    let mut q = sqlx::query_as::<_, ItemRow>(&sql)
        .bind(company_id)
        .bind(f.kind.map(ServiceKind::as_str).unwrap_or(""))
        .bind(super::projects::contains_pattern(&f.search))
        .bind(i64::from(f.limit) + 1);
    if let Some(c) = &f.after {
        q = q.bind(c.key).bind(c.id.clone());
    }
    Ok(q.fetch_all(&db.pool).await?)
}
