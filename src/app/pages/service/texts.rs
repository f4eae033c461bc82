//! Texts of the service-desk screens (homeowner and staff), in both languages.

use crate::app::i18n::Texts;
use crate::app::i18n::{text, use_catalog, Catalog};
use crate::domain::service_desk::{
    ActionKind, AuditChange, CallbackTopic, ItemStatus, ServiceKind,
};
use crate::domain::service_levels::{ClockState, DeadlineKind};
use crate::domain::warranty::WarrantyCategory;

/// Every text the service-desk screens show, in one language.
pub struct ServiceTexts {
    pub hub_title: &'static str,
    pub back_to_diary: &'static str,
    pub new_claim: &'static str,
    pub new_callback: &'static str,
    pub new_complaint: &'static str,
    pub no_items: &'static str,
    pub kinds: fn(ServiceKind) -> &'static str,
    pub categories: fn(WarrantyCategory) -> &'static str,
    pub topics: fn(CallbackTopic) -> &'static str,
    pub deadlines: fn(DeadlineKind) -> &'static str,
    pub statuses: fn(ItemStatus) -> &'static str,
    pub category: &'static str,
    pub description: &'static str,
    pub description_hint: &'static str,
    pub urgent: &'static str,
    pub urgent_hint: &'static str,
    pub visit_times: &'static str,
    pub visit_hint: &'static str,
    pub parts_of_day: [&'static str; 3],
    pub covered_until: fn(&str) -> String,
    pub expired: fn(&str) -> String,
    pub excluded: &'static str,
    pub not_handed_over: &'static str,
    pub submit_claim: &'static str,
    pub topic: &'static str,
    pub pick_slot: &'static str,
    pub asap: &'static str,
    pub no_slots: &'static str,
    pub places_left: fn(u32) -> String,
    pub note: &'static str,
    pub book: &'static str,
    pub complaint_hint: &'static str,
    pub submit_complaint: &'static str,
    pub next_promise: &'static str,
    pub promised: &'static str,
    pub met: &'static str,
    pub met_late: &'static str,
    pub left: fn(i64) -> String,
    pub overdue_by: fn(i64) -> String,
    pub breached: &'static str,
    pub conversation: &'static str,
    pub write: &'static str,
    pub send: &'static str,
    pub unread: fn(u32) -> String,
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
    /// An action's button.
    pub button: fn(ActionKind) -> &'static str,
    /// One entry of an item's history as a sentence (`Texts` formats its times).
    pub history: fn(&str, &AuditChange, &Texts) -> String,
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
    pub minutes: fn(i64) -> String,
    pub slot_start: &'static str,
    pub slot_minutes: &'static str,
    pub capacity: &'static str,
    pub open_slot: &'static str,
    pub booked_of: fn(u32, u32) -> String,
    pub homeowner: &'static str,
}

fn zh_kind(x: ServiceKind) -> &'static str {
    match x {
        ServiceKind::Claim => "报修",
        ServiceKind::Callback => "回电",
        ServiceKind::Complaint => "投诉",
        ServiceKind::FollowUp => "跟进",
    }
}

fn en_kind(x: ServiceKind) -> &'static str {
    match x {
        ServiceKind::Claim => "Repair",
        ServiceKind::Callback => "Callback",
        ServiceKind::Complaint => "Complaint",
        ServiceKind::FollowUp => "Follow-up",
    }
}

fn zh_category(x: WarrantyCategory) -> &'static str {
    match x {
        WarrantyCategory::Plumbing => "水路",
        WarrantyCategory::Electrical => "电路",
        WarrantyCategory::WaterproofingLeak => "防水渗漏",
        WarrantyCategory::Tiling => "瓷砖",
        WarrantyCategory::Carpentry => "木作",
        WarrantyCategory::Painting => "油漆",
        WarrantyCategory::DoorsWindows => "门窗",
        WarrantyCategory::Other => "其他",
    }
}

