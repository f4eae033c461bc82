//! The service desk: homeowners file warranty claims (coverage checked first), book callbacks
//! into slots and raise complaints; staff work one queue sorted by the nearest deadline, with
//! each item's service-level clock computed here on the server's clock. Every change is
//! audit-logged; every item has a conversation with read state.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::error::FieldReason;
use crate::domain::photos::AttachedTo;
use crate::domain::privacy::mask_name;
use crate::domain::service_desk::{
    allowed_actions, backlog, is_closed, next_status, validate_period, ActionError, AuditChange,
    AuditEntry, CallbackInput, CallbackTopic, ComplaintInput, DeadlineView, ItemAction, ItemDetail,
    ItemStatus, KindCount, MessageInput, MessageView, Metrics, MoveCallback, ServiceItemView,
    ServiceKind, SlotInput,
};
use crate::domain::service_levels::{
    average_first_response_secs, local_day_end, local_day_start, share_within_target, Level,
    ServiceLevelConfig, Urgency,
};
use crate::domain::warranty::{
    coverage, CallbackSlot, ClaimInput, Coverage, WarrantyCategory, WarrantyConfig,
};
use crate::domain::{ApiErrorBody, ErrorCode};
use crate::server::breaches;
use crate::server::clock::from_ms;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{ApiJson, Caller, Staff};
use crate::server::state::AppState;
use crate::server::store::photos;
use crate::server::store::projects::{self, ProjectRow};
use crate::server::store::service::{self, Change, ItemRow, NewItem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(warranty_coverage))
        .routes(routes!(file_claim))
        .routes(routes!(book_callback))
        .routes(routes!(raise_complaint))
        .routes(routes!(project_items))
        .routes(routes!(item_detail))
        .routes(routes!(act_on_item))
        .routes(routes!(move_callback))
        .routes(routes!(post_message))
        .routes(routes!(mark_read))
        .routes(routes!(list_slots, create_slot))
        .routes(routes!(queue))
        .routes(routes!(metrics))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(staff_list))
}

/// The project's homeowner only (claims, callbacks and complaints are theirs to raise).
fn require_owner(user: &Caller, project: &ProjectRow) -> AppResult<()> {
    if user.role == Role::Homeowner && project.homeowner_id == user.id {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only the project's homeowner raises this",
        ))
    }
}

/// Homeowners see their own projects' items, staff their company's; crews none.
async fn visible_item(state: &AppState, user: &Caller, id: &str) -> AppResult<ItemRow> {
    let row = service::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if user.role == Role::Crew {
        return Err(AppError::not_found());
    }
    projects::visible_one(&state.db, user, &row.project_id).await?;
    Ok(row)
}

fn action_error(e: ActionError) -> AppError {
    match e {
        ActionError::Invalid(f) => f.into(),
        ActionError::WrongRole(_) => AppError::forbidden(e.to_string()),
        ActionError::Illegal { .. } => AppError::conflict(e.to_string()),
    }
}

