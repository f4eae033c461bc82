//! The one translation layer every page uses: Chinese by default, English on request.
//!
//! Each language is a `const Texts`; a field left out of one of them is a compile error, so a
//! missing translation can never ship.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use leptos::prelude::*;

use crate::domain::auth::Role;
use crate::domain::diary::{Trade, Weather};
use crate::domain::error::FieldReason;
use crate::domain::projects::Stage;
use crate::domain::ErrorCode;

/// The languages the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

const STORAGE_KEY: &str = "seed-portal.lang";

impl Lang {
    /// The `<html lang>` / storage tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The texts of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    /// The other language (the header toggle switches between two).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The language saved by an earlier visit, Chinese otherwise.
    pub fn load() -> Lang {
        let saved = window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        match saved.as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// Remembers the choice and tells the document (screen readers, fonts, hyphenation).
    pub fn apply(self) {
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, self.tag());
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", self.tag());
        }
        document().set_title(self.texts().doc_title);
    }
}

/// Puts the language signal into context, restoring the saved choice and keeping the
/// document in sync with it.
pub fn provide_i18n() -> RwSignal<Lang> {
    let lang = RwSignal::new(Lang::load());
    Effect::new(move |_| lang.get().apply());
    provide_context(lang);
    lang
}

/// The language signal (for the toggle).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Zh))
}

/// Reactive accessor for the current texts: `let t = use_texts(); move || (t().diary_count)(n)`; plain texts use [`tx`].
pub fn use_texts() -> impl Fn() -> &'static Texts + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || lang.get().texts()
}

/// Every text the UI shows, in one language.
pub struct Texts {
    pub doc_title: &'static str,
    pub portal_suffix: &'static str,
    pub default_company: &'static str,
    pub lang_toggle: &'static str,
    pub lang_toggle_label: &'static str,
    pub sign_out: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    /// Load the newest copy (after someone else changed what is being edited).
    pub reload_newest: &'static str,
    pub back: &'static str,
    pub close: &'static str,
    pub cancel: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub go_home: &'static str,

    // Sign-in
    pub login_title: &'static str,
    pub login_subtitle: &'static str,
    pub tab_password: &'static str,
    pub tab_otp: &'static str,
    pub login_label: &'static str,
    pub login_placeholder: &'static str,
    pub password_label: &'static str,
    pub phone_label: &'static str,
    pub phone_placeholder: &'static str,
    pub code_label: &'static str,
    pub code_placeholder: &'static str,
    pub get_code: &'static str,
    pub resend_in: fn(u32) -> String,
    pub code_sent: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub login_required: &'static str,
    pub phone_invalid: &'static str,
    pub code_invalid: &'static str,
    pub demo_hint: &'static str,
    pub demo_outbox_link: &'static str,

    // The second sign-in factor (staff and admins)
    pub second_factor_label: &'static str,

    // Projects
    pub projects_title: &'static str,
    pub projects_empty: &'static str,
    pub stage_label: &'static str,
    pub crew_label: &'static str,
    pub no_crew: &'static str,
    pub homeowner_label: &'static str,
    pub last_diary: &'static str,
    pub no_diary_yet: &'static str,
    pub diary_count: fn(i64) -> String,
    pub post_today: &'static str,
    pub edit_today: &'static str,
    pub view_diary: &'static str,
    pub progress_link: &'static str,
    pub quotes_link: &'static str,
    pub inspect_link: &'static str,
    pub checklists_link: &'static str,
    pub service_link: &'static str,
    pub queue_link: &'static str,
    pub feedback_link: &'static str,
    pub board_link: &'static str,
    pub period: &'static str,

