//! The weekly quality leaderboard (质量红黑榜): the board by role, each score's explanation,
//! a crew's trend, publishing (freezing) a finished week, and the admin's weights.
//!
//! Scores come from the shared rules in `domain::ratings` (40% homeowners' ratings, smoothed
//! with a Bayesian average towards the company mean; 60% quality records). No response here
//! carries customer data: crews, counts and scores only.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::quality::{
    BoardRow, BoardStatus, CrewTrend, LeaderboardConfig, LeaderboardView, PublishRequest,
    ScoreExplainView, TrendPoint,
};
use crate::domain::ratings::{
    is_week_published, iso_week_of, last_ended_week, IsoWeek, ListMark, Ranked,
};
use crate::domain::versions::Versioned;
use crate::domain::ApiErrorBody;
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{Admin, ApiJson, Caller, CompanyCrew, Staff};
use crate::server::state::AppState;
use crate::server::store::leaderboard::{self as store, Board};
use crate::server::store::projects;
use crate::server::store::versions::{self, SettingsDoc};

/// The leaderboard routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_board))
        .routes(routes!(explain))
        .routes(routes!(trend))
        .routes(routes!(publish))
        .routes(routes!(get_settings, put_settings))
}

/// Which week; the last ended week when absent.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct WeekQuery {
    /// `2026-W47`.
    pub week: Option<String>,
}

/// How many weeks of trend.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TrendQuery {
    /// 1–52 (default 12).
    pub weeks: Option<u32>,
}

const METHOD: &str = "total = Σ weight × sub-score; customer part: Bayesian average \
    (prior_weight × company mean + Σ ratings) / (prior_weight + ratings) mapped from 1–5 stars to 0–1000, \
    so one rating cannot dominate; quality parts: first-pass rate, rework closed within 48 h, \
    complaints and delay days per active project";

fn parse_week(q: Option<&str>, user: &Caller, state: &AppState) -> AppResult<IsoWeek> {
    match q.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Ok(s.parse::<IsoWeek>()?),
        None => Ok(last_ended_week(state.clock.now(), user.tz())),
    }
}

/// The crews the caller counts as "own": a crew member's crew, a homeowner's project crews.
async fn own_crews(state: &AppState, user: &Caller) -> AppResult<HashSet<String>> {
    Ok(match user.role {
        Role::Crew => user.crew_id.iter().cloned().collect(),
        Role::Homeowner => projects::crews_of_homeowner(&state.db, &user.id)
            .await?
            .into_iter()
            .collect(),
        Role::Staff | Role::Admin => HashSet::new(),
    })
}

async fn load(state: &AppState, user: &Caller, week: IsoWeek) -> AppResult<Board> {
    let tz = user.tz();
    store::board(
        &state.db,
        &user.company_id,
        week,
        tz,
        state.clock.today_in(tz),
    )
    .await
}

fn row(r: &Ranked, names: &HashMap<String, String>, own: &HashSet<String>) -> BoardRow {
    BoardRow {
        rank: r.rank,
        crew_id: r.crew_id.clone(),
        crew_name: names.get(&r.crew_id).cloned().unwrap_or_default(),
        total_milli: r.score.total_milli,
        list: r.list,
        active: r.active,
        rating_count: r.rating_count,
        own: own.contains(&r.crew_id),
    }
}

/// The week's board: staff, admins and crews see the full table with the red and black
/// lists; homeowners the red list and their own crew's standing.
#[utoipa::path(get, path = "/api/v1/leaderboard", tag = "leaderboard", params(WeekQuery),
    responses((status = 200, body = LeaderboardView), refusal::Unauthorized, refusal::Invalid))]
