//! The service desk: warranty claims, callbacks, complaints and follow-ups as one kind of
//! item with a status, deadlines (the shared service-level rules), a conversation and an
//! audit trail. The state machines, the deadlines of each item and the inputs live here so
//! that the server and the browser apply the same rules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::FieldError;
use super::photos::PhotoRef;
use super::service_levels::{
    deadlines, ClockState, Deadline, DeadlineKind, ItemKind, Level, ServiceLevelConfig, Urgency,
};
use super::warranty::{self, VisitWindow, WarrantyCategory};

/// Longest complaint or message, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Shortest complaint, in characters.
pub const MIN_COMPLAINT_CHARS: usize = 10;
/// Most photos on a complaint.
pub const MAX_COMPLAINT_PHOTOS: usize = 9;
/// Longest callback slot, in minutes.
pub const MAX_SLOT_MINUTES: u32 = 240;

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

/// What a callback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallbackTopic {
    Progress,
    Quote,
    Warranty,
    Payment,
    Other,
}

impl CallbackTopic {
    /// All topics, in display order.
    pub const ALL: [CallbackTopic; 5] = [
        CallbackTopic::Progress,
        CallbackTopic::Quote,
        CallbackTopic::Warranty,
        CallbackTopic::Payment,
        CallbackTopic::Other,
    ];

    /// Stable storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackTopic::Progress => "progress",
            CallbackTopic::Quote => "quote",
            CallbackTopic::Warranty => "warranty",
            CallbackTopic::Payment => "payment",
            CallbackTopic::Other => "other",
        }
    }

    /// Inverse of [`CallbackTopic::as_str`].
    pub fn parse(s: &str) -> Option<CallbackTopic> {
        CallbackTopic::ALL.into_iter().find(|k| k.as_str() == s)
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

/// The status after an action of `action`'s kind, by the state machine of `kind`, or `None`
/// when the machine has no such move (details and roles are not checked here). `Assign` and
/// `Classify` keep the status; only complaints are classified; closed items allow nothing.
pub fn step(kind: ServiceKind, status: ItemStatus, action: ActionKind) -> Option<ItemStatus> {
    use ActionKind as A;
    use ItemStatus as S;
    if is_closed(kind, status) {
        return None;
    }
    match (kind, action) {
        (_, A::Assign) => return Some(status),
        (ServiceKind::Complaint, A::Classify) => return Some(status),
        (_, A::Classify) => return None,
        _ => {}
    }
    match kind {
        // Staff: received/reopened → acknowledged → scheduled (again to move the visit) → on
        // site → resolved, or on site → scheduled when another visit is needed. The homeowner
        // acts only on a resolved claim: confirms it (closed) or reopens it.
        ServiceKind::Claim => match (status, action) {
            (S::Received | S::Reopened, A::Acknowledge) => Some(S::Acknowledged),
            (S::Acknowledged | S::Scheduled | S::OnSite, A::Schedule) => Some(S::Scheduled),
            (S::Scheduled, A::ArriveOnSite) => Some(S::OnSite),
            (S::OnSite, A::Resolve) => Some(S::Resolved),
            (S::Resolved, A::Confirm) => Some(S::Confirmed),
            (S::Resolved, A::Reopen) => Some(S::Reopened),
            _ => None,
        },
        ServiceKind::Complaint => match (status, action) {
            (S::Received | S::Reopened, A::Acknowledge) => Some(S::Acknowledged),
            (S::Acknowledged, A::Resolve) => Some(S::Resolved),
            (S::Resolved, A::Confirm) => Some(S::Confirmed),
            (S::Resolved, A::Reopen) => Some(S::Reopened),
            _ => None,
        },
        ServiceKind::Callback => match (status, action) {
            (S::Booked, A::Acknowledge | A::Move) => Some(S::Booked),
            (S::Booked, A::MarkCalled) => Some(S::Called),
            (S::Booked, A::Cancel) => Some(S::Cancelled),
            _ => None,
        },
        ServiceKind::FollowUp => match (status, action) {
            (S::Open, A::Acknowledge) => Some(S::Acknowledged),
            (S::Open | S::Acknowledged, A::Close) => Some(S::Closed),
            _ => None,
        },
    }
}

/// The actions someone may take on an item now: the buttons the UI shows.
pub fn allowed_actions(kind: ServiceKind, status: ItemStatus, staff: bool) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|a| a.is_homeowners() != staff && step(kind, status, *a).is_some())
        .collect()
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

