//! Refused input fields in words: the field's name and why, in the unit its limit counts.

use super::{w, Lang, Texts, Words};
use crate::domain::error::FieldReason;
use crate::domain::inspections::MAX_CHECKLIST_ITEMS;
use crate::domain::quotes::{MAX_LINES, MAX_PAYMENT_STAGES};

/// What a field's value is made of, so a refusal can speak of characters, photos or a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Free text; a limit counts characters.
    Chars,
    /// A list; a limit counts entries.
    Items,
    /// Lines of a table (quote lines); a limit counts lines.
    Lines,
    /// Photos; a limit counts photos.
    Photos,
    /// One choice out of several.
    Choice,
    /// A date or a moment.
    Time,
    /// A number.
    Number,
}

impl Unit {
    /// Every unit (a hand-kept list; a unit test checks it against a `match`).
    pub const ALL: [Unit; 7] = [
        Unit::Chars,
        Unit::Items,
        Unit::Lines,
        Unit::Photos,
        Unit::Choice,
        Unit::Time,
        Unit::Number,
    ];
}

/// One refused field as a sentence: the field's name and why, with the limit in the right
/// unit; a few fields keep their own, more helpful wording.
pub fn field_text(t: &Texts, field: &str, reason: FieldReason, limit: Option<u32>) -> String {
    use FieldReason as R;
    match (field, reason) {
        ("phone", R::Required | R::BadFormat) => t.phone_invalid.to_string(),
        ("code", R::Required | R::BadFormat | R::TooShort | R::TooLong) => {
            t.code_invalid.to_string()
        }
        ("login" | "password", R::Required) => t.login_required.to_string(),
        ("work_done", R::Required) => t.work_done_required.to_string(),
        ("trades", R::Duplicate | R::OutOfRange) => t.trades_invalid.to_string(),
        ("homeowner_phone", R::Duplicate) => t.phone_taken.to_string(),
        ("homeowner_phone", R::Required | R::BadFormat) => t.phone_invalid.to_string(),
        _ => (t.field_reason)(
            (t.field_label)(field),
            unit(field, reason, limit),
            reason,
            limit,
        ),
    }
}

/// What a field's value is made of. The quote tables and checklists use one field name both
/// for their number of entries and for the characters of an entry; the shared bound that was
/// passed tells which one `limit` counts.
fn unit(field: &str, reason: FieldReason, limit: Option<u32>) -> Unit {
    let counts = |max: usize| limit.is_some_and(|l| usize::try_from(l).ok() == Some(max));
    let length = matches!(reason, FieldReason::TooLong | FieldReason::TooShort);
    match field {
        "photo_ids" | "file" => Unit::Photos,
        "trades" => Unit::Items,
        "materials" | "labour" if counts(MAX_LINES) || !length => Unit::Lines,
        "payment_plan" if counts(MAX_PAYMENT_STAGES) || !length => Unit::Items,
        "items" if counts(MAX_CHECKLIST_ITEMS) || !length => Unit::Items,
        "at" | "scheduled_at" | "starts_at" | "visit_windows" | "week" | "from" | "to"
        | "schedule" => Unit::Time,
        "stars" | "nps" | "level" | "capacity" | "minutes" | "area_m2" | "contract_fen" => {
            Unit::Number
        }
        "start_date" | "planned_end_date" => Unit::Time,
        "category" | "topic" | "user_id" | "slot_id" | "target" | "crew_id" | "owner_id"
        | "version" => Unit::Choice,
        _ => Unit::Chars,
    }
}

/// The name of a field the server or a form may refuse, in both languages, if the UI knows it.
pub(super) fn field_label(field: &str) -> Option<Words> {
    Some(match field {
        "phone" => w("手机号", "Phone number"),
        "code" => w("验证码", "Code"),
        "login" => w("账号", "Login"),
        "password" => w("密码", "Password"),
        "work_done" => w("今日完成工作", "Work done today"),
        "materials" => w("材料", "Materials"),
        "labour" => w("人工", "Labour"),
        "problems" => w("发现的问题", "Problems found"),
        "trades" => w("在场工种", "Trades on site"),
        "photo_ids" => w("照片", "Photos"),
        "file" => w("照片文件", "Photo file"),
        "reason" => w("原因", "Reason"),
        "note" => w("说明", "Note"),
        "title" => w("标题", "Title"),
        "description" => w("问题描述", "Description"),
        "body" => w("内容", "Text"),
        "at" => w("上门时间", "Visit time"),
        "scheduled_at" => w("验收时间", "Inspection time"),
        "starts_at" => w("开始时间", "Start time"),
        "minutes" => w("时长（分钟）", "Minutes"),
        "capacity" => w("名额", "Places"),
        "slot_id" => w("回电时间", "Callback time"),
        "visit_windows" => w("上门时段", "Visit times"),
        "category" => w("问题类别", "Category"),
        "topic" => w("回电事项", "Topic"),
        "level" => w("级别", "Level"),
        "user_id" => w("负责人", "Assignee"),
        "stars" => w("评分", "Stars"),
        "comment" => w("评价", "Comment"),
        "nps" => w("推荐意愿评分", "Likelihood to recommend"),
        "suggestions" => w("意见和建议", "Suggestions"),
        "items" => w("检查项", "Checklist items"),
        "week" => w("周次", "Week"),
        "from" => w("开始日期", "Start date"),
        "to" => w("结束日期", "End date"),
        "schedule" => w("工期", "Schedule"),
        "payment_plan" => w("付款方式", "Payment plan"),
        "special_notes" => w("特别说明", "Special notes"),
        "target" => w("评分对象", "What is rated"),
        // The set-up form checks its optional fields itself, in its own words; the server's
        // refusals of those (a bypassed form) read as "one entry needs a change".
        "city" => w("城市和区", "City and district"),
        "compound" => w("小区", "Compound"),
        "room" => w("门牌号", "Flat"),
        "planned_end_date" => w("计划竣工日期", "Planned completion"),
        "homeowner_name" => w("业主姓名", "Homeowner's name"),
        "homeowner_phone" => w("业主手机号", "Homeowner's mobile number"),
        _ => return None,
    })
}

