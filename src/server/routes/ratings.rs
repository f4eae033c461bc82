//! Crew ratings: after each signed-off node and at handover the project's homeowner rates the
//! crew (1–5 stars on four dimensions, a comment, photos), editable for 7 days; the crew and
//! staff see the scores with anonymised comments.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::inspections::{NodeKind, NodeStatus};
use crate::domain::photos::PhotoRef;
use crate::domain::privacy::mask_name;
use crate::domain::quality::{
    CrewRatingItem, CrewRatings, DimensionMeans, ProjectRatings, RatingSlot, RatingView,
};
use crate::domain::ratings::{
    editable_until, rating_editable, redact_phone_numbers, week_for_event, RatingInput,
    RatingTarget,
};
use crate::domain::{ApiErrorBody, ErrorCode};
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{ApiJson, Caller, CompanyCrew, VisibleProject};
use crate::server::state::AppState;
use crate::server::store::leaderboard as board_store;
use crate::server::store::projects::ProjectRow;
use crate::server::store::ratings::{self as store, NewRating, RatingRow};
use crate::server::store::users;
use crate::server::store::versions;

/// The ratings routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(project_ratings))
        .routes(routes!(rate))
        .routes(routes!(crew_ratings))
}

fn view(
    row: RatingRow,
    photos: Vec<PhotoRef>,
    user: &Caller,
    now_ms: i64,
) -> AppResult<RatingView> {
    let [quality, punctuality, tidiness, communication] = row.marks()?;
    let created = from_ms(row.created_at);
    Ok(RatingView {
        can_edit: row.homeowner_id == user.id && rating_editable(created, from_ms(now_ms)),
        editable_until: editable_until(created),
        quality,
        punctuality,
        tidiness,
        communication,
        average_milli: u32::try_from(row.average_milli).unwrap_or(0),
        photos,
        created_at: created,
        updated_at: from_ms(row.updated_at),
        id: row.id,
        target: RatingTarget::parse(&row.target)
            .map_err(|_| AppError::internal("unknown rating target in database"))?,
        comment: row.comment,
        week: row.week,
        version: row.version,
    })
}

async fn photos_by_rating(
    state: &AppState,
    ids: &[String],
) -> AppResult<HashMap<String, Vec<PhotoRef>>> {
    let mut by: HashMap<String, Vec<PhotoRef>> = HashMap::new();
    for (rating, id, w, h) in store::photos_of(&state.db, ids).await? {
        by.entry(rating)
            .or_default()
            .push(PhotoRef::for_id(&id, w as u32, h as u32));
    }
    Ok(by)
}

/// Is the target signed off (node) or done (handover) on this project?
async fn target_ready(
    state: &AppState,
    project: &ProjectRow,
    target: RatingTarget,
) -> AppResult<bool> {
    Ok(match target {
        RatingTarget::Node(kind) => {
            store::node_status(&state.db, &project.id, kind).await? == Some(NodeStatus::SignedOff)
        }
        RatingTarget::Handover => store::handover_date(&state.db, &project.id)
            .await?
            .is_some(),
    })
}

