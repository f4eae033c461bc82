//! The node state machine: where a node stands, what may happen to it next, and the clocks
//! of rework and the closed-water test.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::error::{ErrorCode, FieldError};

/// Where a node stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// Not yet scheduled.
    Upcoming,
    /// A date is set; the homeowner is reminded to attend.
    Scheduled,
    /// The inspector is recording results.
    InProgress,
    /// Failed items wait for rework.
    ReworkOpen,
    /// Every item passed (or was closed); waits for the homeowner's sign-off.
    Passed,
    /// The homeowner signed the node off; frozen.
    SignedOff,
    /// The homeowner disputes the result; needs re-inspection.
    Disputed,
}

impl NodeStatus {
    /// All statuses.
    pub const ALL: [NodeStatus; 7] = [
        NodeStatus::Upcoming,
        NodeStatus::Scheduled,
        NodeStatus::InProgress,
        NodeStatus::ReworkOpen,
        NodeStatus::Passed,
        NodeStatus::SignedOff,
        NodeStatus::Disputed,
    ];

    /// Stable name for storage.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeStatus::Upcoming => "upcoming",
            NodeStatus::Scheduled => "scheduled",
            NodeStatus::InProgress => "in_progress",
            NodeStatus::ReworkOpen => "rework_open",
            NodeStatus::Passed => "passed",
            NodeStatus::SignedOff => "signed_off",
            NodeStatus::Disputed => "disputed",
        }
    }

    /// The status named by [`NodeStatus::as_str`].
    pub fn parse(s: &str) -> Option<NodeStatus> {
        NodeStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Passed or signed off: the works may be covered and the next node may start.
    pub fn is_done(self) -> bool {
        matches!(self, NodeStatus::Passed | NodeStatus::SignedOff)
    }
}

/// Something that happens to a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeEvent {
    /// Set or move the inspection date (from upcoming or scheduled).
    Schedule,
    /// The inspector starts recording (from scheduled).
    Start,
    /// Results were recorded; `failed` items opened rework (from in progress).
    Recorded { failed: usize },
    /// A rework item was closed; `still_open` remain (from rework open).
    ReworkClosed { still_open: usize },
    /// The inspector passes the node; refused while rework is open.
    Pass { open_rework: usize },
    /// The homeowner signs the node off (from passed).
    SignOff,
    /// The homeowner disputes the result (from passed), with a reason.
    Dispute { reason: String },
    /// A disputed node goes back to inspection.
    Reinspect,
}

impl NodeEvent {
    /// Stable name for error messages and logs.
    pub fn as_str(&self) -> &'static str {
        match self {
            NodeEvent::Schedule => "schedule",
            NodeEvent::Start => "start",
            NodeEvent::Recorded { .. } => "recorded",
            NodeEvent::ReworkClosed { .. } => "rework_closed",
            NodeEvent::Pass { .. } => "pass",
            NodeEvent::SignOff => "sign_off",
            NodeEvent::Dispute { .. } => "dispute",
            NodeEvent::Reinspect => "reinspect",
        }
    }
}

/// Why a node cannot move.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// A signed-off node never changes.
    #[error("the node is signed off and can no longer change")]
    Frozen,
    /// Rework items are still open.
    #[error("{open} rework item(s) still open")]
    OpenRework { open: usize },
    /// The event does not apply in this status.
    #[error("cannot {event} a node that is {from}")]
    NotAllowed {
        from: &'static str,
        event: &'static str,
    },
    /// The dispute reason is missing or too long.
    #[error(transparent)]
    Invalid(#[from] FieldError),
}

impl TransitionError {
    /// The API error code this refusal is answered with.
    pub fn code(&self) -> ErrorCode {
        match self {
            TransitionError::Invalid(_) => ErrorCode::Validation,
            TransitionError::OpenRework { .. } => ErrorCode::ReworkOpen,
            _ => ErrorCode::Conflict,
        }
    }
}

/// May the node pass? Only with no rework open.
pub fn can_pass(open_rework_count: usize) -> bool {
    open_rework_count == 0
}

