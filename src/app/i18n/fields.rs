//! Refused input fields in words: the field's name and why, in the unit its limit counts.

use super::Texts;
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
        "stars" | "nps" | "level" | "capacity" | "minutes" => Unit::Number,
        "category" | "topic" | "user_id" | "slot_id" | "target" => Unit::Choice,
        _ => Unit::Chars,
    }
}

pub(super) fn zh_field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "phone" => "手机号",
        "code" => "验证码",
        "login" => "账号",
        "password" => "密码",
        "work_done" => "今日完成工作",
        "materials" => "材料",
        "labour" => "人工",
        "problems" => "发现的问题",
        "trades" => "在场工种",
        "photo_ids" => "照片",
        "file" => "照片文件",
        "reason" => "原因",
        "note" => "说明",
        "title" => "标题",
        "description" => "问题描述",
        "body" => "内容",
        "at" => "上门时间",
        "scheduled_at" => "验收时间",
        "starts_at" => "开始时间",
        "minutes" => "时长（分钟）",
        "capacity" => "名额",
        "slot_id" => "回电时间",
        "visit_windows" => "上门时段",
        "category" => "问题类别",
        "topic" => "回电事项",
        "level" => "级别",
        "user_id" => "负责人",
        "stars" => "评分",
        "comment" => "评价",
        "nps" => "推荐意愿评分",
        "suggestions" => "意见和建议",
        "items" => "检查项",
        "week" => "周次",
        "from" => "开始日期",
        "to" => "结束日期",
        "schedule" => "工期",
        "payment_plan" => "付款方式",
        "special_notes" => "特别说明",
        "target" => "评分对象",
        _ => return None,
    })
}

pub(super) fn en_field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "phone" => "Phone number",
        "code" => "Code",
        "login" => "Login",
        "password" => "Password",
        "work_done" => "Work done today",
        "materials" => "Materials",
        "labour" => "Labour",
        "problems" => "Problems found",
        "trades" => "Trades on site",
        "photo_ids" => "Photos",
        "file" => "Photo file",
        "reason" => "Reason",
        "note" => "Note",
        "title" => "Title",
        "description" => "Description",
        "body" => "Text",
        "at" => "Visit time",
        "scheduled_at" => "Inspection time",
        "starts_at" => "Start time",
        "minutes" => "Minutes",
        "capacity" => "Places",
        "slot_id" => "Callback time",
        "visit_windows" => "Visit times",
        "category" => "Category",
        "topic" => "Topic",
        "level" => "Level",
        "user_id" => "Assignee",
        "stars" => "Stars",
        "comment" => "Comment",
        "nps" => "Likelihood to recommend",
        "suggestions" => "Suggestions",
        "items" => "Checklist items",
        "week" => "Week",
        "from" => "Start date",
        "to" => "End date",
        "schedule" => "Schedule",
        "payment_plan" => "Payment plan",
        "special_notes" => "Special notes",
        "target" => "What is rated",
        _ => return None,
    })
}

/// Why a field was refused, in Chinese: "{label}：{why}".
pub(super) fn zh_field_reason(
    label: Option<&str>,
    unit: Unit,
    reason: FieldReason,
    limit: Option<u32>,
) -> String {
    let why = match (reason, unit, limit) {
        (FieldReason::Required, Unit::Chars, _) => "请填写。".to_string(),
        (FieldReason::Required, Unit::Items, _) => "至少需要一项。".to_string(),
        (FieldReason::Required, Unit::Lines, _) => {
            "请至少填写一行，并填好每行必填的内容。".to_string()
        }
        (FieldReason::Required, Unit::Photos, _) => "请至少添加一张照片。".to_string(),
        (FieldReason::Required, Unit::Choice, _) => "请选择一项。".to_string(),
        (FieldReason::Required, Unit::Time, _) => "请选择时间。".to_string(),
        (FieldReason::Required, Unit::Number, _) => "请填写数字。".to_string(),
        (FieldReason::TooShort, Unit::Chars, Some(n)) => format!("至少 {n} 个字。"),
        (FieldReason::TooShort, Unit::Items, Some(n)) => format!("至少 {n} 项。"),
        (FieldReason::TooShort, Unit::Lines, Some(n)) => format!("至少 {n} 行。"),
        (FieldReason::TooShort, Unit::Photos, Some(n)) => format!("至少 {n} 张照片。"),
        (FieldReason::TooShort, _, _) => "太短了，请再多写一些。".to_string(),
        (FieldReason::TooLong, Unit::Chars, Some(n)) => format!("最多 {n} 个字。"),
        (FieldReason::TooLong, Unit::Items, Some(n)) => format!("最多 {n} 项。"),
        (FieldReason::TooLong, Unit::Lines, Some(n)) => format!("最多 {n} 行。"),
        (FieldReason::TooLong, Unit::Photos, Some(n)) => format!("最多 {n} 张照片。"),
        (FieldReason::TooLong, Unit::Photos, None) => "照片太多了。".to_string(),
        (FieldReason::TooLong, _, Some(n)) => format!("最多 {n} 个。"),
        (FieldReason::TooLong, _, None) => "太长了，请删减一些。".to_string(),
        (FieldReason::OutOfRange, Unit::Time, _) => {
            "时间不在允许的范围内（可能已经过去，或结束早于开始）。".to_string()
        }
        (FieldReason::OutOfRange, _, _) => "有数值超出了允许的范围，请检查。".to_string(),
        (FieldReason::BadFormat, Unit::Time, _) => "日期或时间的格式不对。".to_string(),
        (FieldReason::BadFormat, _, _) => "格式不对，请检查。".to_string(),
        (FieldReason::Duplicate, _, _) => "有重复的内容，每项只能出现一次。".to_string(),
        (FieldReason::NotAllowed, Unit::Photos, _) => {
            "有照片不能用在这里，请重新上传。".to_string()
        }
        (FieldReason::NotAllowed, _, _) => "这个选择在这里不可用，请换一个。".to_string(),
    };
    match label {
        Some(label) => format!("{label}：{why}"),
        None => format!("有一项填写需要修改：{why}"),
    }
}

