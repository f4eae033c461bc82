//! How an item is shown: its deadlines with their clocks, the item itself, its conversation
//! and its audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::inputs::CallbackTopic;
use super::status::{ActionKind, ItemStatus, ServiceKind};
use crate::domain::photos::PhotoRef;
use crate::domain::service_levels::{ClockState, DeadlineKind, Urgency};
use crate::domain::warranty::{VisitWindow, WarrantyCategory};

/// One deadline of an item as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct DeadlineView {
    pub what: DeadlineKind,
    pub due_at: DateTime<Utc>,
    pub met_at: Option<DateTime<Utc>>,
    /// The clock on the server at the time of the answer.
    pub clock: ClockState,
    /// Recorded as breached (stays so even after it is met).
    pub breached: bool,
}

/// An item of the service desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ServiceItemView {
    pub id: String,
    pub kind: ServiceKind,
    pub project_id: String,
    pub project_title: String,
    /// Masked homeowner name (staff views).
    pub homeowner: String,
    pub title: String,
    pub body: String,
    pub status: ItemStatus,
    pub category: Option<WarrantyCategory>,
    pub urgency: Urgency,
    pub level: Option<u8>,
    pub topic: Option<CallbackTopic>,
    pub visit_windows: Vec<VisitWindow>,
    pub scheduled_at: Option<DateTime<Utc>>,
    /// A callback's slot, when booked into one.
    pub slot_starts_at: Option<DateTime<Utc>>,
    pub slot_ends_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<String>,
    pub resolution: Option<String>,
    pub reopen_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub deadlines: Vec<DeadlineView>,
    /// The nearest deadline still open.
    pub next_due: Option<DateTime<Utc>>,
    /// The clock of that deadline (or of the last one, when all are decided).
    pub clock: Option<ClockState>,
    /// Any deadline ever breached.
    pub breached: bool,
    pub photos: Vec<PhotoRef>,
    /// Messages the caller has not read.
    pub unread: u32,
    /// Actions the caller may take now (the buttons to show).
    pub actions: Vec<ActionKind>,
}

/// One message of an item's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct MessageView {
    pub id: String,
    pub author: String,
    /// Written by staff (shown on the other side of the conversation).
    pub from_staff: bool,
    pub mine: bool,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// One change of an item, for the audit trail: who, when, and what changed (typed, so that
/// the UI can say it as a sentence in each language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub actor: String,
    pub change: AuditChange,
    pub at: DateTime<Utc>,
}

/// What one entry of an item's trail changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum AuditChange {
    /// The item was filed (a claim, a complaint, a callback booked, a follow-up opened).
    Filed,
    /// An action moved (or kept) the item's status.
    Status {
        action: ActionKind,
        from: ItemStatus,
        to: ItemStatus,
    },
    /// A claim's visit was booked for a time.
    Scheduled { at: DateTime<Utc> },
    /// The item was handed to a member of staff (by name).
    Assigned { to: String },
    /// A complaint's level was set.
    Classified { level: u8 },
    /// A callback was moved to another time (`None`: as soon as possible).
    Moved { to: Option<DateTime<Utc>> },
    /// A record this version cannot read (kept in the trail, said in general words).
    Other,
}

impl AuditChange {
    /// The change as the audit table stores it: `(action, from, to)`.
    pub fn to_record(&self) -> (&'static str, String, String) {
        match self {
            AuditChange::Filed => ("create", String::new(), String::new()),
            AuditChange::Status { action, from, to } => {
                (action.as_str(), from.as_str().into(), to.as_str().into())
            }
            AuditChange::Scheduled { at } => (
                ActionKind::Schedule.as_str(),
                String::new(),
                at.to_rfc3339(),
            ),
            AuditChange::Assigned { to } => {
                (ActionKind::Assign.as_str(), String::new(), to.clone())
            }
            AuditChange::Classified { level } => (
                ActionKind::Classify.as_str(),
                String::new(),
                format!("L{level}"),
            ),
            AuditChange::Moved { to } => (
                ActionKind::Move.as_str(),
                String::new(),
                to.map(|t| t.to_rfc3339()).unwrap_or_default(),
            ),
            AuditChange::Other => ("other", String::new(), String::new()),
        }
    }

    /// Reads a stored record back (also the records of earlier versions, which kept a
    /// schedule as "scheduled <time>" and a move as the slot's id).
    pub fn from_record(action: &str, from: &str, to: &str) -> AuditChange {
        let time = |s: &str| {
            DateTime::parse_from_rfc3339(s.trim())
                .ok()
                .map(|t| t.with_timezone(&Utc))
        };
        if action == "create" {
            return AuditChange::Filed;
        }
        let Some(kind) = ActionKind::parse(action) else {
            return AuditChange::Other;
        };
        match kind {
            ActionKind::Schedule => {
                let at = to.rsplit(' ').next().and_then(time);
                at.map_or(AuditChange::Other, |at| AuditChange::Scheduled { at })
            }
            ActionKind::Assign => AuditChange::Assigned { to: to.into() },
            ActionKind::Classify => to
                .trim_start_matches('L')
                .parse()
                .map_or(AuditChange::Other, |level| AuditChange::Classified {
                    level,
                }),
            ActionKind::Move => AuditChange::Moved { to: time(to) },
            _ => match (ItemStatus::parse(from), ItemStatus::parse(to)) {
                (Some(from), Some(to)) => AuditChange::Status {
                    action: kind,
                    from,
                    to,
                },
                _ => AuditChange::Other,
            },
        }
    }
}

/// An item with its conversation and trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ItemDetail {
    pub item: ServiceItemView,
    pub messages: Vec<MessageView>,
    pub audit: Vec<AuditEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_desk::test_support::t;

    #[test]
    fn audit_records_read_back_typed_also_from_earlier_versions() {
        let at = t("2026-12-03T02:00:00Z");
        for change in [
            AuditChange::Filed,
            AuditChange::Status {
                action: ActionKind::Acknowledge,
                from: ItemStatus::Received,
                to: ItemStatus::Acknowledged,
            },
            AuditChange::Scheduled { at },
            AuditChange::Assigned {
                to: "赵敏".into()
            },
            AuditChange::Classified { level: 4 },
            AuditChange::Moved { to: Some(at) },
        ] {
            let (a, f, to) = change.to_record();
            assert_eq!(AuditChange::from_record(a, &f, &to), change);
        }
        // Earlier versions: a schedule as "scheduled <time>", a move as the slot id.
        assert_eq!(
            AuditChange::from_record(
                "schedule",
                "acknowledged",
                "scheduled 2026-12-03T02:00:00+00:00"
            ),
            AuditChange::Scheduled { at }
        );
        assert_eq!(
            AuditChange::from_record("move", "asap", "slot-1"),
            AuditChange::Moved { to: None }
        );
        assert_eq!(
            AuditChange::from_record("teleport", "", ""),
            AuditChange::Other
        );
    }
}
