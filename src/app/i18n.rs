//! The one translation layer every page uses: Chinese by default, English on request.
//!
//! Each language is a `const Texts`; a field left out of one of them is a compile error, so a
//! missing translation can never ship.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use leptos::prelude::*;

use crate::domain::auth::Role;
use crate::domain::diary::{Trade, Weather};
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
    pub text_too_long: fn(usize) -> String,
    pub trades_invalid: &'static str,

    // Outbox
    pub outbox_title: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_empty: &'static str,
    pub refresh: &'static str,
    pub to_label: &'static str,

    /// Weather, in `Weather::ALL` order.
    pub weather: [&'static str; 5],
    /// Trades, in `Trade::ALL` order.
    pub trades: [&'static str; 6],
    /// Stages, in `Stage::ALL` order.
    pub stages: [&'static str; 8],
    /// Roles: homeowner, crew, staff, admin.
    pub roles: [&'static str; 4],
    /// Error codes, in the order of `error_index`.
    pub errors: [&'static str; 14],
    pub network_error: &'static str,
    pub unexpected_error: &'static str,
    /// Formats a site day, e.g. "11月3日 周二" / "Tue 3 Nov".
    pub date: fn(NaiveDate) -> String,
    /// Formats a moment in the browser's time zone.
    pub date_time: fn(DateTime<Utc>) -> String,
}

impl Texts {
    pub fn weather(&self, w: Weather) -> &'static str {
        let i = Weather::ALL.iter().position(|x| *x == w).unwrap_or(0);
        self.weather[i]
    }

    pub fn trade(&self, tr: Trade) -> &'static str {
        let i = Trade::ALL.iter().position(|x| *x == tr).unwrap_or(0);
        self.trades[i]
    }

    pub fn stage(&self, s: Stage) -> &'static str {
        self.stages[s.index()]
    }

    pub fn role(&self, r: Role) -> &'static str {
        self.roles[match r {
            Role::Homeowner => 0,
            Role::Crew => 1,
            Role::Staff => 2,
            Role::Admin => 3,
        }]
    }

    pub fn error(&self, code: ErrorCode) -> &'static str {
        self.errors[error_index(code)]
    }
}

fn error_index(code: ErrorCode) -> usize {
    match code {
        ErrorCode::BadRequest => 0,
        ErrorCode::Validation => 1,
        ErrorCode::Unauthenticated => 2,
        ErrorCode::InvalidCredentials => 3,
        ErrorCode::Forbidden => 4,
        ErrorCode::CrossOrigin => 5,
        ErrorCode::NotFound => 6,
        ErrorCode::Conflict => 7,
        ErrorCode::EditWindowClosed => 8,
        ErrorCode::PayloadTooLarge => 9,
        ErrorCode::UnsupportedMediaType => 10,
        ErrorCode::CorruptImage => 11,
        ErrorCode::RateLimited => 12,
        ErrorCode::Internal => 13,
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

fn zh_date(d: NaiveDate) -> String {
    let wd = ZH_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    format!("{}月{}日 {wd}", d.month(), d.day())
}

fn en_date(d: NaiveDate) -> String {
    let wd = EN_WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    let m = EN_MONTHS[d.month0() as usize];
    format!("{wd} {} {m}", d.day())
}

fn zh_date_time(at: DateTime<Utc>) -> String {
    let (_, mo, d, h, mi) = local_parts(at);
    format!("{mo}月{d}日 {h:02}:{mi:02}")
}

fn en_date_time(at: DateTime<Utc>) -> String {
    let (_, mo, d, h, mi) = local_parts(at);
    let m = EN_MONTHS[(mo.clamp(1, 12) - 1) as usize];
    format!("{d} {m} {h:02}:{mi:02}")
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
    today_exists: "今天的日记已经写过了，可以修改它。",
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
    text_too_long: |n| format!("内容太长，最多 {n} 字。"),
    trades_invalid: "每个工种只能填一次，人数为 1–99。",

    outbox_title: "演示消息箱",
    outbox_intro: "演示环境不会真的发送短信，发给用户的验证码会出现在这里。",
    outbox_empty: "还没有消息。",
    refresh: "刷新",
    to_label: "收件人",

    weather: ["晴", "多云", "阴", "雨", "雪"],
    trades: ["水电工", "泥瓦工", "木工", "油漆工", "安装工", "杂工"],
    stages: [
        "咨询",
        "量房",
        "设计报价",
        "签约",
        "施工",
        "竣工验收",
        "交付",
        "质保",
    ],
    roles: ["业主", "施工班组", "客服专员", "管理员"],
    errors: [
        "请求有误，请刷新页面后重试。",
        "填写的内容有误，请检查。",
        "登录已过期，请重新登录。",
        "账号或密码（验证码）不正确。",
        "您没有权限进行此操作。",
        "请求来源不受信任，请刷新页面后重试。",
        "内容不存在，或您无权查看。",
        "与当前状态冲突：今天的日记可能已经写过了。",
        "日记只能在当天修改，现在已经不能修改了。",
        "照片太大：不能超过 20 MB 或 4000 万像素。",
        "不支持这种文件，请上传 JPG、PNG 或 WebP 照片。",
        "照片已损坏，无法读取。",
        "尝试次数太多，请稍后再试。",
        "服务器开小差了，请稍后再试。",
    ],
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
    today_exists: "Today's entry already exists; you can edit it.",
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
    text_too_long: |n| format!("Too long: at most {n} characters."),
    trades_invalid: "Each trade once, with 1 to 99 people.",

    outbox_title: "Demo outbox",
    outbox_intro: "The demo sends no real text messages; sign-in codes show up here instead.",
    outbox_empty: "No messages yet.",
    refresh: "Refresh",
    to_label: "To",

    weather: ["Sunny", "Cloudy", "Overcast", "Rain", "Snow"],
    trades: [
        "Plumber & electrician",
        "Mason",
        "Carpenter",
        "Painter",
        "Installer",
        "Labourer",
    ],
    stages: [
        "Consultation",
        "Measurement",
        "Design & quote",
        "Contract",
        "Construction",
        "Acceptance",
        "Handover",
        "Warranty",
    ],
    roles: ["Homeowner", "Crew", "Customer service", "Admin"],
    errors: [
        "The request was not understood. Reload the page and try again.",
        "Some of what you entered is not valid. Please check it.",
        "Your session has ended. Please sign in again.",
        "The login and password (or code) do not match.",
        "You are not allowed to do that.",
        "The request came from an untrusted page. Reload and try again.",
        "Not found, or you may not see it.",
        "That conflicts with what is already there: today's entry may exist already.",
        "Entries can only be edited on their own day; this one is closed now.",
        "The photo is too large: at most 20 MB and 40 megapixels.",
        "That file type is not supported. Upload JPG, PNG or WebP photos.",
        "The photo is damaged and can't be read.",
        "Too many attempts. Please wait a moment and try again.",
        "Something went wrong on our side. Please try again later.",
    ],
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
