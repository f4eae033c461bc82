//! The service desk: claims, callbacks, complaints, their conversations, and the staff queue.

use super::{encode, get, post, post_empty, put, ApiError};
use crate::domain::paging::Page;
use crate::domain::service_desk::{
    CallbackInput, ComplaintInput, ItemAction, ItemDetail, MessageInput, Metrics, MoveCallback,
    ServiceItemView, SlotInput,
};
use crate::domain::warranty::{CallbackSlot, ClaimInput, Coverage, WarrantyCategory};

/// Whether a category is still under warranty today.
pub async fn coverage(project_id: &str, category: WarrantyCategory) -> Result<Coverage, ApiError> {
    get(&format!(
        "/projects/{}/warranty/coverage?category={}",
        encode(project_id),
        category.as_str()
    ))
    .await
}

/// POSTs a homeowner's request to one of a project's lists (`claims`, `callbacks`, ...).
async fn post_to_project<B: serde::Serialize>(
    project_id: &str,
    list: &str,
    input: &B,
) -> Result<ServiceItemView, ApiError> {
    post(
        &format!("/projects/{}/{list}", encode(project_id)),
        Some(input),
    )
    .await
}

/// Files a warranty claim.
pub async fn file_claim(project_id: &str, input: &ClaimInput) -> Result<ServiceItemView, ApiError> {
    post_to_project(project_id, "claims", input).await
}

/// Books a callback (a slot, or as soon as possible).
pub async fn book_callback(
    project_id: &str,
    input: &CallbackInput,
) -> Result<ServiceItemView, ApiError> {
    post_to_project(project_id, "callbacks", input).await
}

/// Raises a complaint.
pub async fn complain(
    project_id: &str,
    input: &ComplaintInput,
) -> Result<ServiceItemView, ApiError> {
    post_to_project(project_id, "complaints", input).await
}

/// A project's items.
pub async fn project_items(project_id: &str) -> Result<Vec<ServiceItemView>, ApiError> {
    get(&format!("/projects/{}/items", encode(project_id))).await
}

/// One item with its conversation and trail.
pub async fn item(id: &str) -> Result<ItemDetail, ApiError> {
    get(&format!("/items/{}", encode(id))).await
}

/// Acts on an item.
pub async fn act(id: &str, action: &ItemAction) -> Result<ItemDetail, ApiError> {
    post(&format!("/items/{}/actions", encode(id)), Some(action)).await
}

/// Moves a callback to another slot.
pub async fn move_callback(id: &str, slot_id: String) -> Result<ItemDetail, ApiError> {
    put(
        &format!("/items/{}/slot", encode(id)),
        &MoveCallback { slot_id },
    )
    .await
}

/// Writes in an item's conversation.
pub async fn message(id: &str, body: String) -> Result<ItemDetail, ApiError> {
    post(
        &format!("/items/{}/messages", encode(id)),
        Some(&MessageInput { body }),
    )
    .await
}

/// Marks an item's conversation read.
pub async fn mark_read(id: &str) -> Result<(), ApiError> {
    post_empty(&format!("/items/{}/read", encode(id))).await
}

/// Upcoming callback slots (homeowners: with room).
pub async fn slots() -> Result<Vec<CallbackSlot>, ApiError> {
    get("/callback-slots").await
}

/// Opens a callback slot (staff).
pub async fn create_slot(input: &SlotInput) -> Result<CallbackSlot, ApiError> {
    post("/callback-slots", Some(input)).await
}

/// A page of the staff queue, nearest deadline first: the first, or the one after `after`.
pub async fn queue(after: Option<String>) -> Result<Page<ServiceItemView>, ApiError> {
    match after {
        None => get("/queue").await,
        Some(a) => get(&format!("/queue?after={}", encode(&a))).await,
    }
}

/// Service metrics for a period.
pub async fn metrics(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<Metrics, ApiError> {
    get(&format!("/metrics?from={from}&to={to}")).await
}

/// A member of staff.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
}

/// The company's staff, to assign items to.
pub async fn staff() -> Result<Vec<StaffMember>, ApiError> {
    get("/staff").await
}