/// "1 photo" / "3 photos".
pub(super) fn en_count(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Why a field was refused, in English: "{label}: {why}".
pub(super) fn en_field_reason(
    label: Option<&str>,
    unit: Unit,
    reason: FieldReason,
    limit: Option<u32>,
) -> String {
    let why = match (reason, unit, limit) {
        (FieldReason::Required, Unit::Chars, _) => "please fill this in.".to_string(),
        (FieldReason::Required, Unit::Items, _) => "at least one is needed.".to_string(),
        (FieldReason::Required, Unit::Lines, _) => {
            "add at least one line and fill in what each line needs.".to_string()
        }
        (FieldReason::Required, Unit::Photos, _) => "add at least one photo.".to_string(),
        (FieldReason::Required, Unit::Choice, _) => "please choose one.".to_string(),
        (FieldReason::Required, Unit::Time, _) => "please choose a time.".to_string(),
        (FieldReason::Required, Unit::Number, _) => "please enter a number.".to_string(),
        (FieldReason::TooShort, Unit::Chars, Some(n)) => {
            format!("at least {}.", en_count(n, "character", "characters"))
        }
        (FieldReason::TooShort, Unit::Items, Some(n)) => format!("at least {n}."),
        (FieldReason::TooShort, Unit::Lines, Some(n)) => {
            format!("at least {}.", en_count(n, "line", "lines"))
        }
        (FieldReason::TooShort, Unit::Photos, Some(n)) => {
            format!("at least {}.", en_count(n, "photo", "photos"))
        }
        (FieldReason::TooShort, _, _) => "too short; please write a little more.".to_string(),
        (FieldReason::TooLong, Unit::Chars, Some(n)) => {
            format!("at most {}.", en_count(n, "character", "characters"))
        }
        (FieldReason::TooLong, Unit::Items, Some(n)) => format!("at most {n}."),
        (FieldReason::TooLong, Unit::Lines, Some(n)) => {
            format!("at most {}.", en_count(n, "line", "lines"))
        }
        (FieldReason::TooLong, Unit::Photos, Some(n)) => {
            format!("at most {}.", en_count(n, "photo", "photos"))
        }
        (FieldReason::TooLong, Unit::Photos, None) => "too many photos.".to_string(),
        (FieldReason::TooLong, _, Some(n)) => format!("at most {n}."),
        (FieldReason::TooLong, _, None) => "too long; please shorten it.".to_string(),
        (FieldReason::OutOfRange, Unit::Time, _) => {
            "that time is not allowed (it may have passed, or the end is before the start)."
                .to_string()
        }
        (FieldReason::OutOfRange, _, _) => {
            "a number is outside the allowed range; please check it.".to_string()
        }
        (FieldReason::BadFormat, Unit::Time, _) => {
            "the date or time is not in the expected form.".to_string()
        }
        (FieldReason::BadFormat, _, _) => "that is not in the expected form.".to_string(),
        (FieldReason::Duplicate, _, _) => {
            "something is listed twice; list each only once.".to_string()
        }
        (FieldReason::NotAllowed, Unit::Photos, _) => {
            "a photo can't be used here; please upload it again.".to_string()
        }
        (FieldReason::NotAllowed, _, _) => {
            "that choice is not available here; please pick another.".to_string()
        }
    };
    match label {
        Some(label) => format!("{label}: {why}"),
        None => format!("One entry needs a change: {why}"),
    }
}
