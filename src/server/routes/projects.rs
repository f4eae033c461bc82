//! The caller's projects.

use axum::extract::{Path, State};
use axum::Json;
use chrono::NaiveDate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::paging::{cut, KeyCursor};
use crate::domain::privacy::{mask_address, mask_name};
use crate::domain::projects::{start_key, ProjectPage, ProjectSummary, Stage};
use crate::server::error::refusal;
use crate::server::error::AppResult;
use crate::server::extractors::{Caller, ListQuery};
use crate::server::state::AppState;
use crate::server::store::projects::{self, ProjectRow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_projects))
        .routes(routes!(get_project))
}

/// May this user post the diary of this project (assigned crew, stage on site)?
pub fn can_post_diary(user: &Caller, project: &ProjectRow) -> bool {
    user.role == Role::Crew
        && user.crew_id.is_some()
        && user.crew_id == project.crew_id
        && project.stage().accepts_diary()
}

/// Builds the summary the UI shows, masking personal data.
fn summary(
    user: &Caller,
    p: ProjectRow,
    today: NaiveDate,
    today_entry_id: Option<String>,
) -> ProjectSummary {
    ProjectSummary {
        can_post_diary: can_post_diary(user, &p),
        title: p.title.clone(),
        address_masked: mask_address(&p.address),
        stage: p.stage(),
        homeowner_masked: mask_name(&p.homeowner_name),
        crew_name: p.crew_name.clone(),
        start_date: p.start_date.as_deref().and_then(|d| d.parse().ok()),
        planned_end_date: p.planned_end_date.as_deref().and_then(|d| d.parse().ok()),
        last_diary_date: p.last_diary_date.as_deref().and_then(|d| d.parse().ok()),
        diary_count: p.diary_count,
        today_entry_id,
        today,
        id: p.id,
    }
}

/// The projects list's paging, stage and search.
pub type ProjectsQuery = ListQuery<Stage>;

/// Lists the projects the caller may see, newest start first, a page at a time (keyset): a
/// homeowner's own, a crew's assigned ones, all of the company's for staff; filtered by
/// stage and searched on the server.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects", params(ProjectsQuery),
    responses((status = 200, body = ProjectPage), refusal::Unauthorized, refusal::Invalid))]
async fn list_projects(
    State(state): State<AppState>,
    user: Caller,
    filter: ProjectsQuery,
) -> AppResult<Json<ProjectPage>> {
    let today = state.clock.today_in(user.tz());
    let rows = projects::page(&state.db, &user, &filter, today).await?;
    let (rows, next_cursor) = cut(rows, filter.limit, |r| KeyCursor {
        key: start_key(r.project.start_date.as_deref()),
        id: r.project.id.clone(),
    });
    let items = rows
        .into_iter()
        .map(|r| summary(&user, r.project, today, r.today_entry_id))
        .collect();
    Ok(Json(ProjectPage { items, next_cursor }))
}

/// One project (404 if the caller may not see it).
#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = ProjectSummary), refusal::Unauthorized, refusal::NotFound))]
async fn get_project(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<ProjectSummary>> {
    // Not the `VisibleProject` extractor: the project and today's entry come in one query.
    let today = state.clock.today_in(user.tz());
    let row = projects::visible_one_today(&state.db, &user, &id, today).await?;
    Ok(Json(summary(&user, row.project, today, row.today_entry_id)))
}