    // Timeline
    pub diary_title: &'static str,
    pub timeline_empty: &'static str,
    pub load_more: &'static str,
    pub end_of_timeline: &'static str,
    pub weather_label: &'static str,
    pub work_done_label: &'static str,
    pub trades_label: &'static str,
    pub people_total: fn(u32) -> String,
    pub people: fn(u32) -> String,
    pub materials_label: &'static str,
    pub problems_label: &'static str,
    pub photos_label: &'static str,
    pub author_label: &'static str,
    pub edited: &'static str,
    pub history_title: &'static str,
    pub history_empty: &'static str,
    pub revision: fn(i64) -> String,
    pub replaced_at: &'static str,
    pub edit: &'static str,

    // Viewer
    pub view_original: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub photo_alt: &'static str,

    // Form
    pub new_entry_title: &'static str,
    pub edit_entry_title: &'static str,
    pub today_exists: &'static str,
    pub diary_closed: &'static str,
    pub cannot_post: &'static str,
    pub work_done_placeholder: &'static str,
    pub materials_placeholder: &'static str,
    pub problems_placeholder: &'static str,
    pub add_trade: &'static str,
    pub remove: &'static str,
    pub fewer: &'static str,
    pub more: &'static str,
    pub pick_photos: &'static str,
    pub take_photo: &'static str,
    pub photos_hint: fn(usize, usize) -> String,
    pub too_many_photos: fn(usize) -> String,
    pub file_too_big: fn(&str) -> String,
    pub uploading: &'static str,
    pub upload_failed: &'static str,
    pub waiting: &'static str,
    pub submit: &'static str,
    pub saving: &'static str,
    pub wait_uploads: &'static str,
    pub fix_photos: &'static str,
    pub work_done_required: &'static str,
    pub trades_invalid: &'static str,

    // Outbox
    pub outbox_title: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_empty: &'static str,
    pub refresh: &'static str,
    pub to_label: &'static str,

    pub weather: fn(Weather) -> &'static str,
    pub trades: fn(Trade) -> &'static str,
    pub stages: fn(Stage) -> &'static str,
    pub roles: fn(Role) -> &'static str,
    /// Every error code in words (a code left out is a compile error).
    pub errors: fn(ErrorCode) -> &'static str,
    /// A wrong one-time code, with the tries left.
    pub code_wrong: fn(u32) -> String,
    /// The name of an input field the server or a form may refuse, if the UI knows it.
    pub field_label: fn(&str) -> Option<&'static str>,
    /// Why a field was refused, as a sentence: `(label, unit, reason, limit)`; without a
    /// label the sentence still says what is wrong.
    pub field_reason: fn(Option<&str>, Unit, FieldReason, Option<u32>) -> String,
    pub network_error: &'static str,
    pub unexpected_error: &'static str,
    /// Formats a site day, e.g. "11月3日 周二" / "Tue 3 Nov".
    pub date: fn(NaiveDate) -> String,
    /// Formats a moment in the browser's time zone.
    pub date_time: fn(DateTime<Utc>) -> String,
}

impl Texts {
    pub fn weather(&self, w: Weather) -> &'static str {
        (self.weather)(w)
    }

    pub fn trade(&self, tr: Trade) -> &'static str {
        (self.trades)(tr)
    }

    pub fn stage(&self, s: Stage) -> &'static str {
        (self.stages)(s)
    }

    pub fn role(&self, r: Role) -> &'static str {
        (self.roles)(r)
    }

    pub fn error(&self, code: ErrorCode) -> &'static str {
        (self.errors)(code)
    }
}

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

fn zh_weather(w: Weather) -> &'static str {
    match w {
        Weather::Sunny => "晴",
        Weather::Cloudy => "多云",
        Weather::Overcast => "阴",
        Weather::Rain => "雨",
        Weather::Snow => "雪",
    }
}

fn en_weather(w: Weather) -> &'static str {
    match w {
        Weather::Sunny => "Sunny",
        Weather::Cloudy => "Cloudy",
        Weather::Overcast => "Overcast",
        Weather::Rain => "Rain",
        Weather::Snow => "Snow",
    }
}

fn zh_trade(t: Trade) -> &'static str {
    match t {
        Trade::PlumberElectrician => "水电工",
        Trade::Mason => "泥瓦工",
        Trade::Carpenter => "木工",
        Trade::Painter => "油漆工",
        Trade::Installer => "安装工",
        Trade::Labourer => "杂工",
    }
}

