//! Texts of the ratings, leaderboard and survey screens, in both languages.

use crate::app::i18n::{text, use_catalog, Catalog};
use crate::app::pages::inspections::texts::InspectionTexts;
use crate::domain::ratings::{RatingTarget, ScoreComponent, ScoreFigure as F, ScorePart};
use crate::domain::surveys::{SurveyAspect, SurveyKind, SurveyStatus};

/// Every text of these screens, in one language.
pub struct FeedbackTexts {
    pub title: &'static str,
    pub back_to_diary: &'static str,
    pub rate_crew: &'static str,
    pub rate_hint: &'static str,
    pub not_ready: &'static str,
    pub dimensions: [&'static str; 4],
    pub comment: &'static str,
    pub save_rating: &'static str,
    pub saved: &'static str,
    /// A change refused because the rating was changed meanwhile (another device).
    pub stale_rating: &'static str,
    pub editable_until: &'static str,
    pub choose_all: &'static str,
    pub surveys: &'static str,
    pub surveys_after_handover: &'static str,
    pub survey_status: fn(SurveyStatus) -> &'static str,
    pub due_on: &'static str,
    pub aspects: fn(SurveyAspect) -> &'static str,
    pub survey_kinds: fn(SurveyKind) -> &'static str,
    /// What a rating is for: a node (named as on the inspections page) or the handover.
    pub targets: fn(RatingTarget) -> &'static str,
    pub nps: &'static str,
    pub suggestions: &'static str,
    pub send_survey: &'static str,
    pub thanks: &'static str,
    pub red_list: &'static str,
    pub black_list: &'static str,
    pub own_crew: &'static str,
    pub board_title: &'static str,
    pub full_table: &'static str,
    pub week: &'static str,
    pub published: &'static str,
    pub live: &'static str,
    pub score: &'static str,
    pub ratings_n: fn(u32) -> String,
    pub explain: &'static str,
    pub components: fn(ScoreComponent) -> &'static str,
    /// How one part of a score came about, as a sentence from its figures.
    pub explain_part: fn(&ScorePart) -> String,
    /// How the parts make the score.
    pub method: &'static str,
    pub weight: &'static str,
    pub sub_score: &'static str,
    pub contribution: &'static str,
    pub trend: &'static str,
    pub publish_last: &'static str,
    pub results_title: &'static str,
    pub satisfaction: &'static str,
    pub response_rate: &'static str,
    pub overdue_calls: &'static str,
    pub weakest: &'static str,
    pub comments: &'static str,
    pub none: &'static str,
}

fn zh_survey_status(x: SurveyStatus) -> &'static str {
    match x {
        SurveyStatus::Upcoming => "未开始",
        SurveyStatus::Due => "待填写",
        SurveyStatus::Overdue => "已逾期",
        SurveyStatus::Answered => "已完成",
    }
}

fn en_survey_status(x: SurveyStatus) -> &'static str {
    match x {
        SurveyStatus::Upcoming => "Upcoming",
        SurveyStatus::Due => "Due",
        SurveyStatus::Overdue => "Overdue",
        SurveyStatus::Answered => "Answered",
    }
}

fn zh_aspect(x: SurveyAspect) -> &'static str {
    match x {
        SurveyAspect::Design => "设计",
        SurveyAspect::ConstructionQuality => "施工质量",
        SurveyAspect::Crew => "施工班组",
        SurveyAspect::CustomerService => "客服",
        SurveyAspect::AfterSales => "售后",
    }
}

fn en_aspect(x: SurveyAspect) -> &'static str {
    match x {
        SurveyAspect::Design => "Design",
        SurveyAspect::ConstructionQuality => "Construction quality",
        SurveyAspect::Crew => "Crew",
        SurveyAspect::CustomerService => "Customer service",
        SurveyAspect::AfterSales => "After-sales",
    }
}

fn zh_survey_kind(x: SurveyKind) -> &'static str {
    match x {
        SurveyKind::OneWeek => "交付一周回访",
        SurveyKind::OneMonth => "一个月回访",
        SurveyKind::ThreeMonths => "三个月回访",
        SurveyKind::HalfYearly => "半年回访",
    }
}

fn en_survey_kind(x: SurveyKind) -> &'static str {
    match x {
        SurveyKind::OneWeek => "One week after handover",
        SurveyKind::OneMonth => "One month after handover",
        SurveyKind::ThreeMonths => "Three months after handover",
        SurveyKind::HalfYearly => "Half-yearly check-in",
    }
}

fn zh_target(x: RatingTarget) -> &'static str {
    match x {
        RatingTarget::Node(kind) => InspectionTexts::ZH.node(kind),
        RatingTarget::Handover => "交付",
    }
}

fn en_target(x: RatingTarget) -> &'static str {
    match x {
        RatingTarget::Node(kind) => InspectionTexts::EN.node(kind),
        RatingTarget::Handover => "Handover",
    }
}

/// Milli-stars as stars with two decimals.
fn stars(milli: i64) -> String {
    format!("{:.2}", milli as f64 / 1000.0)
}

