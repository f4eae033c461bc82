//! The service desk's storage: items (claims, callbacks, complaints, follow-ups), callback
//! slots, conversations with read state, the audit trail, recorded breaches and company
//! settings. Status changes are version-guarded; a slot's last place goes to exactly one
//! booking (conditional update).

use sqlx::{Any, FromRow, Transaction};

use super::select::{self, Selected};
use super::Db;
use crate::domain::service_desk::{AuditChange, ItemStatus, MetTimes, ServiceKind};
use crate::domain::service_levels::{Level, ServiceLevelConfig, Urgency};
use crate::domain::warranty::WarrantyConfig;
use crate::domain::ErrorCode;
use crate::server::clock::from_ms;
use crate::server::error::{AppError, AppResult};

/// An item with its project, homeowner, assignee and slot.
#[derive(Debug, Clone, FromRow)]
pub struct ItemRow {
    pub id: String,
    pub company_id: String,
    pub project_id: String,
    pub project_title: String,
    pub homeowner_id: String,
    pub homeowner_name: String,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub body: String,
    pub category: Option<String>,
    pub urgency: String,
    pub level: Option<i64>,
    pub topic: Option<String>,
    pub visit_windows: String,
    pub scheduled_at: Option<i64>,
    pub slot_id: Option<String>,
    pub slot_starts_at: Option<i64>,
    pub slot_ends_at: Option<i64>,
    pub assigned_to: Option<String>,
    pub assigned_name: Option<String>,
    pub first_response_at: Option<i64>,
    pub on_site_at: Option<i64>,
    pub team_at: Option<i64>,
    pub resolution: Option<String>,
    pub reopen_reason: Option<String>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub version: i64,
    /// The queue's order: the nearest open deadline, when computed (see `store::queue`).
    pub queue_due_at: Option<i64>,
}

impl ItemRow {
    /// The kind, refusing a row with an unknown one as a server fault.
    pub fn kind(&self) -> AppResult<ServiceKind> {
        ServiceKind::parse(&self.kind).ok_or_else(|| AppError::internal("unknown item kind"))
    }

    /// The status, refusing a row with an unknown one as a server fault.
    pub fn status(&self) -> AppResult<ItemStatus> {
        ItemStatus::parse(&self.status).ok_or_else(|| AppError::internal("unknown item status"))
    }

    pub fn urgency(&self) -> Urgency {
        Urgency::parse(&self.urgency).unwrap_or_default()
    }

    /// A complaint's level.
    pub fn level(&self) -> Option<Level> {
        self.level
            .and_then(|l| u8::try_from(l).ok())
            .and_then(|l| Level::new(l).ok())
    }

    /// When each promise was kept.
    pub fn met_times(&self) -> MetTimes {
        MetTimes {
            first_response: self.first_response_at.map(from_ms),
            on_site: self.on_site_at.map(from_ms),
            team: self.team_at.map(from_ms),
            closed: self.closed_at.map(from_ms),
        }
    }
}

pub(super) const SELECT_ITEM: &str =
    "SELECT i.id, i.company_id, i.project_id, p.title AS project_title, \
    p.homeowner_id, h.name AS homeowner_name, i.kind, i.status, i.title, i.body, i.category, \
    i.urgency, i.level, i.topic, i.visit_windows, i.scheduled_at, i.slot_id, \
    s.starts_at AS slot_starts_at, s.ends_at AS slot_ends_at, i.assigned_to, \
    a.name AS assigned_name, i.first_response_at, i.on_site_at, i.team_at, i.resolution, \
    i.reopen_reason, i.created_at, i.closed_at, i.version, i.queue_due_at \
    FROM service_items i JOIN projects p ON p.id = i.project_id \
    JOIN users h ON h.id = p.homeowner_id \
    LEFT JOIN users a ON a.id = i.assigned_to \
    LEFT JOIN callback_slots s ON s.id = i.slot_id";

impl Selected for ItemRow {
    const SELECT: &'static str = SELECT_ITEM;
}

