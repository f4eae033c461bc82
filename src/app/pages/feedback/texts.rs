//! Texts of the ratings, leaderboard and survey screens, in both languages.

use crate::app::i18n::{catalog, text, use_catalog, w, Lang, Words};
use crate::domain::ratings::{ScoreComponent, ScoreFigure as F, ScorePart};

/// Every text of these screens, in one language.
pub struct FeedbackTexts {
    /// The language of these texts.
    pub lang: Lang,
    pub dimensions: [&'static str; 4],
    pub ratings_n: fn(u32) -> String,
    /// How one part of a score came about, as a sentence from its figures.
    pub explain_part: fn(&ScorePart) -> String,
    pub title: &'static str,
    pub back_to_diary: &'static str,
    pub rate_crew: &'static str,
    pub rate_hint: &'static str,
    pub not_ready: &'static str,
    pub comment: &'static str,
    pub save_rating: &'static str,
    pub saved: &'static str,
    /// A change refused because the rating was changed meanwhile (another device).
    pub stale_rating: &'static str,
    pub editable_until: &'static str,
    pub choose_all: &'static str,
    pub surveys: &'static str,
    pub surveys_after_handover: &'static str,
    pub due_on: &'static str,
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
    pub explain: &'static str,
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

/// Milli-stars as stars with two decimals.
fn stars(milli: i64) -> String {
    format!("{:.2}", milli as f64 / 1000.0)
}

fn explain(lang: Lang, p: &ScorePart) -> String {
    let f = |x| p.figure(x);
    let (words, args): (Words, &[&dyn std::fmt::Display]) = match p.name {
        ScoreComponent::Customer if f(F::Ratings) == 0 => (
            w(
                "本周没有业主评分，按全公司平均 {} 星计。",
                "No homeowner ratings this week: the company-wide average of {} stars counts.",
            ),
            &[&stars(f(F::PriorMeanMilli))],
        ),
        ScoreComponent::Customer => (
            w(
                "本周 {} 条业主评分，平均 {} 星。评分少时容易偶然偏高偏低，所以先与 {} 条全公司平均分（{} 星）放在一起平均，得 {} 星。",
                "{} homeowner ratings this week, {} stars on average. Few ratings can be high or low by chance, so they are averaged together with {} ratings at the company average ({} stars): {} stars.",
            ),
            &[
                &f(F::Ratings),
                &stars(f(F::MeanMilli)),
                &f(F::PriorWeight),
                &stars(f(F::PriorMeanMilli)),
                &stars(f(F::SmoothedMilli)),
            ],
        ),
        ScoreComponent::FirstPass if f(F::InspectionsTotal) == 0 => (
            w(
                "本周没有验收，按中间分计。",
                "No inspections this week: the middle score counts.",
            ),
            &[],
        ),
        ScoreComponent::FirstPass => (
            w(
                "本周验收 {} 次，其中 {} 次一次通过。",
                "{} inspections this week, {} passed the first time.",
            ),
            &[&f(F::InspectionsTotal), &f(F::InspectionsFirstPass)],
        ),
        ScoreComponent::ReworkOnTime if f(F::ReworkTotal) == 0 => (
            w("本周没有整改，按满分计。", "No rework this week: full marks."),
            &[],
        ),
        ScoreComponent::ReworkOnTime => (
            w(
                "本周整改 {} 项，其中 {} 项在 48 小时内完成。",
                "{} rework items this week, {} closed within 48 hours.",
            ),
            &[&f(F::ReworkTotal), &f(F::ReworkOnTime)],
        ),
        ScoreComponent::Complaints => (
            w(
                "本周投诉 {} 起，在建项目 {} 个；每个项目每周一起投诉即扣完这一项。",
                "{} complaints this week across {} active projects; one complaint per project in a week takes this part to zero.",
            ),
            &[&f(F::Complaints), &f(F::ActiveProjects)],
        ),
        ScoreComponent::Delays => (
            w(
                "本周延误共 {} 天，在建项目 {} 个；按延误的项目天数所占比例扣分。",
                "{} days late this week across {} active projects; the share of project-days late is taken off.",
            ),
            &[&f(F::DelayDays), &f(F::ActiveProjects)],
        ),
    };
    words.fill(lang, args)
}

catalog! {
    FeedbackTexts {
        // Words with figures first, then plain words.
        dimensions: (["施工质量", "准时守约", "整洁文明", "沟通态度"], ["Quality", "Punctuality", "Tidiness", "Communication"]),
        ratings_n: (|n| format!("{n}条评价"), |n| format!("{n} ratings")),
        explain_part: (|p| explain(Lang::Zh, p), |p| explain(Lang::En, p)),
        title: ("评价与回访", "Ratings & surveys"),
        back_to_diary: ("← 工地日记", "← Site diary"),
        rate_crew: ("为施工班组评分", "Rate the crew"),
        rate_hint: ("节点签字后和交付时可评分，7天内可修改。", "Rate after each signed-off node and at handover; you can change it for 7 days."),
        not_ready: ("节点签字后可评分", "Can be rated once signed off"),
        comment: ("评价（可选）", "Comment (optional)"),
        save_rating: ("提交评分", "Send rating"),
        saved: ("已保存", "Saved"),
        stale_rating: ("这条评价刚刚改过（也许在您的另一台设备上），这次的修改没有保存。请重新加载后再改。", "This rating was changed just now (perhaps on another of your devices); this change was not saved. Reload and change it again."),
        editable_until: ("可修改至", "Editable until"),
        choose_all: ("请为每一项打分。", "Please rate every item."),
        surveys: ("满意度回访", "Satisfaction surveys"),
        surveys_after_handover: ("交付后开始回访。", "Surveys start after handover."),
        due_on: ("应答日期", "Due"),
        nps: ("您有多大可能向亲友推荐我们？（0–10）", "How likely are you to recommend us (0–10)?"),
        suggestions: ("意见和建议（可选）", "Suggestions (optional)"),
        send_survey: ("提交回访", "Send answers"),
        thanks: ("感谢您的反馈！", "Thank you for your feedback!"),
        red_list: ("红榜", "Red list"),
        black_list: ("黑榜", "Black list"),
        own_crew: ("您的施工班组", "Your crew"),
        board_title: ("质量红黑榜", "Quality leaderboard"),
        full_table: ("全部班组", "All crews"),
        week: ("周次", "Week"),
        published: ("已发布", "Published"),
        live: ("实时（未发布）", "Live (not published)"),
        score: ("得分", "Score"),
        explain: ("得分说明", "How this score was made"),
        method: ("每一项先算出 0 到 10 的分项得分，乘以它的权重后相加，就是 0 到 100 的总分。", "Each part gets a sub-score from 0 to 10; the sub-scores times their weights add up to the total out of 100."),
        weight: ("权重", "Weight"),
        sub_score: ("分项得分", "Sub-score"),
        contribution: ("贡献", "Contribution"),
        trend: ("近12周走势", "Last 12 weeks"),
        publish_last: ("发布上周榜单", "Publish last week"),
        results_title: ("回访结果", "Survey results"),
        satisfaction: ("满意度指数", "Satisfaction index"),
        response_rate: ("回访率", "Response rate"),
        overdue_calls: ("逾期回访（电话任务）", "Overdue surveys (call tasks)"),
        weakest: ("评分最低的方面", "Lowest-rated aspects"),
        comments: ("意见建议", "Suggestions"),
        none: ("暂无", "None yet"),
    }
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