fn zh_explain(p: &ScorePart) -> String {
    let f = |x| p.figure(x);
    match p.name {
        ScoreComponent::Customer if f(F::Ratings) == 0 => format!(
            "本周没有业主评分，按全公司平均 {} 星计。",
            stars(f(F::PriorMeanMilli))
        ),
        ScoreComponent::Customer => format!(
            "本周 {} 条业主评分，平均 {} 星。评分少时容易偶然偏高偏低，所以先与 {} 条全公司平均分（{} 星）放在一起平均，得 {} 星。",
            f(F::Ratings),
            stars(f(F::MeanMilli)),
            f(F::PriorWeight),
            stars(f(F::PriorMeanMilli)),
            stars(f(F::SmoothedMilli))
        ),
        ScoreComponent::FirstPass if f(F::InspectionsTotal) == 0 => {
            "本周没有验收，按中间分计。".to_string()
        }
        ScoreComponent::FirstPass => format!(
            "本周验收 {} 次，其中 {} 次一次通过。",
            f(F::InspectionsTotal),
            f(F::InspectionsFirstPass)
        ),
        ScoreComponent::ReworkOnTime if f(F::ReworkTotal) == 0 => {
            "本周没有整改，按满分计。".to_string()
        }
        ScoreComponent::ReworkOnTime => format!(
            "本周整改 {} 项，其中 {} 项在 48 小时内完成。",
            f(F::ReworkTotal),
            f(F::ReworkOnTime)
        ),
        ScoreComponent::Complaints => format!(
            "本周投诉 {} 起，在建项目 {} 个；每个项目每周一起投诉即扣完这一项。",
            f(F::Complaints),
            f(F::ActiveProjects)
        ),
        ScoreComponent::Delays => format!(
            "本周延误共 {} 天，在建项目 {} 个；按延误的项目天数所占比例扣分。",
            f(F::DelayDays),
            f(F::ActiveProjects)
        ),
    }
}

fn en_explain(p: &ScorePart) -> String {
    let f = |x| p.figure(x);
    match p.name {
        ScoreComponent::Customer if f(F::Ratings) == 0 => format!(
            "No homeowner ratings this week: the company-wide average of {} stars counts.",
            stars(f(F::PriorMeanMilli))
        ),
        ScoreComponent::Customer => format!(
            "{} homeowner ratings this week, {} stars on average. Few ratings can be high or low by chance, so they are averaged together with {} ratings at the company average ({} stars): {} stars.",
            f(F::Ratings),
            stars(f(F::MeanMilli)),
            f(F::PriorWeight),
            stars(f(F::PriorMeanMilli)),
            stars(f(F::SmoothedMilli))
        ),
        ScoreComponent::FirstPass if f(F::InspectionsTotal) == 0 => {
            "No inspections this week: the middle score counts.".to_string()
        }
        ScoreComponent::FirstPass => format!(
            "{} inspections this week, {} passed the first time.",
            f(F::InspectionsTotal),
            f(F::InspectionsFirstPass)
        ),
        ScoreComponent::ReworkOnTime if f(F::ReworkTotal) == 0 => {
            "No rework this week: full marks.".to_string()
        }
        ScoreComponent::ReworkOnTime => format!(
            "{} rework items this week, {} closed within 48 hours.",
            f(F::ReworkTotal),
            f(F::ReworkOnTime)
        ),
        ScoreComponent::Complaints => format!(
            "{} complaints this week across {} active projects; one complaint per project in a week takes this part to zero.",
            f(F::Complaints),
            f(F::ActiveProjects)
        ),
        ScoreComponent::Delays => format!(
            "{} days late this week across {} active projects; the share of project-days late is taken off.",
            f(F::DelayDays),
            f(F::ActiveProjects)
        ),
    }
}

fn zh_component(x: ScoreComponent) -> &'static str {
    match x {
        ScoreComponent::Customer => "业主评分",
        ScoreComponent::FirstPass => "验收一次通过率",
        ScoreComponent::ReworkOnTime => "整改按时率",
        ScoreComponent::Complaints => "投诉",
        ScoreComponent::Delays => "延期",
    }
}

fn en_component(x: ScoreComponent) -> &'static str {
    match x {
        ScoreComponent::Customer => "Homeowners' ratings",
        ScoreComponent::FirstPass => "First-pass rate",
        ScoreComponent::ReworkOnTime => "Rework on time",
        ScoreComponent::Complaints => "Complaints",
        ScoreComponent::Delays => "Delays",
    }
}