/// Builds the views of some items for a user: deadlines and clocks on the server's clock,
/// breaches (live or on the record; a read never writes them), photos, unread counts and
/// allowed actions.
async fn views(
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
    let mut by_item: HashMap<String, Vec<crate::domain::photos::PhotoRef>> = HashMap::new();
    for kind in [AttachedTo::Claim, AttachedTo::Complaint] {
        for p in photos::for_attached(&state.db, kind, &ids).await? {
            if let (Some(key), Some(_)) = (&p.attached_id, p.position) {
                by_item.entry(key.clone()).or_default().push(
                    crate::domain::photos::PhotoRef::for_id(&p.id, p.width as u32, p.height as u32),
                );
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

async fn one_view(state: &AppState, user: &Caller, row: ItemRow) -> AppResult<ServiceItemView> {
    let (cfg, _) = service::settings(&state.db, &row.company_id).await?;
    views(state, user, vec![row], &cfg)
        .await?
        .pop()
        .ok_or_else(AppError::not_found)
}

/// Coverage question before filing a claim.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CoverageQuery {
    pub category: String,
}

fn claim_coverage(
    project: &ProjectRow,
    today: NaiveDate,
    category: WarrantyCategory,
    cfg: &WarrantyConfig,
) -> Coverage {
    match project
        .handover_date
        .as_deref()
        .and_then(|d| d.parse().ok())
    {
        Some(handover) => coverage(handover, today, category, cfg),
        None => Coverage::NotHandedOver,
    }
}

/// Is this category still under warranty today (company time zone, server clock)?
#[utoipa::path(get, path = "/api/v1/projects/{id}/warranty/coverage", tag = "service",
    params(("id" = String, Path, description = "project id"), CoverageQuery),
    responses((status = 200, body = Coverage), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn warranty_coverage(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    Query(q): Query<CoverageQuery>,
) -> AppResult<Json<Coverage>> {
    let project = projects::visible_one(&state.db, &user, &id).await?;
    let category = WarrantyCategory::parse(&q.category)
        .ok_or_else(|| AppError::field("category", FieldReason::NotAllowed, "unknown category"))?;
    let (_, wcfg) = service::settings(&state.db, &project.company_id).await?;
    Ok(Json(claim_coverage(
        &project,
        state.clock.today_in(user.tz()),
        category,
        &wcfg,
    )))
}

/// Files a warranty claim (the homeowner). Refused with the reason when not covered; visit
/// windows must lie ahead.
#[utoipa::path(post, path = "/api/v1/projects/{id}/claims", tag = "service", request_body = ClaimInput,
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = ServiceItemView), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
async fn file_claim(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ClaimInput>,
) -> AppResult<(StatusCode, Json<ServiceItemView>)> {
    let project = projects::visible_one(&state.db, &user, &id).await?;
    require_owner(&user, &project)?;
    let input = input.validated()?;
    let now = state.clock.now();
    if input.visit_windows.iter().any(|w| w.start < now) {
        return Err(AppError::field(
            "visit_windows",
            FieldReason::OutOfRange,
            "a visit time is in the past",
        ));
    }
    let (_, wcfg) = service::settings(&state.db, &project.company_id).await?;
    match claim_coverage(
        &project,
        state.clock.today_in(user.tz()),
        input.category,
        &wcfg,
    ) {
        Coverage::Covered { .. } => {}
        Coverage::Expired { ended } => {
            return Err(AppError::field(
                "category",
                FieldReason::NotAllowed,
                format!("the warranty for this ended on {ended}"),
            ))
        }
        Coverage::CategoryExcluded => {
            return Err(AppError::field(
                "category",
                FieldReason::NotAllowed,
                "this category is not covered by the warranty",
            ))
        }
        Coverage::NotHandedOver => {
            return Err(AppError::field(
                "category",
                FieldReason::NotAllowed,
                "the warranty starts at handover",
            ))
        }
    }
    let windows = serde_json::to_string(&input.visit_windows)
        .map_err(|e| AppError::internal(e.to_string()))?;
    let now_ms = now.timestamp_millis();
    let mut tx = state.db.write().await?;
    let title = format!("报修：{}", category_zh(input.category));
    let item_id = service::insert(
        &mut tx,
        NewItem {
            company_id: &project.company_id,
            project_id: &project.id,
            kind: ServiceKind::Claim.as_str(),
            status: ItemStatus::initial(ServiceKind::Claim).as_str(),
            title: &title,
            body: &input.description,
            category: Some(input.category.as_str()),
            urgency: input.urgency.as_str(),
            topic: None,
            visit_windows: &windows,
            slot_id: None,
            created_by: &user.id,
        },
        now_ms,
    )
    .await?;
    photos::attach(
        &mut tx,
        &project.id,
        &user.id,
        AttachedTo::Claim,
        &item_id,
        &input.photo_ids,
        "photo_ids",
    )
    .await?;
    service::audit(&mut tx, &item_id, &user.id, &AuditChange::Filed, now_ms).await?;
    tx.commit().await?;
    tracing::info!(item = %item_id, urgency = input.urgency.as_str(), "warranty claim filed");
    let row = service::get(&state.db, &item_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((
        StatusCode::CREATED,
        Json(one_view(&state, &user, row).await?),
    ))
}

fn category_zh(c: WarrantyCategory) -> &'static str {
    match c {
        WarrantyCategory::Plumbing => "水路",
        WarrantyCategory::Electrical => "电路",
        WarrantyCategory::WaterproofingLeak => "防水渗漏",
        WarrantyCategory::Tiling => "瓷砖",
        WarrantyCategory::Carpentry => "木作",
        WarrantyCategory::Painting => "油漆",
        WarrantyCategory::DoorsWindows => "门窗",
        WarrantyCategory::Other => "其他",
    }
}

fn topic_zh(t: CallbackTopic) -> &'static str {
    match t {
        CallbackTopic::Progress => "施工进度",
        CallbackTopic::Quote => "报价",
        CallbackTopic::Warranty => "保修",
        CallbackTopic::Payment => "付款",
        CallbackTopic::Other => "其他",
    }
}

/// Books a callback into a slot, or "as soon as possible" without one. The last place of a
/// slot goes to exactly one of two people booking at once (409 for the other).
#[utoipa::path(post, path = "/api/v1/projects/{id}/callbacks", tag = "service", request_body = CallbackInput,
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = ServiceItemView), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn book_callback(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CallbackInput>,
) -> AppResult<(StatusCode, Json<ServiceItemView>)> {
    let project = projects::visible_one(&state.db, &user, &id).await?;
    require_owner(&user, &project)?;
    let input = input.validated()?;
    let now_ms = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    if let Some(slot) = &input.slot_id {
        if !service::take_place(&mut tx, slot, &project.company_id, now_ms).await? {
            return Err(AppError::new(
                ErrorCode::SlotFull,
                "this time is fully booked or has passed; choose another",
            ));
        }
    }
    let title = format!("回电：{}", topic_zh(input.topic));
    let item_id = service::insert(
        &mut tx,
        NewItem {
            company_id: &project.company_id,
            project_id: &project.id,
            kind: ServiceKind::Callback.as_str(),
            status: ItemStatus::initial(ServiceKind::Callback).as_str(),
            title: &title,
            body: &input.note,
            category: None,
            urgency: Urgency::Routine.as_str(),
            topic: Some(input.topic.as_str()),
            visit_windows: "[]",
            slot_id: input.slot_id.as_deref(),
            created_by: &user.id,
        },
        now_ms,
    )
    .await?;
    service::audit(&mut tx, &item_id, &user.id, &AuditChange::Filed, now_ms).await?;
    tx.commit().await?;
    let row = service::get(&state.db, &item_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((
        StatusCode::CREATED,
        Json(one_view(&state, &user, row).await?),
    ))
}

/// Raises a complaint (the homeowner); staff classify it into the five levels.
#[utoipa::path(post, path = "/api/v1/projects/{id}/complaints", tag = "service", request_body = ComplaintInput,
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = ServiceItemView), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
async fn raise_complaint(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> AppResult<(StatusCode, Json<ServiceItemView>)> {
    let project = projects::visible_one(&state.db, &user, &id).await?;
    require_owner(&user, &project)?;
    let input = input.validated()?;
    let now_ms = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    let title: String = format!("投诉：{}", input.body.chars().take(20).collect::<String>());
    let item_id = service::insert(
        &mut tx,
        NewItem {
            company_id: &project.company_id,
            project_id: &project.id,
            kind: ServiceKind::Complaint.as_str(),
            status: ItemStatus::initial(ServiceKind::Complaint).as_str(),
            title: &title,
            body: &input.body,
            category: None,
            urgency: Urgency::Routine.as_str(),
            topic: None,
            visit_windows: "[]",
            slot_id: None,
            created_by: &user.id,
        },
        now_ms,
    )
    .await?;
    photos::attach(
        &mut tx,
        &project.id,
        &user.id,
        AttachedTo::Complaint,
        &item_id,
        &input.photo_ids,
        "photo_ids",
    )
    .await?;
    service::audit(&mut tx, &item_id, &user.id, &AuditChange::Filed, now_ms).await?;
    tx.commit().await?;
    let row = service::get(&state.db, &item_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((
        StatusCode::CREATED,
        Json(one_view(&state, &user, row).await?),
    ))
}

/// A project's claims, callbacks, complaints and follow-ups, newest first, with their clocks.
#[utoipa::path(get, path = "/api/v1/projects/{id}/items", tag = "service",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = Vec<ServiceItemView>), (status = 404, body = ApiErrorBody)))]
async fn project_items(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<ServiceItemView>>> {
    let project = projects::visible_one(&state.db, &user, &id).await?;
    if user.role == Role::Crew {
        return Err(AppError::forbidden(
            "the service desk is between homeowners and staff",
        ));
    }
    let rows = service::for_project(&state.db, &project.id).await?;
    let (cfg, _) = service::settings(&state.db, &project.company_id).await?;
    Ok(Json(views(&state, &user, rows, &cfg).await?))
}

/// One item with its conversation and audit trail.
#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "service",
    params(("id" = String, Path, description = "item id")),
    responses((status = 200, body = ItemDetail), (status = 404, body = ApiErrorBody)))]
async fn item_detail(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<ItemDetail>> {
    let row = visible_item(&state, &user, &id).await?;
    detail(&state, &user, row).await.map(Json)
}

async fn detail(state: &AppState, user: &Caller, row: ItemRow) -> AppResult<ItemDetail> {
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

/// Acts on an item: staff acknowledge, assign, schedule, arrive, resolve, classify (escalate),
/// mark a callback made, close a follow-up; homeowners confirm, reopen or cancel. Illegal
/// moves answer 409; every change is audit-logged.
#[utoipa::path(post, path = "/api/v1/items/{id}/actions", tag = "service", request_body = ItemAction,
    params(("id" = String, Path, description = "item id")),
    responses((status = 200, body = ItemDetail), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn act_on_item(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(action): ApiJson<ItemAction>,
) -> AppResult<Json<ItemDetail>> {
    let row = visible_item(&state, &user, &id).await?;
    let staff = user.is_staff();
    if !staff && row.homeowner_id != user.id {
        return Err(AppError::not_found());
    }
    let kind = row.kind()?;
    let from = row.status()?;
    let to = next_status(kind, from, &action, staff).map_err(action_error)?;
    let now = state.clock.now();
    let now_ms = now.timestamp_millis();
    let mut c = Change::default();
    let change = match &action {
        ItemAction::Schedule { at } => {
            crate::domain::dates::check_instant("at", *at)?;
            if *at < now {
                return Err(AppError::field(
                    "at",
                    FieldReason::OutOfRange,
                    "the visit time is in the past",
                ));
            }
            c.scheduled_at = Some(at.timestamp_millis());
            AuditChange::Scheduled { at: *at }
        }
        ItemAction::Assign { user_id } => {
            let staff_ids = service::staff_of(&state.db, &row.company_id).await?;
            let Some((_, name)) = staff_ids.iter().find(|(sid, _)| sid == user_id) else {
                return Err(AppError::field(
                    "user_id",
                    FieldReason::NotAllowed,
                    "not a member of staff",
                ));
            };
            c.assigned_to = Some(user_id.clone());
            // A major complaint's team is in place once someone takes it.
            if row.level.is_some_and(|l| l >= 4) {
                c.team_at = Some(now_ms);
            }
            AuditChange::Assigned { to: name.clone() }
        }
        ItemAction::Classify { level } => {
            c.level = Some(i64::from(*level));
            if *level >= 4 && row.assigned_to.is_some() {
                c.team_at = Some(now_ms);
            }
            AuditChange::Classified { level: *level }
        }
        _ => AuditChange::Status {
            action: action.kind(),
            from,
            to,
        },
    };
    if staff
        && !matches!(
            action,
            ItemAction::Assign { .. } | ItemAction::Classify { .. }
        )
    {
        c.first_response_at = Some(now_ms);
    }
    match &action {
        ItemAction::ArriveOnSite => c.on_site_at = Some(now_ms),
        ItemAction::Resolve { note }
        | ItemAction::Close { note }
        | ItemAction::MarkCalled { note }
            if !note.trim().is_empty() =>
        {
            c.resolution = Some(note.trim().to_string());
        }
        ItemAction::Reopen { reason } => c.reopen_reason = Some(reason.trim().to_string()),
        _ => {}
    }
    if is_closed(kind, to) {
        c.closed_at = Some(now_ms);
    }
    let (cfg, _) = service::settings(&state.db, &row.company_id).await?;
    let mut tx = state.db.write().await?;
    // A deadline this step meets late goes on the record with the step.
    breaches::record(&mut tx, &row, &cfg, now).await?;
    if let (ItemAction::Cancel, Some(slot)) = (&action, &row.slot_id) {
        service::release_place(&mut tx, slot).await?;
    }
    service::apply(&mut tx, &row, to.as_str(), c, now_ms).await?;
    service::audit(&mut tx, &row.id, &user.id, &change, now_ms).await?;
    tx.commit().await?;
    let row = service::get(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    detail(&state, &user, row).await.map(Json)
}

/// Moves a booked callback to another slot (the homeowner); the new slot must have room.
#[utoipa::path(put, path = "/api/v1/items/{id}/slot", tag = "service", request_body = MoveCallback,
    params(("id" = String, Path, description = "item id")),
    responses((status = 200, body = ItemDetail), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody)))]
async fn move_callback(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MoveCallback>,
) -> AppResult<Json<ItemDetail>> {
    let row = visible_item(&state, &user, &id).await?;
    if row.homeowner_id != user.id {
        return Err(AppError::forbidden(
            "only the homeowner moves their callback",
        ));
    }
    if row.kind()? != ServiceKind::Callback || row.status()? != ItemStatus::Booked {
        return Err(AppError::conflict("only a booked callback can move"));
    }
    if row.slot_id.as_deref() == Some(input.slot_id.as_str()) {
        return Err(AppError::conflict("the callback is already at that time"));
    }
    let now_ms = state.clock.now_ms();
    let (cfg, _) = service::settings(&state.db, &row.company_id).await?;
    let mut tx = state.db.write().await?;
    // The old slot's deadline, if already missed, stays on the record after the move.
    breaches::record(&mut tx, &row, &cfg, from_ms(now_ms)).await?;
    if !service::take_place(&mut tx, &input.slot_id, &row.company_id, now_ms).await? {
        return Err(AppError::new(
            ErrorCode::SlotFull,
            "this time is fully booked or has passed; choose another",
        ));
    }
    if let Some(old) = &row.slot_id {
        service::release_place(&mut tx, old).await?;
    }
    // The slot was taken above, so it exists and belongs to the company.
    let to = service::slot(&state.db, &input.slot_id)
        .await?
        .map(|slot| from_ms(slot.starts_at));
    service::apply(
        &mut tx,
        &row,
        ItemStatus::Booked.as_str(),
        Change {
            slot_id: Some(input.slot_id.clone()),
            ..Change::default()
        },
        now_ms,
    )
    .await?;
    service::audit(
        &mut tx,
        &row.id,
        &user.id,
        &AuditChange::Moved { to },
        now_ms,
    )
    .await?;
    tx.commit().await?;
    let row = service::get(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    detail(&state, &user, row).await.map(Json)
}

/// Adds a message to an item's conversation; a staff reply is the first response.
#[utoipa::path(post, path = "/api/v1/items/{id}/messages", tag = "service", request_body = MessageInput,
    params(("id" = String, Path, description = "item id")),
    responses((status = 201, body = ItemDetail), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn post_message(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MessageInput>,
) -> AppResult<(StatusCode, Json<ItemDetail>)> {
    let row = visible_item(&state, &user, &id).await?;
    let input = input.validated()?;
    let now_ms = state.clock.now_ms();
    let (cfg, _) = service::settings(&state.db, &row.company_id).await?;
    let mut tx = state.db.write().await?;
    breaches::record(&mut tx, &row, &cfg, from_ms(now_ms)).await?;
    service::add_message(&mut tx, &row.id, &user.id, &input.body, now_ms).await?;
    if user.is_staff() && row.first_response_at.is_none() {
        let stamp = Change {
            first_response_at: Some(now_ms),
            ..Change::default()
        };
        service::apply(&mut tx, &row, &row.status, stamp, now_ms).await?;
    }
    tx.commit().await?;
    service::mark_read(&state.db, &row.id, &user.id, now_ms).await?;
    let row = service::get(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, row).await?)))
}

/// Marks an item's conversation read by the caller.
#[utoipa::path(post, path = "/api/v1/items/{id}/read", tag = "service",
    params(("id" = String, Path, description = "item id")),
    responses((status = 204), (status = 404, body = ApiErrorBody)))]
