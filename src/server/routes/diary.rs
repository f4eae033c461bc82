//! The construction diary: the timeline, posting the day's entry, editing it the same day.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::diary::{
    editable, page_size, DiaryCursor, DiaryEntry, DiaryInput, DiaryPage, DiaryRevision,
};
use crate::domain::photos::PhotoRef;
use crate::domain::ErrorCode;
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{ApiJson, Caller, VisibleProject};
use crate::server::routes::projects::can_post_diary;
use crate::server::state::AppState;
use crate::server::store::diary::{self, EntryRow};
use crate::server::store::photos::{self, PhotoRow};
use crate::server::store::{projects, versions};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_entries, create_entry))
        .routes(routes!(get_entry, update_entry))
        .routes(routes!(entry_history))
}

/// Timeline paging: `after` is the `next_cursor` of the previous page.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TimelineQuery {
    pub after: Option<String>,
    pub limit: Option<u32>,
}

fn to_ref(p: &PhotoRow) -> PhotoRef {
    PhotoRef::for_id(&p.id, p.width as u32, p.height as u32)
}

/// Turns rows into API entries, with their photos fetched in one query.
async fn to_entries(
    state: &AppState,
    user: &Caller,
    rows: Vec<EntryRow>,
) -> AppResult<Vec<DiaryEntry>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_entry: HashMap<String, Vec<PhotoRef>> = HashMap::new();
    for p in photos::for_entries(&state.db, &ids).await? {
        if let Some(e) = &p.entry_id {
            by_entry.entry(e.clone()).or_default().push(to_ref(&p));
        }
    }
    let with_photos = rows
        .into_iter()
        .map(|r| {
            let photos = by_entry.remove(&r.id).unwrap_or_default();
            (r, photos)
        })
        .collect();
    entries(state, user, with_photos)
}

/// API entries from rows with their photos.
fn entries(
    state: &AppState,
    user: &Caller,
    rows: Vec<(EntryRow, Vec<PhotoRef>)>,
) -> AppResult<Vec<DiaryEntry>> {
    let today = state.clock.today_in(user.tz());
    rows.into_iter()
        .map(|(r, photos)| {
            let date = r.date()?;
            Ok(DiaryEntry {
                can_edit: editable(date, today, r.author_id == user.id),
                photos,
                weather: r.weather(),
                trades: r.trades(),
                entry_date: date,
                created_at: from_ms(r.created_at),
                updated_at: from_ms(r.updated_at),
                id: r.id,
                project_id: r.project_id,
                work_done: r.work_done,
                materials: r.materials,
                problems: r.problems,
                author_name: r.author_name,
                revision_count: r.revision_count,
            })
        })
        .collect()
}

/// Loads an entry the caller may see (its project must be visible), else 404.
async fn visible_entry(state: &AppState, user: &Caller, id: &str) -> AppResult<EntryRow> {
    let row = diary::get(&state.db, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    projects::visible_one(&state.db, user, &row.project_id).await?;
    Ok(row)
}

async fn one(state: &AppState, user: &Caller, row: EntryRow) -> AppResult<DiaryEntry> {
    to_entries(state, user, vec![row])
        .await?
        .pop()
        .ok_or_else(AppError::not_found)
}

/// The project's diary, newest first, one page at a time (keyset pagination).
#[utoipa::path(get, path = "/api/v1/projects/{id}/diary", tag = "diary",
    params(("id" = String, Path, description = "project id"), TimelineQuery),
    responses((status = 200, body = DiaryPage), refusal::Unauthorized, refusal::NotFound, refusal::Invalid))]
