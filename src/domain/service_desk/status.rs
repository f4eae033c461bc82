//! The vocabulary of the desk: what an item is, the statuses it can be in, and the actions
//! taken on it (as buttons and as requests).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;

/// What a queue item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    Claim,
    Callback,
    Complaint,
    /// Opened by the portal itself: a disputed node, a low survey score.
    FollowUp,
}

impl ServiceKind {
    /// All kinds.
    pub const ALL: [ServiceKind; 4] = [
        ServiceKind::Claim,
        ServiceKind::Callback,
        ServiceKind::Complaint,
        ServiceKind::FollowUp,
    ];

    /// Stable storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::Claim => "claim",
            ServiceKind::Callback => "callback",
            ServiceKind::Complaint => "complaint",
            ServiceKind::FollowUp => "follow_up",
        }
    }

    /// Inverse of [`ServiceKind::as_str`].
    pub fn parse(s: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where an item is in its life. Claims use the first seven; complaints a subset of them;
/// callbacks and follow-ups have their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Filed by the homeowner, nobody has answered yet.
    Received,
    /// Staff have answered.
    Acknowledged,
    /// A claim's visit is booked.
    Scheduled,
    /// Staff are on site for a claim.
    OnSite,
    /// Staff say it is done; the homeowner confirms or reopens.
    Resolved,
    /// The homeowner confirmed: closed.
    Confirmed,
    /// The homeowner says it is not fixed: back with staff.
    Reopened,
    /// A callback waiting for its call.
    Booked,
    /// The callback was made: closed.
    Called,
    /// The homeowner cancelled the callback: closed.
    Cancelled,
    /// A follow-up the portal opened.
    Open,
    /// A follow-up staff closed.
    Closed,
}

impl ItemStatus {
    /// Every status.
    pub const ALL: [ItemStatus; 12] = [
        ItemStatus::Received,
        ItemStatus::Acknowledged,
        ItemStatus::Scheduled,
        ItemStatus::OnSite,
        ItemStatus::Resolved,
        ItemStatus::Confirmed,
        ItemStatus::Reopened,
        ItemStatus::Booked,
        ItemStatus::Called,
        ItemStatus::Cancelled,
        ItemStatus::Open,
        ItemStatus::Closed,
    ];

    /// Stable storage name (same as the JSON name).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Received => "received",
            ItemStatus::Acknowledged => "acknowledged",
            ItemStatus::Scheduled => "scheduled",
            ItemStatus::OnSite => "on_site",
            ItemStatus::Resolved => "resolved",
            ItemStatus::Confirmed => "confirmed",
            ItemStatus::Reopened => "reopened",
            ItemStatus::Booked => "booked",
            ItemStatus::Called => "called",
            ItemStatus::Cancelled => "cancelled",
            ItemStatus::Open => "open",
            ItemStatus::Closed => "closed",
        }
    }

    /// Inverse of [`ItemStatus::as_str`].
    pub fn parse(s: &str) -> Option<ItemStatus> {
        ItemStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The status a new item of `kind` starts in.
    pub fn initial(kind: ServiceKind) -> ItemStatus {
        match kind {
            ServiceKind::Claim | ServiceKind::Complaint => ItemStatus::Received,
            ServiceKind::Callback => ItemStatus::Booked,
            ServiceKind::FollowUp => ItemStatus::Open,
        }
    }
}

/// What can be done to an item, without its details: the buttons the UI offers, the names in
/// the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Acknowledge,
    Schedule,
    ArriveOnSite,
    Resolve,
    Confirm,
    Reopen,
    Assign,
    Classify,
    MarkCalled,
    Cancel,
    Close,
    /// The homeowner moved a callback to another slot.
    Move,
}

impl ActionKind {
    /// Every action, in the order the UI offers them.
    pub const ALL: [ActionKind; 12] = [
        ActionKind::Acknowledge,
        ActionKind::Schedule,
        ActionKind::ArriveOnSite,
        ActionKind::Resolve,
        ActionKind::Confirm,
        ActionKind::Reopen,
        ActionKind::Assign,
        ActionKind::Classify,
        ActionKind::MarkCalled,
        ActionKind::Cancel,
        ActionKind::Close,
        ActionKind::Move,
    ];

    /// Stable storage name (same as the JSON name).
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Acknowledge => "acknowledge",
            ActionKind::Schedule => "schedule",
            ActionKind::ArriveOnSite => "arrive_on_site",
            ActionKind::Resolve => "resolve",
            ActionKind::Confirm => "confirm",
            ActionKind::Reopen => "reopen",
            ActionKind::Assign => "assign",
            ActionKind::Classify => "classify",
            ActionKind::MarkCalled => "mark_called",
            ActionKind::Cancel => "cancel",
            ActionKind::Close => "close",
            ActionKind::Move => "move",
        }
    }

    /// Inverse of [`ActionKind::as_str`].
    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Is this the homeowner's to take (otherwise staff's)?
    pub fn is_homeowners(self) -> bool {
        matches!(
            self,
            ActionKind::Confirm | ActionKind::Reopen | ActionKind::Cancel | ActionKind::Move
        )
    }
}

/// Something done to an item. Homeowners confirm, reopen or cancel; staff do the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ItemAction {
    /// First response: the item is taken up.
    Acknowledge,
    /// A claim's visit is booked (not in the past).
    Schedule { at: DateTime<Utc> },
    /// Staff are on site for a claim.
    ArriveOnSite,
    /// The work is done or the complaint answered in full.
    Resolve { note: String },
    /// The homeowner confirms the fix.
    Confirm,
    /// The homeowner says it is not fixed.
    Reopen { reason: String },
    /// Hands the item to a member of staff.
    Assign { user_id: String },
    /// Sets a complaint's level (1–5); a higher level escalates it.
    Classify { level: u8 },
    /// A callback was made.
    MarkCalled { note: String },
    /// The homeowner cancels a callback.
    Cancel,
    /// Staff close a follow-up.
    Close { note: String },
}

impl ItemAction {
    /// What kind of action this is.
    pub fn kind(&self) -> ActionKind {
        match self {
            ItemAction::Acknowledge => ActionKind::Acknowledge,
            ItemAction::Schedule { .. } => ActionKind::Schedule,
            ItemAction::ArriveOnSite => ActionKind::ArriveOnSite,
            ItemAction::Resolve { .. } => ActionKind::Resolve,
            ItemAction::Confirm => ActionKind::Confirm,
            ItemAction::Reopen { .. } => ActionKind::Reopen,
            ItemAction::Assign { .. } => ActionKind::Assign,
            ItemAction::Classify { .. } => ActionKind::Classify,
            ItemAction::MarkCalled { .. } => ActionKind::MarkCalled,
            ItemAction::Cancel => ActionKind::Cancel,
            ItemAction::Close { .. } => ActionKind::Close,
        }
    }

    /// Is this the homeowner's to take (otherwise staff's)?
    pub fn is_homeowners(&self) -> bool {
        self.kind().is_homeowners()
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// Not possible in this status (409).
    #[error("cannot {action} a {kind} that is {from}")]
    Illegal {
        kind: &'static str,
        from: &'static str,
        action: &'static str,
    },
    /// Not this role's action (403).
    #[error("only {0} may do this")]
    WrongRole(&'static str),
    /// Bad input (422).
    #[error(transparent)]
    Invalid(#[from] FieldError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_actions_round_trip_their_names() {
        for s in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for a in ActionKind::ALL {
            assert_eq!(ActionKind::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }
}
