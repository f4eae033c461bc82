//! The caller's projects.

use axum::extract::{Path, State};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::privacy::{mask_address, mask_name};
use crate::domain::projects::ProjectSummary;
use crate::domain::ApiErrorBody;
use crate::server::error::AppResult;
use crate::server::extractors::Caller;
use crate::server::state::AppState;
use crate::server::store::diary;
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
pub async fn summary(state: &AppState, user: &Caller, p: ProjectRow) -> AppResult<ProjectSummary> {
    let today = state.clock.today_in(user.tz());
    let today_entry_id = diary::id_for_day(&state.db, &p.id, today).await?;
    Ok(ProjectSummary {
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
    })
}

/// Lists the projects the caller may see: a homeowner's own, a crew's assigned ones,
/// all of the company's for staff.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects",
    responses((status = 200, body = Vec<ProjectSummary>), (status = 401, body = ApiErrorBody)))]
async fn list_projects(
    State(state): State<AppState>,
    user: Caller,
) -> AppResult<Json<Vec<ProjectSummary>>> {
    let rows = projects::visible(&state.db, &user).await?;
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        out.push(summary(&state, &user, p).await?);
    }
    Ok(Json(out))
}

/// One project (404 if the caller may not see it).
#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = ProjectSummary), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_project(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<ProjectSummary>> {
    let p = projects::visible_one(&state.db, &user, &id).await?;
    Ok(Json(summary(&state, &user, p).await?))
}
