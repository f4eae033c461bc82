//! Node inspections (节点验收): the construction nodes, their default checklists, rework (整改)
//! and the homeowner's sign-off (docs/domain.md, "Node inspections", "Completion and handover").

//! This file holds the constants, the nodes, the inspector's and homeowner's inputs and the
//! views; the default checklists are in `checklists.rs`, the node state machine in
//! `machine.rs` (both re-exported here).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::FieldError;
use super::photos::PhotoRef;

/// A failed item must be reworked within this many hours.
pub const REWORK_HOURS: i64 = 48;
/// The closed-water test of the waterproofing node lasts this many hours.
pub const CLOSED_WATER_TEST_HOURS: i64 = 48;
/// Length of the completion "experience day" (体验日), in hours.
pub const EXPERIENCE_DAY_HOURS: i64 = 3;
/// Warranty period after handover, in years.
pub const WARRANTY_YEARS: u32 = 5;
/// Shortest and longest dispute reason, in characters.
pub const DISPUTE_REASON_MIN_CHARS: usize = 5;
/// See [`DISPUTE_REASON_MIN_CHARS`].
pub const DISPUTE_REASON_MAX_CHARS: usize = 500;
/// Longest note on one checklist item or sign-off, in characters.
pub const MAX_NOTE_CHARS: usize = 500;
/// Most photos on one checklist item.
pub const MAX_PHOTOS_PER_ITEM: usize = 9;
/// Most items in one checklist.
pub const MAX_CHECKLIST_ITEMS: usize = 50;
/// Longest checklist item id, in characters.
pub const MAX_CHECKLIST_ID_CHARS: usize = 40;
/// Longest checklist item text, in characters.
pub const MAX_CHECKLIST_TEXT_CHARS: usize = 200;

mod checklists;
mod machine;

pub use checklists::*;
pub use machine::*;

/// The construction nodes, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// 开工交底
    Kickoff,
    /// 水电验收 (hidden works: checked before they are covered)
    PlumbingElectrical,
    /// 防水验收, with a 48-hour closed-water test (闭水试验)
    Waterproofing,
    /// 泥木验收
    TilingCarpentry,
    /// 油漆验收
    Painting,
    /// 竣工验收 (12 hard indicators; a third-party supervisor may join)
    Completion,
}

impl NodeKind {
    /// All nodes in order.
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Kickoff,
        NodeKind::PlumbingElectrical,
        NodeKind::Waterproofing,
        NodeKind::TilingCarpentry,
        NodeKind::Painting,
        NodeKind::Completion,
    ];

    /// Stable name for storage and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Kickoff => "kickoff",
            NodeKind::PlumbingElectrical => "plumbing_electrical",
            NodeKind::Waterproofing => "waterproofing",
            NodeKind::TilingCarpentry => "tiling_carpentry",
            NodeKind::Painting => "painting",
            NodeKind::Completion => "completion",
        }
    }

    /// The node named by [`NodeKind::as_str`].
    pub fn parse(s: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The Chinese name homeowners know.
    pub fn label_zh(self) -> &'static str {
        match self {
            NodeKind::Kickoff => "开工交底",
            NodeKind::PlumbingElectrical => "水电验收",
            NodeKind::Waterproofing => "防水验收",
            NodeKind::TilingCarpentry => "泥木验收",
            NodeKind::Painting => "油漆验收",
            NodeKind::Completion => "竣工验收",
        }
    }

    /// Position in the order, 0-based.
    pub fn index(self) -> usize {
        NodeKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// The node before this one.
    pub fn previous(self) -> Option<NodeKind> {
        self.index().checked_sub(1).map(|i| NodeKind::ALL[i])
    }

    /// The node after this one.
    pub fn following(self) -> Option<NodeKind> {
        NodeKind::ALL.get(self.index() + 1).copied()
    }
}

/// The inspector's result for one checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ItemResultInput {
    pub item_id: String,
    pub result: ItemResult,
    /// Required when the item fails: what is wrong.
    #[serde(default)]
    pub note: String,
    /// Ids of photos uploaded for this project beforehand.
    #[serde(default)]
    pub photo_ids: Vec<String>,
}

/// The results an inspector records for a node (all items or some of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct InspectionInput {
    pub items: Vec<ItemResultInput>,
}

