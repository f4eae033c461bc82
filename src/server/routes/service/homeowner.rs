//! Homeowner-facing endpoints: warranty coverage, filing claims, booking and moving callbacks,
//! raising complaints, and a project's list of items.

use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::{Any, Transaction};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::views::{detail, one_view, views};
use crate::domain::auth::Role;
use crate::domain::error::FieldReason;
use crate::domain::service_desk::{
    AuditChange, CallbackInput, ComplaintInput, ItemDetail, ItemStatus, MoveCallback,
    ServiceItemView, ServiceKind,
};
use crate::domain::warranty::{coverage, ClaimInput, Coverage, WarrantyCategory, WarrantyConfig};
use crate::domain::ErrorCode;
use crate::server::breaches;
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{ApiJson, Caller, VisibleItem, VisibleProject};
use crate::server::state::AppState;
use crate::server::store::filing::{self, NewItem};
use crate::server::store::projects::ProjectRow;
use crate::server::store::service::{self, Change, ItemRow};
use crate::server::texts::{Text, SERVER_LANG};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(warranty_coverage))
        .routes(routes!(file_claim))
        .routes(routes!(book_callback))
        .routes(routes!(raise_complaint))
        .routes(routes!(project_items))
        .routes(routes!(move_callback))
}

/// The project of the path, for its homeowner only (claims, callbacks and complaints are
/// theirs to raise): 404 for a project the caller may not see, 403 for anyone else.
struct OwnProject(Caller, ProjectRow);

impl FromRequestParts<AppState> for OwnProject {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let VisibleProject(user, project) =
            VisibleProject::from_request_parts(parts, state).await?;
        if user.role == Role::Homeowner && project.homeowner_id == user.id {
            Ok(OwnProject(user, project))
        } else {
            Err(AppError::forbidden(
                "only the project's homeowner raises this",
            ))
        }
    }
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
    responses((status = 200, body = Coverage), refusal::NotFound, refusal::Invalid))]
async fn warranty_coverage(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
    Query(q): Query<CoverageQuery>,
) -> AppResult<Json<Coverage>> {
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
    responses((status = 201, body = ServiceItemView), refusal::Forbidden, refusal::NotFound, refusal::Invalid))]
async fn file_claim(
    State(state): State<AppState>,
    OwnProject(user, project): OwnProject,
    ApiJson(input): ApiJson<ClaimInput>,
) -> AppResult<(StatusCode, Json<ServiceItemView>)> {
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
    let title = Text::ClaimTitle(input.category).text(SERVER_LANG);
    let tx = state.db.write().await?;
    let item = NewItem {
        category: Some(input.category),
        urgency: input.urgency,
        visit_windows: &windows,
        photo_ids: &input.photo_ids,
        ..new_item(
            &project,
            &user,
            ServiceKind::Claim,
            &title,
            &input.description,
        )
    };
    let row = filing::file(&state.db, tx, item, now.timestamp_millis()).await?;
    tracing::info!(item = %row.id, urgency = input.urgency.as_str(), "warranty claim filed");
    created(&state, &user, row).await
}

/// A homeowner's new item of a project ([`NewItem::routine`]).
fn new_item<'a>(
    project: &'a ProjectRow,
    user: &'a Caller,
    kind: ServiceKind,
    title: &'a str,
    body: &'a str,
) -> NewItem<'a> {
    let who = (
        project.company_id.as_str(),
        project.id.as_str(),
        user.id.as_str(),
    );
    NewItem::routine(who, kind, title, body)
}

/// The answer to a filing: 201 with the new item's view.
async fn created(
    state: &AppState,
    user: &Caller,
    row: ItemRow,
) -> AppResult<(StatusCode, Json<ServiceItemView>)> {
    Ok((StatusCode::CREATED, Json(one_view(state, user, row).await?)))
}

