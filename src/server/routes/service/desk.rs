//! Staff-facing endpoints: callback slots, the queue, metrics, service-level settings and the
//! staff list.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::views::views;
use crate::domain::paging::{cut, KeyCursor, Page};
use crate::domain::service_desk::{
    backlog, validate_period, KindCount, Metrics, ServiceItemView, ServiceKind, SlotInput,
};
use crate::domain::service_levels::{
    average_first_response_secs, local_day_end, local_day_start, share_within_target,
    ServiceLevelConfig,
};
use crate::domain::versions::Versioned;
use crate::domain::warranty::{CallbackSlot, WarrantyConfig};
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{Admin, ApiJson, Caller, ListQuery, Staff};
use crate::server::state::AppState;
use crate::server::store::queue;
use crate::server::store::service;
use crate::server::store::versions::{self, SettingsDoc};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_slots, create_slot))
        .routes(routes!(queue))
        .routes(routes!(metrics))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(staff_list))
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
    responses((status = 201, body = CallbackSlot), refusal::Forbidden, refusal::Invalid))]
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

/// The queue's paging, kind and search.
pub type QueueQuery = ListQuery<ServiceKind>;

/// Everything open in the company, nearest deadline first (overdue first of all, items with
/// no open deadline last), each with its live clock; a page at a time (keyset), filtered by
/// kind and searched on the server.
#[utoipa::path(get, path = "/api/v1/queue", tag = "service", params(QueueQuery),
    responses((status = 200, body = Page<ServiceItemView>), refusal::Forbidden, refusal::Invalid))]
async fn queue(
    State(state): State<AppState>,
    Staff(user): Staff,
    filter: QueueQuery,
) -> AppResult<Json<Page<ServiceItemView>>> {
    let (cfg, _) = service::settings(&state.db, &user.company_id).await?;
    let rows = queue::page(&state.db, &user.company_id, &filter).await?;
    let (rows, next_cursor) = cut(rows, filter.limit, |r| KeyCursor {
        key: r.queue_due_at.unwrap_or(queue::NO_DUE),
        id: r.id.clone(),
    });
    let items = views(&state, &user, rows, &cfg).await?;
    Ok(Json(Page { items, next_cursor }))
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
    responses((status = 200, body = Metrics), refusal::Forbidden, refusal::Invalid))]
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

/// The company's settings with their version.
async fn settings_doc(state: &AppState, company_id: &str) -> AppResult<Versioned<Settings>> {
    let (service_levels, warranty) = service::settings(&state.db, company_id).await?;
    let version = versions::current(&state.db, company_id, SettingsDoc::ServiceLevels).await?;
    Ok(Versioned::at(
        version,
        Settings {
            service_levels,
            warranty,
        },
    ))
}

/// The company's service-level targets and warranty periods (staff read them), with the
/// `version` an edit must send back.
#[utoipa::path(get, path = "/api/v1/service-levels", tag = "service",
    responses((status = 200, body = Versioned<Settings>), refusal::Forbidden))]
async fn get_settings(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<Versioned<Settings>>> {
    Ok(Json(settings_doc(&state, &user.company_id).await?))
}

/// Changes the company's targets and warranty periods (admin). The body carries the
/// `version` of the copy it was made from (required): 409 `stale_revision` when the settings
/// were saved since, and nothing changes.
#[utoipa::path(put, path = "/api/v1/service-levels", tag = "service", request_body = Versioned<Settings>,
    responses((status = 200, body = Versioned<Settings>), refusal::Forbidden, refusal::Conflict, refusal::Invalid))]
async fn put_settings(
    State(state): State<AppState>,
    Admin(user): Admin,
    ApiJson(input): ApiJson<Versioned<Settings>>,
) -> AppResult<Json<Versioned<Settings>>> {
    let levels = input.value.service_levels.validated()?;
    let warranty = input.value.warranty.validated()?;
    service::save_settings(
        &state.db,
        &user.company_id,
        (&levels, &warranty),
        input.version,
        state.clock.now_ms(),
    )
    .await?;
    Ok(Json(settings_doc(&state, &user.company_id).await?))
}

/// A member of staff to assign items to.
#[derive(Debug, Clone, serde::Serialize, Deserialize, utoipa::ToSchema)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
}

/// The company's staff (to assign items to).
#[utoipa::path(get, path = "/api/v1/staff", tag = "service",
    responses((status = 200, body = Vec<StaffMember>), refusal::Forbidden))]
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