impl InspectionInput {
    /// Trims notes and checks every rule against the node's checklist; the server runs this
    /// again on every write.
    pub fn validated(mut self, checklist: &[ChecklistItem]) -> Result<InspectionInput, FieldError> {
        if self.items.is_empty() {
            return Err(FieldError::required("items", "record at least one item"));
        }
        let mut seen: Vec<&str> = Vec::new();
        for it in &mut self.items {
            it.note = it.note.trim().to_string();
        }
        for it in &self.items {
            if !checklist.iter().any(|c| c.id == it.item_id) {
                return Err(FieldError::not_allowed(
                    "items",
                    format!("{} is not on this checklist", it.item_id),
                ));
            }
            if seen.contains(&it.item_id.as_str()) {
                return Err(FieldError::duplicate(
                    "items",
                    format!("{} is listed twice", it.item_id),
                ));
            }
            seen.push(&it.item_id);
            if it.result == ItemResult::Fail && it.note.is_empty() {
                return Err(FieldError::required(
                    "note",
                    format!("{}: say what failed", it.item_id),
                ));
            }
            FieldError::check_max_chars("note", &it.note, MAX_NOTE_CHARS)?;
            if it.photo_ids.len() > MAX_PHOTOS_PER_ITEM {
                return Err(FieldError::too_long(
                    "photo_ids",
                    MAX_PHOTOS_PER_ITEM,
                    format!("at most {MAX_PHOTOS_PER_ITEM} photos per item"),
                ));
            }
            let mut ids = it.photo_ids.clone();
            ids.sort();
            ids.dedup();
            if ids.len() != it.photo_ids.len() {
                return Err(FieldError::duplicate(
                    "photo_ids",
                    "a photo is listed twice",
                ));
            }
        }
        Ok(self)
    }

    /// Checklist items without a result in this input.
    pub fn missing<'a>(&self, checklist: &'a [ChecklistItem]) -> Vec<&'a ChecklistItem> {
        checklist
            .iter()
            .filter(|c| !self.items.iter().any(|i| i.item_id == c.id))
            .collect()
    }

    /// The items that failed (each opens rework).
    pub fn failed(&self) -> impl Iterator<Item = &ItemResultInput> {
        self.items.iter().filter(|i| i.result == ItemResult::Fail)
    }
}

/// A checklist item with its recorded result, as the node page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ItemView {
    pub item_id: String,
    pub text: String,
    /// Absent until inspected.
    pub result: Option<ItemResult>,
    pub note: String,
    pub photos: Vec<PhotoRef>,
}

/// A rework order (整改) opened by a failed item, due 48 hours after the failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ReworkItem {
    pub id: String,
    pub node: NodeKind,
    pub item_id: String,
    /// The checklist text of the failed item.
    pub item_text: String,
    /// What failed (the inspector's note).
    pub note: String,
    pub failed_at: DateTime<Utc>,
    /// `failed_at` + 48 h.
    pub due_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// How it was fixed, when closed.
    #[serde(default)]
    pub closing_note: String,
    #[serde(default)]
    pub closing_photos: Vec<PhotoRef>,
    /// Open and past due on the server's clock when this was sent.
    #[serde(default)]
    pub overdue: bool,
}

impl ReworkItem {
    /// Not yet closed.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Open and past its due time at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        is_overdue(self.due_at, self.closed_at, now)
    }
}

/// How many rework items are still open.
pub fn open_rework_count(items: &[ReworkItem]) -> usize {
    items.iter().filter(|r| r.is_open()).count()
}

/// The open rework items past their due time at `now`.
pub fn overdue_rework(items: &[ReworkItem], now: DateTime<Utc>) -> Vec<&ReworkItem> {
    items.iter().filter(|r| r.is_overdue(now)).collect()
}

/// A node as the project page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct NodeView {
    pub kind: NodeKind,
    /// Chinese name (开工交底 …).
    pub label: String,
    pub status: NodeStatus,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub inspected_at: Option<DateTime<Utc>>,
    /// Inspector's display name.
    pub inspector_name: Option<String>,
    /// A third-party supervisor was invited (completion acceptance).
    #[serde(default)]
    pub third_party_invited: bool,
    pub items: Vec<ItemView>,
    pub rework: Vec<ReworkItem>,
    pub signed_off_at: Option<DateTime<Utc>>,
    pub dispute_reason: Option<String>,
    /// May the caller sign off or dispute now (homeowner, node passed)?
    pub can_sign_off: bool,
}

/// The homeowner signs a passed node off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SignOff {
    /// Optional remark kept with the signature.
    #[serde(default)]
    pub note: String,
}

impl SignOff {
    /// Trims the note and checks its length.
    pub fn validated(mut self) -> Result<SignOff, FieldError> {
        self.note = self.note.trim().to_string();
        FieldError::check_max_chars("note", &self.note, MAX_NOTE_CHARS)?;
        Ok(self)
    }
}

/// The homeowner disputes a passed node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Dispute {
    /// 5 to 500 characters.
    pub reason: String,
}

