//! Texts of the inspection screens, in both languages (a missing one is a compile error).

use crate::app::i18n::{text, use_catalog, Catalog};
use crate::domain::inspections::{ItemResult, NodeKind, NodeStatus};

/// Every text the inspection screens show, in one language.
pub struct InspectionTexts {
    pub title: &'static str,
    pub back_to_diary: &'static str,
    pub done_of: fn(usize, usize) -> String,
    pub next_node: &'static str,
    pub all_done: &'static str,
    pub please_attend: &'static str,
    pub third_party: &'static str,
    pub open_rework: fn(usize) -> String,
    pub overdue_rework: fn(usize) -> String,
    pub inspected_by: &'static str,
    pub checklist: &'static str,
    pub rework_title: &'static str,
    pub due: &'static str,
    pub overdue: &'static str,
    pub closed: &'static str,
    pub fix_note: &'static str,
    pub sign_off: &'static str,
    pub sign_off_note: &'static str,
    pub sign_off_hint: &'static str,
    pub dispute: &'static str,
    pub dispute_reason: &'static str,
    pub dispute_hint: &'static str,
    pub send_dispute: &'static str,
    pub signed_off_at: &'static str,
    pub disputed_note: &'static str,
    pub reason_invalid: &'static str,
    pub nodes: fn(NodeKind) -> &'static str,
    pub statuses: fn(NodeStatus) -> &'static str,
    pub results: fn(ItemResult) -> &'static str,
    pub not_checked: &'static str,
    pub close_rework: &'static str,
    pub close_rework_hint: &'static str,
    pub fix_note_required: &'static str,
    pub fix_photo_required: &'static str,
    // Staff (console)
    pub record_title: &'static str,
    pub schedule: &'static str,
    pub schedule_at: &'static str,
    pub invite_third_party: &'static str,
    pub save_results: &'static str,
    pub saved: &'static str,
    pub pass_node: &'static str,
    pub reinspect: &'static str,
    pub note_placeholder: &'static str,
    pub fail_needs_note: &'static str,
    pub photos: &'static str,
    pub nothing_recorded: &'static str,
    pub view_as_homeowner: &'static str,
    pub checklists_title: &'static str,
    pub save_checklist: &'static str,
    /// The company's rule on where photos were taken (admins).
    pub photo_location_title: &'static str,
    pub photo_location_keep: &'static str,
    pub photo_location_hint: &'static str,
}

impl InspectionTexts {
    /// A node's name.
    pub fn node(&self, k: NodeKind) -> &'static str {
        (self.nodes)(k)
    }
    /// A status in words.
    pub fn status(&self, s: NodeStatus) -> &'static str {
        (self.statuses)(s)
    }
    /// An item result in words.
    pub fn result(&self, r: Option<ItemResult>) -> &'static str {
        match r {
            None => self.not_checked,
            Some(r) => (self.results)(r),
        }
    }
}

fn zh_node(x: NodeKind) -> &'static str {
    match x {
        NodeKind::Kickoff => "开工交底",
        NodeKind::PlumbingElectrical => "水电验收",
        NodeKind::Waterproofing => "防水验收",
        NodeKind::TilingCarpentry => "泥木验收",
        NodeKind::Painting => "油漆验收",
        NodeKind::Completion => "竣工验收",
    }
}

fn en_node(x: NodeKind) -> &'static str {
    match x {
        NodeKind::Kickoff => "Kickoff briefing",
        NodeKind::PlumbingElectrical => "Plumbing & electrical",
        NodeKind::Waterproofing => "Waterproofing",
        NodeKind::TilingCarpentry => "Tiling & carpentry",
        NodeKind::Painting => "Painting",
        NodeKind::Completion => "Completion acceptance",
    }
}

fn zh_status(x: NodeStatus) -> &'static str {
    match x {
        NodeStatus::Upcoming => "待验收",
        NodeStatus::Scheduled => "已预约",
        NodeStatus::InProgress => "验收中",
        NodeStatus::ReworkOpen => "整改中",
        NodeStatus::Passed => "已通过，待您签字",
        NodeStatus::SignedOff => "已签字",
        NodeStatus::Disputed => "有异议",
    }
}

fn en_status(x: NodeStatus) -> &'static str {
    match x {
        NodeStatus::Upcoming => "Upcoming",
        NodeStatus::Scheduled => "Scheduled",
        NodeStatus::InProgress => "Inspecting",
        NodeStatus::ReworkOpen => "Rework open",
        NodeStatus::Passed => "Passed, awaiting your signature",
        NodeStatus::SignedOff => "Signed off",
        NodeStatus::Disputed => "Disputed",
    }
}

fn zh_result(x: ItemResult) -> &'static str {
    match x {
        ItemResult::Pass => "合格",
        ItemResult::Fail => "不合格",
        ItemResult::NotApplicable => "不适用",
    }
}

fn en_result(x: ItemResult) -> &'static str {
    match x {
        ItemResult::Pass => "Pass",
        ItemResult::Fail => "Fail",
        ItemResult::NotApplicable => "N/A",
    }
}