fn en_category(x: WarrantyCategory) -> &'static str {
    match x {
        WarrantyCategory::Plumbing => "Plumbing",
        WarrantyCategory::Electrical => "Electrical",
        WarrantyCategory::WaterproofingLeak => "Waterproofing / leak",
        WarrantyCategory::Tiling => "Tiling",
        WarrantyCategory::Carpentry => "Carpentry",
        WarrantyCategory::Painting => "Painting",
        WarrantyCategory::DoorsWindows => "Doors & windows",
        WarrantyCategory::Other => "Other",
    }
}

fn zh_topic(x: CallbackTopic) -> &'static str {
    match x {
        CallbackTopic::Progress => "施工进度",
        CallbackTopic::Quote => "报价",
        CallbackTopic::Warranty => "保修",
        CallbackTopic::Payment => "付款",
        CallbackTopic::Other => "其他",
    }
}

fn en_topic(x: CallbackTopic) -> &'static str {
    match x {
        CallbackTopic::Progress => "Progress",
        CallbackTopic::Quote => "Quote",
        CallbackTopic::Warranty => "Warranty",
        CallbackTopic::Payment => "Payment",
        CallbackTopic::Other => "Other",
    }
}

fn zh_deadline(x: DeadlineKind) -> &'static str {
    match x {
        DeadlineKind::FirstResponse => "首次响应",
        DeadlineKind::OnSite => "上门",
        DeadlineKind::MajorComplaintTeam => "专项小组",
        DeadlineKind::ComplaintAnswer => "答复",
        DeadlineKind::ComplaintClose => "闭环",
        DeadlineKind::RepairCallback => "维修回访",
        DeadlineKind::InstallFollowUp => "安装回访",
    }
}

fn en_deadline(x: DeadlineKind) -> &'static str {
    match x {
        DeadlineKind::FirstResponse => "First response",
        DeadlineKind::OnSite => "On site",
        DeadlineKind::MajorComplaintTeam => "Dedicated team",
        DeadlineKind::ComplaintAnswer => "Answer",
        DeadlineKind::ComplaintClose => "Closed loop",
        DeadlineKind::RepairCallback => "Repair callback",
        DeadlineKind::InstallFollowUp => "Install follow-up",
    }
}

fn zh_status(s: ItemStatus) -> &'static str {
    match s {
        ItemStatus::Received => "已提交，待客服受理",
        ItemStatus::Acknowledged => "客服已受理",
        ItemStatus::Scheduled => "已预约上门",
        ItemStatus::OnSite => "师傅已到场",
        ItemStatus::Resolved => "已处理，待您确认",
        ItemStatus::Confirmed => "已确认完成",
        ItemStatus::Reopened => "已重新打开",
        ItemStatus::Booked => "已预约回电",
        ItemStatus::Called => "已回电",
        ItemStatus::Cancelled => "已取消",
        ItemStatus::Open => "待跟进",
        ItemStatus::Closed => "已关闭",
    }
}

fn en_status(s: ItemStatus) -> &'static str {
    match s {
        ItemStatus::Received => "Sent, waiting for the desk",
        ItemStatus::Acknowledged => "Taken up by the desk",
        ItemStatus::Scheduled => "Visit booked",
        ItemStatus::OnSite => "On site",
        ItemStatus::Resolved => "Resolved, please confirm",
        ItemStatus::Confirmed => "Confirmed",
        ItemStatus::Reopened => "Reopened",
        ItemStatus::Booked => "Callback booked",
        ItemStatus::Called => "Called",
        ItemStatus::Cancelled => "Cancelled",
        ItemStatus::Open => "Open",
        ItemStatus::Closed => "Closed",
    }
}