/// What can be rated on the project: its signed-off nodes and the handover, with the
/// homeowner's ratings and whether each may still be changed.
#[utoipa::path(get, path = "/api/v1/projects/{id}/ratings", tag = "ratings",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = ProjectRatings), refusal::Unauthorized, refusal::NotFound))]
async fn project_ratings(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
) -> AppResult<Json<ProjectRatings>> {
    // A project's ratings name who rated; the crew reads its anonymised view instead
    // (`/crews/{id}/ratings`).
    if user.role == Role::Crew {
        return Err(AppError::not_found());
    }
    let now = state.clock.now_ms();
    let is_owner = project.homeowner_id == user.id;
    let signed: Vec<NodeKind> = store::signed_off_nodes(&state.db, &project.id)
        .await?
        .into_iter()
        .filter_map(|(k, _)| NodeKind::parse(&k))
        .collect();
    let handed_over = store::handover_date(&state.db, &project.id)
        .await?
        .is_some();
    let rows = store::for_project(&state.db, &project.id, &project.homeowner_id).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut photos = photos_by_rating(&state, &ids).await?;
    let mut by_target: HashMap<String, RatingRow> =
        rows.into_iter().map(|r| (r.target.clone(), r)).collect();
    let mut targets: Vec<RatingTarget> = NodeKind::ALL
        .into_iter()
        .map(RatingTarget::Node)
        .chain([RatingTarget::Handover])
        .collect();
    targets.retain(|t| {
        by_target.contains_key(t.as_str())
            || match t {
                RatingTarget::Node(k) => signed.contains(k),
                RatingTarget::Handover => handed_over,
            }
    });
    let has_crew = project.crew_id.is_some();
    let mut slots = Vec::with_capacity(targets.len());
    for t in targets {
        let ready = match t {
            RatingTarget::Node(k) => signed.contains(&k),
            RatingTarget::Handover => handed_over,
        };
        let rating = by_target
            .remove(t.as_str())
            .map(|r| {
                let p = photos.remove(&r.id).unwrap_or_default();
                view(r, p, &user, now)
            })
            .transpose()?;
        let can_rate = is_owner && has_crew && ready && rating.as_ref().is_none_or(|r| r.can_edit);
        slots.push(RatingSlot {
            target: t,
            ready,
            rating,
            can_rate,
        });
    }
    Ok(Json(ProjectRatings {
        project_id: project.id,
        crew_id: project.crew_id,
        crew_name: project.crew_name,
        slots,
    }))
}

/// Rates the crew for a signed-off node or the handover (`target` = node kind or `handover`):
/// the project's homeowner only, once per target; a second call edits it within 7 days and
/// must send the `version` of the rating it was made from as `base_version` (409
/// `stale_revision` when the rating changed since, or was given from another device).
#[utoipa::path(put, path = "/api/v1/projects/{id}/ratings/{target}", tag = "ratings", request_body = RatingInput,
    params(("id" = String, Path, description = "project id"), ("target" = String, Path, description = "node kind or handover")),
    responses((status = 201, body = RatingView, description = "created"), (status = 200, body = RatingView, description = "edited"),
        (status = 409, body = ApiErrorBody, description = "not signed off / handed over yet, the 7-day edit window closed, or the rating changed since this copy (stale_revision)"), refusal::Forbidden, refusal::NotFound, refusal::Invalid))]
async fn rate(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
    Path((_project_id, target)): Path<(String, String)>,
    ApiJson(input): ApiJson<RatingInput>,
) -> AppResult<(StatusCode, Json<RatingView>)> {
    if project.homeowner_id != user.id {
        return Err(AppError::forbidden(
            "only the project's homeowner rates its crew",
        ));
    }
    let target = RatingTarget::parse(&target)?;
    let input = input.validated()?;
    let crew_id = project
        .crew_id
        .clone()
        .ok_or_else(|| AppError::conflict("no crew is assigned to this project"))?;
    if !target_ready(&state, &project, target).await? {
        return Err(AppError::conflict(match target {
            RatingTarget::Node(_) => "this node has not been signed off yet",
            RatingTarget::Handover => "the project has not been handed over yet",
        }));
    }
    let now = state.clock.now_ms();
    let existing = store::find(&state.db, &project.id, &user.id, target.as_str()).await?;
    let (status, rating_id) = match existing {
        Some(row) => {
            if !rating_editable(from_ms(row.created_at), from_ms(now)) {
                return Err(AppError::new(
                    ErrorCode::EditWindowClosed,
                    "a rating can be changed only within 7 days",
                ));
            }
            // A change made from a copy without this rating (a second device's first rating)
            // or from an older version of it would silently replace it.
            if input.base_version != Some(row.version) {
                return Err(versions::stale("the rating"));
            }
            store::update(&state.db, &row, &input, now).await?;
            (StatusCode::OK, row.id)
        }
        None => {
            let tz = user.tz();
            let frozen = board_store::published_up_to(&state.db, &user.company_id).await?;
            let week = week_for_event(from_ms(now), frozen, tz);
            let id = store::create(
                &state.db,
                NewRating {
                    company_id: &project.company_id,
                    project_id: &project.id,
                    crew_id: &crew_id,
                    homeowner_id: &user.id,
                    target,
                    week,
                },
                &input,
                now,
            )
            .await?;
            (StatusCode::CREATED, id)
        }
    };
    let row = store::get(&state.db, &rating_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let photos = photos_by_rating(&state, std::slice::from_ref(&rating_id))
        .await?
        .remove(&rating_id)
        .unwrap_or_default();
    tracing::info!(rating = %rating_id, target = target.as_str(), edited = status == StatusCode::OK, "crew rated");
    Ok((status, Json(view(row, photos, &user, now)?)))
}

/// Paging of a crew's ratings.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CrewRatingsQuery {
    /// At most 200 (default 50).
    pub limit: Option<u32>,
}

