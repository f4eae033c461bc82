//! Node inspections: each project's six nodes, the company checklists, recorded item results,
//! rework orders and the event log. Status changes are guarded by a version number, so two
//! people acting at once cannot both win.

use sqlx::{Any, FromRow, Transaction};

use super::select::{self, Selected};
use super::versions::{self, SettingsDoc};
use super::Db;
use crate::domain::error::FieldReason;
use crate::domain::inspections::{
    default_checklist_items, ChecklistItem, InspectionInput, ItemResult, NodeEvent, NodeKind,
    NodeStatus,
};
use crate::domain::photos::AttachedTo;
use crate::server::error::{AppError, AppResult};

/// A project's node row, with the inspector's display name.
#[derive(Debug, Clone, FromRow)]
pub struct NodeRow {
    pub id: String,
    pub project_id: String,
    pub kind: String,
    pub status: String,
    pub scheduled_at: Option<i64>,
    pub inspected_at: Option<i64>,
    pub inspector_name: Option<String>,
    pub third_party_invited: i64,
    pub first_pass: Option<i64>,
    pub passed_at: Option<i64>,
    pub signed_off_at: Option<i64>,
    pub dispute_reason: Option<String>,
    pub version: i64,
}

impl NodeRow {
    /// The node kind (rows only ever hold valid ones).
    pub fn kind(&self) -> AppResult<NodeKind> {
        NodeKind::parse(&self.kind).ok_or_else(|| AppError::internal("unknown node kind"))
    }
    /// The node status.
    pub fn status(&self) -> AppResult<NodeStatus> {
        NodeStatus::parse(&self.status).ok_or_else(|| AppError::internal("unknown node status"))
    }
}

const SELECT_NODE: &str = "SELECT n.id, n.project_id, n.kind, n.status, n.scheduled_at, \
    n.inspected_at, u.name AS inspector_name, n.third_party_invited, n.first_pass, n.passed_at, \
    n.signed_off_at, n.dispute_reason, n.version \
    FROM project_nodes n LEFT JOIN users u ON u.id = n.inspector_id";

/// A recorded checklist result.
#[derive(Debug, Clone, FromRow)]
pub struct ItemResultRow {
    pub node_id: String,
    pub item_id: String,
    pub text: String,
    pub result: String,
    pub note: String,
}

/// A rework order.
#[derive(Debug, Clone, FromRow)]
pub struct ReworkRow {
    pub id: String,
    pub node_id: String,
    pub project_id: String,
    pub item_id: String,
    pub item_text: String,
    pub note: String,
    pub failed_at: i64,
    pub due_at: i64,
    pub closed_at: Option<i64>,
    pub closing_note: String,
}

const SELECT_REWORK: &str = "SELECT id, node_id, project_id, item_id, item_text, note, \
    failed_at, due_at, closed_at, closing_note FROM rework_items";

/// The attachment key of an item's photos.
pub fn item_photo_key(node_id: &str, item_id: &str) -> String {
    format!("{node_id}/{item_id}")
}

