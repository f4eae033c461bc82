//! Texts of the service-desk screens (homeowner and staff), in both languages.

use crate::app::i18n::Texts;
use crate::app::i18n::{catalog, text, use_catalog, w, Label, Lang, Words};
use crate::domain::service_desk::{ActionKind, AuditChange};
use crate::domain::service_levels::ClockState;

/// Every text the service-desk screens show, in one language.
pub struct ServiceTexts {
    /// The language of these texts.
    pub lang: Lang,
    pub parts_of_day: [&'static str; 3],
    pub covered_until: fn(&str) -> String,
    pub expired: fn(&str) -> String,
    pub places_left: fn(u32) -> String,
    pub left: fn(i64) -> String,
    pub overdue_by: fn(i64) -> String,
    pub unread: fn(u32) -> String,
    /// One entry of an item's history as a sentence (`Texts` formats its times).
    pub history: fn(&str, &AuditChange, &Texts) -> String,
    pub minutes: fn(i64) -> String,
    pub booked_of: fn(u32, u32) -> String,
    pub hub_title: &'static str,
    pub back_to_diary: &'static str,
    pub new_claim: &'static str,
    pub new_callback: &'static str,
    pub new_complaint: &'static str,
    pub no_items: &'static str,
    pub category: &'static str,
    pub description: &'static str,
    pub description_hint: &'static str,
    pub urgent: &'static str,
    pub urgent_hint: &'static str,
    pub visit_times: &'static str,
    pub visit_hint: &'static str,
    pub excluded: &'static str,
    pub not_handed_over: &'static str,
    pub submit_claim: &'static str,
    pub topic: &'static str,
    pub pick_slot: &'static str,
    pub asap: &'static str,
    pub no_slots: &'static str,
    pub note: &'static str,
    pub book: &'static str,
    pub complaint_hint: &'static str,
    pub submit_complaint: &'static str,
    pub next_promise: &'static str,
    pub promised: &'static str,
    pub met: &'static str,
    pub met_late: &'static str,
    pub breached: &'static str,
    pub conversation: &'static str,
    pub write: &'static str,
    pub send: &'static str,
    pub trail: &'static str,
    pub call_at: &'static str,
    pub visit_at: &'static str,
    pub reopen_reason: &'static str,
    pub move_to: &'static str,
    pub resolution: &'static str,
    pub level: &'static str,
    pub assigned: &'static str,
    pub photos_optional: &'static str,
    pub text_required: &'static str,
    pub choose_visit: &'static str,

    // Staff
    pub queue_title: &'static str,
    pub queue_empty: &'static str,
    pub metrics_title: &'static str,
    pub slots_title: &'static str,
    pub assign_to: &'static str,
    pub note_required: &'static str,
    pub period: &'static str,
    pub show: &'static str,
    pub created: &'static str,
    pub avg_first_response: &'static str,
    pub within_target: &'static str,
    pub breaches_by_kind: &'static str,
    pub created_by_kind: &'static str,
    pub backlog: &'static str,
    pub slot_start: &'static str,
    pub slot_minutes: &'static str,
    pub capacity: &'static str,
    pub open_slot: &'static str,
    pub homeowner: &'static str,
}

fn history(lang: Lang, who: &str, change: &AuditChange, tt: &Texts) -> String {
    let (words, args): (Words, &[&dyn std::fmt::Display]) = match change {
        AuditChange::Filed => (w("{}提交了申请", "{} sent it in"), &[&who]),
        AuditChange::Status { action, to, .. } => match action {
            ActionKind::Acknowledge => (w("{}已受理", "{} took it up"), &[&who]),
            ActionKind::ArriveOnSite => (w("{}已到场", "{} arrived on site"), &[&who]),
            ActionKind::Resolve => (
                w("{}已处理完毕，请您确认", "{} resolved it; please confirm"),
                &[&who],
            ),
            ActionKind::Confirm => (w("{}确认已修好", "{} confirmed it is fixed"), &[&who]),
            ActionKind::Reopen => (
                w(
                    "{}说还没修好，已重新打开",
                    "{} said it is not fixed and reopened it",
                ),
                &[&who],
            ),
            ActionKind::MarkCalled => (w("{}已回电", "{} called back"), &[&who]),
            ActionKind::Cancel => (w("{}取消了回电", "{} cancelled the callback"), &[&who]),
            ActionKind::Close => (w("{}已关闭跟进", "{} closed the follow-up"), &[&who]),
            _ => (w("{}：{}", "{}: {}"), &[&who, &to.words().get(lang)]),
        },
        AuditChange::Scheduled { at } => (
            w("{}预约上门：{}", "{} booked a visit for {}"),
            &[&who, &(tt.date_time)(*at)],
        ),
        AuditChange::Assigned { to } => {
            (w("{}将此事交给{}负责", "{} handed it to {}"), &[&who, to])
        }
        AuditChange::Classified { level } => (
            w("{}将投诉定为{}级", "{} set the complaint to level {}"),
            &[&who, level],
        ),
        AuditChange::Moved { to: Some(at) } => (
            w("{}将回电改到{}", "{} moved the callback to {}"),
            &[&who, &(tt.date_time)(*at)],
        ),
        AuditChange::Moved { to: None } => (
            w(
                "{}改为尽快回电",
                "{} asked for a callback as soon as possible",
            ),
            &[&who],
        ),
        AuditChange::Other => (w("{}更新了此事项", "{} updated it"), &[&who]),
    };
    words.fill(lang, args)
}

/// A duration in days and hours, hours and minutes, or minutes.
fn dur(lang: Lang, secs: i64) -> String {
    let m = secs.abs() / 60;
    let (words, a, b) = if m >= 24 * 60 {
        (w("{}天{}小时", "{}d {}h"), m / 1440, (m % 1440) / 60)
    } else if m >= 60 {
        (w("{}小时{}分", "{}h {}m"), m / 60, m % 60)
    } else {
        (
            w("{}分钟", "{} min"),
            m.max(if secs.abs() > 0 { 1 } else { 0 }),
            0,
        )
    };
    words.fill(lang, &[&a, &b])
}

catalog! {
    ServiceTexts {
        // Words with figures first, then plain words.
        parts_of_day: (["上午 9–12点", "下午 14–18点", "晚上 18–20点"], ["Morning 9–12", "Afternoon 14–18", "Evening 18–20"]),
        covered_until: (|d| format!("在保修期内（至 {d}）"), |d| format!("Under warranty (until {d})")),
        expired: (|d| format!("保修已于 {d} 到期"), |d| format!("The warranty ended on {d}")),
        places_left: (|n| format!("剩{n}个名额"), |n| format!("{n} left")),
        left: (|s| format!("剩余 {}", dur(Lang::Zh, s)), |s| format!("{} left", dur(Lang::En, s))),
        overdue_by: (|s| format!("已超时 {}", dur(Lang::Zh, s)), |s| format!("{} overdue", dur(Lang::En, s))),
        unread: (|n| format!("{n}条未读"), |n| format!("{n} unread")),
        history: (|who, c, tt| history(Lang::Zh, who, c, tt), |who, c, tt| history(Lang::En, who, c, tt)),
        minutes: (|s| dur(Lang::Zh, s), |s| dur(Lang::En, s)),
        booked_of: (|b, c| format!("已约 {b}/{c}"), |b, c| format!("{b}/{c} booked")),
        hub_title: ("售后服务", "After-sales service"),
        back_to_diary: ("← 工地日记", "← Site diary"),
        new_claim: ("报修", "Report a repair"),
        new_callback: ("预约回电", "Book a callback"),
        new_complaint: ("投诉", "Complain"),
        no_items: ("暂无服务记录。", "Nothing here yet."),
        category: ("问题类别", "Category"),
        description: ("问题描述", "What is wrong"),
        description_hint: ("请描述问题的位置和情况（至少10个字）", "Where and what (at least 10 characters)"),
        urgent: ("紧急（如漏水、断电）", "Urgent (a leak, no power)"),
        urgent_hint: ("紧急报修：30分钟内安排人员上门", "Urgent repairs: someone on site within 30 minutes"),
        visit_times: ("方便上门的时间", "When we may visit"),
        visit_hint: ("可选1–3个时段", "Pick 1 to 3"),
        excluded: ("该类别不在保修范围内", "This category is not covered"),
        not_handed_over: ("交付后开始保修", "The warranty starts at handover"),
        submit_claim: ("提交报修", "Send repair request"),
        topic: ("回电事项", "Topic"),
        pick_slot: ("选择回电时间", "When should we call?"),
        asap: ("尽快回电", "As soon as possible"),
        no_slots: ("暂无可预约时段，可选择尽快回电。", "No times open; choose as soon as possible."),
        note: ("补充说明（可选）", "Note (optional)"),
        book: ("预约回电", "Book callback"),
        complaint_hint: ("请写明您遇到的问题（至少10个字），客服会在24小时内答复。", "Tell us what went wrong (at least 10 characters); we answer within 24 hours."),
        submit_complaint: ("提交投诉", "Send complaint"),
        next_promise: ("下一个承诺时间", "Next promise"),
        promised: ("承诺", "Promised"),
        met: ("已按时完成", "Done on time"),
        met_late: ("已完成（超时）", "Done (late)"),
        breached: ("已超时", "Breached"),
        conversation: ("沟通记录", "Conversation"),
        write: ("输入消息…", "Write a message…"),
        send: ("发送", "Send"),
        trail: ("处理记录", "History"),
        call_at: ("回电时间", "Call time"),
        visit_at: ("上门时间", "Visit"),
        reopen_reason: ("还有什么问题？", "What is still wrong?"),
        move_to: ("改约到", "Move to"),
        resolution: ("处理结果", "Resolution"),
        level: ("级别", "Level"),
        assigned: ("负责人", "Assigned to"),
        photos_optional: ("照片（可选，最多9张）", "Photos (optional, up to 9)"),
        text_required: ("请填写内容（10字以上）。", "Please write at least 10 characters."),
        choose_visit: ("请至少选择一个上门时段。", "Choose at least one visit time."),
        queue_title: ("服务队列", "Service queue"),
        queue_empty: ("没有待处理事项。", "Nothing open."),
        metrics_title: ("服务指标", "Service metrics"),
        slots_title: ("回电时段", "Callback slots"),
        assign_to: ("指派给", "Assign to"),
        note_required: ("请填写说明。", "Please add a note."),
        period: ("统计区间", "Period"),
        show: ("查询", "Show"),
        created: ("新增事项", "New items"),
        avg_first_response: ("平均首次响应", "Average first response"),
        within_target: ("时效达标率", "Within target"),
        breaches_by_kind: ("超时事项（按类型）", "Breached items by kind"),
        created_by_kind: ("新增事项（按类型）", "New items by kind"),
        backlog: ("每日未结事项", "Open items per day"),
        slot_start: ("开始时间", "Starts"),
        slot_minutes: ("时长（分钟）", "Minutes"),
        capacity: ("名额", "Places"),
        open_slot: ("开放时段", "Open slot"),
        homeowner: ("业主", "Homeowner"),
    }
}

impl ServiceTexts {
    /// A clock in words, counted from `elapsed_secs` after the answer arrived.
    pub fn clock(&self, c: ClockState, elapsed_secs: i64) -> String {
        match c {
            ClockState::Running { remaining_secs } | ClockState::Amber { remaining_secs } => {
                let left = remaining_secs - elapsed_secs;
                if left >= 0 {
                    (self.left)(left)
                } else {
                    (self.overdue_by)(-left)
                }
            }
            ClockState::Breached { overdue_secs } => (self.overdue_by)(overdue_secs + elapsed_secs),
            ClockState::Met { .. } => self.met.to_string(),
            ClockState::MetLate { .. } => self.met_late.to_string(),
        }
    }
    /// One entry of an item's history as a sentence.
    pub fn history(&self, who: &str, change: &AuditChange, tt: &Texts) -> String {
        (self.history)(who, change, tt)
    }
}

/// Reactive accessor: `let t = use_service_texts(); move || t().queue_title`.
pub fn use_service_texts() -> impl Fn() -> &'static ServiceTexts + Copy + Send + Sync + 'static {
    use_catalog()
}

/// A reactive plain text, one closure type for every call site (keeps the wasm small).
pub fn st(
    pick: fn(&ServiceTexts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}

/// CSS class of a clock: amber near the deadline, red once breached.
pub fn clock_class(c: Option<ClockState>, breached: bool) -> &'static str {
    match c {
        Some(ClockState::Breached { .. }) => "clock clock-red",
        Some(ClockState::Amber { .. }) => "clock clock-amber",
        _ if breached => "clock clock-red-soft",
        Some(ClockState::Running { .. }) => "clock clock-ok",
        _ => "clock",
    }
}

/// A clock's state as a stable name (for `data-clock` attributes the tests read).
pub fn clock_name(c: ClockState) -> &'static str {
    match c {
        ClockState::Running { .. } => "running",
        ClockState::Amber { .. } => "amber",
        ClockState::Breached { .. } => "breached",
        ClockState::Met { .. } => "met",
        ClockState::MetLate { .. } => "met_late",
    }
}