async fn get_board(
    State(state): State<AppState>,
    user: Caller,
    Query(q): Query<WeekQuery>,
) -> AppResult<Json<LeaderboardView>> {
    let week = parse_week(q.week.as_deref(), &user, &state)?;
    let b = load(&state, &user, week).await?;
    let names = store::crew_names(&state.db, &user.company_id).await?;
    let own = own_crews(&state, &user).await?;
    let full = !matches!(user.role, Role::Homeowner);
    let red = b
        .board
        .red_list()
        .into_iter()
        .map(|r| row(r, &names, &own))
        .collect();
    let black = full.then(|| {
        b.board
            .black_list()
            .into_iter()
            .map(|r| row(r, &names, &own))
            .collect()
    });
    let rows = full.then(|| b.board.rows.iter().map(|r| row(r, &names, &own)).collect());
    let own_rows = b
        .board
        .rows
        .iter()
        .filter(|r| own.contains(&r.crew_id))
        .map(|r| row(r, &names, &own))
        .collect();
    Ok(Json(LeaderboardView {
        week: week.to_string(),
        status: b.status,
        published_at: b.published_at.map(from_ms),
        weights: b.settings.weights,
        red,
        black,
        rows,
        own: own_rows,
    }))
}

/// May the caller open this crew's explanation? Staff, admins and crews: any crew of the
/// company; homeowners: red-list crews and their own.
async fn may_see_crew(
    state: &AppState,
    user: &Caller,
    b: &Board,
    crew_id: &str,
) -> AppResult<bool> {
    Ok(match user.role {
        Role::Homeowner => {
            own_crews(state, user).await?.contains(crew_id)
                || b.board
                    .rows
                    .iter()
                    .any(|r| r.crew_id == crew_id && r.list == Some(ListMark::Red))
        }
        _ => true,
    })
}

/// How a crew's score for the week came about: each part's inputs, weight, sub-score and
/// contribution (they add up to the total).
#[utoipa::path(get, path = "/api/v1/leaderboard/crews/{id}/explain", tag = "leaderboard",
    params(("id" = String, Path, description = "crew id"), WeekQuery),
    responses((status = 200, body = ScoreExplainView), refusal::NotFound, refusal::Invalid))]
async fn explain(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    Query(q): Query<WeekQuery>,
) -> AppResult<Json<ScoreExplainView>> {
    let week = parse_week(q.week.as_deref(), &user, &state)?;
    let names = store::crew_names(&state.db, &user.company_id).await?;
    let crew_name = names.get(&id).cloned().ok_or_else(AppError::not_found)?;
    let b = load(&state, &user, week).await?;
    if !may_see_crew(&state, &user, &b, &id).await? {
        return Err(AppError::not_found());
    }
    let r = b
        .board
        .rows
        .iter()
        .find(|r| r.crew_id == id)
        .ok_or_else(AppError::not_found)?;
    Ok(Json(ScoreExplainView {
        week: week.to_string(),
        status: b.status,
        crew_id: id.clone(),
        crew_name,
        rank: r.rank,
        list: r.list,
        weights: b.settings.weights,
        prior: b.settings.prior,
        score: r.score.clone(),
        method: METHOD.to_string(),
    }))
}

/// A crew's score over the past weeks (ended weeks, oldest first), for the trend chart.
#[utoipa::path(get, path = "/api/v1/leaderboard/crews/{id}/trend", tag = "leaderboard",
    params(("id" = String, Path, description = "crew id"), TrendQuery),
    responses((status = 200, body = CrewTrend), refusal::NotFound))]
async fn trend(
    State(state): State<AppState>,
    CompanyCrew(user, id, crew_name): CompanyCrew,
    Query(q): Query<TrendQuery>,
) -> AppResult<Json<CrewTrend>> {
    let n = q.weeks.unwrap_or(12).clamp(1, 52);
    let mut week = last_ended_week(state.clock.now(), user.tz());
    let mut weeks = Vec::with_capacity(n as usize);
    for _ in 0..n {
        weeks.push(week);
        week = week.prev();
    }
    weeks.reverse();
    if user.role == Role::Homeowner && !own_crews(&state, &user).await?.contains(&id) {
        // Homeowners follow their own crew; other crews only while on the latest red list.
        let latest = load(&state, &user, *weeks.last().unwrap_or(&week)).await?;
        if !may_see_crew(&state, &user, &latest, &id).await? {
            return Err(AppError::not_found());
        }
    }
    let mut points = Vec::with_capacity(weeks.len());
    for w in weeks {
        let b = load(&state, &user, w).await?;
        if let Some(r) = b.board.rows.iter().find(|r| r.crew_id == id) {
            points.push(TrendPoint {
                week: w.to_string(),
                status: b.status,
                total_milli: r.score.total_milli,
                rank: r.rank,
                list: r.list,
                active: r.active,
            });
        }
    }
    Ok(Json(CrewTrend {
        crew_id: id,
        crew_name,
        points,
    }))
}

