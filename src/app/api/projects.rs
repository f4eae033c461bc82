//! The projects the signed-in user may see.

use super::{encode, get, ApiError};
use crate::domain::projects::ProjectSummary;

/// All projects of the caller.
pub async fn list() -> Result<Vec<ProjectSummary>, ApiError> {
    get("/projects").await
}

/// One project (`NotFound` for one the caller can't see).
pub async fn get_one(id: &str) -> Result<ProjectSummary, ApiError> {
    get(&format!("/projects/{}", encode(id))).await
}
