//! The construction diary: timeline pages, single entries, writing and history.

use super::{encode, get, post, put, ApiError};
use crate::domain::diary::{DiaryEntry, DiaryInput, DiaryPage, DiaryRevision};

/// One page of a project's timeline, newest first; `after` is the previous page's cursor.
pub async fn page(
    project_id: &str,
    after: Option<&str>,
    limit: u32,
) -> Result<DiaryPage, ApiError> {
    let mut path = format!("/projects/{}/diary?limit={limit}", encode(project_id));
    if let Some(after) = after {
        path.push_str("&after=");
        path.push_str(&encode(after));
    }
    get(&path).await
}

/// One entry.
pub async fn entry(id: &str) -> Result<DiaryEntry, ApiError> {
    get(&format!("/diary/{}", encode(id))).await
}

/// Posts today's entry for a project.
pub async fn create(project_id: &str, input: &DiaryInput) -> Result<DiaryEntry, ApiError> {
    post(
        &format!("/projects/{}/diary", encode(project_id)),
        Some(input),
    )
    .await
}

/// Replaces an entry (author, same day only).
pub async fn update(id: &str, input: &DiaryInput) -> Result<DiaryEntry, ApiError> {
    put(&format!("/diary/{}", encode(id)), input).await
}

/// Earlier versions of an entry.
pub async fn history(id: &str) -> Result<Vec<DiaryRevision>, ApiError> {
    get(&format!("/diary/{}/history", encode(id))).await
}