fn mean(sum: i64, n: i64) -> Option<u32> {
    (n > 0).then(|| u32::try_from((sum * 1000 + n / 2) / n).unwrap_or(0))
}

/// A crew's scores and anonymised comments, newest first: the crew's own members and staff.
/// No homeowner, project or address; phone numbers and the homeowner's name are masked.
#[utoipa::path(get, path = "/api/v1/crews/{id}/ratings", tag = "ratings",
    params(("id" = String, Path, description = "crew id"), CrewRatingsQuery),
    responses((status = 200, body = CrewRatings), refusal::Forbidden, refusal::NotFound))]
async fn crew_ratings(
    State(state): State<AppState>,
    CompanyCrew(user, id, crew_name): CompanyCrew,
    Query(q): Query<CrewRatingsQuery>,
) -> AppResult<Json<CrewRatings>> {
    match user.role {
        Role::Staff | Role::Admin => {}
        Role::Crew if user.crew_id.as_deref() == Some(id.as_str()) => {}
        Role::Crew => return Err(AppError::not_found()),
        Role::Homeowner => {
            return Err(AppError::forbidden(
                "crew ratings are for the crew and staff",
            ))
        }
    }
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let (rows, _) = store::for_crew(&state.db, &id, limit).await?;
    let (count, sums) = store::crew_sums(&state.db, &id).await?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let photos = photos_by_rating(&state, &ids).await?;
    let mut owner_names: HashMap<String, String> = HashMap::new();
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        if !owner_names.contains_key(&r.homeowner_id) {
            let name = users::by_id(&state.db, &r.homeowner_id)
                .await?
                .map(|u| u.name)
                .unwrap_or_default();
            owner_names.insert(r.homeowner_id.clone(), name);
        }
        let mut comment = redact_phone_numbers(&r.comment);
        if let Some(name) = owner_names
            .get(&r.homeowner_id)
            .filter(|n| !n.trim().is_empty())
        {
            comment = comment.replace(name.trim(), &mask_name(name));
        }
        let [quality, punctuality, tidiness, communication] = r.marks()?;
        let target = RatingTarget::parse(&r.target)
            .map_err(|_| AppError::internal("unknown rating target in database"))?;
        items.push(CrewRatingItem {
            photo_count: photos.get(&r.id).map_or(0, |p| p.len() as u32),
            target,
            quality,
            punctuality,
            tidiness,
            communication,
            average_milli: u32::try_from(r.average_milli).unwrap_or(0),
            comment,
            week: r.week,
            created_at: from_ms(r.created_at),
        });
    }
    Ok(Json(CrewRatings {
        crew_id: id,
        crew_name,
        count: u32::try_from(count).unwrap_or(0),
        means: DimensionMeans {
            quality: mean(sums[0], count),
            punctuality: mean(sums[1], count),
            tidiness: mean(sums[2], count),
            communication: mean(sums[3], count),
            overall: mean(sums.iter().sum(), count * 4),
        },
        items,
    }))
}