/// Books a callback into a slot, or "as soon as possible" without one. The last place of a
/// slot goes to exactly one of two people booking at once (409 for the other).
#[utoipa::path(post, path = "/api/v1/projects/{id}/callbacks", tag = "service", request_body = CallbackInput,
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = ServiceItemView), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn book_callback(
    State(state): State<AppState>,
    OwnProject(user, project): OwnProject,
    ApiJson(input): ApiJson<CallbackInput>,
) -> AppResult<(StatusCode, Json<ServiceItemView>)> {
    let input = input.validated()?;
    let now_ms = state.clock.now_ms();
    let mut tx = state.db.write().await?;
    if let Some(slot) = &input.slot_id {
        take_slot(&mut tx, slot, &project.company_id, now_ms).await?;
    }
    let title = Text::CallbackTitle(input.topic).text(SERVER_LANG);
    let item = NewItem {
        topic: Some(input.topic),
        slot_id: input.slot_id.as_deref(),
        ..new_item(&project, &user, ServiceKind::Callback, &title, &input.note)
    };
    let row = filing::file(&state.db, tx, item, now_ms).await?;
    created(&state, &user, row).await
}

/// Takes a place in a slot of the company, or refuses (409 `slot_full`).
async fn take_slot(
    tx: &mut Transaction<'_, Any>,
    slot_id: &str,
    company_id: &str,
    now_ms: i64,
) -> AppResult<()> {
    if service::take_place(tx, slot_id, company_id, now_ms).await? {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::SlotFull,
            "this time is fully booked or has passed; choose another",
        ))
    }
}

/// Raises a complaint (the homeowner); staff classify it into the five levels.
#[utoipa::path(post, path = "/api/v1/projects/{id}/complaints", tag = "service", request_body = ComplaintInput,
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = ServiceItemView), refusal::Forbidden, refusal::NotFound, refusal::Invalid))]
async fn raise_complaint(
    State(state): State<AppState>,
    OwnProject(user, project): OwnProject,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> AppResult<(StatusCode, Json<ServiceItemView>)> {
    let input = input.validated()?;
    let title = Text::ComplaintTitle(&input.body).text(SERVER_LANG);
    let tx = state.db.write().await?;
    let item = NewItem {
        photo_ids: &input.photo_ids,
        ..new_item(&project, &user, ServiceKind::Complaint, &title, &input.body)
    };
    let row = filing::file(&state.db, tx, item, state.clock.now_ms()).await?;
    created(&state, &user, row).await
}

/// A project's claims, callbacks, complaints and follow-ups, newest first, with their clocks.
#[utoipa::path(get, path = "/api/v1/projects/{id}/items", tag = "service",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = Vec<ServiceItemView>), refusal::NotFound))]
async fn project_items(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
) -> AppResult<Json<Vec<ServiceItemView>>> {
    if user.role == Role::Crew {
        return Err(AppError::forbidden(
            "the service desk is between homeowners and staff",
        ));
    }
    let rows = service::for_project(&state.db, &project.id).await?;
    let (cfg, _) = service::settings(&state.db, &project.company_id).await?;
    Ok(Json(views(&state, &user, rows, &cfg).await?))
}

/// Moves a booked callback to another slot (the homeowner); the new slot must have room.
#[utoipa::path(put, path = "/api/v1/items/{id}/slot", tag = "service", request_body = MoveCallback,
    params(("id" = String, Path, description = "item id")),
    responses((status = 200, body = ItemDetail), refusal::Forbidden, refusal::NotFound, refusal::Conflict))]
async fn move_callback(
    State(state): State<AppState>,
    VisibleItem(user, row): VisibleItem,
    ApiJson(input): ApiJson<MoveCallback>,
) -> AppResult<Json<ItemDetail>> {
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
    take_slot(&mut tx, &input.slot_id, &row.company_id, now_ms).await?;
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
        ItemStatus::Booked,
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
    let row = service::get(&state.db, &row.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    detail(&state, &user, row).await.map(Json)
}