async fn mark_read(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let row = visible_item(&state, &user, &id).await?;
    service::mark_read(&state.db, &row.id, &user.id, state.clock.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn slot_view(s: service::SlotRow) -> CallbackSlot {
    CallbackSlot {
        id: s.id,
        starts_at: from_ms(s.starts_at),
        ends_at: from_ms(s.ends_at),
        capacity: s.capacity.max(0) as u32,
        booked: s.booked.max(0) as u32,
    }
}

/// The company's upcoming callback slots (homeowners see those with room).
#[utoipa::path(get, path = "/api/v1/callback-slots", tag = "service",
    responses((status = 200, body = Vec<CallbackSlot>)))]
async fn list_slots(
    State(state): State<AppState>,
    user: Caller,
) -> AppResult<Json<Vec<CallbackSlot>>> {
    let slots = service::upcoming_slots(&state.db, &user.company_id, state.clock.now_ms()).await?;
    let staff = user.is_staff();
    Ok(Json(
        slots
            .into_iter()
            .map(slot_view)
            .filter(|s| staff || s.has_room())
            .collect(),
    ))
}

/// Opens a callback slot (staff).
#[utoipa::path(post, path = "/api/v1/callback-slots", tag = "service", request_body = SlotInput,
    responses((status = 201, body = CallbackSlot), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn create_slot(
    State(state): State<AppState>,
    Staff(user): Staff,
    ApiJson(input): ApiJson<SlotInput>,
) -> AppResult<(StatusCode, Json<CallbackSlot>)> {
    let input = input.validated(state.clock.now())?;
    let starts = input.starts_at.timestamp_millis();
    let ends = (input.starts_at + Duration::minutes(i64::from(input.minutes))).timestamp_millis();
    let id = service::create_slot(
        &state.db,
        &user.company_id,
        starts,
        ends,
        i64::from(input.capacity),
        &user.id,
        state.clock.now_ms(),
    )
    .await?;
    let slot = service::slot(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((StatusCode::CREATED, Json(slot_view(slot))))
}

/// Everything open in the company, nearest deadline first, each with its live clock.
#[utoipa::path(get, path = "/api/v1/queue", tag = "service",
    responses((status = 200, body = Vec<ServiceItemView>), (status = 403, body = ApiErrorBody)))]