fn zh_button(a: ActionKind) -> &'static str {
    match a {
        ActionKind::Acknowledge => "受理",
        ActionKind::Schedule => "预约上门",
        ActionKind::ArriveOnSite => "已到场",
        ActionKind::Resolve => "处理完成",
        ActionKind::Confirm => "确认已修好",
        ActionKind::Reopen => "没修好，重新打开",
        ActionKind::Assign => "指派",
        ActionKind::Classify => "定级",
        ActionKind::MarkCalled => "已回电",
        ActionKind::Cancel => "取消回电",
        ActionKind::Close => "关闭",
        ActionKind::Move => "改约",
    }
}

fn en_button(a: ActionKind) -> &'static str {
    match a {
        ActionKind::Acknowledge => "Acknowledge",
        ActionKind::Schedule => "Book visit",
        ActionKind::ArriveOnSite => "On site",
        ActionKind::Resolve => "Resolve",
        ActionKind::Confirm => "Confirm it is fixed",
        ActionKind::Reopen => "Not fixed — reopen",
        ActionKind::Assign => "Assign",
        ActionKind::Classify => "Set level",
        ActionKind::MarkCalled => "Called",
        ActionKind::Cancel => "Cancel the callback",
        ActionKind::Close => "Close",
        ActionKind::Move => "Move",
    }
}

fn zh_history(who: &str, change: &AuditChange, tt: &Texts) -> String {
    match change {
        AuditChange::Filed => format!("{who}提交了申请"),
        AuditChange::Status { action, to, .. } => match action {
            ActionKind::Acknowledge => format!("{who}已受理"),
            ActionKind::ArriveOnSite => format!("{who}已到场"),
            ActionKind::Resolve => format!("{who}已处理完毕，请您确认"),
            ActionKind::Confirm => format!("{who}确认已修好"),
            ActionKind::Reopen => format!("{who}说还没修好，已重新打开"),
            ActionKind::MarkCalled => format!("{who}已回电"),
            ActionKind::Cancel => format!("{who}取消了回电"),
            ActionKind::Close => format!("{who}已关闭跟进"),
            _ => format!("{who}：{}", zh_status(*to)),
        },
        AuditChange::Scheduled { at } => format!("{who}预约上门：{}", (tt.date_time)(*at)),
        AuditChange::Assigned { to } => format!("{who}将此事交给{to}负责"),
        AuditChange::Classified { level } => format!("{who}将投诉定为{level}级"),
        AuditChange::Moved { to: Some(at) } => format!("{who}将回电改到{}", (tt.date_time)(*at)),
        AuditChange::Moved { to: None } => format!("{who}改为尽快回电"),
        AuditChange::Other => format!("{who}更新了此事项"),
    }
}

fn en_history(who: &str, change: &AuditChange, tt: &Texts) -> String {
    match change {
        AuditChange::Filed => format!("{who} sent it in"),
        AuditChange::Status { action, to, .. } => match action {
            ActionKind::Acknowledge => format!("{who} took it up"),
            ActionKind::ArriveOnSite => format!("{who} arrived on site"),
            ActionKind::Resolve => format!("{who} resolved it; please confirm"),
            ActionKind::Confirm => format!("{who} confirmed it is fixed"),
            ActionKind::Reopen => format!("{who} said it is not fixed and reopened it"),
            ActionKind::MarkCalled => format!("{who} called back"),
            ActionKind::Cancel => format!("{who} cancelled the callback"),
            ActionKind::Close => format!("{who} closed the follow-up"),
            _ => format!("{who}: {}", en_status(*to)),
        },
        AuditChange::Scheduled { at } => {
            format!("{who} booked a visit for {}", (tt.date_time)(*at))
        }
        AuditChange::Assigned { to } => format!("{who} handed it to {to}"),
        AuditChange::Classified { level } => format!("{who} set the complaint to level {level}"),
        AuditChange::Moved { to: Some(at) } => {
            format!("{who} moved the callback to {}", (tt.date_time)(*at))
        }
        AuditChange::Moved { to: None } => {
            format!("{who} asked for a callback as soon as possible")
        }
        AuditChange::Other => format!("{who} updated it"),
    }
}

