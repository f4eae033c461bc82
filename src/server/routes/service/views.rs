//! Building the views of items: deadlines and clocks, breaches, photos, unread counts, allowed
//! actions, and an item's conversation and audit trail.

use std::collections::HashMap;

use crate::domain::auth::Role;
use crate::domain::photos::{AttachedTo, PhotoRef};
use crate::domain::privacy::mask_name;
use crate::domain::service_desk::{
    allowed_actions, is_closed, AuditChange, AuditEntry, CallbackTopic, DeadlineView, ItemDetail,
    MessageView, ServiceItemView,
};
use crate::domain::service_levels::{Level, ServiceLevelConfig};
use crate::domain::warranty::WarrantyCategory;
use crate::server::breaches;
use crate::server::clock::from_ms;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::Caller;
use crate::server::state::AppState;
use crate::server::store::photos;
use crate::server::store::service::{self, ItemRow};

/// Builds the views of some items for a user: deadlines and clocks on the server's clock,
/// breaches (live or on the record; a read never writes them), photos, unread counts and
/// allowed actions.
pub(super) async fn views(
    state: &AppState,
    user: &Caller,
    rows: Vec<ItemRow>,
    cfg: &ServiceLevelConfig,
) -> AppResult<Vec<ServiceItemView>> {
    let now = state.clock.now();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut breached: HashMap<String, Vec<String>> = HashMap::new();
    for (item, deadline) in service::breaches_for(&state.db, &ids).await? {
        breached.entry(item).or_default().push(deadline);
    }
    let unread: HashMap<String, i64> = service::unread_counts(&state.db, &user.id, &ids)
        .await?
        .into_iter()
        .collect();
    let mut by_item: HashMap<String, Vec<PhotoRef>> = HashMap::new();
    for kind in [AttachedTo::Claim, AttachedTo::Complaint] {
        for p in photos::for_attached(&state.db, kind, &ids).await? {
            if let (Some(key), Some(_)) = (&p.attached_id, p.position) {
                by_item
                    .entry(key.clone())
                    .or_default()
                    .push(PhotoRef::for_id(&p.id, p.width as u32, p.height as u32));
            }
        }
    }
    let staff = user.is_staff();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let kind = r.kind()?;
        let status = r.status()?;
        let recorded = breached.remove(&r.id).unwrap_or_default();
        let dviews: Vec<DeadlineView> = breaches::clocks(&r, cfg, now)?
            .into_iter()
            .map(|c| DeadlineView {
                breached: c.is_breach() || recorded.contains(&c.name),
                what: c.deadline.what,
                due_at: c.deadline.due_at,
                met_at: c.met_at,
                clock: c.clock,
            })
            .collect();
        let closed = is_closed(kind, status);
        let next = dviews
            .iter()
            .filter(|d| d.met_at.is_none() && !closed)
            .min_by_key(|d| d.due_at);
        let clock = next.or(dviews.last()).map(|d| d.clock);
        out.push(ServiceItemView {
            next_due: next.map(|d| d.due_at),
            clock,
            breached: dviews.iter().any(|d| d.breached),
            photos: by_item.remove(&r.id).unwrap_or_default(),
            unread: unread.get(&r.id).copied().unwrap_or(0) as u32,
            actions: allowed_actions(kind, status, staff),
            deadlines: dviews,
            homeowner: mask_name(&r.homeowner_name),
            category: r.category.as_deref().and_then(WarrantyCategory::parse),
            urgency: r.urgency(),
            level: r.level().map(Level::get),
            topic: r.topic.as_deref().and_then(CallbackTopic::parse),
            visit_windows: serde_json::from_str(&r.visit_windows).unwrap_or_default(),
            scheduled_at: r.scheduled_at.map(from_ms),
            slot_starts_at: r.slot_starts_at.map(from_ms),
            slot_ends_at: r.slot_ends_at.map(from_ms),
            assigned_to: r.assigned_name.clone(),
            resolution: r.resolution.clone(),
            reopen_reason: r.reopen_reason.clone(),
            created_at: from_ms(r.created_at),
            id: r.id,
            kind,
            project_id: r.project_id,
            project_title: r.project_title,
            title: r.title,
            body: r.body,
            status,
        });
    }
    Ok(out)
}

pub(super) async fn one_view(
    state: &AppState,
    user: &Caller,
    row: ItemRow,
) -> AppResult<ServiceItemView> {
    let (cfg, _) = service::settings(&state.db, &row.company_id).await?;
    views(state, user, vec![row], &cfg)
        .await?
        .pop()
        .ok_or_else(AppError::not_found)
}

pub(super) async fn detail(state: &AppState, user: &Caller, row: ItemRow) -> AppResult<ItemDetail> {
    let id = row.id.clone();
    let item = one_view(state, user, row).await?;
    let messages = service::messages(&state.db, &id)
        .await?
        .into_iter()
        .map(|m| {
            let from_staff = matches!(Role::parse(&m.author_role), Some(Role::Staff | Role::Admin));
            MessageView {
                mine: m.author_id == user.id,
                // Staff are named; homeowners are masked to other readers.
                author: if from_staff || m.author_id == user.id {
                    m.author_name
                } else {
                    mask_name(&m.author_name)
                },
                from_staff,
                id: m.id,
                body: m.body,
                at: from_ms(m.created_at),
            }
        })
        .collect();
    let audit = service::audit_trail(&state.db, &id)
        .await?
        .into_iter()
        .map(|a| AuditEntry {
            change: AuditChange::from_record(&a.action, &a.from_value, &a.to_value),
            actor: a.actor_name,
            at: from_ms(a.at),
        })
        .collect();
    Ok(ItemDetail {
        item,
        messages,
        audit,
    })
}