/// Statuses in which an item needs nobody any more.
pub fn is_closed(kind: ServiceKind, status: ItemStatus) -> bool {
    match kind {
        ServiceKind::Claim | ServiceKind::Complaint => status == ItemStatus::Confirmed,
        ServiceKind::Callback => matches!(status, ItemStatus::Called | ItemStatus::Cancelled),
        ServiceKind::FollowUp => status == ItemStatus::Closed,
    }
}

fn text(field: &'static str, s: &str, what: &str) -> Result<(), FieldError> {
    let n = s.trim().chars().count();
    let msg = || format!("{what} (up to {MAX_TEXT_CHARS} characters)");
    if n == 0 {
        return Err(FieldError::required(field, msg()));
    }
    if n > MAX_TEXT_CHARS {
        return Err(FieldError::too_long(field, MAX_TEXT_CHARS, msg()));
    }
    Ok(())
}

/// The status after `action` on an item of `kind` in `status`, or why not: the role first,
/// then the state machine ([`step`]), then the action's details. The caller checks `now` for
/// schedules.
pub fn next_status(
    kind: ServiceKind,
    status: ItemStatus,
    action: &ItemAction,
    actor_is_staff: bool,
) -> Result<ItemStatus, ActionError> {
    if action.is_homeowners() == actor_is_staff {
        return Err(ActionError::WrongRole(if actor_is_staff {
            "the homeowner"
        } else {
            "staff"
        }));
    }
    let next = step(kind, status, action.kind()).ok_or(ActionError::Illegal {
        kind: kind.as_str(),
        from: status.as_str(),
        action: action.kind().as_str(),
    })?;
    match action {
        ItemAction::Assign { user_id } if user_id.trim().is_empty() => {
            return Err(FieldError::required("user_id", "choose who takes it").into())
        }
        ItemAction::Classify { level } => {
            Level::new(*level)?;
        }
        // Claims keep the warranty manual's shorter notes.
        ItemAction::Resolve { note } if kind == ServiceKind::Claim => {
            warranty::required_text("note", note, "say what was done")?
        }
        ItemAction::Reopen { reason } if kind == ServiceKind::Claim => {
            warranty::required_text("reason", reason, "say what is still wrong")?
        }
        ItemAction::Resolve { note } => text("note", note, "say how it was resolved")?,
        ItemAction::Reopen { reason } => text("reason", reason, "say what is still wrong")?,
        ItemAction::Close { note } => text("note", note, "say what was done")?,
        _ => {}
    }
    Ok(next)
}

/// The deadlines an item runs against, nearest first. A callback booked into a slot is due
/// by the end of its slot; "as soon as possible" owes a routine first response. Follow-ups
/// are answered like complaints.
pub fn item_deadlines(
    kind: ServiceKind,
    urgency: Urgency,
    level: Option<Level>,
    created_at: DateTime<Utc>,
    slot_ends_at: Option<DateTime<Utc>>,
    cfg: &ServiceLevelConfig,
) -> Vec<Deadline> {
    match kind {
        ServiceKind::Claim => deadlines(ItemKind::WarrantyClaim, urgency, None, created_at, cfg),
        ServiceKind::Complaint => deadlines(ItemKind::Complaint, urgency, level, created_at, cfg),
        ServiceKind::Callback => match slot_ends_at {
            Some(end) => vec![Deadline {
                what: DeadlineKind::FirstResponse,
                starts_at: created_at,
                due_at: end.max(created_at),
            }],
            None => deadlines(ItemKind::Callback, urgency, None, created_at, cfg),
        },
        ServiceKind::FollowUp => vec![Deadline::after(
            DeadlineKind::ComplaintAnswer,
            created_at,
            cfg.complaint_answer_min,
        )],
    }
}

