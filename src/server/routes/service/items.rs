//! One item, for whoever may see it: its detail, the actions on it, its conversation and the
//! caller's read state.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::views::detail;
use crate::domain::error::FieldReason;
use crate::domain::service_desk::{
    is_closed, next_status, ActionError, AuditChange, ItemAction, ItemDetail, MessageInput,
};
use crate::server::breaches;
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{ApiJson, VisibleItem};
use crate::server::state::AppState;
use crate::server::store::service::{self, Change};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(item_detail))
        .routes(routes!(act_on_item))
        .routes(routes!(post_message))
        .routes(routes!(mark_read))
}

fn action_error(e: ActionError) -> AppError {
    match e {
        ActionError::Invalid(f) => f.into(),
        ActionError::WrongRole(_) => AppError::forbidden(e.to_string()),
        ActionError::Illegal { .. } => AppError::conflict(e.to_string()),
    }
}

/// One item with its conversation and audit trail.
#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "service",
    params(("id" = String, Path, description = "item id")),
    responses((status = 200, body = ItemDetail), refusal::NotFound))]
async fn item_detail(
    State(state): State<AppState>,
    VisibleItem(user, row): VisibleItem,
) -> AppResult<Json<ItemDetail>> {
    detail(&state, &user, row).await.map(Json)
}

/// Acts on an item: staff acknowledge, assign, schedule, arrive, resolve, classify (escalate),
/// mark a callback made, close a follow-up; homeowners confirm, reopen or cancel. Illegal
/// moves answer 409; every change is audit-logged.
#[utoipa::path(post, path = "/api/v1/items/{id}/actions", tag = "service", request_body = ItemAction,
    params(("id" = String, Path, description = "item id")),
    responses((status = 200, body = ItemDetail), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn act_on_item(
    State(state): State<AppState>,
    VisibleItem(user, row): VisibleItem,
    ApiJson(action): ApiJson<ItemAction>,
) -> AppResult<Json<ItemDetail>> {
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
    service::apply(&mut tx, &row, to, c, now_ms).await?;
    service::audit(&mut tx, &row.id, &user.id, &change, now_ms).await?;
    tx.commit().await?;
    let row = service::get(&state.db, &row.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    detail(&state, &user, row).await.map(Json)
}

/// Adds a message to an item's conversation; a staff reply is the first response.
#[utoipa::path(post, path = "/api/v1/items/{id}/messages", tag = "service", request_body = MessageInput,
    params(("id" = String, Path, description = "item id")),
    responses((status = 201, body = ItemDetail), refusal::NotFound, refusal::Invalid))]
async fn post_message(
    State(state): State<AppState>,
    VisibleItem(user, row): VisibleItem,
    ApiJson(input): ApiJson<MessageInput>,
) -> AppResult<(StatusCode, Json<ItemDetail>)> {
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
        service::apply(&mut tx, &row, row.status()?, stamp, now_ms).await?;
    }
    tx.commit().await?;
    service::mark_read(&state.db, &row.id, &user.id, now_ms).await?;
    let row = service::get(&state.db, &row.id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((StatusCode::CREATED, Json(detail(&state, &user, row).await?)))
}

/// Marks an item's conversation read by the caller.
#[utoipa::path(post, path = "/api/v1/items/{id}/read", tag = "service",
    params(("id" = String, Path, description = "item id")),
    responses((status = 204), refusal::NotFound))]
async fn mark_read(
    State(state): State<AppState>,
    VisibleItem(user, row): VisibleItem,
) -> AppResult<StatusCode> {
    service::mark_read(&state.db, &row.id, &user.id, state.clock.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}
