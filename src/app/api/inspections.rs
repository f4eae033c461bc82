//! Node inspections: the project's progress, and the homeowner's sign-off or dispute.

use super::{encode, get, post, ApiError};
use crate::domain::inspections::{
    ChecklistInput, Dispute, NodeKind, NodeView, ProjectProgress, SignOff,
};
use crate::domain::versions::Versioned;

/// Every node of a project with its checklist, photos and rework.
pub async fn progress(project_id: &str) -> Result<ProjectProgress, ApiError> {
    get(&format!("/projects/{}/progress", encode(project_id))).await
}

fn node_path(project_id: &str, kind: NodeKind, action: &str) -> String {
    format!(
        "/projects/{}/nodes/{}/{action}",
        encode(project_id),
        kind.as_str()
    )
}

/// The homeowner signs a passed node off.
pub async fn sign_off(
    project_id: &str,
    kind: NodeKind,
    note: String,
) -> Result<NodeView, ApiError> {
    post(
        &node_path(project_id, kind, "sign-off"),
        Some(&SignOff { note }),
    )
    .await
}

/// The homeowner disputes a passed node with a reason.
pub async fn dispute(
    project_id: &str,
    kind: NodeKind,
    reason: String,
) -> Result<NodeView, ApiError> {
    post(
        &node_path(project_id, kind, "dispute"),
        Some(&Dispute { reason }),
    )
    .await
}

/// Closes a rework order with what was done and "after" photos (crew or staff).
pub async fn close_rework(
    id: &str,
    note: String,
    photo_ids: Vec<String>,
) -> Result<crate::domain::inspections::ReworkItem, ApiError> {
    let body = crate::domain::inspections::CloseRework { note, photo_ids };
    post(&format!("/rework/{}/close", encode(id)), Some(&body)).await
}

/// Books (or moves) a node's inspection (staff).
pub async fn schedule(
    project_id: &str,
    kind: NodeKind,
    input: &crate::domain::inspections::ScheduleInput,
) -> Result<NodeView, ApiError> {
    post(&node_path(project_id, kind, "schedule"), Some(input)).await
}

/// Records checklist results (staff).
pub async fn record(
    project_id: &str,
    kind: NodeKind,
    input: &crate::domain::inspections::InspectionInput,
) -> Result<NodeView, ApiError> {
    post(&node_path(project_id, kind, "inspection"), Some(input)).await
}

/// Passes a node (staff): every item has a result, no rework open.
pub async fn pass(project_id: &str, kind: NodeKind) -> Result<NodeView, ApiError> {
    post::<(), _>(&node_path(project_id, kind, "pass"), None).await
}

/// Takes a disputed node back into inspection (staff).
pub async fn reinspect(project_id: &str, kind: NodeKind) -> Result<NodeView, ApiError> {
    post::<(), _>(&node_path(project_id, kind, "reinspect"), None).await
}

/// The company's checklist for a node (staff), with its version.
pub async fn checklist(kind: NodeKind) -> Result<Versioned<ChecklistInput>, ApiError> {
    get(&format!("/checklists/{}", kind.as_str())).await
}

/// Replaces the company's checklist for a node (admin), from the version it was made from.
pub async fn save_checklist(
    kind: NodeKind,
    input: &Versioned<ChecklistInput>,
) -> Result<Versioned<ChecklistInput>, ApiError> {
    super::put(&format!("/checklists/{}", kind.as_str()), input).await
}