/// When each promise of an item was kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetTimes {
    /// First staff response (acknowledged, answered, or the callback made).
    pub first_response: Option<DateTime<Utc>>,
    pub on_site: Option<DateTime<Utc>>,
    /// A member of staff took a major complaint.
    pub team: Option<DateTime<Utc>>,
    /// Closed loop: confirmed by the homeowner (or the follow-up closed).
    pub closed: Option<DateTime<Utc>>,
}

impl MetTimes {
    /// When the deadline `what` was met, if it was.
    pub fn met(&self, what: DeadlineKind) -> Option<DateTime<Utc>> {
        match what {
            DeadlineKind::FirstResponse | DeadlineKind::ComplaintAnswer => self.first_response,
            DeadlineKind::OnSite => self.on_site,
            DeadlineKind::MajorComplaintTeam => self.team,
            DeadlineKind::ComplaintClose => self.closed,
            DeadlineKind::RepairCallback | DeadlineKind::InstallFollowUp => self.closed,
        }
    }
}

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

/// A new complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ComplaintInput {
    pub body: String,
    #[serde(default)]
    pub photo_ids: Vec<String>,
}

impl ComplaintInput {
    /// 10 to 2000 characters, at most 9 distinct photos.
    pub fn validated(mut self) -> Result<ComplaintInput, FieldError> {
        self.body = self.body.trim().to_string();
        let n = self.body.chars().count();
        let msg = || format!("{MIN_COMPLAINT_CHARS} to {MAX_TEXT_CHARS} characters");
        if n < MIN_COMPLAINT_CHARS {
            return Err(FieldError::too_short("body", MIN_COMPLAINT_CHARS, msg()));
        }
        if n > MAX_TEXT_CHARS {
            return Err(FieldError::too_long("body", MAX_TEXT_CHARS, msg()));
        }
        super::photos::validate_photo_ids(&self.photo_ids, MAX_COMPLAINT_PHOTOS)?;
        Ok(self)
    }
}

/// A callback request: a slot, or as soon as possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CallbackInput {
    pub topic: CallbackTopic,
    #[serde(default)]
    pub slot_id: Option<String>,
    #[serde(default)]
    pub note: String,
}

impl CallbackInput {
    /// A note of at most 2000 characters; no slot means "as soon as possible".
    pub fn validated(mut self) -> Result<CallbackInput, FieldError> {
        self.note = self.note.trim().to_string();
        if self.note.chars().count() > MAX_TEXT_CHARS {
            return Err(FieldError::too_long(
                "note",
                MAX_TEXT_CHARS,
                format!("at most {MAX_TEXT_CHARS} characters"),
            ));
        }
        self.slot_id = self.slot_id.filter(|s| !s.trim().is_empty());
        Ok(self)
    }
}

/// Moving a callback to another slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct MoveCallback {
    pub slot_id: String,
}

/// A message in an item's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct MessageInput {
    pub body: String,
}

impl MessageInput {
    /// 1 to 2000 characters.
    pub fn validated(mut self) -> Result<MessageInput, FieldError> {
        self.body = self.body.trim().to_string();
        text("body", &self.body, "write a message")?;
        Ok(self)
    }
}

/// Staff open callback slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SlotInput {
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub capacity: u32,
}

impl SlotInput {
    /// Starts in the future, lasts 5 to 240 minutes, 1 to 100 places.
    pub fn validated(self, now: DateTime<Utc>) -> Result<SlotInput, FieldError> {
        super::dates::check_instant("starts_at", self.starts_at)?;
        if self.starts_at <= now {
            return Err(FieldError::out_of_range(
                "starts_at",
                "the slot is in the past",
            ));
        }
        if !(5..=MAX_SLOT_MINUTES).contains(&self.minutes) {
            return Err(FieldError::out_of_range(
                "minutes",
                format!("5 to {MAX_SLOT_MINUTES} minutes"),
            ));
        }
        warranty::validate_slot_capacity(self.capacity)?;
        Ok(self)
    }
}

/// Counts for one kind in the metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct KindCount {
    pub kind: ServiceKind,
    pub count: u32,
}