const ZH: FeedbackTexts = FeedbackTexts {
    title: "评价与回访",
    back_to_diary: "← 工地日记",
    rate_crew: "为施工班组评分",
    rate_hint: "节点签字后和交付时可评分，7天内可修改。",
    not_ready: "节点签字后可评分",
    dimensions: ["施工质量", "准时守约", "整洁文明", "沟通态度"],
    comment: "评价（可选）",
    save_rating: "提交评分",
    saved: "已保存",
    stale_rating:
        "这条评价刚刚改过（也许在您的另一台设备上），这次的修改没有保存。请重新加载后再改。",
    editable_until: "可修改至",
    choose_all: "请为每一项打分。",
    surveys: "满意度回访",
    surveys_after_handover: "交付后开始回访。",
    survey_status: zh_survey_status,
    due_on: "应答日期",
    aspects: zh_aspect,
    survey_kinds: zh_survey_kind,
    targets: zh_target,
    nps: "您有多大可能向亲友推荐我们？（0–10）",
    suggestions: "意见和建议（可选）",
    send_survey: "提交回访",
    thanks: "感谢您的反馈！",
    red_list: "红榜",
    black_list: "黑榜",
    own_crew: "您的施工班组",
    board_title: "质量红黑榜",
    full_table: "全部班组",
    week: "周次",
    published: "已发布",
    live: "实时（未发布）",
    score: "得分",
    ratings_n: |n| format!("{n}条评价"),
    explain: "得分说明",
    components: zh_component,
    explain_part: zh_explain,
    method: "每一项先算出 0 到 10 的分项得分，乘以它的权重后相加，就是 0 到 100 的总分。",
    weight: "权重",
    sub_score: "分项得分",
    contribution: "贡献",
    trend: "近12周走势",
    publish_last: "发布上周榜单",
    results_title: "回访结果",
    satisfaction: "满意度指数",
    response_rate: "回访率",
    overdue_calls: "逾期回访（电话任务）",
    weakest: "评分最低的方面",
    comments: "意见建议",
    none: "暂无",
};

const EN: FeedbackTexts = FeedbackTexts {
    title: "Ratings & surveys",
    back_to_diary: "← Site diary",
    rate_crew: "Rate the crew",
    rate_hint: "Rate after each signed-off node and at handover; you can change it for 7 days.",
    not_ready: "Can be rated once signed off",
    dimensions: ["Quality", "Punctuality", "Tidiness", "Communication"],
    comment: "Comment (optional)",
    save_rating: "Send rating",
    saved: "Saved",
    stale_rating: "This rating was changed just now (perhaps on another of your devices); this change was not saved. Reload and change it again.",
    editable_until: "Editable until",
    choose_all: "Please rate every item.",
    surveys: "Satisfaction surveys",
    surveys_after_handover: "Surveys start after handover.",
    survey_status: en_survey_status,
    due_on: "Due",
    aspects: en_aspect,
    survey_kinds: en_survey_kind,
    targets: en_target,
    nps: "How likely are you to recommend us (0–10)?",
    suggestions: "Suggestions (optional)",
    send_survey: "Send answers",
    thanks: "Thank you for your feedback!",
    red_list: "Red list",
    black_list: "Black list",
    own_crew: "Your crew",
    board_title: "Quality leaderboard",
    full_table: "All crews",
    week: "Week",
    published: "Published",
    live: "Live (not published)",
    score: "Score",
    ratings_n: |n| format!("{n} ratings"),
    explain: "How this score was made",
    components: en_component,
    explain_part: en_explain,
    method: "Each part gets a sub-score from 0 to 10; the sub-scores times their weights add up to the total out of 100.",
    weight: "Weight",
    sub_score: "Sub-score",
    contribution: "Contribution",
    trend: "Last 12 weeks",
    publish_last: "Publish last week",
    results_title: "Survey results",
    satisfaction: "Satisfaction index",
    response_rate: "Response rate",
    overdue_calls: "Overdue surveys (call tasks)",
    weakest: "Lowest-rated aspects",
    comments: "Suggestions",
    none: "None yet",
};

impl FeedbackTexts {
    /// A score part in words.
    pub fn component(&self, c: ScoreComponent) -> &'static str {
        (self.components)(c)
    }
    /// A survey aspect in words.
    pub fn aspect(&self, a: SurveyAspect) -> &'static str {
        (self.aspects)(a)
    }
    /// A survey's status in words.
    pub fn status(&self, s: SurveyStatus) -> &'static str {
        (self.survey_status)(s)
    }
    /// A survey's kind in words ("一个月回访").
    pub fn survey_kind(&self, k: SurveyKind) -> &'static str {
        (self.survey_kinds)(k)
    }
    /// What a rating is for, in words.
    pub fn target(&self, t: RatingTarget) -> &'static str {
        (self.targets)(t)
    }
}

impl Catalog for FeedbackTexts {
    const ZH: &'static Self = &ZH;
    const EN: &'static Self = &EN;
}

/// Reactive accessor.
pub fn use_feedback_texts() -> impl Fn() -> &'static FeedbackTexts + Copy + Send + Sync + 'static {
    use_catalog()
}

/// A reactive plain text, one closure type for every call site (keeps the wasm small).
pub fn ft(
    pick: fn(&FeedbackTexts) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync {
    text(pick)
}

/// A score in points with one decimal: `85.3`.
pub fn points(total_milli: u32) -> String {
    format!("{:.1}", f64::from(total_milli) / 1000.0)
}