fn en_trade(t: Trade) -> &'static str {
    match t {
        Trade::PlumberElectrician => "Plumber & electrician",
        Trade::Mason => "Mason",
        Trade::Carpenter => "Carpenter",
        Trade::Painter => "Painter",
        Trade::Installer => "Installer",
        Trade::Labourer => "Labourer",
    }
}

fn zh_stage(s: Stage) -> &'static str {
    match s {
        Stage::Consultation => "咨询",
        Stage::Measurement => "量房",
        Stage::Design => "设计报价",
        Stage::Contract => "签约",
        Stage::Construction => "施工",
        Stage::Acceptance => "竣工验收",
        Stage::Handover => "交付",
        Stage::Warranty => "质保",
    }
}

fn en_stage(s: Stage) -> &'static str {
    match s {
        Stage::Consultation => "Consultation",
        Stage::Measurement => "Measurement",
        Stage::Design => "Design & quote",
        Stage::Contract => "Contract",
        Stage::Construction => "Construction",
        Stage::Acceptance => "Acceptance",
        Stage::Handover => "Handover",
        Stage::Warranty => "Warranty",
    }
}

fn zh_role(r: Role) -> &'static str {
    match r {
        Role::Homeowner => "业主",
        Role::Crew => "施工班组",
        Role::Staff => "客服专员",
        Role::Admin => "管理员",
    }
}

fn en_role(r: Role) -> &'static str {
    match r {
        Role::Homeowner => "Homeowner",
        Role::Crew => "Crew",
        Role::Staff => "Customer service",
        Role::Admin => "Admin",
    }
}

fn zh_error(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "请求有误，请刷新页面后重试。",
        ErrorCode::Validation => "填写的内容有误，请检查。",
        ErrorCode::Unauthenticated => "登录已过期，请重新登录。",
        ErrorCode::InvalidCredentials => "账号或密码不正确。",
        ErrorCode::Forbidden => "您没有权限进行此操作。",
        ErrorCode::SecondFactorRequired => "请输入验证码。",
        ErrorCode::SecondFactorSetupRequired => {
            "请先开启两步验证：点顶部您的名字，进入“账号安全”。"
        }
        ErrorCode::CrossOrigin => "请求来源不受信任，请刷新页面后重试。",
        ErrorCode::NotFound => "内容不存在，或您无权查看。",
        ErrorCode::Conflict => "情况刚刚有了变化，这一步现在不能做。请刷新页面查看最新状态。",
        ErrorCode::AlreadyExists => "这项内容已经提交过了，不能重复提交。刷新页面即可查看或修改。",
        ErrorCode::EditWindowClosed => "已经过了可以修改的时间，现在不能再改了。",
        ErrorCode::SlotFull => "这个时间段刚被约满了，请换一个时间。",
        ErrorCode::ReworkOpen => "还有未完成的整改，整改全部关闭后才能验收通过。",
        ErrorCode::CodeWrong => "验证码不对，请检查后重新输入。",
        ErrorCode::CodeExpired => "验证码已过期或已用过，请重新获取。",
        ErrorCode::StaleRevision => "这条内容刚被别人改过，请重新加载后再改。",
        ErrorCode::NeedsApproval => "这次变更需要经理先审批，审批通过后才能继续。",
        ErrorCode::PayloadTooLarge => "照片太大：不能超过 20 MB 或 4000 万像素。",
        ErrorCode::UnsupportedMediaType => "不支持这种文件，请上传 JPG、PNG 或 WebP 照片。",
        ErrorCode::CorruptImage => "照片已损坏，无法读取。",
        ErrorCode::RateLimited => "尝试次数太多，请稍后再试。",
        ErrorCode::MethodNotAllowed => "这个操作不被支持，请刷新页面后再试。",
        ErrorCode::Unavailable => "服务器正忙，请稍后再试一次。",
        ErrorCode::StorageFull => "服务器存储空间已满，这次没有保存。请稍后再试。",
        ErrorCode::Internal => "服务器开小差了，请稍后再试。",
    }
}