/// Open items at the end of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct BacklogPoint {
    pub day: NaiveDate,
    pub open: u32,
}

/// Service metrics for a period (company days, both inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Metrics {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub created: u32,
    pub avg_first_response_secs: Option<i64>,
    /// Share of decided deadlines met on time, in basis points.
    pub within_target_bp: Option<u32>,
    pub breaches_by_kind: Vec<KindCount>,
    pub created_by_kind: Vec<KindCount>,
    pub backlog: Vec<BacklogPoint>,
}

/// Checks a metrics period: `from` ≤ `to`, at most 366 days.
pub fn validate_period(from: NaiveDate, to: NaiveDate) -> Result<(), FieldError> {
    super::dates::check_date("from", from)?;
    super::dates::check_date("to", to)?;
    if to < from {
        return Err(FieldError::out_of_range(
            "to",
            "the period ends before it starts",
        ));
    }
    if (to - from).num_days() > 366 {
        return Err(FieldError::out_of_range("to", "at most a year at a time"));
    }
    Ok(())
}

/// Open items at the end of each day: `(created_at, closed_at)` per item, `day_ends` the
/// instants at which each day ends.
pub fn backlog(
    items: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    day_ends: &[(NaiveDate, DateTime<Utc>)],
) -> Vec<BacklogPoint> {
    day_ends
        .iter()
        .map(|(day, end)| BacklogPoint {
            day: *day,
            open: items
                .iter()
                .filter(|(created, closed)| created < end && closed.is_none_or(|c| c >= *end))
                .count() as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn st(s: &str) -> ItemStatus {
        ItemStatus::parse(s).unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn claims_follow_the_warranty_machine_and_roles() {
        let staff = |s: &str, a: ItemAction| {
            next_status(ServiceKind::Claim, st(s), &a, true).map(ItemStatus::as_str)
        };
        assert_eq!(
            staff("received", ItemAction::Acknowledge).unwrap(),
            "acknowledged"
        );
        let at = t("2026-11-24T02:00:00Z");
        assert_eq!(
            staff("acknowledged", ItemAction::Schedule { at }).unwrap(),
            "scheduled"
        );
        assert_eq!(
            staff("scheduled", ItemAction::ArriveOnSite).unwrap(),
            "on_site"
        );
        assert!(matches!(
            staff("received", ItemAction::ArriveOnSite),
            Err(ActionError::Illegal { .. })
        ));
        assert!(matches!(
            next_status(
                ServiceKind::Claim,
                st("resolved"),
                &ItemAction::Confirm,
                true
            ),
            Err(ActionError::WrongRole(_))
        ));
        assert_eq!(
            next_status(
                ServiceKind::Claim,
                st("resolved"),
                &ItemAction::Confirm,
                false
            )
            .unwrap(),
            ItemStatus::Confirmed
        );
        // Confirmed is closed for good.
        assert!(matches!(
            next_status(
                ServiceKind::Claim,
                st("confirmed"),
                &ItemAction::Reopen {
                    reason: "漏水".into()
                },
                false
            ),
            Err(ActionError::Illegal { .. })
        ));
    }

    /// A claim action with good details.
    fn claim_action(a: ActionKind) -> ItemAction {
        match a {
            ActionKind::Schedule => ItemAction::Schedule {
                at: t("2026-11-24T02:00:00Z"),
            },
            ActionKind::Resolve => ItemAction::Resolve {
                note: "更换角阀，试水无渗漏".into(),
            },
            ActionKind::Reopen => ItemAction::Reopen {
                reason: "仍然滴水".into(),
            },
            ActionKind::Acknowledge => ItemAction::Acknowledge,
            ActionKind::ArriveOnSite => ItemAction::ArriveOnSite,
            ActionKind::Confirm => ItemAction::Confirm,
            other => panic!("not a claim step: {other:?}"),
        }
    }

    const CLAIM_STEPS: [ActionKind; 6] = [
        ActionKind::Acknowledge,
        ActionKind::Schedule,
        ActionKind::ArriveOnSite,
        ActionKind::Resolve,
        ActionKind::Confirm,
        ActionKind::Reopen,
    ];

    /// The claim machine's whole legal table: (from, action, by staff, to).
    const CLAIM_LEGAL: [(ItemStatus, ActionKind, bool, ItemStatus); 9] = [
        (
            ItemStatus::Received,
            ActionKind::Acknowledge,
            true,
            ItemStatus::Acknowledged,
        ),
        (
            ItemStatus::Reopened,
            ActionKind::Acknowledge,
            true,
            ItemStatus::Acknowledged,
        ),
        (
            ItemStatus::Acknowledged,
            ActionKind::Schedule,
            true,
            ItemStatus::Scheduled,
        ),
        (
            ItemStatus::Scheduled,
            ActionKind::Schedule,
            true,
            ItemStatus::Scheduled,
        ),
        (
            ItemStatus::OnSite,
            ActionKind::Schedule,
            true,
            ItemStatus::Scheduled,
        ),
        (
            ItemStatus::Scheduled,
            ActionKind::ArriveOnSite,
            true,
            ItemStatus::OnSite,
        ),
        (
            ItemStatus::OnSite,
            ActionKind::Resolve,
            true,
            ItemStatus::Resolved,
        ),
        (
            ItemStatus::Resolved,
            ActionKind::Confirm,
            false,
            ItemStatus::Confirmed,
        ),
        (
            ItemStatus::Resolved,
            ActionKind::Reopen,
            false,
            ItemStatus::Reopened,
        ),
    ];

    #[test]
    fn claims_allow_exactly_the_legal_table_and_refuse_the_rest_with_the_right_error() {
        // Exhaustive over status × step × role: legal iff in the table; otherwise the wrong
        // role is refused as such, and the right role at the wrong time is illegal (409).
        let claim_statuses = &ItemStatus::ALL[..7];
        let mut legal_count = 0;
        for from in claim_statuses.iter().copied() {
            for a in CLAIM_STEPS {
                for staff in [true, false] {
                    let r = next_status(ServiceKind::Claim, from, &claim_action(a), staff);
                    let legal = CLAIM_LEGAL
                        .iter()
                        .find(|(f, x, s, _)| *f == from && *x == a && *s == staff);
                    match (legal, r) {
                        (Some((.., to)), Ok(got)) => {
                            assert_eq!(got, *to);
                            legal_count += 1;
                        }
                        (None, Err(ActionError::WrongRole(_))) => {
                            assert_eq!(a.is_homeowners(), staff, "{from:?} {a:?}")
                        }
                        (None, Err(ActionError::Illegal { .. })) => {
                            assert_eq!(a.is_homeowners(), !staff, "{from:?} {a:?}")
                        }
                        (l, r) => panic!("{from:?} {a:?} staff={staff}: {l:?} vs {r:?}"),
                    }
                }
            }
        }
        assert_eq!(legal_count, 9);
        assert_eq!(
            next_status(
                ServiceKind::Claim,
                st("received"),
                &ItemAction::ArriveOnSite,
                true
            )
            .unwrap_err()
            .to_string(),
            "cannot arrive_on_site a claim that is received"
        );
    }

    #[test]
    fn a_claim_walks_through_and_back() {
        use ActionKind as A;
        let script = [
            (A::Acknowledge, true),
            (A::Schedule, true),
            (A::ArriveOnSite, true),
            (A::Resolve, true),
            (A::Reopen, false),
            (A::Acknowledge, true),
            (A::Schedule, true),
            (A::ArriveOnSite, true),
            (A::Schedule, true),
            (A::ArriveOnSite, true),
            (A::Resolve, true),
            (A::Confirm, false),
        ];
        let mut s = ItemStatus::Received;
        for (a, staff) in script {
            s = next_status(ServiceKind::Claim, s, &claim_action(a), staff).unwrap();
        }
        assert_eq!(s, ItemStatus::Confirmed);
        assert!(is_closed(ServiceKind::Claim, s));
        assert_eq!(
            serde_json::to_value(claim_action(A::Reopen)).unwrap(),
            serde_json::json!({"action": "reopen", "reason": "仍然滴水"})
        );
    }

    #[test]
    fn a_claim_reopen_needs_a_reason_and_resolve_a_note_of_claim_length() {
        use super::warranty::MAX_NOTE_CHARS;
        let claim =
            |from: &str, a: ItemAction, staff| next_status(ServiceKind::Claim, st(from), &a, staff);
        for blank in ["", "   ", "\n\t"] {
            let reopen = ItemAction::Reopen {
                reason: blank.into(),
            };
            assert!(
                matches!(claim("resolved", reopen, false), Err(ActionError::Invalid(f)) if f.field == "reason")
            );
            let resolve = ItemAction::Resolve { note: blank.into() };
            assert!(
                matches!(claim("on_site", resolve, true), Err(ActionError::Invalid(f)) if f.field == "note")
            );
        }
        let reopen = |n| ItemAction::Reopen {
            reason: "漏".repeat(n),
        };
        assert!(claim("resolved", reopen(MAX_NOTE_CHARS + 1), false).is_err());
        assert!(claim("resolved", reopen(MAX_NOTE_CHARS), false).is_ok());
    }

    #[test]
    fn complaints_are_classified_answered_and_closed() {
        let s = |from: &str, a: ItemAction, staff: bool| {
            next_status(ServiceKind::Complaint, st(from), &a, staff).map(ItemStatus::as_str)
        };
        assert_eq!(
            s("received", ItemAction::Classify { level: 4 }, true).unwrap(),
            "received"
        );
        assert!(matches!(
            s("received", ItemAction::Classify { level: 6 }, true),
            Err(ActionError::Invalid(_))
        ));
        assert_eq!(
            s("received", ItemAction::Acknowledge, true).unwrap(),
            "acknowledged"
        );
        assert!(matches!(
            s(
                "acknowledged",
                ItemAction::Resolve { note: " ".into() },
                true
            ),
            Err(ActionError::Invalid(_))
        ));
        assert_eq!(
            s(
                "acknowledged",
                ItemAction::Resolve {
                    note: "已赔偿".into()
                },
                true
            )
            .unwrap(),
            "resolved"
        );
        assert_eq!(
            s(
                "resolved",
                ItemAction::Reopen {
                    reason: "还没修好".into()
                },
                false
            )
            .unwrap(),
            "reopened"
        );
        assert!(matches!(
            s("received", ItemAction::ArriveOnSite, true),
            Err(ActionError::Illegal { .. })
        ));
        // Only complaints have levels.
        assert!(matches!(
            next_status(
                ServiceKind::Claim,
                st("received"),
                &ItemAction::Classify { level: 2 },
                true
            ),
            Err(ActionError::Illegal { .. })
        ));
    }

    #[test]
    fn callbacks_and_follow_ups() {
        let cb = |from: &str, a: ItemAction, staff: bool| {
            next_status(ServiceKind::Callback, st(from), &a, staff).map(ItemStatus::as_str)
        };
        assert_eq!(
            cb("booked", ItemAction::Cancel, false).unwrap(),
            "cancelled"
        );
        assert!(matches!(
            cb("booked", ItemAction::Cancel, true),
            Err(ActionError::WrongRole(_))
        ));
        assert_eq!(
            cb(
                "booked",
                ItemAction::MarkCalled {
                    note: String::new()
                },
                true
            )
            .unwrap(),
            "called"
        );
        assert!(matches!(
            cb("called", ItemAction::Cancel, false),
            Err(ActionError::Illegal { .. })
        ));
        let fu = |from: &str, a: ItemAction| {
            next_status(ServiceKind::FollowUp, st(from), &a, true).map(ItemStatus::as_str)
        };
        assert_eq!(
            fu(
                "open",
                ItemAction::Close {
                    note: "已回访".into()
                }
            )
            .unwrap(),
            "closed"
        );
        assert!(is_closed(ServiceKind::FollowUp, ItemStatus::Closed));
        assert!(!is_closed(ServiceKind::Claim, ItemStatus::Resolved));
    }

    #[test]
    fn allowed_actions_per_role_come_from_the_machines() {
        use ActionKind as A;
        let staff = |k, s: &str| allowed_actions(k, st(s), true);
        let owner = |k, s: &str| allowed_actions(k, st(s), false);
        assert_eq!(
            staff(ServiceKind::Claim, "received"),
            vec![A::Acknowledge, A::Assign]
        );
        assert_eq!(
            staff(ServiceKind::Claim, "scheduled"),
            vec![A::Schedule, A::ArriveOnSite, A::Assign]
        );
        assert_eq!(owner(ServiceKind::Claim, "received"), vec![]);
        assert_eq!(
            owner(ServiceKind::Claim, "resolved"),
            vec![A::Confirm, A::Reopen]
        );
        assert_eq!(
            staff(ServiceKind::Complaint, "received"),
            vec![A::Acknowledge, A::Assign, A::Classify]
        );
        assert_eq!(
            owner(ServiceKind::Callback, "booked"),
            vec![A::Cancel, A::Move]
        );
        assert_eq!(
            staff(ServiceKind::Callback, "booked"),
            vec![A::Acknowledge, A::Assign, A::MarkCalled]
        );
        assert_eq!(
            staff(ServiceKind::FollowUp, "open"),
            vec![A::Acknowledge, A::Assign, A::Close]
        );
        // Closed items offer nothing to anyone.
        for (k, s) in [
            (ServiceKind::Claim, "confirmed"),
            (ServiceKind::Callback, "called"),
            (ServiceKind::Callback, "cancelled"),
            (ServiceKind::FollowUp, "closed"),
        ] {
            assert!(staff(k, s).is_empty() && owner(k, s).is_empty(), "{s}");
        }
        // Every offered action is one the machine accepts (with good details).
        for kind in ServiceKind::ALL {
            for status in ItemStatus::ALL {
                for staff in [true, false] {
                    for a in allowed_actions(kind, status, staff) {
                        assert!(step(kind, status, a).is_some());
                        assert_eq!(a.is_homeowners(), !staff);
                    }
                }
            }
        }
    }

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

    #[test]
    fn deadlines_per_kind() {
        let cfg = ServiceLevelConfig::default();
        let at = t("2026-11-23T23:50:00Z");
        let urgent = item_deadlines(ServiceKind::Claim, Urgency::Urgent, None, at, None, &cfg);
        let mins: Vec<i64> = urgent
            .iter()
            .map(|d| (d.due_at - at).num_minutes())
            .collect();
        assert_eq!(mins, [15, 30]);
        let slot_end = at + Duration::hours(20);
        let cb = item_deadlines(
            ServiceKind::Callback,
            Urgency::Routine,
            None,
            at,
            Some(slot_end),
            &cfg,
        );
        assert_eq!(cb.len(), 1);
        assert_eq!(cb[0].due_at, slot_end);
        let asap = item_deadlines(
            ServiceKind::Callback,
            Urgency::Routine,
            None,
            at,
            None,
            &cfg,
        );
        assert_eq!((asap[0].due_at - at).num_minutes(), 15);
        let major = item_deadlines(
            ServiceKind::Complaint,
            Urgency::Routine,
            Level::new(5).ok(),
            at,
            None,
            &cfg,
        );
        let mins: Vec<i64> = major
            .iter()
            .map(|d| (d.due_at - at).num_minutes())
            .collect();
        assert_eq!(mins, [120, 24 * 60, 72 * 60]);
        let fu = item_deadlines(
            ServiceKind::FollowUp,
            Urgency::Routine,
            None,
            at,
            None,
            &cfg,
        );
        assert_eq!((fu[0].due_at - at).num_hours(), 24);
    }

    #[test]
    fn met_times_map_to_deadlines() {
        let m = MetTimes {
            first_response: Some(t("2026-11-23T01:00:00Z")),
            on_site: None,
            team: Some(t("2026-11-23T02:00:00Z")),
            closed: None,
        };
        assert_eq!(m.met(DeadlineKind::ComplaintAnswer), m.first_response);
        assert_eq!(m.met(DeadlineKind::MajorComplaintTeam), m.team);
        assert_eq!(m.met(DeadlineKind::ComplaintClose), None);
    }

    #[test]
    fn inputs_are_checked() {
        assert_eq!(
            ComplaintInput {
                body: "太吵".into(),
                photo_ids: vec![]
            }
            .validated()
            .unwrap_err()
            .field,
            "body"
        );
        let ok = ComplaintInput {
            body: "  工人在小区抽烟，还把垃圾丢在楼道  ".into(),
            photo_ids: vec![],
        }
        .validated()
        .unwrap();
        assert!(ok.body.starts_with('工'));
        assert_eq!(
            MessageInput { body: "  ".into() }
                .validated()
                .unwrap_err()
                .field,
            "body"
        );
        let now = t("2026-11-23T01:00:00Z");
        let slot = |mins: i64, minutes: u32, capacity: u32| SlotInput {
            starts_at: now + Duration::minutes(mins),
            minutes,
            capacity,
        };
        assert_eq!(
            slot(0, 30, 2).validated(now).unwrap_err().field,
            "starts_at"
        );
        assert_eq!(slot(60, 2, 2).validated(now).unwrap_err().field, "minutes");
        assert!(slot(60, 30, 0).validated(now).is_err());
        assert!(slot(60, 30, 2).validated(now).is_ok());
        let cb = CallbackInput {
            topic: CallbackTopic::Quote,
            slot_id: Some(" ".into()),
            note: String::new(),
        }
        .validated()
        .unwrap();
        assert_eq!(cb.slot_id, None, "blank slot means as soon as possible");
    }

    #[test]
    fn backlog_counts_items_open_at_each_day_end() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let items = vec![
            (t("2026-11-20T02:00:00Z"), Some(t("2026-11-21T03:00:00Z"))),
            (t("2026-11-20T05:00:00Z"), None),
            (t("2026-11-22T01:00:00Z"), None),
        ];
        let ends = vec![
            (d("2026-11-20"), t("2026-11-20T16:00:00Z")),
            (d("2026-11-21"), t("2026-11-21T16:00:00Z")),
            (d("2026-11-22"), t("2026-11-22T16:00:00Z")),
        ];
        let open: Vec<u32> = backlog(&items, &ends).iter().map(|p| p.open).collect();
        assert_eq!(open, [2, 1, 2]);
        assert!(validate_period(d("2026-11-22"), d("2026-11-21")).is_err());
        assert!(validate_period(d("2026-01-01"), d("2026-12-31")).is_ok());
    }

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let complaint = |body: String| {
            let e = ComplaintInput {
                body,
                photo_ids: vec![],
            }
            .validated()
            .unwrap_err();
            (e.field, e.reason, e.limit)
        };
        assert_eq!(
            complaint(" too short ".into()),
            (
                "body",
                FieldReason::TooShort,
                Some(MIN_COMPLAINT_CHARS as u32)
            )
        );
        assert_eq!(
            complaint("字".repeat(MAX_TEXT_CHARS + 1)),
            ("body", FieldReason::TooLong, Some(MAX_TEXT_CHARS as u32))
        );
        let e = text("note", "  ", "say how it was resolved").unwrap_err();
        assert_eq!((e.reason, e.limit), (FieldReason::Required, None));
        let e = text("note", &"x".repeat(MAX_TEXT_CHARS + 1), "say").unwrap_err();
        assert_eq!(
            (e.reason, e.limit),
            (FieldReason::TooLong, Some(MAX_TEXT_CHARS as u32))
        );
        let now = t("2026-11-24T02:00:00Z");
        let slot = |starts_at, minutes| {
            SlotInput {
                starts_at,
                minutes,
                capacity: 1,
            }
            .validated(now)
            .unwrap_err()
        };
        let e = slot(now, 30);
        assert_eq!((e.field, e.reason), ("starts_at", FieldReason::OutOfRange));
        let e = slot(now + Duration::hours(1), MAX_SLOT_MINUTES + 1);
        assert_eq!((e.field, e.reason), ("minutes", FieldReason::OutOfRange));
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let e = validate_period(d("2026-02-01"), d("2026-01-01")).unwrap_err();
        assert_eq!((e.field, e.reason), ("to", FieldReason::OutOfRange));
    }
}
