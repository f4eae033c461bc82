//! The projects the signed-in user may see.

use super::{encode, get, ApiError};
use crate::domain::projects::{ProjectPage, ProjectSummary, Stage};

/// The first page of the caller's projects (the address the page preloads).
pub async fn list() -> Result<ProjectPage, ApiError> {
    get("/projects").await
}

/// A page of the caller's projects after a cursor, in a stage, matching a search.
pub async fn search(
    after: Option<&str>,
    stage: Option<Stage>,
    q: &str,
) -> Result<ProjectPage, ApiError> {
    let mut path = String::from("/projects?");
    if let Some(after) = after {
        path.push_str(&format!("after={}&", encode(after)));
    }
    if let Some(stage) = stage {
        path.push_str(&format!("stage={}&", stage.as_str()));
    }
    path.push_str(&format!("q={}", encode(q)));
    get(&path).await
}

/// One project (`NotFound` for one the caller can't see).
pub async fn get_one(id: &str) -> Result<ProjectSummary, ApiError> {
    get(&format!("/projects/{}", encode(id))).await
}