impl Dispute {
    /// Trims the reason and checks its length.
    pub fn validated(self) -> Result<Dispute, FieldError> {
        Ok(Dispute {
            reason: validate_dispute_reason(&self.reason)?,
        })
    }
}

/// The five steps of completion and handover (交付验收五步法).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoverStep {
    /// Staff pre-acceptance on the 12 hard indicators.
    PreAcceptance,
    /// The homeowner's 3-hour experience day.
    ExperienceDay,
    /// Rework within 48 hours.
    Rework,
    /// Final acceptance, third-party supervisor invited.
    FinalAcceptance,
    /// Handover pack: 5-year warranty card and the electronic construction archive.
    Handover,
}

impl HandoverStep {
    /// All steps in order.
    pub const ALL: [HandoverStep; 5] = [
        HandoverStep::PreAcceptance,
        HandoverStep::ExperienceDay,
        HandoverStep::Rework,
        HandoverStep::FinalAcceptance,
        HandoverStep::Handover,
    ];

    /// Stable name for storage.
    pub fn as_str(self) -> &'static str {
        match self {
            HandoverStep::PreAcceptance => "pre_acceptance",
            HandoverStep::ExperienceDay => "experience_day",
            HandoverStep::Rework => "rework",
            HandoverStep::FinalAcceptance => "final_acceptance",
            HandoverStep::Handover => "handover",
        }
    }

    /// The step named by [`HandoverStep::as_str`].
    pub fn parse(s: &str) -> Option<HandoverStep> {
        HandoverStep::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The step after this one.
    pub fn following(self) -> Option<HandoverStep> {
        let i = HandoverStep::ALL.iter().position(|s| *s == self)?;
        HandoverStep::ALL.get(i + 1).copied()
    }
}

/// A whole project's inspection progress, as the homeowner's progress view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ProjectProgress {
    pub project_id: String,
    /// The six nodes in order.
    pub nodes: Vec<NodeView>,
    /// The node to attend to next (first not signed off).
    pub next: Option<NodeKind>,
    /// Nodes passed or signed off.
    pub done: usize,
    /// Rework items still open, and how many of them are past due.
    pub open_rework: usize,
    pub overdue_rework: usize,
    /// May the caller record inspections (staff)?
    pub can_inspect: bool,
}

impl ProjectProgress {
    /// Counts done nodes and open / overdue rework from the node views at `now`.
    pub fn new(
        project_id: String,
        nodes: Vec<NodeView>,
        now: DateTime<Utc>,
        can_inspect: bool,
    ) -> ProjectProgress {
        let states: Vec<(NodeKind, NodeStatus)> =
            nodes.iter().map(|n| (n.kind, n.status)).collect();
        let rework: Vec<&ReworkItem> = nodes.iter().flat_map(|n| n.rework.iter()).collect();
        ProjectProgress {
            project_id,
            next: next_node(&states),
            done: nodes.iter().filter(|n| n.status.is_done()).count(),
            open_rework: rework.iter().filter(|r| r.is_open()).count(),
            overdue_rework: rework.iter().filter(|r| r.is_overdue(now)).count(),
            nodes,
            can_inspect,
        }
    }
}

/// Staff set (or move) a node's inspection time; the homeowner is asked to attend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ScheduleInput {
    pub scheduled_at: DateTime<Utc>,
    /// Invite a third-party supervisor (usual for completion acceptance).
    #[serde(default)]
    pub third_party_invited: bool,
}

impl ScheduleInput {
    /// The time must not be in the past (server clock).
    pub fn validated(self, now: DateTime<Utc>) -> Result<ScheduleInput, FieldError> {
        super::dates::check_instant("scheduled_at", self.scheduled_at)?;
        if self.scheduled_at < now {
            return Err(FieldError::out_of_range(
                "scheduled_at",
                "the time is in the past",
            ));
        }
        Ok(self)
    }
}

/// Closing a rework item: what was done, with "after" photos (at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CloseRework {
    pub note: String,
    pub photo_ids: Vec<String>,
}

impl CloseRework {
    /// A note of 1–500 characters and 1–9 distinct photos.
    pub fn validated(mut self) -> Result<CloseRework, FieldError> {
        self.note = self.note.trim().to_string();
        if self.note.is_empty() {
            return Err(FieldError::required("note", "say what was fixed"));
        }
        FieldError::check_max_chars("note", &self.note, MAX_NOTE_CHARS)?;
        if self.photo_ids.is_empty() {
            return Err(FieldError::required(
                "photo_ids",
                "add at least one photo of the fix",
            ));
        }
        crate::domain::photos::validate_photo_ids(&self.photo_ids, MAX_PHOTOS_PER_ITEM)?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests;