/// One item.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<ItemRow>> {
    select::optional(&db.pool, "WHERE i.id = $1", &[id.into()]).await
}

/// A project's items, newest first.
pub async fn for_project(db: &Db, project_id: &str) -> AppResult<Vec<ItemRow>> {
    let tail = "WHERE i.project_id = $1 ORDER BY i.created_at DESC, i.id";
    select::all(&db.pool, tail, &[project_id.into()]).await
}

/// A company's items not yet closed.
pub async fn open_for_company(db: &Db, company_id: &str) -> AppResult<Vec<ItemRow>> {
    let tail = "WHERE i.company_id = $1 AND i.closed_at IS NULL ORDER BY i.created_at";
    select::all(&db.pool, tail, &[company_id.into()]).await
}

/// Items of a company alive at some point in `[from_ms, to_ms)`.
pub async fn alive_between(
    db: &Db,
    company_id: &str,
    from_ms: i64,
    to_ms: i64,
) -> AppResult<Vec<ItemRow>> {
    let tail = "WHERE i.company_id = $1 AND i.created_at < $2 \
        AND (i.closed_at IS NULL OR i.closed_at >= $3) ORDER BY i.created_at";
    let args = [company_id.into(), to_ms.into(), from_ms.into()];
    select::all(&db.pool, tail, &args).await
}

/// What an action changes besides the status; `None` leaves a column as it is. The
/// `first_*` stamps are kept once set.
#[derive(Default)]
pub struct Change {
    pub first_response_at: Option<i64>,
    pub on_site_at: Option<i64>,
    pub team_at: Option<i64>,
    pub scheduled_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub level: Option<i64>,
    pub assigned_to: Option<String>,
    pub resolution: Option<String>,
    pub reopen_reason: Option<String>,
    pub slot_id: Option<String>,
}

/// Applies a status change (version-guarded: 409 if someone changed the item meanwhile).
pub async fn apply(
    tx: &mut Transaction<'_, Any>,
    row: &ItemRow,
    status: ItemStatus,
    c: Change,
    now_ms: i64,
) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE service_items SET status = $1, updated_at = $2, version = version + 1, \
         first_response_at = COALESCE(first_response_at, $3), \
         on_site_at = COALESCE(on_site_at, $4), team_at = COALESCE(team_at, $5), \
         scheduled_at = COALESCE($6, scheduled_at), closed_at = COALESCE($7, closed_at), \
         level = COALESCE($8, level), assigned_to = COALESCE($9, assigned_to), \
         resolution = COALESCE($10, resolution), reopen_reason = COALESCE($11, reopen_reason), \
         slot_id = COALESCE($12, slot_id) \
         WHERE id = $13 AND version = $14",
    )
    .bind(status.as_str())
    .bind(now_ms)
    .bind(c.first_response_at)
    .bind(c.on_site_at)
    .bind(c.team_at)
    .bind(c.scheduled_at)
    .bind(c.closed_at)
    .bind(c.level)
    .bind(c.assigned_to)
    .bind(c.resolution)
    .bind(c.reopen_reason)
    .bind(c.slot_id)
    .bind(&row.id)
    .bind(row.version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::new(
            ErrorCode::StaleRevision,
            "the item was changed by someone else; reload and try again",
        ));
    }
    super::queue::rekey(tx, &row.id, now_ms).await
}

