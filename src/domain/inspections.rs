//! Node inspections (节点验收): the construction nodes, their default checklists, rework (整改)
//! and the homeowner's sign-off (DOMAIN.md, "Node inspections", "Completion and handover").

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, FieldError};
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

    /// The default checklist seeded for a new company (editable per company).
    pub fn default_checklist(self) -> &'static [ChecklistTemplate] {
        match self {
            NodeKind::Kickoff => KICKOFF,
            NodeKind::PlumbingElectrical => PLUMBING_ELECTRICAL,
            NodeKind::Waterproofing => WATERPROOFING,
            NodeKind::TilingCarpentry => TILING_CARPENTRY,
            NodeKind::Painting => PAINTING,
            NodeKind::Completion => COMPLETION,
        }
    }
}

/// One seeded checklist item: a stable id and the indicator text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistTemplate {
    pub id: &'static str,
    pub text: &'static str,
}

const fn item(id: &'static str, text: &'static str) -> ChecklistTemplate {
    ChecklistTemplate { id, text }
}

const KICKOFF: &[ChecklistTemplate] = &[
    item("kickoff-01", "业主、设计师、工长、监理到场，逐项交底并签字"),
    item("kickoff-02", "施工图纸与报价清单逐项核对，拆改项目确认"),
    item("kickoff-03", "原始房屋检测：墙地面空鼓、开裂、渗漏拍照留档"),
    item("kickoff-04", "原有水电、燃气、暖气管线位置确认并标注"),
    item("kickoff-05", "不拆改承重墙、剪力墙、外墙及燃气管道"),
    item("kickoff-06", "成品保护到位：入户门、窗户、地漏、下水口封堵"),
    item("kickoff-07", "现场安全：灭火器、临时用电配电箱及漏电保护"),
];

const PLUMBING_ELECTRICAL: &[ChecklistTemplate] = &[
    item(
        "plumbing_electrical-01",
        "强弱电间距≥30cm，交叉处做屏蔽处理",
    ),
    item(
        "plumbing_electrical-02",
        "给水管打压测试0.8MPa保压30分钟无压降",
    ),
    item("plumbing_electrical-03", "冷热水管左热右冷，间距≥15cm"),
    item(
        "plumbing_electrical-04",
        "电线穿管敷设，管内导线总截面≤管内截面40%，无接头",
    ),
    item(
        "plumbing_electrical-05",
        "线色区分：火线红、零线蓝、地线黄绿双色",
    ),
    item(
        "plumbing_electrical-06",
        "插座左零右火上接地，漏电保护器动作测试合格",
    ),
    item("plumbing_electrical-07", "开槽横平竖直，承重墙不横向开槽"),
    item(
        "plumbing_electrical-08",
        "排水管坡度正确，通水试验排水通畅无渗漏",
    ),
];

const WATERPROOFING: &[ChecklistTemplate] = &[
    item("waterproofing-01", "闭水试验48小时无渗漏（楼下顶面检查）"),
    item("waterproofing-02", "闭水水位最浅处≥2cm"),
    item("waterproofing-03", "墙面防水上翻≥30cm，淋浴区≥1.8m"),
    item("waterproofing-04", "管根、地漏、阴阳角附加层加强处理"),
    item(
        "waterproofing-05",
        "涂膜厚度≥1.5mm，均匀无漏刷、无起皮、无针孔",
    ),
    item("waterproofing-06", "门槛石下方做防水，向外延伸≥30cm"),
];

const TILING_CARPENTRY: &[ChecklistTemplate] = &[
    item("tiling_carpentry-01", "墙地砖空鼓率≤5%，单砖边角无明显空鼓"),
    item("tiling_carpentry-02", "瓷砖表面平整度误差≤2mm（2m靠尺）"),
    item(
        "tiling_carpentry-03",
        "砖缝宽度均匀顺直，相邻砖高低差≤0.5mm",
    ),
    item("tiling_carpentry-04", "卫生间地面坡向地漏，泼水无积水"),
    item(
        "tiling_carpentry-05",
        "吊顶龙骨牢固，石膏板接缝留缝、钉眼防锈",
    ),
    item(
        "tiling_carpentry-06",
        "柜体垂直度、水平度误差≤2mm，门板缝隙均匀",
    ),
    item("tiling_carpentry-07", "木作板材环保等级符合合同约定"),
];