const ZH: InspectionTexts = InspectionTexts {
    title: "节点验收",
    back_to_diary: "← 工地日记",
    done_of: |d, n| format!("已完成 {d}/{n} 个节点"),
    next_node: "下一个节点",
    all_done: "全部节点已签字验收",
    please_attend: "请您到场共同验收",
    third_party: "已邀请第三方监理",
    open_rework: |n| format!("{n} 项整改进行中"),
    overdue_rework: |n| format!("{n} 项已超期"),
    inspected_by: "验收人",
    checklist: "验收清单",
    rework_title: "整改",
    due: "整改期限",
    overdue: "已超期",
    closed: "已整改",
    fix_note: "整改说明",
    sign_off: "签字确认",
    sign_off_note: "备注（可选）",
    sign_off_hint: "确认后本节点将锁定，不再更改。",
    dispute: "提出异议",
    dispute_reason: "异议原因",
    dispute_hint: "请写明原因（5–500字），客服会尽快联系您。",
    send_dispute: "提交异议",
    signed_off_at: "签字时间",
    disputed_note: "您已提出异议，客服正在处理：",
    reason_invalid: "请写明原因，5到500个字。",
    nodes: zh_node,
    statuses: zh_status,
    results: zh_result,
    not_checked: "未检",
    close_rework: "完成整改",
    close_rework_hint: "写明整改做法并上传整改后照片。",
    fix_note_required: "请写明整改做法。",
    fix_photo_required: "请至少上传一张整改后照片。",
    record_title: "记录验收",
    schedule: "预约验收",
    schedule_at: "验收时间",
    invite_third_party: "邀请第三方监理",
    save_results: "保存验收结果",
    saved: "已保存",
    pass_node: "验收通过",
    reinspect: "重新验收",
    note_placeholder: "说明（不合格时必填）",
    fail_needs_note: "不合格项需写明问题。",
    photos: "照片",
    nothing_recorded: "请至少选择一项结果。",
    view_as_homeowner: "业主视图",
    checklists_title: "验收清单设置",
    photo_location_title: "照片位置信息",
    photo_location_keep: "为员工保留照片原图中的拍摄位置",
    photo_location_hint: "照片原图上传后一律去掉拍摄位置（GPS）。开启后，另存一份带位置的原图，只有本公司员工和管理员能查看，每次查看都会记录是谁看的；业主和施工班组始终只能看到去掉位置的原图。关闭后，已保存的带位置原图会立即删除。",
    save_checklist: "保存清单",
};

const EN: InspectionTexts = InspectionTexts {
    title: "Inspections",
    back_to_diary: "← Site diary",
    done_of: |d, n| format!("{d} of {n} nodes done"),
    next_node: "Next node",
    all_done: "Every node is signed off",
    please_attend: "Please attend the inspection",
    third_party: "Third-party supervisor invited",
    open_rework: |n| format!("{n} rework item(s) open"),
    overdue_rework: |n| format!("{n} overdue"),
    inspected_by: "Inspector",
    checklist: "Checklist",
    rework_title: "Rework",
    due: "Due",
    overdue: "Overdue",
    closed: "Fixed",
    fix_note: "How it was fixed",
    sign_off: "Sign off",
    sign_off_note: "Remark (optional)",
    sign_off_hint: "Once signed, this node is locked and never changes.",
    dispute: "Dispute",
    dispute_reason: "Reason",
    dispute_hint: "Say why (5–500 characters); customer service will contact you.",
    send_dispute: "Send dispute",
    signed_off_at: "Signed",
    disputed_note: "You disputed this node; customer service is on it:",
    reason_invalid: "Please give a reason of 5 to 500 characters.",
    nodes: en_node,
    statuses: en_status,
    results: en_result,
    not_checked: "Not checked",
    close_rework: "Close rework",
    close_rework_hint: "Say how it was fixed and add photos of the result.",
    fix_note_required: "Say how it was fixed.",
    fix_photo_required: "Add at least one photo of the fix.",
    record_title: "Record inspection",
    schedule: "Book inspection",
    schedule_at: "Inspection time",
    invite_third_party: "Invite a third-party supervisor",
    save_results: "Save results",
    saved: "Saved",
    pass_node: "Pass node",
    reinspect: "Inspect again",
    note_placeholder: "Note (required when failed)",
    fail_needs_note: "A failed item needs a note.",
    photos: "Photos",
    nothing_recorded: "Choose a result for at least one item.",
    view_as_homeowner: "Homeowner view",
    checklists_title: "Inspection checklists",
    photo_location_title: "Photo location",
    photo_location_keep: "Keep where photos were taken, for staff",
    photo_location_hint: "Photo originals always lose their location (GPS) on upload. When this is on, a copy with the location is kept as well: only your company's staff and admins can open it, and every look is logged with who it was. Homeowners and crews always get the original without location. Turning it off deletes the copies with location at once.",
    save_checklist: "Save checklist",
};

impl Catalog for InspectionTexts {
    const ZH: &'static Self = &ZH;
    const EN: &'static Self = &EN;
}

/// Reactive accessor: `let t = use_inspection_texts(); move || t().title`.
pub fn use_inspection_texts() -> impl Fn() -> &'static InspectionTexts + Copy + Send + Sync + 'static
{
    use_catalog()
}

/// A reactive plain text, one closure type for every call site (keeps the wasm small).
pub fn it(
    pick: fn(&InspectionTexts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}