fn zh_dur(secs: i64) -> String {
    let m = secs.abs() / 60;
    if m >= 24 * 60 {
        format!("{}天{}小时", m / 1440, (m % 1440) / 60)
    } else if m >= 60 {
        format!("{}小时{}分", m / 60, m % 60)
    } else {
        format!("{}分钟", m.max(if secs.abs() > 0 { 1 } else { 0 }))
    }
}

fn en_dur(secs: i64) -> String {
    let m = secs.abs() / 60;
    if m >= 24 * 60 {
        format!("{}d {}h", m / 1440, (m % 1440) / 60)
    } else if m >= 60 {
        format!("{}h {}m", m / 60, m % 60)
    } else {
        format!("{} min", m.max(if secs.abs() > 0 { 1 } else { 0 }))
    }
}

const ZH: ServiceTexts = ServiceTexts {
    hub_title: "售后服务",
    back_to_diary: "← 工地日记",
    new_claim: "报修",
    new_callback: "预约回电",
    new_complaint: "投诉",
    no_items: "暂无服务记录。",
    kinds: zh_kind,
    categories: zh_category,
    topics: zh_topic,
    deadlines: zh_deadline,
    statuses: zh_status,
    category: "问题类别",
    description: "问题描述",
    description_hint: "请描述问题的位置和情况（至少10个字）",
    urgent: "紧急（如漏水、断电）",
    urgent_hint: "紧急报修：30分钟内安排人员上门",
    visit_times: "方便上门的时间",
    visit_hint: "可选1–3个时段",
    parts_of_day: ["上午 9–12点", "下午 14–18点", "晚上 18–20点"],
    covered_until: |d| format!("在保修期内（至 {d}）"),
    expired: |d| format!("保修已于 {d} 到期"),
    excluded: "该类别不在保修范围内",
    not_handed_over: "交付后开始保修",
    submit_claim: "提交报修",
    topic: "回电事项",
    pick_slot: "选择回电时间",
    asap: "尽快回电",
    no_slots: "暂无可预约时段，可选择尽快回电。",
    places_left: |n| format!("剩{n}个名额"),
    note: "补充说明（可选）",
    book: "预约回电",
    complaint_hint: "请写明您遇到的问题（至少10个字），客服会在24小时内答复。",
    submit_complaint: "提交投诉",
    next_promise: "下一个承诺时间",
    promised: "承诺",
    met: "已按时完成",
    met_late: "已完成（超时）",
    left: |s| format!("剩余 {}", zh_dur(s)),
    overdue_by: |s| format!("已超时 {}", zh_dur(s)),
    breached: "已超时",
    conversation: "沟通记录",
    write: "输入消息…",
    send: "发送",
    unread: |n| format!("{n}条未读"),
    trail: "处理记录",
    call_at: "回电时间",
    visit_at: "上门时间",
    reopen_reason: "还有什么问题？",
    move_to: "改约到",
    resolution: "处理结果",
    level: "级别",
    assigned: "负责人",
    photos_optional: "照片（可选，最多9张）",
    text_required: "请填写内容（10字以上）。",
    choose_visit: "请至少选择一个上门时段。",
    queue_title: "服务队列",
    queue_empty: "没有待处理事项。",
    metrics_title: "服务指标",
    slots_title: "回电时段",
    button: zh_button,
    history: zh_history,
    assign_to: "指派给",
    note_required: "请填写说明。",
    period: "统计区间",
    show: "查询",
    created: "新增事项",
    avg_first_response: "平均首次响应",
    within_target: "时效达标率",
    breaches_by_kind: "超时事项（按类型）",
    created_by_kind: "新增事项（按类型）",
    backlog: "每日未结事项",
    minutes: |s| zh_dur(s),
    slot_start: "开始时间",
    slot_minutes: "时长（分钟）",
    capacity: "名额",
    open_slot: "开放时段",
    booked_of: |b, c| format!("已约 {b}/{c}"),
    homeowner: "业主",
};