const PAINTING: &[ChecklistTemplate] = &[
    item("painting-01", "墙面平整度误差≤3mm（2m靠尺）"),
    item("painting-02", "阴阳角方正顺直，误差≤3mm"),
    item("painting-03", "表面无透底、流坠、起皮、裂纹"),
    item("painting-04", "颜色均匀一致，无明显刷纹、色差"),
    item("painting-05", "腻子层无空鼓、开裂，打磨平整"),
    item("painting-06", "开关面板、门窗、地面等成品无污染"),
];

const COMPLETION: &[ChecklistTemplate] = &[
    item("completion-01", "全屋通电，开关、插座、灯具使用正常"),
    item("completion-02", "漏电保护器动作正常，配电箱回路标识清晰"),
    item("completion-03", "龙头、花洒出水正常，冷热水正确"),
    item("completion-04", "下水、地漏排水通畅，无堵塞、无返味"),
    item("completion-05", "厨房、卫生间、阳台无渗漏"),
    item("completion-06", "墙面平整，无裂纹、空鼓、色差"),
    item("completion-07", "地砖、地板平整无空鼓、无翘起，踢脚线严密"),
    item("completion-08", "吊顶平整无裂缝，检修口位置合理"),
    item("completion-09", "门窗开关灵活，五金齐全，密封严密"),
    item("completion-10", "柜体安装牢固，门板对齐，抽屉顺滑"),
    item("completion-11", "洁具、五金安装牢固，打胶饱满均匀"),
    item("completion-12", "现场清洁，垃圾清运完毕，成品保护拆除"),
];

/// A checklist item as configured for a company and shown in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
}

/// The default checklist of a node, as owned items.
pub fn default_checklist_items(kind: NodeKind) -> Vec<ChecklistItem> {
    kind.default_checklist()
        .iter()
        .map(|t| ChecklistItem {
            id: t.id.to_string(),
            text: t.text.to_string(),
        })
        .collect()
}

/// The outcome of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemResult {
    Pass,
    /// Opens a rework item due in 48 hours.
    Fail,
    NotApplicable,
}

impl ItemResult {
    /// All results.
    pub const ALL: [ItemResult; 3] = [
        ItemResult::Pass,
        ItemResult::Fail,
        ItemResult::NotApplicable,
    ];

    /// Stable name for storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemResult::Pass => "pass",
            ItemResult::Fail => "fail",
            ItemResult::NotApplicable => "not_applicable",
        }
    }

    /// The result named by [`ItemResult::as_str`].
    pub fn parse(s: &str) -> Option<ItemResult> {
        ItemResult::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

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
            if it.note.chars().count() > MAX_NOTE_CHARS {
                return Err(FieldError::too_long(
                    "note",
                    MAX_NOTE_CHARS,
                    format!("at most {MAX_NOTE_CHARS} characters"),
                ));
            }
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
        if self.note.chars().count() > MAX_NOTE_CHARS {
            return Err(FieldError::too_long(
                "note",
                MAX_NOTE_CHARS,
                format!("at most {MAX_NOTE_CHARS} characters"),
            ));
        }
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
        if self.note.chars().count() > MAX_NOTE_CHARS {
            return Err(FieldError::too_long(
                "note",
                MAX_NOTE_CHARS,
                format!("at most {MAX_NOTE_CHARS} characters"),
            ));
        }
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

/// A company's checklist for one node, as the admin edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ChecklistInput {
    pub items: Vec<ChecklistItem>,
}