/// Publishes (freezes) a finished week: staff and admins. Idempotent: publishing it again
/// answers the same snapshot. Data arriving later counts towards the next open week.
#[utoipa::path(post, path = "/api/v1/leaderboard/publish", tag = "leaderboard", request_body = PublishRequest,
    responses((status = 200, body = LeaderboardView),
        (status = 409, body = ApiErrorBody, description = "the week has not ended yet"), refusal::Forbidden, refusal::Invalid))]
async fn publish(
    State(state): State<AppState>,
    Staff(user): Staff,
    ApiJson(req): ApiJson<PublishRequest>,
) -> AppResult<Json<LeaderboardView>> {
    let tz = user.tz();
    let week = parse_week(req.week.as_deref(), &user, &state)?;
    let now = state.clock.now();
    if !is_week_published(week, now, tz) {
        return Err(AppError::conflict(format!(
            "week {week} has not ended yet (current week {})",
            iso_week_of(now, tz)
        )));
    }
    let (b, fresh) = store::publish(
        &state.db,
        &user.company_id,
        week,
        tz,
        state.clock.today_in(tz),
        Some(&user.id),
        now.timestamp_millis(),
    )
    .await?;
    if fresh {
        tracing::info!(week = %week, crews = b.board.rows.len(), "leaderboard published");
    }
    let names = store::crew_names(&state.db, &user.company_id).await?;
    let none = HashSet::new();
    Ok(Json(LeaderboardView {
        week: week.to_string(),
        status: BoardStatus::Published,
        published_at: b.published_at.map(from_ms),
        weights: b.settings.weights,
        red: b
            .board
            .red_list()
            .into_iter()
            .map(|r| row(r, &names, &none))
            .collect(),
        black: Some(
            b.board
                .black_list()
                .into_iter()
                .map(|r| row(r, &names, &none))
                .collect(),
        ),
        rows: Some(b.board.rows.iter().map(|r| row(r, &names, &none)).collect()),
        own: Vec::new(),
    }))
}

/// The company's leaderboard settings with their version.
async fn settings_doc(
    state: &AppState,
    company_id: &str,
) -> AppResult<Versioned<LeaderboardConfig>> {
    let cfg = store::config(&state.db, company_id).await?;
    let version = versions::current(&state.db, company_id, SettingsDoc::Leaderboard).await?;
    Ok(Versioned::at(version, cfg))
}

/// The company's leaderboard weights, prior weight and list size (staff and admins), with
/// the `version` an edit must send back.
#[utoipa::path(get, path = "/api/v1/leaderboard/settings", tag = "leaderboard",
    responses((status = 200, body = Versioned<LeaderboardConfig>), refusal::Forbidden))]
async fn get_settings(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<Versioned<LeaderboardConfig>>> {
    Ok(Json(settings_doc(&state, &user.company_id).await?))
}

/// Changes the weights (admins). They apply to weeks not yet published. The body carries the
/// `version` of the copy it was made from (required): 409 `stale_revision` when the settings
/// were saved since, and nothing changes.
#[utoipa::path(put, path = "/api/v1/leaderboard/settings", tag = "leaderboard", request_body = Versioned<LeaderboardConfig>,
    responses((status = 200, body = Versioned<LeaderboardConfig>), refusal::Forbidden, refusal::Conflict, refusal::Invalid))]
async fn put_settings(
    State(state): State<AppState>,
    Admin(user): Admin,
    ApiJson(input): ApiJson<Versioned<LeaderboardConfig>>,
) -> AppResult<Json<Versioned<LeaderboardConfig>>> {
    let cfg = input.value.validated()?;
    store::save_config(
        &state.db,
        &user.company_id,
        (&cfg, input.version),
        &user.id,
        state.clock.now_ms(),
    )
    .await?;
    Ok(Json(settings_doc(&state, &user.company_id).await?))
}
