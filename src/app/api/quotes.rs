//! Quotes: the revisions of a project, one revision, and the homeowner's confirmation steps.

use super::{encode, get, post, put, ApiError};
use crate::domain::quotes::{
    QuoteRevisionView, QuoteSummary, StepAction, StepInput, VerifyCodeInput,
};

/// The project's revisions, newest first.
pub async fn list(project_id: &str) -> Result<Vec<QuoteSummary>, ApiError> {
    get(&format!("/projects/{}/quotes", encode(project_id))).await
}

/// One revision with its diff against the revision it is compared with.
pub async fn one(id: &str) -> Result<QuoteRevisionView, ApiError> {
    get(&format!("/quotes/{}", encode(id))).await
}

/// Takes a confirmation step (`reason` only matters for a rejection).
pub async fn step(
    id: &str,
    action: StepAction,
    reason: String,
) -> Result<QuoteRevisionView, ApiError> {
    let body = StepInput { action, reason };
    post(&format!("/quotes/{}/steps", encode(id)), Some(&body)).await
}

/// The final step: the one-time code from the homeowner's phone.
pub async fn verify(id: &str, code: String) -> Result<QuoteRevisionView, ApiError> {
    post(
        &format!("/quotes/{}/verify", encode(id)),
        Some(&VerifyCodeInput { code }),
    )
    .await
}

/// Publishes a new revision (staff).
pub async fn publish(
    project_id: &str,
    content: &crate::domain::quotes::QuoteRevisionContent,
) -> Result<QuoteRevisionView, ApiError> {
    post(
        &format!("/projects/{}/quotes", encode(project_id)),
        Some(content),
    )
    .await
}

/// A manager approves a revision that moves the cost by more than 5%.
pub async fn approve(id: &str) -> Result<QuoteRevisionView, ApiError> {
    post::<(), _>(&format!("/quotes/{}/approve", encode(id)), None).await
}

/// Corrects a pending revision in place (staff): the content with the version it was made
/// from; a revision changed since answers 409 `stale_revision`.
pub async fn edit(
    id: &str,
    edit: &crate::domain::versions::Versioned<crate::domain::quotes::QuoteRevisionContent>,
) -> Result<QuoteRevisionView, ApiError> {
    put(&format!("/quotes/{}", encode(id)), edit).await
}