async fn queue(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<Vec<ServiceItemView>>> {
    let rows = service::open_for_company(&state.db, &user.company_id).await?;
    let (cfg, _) = service::settings(&state.db, &user.company_id).await?;
    let mut items = views(&state, &user, rows, &cfg).await?;
    crate::domain::service_levels::nearest_deadline_first(&mut items, |i| i.next_due);
    Ok(Json(items))
}

/// The metrics period (company days, both inclusive).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Service metrics for a period: first-response time, share within target, breaches by kind,
/// and the open backlog at the end of each day.
#[utoipa::path(get, path = "/api/v1/metrics", tag = "service", params(PeriodQuery),
    responses((status = 200, body = Metrics), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn metrics(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Json<Metrics>> {
    validate_period(q.from, q.to)?;
    let tz = user.tz();
    let start = local_day_start(tz, q.from);
    let end = local_day_end(tz, q.to);
    let rows = service::alive_between(
        &state.db,
        &user.company_id,
        start.timestamp_millis(),
        end.timestamp_millis(),
    )
    .await?;
    let (cfg, _) = service::settings(&state.db, &user.company_id).await?;
    let now = state.clock.now();
    let items = views(&state, &user, rows.clone(), &cfg).await?;
    let in_period = |at: DateTime<Utc>| at >= start && at < end;
    let created: Vec<&ServiceItemView> = items.iter().filter(|i| in_period(i.created_at)).collect();
    let responses: Vec<(DateTime<Utc>, DateTime<Utc>)> = rows
        .iter()
        .filter(|r| in_period(from_ms(r.created_at)))
        .filter_map(|r| {
            r.first_response_at
                .map(|f| (from_ms(r.created_at), from_ms(f)))
        })
        .collect();
    let decided: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = created
        .iter()
        .flat_map(|i| i.deadlines.iter().map(|d| (d.due_at, d.met_at)))
        .collect();
    let count = |pred: &dyn Fn(&ServiceItemView) -> bool| -> Vec<KindCount> {
        ServiceKind::ALL
            .iter()
            .map(|k| KindCount {
                kind: *k,
                count: created.iter().filter(|i| i.kind == *k && pred(i)).count() as u32,
            })
            .collect()
    };
    // Each day's backlog is counted at its end (or now, for today).
    let mut day_ends = Vec::new();
    let mut day = q.from;
    loop {
        day_ends.push((day, local_day_end(tz, day).min(now)));
        match day.succ_opt() {
            Some(next) if next <= q.to => day = next,
            _ => break,
        }
    }
    let lifetimes: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = rows
        .iter()
        .map(|r| (from_ms(r.created_at), r.closed_at.map(from_ms)))
        .collect();
    Ok(Json(Metrics {
        from: q.from,
        to: q.to,
        created: created.len() as u32,
        avg_first_response_secs: average_first_response_secs(&responses),
        within_target_bp: share_within_target(&decided, now),
        breaches_by_kind: count(&|i| i.breached),
        created_by_kind: count(&|_| true),
        backlog: backlog(&lifetimes, &day_ends),
    }))
}

/// The company's service levels and warranty settings.
#[derive(Debug, Clone, serde::Serialize, Deserialize, utoipa::ToSchema)]
pub struct Settings {
    pub service_levels: ServiceLevelConfig,
    pub warranty: WarrantyConfig,
}

/// The company's service-level targets and warranty periods (staff read them).
#[utoipa::path(get, path = "/api/v1/service-levels", tag = "service",
    responses((status = 200, body = Settings), (status = 403, body = ApiErrorBody)))]
async fn get_settings(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<Settings>> {
    let (service_levels, warranty) = service::settings(&state.db, &user.company_id).await?;
    Ok(Json(Settings {
        service_levels,
        warranty,
    }))
}

/// Changes the company's targets and warranty periods (admin).
#[utoipa::path(put, path = "/api/v1/service-levels", tag = "service", request_body = Settings,
    responses((status = 200, body = Settings), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn put_settings(
    State(state): State<AppState>,
    user: Caller,
    ApiJson(input): ApiJson<Settings>,
) -> AppResult<Json<Settings>> {
    if user.role != Role::Admin {
        return Err(AppError::forbidden("only an admin changes service levels"));
    }
    let levels = input.service_levels.validated()?;
    let warranty = input.warranty.validated()?;
    service::save_settings(
        &state.db,
        &user.company_id,
        &levels,
        &warranty,
        state.clock.now_ms(),
    )
    .await?;
    Ok(Json(Settings {
        service_levels: levels,
        warranty,
    }))
}

/// A member of staff to assign items to.
#[derive(Debug, Clone, serde::Serialize, Deserialize, utoipa::ToSchema)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
}

/// The company's staff (to assign items to).
#[utoipa::path(get, path = "/api/v1/staff", tag = "service",
    responses((status = 200, body = Vec<StaffMember>), (status = 403, body = ApiErrorBody)))]
async fn staff_list(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<Vec<StaffMember>>> {
    Ok(Json(
        service::staff_of(&state.db, &user.company_id)
            .await?
            .into_iter()
            .map(|(id, name)| StaffMember { id, name })
            .collect(),
    ))
}