/// Records a change in the audit trail.
pub async fn audit(
    tx: &mut Transaction<'_, Any>,
    item_id: &str,
    actor_id: &str,
    change: &AuditChange,
    now_ms: i64,
) -> AppResult<()> {
    let (action, from, to) = change.to_record();
    sqlx::query(
        "INSERT INTO item_audit (id, item_id, actor_id, action, from_value, to_value, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(super::new_id())
    .bind(item_id)
    .bind(actor_id)
    .bind(action)
    .bind(from)
    .bind(to)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An audit row with the actor's name.
#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub actor_name: String,
    pub action: String,
    pub from_value: String,
    pub to_value: String,
    pub at: i64,
}

/// An item's audit trail, oldest first.
pub async fn audit_trail(db: &Db, item_id: &str) -> AppResult<Vec<AuditRow>> {
    Ok(sqlx::query_as(
        "SELECT u.name AS actor_name, a.action, a.from_value, a.to_value, a.at \
         FROM item_audit a JOIN users u ON u.id = a.actor_id WHERE a.item_id = $1 ORDER BY a.at, a.id",
    )
    .bind(item_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Records that a deadline was seen breached (once; it stays on the record).
pub async fn record_breach<'e, E: sqlx::Executor<'e, Database = Any>>(
    db: E,
    item_id: &str,
    deadline: &str,
    due_ms: i64,
    now_ms: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO item_breaches (item_id, deadline, due_at, recorded_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (item_id, deadline) DO NOTHING",
    )
    .bind(item_id)
    .bind(deadline)
    .bind(due_ms)
    .bind(now_ms)
    .execute(db)
    .await?;
    Ok(())
}

/// Every company's id (the housekeeping sweeps go company by company).
pub async fn companies(db: &Db) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM companies ORDER BY id")
        .fetch_all(&db.pool)
        .await?)
}

/// Recorded breaches `(item, deadline)` of some items.
pub async fn breaches_for(db: &Db, item_ids: &[String]) -> AppResult<Vec<(String, String)>> {
    super::rows_in(
        db,
        "SELECT item_id, deadline FROM item_breaches WHERE item_id IN ({ids})",
        item_ids,
    )
    .await
}

/// A message with its author.
#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub author_role: String,
    pub body: String,
    pub created_at: i64,
}

/// An item's conversation, oldest first.
pub async fn messages(db: &Db, item_id: &str) -> AppResult<Vec<MessageRow>> {
    Ok(sqlx::query_as(
        "SELECT m.id, m.author_id, u.name AS author_name, u.role AS author_role, m.body, m.created_at \
         FROM item_messages m JOIN users u ON u.id = m.author_id WHERE m.item_id = $1 ORDER BY m.created_at, m.id",
    )
    .bind(item_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Adds a message.
pub async fn add_message(
    tx: &mut Transaction<'_, Any>,
    item_id: &str,
    author_id: &str,
    body: &str,
    now_ms: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO item_messages (id, item_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(super::new_id())
    .bind(item_id)
    .bind(author_id)
    .bind(body)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks an item's conversation read by a user up to now.
pub async fn mark_read(db: &Db, item_id: &str, user_id: &str, now_ms: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO item_reads (item_id, user_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (item_id, user_id) DO UPDATE SET read_at = excluded.read_at",
    )
    .bind(item_id)
    .bind(user_id)
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Unread messages per item for a user: those by others after the user's last read.
pub async fn unread_counts(
    db: &Db,
    user_id: &str,
    item_ids: &[String],
) -> AppResult<Vec<(String, i64)>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT m.item_id, COUNT(*) FROM item_messages m \
         LEFT JOIN item_reads r ON r.item_id = m.item_id AND r.user_id = $1 \
         WHERE m.author_id <> $1 AND m.created_at > COALESCE(r.read_at, 0) AND m.item_id IN ({}) \
         GROUP BY m.item_id",
        super::placeholders(2, item_ids.len())
    );
    let mut q = sqlx::query_as::<_, (String, i64)>(&sql).bind(user_id);
    for id in item_ids {
        q = q.bind(id);
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// A callback slot.
#[derive(Debug, Clone, FromRow)]
pub struct SlotRow {
    pub id: String,
    pub company_id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub booked: i64,
}

/// Opens a slot.
pub async fn create_slot(
    db: &Db,
    company_id: &str,
    starts_ms: i64,
    ends_ms: i64,
    capacity: i64,
    by: &str,
    now_ms: i64,
) -> AppResult<String> {
    let id = super::new_id();
    sqlx::query(
        "INSERT INTO callback_slots (id, company_id, starts_at, ends_at, capacity, booked, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
    )
    .bind(&id)
    .bind(company_id)
    .bind(starts_ms)
    .bind(ends_ms)
    .bind(capacity)
    .bind(by)
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// A company's slots that have not started yet (with room or not), soonest first.
pub async fn upcoming_slots(db: &Db, company_id: &str, now_ms: i64) -> AppResult<Vec<SlotRow>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, starts_at, ends_at, capacity, booked FROM callback_slots \
         WHERE company_id = $1 AND starts_at > $2 ORDER BY starts_at LIMIT 200",
    )
    .bind(company_id)
    .bind(now_ms)
    .fetch_all(&db.pool)
    .await?)
}

/// One slot.
pub async fn slot(db: &Db, id: &str) -> AppResult<Option<SlotRow>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, starts_at, ends_at, capacity, booked FROM callback_slots WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Takes a place in a slot: one conditional update, so when two people take the last place
/// at the same moment exactly one succeeds. False when full or already started.
pub async fn take_place(
    tx: &mut Transaction<'_, Any>,
    slot_id: &str,
    company_id: &str,
    now_ms: i64,
) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE callback_slots SET booked = booked + 1 \
         WHERE id = $1 AND company_id = $2 AND booked < capacity AND starts_at > $3",
    )
    .bind(slot_id)
    .bind(company_id)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a place back (cancelled or moved callback).
pub async fn release_place(tx: &mut Transaction<'_, Any>, slot_id: &str) -> AppResult<()> {
    sqlx::query("UPDATE callback_slots SET booked = booked - 1 WHERE id = $1 AND booked > 0")
        .bind(slot_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The company's service levels and warranty settings (defaults until changed).
pub async fn settings(
    db: &Db,
    company_id: &str,
) -> AppResult<(ServiceLevelConfig, WarrantyConfig)> {
    settings_in(&db.pool, company_id).await
}

/// [`settings`] as a transaction (or another executor) sees them.
pub async fn settings_in<'e, E: sqlx::Executor<'e, Database = Any>>(
    e: E,
    company_id: &str,
) -> AppResult<(ServiceLevelConfig, WarrantyConfig)> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT service_levels, warranty FROM company_settings WHERE company_id = $1",
    )
    .bind(company_id)
    .fetch_optional(e)
    .await?;
    Ok(match row {
        None => Default::default(),
        Some((levels, warranty)) => (
            serde_json::from_str(&levels).unwrap_or_default(),
            serde_json::from_str(&warranty).unwrap_or_default(),
        ),
    })
}

/// Stores the company's settings, made from version `base_version` of them (409
/// `stale_revision` when another edit came first).
pub async fn save_settings(
    db: &Db,
    company_id: &str,
    (levels, warranty): (&ServiceLevelConfig, &WarrantyConfig),
    base_version: Option<i64>,
    now_ms: i64,
) -> AppResult<()> {
    let levels = serde_json::to_string(levels).map_err(|e| AppError::internal(e.to_string()))?;
    let warranty =
        serde_json::to_string(warranty).map_err(|e| AppError::internal(e.to_string()))?;
    let mut tx = db.write().await?;
    super::versions::advance(
        &mut tx,
        company_id,
        super::versions::SettingsDoc::ServiceLevels,
        base_version,
    )
    .await?;
    sqlx::query(
        "INSERT INTO company_settings (company_id, service_levels, warranty, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (company_id) DO UPDATE SET service_levels = excluded.service_levels, \
         warranty = excluded.warranty, updated_at = excluded.updated_at",
    )
    .bind(company_id)
    .bind(levels)
    .bind(warranty)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    // The deadlines move with the targets: the queue's order is computed again.
    super::queue::rekey_company(&mut tx, company_id, now_ms).await?;
    tx.commit().await?;
    Ok(())
}

/// The company's staff and admins `(id, name)`, to assign items to.
pub async fn staff_of(db: &Db, company_id: &str) -> AppResult<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM users WHERE company_id = $1 AND role IN ('staff', 'admin') ORDER BY name",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}