/// Why a field was refused, as a sentence: "{label}：{why}" / "{label}: {why}". The English
/// counts in the singular for one (`{}` after the noun takes "s" for more).
pub(super) fn field_reason(
    lang: Lang,
    label: Option<&str>,
    unit: Unit,
    reason: FieldReason,
    limit: Option<u32>,
) -> String {
    use FieldReason as R;
    let why = match (reason, unit, limit) {
        (R::Required, Unit::Chars, _) => w("请填写。", "please fill this in."),
        (R::Required, Unit::Items, _) => w("至少需要一项。", "at least one is needed."),
        (R::Required, Unit::Lines, _) => w(
            "请至少填写一行，并填好每行必填的内容。",
            "add at least one line and fill in what each line needs.",
        ),
        (R::Required, Unit::Photos, _) => w("请至少添加一张照片。", "add at least one photo."),
        (R::Required, Unit::Choice, _) => w("请选择一项。", "please choose one."),
        (R::Required, Unit::Time, _) => w("请选择时间。", "please choose a time."),
        (R::Required, Unit::Number, _) => w("请填写数字。", "please enter a number."),
        (R::TooShort, Unit::Chars, Some(_)) => w("至少 {} 个字。", "at least {} character{}."),
        (R::TooShort, Unit::Items, Some(_)) => w("至少 {} 项。", "at least {}."),
        (R::TooShort, Unit::Lines, Some(_)) => w("至少 {} 行。", "at least {} line{}."),
        (R::TooShort, Unit::Photos, Some(_)) => w("至少 {} 张照片。", "at least {} photo{}."),
        (R::TooShort, _, _) => w(
            "太短了，请再多写一些。",
            "too short; please write a little more.",
        ),
        (R::TooLong, Unit::Chars, Some(_)) => w("最多 {} 个字。", "at most {} character{}."),
        (R::TooLong, Unit::Items, Some(_)) => w("最多 {} 项。", "at most {}."),
        (R::TooLong, Unit::Lines, Some(_)) => w("最多 {} 行。", "at most {} line{}."),
        (R::TooLong, Unit::Photos, Some(_)) => w("最多 {} 张照片。", "at most {} photo{}."),
        (R::TooLong, Unit::Photos, None) => w("照片太多了。", "too many photos."),
        (R::TooLong, _, Some(_)) => w("最多 {} 个。", "at most {}."),
        (R::TooLong, _, None) => w("太长了，请删减一些。", "too long; please shorten it."),
        (R::OutOfRange, Unit::Time, _) => w(
            "时间不在允许的范围内（可能已经过去，或结束早于开始）。",
            "that time is not allowed (it may have passed, or the end is before the start).",
        ),
        (R::OutOfRange, _, _) => w(
            "有数值超出了允许的范围，请检查。",
            "a number is outside the allowed range; please check it.",
        ),
        (R::BadFormat, Unit::Time, _) => w(
            "日期或时间的格式不对。",
            "the date or time is not in the expected form.",
        ),
        (R::BadFormat, _, _) => w("格式不对，请检查。", "that is not in the expected form."),
        (R::Duplicate, _, _) => w(
            "有重复的内容，每项只能出现一次。",
            "something is listed twice; list each only once.",
        ),
        (R::NotAllowed, Unit::Photos, _) => w(
            "有照片不能用在这里，请重新上传。",
            "a photo can't be used here; please upload it again.",
        ),
        (R::NotAllowed, _, _) => w(
            "这个选择在这里不可用，请换一个。",
            "that choice is not available here; please pick another.",
        ),
    };
    let n = limit.unwrap_or_default();
    let why = why.fill(lang, &[&n, &if n == 1 { "" } else { "s" }]);
    match label {
        Some(label) => w("{}：{}", "{}: {}").fill(lang, &[&label, &why]),
        None => w("有一项填写需要修改：{}", "One entry needs a change: {}").fill(lang, &[&why]),
    }
}
