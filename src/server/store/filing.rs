//! Filing a service-desk item (a claim, a callback, a complaint, a follow-up): stored in its kind's first
//! status with the photos sent with it, the filing in the audit trail, in one transaction.

use sqlx::{Any, Transaction};

use super::service::{self, ItemRow};
use super::{photos, Db};
use crate::domain::photos::AttachedTo;
use crate::domain::service_desk::{AuditChange, CallbackTopic, ItemStatus, ServiceKind};
use crate::domain::service_levels::Urgency;
use crate::domain::warranty::WarrantyCategory;
use crate::server::error::{AppError, AppResult};

/// A new item.
pub struct NewItem<'a> {
    pub company_id: &'a str,
    pub project_id: &'a str,
    pub kind: ServiceKind,
    pub title: &'a str,
    pub body: &'a str,
    pub category: Option<WarrantyCategory>,
    pub urgency: Urgency,
    pub topic: Option<CallbackTopic>,
    /// The visit windows offered, as JSON (`[]` for none).
    pub visit_windows: &'a str,
    pub slot_id: Option<&'a str>,
    pub created_by: &'a str,
    /// What opened it, for a follow-up (`node:<id>`, `survey:<id>`); empty otherwise.
    pub source: &'a str,
    /// The homeowner's photos sent with it (`photo_ids` of the form), for claims and
    /// complaints.
    pub photo_ids: &'a [String],
}

impl<'a> NewItem<'a> {
    /// A routine item of `kind` filed by `created_by` on a project, without a category, a
    /// topic, visit windows, a slot or photos (set those with struct update syntax).
    pub fn routine(
        (company_id, project_id, created_by): (&'a str, &'a str, &'a str),
        kind: ServiceKind,
        title: &'a str,
        body: &'a str,
    ) -> NewItem<'a> {
        NewItem {
            company_id,
            project_id,
            kind,
            title,
            body,
            category: None,
            urgency: Urgency::Routine,
            topic: None,
            visit_windows: "[]",
            slot_id: None,
            created_by,
            source: "",
            photo_ids: &[],
        }
    }

    /// A follow-up for the staff queue (a disputed node, a low survey score) opened by
    /// `source`.
    pub fn follow_up(
        ids: (&'a str, &'a str, &'a str),
        title: &'a str,
        body: &'a str,
        source: &'a str,
    ) -> NewItem<'a> {
        NewItem {
            source,
            ..NewItem::routine(ids, ServiceKind::FollowUp, title, body)
        }
    }
}

/// Files an item inside the caller's transaction (which may already hold its slot's place):
/// inserts it in its kind's first status, attaches its photos and audits the filing.
/// Returns its id.
pub async fn file_in(
    tx: &mut Transaction<'_, Any>,
    n: NewItem<'_>,
    now_ms: i64,
) -> AppResult<String> {
    let id = super::new_id();
    sqlx::query(
        "INSERT INTO service_items (id, company_id, project_id, kind, status, title, body, source, \
         created_by, created_at, updated_at, category, urgency, topic, visit_windows, slot_id, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $15, $8, $9, $9, $10, $11, $12, $13, $14, 0)",
    )
    .bind(&id)
    .bind(n.company_id)
    .bind(n.project_id)
    .bind(n.kind.as_str())
    .bind(ItemStatus::initial(n.kind).as_str())
    .bind(n.title)
    .bind(n.body)
    .bind(n.created_by)
    .bind(now_ms)
    .bind(n.category.map(WarrantyCategory::as_str))
    .bind(n.urgency.as_str())
    .bind(n.topic.map(CallbackTopic::as_str))
    .bind(n.visit_windows)
    .bind(n.slot_id)
    .bind(n.source)
    .execute(&mut **tx)
    .await?;
    let attached_to = match n.kind {
        ServiceKind::Claim => Some(AttachedTo::Claim),
        ServiceKind::Complaint => Some(AttachedTo::Complaint),
        ServiceKind::Callback | ServiceKind::FollowUp => None,
    };
    match attached_to {
        Some(to) => {
            photos::attach(
                tx,
                n.project_id,
                n.created_by,
                to,
                &id,
                n.photo_ids,
                "photo_ids",
            )
            .await?
        }
        None if n.photo_ids.is_empty() => {}
        None => return Err(AppError::internal("this kind of item takes no photos")),
    }
    service::audit(tx, &id, n.created_by, &AuditChange::Filed, now_ms).await?;
    super::queue::rekey(tx, &id, now_ms).await?;
    Ok(id)
}

/// Files an item ([`file_in`]), commits the transaction and answers the stored item.
pub async fn file(
    db: &Db,
    mut tx: Transaction<'static, Any>,
    n: NewItem<'_>,
    now_ms: i64,
) -> AppResult<ItemRow> {
    let id = file_in(&mut tx, n, now_ms).await?;
    tx.commit().await?;
    service::get(db, &id).await?.ok_or_else(AppError::not_found)
}
