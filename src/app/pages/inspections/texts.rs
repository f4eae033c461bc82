//! Texts of the inspection screens, in both languages (a missing one is a compile error).

use crate::app::i18n::{catalog, text, use_catalog, Lang};
use crate::domain::inspections::ItemResult;

/// Every text the inspection screens show, in one language.
pub struct InspectionTexts {
    /// The language of these texts.
    pub lang: Lang,
    pub done_of: fn(usize, usize) -> String,
    pub open_rework: fn(usize) -> String,
    pub overdue_rework: fn(usize) -> String,
    pub title: &'static str,
    pub back_to_diary: &'static str,
    pub next_node: &'static str,
    pub all_done: &'static str,
    pub please_attend: &'static str,
    pub third_party: &'static str,
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
    /// An item result in words.
    pub fn result(&self, r: Option<ItemResult>) -> &'static str {
        match r {
            None => self.not_checked,
            Some(r) => self.label(r),
        }
    }
}

catalog! {
    InspectionTexts {
        // Words with figures first, then plain words.
        done_of: (|d, n| format!("已完成 {d}/{n} 个节点"), |d, n| format!("{d} of {n} nodes done")),
        open_rework: (|n| format!("{n} 项整改进行中"), |n| format!("{n} rework item(s) open")),
        overdue_rework: (|n| format!("{n} 项已超期"), |n| format!("{n} overdue")),
        title: ("节点验收", "Inspections"),
        back_to_diary: ("← 工地日记", "← Site diary"),
        next_node: ("下一个节点", "Next node"),
        all_done: ("全部节点已签字验收", "Every node is signed off"),
        please_attend: ("请您到场共同验收", "Please attend the inspection"),
        third_party: ("已邀请第三方监理", "Third-party supervisor invited"),
        inspected_by: ("验收人", "Inspector"),
        checklist: ("验收清单", "Checklist"),
        rework_title: ("整改", "Rework"),
        due: ("整改期限", "Due"),
        overdue: ("已超期", "Overdue"),
        closed: ("已整改", "Fixed"),
        fix_note: ("整改说明", "How it was fixed"),
        sign_off: ("签字确认", "Sign off"),
        sign_off_note: ("备注（可选）", "Remark (optional)"),
        sign_off_hint: ("确认后本节点将锁定，不再更改。", "Once signed, this node is locked and never changes."),
        dispute: ("提出异议", "Dispute"),
        dispute_reason: ("异议原因", "Reason"),
        dispute_hint: ("请写明原因（5–500字），客服会尽快联系您。", "Say why (5–500 characters); customer service will contact you."),
        send_dispute: ("提交异议", "Send dispute"),
        signed_off_at: ("签字时间", "Signed"),
        disputed_note: ("您已提出异议，客服正在处理：", "You disputed this node; customer service is on it:"),
        reason_invalid: ("请写明原因，5到500个字。", "Please give a reason of 5 to 500 characters."),
        not_checked: ("未检", "Not checked"),
        close_rework: ("完成整改", "Close rework"),
        close_rework_hint: ("写明整改做法并上传整改后照片。", "Say how it was fixed and add photos of the result."),
        fix_note_required: ("请写明整改做法。", "Say how it was fixed."),
        fix_photo_required: ("请至少上传一张整改后照片。", "Add at least one photo of the fix."),
        record_title: ("记录验收", "Record inspection"),
        schedule: ("预约验收", "Book inspection"),
        schedule_at: ("验收时间", "Inspection time"),
        invite_third_party: ("邀请第三方监理", "Invite a third-party supervisor"),
        save_results: ("保存验收结果", "Save results"),
        saved: ("已保存", "Saved"),
        pass_node: ("验收通过", "Pass node"),
        reinspect: ("重新验收", "Inspect again"),
        note_placeholder: ("说明（不合格时必填）", "Note (required when failed)"),
        fail_needs_note: ("不合格项需写明问题。", "A failed item needs a note."),
        photos: ("照片", "Photos"),
        nothing_recorded: ("请至少选择一项结果。", "Choose a result for at least one item."),
        view_as_homeowner: ("业主视图", "Homeowner view"),
        checklists_title: ("验收清单设置", "Inspection checklists"),
        photo_location_title: ("照片位置信息", "Photo location"),
        photo_location_keep: ("为员工保留照片原图中的拍摄位置", "Keep where photos were taken, for staff"),
        photo_location_hint: ("照片原图上传后一律去掉拍摄位置（GPS）。开启后，另存一份带位置的原图，只有本公司员工和管理员能查看，每次查看都会记录是谁看的；业主和施工班组始终只能看到去掉位置的原图。关闭后，已保存的带位置原图会立即删除。", "Photo originals always lose their location (GPS) on upload. When this is on, a copy with the location is kept as well: only your company's staff and admins can open it, and every look is logged with who it was. Homeowners and crews always get the original without location. Turning it off deletes the copies with location at once."),
        save_checklist: ("保存清单", "Save checklist"),
    }
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