const EN: ServiceTexts = ServiceTexts {
    hub_title: "After-sales service",
    back_to_diary: "← Site diary",
    new_claim: "Report a repair",
    new_callback: "Book a callback",
    new_complaint: "Complain",
    no_items: "Nothing here yet.",
    kinds: en_kind,
    categories: en_category,
    topics: en_topic,
    deadlines: en_deadline,
    statuses: en_status,
    category: "Category",
    description: "What is wrong",
    description_hint: "Where and what (at least 10 characters)",
    urgent: "Urgent (a leak, no power)",
    urgent_hint: "Urgent repairs: someone on site within 30 minutes",
    visit_times: "When we may visit",
    visit_hint: "Pick 1 to 3",
    parts_of_day: ["Morning 9–12", "Afternoon 14–18", "Evening 18–20"],
    covered_until: |d| format!("Under warranty (until {d})"),
    expired: |d| format!("The warranty ended on {d}"),
    excluded: "This category is not covered",
    not_handed_over: "The warranty starts at handover",
    submit_claim: "Send repair request",
    topic: "Topic",
    pick_slot: "When should we call?",
    asap: "As soon as possible",
    no_slots: "No times open; choose as soon as possible.",
    places_left: |n| format!("{n} left"),
    note: "Note (optional)",
    book: "Book callback",
    complaint_hint: "Tell us what went wrong (at least 10 characters); we answer within 24 hours.",
    submit_complaint: "Send complaint",
    next_promise: "Next promise",
    promised: "Promised",
    met: "Done on time",
    met_late: "Done (late)",
    left: |s| format!("{} left", en_dur(s)),
    overdue_by: |s| format!("{} overdue", en_dur(s)),
    breached: "Breached",
    conversation: "Conversation",
    write: "Write a message…",
    send: "Send",
    unread: |n| format!("{n} unread"),
    trail: "History",
    call_at: "Call time",
    visit_at: "Visit",
    reopen_reason: "What is still wrong?",
    move_to: "Move to",
    resolution: "Resolution",
    level: "Level",
    assigned: "Assigned to",
    photos_optional: "Photos (optional, up to 9)",
    text_required: "Please write at least 10 characters.",
    choose_visit: "Choose at least one visit time.",
    queue_title: "Service queue",
    queue_empty: "Nothing open.",
    metrics_title: "Service metrics",
    slots_title: "Callback slots",
    button: en_button,
    history: en_history,
    assign_to: "Assign to",
    note_required: "Please add a note.",
    period: "Period",
    show: "Show",
    created: "New items",
    avg_first_response: "Average first response",
    within_target: "Within target",
    breaches_by_kind: "Breached items by kind",
    created_by_kind: "New items by kind",
    backlog: "Open items per day",
    minutes: |s| en_dur(s),
    slot_start: "Starts",
    slot_minutes: "Minutes",
    capacity: "Places",
    open_slot: "Open slot",
    booked_of: |b, c| format!("{b}/{c} booked"),
    homeowner: "Homeowner",
};

impl ServiceTexts {
    /// A kind in words.
    pub fn kind(&self, k: ServiceKind) -> &'static str {
        (self.kinds)(k)
    }
    /// A warranty category in words.
    pub fn category_name(&self, c: WarrantyCategory) -> &'static str {
        (self.categories)(c)
    }
    /// A callback topic in words.
    pub fn topic_name(&self, t: CallbackTopic) -> &'static str {
        (self.topics)(t)
    }
    /// A deadline in words.
    pub fn deadline(&self, d: DeadlineKind) -> &'static str {
        (self.deadlines)(d)
    }
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

impl Catalog for ServiceTexts {
    const ZH: &'static Self = &ZH;
    const EN: &'static Self = &EN;
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
