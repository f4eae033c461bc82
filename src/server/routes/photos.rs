//! Site photos over HTTP: upload (streamed, checked by content), serving derivatives and
//! originals to those who may see the project, and discarding an upload before it is posted.
//! These handlers check who may do what; [`crate::server::photos`] owns the photo's life
//! (decoding, storing, keys, purging).

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE,
    ETAG, IF_NONE_MATCH, RANGE,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use bytes::{Bytes, BytesMut};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::error::FieldReason;
use crate::domain::photos::{AttachedTo, PhotoLocationSetting, PhotoRef, MAX_UPLOAD_BYTES};
use crate::domain::ErrorCode;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{Admin, ApiJson, Caller, Staff, VisibleProject};
use crate::server::photos;
use crate::server::routes::projects::can_post_diary;
use crate::server::state::AppState;
use crate::server::store::photos::{self as rows, PhotoRow};
use crate::server::store::projects;

/// Kept here for callers of the earlier layout (the demo data, the housekeeping task).
pub use crate::server::photos::{key, purge_stale_uploads};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_photo))
        // Room for the multipart envelope; the file itself is capped while it streams in.
        .layer(DefaultBodyLimit::max(
            MAX_UPLOAD_BYTES as usize + 256 * 1024,
        ))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(photo_file))
                .routes(routes!(discard_photo))
                .routes(routes!(location_setting, set_location_setting)),
        )
}

fn too_large() -> AppError {
    AppError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "a photo may be at most {} MB",
            MAX_UPLOAD_BYTES / 1024 / 1024
        ),
    )
}

/// Reads the `file` field, refusing as soon as it passes the size limit.
async fn read_file_field(mut multipart: Multipart) -> AppResult<Bytes> {
    let map_err = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::bad_request("the upload was interrupted or is not valid multipart data")
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(map_err)? {
        if field.name() != Some("file") {
            continue;
        }
        let mut buf = BytesMut::new();
        while let Some(chunk) = field.chunk().await.map_err(map_err)? {
            if (buf.len() + chunk.len()) as u64 > MAX_UPLOAD_BYTES {
                return Err(too_large());
            }
            buf.extend_from_slice(&chunk);
        }
        if buf.is_empty() {
            return Err(AppError::field(
                "file",
                FieldReason::Required,
                "the file is empty",
            ));
        }
        return Ok(buf.freeze());
    }
    Err(AppError::field(
        "file",
        FieldReason::Required,
        "send the photo in a field named `file`",
    ))
}

/// May the user add photos to this project? The assigned crew (diary), staff and admins.
fn may_upload(user: &Caller, project: &projects::ProjectRow) -> bool {
    match user.role {
        Role::Staff | Role::Admin => true,
        Role::Crew => can_post_diary(user, project),
        // Photos of a warranty claim or complaint.
        Role::Homeowner => project.homeowner_id == user.id,
    }
}

/// Uploads one photo (multipart field `file`) for a project; attach it to a diary entry by
/// listing its id in `photo_ids`. JPEG, PNG or WebP, recognised by content; at most 20 MB
/// and 40 megapixels.
#[utoipa::path(post, path = "/api/v1/projects/{id}/photos", tag = "photos",
    params(("id" = String, Path, description = "project id")),
    request_body(content_type = "multipart/form-data", description = "one field `file`"),
    responses((status = 201, body = PhotoRef), refusal::Forbidden, refusal::NotFound, refusal::TooLarge, refusal::Unsupported, refusal::Invalid))]
async fn upload_photo(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
    headers: HeaderMap,
    multipart: Multipart,
) -> AppResult<(StatusCode, Json<PhotoRef>)> {
    if !may_upload(&user, &project) {
        return Err(AppError::forbidden("you cannot add photos to this project"));
    }
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES + 256 * 1024) {
        return Err(too_large());
    }
    let bytes = read_file_field(multipart).await?;
    let size = bytes.len();
    let processed = photos::process_upload(bytes).await?;
    let photo = photos::store_upload(&state, &project.id, &user.id, processed).await?;
    crate::server::ops::metrics::record_upload(size);
    Ok((StatusCode::CREATED, Json(photo)))
}

/// Loads a photo the user may see: its project must be visible, and a photo not yet posted
/// is seen only by its uploader.
async fn visible_photo(state: &AppState, user: &Caller, id: &str) -> AppResult<PhotoRow> {
    let photo = rows::get_in_visible_project(&state.db, user, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !photo.is_posted() && photo.uploaded_by != user.id {
        return Err(AppError::not_found());
    }
    // Seeing the project is not enough: the photo follows the record it belongs to. The
    // crew sees diary and inspection photos, never those of ratings, claims or complaints.
    if user.role == Role::Crew && photo.uploaded_by != user.id {
        let hidden = match photo.attached_kind.as_deref() {
            None => false,
            Some(kind) => AttachedTo::parse(kind).is_none_or(|a| !a.crew_may_see()),
        };
        if hidden {
            return Err(AppError::not_found());
        }
    }
    Ok(photo)
}

/// The located original (the upload as sent, GPS included) for the company's staff and
/// admins while the company keeps locations; everyone else, and every photo without one, 404.
/// Each fetch is logged with the photo and who saw it (ids only).
async fn located_original(
    state: &AppState,
    user: &Caller,
    photo: &PhotoRow,
) -> AppResult<(Bytes, String, &'static str)> {
    if !user.is_staff() {
        return Err(AppError::not_found());
    }
    let (bytes, mime) = photos::read_located(state, photo)
        .await?
        .ok_or_else(AppError::not_found)?;
    tracing::info!(
        photo = %photo.id,
        project = %photo.project_id,
        viewer = %user.id,
        role = user.role.as_str(),
        "located original served"
    );
    Ok((bytes, photos::located_name(&photo.kind), mime))
}

/// A photo's bytes: `thumb` (≤400 px), `large` (≤1600 px), `original` (as uploaded, without
/// its location) or `located` (as uploaded, GPS included: the company's staff and admins,
/// only while the company keeps photo locations; otherwise 404; every fetch is logged).
#[utoipa::path(get, path = "/api/v1/photos/{id}/{variant}", tag = "photos",
    params(("id" = String, Path, description = "photo id"), ("variant" = String, Path, description = "thumb, large, original or located")),
    responses((status = 200, content_type = "image/jpeg"), (status = 206, description = "the one byte range a `Range` header asked for"), (status = 304, description = "the browser's copy (If-None-Match) is current"), refusal::NotFound))]