fn en_error(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BadRequest => "The request was not understood. Reload the page and try again.",
        ErrorCode::Validation => "Some of what you entered is not valid. Please check it.",
        ErrorCode::Unauthenticated => "Your session has ended. Please sign in again.",
        ErrorCode::InvalidCredentials => "The login and password do not match.",
        ErrorCode::Forbidden => "You are not allowed to do that.",
        ErrorCode::SecondFactorRequired => "Enter the code.",
        ErrorCode::SecondFactorSetupRequired => {
            "Set up two-step sign-in first: tap your name at the top, then Account security."
        }
        ErrorCode::CrossOrigin => "The request came from an untrusted page. Reload and try again.",
        ErrorCode::NotFound => "Not found, or you may not see it.",
        ErrorCode::Conflict => {
            "Things changed in the meantime and this step is not open now. Reload to see the latest."
        }
        ErrorCode::AlreadyExists => {
            "That has already been sent and can't be sent twice. Reload to see or change it."
        }
        ErrorCode::EditWindowClosed => "The time for changes has passed; this can't be edited any more.",
        ErrorCode::SlotFull => "That time slot has just filled up; please pick another.",
        ErrorCode::ReworkOpen => "Rework is still open; the node can pass once all of it is closed.",
        ErrorCode::CodeWrong => "That code is not right; please check it and try again.",
        ErrorCode::CodeExpired => "That code has expired or was already used; please ask for a new one.",
        ErrorCode::StaleRevision => {
            "Someone changed this just now; reload it and make your change again."
        }
        ErrorCode::NeedsApproval => {
            "This change needs a manager's approval first; you can go on once it is approved."
        }
        ErrorCode::PayloadTooLarge => "The photo is too large: at most 20 MB and 40 megapixels.",
        ErrorCode::UnsupportedMediaType => {
            "That file type is not supported. Upload JPG, PNG or WebP photos."
        }
        ErrorCode::CorruptImage => "The photo is damaged and can't be read.",
        ErrorCode::RateLimited => "Too many attempts. Please wait a moment and try again.",
        ErrorCode::MethodNotAllowed => "That action is not supported. Please reload the page and try again.",
        ErrorCode::Unavailable => "The server is busy. Please try again in a moment.",
        ErrorCode::StorageFull => "The server's storage is full, so nothing was saved. Please try again later.",
        ErrorCode::Internal => "Something went wrong on our side. Please try again later.",
    }
}

fn zh_code_wrong(tries_left: u32) -> String {
    if tries_left == 0 {
        "验证码不对，已经没有重试机会了，请重新获取。".to_string()
    } else {
        format!("验证码不对，还可以再试 {tries_left} 次。")
    }
}

fn en_code_wrong(tries_left: u32) -> String {
    match tries_left {
        0 => "That code is not right and no tries are left; please ask for a new one.".to_string(),
        1 => "That code is not right; 1 try left.".to_string(),
        n => format!("That code is not right; {n} tries left."),
    }
}

fn zh_field_label(field: &str) -> Option<&'static str> {
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

