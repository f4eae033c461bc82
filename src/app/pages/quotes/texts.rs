//! Texts of the quote screens, in both languages (a missing one is a compile error).

use crate::app::i18n::{catalog, text, use_catalog, Lang};

/// Every text the quote screens show, in one language.
pub struct QuoteTexts {
    /// The language of these texts.
    pub lang: Lang,
    pub revision: fn(i64) -> String,
    pub changes_since: fn(i64) -> String,
    pub step_names: [&'static str; 3],
    pub step_of: fn(usize) -> String,
    pub days: fn(i64) -> String,
    pub resend_in: fn(u32) -> String,
    pub confirmed_by: fn(&str, &str) -> String,
    /// The editor's in-place correction of the latest revision (still pending, no step taken).
    pub save_correction: fn(i64) -> String,
    pub material_cols: [&'static str; 8],
    pub labour_cols: [&'static str; 5],
    pub plan_cols: [&'static str; 2],
    /// A cell of the editor that should hold a number: `(column, what was typed)`.
    pub not_a_number: fn(&str, &str) -> String,
    /// A date of the editor that is not one: `(what, what was typed)`.
    pub not_a_date: fn(&str, &str) -> String,
    pub list_title: &'static str,
    pub list_empty: &'static str,
    pub back_to_quotes: &'static str,
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
    pub added: &'static str,
    pub removed: &'static str,
    pub changed: &'static str,
    pub terms_changed: &'static str,
    pub needs_approval: &'static str,
    pub waiting_approval: &'static str,
    pub schedule: &'static str,
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
    pub code_invalid: &'static str,
    pub outbox_hint: &'static str,
    pub reject: &'static str,
    pub reject_reason: &'static str,
    pub reject_hint: &'static str,
    pub send_reject: &'static str,
    pub reason_invalid: &'static str,
    pub rejected_note: &'static str,
    pub print: &'static str,
    pub content_hash: &'static str,
    pub open: &'static str,
    pub new_revision: &'static str,
    pub publish: &'static str,
    /// The correction was refused: the revision changed after the editor was opened.
    pub stale_quote: &'static str,
    pub approve: &'static str,
}

catalog! {
    QuoteTexts {
        // Words with figures first, then plain words.
        revision: (|n| format!("第{n}版"), |n| format!("Revision {n}")),
        changes_since: (|n| format!("与第{n}版相比"), |n| format!("Compared with revision {n}")),
        step_names: (["基本条款", "特别说明", "短信验证"], ["Basic terms", "Special notes", "Text-message code"]),
        step_of: (|n| format!("第{n}步，共3步"), |n| format!("Step {n} of 3")),
        days: (|d| format!("共{d}天"), |d| format!("{d} days")),
        resend_in: (|s| format!("{s}秒后可重发"), |s| format!("Send again in {s} s")),
        confirmed_by: (|who, when| format!("{who} 于 {when} 确认"), |who, when| format!("Confirmed by {who} on {when}")),
        save_correction: (|n| format!("直接修改第{n}版（不发布新版本）"), |n| format!("Correct revision {n} in place (no new revision)")),
        material_cols: ([ "类别", "空间", "品牌", "型号", "环保等级", "数量", "单位", "单价（元）", ], [ "Category", "Room", "Brand", "Model", "Env. grade", "Qty", "Unit", "Unit price (¥)", ]),
        labour_cols: (["工序", "空间", "数量", "单位", "单价（元）"], ["Process", "Room", "Qty", "Unit", "Unit price (¥)"]),
        plan_cols: (["款项", "比例%"], ["Stage", "Share %"]),
        not_a_number: (|what, v| { if v.trim().is_empty() { format!("{what}：请填写数字。") } else { format!("{what}：“{v}”不是有效的数字。") } }, |what, v| { if v.trim().is_empty() { format!("{what}: please enter a number.") } else { format!("{what}: \u{201c}{v}\u{201d} is not a valid number.") } }),
        not_a_date: (|what, v| { if v.trim().is_empty() { format!("{what}：请选择日期。") } else { format!("{what}：“{v}”不是有效的日期。") } }, |what, v| { if v.trim().is_empty() { format!("{what}: please choose a date.") } else { format!("{what}: \u{201c}{v}\u{201d} is not a valid date.") } }),
        list_title: ("方案报价", "Quotes"),
        list_empty: ("还没有报价。", "No quotes yet."),
        back_to_quotes: ("← 全部报价", "← All quotes"),
        published: ("发布于", "Published"),
        confirmed_on: ("确认于", "Confirmed"),
        crew_note: ("施工队只看到要做什么：材料、工序和数量。价格和付款计划只有业主和公司能看到。", "Crews see what to build: materials, processes and quantities. Prices and the payment plan are for the homeowner and the company."),
        total: ("合计", "Total"),
        materials: ("主材", "Main materials"),
        labour: ("人工", "Labour"),
        range: ("预算区间（±5%）", "Budget range (±5%)"),
        buffer: ("建议预留（8%）", "Advised reserve (8%)"),
        whole_home: ("全屋", "Whole home"),
        added: ("新增", "Added"),
        removed: ("删除", "Removed"),
        changed: ("变更", "Changed"),
        terms_changed: ("工期、付款方式或特别说明有变化", "Schedule, payment plan or special notes changed"),
        needs_approval: ("变更超过5%，需经理审批", "Change over 5%: needs a manager's approval"),
        waiting_approval: ("本次变更超过5%，经理审批后即可确认。", "This change is over 5%; you can confirm once a manager has approved it."),
        schedule: ("工期", "Schedule"),
        payment_plan: ("付款方式", "Payment plan"),
        special_notes: ("特别说明（环保标准与施工规范）", "Special notes (environmental standards, construction norms)"),
        no_special_notes: ("无", "None"),
        accept_terms: ("同意工期和付款方式", "I agree to the schedule and payment plan"),
        accept_notes: ("已阅读特别说明，发送验证码", "I have read the special notes — send the code"),
        code_sent: ("验证码已发送到您的手机。", "A code was sent to your phone."),
        code_valid_until: ("有效期至", "Valid until"),
        code_label: ("短信验证码", "Code from the text message"),
        confirm: ("确认报价", "Confirm quote"),
        resend: ("重新发送", "Send again"),
        code_invalid: ("请输入6位数字验证码。", "Enter the 6-digit code."),
        outbox_hint: ("演示环境：验证码可在“演示短信”页面查看。", "Demo: the code shows on the demo outbox page."),
        reject: ("不同意，提修改意见", "Disagree and ask for changes"),
        reject_reason: ("修改意见", "What should change"),
        reject_hint: ("请写明原因（5–500字）。", "Say why (5–500 characters)."),
        send_reject: ("提交意见", "Send"),
        reason_invalid: ("请写明原因，5到500个字。", "Please give a reason of 5 to 500 characters."),
        rejected_note: ("您已拒绝本版报价：", "You rejected this revision:"),
        print: ("打印", "Print"),
        content_hash: ("内容指纹", "Content fingerprint"),
        open: ("查看", "Open"),
        new_revision: ("发布新版本", "Publish a new revision"),
        publish: ("发布报价", "Publish quote"),
        stale_quote: ("这一版报价在您打开之后已经被改过（同事修改、经理审批，或业主已开始确认）。您这次的修改没有保存：请加载最新版本，再改一次。", "This revision changed after you opened it (a colleague corrected it, a manager approved it, or the homeowner started confirming). Your change was not saved: load the newest copy and make it again."),
        approve: ("审批通过", "Approve"),
    }
}

/// Reactive accessor: `let t = use_quote_texts(); move || t().total`.
pub fn use_quote_texts() -> impl Fn() -> &'static QuoteTexts + Copy + Send + Sync + 'static {
    use_catalog()
}

/// A reactive plain text, one closure type for every call site (keeps the wasm small).
pub fn qt(pick: fn(&QuoteTexts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}