/// Seeds the company's checklists from the shared defaults the first time they are needed.
pub async fn ensure_checklists(db: &Db, company_id: &str) -> AppResult<()> {
    let have: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM checklist_items WHERE company_id = $1")
            .bind(company_id)
            .fetch_one(&db.pool)
            .await?;
    if have > 0 {
        return Ok(());
    }
    let mut tx = db.write().await?;
    for kind in NodeKind::ALL {
        let items = default_checklist_items(kind);
        insert_items(
            &mut tx,
            (company_id, kind),
            &items,
            "ON CONFLICT DO NOTHING",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stores a node kind's checklist items in order (`on_conflict`: what to do with one
/// already there, or nothing).
async fn insert_items(
    tx: &mut Transaction<'_, Any>,
    (company_id, kind): (&str, NodeKind),
    items: &[ChecklistItem],
    on_conflict: &str,
) -> AppResult<()> {
    let sql = format!(
        "INSERT INTO checklist_items (company_id, node_kind, item_id, position, text) \
         VALUES ($1, $2, $3, $4, $5) {on_conflict}"
    );
    for (pos, item) in items.iter().enumerate() {
        sqlx::query(&sql)
            .bind(company_id)
            .bind(kind.as_str())
            .bind(&item.id)
            .bind(pos as i64)
            .bind(&item.text)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The company's checklist for a node, in order.
pub async fn checklist(db: &Db, company_id: &str, kind: NodeKind) -> AppResult<Vec<ChecklistItem>> {
    ensure_checklists(db, company_id).await?;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT item_id, text FROM checklist_items WHERE company_id = $1 AND node_kind = $2 \
         ORDER BY position",
    )
    .bind(company_id)
    .bind(kind.as_str())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, text)| ChecklistItem { id, text })
        .collect())
}

/// Every checklist of the company, by node kind, in order (one query for the progress view).
pub async fn all_checklists(
    db: &Db,
    company_id: &str,
) -> AppResult<std::collections::HashMap<String, Vec<ChecklistItem>>> {
    ensure_checklists(db, company_id).await?;
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT node_kind, item_id, text FROM checklist_items WHERE company_id = $1 \
         ORDER BY node_kind, position",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?;
    let mut by_kind: std::collections::HashMap<String, Vec<ChecklistItem>> = Default::default();
    for (kind, id, text) in rows {
        by_kind
            .entry(kind)
            .or_default()
            .push(ChecklistItem { id, text });
    }
    Ok(by_kind)
}

/// Replaces the company's checklist for a node (admin), made from version `base_version` of
/// it (409 `stale_revision` when another edit came first). Recorded results keep their text.
pub async fn replace_checklist(
    db: &Db,
    company_id: &str,
    kind: NodeKind,
    items: &[ChecklistItem],
    base_version: Option<i64>,
) -> AppResult<()> {
    ensure_checklists(db, company_id).await?;
    let mut tx = db.write().await?;
    versions::advance(
        &mut tx,
        company_id,
        SettingsDoc::Checklist(kind),
        base_version,
    )
    .await?;
    sqlx::query("DELETE FROM checklist_items WHERE company_id = $1 AND node_kind = $2")
        .bind(company_id)
        .bind(kind.as_str())
        .execute(&mut *tx)
        .await?;
    insert_items(&mut tx, (company_id, kind), items, "").await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the project's six nodes if they are not there yet.
pub async fn ensure_nodes(db: &Db, project_id: &str) -> AppResult<()> {
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM project_nodes WHERE project_id = $1")
        .bind(project_id)
        .fetch_one(&db.pool)
        .await?;
    if have as usize == NodeKind::ALL.len() {
        return Ok(());
    }
    for kind in NodeKind::ALL {
        sqlx::query(
            "INSERT INTO project_nodes (id, project_id, kind, position, status, version) \
             VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT (project_id, kind) DO NOTHING",
        )
        .bind(super::new_id())
        .bind(project_id)
        .bind(kind.as_str())
        .bind(kind.index() as i64)
        .bind(NodeStatus::Upcoming.as_str())
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// The project's nodes in order (created on first use).
pub async fn for_project(db: &Db, project_id: &str) -> AppResult<Vec<NodeRow>> {
    ensure_nodes(db, project_id).await?;
    let tail = "WHERE n.project_id = $1 ORDER BY n.position";
    select::all(&db.pool, tail, &[project_id.into()]).await
}

/// One node of a project.
pub async fn one(db: &Db, project_id: &str, kind: NodeKind) -> AppResult<NodeRow> {
    ensure_nodes(db, project_id).await?;
    let tail = "WHERE n.project_id = $1 AND n.kind = $2";
    select::optional(&db.pool, tail, &[project_id.into(), kind.as_str().into()])
        .await?
        .ok_or_else(AppError::not_found)
}

/// Recorded results of some nodes.
pub async fn item_results(db: &Db, node_ids: &[String]) -> AppResult<Vec<ItemResultRow>> {
    super::rows_in(
        db,
        "SELECT node_id, item_id, text, result, note FROM node_item_results \
         WHERE node_id IN ({ids}) ORDER BY node_id, position",
        node_ids,
    )
    .await
}

/// Rework orders of some nodes, oldest first.
pub async fn rework_for(db: &Db, node_ids: &[String]) -> AppResult<Vec<ReworkRow>> {
    super::rows_in(
        db,
        &format!("{SELECT_REWORK} WHERE node_id IN ({{ids}}) ORDER BY failed_at, id"),
        node_ids,
    )
    .await
}

impl Selected for NodeRow {
    const SELECT: &'static str = SELECT_NODE;
}

impl Selected for ReworkRow {
    const SELECT: &'static str = SELECT_REWORK;
}

/// One rework order.
pub async fn rework_one(db: &Db, id: &str) -> AppResult<Option<ReworkRow>> {
    select::optional(&db.pool, "WHERE id = $1", &[id.into()]).await
}

/// Open rework orders of a node.
pub async fn open_rework_count<'e>(
    ex: impl sqlx::Executor<'e, Database = Any>,
    node_id: &str,
) -> AppResult<usize> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM rework_items WHERE node_id = $1 AND closed_at IS NULL",
    )
    .bind(node_id)
    .fetch_one(ex)
    .await?;
    Ok(n as usize)
}

/// Moves a node from the status it was read in to `to`; refuses with 409 when someone else
/// changed it meanwhile (version guard).
pub async fn set_status(
    tx: &mut Transaction<'_, Any>,
    node: &NodeRow,
    to: NodeStatus,
) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE project_nodes SET status = $1, version = version + 1 WHERE id = $2 AND version = $3",
    )
    .bind(to.as_str())
    .bind(&node.id)
    .bind(node.version)
    .execute(&mut **tx)
    .await?;
    versions::changed_one(&done, "the node")
}