async fn list_entries(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> AppResult<Json<DiaryPage>> {
    let after = q.after.as_deref().map(DiaryCursor::decode).transpose()?;
    let limit = page_size(q.limit);
    // The caller's access, the page and its photos: one query.
    let mut rows = diary::visible_page(&state.db, &user, &id, after.as_ref(), limit).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = match (more, rows.last()) {
        (true, Some((last, _))) => Some(
            DiaryCursor {
                date: last.date()?,
                id: last.id.clone(),
            }
            .encode(),
        ),
        _ => None,
    };
    let rows = rows
        .into_iter()
        .map(|(r, photos)| {
            let refs = photos
                .iter()
                .map(|(id, w, h)| PhotoRef::for_id(id, *w as u32, *h as u32))
                .collect();
            (r, refs)
        })
        .collect();
    Ok(Json(DiaryPage {
        items: entries(&state, &user, rows)?,
        next_cursor,
    }))
}

/// Posts today's entry (crew assigned to the project). One entry per project per day.
#[utoipa::path(post, path = "/api/v1/projects/{id}/diary", tag = "diary", request_body = DiaryInput,
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = DiaryEntry), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn create_entry(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
    ApiJson(input): ApiJson<DiaryInput>,
) -> AppResult<(StatusCode, Json<DiaryEntry>)> {
    if !can_post_diary(&user, &project) {
        return Err(AppError::forbidden(
            "only the crew assigned to this project posts its diary, while work is on site",
        ));
    }
    let input = input.validated()?;
    let today = state.clock.today_in(user.tz());
    let entry_id = diary::create(
        &state.db,
        &project.id,
        &user.id,
        today,
        &input,
        state.clock.now_ms(),
    )
    .await?;
    let row = diary::get(&state.db, &entry_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    tracing::info!(entry = %entry_id, photos = input.photo_ids.len(), "diary entry posted");
    Ok((StatusCode::CREATED, Json(one(&state, &user, row).await?)))
}

/// One entry.
#[utoipa::path(get, path = "/api/v1/diary/{id}", tag = "diary",
    params(("id" = String, Path, description = "entry id")),
    responses((status = 200, body = DiaryEntry), refusal::NotFound))]
async fn get_entry(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<DiaryEntry>> {
    let row = visible_entry(&state, &user, &id).await?;
    Ok(Json(one(&state, &user, row).await?))
}

/// Edits an entry: its author only, on the same day; the previous version is kept.
#[utoipa::path(put, path = "/api/v1/diary/{id}", tag = "diary", request_body = DiaryInput,
    params(("id" = String, Path, description = "entry id")),
    responses((status = 200, body = DiaryEntry), refusal::Forbidden, refusal::NotFound, refusal::Conflict, refusal::Invalid))]
async fn update_entry(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DiaryInput>,
) -> AppResult<Json<DiaryEntry>> {
    let row = visible_entry(&state, &user, &id).await?;
    if row.author_id != user.id {
        return Err(AppError::forbidden("only the author edits a diary entry"));
    }
    let today = state.clock.today_in(user.tz());
    if !editable(row.date()?, today, true) {
        return Err(AppError::new(
            ErrorCode::EditWindowClosed,
            "a diary entry can be edited only on its own day",
        ));
    }
    let input = input.validated()?;
    versions::require_current(
        "base_revision",
        input.base_revision,
        row.revision_count,
        "the entry",
    )?;
    diary::update(&state.db, &row, &user.id, &input, state.clock.now_ms()).await?;
    let row = diary::get(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(one(&state, &user, row).await?))
}

/// The entry's earlier versions, newest first.
#[utoipa::path(get, path = "/api/v1/diary/{id}/history", tag = "diary",
    params(("id" = String, Path, description = "entry id")),
    responses((status = 200, body = Vec<DiaryRevision>), refusal::NotFound))]
async fn entry_history(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<DiaryRevision>>> {
    let row = visible_entry(&state, &user, &id).await?;
    let revs = diary::revisions(&state.db, &row.id).await?;
    revs.into_iter()
        .map(|r| {
            Ok(DiaryRevision {
                revision: r.revision,
                replaced_at: from_ms(r.replaced_at),
                content: serde_json::from_str(&r.content)
                    .map_err(|e| AppError::internal(e.to_string()))?,
            })
        })
        .collect::<AppResult<Vec<_>>>()
        .map(Json)
}