async fn photo_file(
    State(state): State<AppState>,
    user: Caller,
    Path((id, variant)): Path<(String, String)>,
    request_headers: HeaderMap,
) -> AppResult<impl IntoResponse> {
    let photo = visible_photo(&state, &user, &id).await?;
    // A photo id's variant never changes: its tag is its name, and a browser that has it
    // (revalidating, or after its cache was cleared of the max-age) gets 304 without a body.
    // Not the located original: whether it may be served changes with the company's setting.
    let etag = format!("\"{}-{}\"", photo.id, variant);
    if photos::keys::variant(&variant, &photo.kind).is_some()
        && not_modified(&request_headers, &etag)
    {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            headers.insert(ETAG, v);
        }
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(PHOTO_CACHE));
        return Ok((StatusCode::NOT_MODIFIED, headers, Bytes::new()));
    }
    let located = variant == "located";
    let (bytes, object, mime) = if located {
        located_original(&state, &user, &photo).await?
    } else {
        photos::read_variant(&state, &photo, &variant)
            .await?
            .ok_or_else(AppError::not_found)?
    };
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    if located {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else {
        // A photo id's content never changes; only this user's browser may keep it.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(PHOTO_CACHE));
        if let Ok(v) = HeaderValue::from_str(&etag) {
            headers.insert(ETAG, v);
        }
    }
    if variant == "original" || located {
        let disposition = format!(
            "inline; filename=\"photo-{}{}.{}\"",
            photo.id,
            if located { "-located" } else { "" },
            object.rsplit('.').next().unwrap_or("bin")
        );
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            headers.insert(CONTENT_DISPOSITION, v);
        }
    }
    // Originals may be fetched in pieces (a resumed download, a viewer that streams).
    headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Some(range) = byte_range(&request_headers, bytes.len()) {
        let content_range = format!("bytes {}-{}/{}", range.start(), range.end(), bytes.len());
        if let Ok(v) = HeaderValue::from_str(&content_range) {
            headers.insert(CONTENT_RANGE, v);
        }
        let (from, to) = (*range.start() as usize, *range.end() as usize);
        return Ok((StatusCode::PARTIAL_CONTENT, headers, bytes.slice(from..=to)));
    }
    Ok((StatusCode::OK, headers, bytes))
}

/// The one byte range a `Range` header asks for within `len` bytes (`bytes=0-99`,
/// `bytes=100-`, `bytes=-100`). Several ranges, or a malformed or unsatisfiable one, get the
/// whole photo (200), as HTTP allows a server to answer.
fn byte_range(headers: &HeaderMap, len: usize) -> Option<std::ops::RangeInclusive<u64>> {
    let value = headers.get(RANGE)?.to_str().ok()?;
    let ranges = http_range_header::parse_range_header(value)
        .ok()?
        .validate(len as u64)
        .ok()?;
    match ranges.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Photos are private to those who may see them, and never change under their address.
const PHOTO_CACHE: &str = "private, max-age=31536000, immutable";

/// Whether the browser already holds this variant (`If-None-Match` lists its tag, or `*`).
fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// Discards an uploaded photo that has not been posted in an entry (its uploader only).
#[utoipa::path(delete, path = "/api/v1/photos/{id}", tag = "photos",
    params(("id" = String, Path, description = "photo id")),
    responses((status = 204), refusal::NotFound, refusal::Conflict))]
async fn discard_photo(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let photo = visible_photo(&state, &user, &id).await?;
    if photo.uploaded_by != user.id {
        return Err(AppError::not_found());
    }
    if photo.is_posted() {
        return Err(AppError::conflict("the photo is part of a posted record"));
    }
    photos::discard(&state, &photo).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The company's rule on photo locations (staff and admins read it).
#[utoipa::path(get, path = "/api/v1/settings/photo-location", tag = "photos",
    responses((status = 200, body = PhotoLocationSetting), refusal::Forbidden))]
async fn location_setting(
    State(state): State<AppState>,
    Staff(user): Staff,
) -> AppResult<Json<PhotoLocationSetting>> {
    Ok(Json(PhotoLocationSetting {
        keep_for_staff: rows::company_keeps_location(&state.db, &user.company_id).await?,
    }))
}

/// Sets the company's rule (admins): keep the location of new originals for staff, or not.
/// Turning it off deletes the located originals kept so far; from then on nobody gets one.
#[utoipa::path(put, path = "/api/v1/settings/photo-location", tag = "photos", request_body = PhotoLocationSetting,
    responses((status = 200, body = PhotoLocationSetting), refusal::Forbidden, refusal::Invalid))]
async fn set_location_setting(
    State(state): State<AppState>,
    Admin(user): Admin,
    ApiJson(body): ApiJson<PhotoLocationSetting>,
) -> AppResult<Json<PhotoLocationSetting>> {
    let removed = photos::set_keep_location(&state, &user.company_id, body.keep_for_staff).await?;
    tracing::info!(admin = %user.id, keep = body.keep_for_staff, removed, "photo location rule set");
    Ok(Json(body))
}