impl ChecklistInput {
    /// 1–50 items with distinct non-empty ids (≤ 40 chars) and texts (≤ 200 chars).
    pub fn validated(mut self) -> Result<ChecklistInput, FieldError> {
        let count = || format!("1 to {MAX_CHECKLIST_ITEMS} items");
        if self.items.is_empty() {
            return Err(FieldError::required("items", count()));
        }
        if self.items.len() > MAX_CHECKLIST_ITEMS {
            return Err(FieldError::too_long("items", MAX_CHECKLIST_ITEMS, count()));
        }
        for it in &mut self.items {
            it.id = it.id.trim().to_string();
            it.text = it.text.trim().to_string();
        }
        for (n, it) in self.items.iter().enumerate() {
            let id_msg = || {
                format!(
                    "item {}: id of 1 to {MAX_CHECKLIST_ID_CHARS} characters",
                    n + 1
                )
            };
            if it.id.is_empty() {
                return Err(FieldError::required("items", id_msg()));
            }
            if it.id.chars().count() > MAX_CHECKLIST_ID_CHARS {
                return Err(FieldError::too_long(
                    "items",
                    MAX_CHECKLIST_ID_CHARS,
                    id_msg(),
                ));
            }
            let text_msg = || {
                format!(
                    "item {}: text of 1 to {MAX_CHECKLIST_TEXT_CHARS} characters",
                    n + 1
                )
            };
            if it.text.is_empty() {
                return Err(FieldError::required("items", text_msg()));
            }
            if it.text.chars().count() > MAX_CHECKLIST_TEXT_CHARS {
                return Err(FieldError::too_long(
                    "items",
                    MAX_CHECKLIST_TEXT_CHARS,
                    text_msg(),
                ));
            }
            if self.items[..n].iter().any(|o| o.id == it.id) {
                return Err(FieldError::duplicate(
                    "items",
                    format!("item {}: id used twice", n + 1),
                ));
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn checklist() -> Vec<ChecklistItem> {
        default_checklist_items(NodeKind::PlumbingElectrical)
    }

    fn result(id: &str, result: ItemResult) -> ItemResultInput {
        ItemResultInput {
            item_id: id.into(),
            result,
            note: String::new(),
            photo_ids: vec![],
        }
    }

    fn rework(failed_at: &str, closed_at: Option<&str>) -> ReworkItem {
        let failed_at = t(failed_at);
        ReworkItem {
            id: "r1".into(),
            node: NodeKind::Waterproofing,
            item_id: "waterproofing-01".into(),
            item_text: "闭水试验48小时无渗漏".into(),
            note: "楼下顶面有水渍".into(),
            failed_at,
            due_at: rework_due(failed_at),
            closed_at: closed_at.map(t),
            closing_note: String::new(),
            closing_photos: vec![],
            overdue: false,
        }
    }

    #[test]
    fn nodes_are_ordered_and_round_trip() {
        assert_eq!(NodeKind::ALL[0], NodeKind::Kickoff);
        assert_eq!(NodeKind::ALL[5], NodeKind::Completion);
        for (i, k) in NodeKind::ALL.into_iter().enumerate() {
            assert_eq!(NodeKind::parse(k.as_str()), Some(k));
            assert_eq!(k.index(), i);
            assert!(!k.label_zh().is_empty());
        }
        assert_eq!(NodeKind::parse("nope"), None);
        assert_eq!(NodeKind::Kickoff.previous(), None);
        assert_eq!(NodeKind::Completion.following(), None);
        assert_eq!(
            NodeKind::PlumbingElectrical.following(),
            Some(NodeKind::Waterproofing)
        );
        assert!(NodeKind::Kickoff < NodeKind::Completion);
        assert_eq!(
            serde_json::to_string(&NodeKind::TilingCarpentry).unwrap(),
            "\"tiling_carpentry\""
        );
    }

    #[test]
    fn default_checklists_are_seeded() {
        let mut all_ids = Vec::new();
        for k in NodeKind::ALL {
            let list = k.default_checklist();
            if k == NodeKind::Completion {
                assert_eq!(list.len(), 12, "12 hard indicators");
            } else {
                assert!((5..=8).contains(&list.len()), "{k:?}");
            }
            for item in list {
                assert!(
                    item.id.starts_with(&format!("{}-", k.as_str())),
                    "{}",
                    item.id
                );
                assert!(!item.text.is_empty());
                assert!(!all_ids.contains(&item.id), "duplicate {}", item.id);
                all_ids.push(item.id);
            }
            assert_eq!(default_checklist_items(k).len(), list.len());
        }
        let texts: Vec<_> = NodeKind::Waterproofing
            .default_checklist()
            .iter()
            .map(|i| i.text)
            .collect();
        assert!(texts.iter().any(|t| t.contains("闭水试验48小时")));
        assert!(texts.iter().any(|t| t.contains("1.8m")));
        let pe: Vec<_> = NodeKind::PlumbingElectrical
            .default_checklist()
            .iter()
            .map(|i| i.text)
            .collect();
        assert!(pe.iter().any(|t| t.contains("0.8MPa")));
        assert!(pe.iter().any(|t| t.contains("≥30cm")));
    }

    #[test]
    fn results_and_statuses_round_trip() {
        for r in ItemResult::ALL {
            assert_eq!(ItemResult::parse(r.as_str()), Some(r));
        }
        for s in NodeStatus::ALL {
            assert_eq!(NodeStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert_eq!(ItemResult::parse("maybe"), None);
        assert_eq!(NodeStatus::parse(""), None);
    }

    #[test]
    fn happy_path_through_the_node() {
        use NodeStatus as S;
        let s = next_status(S::Upcoming, &NodeEvent::Schedule).unwrap();
        assert_eq!(s, S::Scheduled);
        let s = next_status(s, &NodeEvent::Schedule).unwrap();
        assert_eq!(s, S::Scheduled, "rescheduling is fine");
        let s = next_status(s, &NodeEvent::Start).unwrap();
        assert_eq!(s, S::InProgress);
        let s = next_status(s, &NodeEvent::Recorded { failed: 2 }).unwrap();
        assert_eq!(s, S::ReworkOpen);
        let s = next_status(s, &NodeEvent::ReworkClosed { still_open: 1 }).unwrap();
        assert_eq!(s, S::ReworkOpen);
        let s = next_status(s, &NodeEvent::ReworkClosed { still_open: 0 }).unwrap();
        assert_eq!(s, S::InProgress);
        let s = next_status(s, &NodeEvent::Recorded { failed: 0 }).unwrap();
        assert_eq!(s, S::InProgress);
        let s = next_status(s, &NodeEvent::Pass { open_rework: 0 }).unwrap();
        assert_eq!(s, S::Passed);
        let s = next_status(s, &NodeEvent::SignOff).unwrap();
        assert_eq!(s, S::SignedOff);
    }

    #[test]
    fn cannot_pass_with_open_rework() {
        assert!(can_pass(0));
        assert!(!can_pass(1));
        for from in [NodeStatus::InProgress, NodeStatus::ReworkOpen] {
            assert_eq!(
                next_status(from, &NodeEvent::Pass { open_rework: 3 }),
                Err(TransitionError::OpenRework { open: 3 })
            );
        }
        assert_eq!(
            next_status(NodeStatus::ReworkOpen, &NodeEvent::Pass { open_rework: 0 }),
            Ok(NodeStatus::Passed)
        );
        assert_eq!(
            TransitionError::OpenRework { open: 1 }.code(),
            ErrorCode::ReworkOpen
        );
    }

    #[test]
    fn signed_off_is_frozen() {
        let events = [
            NodeEvent::Schedule,
            NodeEvent::Start,
            NodeEvent::Recorded { failed: 1 },
            NodeEvent::ReworkClosed { still_open: 0 },
            NodeEvent::Pass { open_rework: 0 },
            NodeEvent::SignOff,
            NodeEvent::Dispute {
                reason: "瓷砖有空鼓现象".into(),
            },
            NodeEvent::Reinspect,
        ];
        for e in &events {
            assert_eq!(
                next_status(NodeStatus::SignedOff, e),
                Err(TransitionError::Frozen),
                "{e:?}"
            );
        }
    }

    #[test]
    fn dispute_needs_a_reason_of_5_to_500_chars() {
        let dispute =
            |r: &str| next_status(NodeStatus::Passed, &NodeEvent::Dispute { reason: r.into() });
        assert_eq!(dispute("墙面有裂纹"), Ok(NodeStatus::Disputed));
        assert_eq!(dispute(&"字".repeat(500)), Ok(NodeStatus::Disputed));
        let err = dispute("  不行  ").unwrap_err();
        assert!(matches!(err, TransitionError::Invalid(ref f) if f.field == "reason"));
        assert_eq!(err.code(), ErrorCode::Validation);
        assert!(dispute(&"字".repeat(501)).is_err());
        assert!(dispute("").is_err());
        assert_eq!(
            next_status(NodeStatus::Disputed, &NodeEvent::Reinspect),
            Ok(NodeStatus::InProgress)
        );
        let d = Dispute {
            reason: "  地漏返味严重  ".into(),
        }
        .validated()
        .unwrap();
        assert_eq!(d.reason, "地漏返味严重");
        assert!(Dispute { reason: "x".into() }.validated().is_err());
    }

    #[test]
    fn illegal_transitions_are_refused() {
        use NodeStatus as S;
        let refused = [
            (S::Upcoming, NodeEvent::Start),
            (S::Upcoming, NodeEvent::Pass { open_rework: 0 }),
            (S::Upcoming, NodeEvent::SignOff),
            (S::Scheduled, NodeEvent::Pass { open_rework: 0 }),
            (S::Scheduled, NodeEvent::Recorded { failed: 0 }),
            (S::InProgress, NodeEvent::SignOff),
            (S::InProgress, NodeEvent::Schedule),
            (S::ReworkOpen, NodeEvent::SignOff),
            (S::Passed, NodeEvent::Pass { open_rework: 0 }),
            (S::Passed, NodeEvent::Start),
            (S::Passed, NodeEvent::Recorded { failed: 1 }),
            (S::Disputed, NodeEvent::SignOff),
            (S::Disputed, NodeEvent::Pass { open_rework: 0 }),
            (
                S::InProgress,
                NodeEvent::Dispute {
                    reason: "理由理由理由".into(),
                },
            ),
        ];
        for (from, e) in refused {
            assert_eq!(
                next_status(from, &e),
                Err(TransitionError::NotAllowed {
                    from: from.as_str(),
                    event: e.as_str()
                }),
                "{from:?} {e:?}"
            );
        }
    }

    #[test]
    fn transitions_never_leave_signed_off_and_only_passed_signs_off() {
        // Exhaustive over statuses × a representative set of events.
        let events = [
            NodeEvent::Schedule,
            NodeEvent::Start,
            NodeEvent::Recorded { failed: 0 },
            NodeEvent::Recorded { failed: 1 },
            NodeEvent::ReworkClosed { still_open: 0 },
            NodeEvent::ReworkClosed { still_open: 2 },
            NodeEvent::Pass { open_rework: 0 },
            NodeEvent::Pass { open_rework: 1 },
            NodeEvent::SignOff,
            NodeEvent::Dispute {
                reason: "五个字以上".into(),
            },
            NodeEvent::Reinspect,
        ];
        for from in NodeStatus::ALL {
            for e in &events {
                if let Ok(to) = next_status(from, e) {
                    assert_ne!(from, NodeStatus::SignedOff);
                    if to == NodeStatus::SignedOff {
                        assert_eq!(from, NodeStatus::Passed);
                    }
                    if to == NodeStatus::Passed {
                        assert!(matches!(e, NodeEvent::Pass { open_rework: 0 }));
                    }
                }
            }
        }
    }

    #[test]
    fn next_node_is_the_first_not_signed_off() {
        use NodeKind as K;
        use NodeStatus as S;
        assert_eq!(next_node(&[]), Some(K::Kickoff));
        assert_eq!(
            next_node(&[
                (K::Kickoff, S::SignedOff),
                (K::PlumbingElectrical, S::Passed)
            ]),
            Some(K::PlumbingElectrical)
        );
        assert_eq!(
            next_node(&[
                (K::Kickoff, S::SignedOff),
                (K::PlumbingElectrical, S::SignedOff)
            ]),
            Some(K::Waterproofing)
        );
        let all: Vec<_> = K::ALL.into_iter().map(|k| (k, S::SignedOff)).collect();
        assert_eq!(next_node(&all), None);
        // Order of the slice does not matter.
        let mut rev = all.clone();
        rev.reverse();
        rev[0].1 = S::ReworkOpen; // completion
        assert_eq!(next_node(&rev), Some(K::Completion));
    }

    #[test]
    fn a_node_starts_only_after_the_previous_passed() {
        use NodeKind as K;
        use NodeStatus as S;
        assert!(may_start(K::Kickoff, &[]));
        assert!(!may_start(K::PlumbingElectrical, &[]));
        assert!(!may_start(
            K::TilingCarpentry,
            &[(K::Waterproofing, S::ReworkOpen)]
        ));
        assert!(may_start(
            K::TilingCarpentry,
            &[(K::Waterproofing, S::Passed)]
        ));
        assert!(may_start(
            K::TilingCarpentry,
            &[(K::Waterproofing, S::SignedOff)]
        ));
    }

    #[test]
    fn rework_is_due_exactly_48_hours_later() {
        let failed = t("2026-03-01T10:30:00Z");
        assert_eq!(rework_due(failed), t("2026-03-03T10:30:00Z"));
        let r = rework("2026-03-01T10:30:00Z", None);
        assert!(
            !r.is_overdue(t("2026-03-03T10:30:00Z")),
            "due exactly now: not yet"
        );
        assert!(r.is_overdue(t("2026-03-03T10:30:01Z")));
        assert!(!r.is_overdue(t("2026-03-02T10:30:00Z")));
        let closed = rework("2026-03-01T10:30:00Z", Some("2026-03-04T00:00:00Z"));
        assert!(
            !closed.is_overdue(t("2026-03-10T00:00:00Z")),
            "closed late is not overdue"
        );
    }

    #[test]
    fn counts_open_and_overdue_rework() {
        let items = vec![
            rework("2026-03-01T00:00:00Z", None),
            rework("2026-03-02T00:00:00Z", None),
            rework("2026-03-01T00:00:00Z", Some("2026-03-02T00:00:00Z")),
        ];
        assert_eq!(open_rework_count(&items), 2);
        let now = t("2026-03-03T12:00:00Z");
        let overdue = overdue_rework(&items, now);
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].failed_at, t("2026-03-01T00:00:00Z"));
        assert!(!can_pass(open_rework_count(&items)));
        // Property: over a week of minutes, overdue ⇔ now > failed + 48h.
        let failed = t("2026-03-01T00:00:00Z");
        for m in (0..7 * 24 * 60).step_by(17) {
            let now = failed + Duration::minutes(m);
            assert_eq!(
                is_overdue(rework_due(failed), None, now),
                m > REWORK_HOURS * 60
            );
        }
    }

    #[test]
    fn closed_water_test_runs_48_hours() {
        let start = t("2026-03-01T09:00:00Z");
        assert_eq!(closed_water_test_ends(start), t("2026-03-03T09:00:00Z"));
        assert!(!closed_water_test_done(start, t("2026-03-03T08:59:59Z")));
        assert!(closed_water_test_done(start, t("2026-03-03T09:00:00Z")));
    }

    #[test]
    fn inspection_input_is_checked_against_the_checklist() {
        let list = checklist();
        let mut fail = result("plumbing_electrical-02", ItemResult::Fail);
        fail.note = "  保压30分钟压降0.1MPa ".into();
        let input = InspectionInput {
            items: vec![
                result("plumbing_electrical-01", ItemResult::Pass),
                fail,
                result("plumbing_electrical-03", ItemResult::NotApplicable),
            ],
        };
        let v = input.validated(&list).unwrap();
        assert_eq!(v.items[1].note, "保压30分钟压降0.1MPa");
        assert_eq!(v.failed().count(), 1);
        assert_eq!(v.missing(&list).len(), list.len() - 3);

        let empty = InspectionInput { items: vec![] };
        assert_eq!(empty.validated(&list).unwrap_err().field, "items");

        let unknown = InspectionInput {
            items: vec![result("waterproofing-01", ItemResult::Pass)],
        };
        assert_eq!(unknown.validated(&list).unwrap_err().field, "items");

        let twice = InspectionInput {
            items: vec![
                result("plumbing_electrical-01", ItemResult::Pass),
                result("plumbing_electrical-01", ItemResult::Fail),
            ],
        };
        assert_eq!(twice.validated(&list).unwrap_err().field, "items");

        let silent_fail = InspectionInput {
            items: vec![result("plumbing_electrical-01", ItemResult::Fail)],
        };
        assert_eq!(silent_fail.validated(&list).unwrap_err().field, "note");

        let mut long = result("plumbing_electrical-01", ItemResult::Pass);
        long.note = "字".repeat(MAX_NOTE_CHARS + 1);
        let long = InspectionInput { items: vec![long] };
        assert_eq!(long.validated(&list).unwrap_err().field, "note");

        let mut photos = result("plumbing_electrical-01", ItemResult::Pass);
        photos.photo_ids = (0..=MAX_PHOTOS_PER_ITEM).map(|n| n.to_string()).collect();
        let many = InspectionInput {
            items: vec![photos.clone()],
        };
        assert_eq!(many.validated(&list).unwrap_err().field, "photo_ids");
        photos.photo_ids = vec!["a".into(), "a".into()];
        let dup = InspectionInput {
            items: vec![photos],
        };
        assert_eq!(dup.validated(&list).unwrap_err().field, "photo_ids");
    }

    #[test]
    fn inspection_input_json_defaults() {
        let v: InspectionInput = serde_json::from_str(
            r#"{"items":[{"item_id":"kickoff-01","result":"not_applicable"}]}"#,
        )
        .unwrap();
        assert_eq!(v.items[0].result, ItemResult::NotApplicable);
        assert!(v.items[0].note.is_empty() && v.items[0].photo_ids.is_empty());
    }

    #[test]
    fn sign_off_note_is_bounded() {
        let s = SignOff {
            note: "  满意 ".into(),
        }
        .validated()
        .unwrap();
        assert_eq!(s.note, "满意");
        assert!(SignOff {
            note: "x".repeat(MAX_NOTE_CHARS + 1)
        }
        .validated()
        .is_err());
    }

    #[test]
    fn handover_steps_in_order() {
        assert_eq!(HandoverStep::ALL.len(), 5);
        for s in HandoverStep::ALL {
            assert_eq!(HandoverStep::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            HandoverStep::PreAcceptance.following(),
            Some(HandoverStep::ExperienceDay)
        );
        assert_eq!(HandoverStep::Handover.following(), None);
    }

    fn view(kind: NodeKind, status: NodeStatus, rework: Vec<ReworkItem>) -> NodeView {
        NodeView {
            kind,
            label: kind.label_zh().into(),
            status,
            scheduled_at: None,
            inspected_at: None,
            inspector_name: None,
            third_party_invited: false,
            items: vec![],
            rework,
            signed_off_at: None,
            dispute_reason: None,
            can_sign_off: false,
        }
    }

    fn rework_at(failed: &str, closed: Option<&str>) -> ReworkItem {
        let failed_at = t(failed);
        ReworkItem {
            id: "r".into(),
            node: NodeKind::PlumbingElectrical,
            item_id: "x".into(),
            item_text: "x".into(),
            note: "n".into(),
            failed_at,
            due_at: rework_due(failed_at),
            closed_at: closed.map(t),
            closing_note: String::new(),
            closing_photos: vec![],
            overdue: false,
        }
    }

    #[test]
    fn progress_counts_done_nodes_and_rework() {
        let nodes = vec![
            view(NodeKind::Kickoff, NodeStatus::SignedOff, vec![]),
            view(
                NodeKind::PlumbingElectrical,
                NodeStatus::ReworkOpen,
                vec![
                    rework_at("2026-11-01T08:00:00Z", None),
                    rework_at("2026-11-03T08:00:00Z", None),
                    rework_at("2026-10-30T08:00:00Z", Some("2026-10-31T08:00:00Z")),
                ],
            ),
            view(NodeKind::Waterproofing, NodeStatus::Upcoming, vec![]),
        ];
        let p = ProjectProgress::new("p".into(), nodes, t("2026-11-04T07:00:00Z"), false);
        assert_eq!(p.done, 1);
        assert_eq!(p.next, Some(NodeKind::PlumbingElectrical));
        assert_eq!(p.open_rework, 2);
        // Due 2026-11-03T08:00 is past; due 2026-11-05T08:00 is not.
        assert_eq!(p.overdue_rework, 1);
    }

    #[test]
    fn schedule_must_not_be_in_the_past() {
        let now = t("2026-11-04T07:00:00Z");
        let past = ScheduleInput {
            scheduled_at: t("2026-11-04T06:59:59Z"),
            third_party_invited: false,
        };
        assert_eq!(past.validated(now).unwrap_err().field, "scheduled_at");
        let ok = ScheduleInput {
            scheduled_at: now,
            third_party_invited: true,
        };
        assert!(ok.validated(now).is_ok());
    }

    #[test]
    fn closing_rework_needs_a_note_and_photos() {
        let no_photo = CloseRework {
            note: " 已返工 ".into(),
            photo_ids: vec![],
        };
        assert_eq!(no_photo.validated().unwrap_err().field, "photo_ids");
        let no_note = CloseRework {
            note: "  ".into(),
            photo_ids: vec!["a".into()],
        };
        assert_eq!(no_note.validated().unwrap_err().field, "note");
        let ok = CloseRework {
            note: " 已返工 ".into(),
            photo_ids: vec!["a".into()],
        }
        .validated()
        .unwrap();
        assert_eq!(ok.note, "已返工");
    }

    #[test]
    fn checklist_input_needs_distinct_ids() {
        let item = |id: &str| ChecklistItem {
            id: id.into(),
            text: "检查".into(),
        };
        assert!(ChecklistInput { items: vec![] }.validated().is_err());
        assert!(ChecklistInput {
            items: vec![item("a"), item(" a ")]
        }
        .validated()
        .is_err());
        assert_eq!(
            ChecklistInput {
                items: vec![item(" a "), item("b")]
            }
            .validated()
            .unwrap()
            .items[0]
                .id,
            "a"
        );
    }

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let why = |e: FieldError| (e.field, e.reason, e.limit);
        // A range check says which side was passed.
        assert_eq!(
            why(validate_dispute_reason(" abcd ").unwrap_err()),
            (
                "reason",
                FieldReason::TooShort,
                Some(DISPUTE_REASON_MIN_CHARS as u32)
            )
        );
        assert_eq!(
            why(validate_dispute_reason(&"x".repeat(DISPUTE_REASON_MAX_CHARS + 1)).unwrap_err()),
            (
                "reason",
                FieldReason::TooLong,
                Some(DISPUTE_REASON_MAX_CHARS as u32)
            )
        );
        let list = checklist();
        let first = list[0].id.as_str();
        let check = |items: Vec<ItemResultInput>| {
            why(InspectionInput { items }.validated(&list).unwrap_err())
        };
        assert_eq!(check(vec![]), ("items", FieldReason::Required, None));
        assert_eq!(
            check(vec![result("nope-01", ItemResult::Pass)]),
            ("items", FieldReason::NotAllowed, None)
        );
        assert_eq!(
            check(vec![
                result(first, ItemResult::Pass),
                result(first, ItemResult::Pass)
            ]),
            ("items", FieldReason::Duplicate, None)
        );
        assert_eq!(
            check(vec![result(first, ItemResult::Fail)]),
            ("note", FieldReason::Required, None)
        );
        let mut long = result(first, ItemResult::Pass);
        long.note = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            check(vec![long]),
            ("note", FieldReason::TooLong, Some(MAX_NOTE_CHARS as u32))
        );
        let mut many = result(first, ItemResult::Pass);
        many.photo_ids = (0..=MAX_PHOTOS_PER_ITEM).map(|n| n.to_string()).collect();
        assert_eq!(
            check(vec![many]),
            (
                "photo_ids",
                FieldReason::TooLong,
                Some(MAX_PHOTOS_PER_ITEM as u32)
            )
        );
        let past = ScheduleInput {
            scheduled_at: t("2026-01-01T08:00:00Z"),
            third_party_invited: false,
        };
        assert_eq!(
            why(past.validated(t("2026-01-02T08:00:00Z")).unwrap_err()),
            ("scheduled_at", FieldReason::OutOfRange, None)
        );
        let close = |note: &str, photo_ids: Vec<String>| {
            why(CloseRework {
                note: note.into(),
                photo_ids,
            }
            .validated()
            .unwrap_err())
        };
        assert_eq!(
            close(" ", vec!["p".into()]),
            ("note", FieldReason::Required, None)
        );
        assert_eq!(
            close("fixed", vec![]),
            ("photo_ids", FieldReason::Required, None)
        );
    }

    #[test]
    fn checklist_refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let item = |id: &str, text: &str| ChecklistItem {
            id: id.into(),
            text: text.into(),
        };
        let check = |items: Vec<ChecklistItem>| {
            let e = ChecklistInput { items }.validated().unwrap_err();
            (e.field, e.reason, e.limit)
        };
        assert_eq!(check(vec![]), ("items", FieldReason::Required, None));
        assert_eq!(
            check(
                (0..=MAX_CHECKLIST_ITEMS)
                    .map(|n| item(&n.to_string(), "t"))
                    .collect()
            ),
            (
                "items",
                FieldReason::TooLong,
                Some(MAX_CHECKLIST_ITEMS as u32)
            )
        );
        assert_eq!(
            check(vec![item(" ", "t")]),
            ("items", FieldReason::Required, None)
        );
        assert_eq!(
            check(vec![item(&"i".repeat(MAX_CHECKLIST_ID_CHARS + 1), "t")]),
            (
                "items",
                FieldReason::TooLong,
                Some(MAX_CHECKLIST_ID_CHARS as u32)
            )
        );
        assert_eq!(
            check(vec![item("a", "")]),
            ("items", FieldReason::Required, None)
        );
        assert_eq!(
            check(vec![item("a", &"t".repeat(MAX_CHECKLIST_TEXT_CHARS + 1))]),
            (
                "items",
                FieldReason::TooLong,
                Some(MAX_CHECKLIST_TEXT_CHARS as u32)
            )
        );
        assert_eq!(
            check(vec![item("a", "t"), item("a", "u")]),
            ("items", FieldReason::Duplicate, None)
        );
        assert!(ChecklistInput {
            items: vec![item(
                &"i".repeat(MAX_CHECKLIST_ID_CHARS),
                &"t".repeat(MAX_CHECKLIST_TEXT_CHARS)
            )]
        }
        .validated()
        .is_ok());
    }
}