fn en_field_label(field: &str) -> Option<&'static str> {
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
fn zh_field_reason(
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
fn en_count(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Why a field was refused, in English: "{label}: {why}".
fn en_field_reason(
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

const ZH_WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const EN_WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Local wall-clock parts of a UTC moment: (year, month 1–12, day, hour, minute).
fn local_parts(at: DateTime<Utc>) -> (u32, u32, u32, u32, u32) {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    (
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
    )
}

/// The year shown on screen, this year's dates go without it.
fn this_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

fn zh_date(d: NaiveDate) -> String {
    let wd = ZH_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    if d.year() == this_year() {
        format!("{}月{}日 {wd}", d.month(), d.day())
    } else {
        format!("{}年{}月{}日 {wd}", d.year(), d.month(), d.day())
    }
}

fn en_date(d: NaiveDate) -> String {
    let wd = EN_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    let m = EN_MONTHS[d.month0() as usize];
    if d.year() == this_year() {
        format!("{wd} {} {m}", d.day())
    } else {
        format!("{wd} {} {m} {}", d.day(), d.year())
    }
}

fn zh_date_time(at: DateTime<Utc>) -> String {
    let (y, mo, d, h, mi) = local_parts(at);
    if y as i32 == this_year() {
        format!("{mo}月{d}日 {h:02}:{mi:02}")
    } else {
        format!("{y}年{mo}月{d}日 {h:02}:{mi:02}")
    }
}

fn en_date_time(at: DateTime<Utc>) -> String {
    let (y, mo, d, h, mi) = local_parts(at);
    let m = EN_MONTHS[(mo.clamp(1, 12) - 1) as usize];
    if y as i32 == this_year() {
        format!("{d} {m} {h:02}:{mi:02}")
    } else {
        format!("{d} {m} {y} {h:02}:{mi:02}")
    }
}

/// Simplified Chinese (default).
pub const ZH: Texts = Texts {
    doc_title: "匠心家装 · 业主服务",
    portal_suffix: "业主服务",
    default_company: "匠心家装",
    lang_toggle: "EN",
    lang_toggle_label: "Switch to English",
    sign_out: "退出登录",
    loading: "加载中…",
    retry: "重试",
    reload_newest: "重新加载",
    back: "返回",
    close: "关闭",
    cancel: "取消",
    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移除。",
    go_home: "回到首页",

    login_title: "登录",
    login_subtitle: "查看工地日记与现场照片",
    tab_password: "密码登录",
    tab_otp: "验证码登录",
    login_label: "手机号或邮箱",
    login_placeholder: "请输入手机号或邮箱",
    password_label: "密码",
    phone_label: "手机号",
    phone_placeholder: "请输入11位手机号",
    code_label: "验证码",
    code_placeholder: "6位数字验证码",
    get_code: "获取验证码",
    resend_in: |s| format!("{s} 秒后重发"),
    code_sent: "验证码已发送，请查收短信。",
    sign_in: "登录",
    signing_in: "正在登录…",
    login_required: "请填写账号和密码。",
    phone_invalid: "手机号格式不正确：应为以13–19开头的11位数字。",
    code_invalid: "验证码为6位数字。",
    demo_hint: "演示环境：验证码不会真的发短信，",
    demo_outbox_link: "到演示消息箱查看",
    second_factor_label: "身份验证器 App 的 6 位验证码或恢复码",

    projects_title: "我的项目",
    projects_empty: "暂时没有可查看的项目。",
    stage_label: "进度",
    crew_label: "施工班组",
    no_crew: "尚未分配",
    homeowner_label: "业主",
    last_diary: "最近日记",
    no_diary_yet: "暂无日记",
    diary_count: |n| format!("共 {n} 篇日记"),
    post_today: "写今日日记",
    edit_today: "修改今日日记",
    view_diary: "查看工地日记",
    progress_link: "节点验收",
    quotes_link: "方案报价",
    inspect_link: "记录验收",
    checklists_link: "验收清单设置",
    service_link: "售后服务",
    queue_link: "服务队列",
    feedback_link: "评价与回访",
    board_link: "质量红黑榜",
    period: "工期",

    diary_title: "工地日记",
    timeline_empty: "还没有工地日记。开工后，施工班组每天都会在这里更新。",
    load_more: "加载更多",
    end_of_timeline: "已经到底了",
    weather_label: "天气",
    work_done_label: "今日完成工作",
    trades_label: "在场工种",
    people_total: |n| format!("共 {n} 人"),
    people: |n| format!("{n} 人"),
    materials_label: "材料进场",
    problems_label: "发现的问题",
    photos_label: "现场照片",
    author_label: "记录人",
    edited: "已编辑",
    history_title: "修改记录",
    history_empty: "没有更早的版本。",
    revision: |n| format!("第 {n} 版"),
    replaced_at: "被替换于",
    edit: "修改",

    view_original: "查看原图",
    prev: "上一张",
    next: "下一张",
    photo_alt: "工地照片",

    new_entry_title: "写今日日记",
    edit_entry_title: "修改日记",
    today_exists: "今天的日记已经写过了，可以去编辑它。",
    diary_closed: "日记只能在当天修改，现在已经不能修改了。",
    cannot_post: "您不能为这个项目写日记。",
    work_done_placeholder: "例如：厨房、卫生间水电开槽布管",
    materials_placeholder: "例如：PPR水管 30 根、电线 10 卷",
    problems_placeholder: "没有可不填",
    add_trade: "添加工种",
    remove: "移除",
    fewer: "减少",
    more: "增加",
    pick_photos: "从相册选择",
    take_photo: "拍照",
    photos_hint: |n, max| format!("已选 {n} / {max} 张，每张不超过 20 MB"),
    too_many_photos: |max| format!("每篇日记最多 {max} 张照片，多出的照片未添加。"),
    file_too_big: |name| format!("“{name}”超过 20 MB，无法上传。"),
    uploading: "上传中",
    upload_failed: "上传失败",
    waiting: "等待上传",
    submit: "发布日记",
    saving: "正在保存…",
    wait_uploads: "照片上传完成后才能发布。",
    fix_photos: "请先移除上传失败的照片。",
    work_done_required: "请填写今日完成的工作。",
    trades_invalid: "每个工种只能填一次，人数为 1–99。",

    outbox_title: "演示消息箱",
    outbox_intro: "演示环境不会真的发送短信，发给用户的验证码会出现在这里。",
    outbox_empty: "还没有消息。",
    refresh: "刷新",
    to_label: "收件人",

    weather: zh_weather,
    trades: zh_trade,
    stages: zh_stage,
    roles: zh_role,
    errors: zh_error,
    code_wrong: zh_code_wrong,
    field_label: zh_field_label,
    field_reason: zh_field_reason,
    network_error: "网络连接失败，请检查网络后重试。",
    unexpected_error: "出现了意外错误，请稍后再试。",
    date: zh_date,
    date_time: zh_date_time,
};

/// English.
pub const EN: Texts = Texts {
    doc_title: "Customer portal",
    portal_suffix: "Customer portal",
    default_company: "Jiangxin Renovation",
    lang_toggle: "中文",
    lang_toggle_label: "切换到中文",
    sign_out: "Sign out",
    loading: "Loading…",
    retry: "Try again",
    reload_newest: "Reload",
    back: "Back",
    close: "Close",
    cancel: "Cancel",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or was removed.",
    go_home: "Go to the start page",

    login_title: "Sign in",
    login_subtitle: "Follow your site's diary and photos",
    tab_password: "Password",
    tab_otp: "One-time code",
    login_label: "Phone or email",
    login_placeholder: "Your phone number or email",
    password_label: "Password",
    phone_label: "Phone number",
    phone_placeholder: "11-digit mobile number",
    code_label: "Code",
    code_placeholder: "6-digit code",
    get_code: "Send code",
    resend_in: |s| format!("Resend in {s} s"),
    code_sent: "Code sent. Check your text messages.",
    sign_in: "Sign in",
    signing_in: "Signing in…",
    login_required: "Enter your login and password.",
    phone_invalid: "That phone number is not valid: 11 digits starting with 13–19.",
    code_invalid: "The code has 6 digits.",
    demo_hint: "Demo: no text message is really sent — ",
    demo_outbox_link: "read it in the demo outbox",
    second_factor_label: "Authenticator app code (6 digits) or a recovery code",

    projects_title: "My projects",
    projects_empty: "There are no projects to show yet.",
    stage_label: "Stage",
    crew_label: "Crew",
    no_crew: "Not assigned yet",
    homeowner_label: "Homeowner",
    last_diary: "Latest diary",
    no_diary_yet: "No diary yet",
    diary_count: |n| {
        if n == 1 {
            "1 diary entry".to_string()
        } else {
            format!("{n} diary entries")
        }
    },
    post_today: "Post today's diary",
    edit_today: "Edit today's diary",
    view_diary: "Open site diary",
    progress_link: "Inspections",
    quotes_link: "Quotes",
    inspect_link: "Record inspection",
    checklists_link: "Inspection checklists",
    service_link: "After-sales service",
    queue_link: "Service queue",
    feedback_link: "Ratings & surveys",
    board_link: "Quality leaderboard",
    period: "Schedule",

    diary_title: "Site diary",
    timeline_empty: "No diary entries yet. Once work starts, the crew posts here every day.",
    load_more: "Load more",
    end_of_timeline: "That's everything",
    weather_label: "Weather",
    work_done_label: "Work done today",
    trades_label: "Trades on site",
    people_total: |n| {
        if n == 1 {
            "1 person".to_string()
        } else {
            format!("{n} people")
        }
    },
    people: |n| format!("{n}"),
    materials_label: "Materials delivered",
    problems_label: "Problems found",
    photos_label: "Site photos",
    author_label: "Posted by",
    edited: "edited",
    history_title: "Edit history",
    history_empty: "No earlier versions.",
    revision: |n| format!("Version {n}"),
    replaced_at: "replaced",
    edit: "Edit",

    view_original: "View original",
    prev: "Previous",
    next: "Next",
    photo_alt: "Site photo",

    new_entry_title: "Today's diary",
    edit_entry_title: "Edit diary entry",
    today_exists: "Today's entry has already been written; you can edit it.",
    diary_closed: "Entries can only be edited on their own day; this one is closed now.",
    cannot_post: "You cannot post a diary for this project.",
    work_done_placeholder: "e.g. cut channels and laid pipes in kitchen and bathroom",
    materials_placeholder: "e.g. 30 PPR pipes, 10 rolls of cable",
    problems_placeholder: "Leave empty if none",
    add_trade: "Add trade",
    remove: "Remove",
    fewer: "Fewer",
    more: "More",
    pick_photos: "Choose photos",
    take_photo: "Take photo",
    photos_hint: |n, max| format!("{n} of {max} photos, up to 20 MB each"),
    too_many_photos: |max| {
        format!("At most {max} photos per entry; the extra ones were not added.")
    },
    file_too_big: |name| {
        format!("\u{201c}{name}\u{201d} is larger than 20 MB and can't be uploaded.")
    },
    uploading: "Uploading",
    upload_failed: "Upload failed",
    waiting: "Waiting",
    submit: "Post diary",
    saving: "Saving…",
    wait_uploads: "You can post once the photos have uploaded.",
    fix_photos: "Remove the photos that failed to upload first.",
    work_done_required: "Say what was done today.",
    trades_invalid: "Each trade once, with 1 to 99 people.",

    outbox_title: "Demo outbox",
    outbox_intro: "The demo sends no real text messages; sign-in codes show up here instead.",
    outbox_empty: "No messages yet.",
    refresh: "Refresh",
    to_label: "To",

    weather: en_weather,
    trades: en_trade,
    stages: en_stage,
    roles: en_role,
    errors: en_error,
    code_wrong: en_code_wrong,
    field_label: en_field_label,
    field_reason: en_field_reason,
    network_error: "Could not reach the server. Check your connection and try again.",
    unexpected_error: "Something unexpected happened. Please try again later.",
    date: en_date,
    date_time: en_date_time,
};

/// A reactive text (node or attribute value) in the current language: `{tx(|t| t.sign_in)}`.
///
/// Every call site shares this one closure type, so the view code behind it is generated
/// once instead of once per text, which keeps the wasm bundle within its size budget.
pub fn tx(pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let lang = use_lang();
    move || pick(lang.get().texts())
}