/// What happened to a node, stamped on its row (beside the status, which [`set_status`]
/// moves under the version guard).
pub enum Stamp<'a> {
    /// The inspection time, and whether a third-party supervisor is invited.
    Scheduled { at_ms: i64, third_party: bool },
    /// Who inspected and when (an earlier dispute is cleared).
    Inspected { by: &'a str, at_ms: i64 },
    /// Passed; `first_pass` when it never needed rework.
    Passed { at_ms: i64, first_pass: bool },
    /// The homeowner's signature.
    SignedOff {
        by: &'a str,
        at_ms: i64,
        note: &'a str,
    },
    /// The homeowner's dispute.
    Disputed { at_ms: i64, reason: &'a str },
}

/// Stamps what happened on the node's row.
pub async fn stamp(tx: &mut Transaction<'_, Any>, node_id: &str, s: Stamp<'_>) -> AppResult<()> {
    let update = |sql: &'static str| sqlx::query(sql).bind(node_id.to_string());
    let query = match s {
        Stamp::Scheduled { at_ms, third_party } => update(
            "UPDATE project_nodes SET scheduled_at = $2, third_party_invited = $3 WHERE id = $1",
        )
        .bind(at_ms)
        .bind(i64::from(third_party)),
        Stamp::Inspected { by, at_ms } => update(
            "UPDATE project_nodes SET inspector_id = $2, inspected_at = $3, dispute_reason = NULL, \
             disputed_at = NULL WHERE id = $1",
        )
        .bind(by)
        .bind(at_ms),
        Stamp::Passed { at_ms, first_pass } => {
            update("UPDATE project_nodes SET passed_at = $2, first_pass = $3 WHERE id = $1")
                .bind(at_ms)
                .bind(i64::from(first_pass))
        }
        Stamp::SignedOff { by, at_ms, note } => update(
            "UPDATE project_nodes SET signed_off_by = $2, signed_off_at = $3, sign_off_note = $4 \
             WHERE id = $1",
        )
        .bind(by)
        .bind(at_ms)
        .bind(note),
        Stamp::Disputed { at_ms, reason } => {
            update("UPDATE project_nodes SET disputed_at = $2, dispute_reason = $3 WHERE id = $1")
                .bind(at_ms)
                .bind(reason)
        }
    };
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Appends an event to the node's log.
pub async fn log_event(
    tx: &mut Transaction<'_, Any>,
    node_id: &str,
    actor_id: &str,
    event: &NodeEvent,
    (from, to): (NodeStatus, NodeStatus),
    detail: &str,
    now_ms: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO inspection_events (id, node_id, actor_id, event, from_status, to_status, detail, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(super::new_id())
    .bind(node_id)
    .bind(actor_id)
    .bind(event.as_str())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(detail)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores item results (replacing earlier ones of the same items), attaches their photos and
/// opens a rework order for each failed item that has none open. Returns how many opened.
pub async fn record_results(
    tx: &mut Transaction<'_, Any>,
    node: &NodeRow,
    checklist: &[ChecklistItem],
    input: &InspectionInput,
    inspector_id: &str,
    now_ms: i64,
    rework_due_ms: i64,
) -> AppResult<usize> {
    let mut opened = 0;
    for it in &input.items {
        let (pos, text) = checklist
            .iter()
            .enumerate()
            .find(|(_, c)| c.id == it.item_id)
            .map(|(i, c)| (i as i64, c.text.clone()))
            .ok_or_else(|| {
                AppError::field(
                    "items",
                    FieldReason::NotAllowed,
                    "an item is not on this checklist",
                )
            })?;
        sqlx::query("DELETE FROM node_item_results WHERE node_id = $1 AND item_id = $2")
            .bind(&node.id)
            .bind(&it.item_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO node_item_results (node_id, item_id, position, text, result, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&node.id)
        .bind(&it.item_id)
        .bind(pos)
        .bind(&text)
        .bind(it.result.as_str())
        .bind(&it.note)
        .bind(inspector_id)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
        let key = item_photo_key(&node.id, &it.item_id);
        sqlx::query(
            "UPDATE photos SET position = NULL WHERE attached_kind = 'inspection_item' AND attached_id = $1",
        )
        .bind(&key)
        .execute(&mut **tx)
        .await?;
        super::photos::attach(
            tx,
            &node.project_id,
            inspector_id,
            AttachedTo::InspectionItem,
            &key,
            &it.photo_ids,
            "photo_ids",
        )
        .await?;
        if it.result == ItemResult::Fail {
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM rework_items WHERE node_id = $1 AND item_id = $2 AND closed_at IS NULL",
            )
            .bind(&node.id)
            .bind(&it.item_id)
            .fetch_one(&mut **tx)
            .await?;
            if open == 0 {
                sqlx::query(
                    "INSERT INTO rework_items (id, node_id, project_id, item_id, item_text, note, failed_at, due_at, closing_note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '')",
                )
                .bind(super::new_id())
                .bind(&node.id)
                .bind(&node.project_id)
                .bind(&it.item_id)
                .bind(&text)
                .bind(&it.note)
                .bind(now_ms)
                .bind(rework_due_ms)
                .execute(&mut **tx)
                .await?;
                opened += 1;
            }
        }
    }
    Ok(opened)
}

/// Closes an open rework order with its note and "after" photos; 409 if already closed.
pub async fn close_rework(
    tx: &mut Transaction<'_, Any>,
    rework: &ReworkRow,
    user_id: &str,
    note: &str,
    photo_ids: &[String],
    now_ms: i64,
) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE rework_items SET closed_at = $1, closed_by = $2, closing_note = $3 \
         WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(now_ms)
    .bind(user_id)
    .bind(note)
    .bind(&rework.id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::conflict("this rework is already closed"));
    }
    super::photos::attach(
        tx,
        &rework.project_id,
        user_id,
        AttachedTo::Rework,
        &rework.id,
        photo_ids,
        "photo_ids",
    )
    .await
}

/// Did the node ever open rework (for the first-pass rate)?
pub async fn ever_reworked(tx: &mut Transaction<'_, Any>, node_id: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rework_items WHERE node_id = $1")
        .bind(node_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

/// How many checklist items of the node have a recorded result.
pub async fn recorded_item_ids(db: &Db, node_id: &str) -> AppResult<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT item_id FROM node_item_results WHERE node_id = $1")
            .bind(node_id)
            .fetch_all(&db.pool)
            .await?,
    )
}