/// Checks a dispute reason: trimmed, 5 to 500 characters.
pub fn validate_dispute_reason(reason: &str) -> Result<String, FieldError> {
    let r = reason.trim();
    let n = r.chars().count();
    let msg = || format!("{DISPUTE_REASON_MIN_CHARS} to {DISPUTE_REASON_MAX_CHARS} characters");
    if n < DISPUTE_REASON_MIN_CHARS {
        return Err(FieldError::too_short(
            "reason",
            DISPUTE_REASON_MIN_CHARS,
            msg(),
        ));
    }
    if n > DISPUTE_REASON_MAX_CHARS {
        return Err(FieldError::too_long(
            "reason",
            DISPUTE_REASON_MAX_CHARS,
            msg(),
        ));
    }
    Ok(r.to_string())
}

/// The status after `event`, or why the event is refused.
pub fn next_status(current: NodeStatus, event: &NodeEvent) -> Result<NodeStatus, TransitionError> {
    use NodeStatus as S;
    if current == S::SignedOff {
        return Err(TransitionError::Frozen);
    }
    let next = match (current, event) {
        (S::Upcoming | S::Scheduled, NodeEvent::Schedule) => S::Scheduled,
        (S::Scheduled, NodeEvent::Start) => S::InProgress,
        (S::InProgress, NodeEvent::Recorded { failed: 0 }) => S::InProgress,
        (S::InProgress | S::ReworkOpen, NodeEvent::Recorded { .. }) => S::ReworkOpen,
        (S::ReworkOpen, NodeEvent::ReworkClosed { still_open: 0 }) => S::InProgress,
        (S::ReworkOpen, NodeEvent::ReworkClosed { .. }) => S::ReworkOpen,
        (S::InProgress | S::ReworkOpen, NodeEvent::Pass { open_rework }) => {
            if !can_pass(*open_rework) {
                return Err(TransitionError::OpenRework { open: *open_rework });
            }
            S::Passed
        }
        (S::Passed, NodeEvent::SignOff) => S::SignedOff,
        (S::Passed, NodeEvent::Dispute { reason }) => {
            validate_dispute_reason(reason)?;
            S::Disputed
        }
        (S::Disputed, NodeEvent::Reinspect) => S::InProgress,
        (from, event) => {
            return Err(TransitionError::NotAllowed {
                from: from.as_str(),
                event: event.as_str(),
            })
        }
    };
    Ok(next)
}

/// The node to attend to next: the first, in order, not yet signed off (nodes missing from
/// `nodes` count as upcoming); `None` when every node is signed off.
pub fn next_node(nodes: &[(NodeKind, NodeStatus)]) -> Option<NodeKind> {
    NodeKind::ALL.into_iter().find(|kind| {
        nodes
            .iter()
            .find(|(k, _)| k == kind)
            .is_none_or(|(_, s)| *s != NodeStatus::SignedOff)
    })
}

/// May `kind` start? The node before it must be passed or signed off (hidden works are checked
/// before they are covered).
pub fn may_start(kind: NodeKind, nodes: &[(NodeKind, NodeStatus)]) -> bool {
    match kind.previous() {
        None => true,
        Some(prev) => nodes.iter().any(|(k, s)| *k == prev && s.is_done()),
    }
}

/// When rework for an item failed at `failed_at` is due: 48 hours later.
pub fn rework_due(failed_at: DateTime<Utc>) -> DateTime<Utc> {
    failed_at + Duration::hours(REWORK_HOURS)
}

/// Is rework due at `due_at` overdue at `now`? Closed rework never is; due exactly now is not yet.
pub fn is_overdue(
    due_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    closed_at.is_none() && now > due_at
}

/// When a closed-water test started at `started_at` may be read.
pub fn closed_water_test_ends(started_at: DateTime<Utc>) -> DateTime<Utc> {
    started_at + Duration::hours(CLOSED_WATER_TEST_HOURS)
}

/// Has the 48-hour closed-water test run its full time?
pub fn closed_water_test_done(started_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= closed_water_test_ends(started_at)
}
