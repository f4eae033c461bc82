//! The staff's service queue, a page at a time: the company's open items in the order of
//! their nearest open deadline (kept on the item as `queue_due_at`, computed by the server
//! because it depends on the company's service levels, and stored in the transaction of
//! every change that can move it), filtered by kind and searched on the server, in one
//! query per page. Reading the queue never writes.

use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

use super::select;
use super::service::{self, ItemRow, SELECT_ITEM};
use super::Db;
use crate::domain::service_desk::{is_closed, ItemStatus, ServiceKind};
use crate::domain::service_levels::ServiceLevelConfig;
use crate::server::breaches;
use crate::server::clock::from_ms;
use crate::server::error::AppResult;
use crate::server::extractors::ListQuery;

/// The queue key of an item with no open deadline: listed last.
pub const NO_DUE: i64 = i64::MAX;

/// The item's place in the queue: its nearest open deadline in milliseconds (the same one
/// its view shows as `next_due`), or [`NO_DUE`] when none is open. The deadlines depend on
/// the item and the company's service levels, not on the clock.
pub fn key(r: &ItemRow, cfg: &ServiceLevelConfig, now: DateTime<Utc>) -> AppResult<i64> {
    if is_closed(r.kind()?, r.status()?) {
        return Ok(NO_DUE);
    }
    Ok(breaches::clocks(r, cfg, now)?
        .into_iter()
        .filter(|c| c.met_at.is_none())
        .map(|c| c.deadline.due_at.timestamp_millis())
        .min()
        .unwrap_or(NO_DUE))
}

/// Stores the item's queue key, inside the transaction of the change that may move it (its
/// filing, a status change): a queue read never writes.
pub async fn rekey(tx: &mut Transaction<'_, Any>, item_id: &str, now_ms: i64) -> AppResult<()> {
    rekey_where(tx, "i.id = $1", item_id, now_ms).await
}

/// Stores the queue keys of every open item of a company, inside the transaction that saves
/// its service levels (the deadlines move with the targets).
pub async fn rekey_company(
    tx: &mut Transaction<'_, Any>,
    company_id: &str,
    now_ms: i64,
) -> AppResult<()> {
    rekey_where(
        tx,
        "i.company_id = $1 AND i.closed_at IS NULL",
        company_id,
        now_ms,
    )
    .await
}

/// Keys the open items stored without one (by a version before keys were stored with every
/// change), company by company; run once at start-up, usually finding none.
pub async fn backfill(db: &Db, now_ms: i64) -> AppResult<()> {
    let companies: Vec<String> = sqlx::query_scalar(UNKEYED_COMPANIES)
        .fetch_all(&db.pool)
        .await?;
    for company_id in companies {
        let mut tx = db.write().await?;
        rekey_where(
            &mut tx,
            "i.company_id = $1 AND i.closed_at IS NULL AND i.queue_due_at IS NULL",
            &company_id,
            now_ms,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The companies with open items not keyed yet (on the partial index `service_items_unkeyed`).
pub(super) const UNKEYED_COMPANIES: &str = "SELECT DISTINCT company_id FROM service_items \
    WHERE closed_at IS NULL AND queue_due_at IS NULL";

/// Computes and stores the keys of the items matching `condition` (on `$1` = `arg`), all of
/// one company, with its service levels as the transaction sees them.
async fn rekey_where(
    tx: &mut Transaction<'_, Any>,
    condition: &str,
    arg: &str,
    now_ms: i64,
) -> AppResult<()> {
    let rows: Vec<ItemRow> =
        select::all(&mut **tx, &format!("WHERE {condition}"), &[arg.into()]).await?;
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let (cfg, _) = service::settings_in(&mut **tx, &first.company_id).await?;
    let now = from_ms(now_ms);
    for r in &rows {
        sqlx::query("UPDATE service_items SET queue_due_at = $1 WHERE id = $2")
            .bind(key(r, &cfg, now)?)
            .bind(&r.id)
            .execute(&mut **tx)
            .await?;
    }
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
pub async fn page(
    db: &Db,
    company_id: &str,
    f: &ListQuery<ServiceKind>,
) -> AppResult<Vec<ItemRow>> {
    let sql = page_sql(f.after.is_some());
    let mut q = sqlx::query_as::<_, ItemRow>(&sql)
        .bind(company_id)
        .bind(f.filter.map(ServiceKind::as_str).unwrap_or(""))
        .bind(super::projects::contains_pattern(&f.search))
        .bind(i64::from(f.limit) + 1);
    if let Some(c) = &f.after {
        q = q.bind(c.key).bind(c.id.clone());
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// How many service items are open, by kind, across all companies (the metrics' queue
/// gauges): counted by kind and status, the open ones kept by the domain's rule.
pub async fn open_by_kind(db: &Db) -> AppResult<Vec<(ServiceKind, i64)>> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT kind, status, COUNT(*) FROM service_items GROUP BY kind, status")
            .fetch_all(&db.pool)
            .await?;
    let mut open: Vec<(ServiceKind, i64)> = Vec::new();
    for (kind, status, n) in rows {
        let (Some(kind), Some(status)) = (ServiceKind::parse(&kind), ItemStatus::parse(&status))
        else {
            continue;
        };
        if is_closed(kind, status) {
            continue;
        }
        match open.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, total)) => *total += n,
            None => open.push((kind, n)),
        }
    }
    Ok(open)
}
