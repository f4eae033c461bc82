//! Texts of the quote screens, in both languages (a missing one is a compile error).

use crate::app::i18n::{text, use_catalog, Catalog};
use crate::domain::quotes::QuoteStatus;

/// Every text the quote screens show, in one language.
pub struct QuoteTexts {
    pub list_title: &'static str,
    pub list_empty: &'static str,
    pub back_to_quotes: &'static str,
    pub revision: fn(i64) -> String,
    pub statuses: fn(QuoteStatus) -> &'static str,
    pub published: &'static str,
    /// Before a confirmation date in the list (shown to the crew, where the total would be).
    pub confirmed_on: &'static str,
    /// Why the crew sees no prices.
    pub crew_note: &'static str,
    pub total: &'static str,
    pub materials: &'static str,
    pub labour: &'static str,
    pub range: &'static str,
    pub buffer: &'static str,
    pub whole_home: &'static str,
    pub changes_since: fn(i64) -> String,
    pub added: &'static str,
    pub removed: &'static str,
    pub changed: &'static str,
    pub terms_changed: &'static str,
    pub needs_approval: &'static str,
    pub waiting_approval: &'static str,
    pub step_names: [&'static str; 3],
    pub step_of: fn(usize) -> String,
    pub schedule: &'static str,
    pub days: fn(i64) -> String,
    pub payment_plan: &'static str,
    pub special_notes: &'static str,
    pub no_special_notes: &'static str,
    pub accept_terms: &'static str,
    pub accept_notes: &'static str,
    pub code_sent: &'static str,
    pub code_valid_until: &'static str,
    pub code_label: &'static str,
    pub confirm: &'static str,
    pub resend: &'static str,
    pub resend_in: fn(u32) -> String,
    pub code_invalid: &'static str,
    pub outbox_hint: &'static str,
    pub reject: &'static str,
    pub reject_reason: &'static str,
    pub reject_hint: &'static str,
    pub send_reject: &'static str,
    pub reason_invalid: &'static str,
    pub confirmed_by: fn(&str, &str) -> String,
    pub rejected_note: &'static str,
    pub print: &'static str,
    pub content_hash: &'static str,
    pub open: &'static str,
    pub new_revision: &'static str,
    pub publish: &'static str,
    /// The editor's in-place correction of the latest revision (still pending, no step taken).
    pub save_correction: fn(i64) -> String,
    /// The correction was refused: the revision changed after the editor was opened.
    pub stale_quote: &'static str,
    pub approve: &'static str,
    pub material_cols: [&'static str; 8],
    pub labour_cols: [&'static str; 5],
    pub plan_cols: [&'static str; 2],
    /// A cell of the editor that should hold a number: `(column, what was typed)`.
    pub not_a_number: fn(&str, &str) -> String,
    /// A date of the editor that is not one: `(what, what was typed)`.
    pub not_a_date: fn(&str, &str) -> String,
}

impl QuoteTexts {
    /// A revision status in words.
    pub fn status(&self, s: QuoteStatus) -> &'static str {
        (self.statuses)(s)
    }
}

fn zh_status(x: QuoteStatus) -> &'static str {
    match x {
        QuoteStatus::Pending => "待您确认",
        QuoteStatus::Confirmed => "已确认",
        QuoteStatus::Rejected => "已拒绝",
        QuoteStatus::Superseded => "已被新版本替代",
    }
}

fn en_status(x: QuoteStatus) -> &'static str {
    match x {
        QuoteStatus::Pending => "Awaiting your confirmation",
        QuoteStatus::Confirmed => "Confirmed",
        QuoteStatus::Rejected => "Rejected",
        QuoteStatus::Superseded => "Replaced by a newer revision",
    }
}

const ZH: QuoteTexts = QuoteTexts {
    list_title: "方案报价",
    list_empty: "还没有报价。",
    back_to_quotes: "← 全部报价",
    revision: |n| format!("第{n}版"),
    statuses: zh_status,
    published: "发布于",
    confirmed_on: "确认于",
    crew_note: "施工队只看到要做什么：材料、工序和数量。价格和付款计划只有业主和公司能看到。",
    total: "合计",
    materials: "主材",
    labour: "人工",
    range: "预算区间（±5%）",
    buffer: "建议预留（8%）",
    whole_home: "全屋",
    changes_since: |n| format!("与第{n}版相比"),
    added: "新增",
    removed: "删除",
    changed: "变更",
    terms_changed: "工期、付款方式或特别说明有变化",
    needs_approval: "变更超过5%，需经理审批",
    waiting_approval: "本次变更超过5%，经理审批后即可确认。",
    step_names: ["基本条款", "特别说明", "短信验证"],
    step_of: |n| format!("第{n}步，共3步"),
    schedule: "工期",
    days: |d| format!("共{d}天"),
    payment_plan: "付款方式",
    special_notes: "特别说明（环保标准与施工规范）",
    no_special_notes: "无",
    accept_terms: "同意工期和付款方式",
    accept_notes: "已阅读特别说明，发送验证码",
    code_sent: "验证码已发送到您的手机。",
    code_valid_until: "有效期至",
    code_label: "短信验证码",
    confirm: "确认报价",
    resend: "重新发送",
    resend_in: |s| format!("{s}秒后可重发"),
    code_invalid: "请输入6位数字验证码。",
    outbox_hint: "演示环境：验证码可在“演示短信”页面查看。",
    reject: "不同意，提修改意见",
    reject_reason: "修改意见",
    reject_hint: "请写明原因（5–500字）。",
    send_reject: "提交意见",
    reason_invalid: "请写明原因，5到500个字。",
    confirmed_by: |who, when| format!("{who} 于 {when} 确认"),
    rejected_note: "您已拒绝本版报价：",
    print: "打印",
    content_hash: "内容指纹",
    open: "查看",
    new_revision: "发布新版本",
    publish: "发布报价",
    save_correction: |n| format!("直接修改第{n}版（不发布新版本）"),
    stale_quote: "这一版报价在您打开之后已经被改过（同事修改、经理审批，或业主已开始确认）。您这次的修改没有保存：请加载最新版本，再改一次。",
    approve: "审批通过",
    material_cols: [
        "类别",
        "空间",
        "品牌",
        "型号",
        "环保等级",
        "数量",
        "单位",
        "单价（元）",
    ],
    labour_cols: ["工序", "空间", "数量", "单位", "单价（元）"],
    plan_cols: ["款项", "比例%"],
    not_a_number: |what, v| {
        if v.trim().is_empty() {
            format!("{what}：请填写数字。")
        } else {
            format!("{what}：“{v}”不是有效的数字。")
        }
    },
    not_a_date: |what, v| {
        if v.trim().is_empty() {
            format!("{what}：请选择日期。")
        } else {
            format!("{what}：“{v}”不是有效的日期。")
        }
    },
};

const EN: QuoteTexts = QuoteTexts {
    list_title: "Quotes",
    list_empty: "No quotes yet.",
    back_to_quotes: "← All quotes",
    revision: |n| format!("Revision {n}"),
    statuses: en_status,
    published: "Published",
    confirmed_on: "Confirmed",
    crew_note: "Crews see what to build: materials, processes and quantities. Prices and the payment plan are for the homeowner and the company.",
    total: "Total",
    materials: "Main materials",
    labour: "Labour",
    range: "Budget range (±5%)",
    buffer: "Advised reserve (8%)",
    whole_home: "Whole home",
    changes_since: |n| format!("Compared with revision {n}"),
    added: "Added",
    removed: "Removed",
    changed: "Changed",
    terms_changed: "Schedule, payment plan or special notes changed",
    needs_approval: "Change over 5%: needs a manager's approval",
    waiting_approval: "This change is over 5%; you can confirm once a manager has approved it.",
    step_names: ["Basic terms", "Special notes", "Text-message code"],
    step_of: |n| format!("Step {n} of 3"),
    schedule: "Schedule",
    days: |d| format!("{d} days"),
    payment_plan: "Payment plan",
    special_notes: "Special notes (environmental standards, construction norms)",
    no_special_notes: "None",
    accept_terms: "I agree to the schedule and payment plan",
    accept_notes: "I have read the special notes — send the code",
    code_sent: "A code was sent to your phone.",
    code_valid_until: "Valid until",
    code_label: "Code from the text message",
    confirm: "Confirm quote",
    resend: "Send again",
    resend_in: |s| format!("Send again in {s} s"),
    code_invalid: "Enter the 6-digit code.",
    outbox_hint: "Demo: the code shows on the demo outbox page.",
    reject: "Disagree and ask for changes",
    reject_reason: "What should change",
    reject_hint: "Say why (5–500 characters).",
    send_reject: "Send",
    reason_invalid: "Please give a reason of 5 to 500 characters.",
    confirmed_by: |who, when| format!("Confirmed by {who} on {when}"),
    rejected_note: "You rejected this revision:",
    print: "Print",
    content_hash: "Content fingerprint",
    open: "Open",
    new_revision: "Publish a new revision",
    publish: "Publish quote",
    save_correction: |n| format!("Correct revision {n} in place (no new revision)"),
    stale_quote: "This revision changed after you opened it (a colleague corrected it, a manager approved it, or the homeowner started confirming). Your change was not saved: load the newest copy and make it again.",
    approve: "Approve",
    material_cols: [
        "Category",
        "Room",
        "Brand",
        "Model",
        "Env. grade",
        "Qty",
        "Unit",
        "Unit price (¥)",
    ],
    labour_cols: ["Process", "Room", "Qty", "Unit", "Unit price (¥)"],
    plan_cols: ["Stage", "Share %"],
    not_a_number: |what, v| {
        if v.trim().is_empty() {
            format!("{what}: please enter a number.")
        } else {
            format!("{what}: \u{201c}{v}\u{201d} is not a valid number.")
        }
    },
    not_a_date: |what, v| {
        if v.trim().is_empty() {
            format!("{what}: please choose a date.")
        } else {
            format!("{what}: \u{201c}{v}\u{201d} is not a valid date.")
        }
    },
};

impl Catalog for QuoteTexts {
    const ZH: &'static Self = &ZH;
    const EN: &'static Self = &EN;
}

/// Reactive accessor: `let t = use_quote_texts(); move || t().total`.
pub fn use_quote_texts() -> impl Fn() -> &'static QuoteTexts + Copy + Send + Sync + 'static {
    use_catalog()
}

/// A reactive plain text, one closure type for every call site (keeps the wasm small).
pub fn qt(pick: fn(&QuoteTexts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}
