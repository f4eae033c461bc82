//! Satisfaction follow-ups (回访) after handover, docs/domain.md "Satisfaction follow-ups":
//! the survey schedule, answer validation and the reported figures.
//!
//! Figures are integers: the satisfaction index in milli-points on the 5-point scale
//! (`4870` = 4.87), rates in basis points (`10_000` = 100%), NPS in whole points `-100..=100`.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::FieldError;
use super::ratings::Stars;

/// Default warranty length: surveys continue every 6 months until it ends.
pub const WARRANTY_YEARS: u32 = 5;
/// Longest warranty a schedule is generated for.
pub const MAX_WARRANTY_YEARS: u32 = 30;
/// Longest suggestions text, in characters.
pub const MAX_SUGGESTIONS_CHARS: usize = 1000;
/// Highest NPS answer ("how likely are you to recommend us", 0–10).
pub const MAX_NPS_ANSWER: u8 = 10;
/// An aspect rated at or below this many stars triggers a follow-up call.
pub const FOLLOW_UP_AT_OR_BELOW: u8 = 2;
/// Months between the periodic surveys after the first three.
pub const PERIODIC_MONTHS: u32 = 6;

/// Which follow-up a survey is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// Within one week of handover (due handover + 7 days).
    OneWeek,
    /// One month after handover.
    OneMonth,
    /// Three months after handover.
    ThreeMonths,
    /// Every 6 months after handover, until the warranty ends.
    HalfYearly,
}

/// One scheduled survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SurveyDue {
    /// 1, 2, 3… in date order.
    pub sequence: u32,
    pub kind: SurveyKind,
    pub due_date: NaiveDate,
}

/// `date` plus `months` calendar months, clamped to the month's end (Jan 31 + 1 month =
/// Feb 28, or Feb 29 in a leap year); `None` past chrono's calendar.
pub fn add_months_clamped(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

/// The follow-up surveys for a handover on `handover`: at +7 days, +1 month, +3 months, then
/// every 6 months up to and including the day the warranty ends (+`warranty_years` years).
/// Months are always counted from the handover date (never chained), clamped at month end.
/// A 5-year warranty gives 13 surveys. `warranty_years` is capped at [`MAX_WARRANTY_YEARS`].
pub fn schedule(handover: NaiveDate, warranty_years: u32) -> Vec<SurveyDue> {
    let warranty_months = warranty_years.min(MAX_WARRANTY_YEARS) * 12;
    let mut due: Vec<(SurveyKind, Option<NaiveDate>)> = vec![
        (SurveyKind::OneWeek, handover.checked_add_days(Days::new(7))),
        (SurveyKind::OneMonth, add_months_clamped(handover, 1)),
        (SurveyKind::ThreeMonths, add_months_clamped(handover, 3)),
    ];
    let mut months = PERIODIC_MONTHS;
    while months <= warranty_months {
        due.push((SurveyKind::HalfYearly, add_months_clamped(handover, months)));
        months += PERIODIC_MONTHS;
    }
    due.into_iter()
        .map_while(|(kind, date)| date.map(|d| (kind, d)))
        .zip(1..)
        .map(|((kind, due_date), sequence)| SurveyDue {
            sequence,
            kind,
            due_date,
        })
        .collect()
}

/// Is a survey due on `due` overdue on `today`? Only while unanswered, and not on the due day itself.
pub fn is_overdue(due: NaiveDate, answered: bool, today: NaiveDate) -> bool {
    !answered && today > due
}

/// The aspects a survey asks about, in questionnaire order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyAspect {
    /// The designer's work and attitude.
    Design,
    /// Construction quality.
    ConstructionQuality,
    /// The crew's attitude.
    Crew,
    /// Customer-service staff.
    CustomerService,
    /// After-sales (warranty) service.
    AfterSales,
}

impl SurveyAspect {
    /// Every aspect, in questionnaire order.
    pub const ALL: [SurveyAspect; 5] = [
        SurveyAspect::Design,
        SurveyAspect::ConstructionQuality,
        SurveyAspect::Crew,
        SurveyAspect::CustomerService,
        SurveyAspect::AfterSales,
    ];
}

/// A homeowner's answers to one survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SurveyAnswers {
    pub design: Stars,
    pub construction_quality: Stars,
    pub crew: Stars,
    pub customer_service: Stars,
    pub after_sales: Stars,
    /// Likelihood to recommend, `0..=10`.
    #[cfg_attr(not(target_arch = "wasm32"), schema(maximum = 10))]
    pub nps: u8,
    /// Free text, at most [`MAX_SUGGESTIONS_CHARS`] characters.
    #[serde(default)]
    pub suggestions: String,
}

impl SurveyAnswers {
    /// Trims the suggestions and checks every rule; the server runs this again on every write.
    pub fn validated(mut self) -> Result<SurveyAnswers, FieldError> {
        self.suggestions = self.suggestions.trim().to_string();
        if self.nps > MAX_NPS_ANSWER {
            return Err(FieldError::out_of_range(
                "nps",
                format!("0 to {MAX_NPS_ANSWER}"),
            ));
        }
        FieldError::check_max_chars("suggestions", &self.suggestions, MAX_SUGGESTIONS_CHARS)?;
        Ok(self)
    }

    /// The stars given to one aspect.
    pub fn aspect(&self, aspect: SurveyAspect) -> Stars {
        match aspect {
            SurveyAspect::Design => self.design,
            SurveyAspect::ConstructionQuality => self.construction_quality,
            SurveyAspect::Crew => self.crew,
            SurveyAspect::CustomerService => self.customer_service,
            SurveyAspect::AfterSales => self.after_sales,
        }
    }
}

/// Should customer service call back? Yes if any aspect got [`FOLLOW_UP_AT_OR_BELOW`] stars or fewer.
pub fn needs_follow_up(answers: &SurveyAnswers) -> bool {
    SurveyAspect::ALL
        .iter()
        .any(|&a| answers.aspect(a).get() <= FOLLOW_UP_AT_OR_BELOW)
}

/// `n / d` rounded half up (`d > 0`).
fn div_round(n: u64, d: u64) -> u64 {
    (n + d / 2) / d
}

/// The satisfaction index: the mean of all aspects of all answers, in milli-points on the
/// 5-point scale (rounded half up); `None` without answers.
pub fn satisfaction_index(answers: &[SurveyAnswers]) -> Option<u32> {
    if answers.is_empty() {
        return None;
    }
    let sum: u64 = answers
        .iter()
        .flat_map(|a| SurveyAspect::ALL.map(|asp| u64::from(a.aspect(asp).milli())))
        .sum();
    let count = answers.len() as u64 * SurveyAspect::ALL.len() as u64;
    u32::try_from(div_round(sum, count)).ok()
}

/// Net Promoter Score: % promoters (9–10) minus % detractors (0–6), in whole points
/// `-100..=100`, rounded half away from zero (12.5 → 13, −12.5 → −13); `None` without answers.
pub fn nps(answers: &[SurveyAnswers]) -> Option<i32> {
    if answers.is_empty() {
        return None;
    }
    let promoters = answers.iter().filter(|a| a.nps >= 9).count() as i64;
    let detractors = answers.iter().filter(|a| a.nps <= 6).count() as i64;
    let n = answers.len() as i64;
    let diff = (promoters - detractors) * 100;
    let magnitude = (2 * diff.abs() + n) / (2 * n);
    i32::try_from(diff.signum() * magnitude).ok()
}

/// Answered / sent in basis points, rounded half up (answers beyond `sent` count as 100%);
/// `None` when nothing was sent.
pub fn response_rate(sent: u32, answered: u32) -> Option<u32> {
    if sent == 0 {
        return None;
    }
    let answered = u64::from(answered.min(sent));
    u32::try_from(div_round(answered * 10_000, u64::from(sent))).ok()
}

/// One aspect's mean over a set of answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct AspectScore {
    pub aspect: SurveyAspect,
    /// Mean stars in milli-stars, rounded half up.
    pub mean_milli: u32,
}

/// The `limit` weakest aspects, lowest mean first; ties in questionnaire order. Empty without answers.
pub fn lowest_aspects(answers: &[SurveyAnswers], limit: usize) -> Vec<AspectScore> {
    if answers.is_empty() {
        return Vec::new();
    }
    let n = answers.len() as u64;
    let mut scores: Vec<AspectScore> = SurveyAspect::ALL
        .iter()
        .map(|&aspect| {
            let sum: u64 = answers
                .iter()
                .map(|a| u64::from(a.aspect(aspect).milli()))
                .sum();
            AspectScore {
                aspect,
                mean_milli: u32::try_from(div_round(sum, n)).unwrap_or(u32::MAX),
            }
        })
        .collect();
    scores.sort_by_key(|s| (s.mean_milli, s.aspect));
    scores.truncate(limit);
    scores
}

/// Days before its due date a survey opens for answers (never before the handover day, so the
/// one-week survey is open from handover until its due date: "within 1 week").
pub const OPENS_DAYS_BEFORE_DUE: u64 = 7;

/// Where one scheduled survey stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyStatus {
    /// Not open yet.
    Upcoming,
    /// Open for answers, due date not passed.
    Due,
    /// Past its due date and unanswered: still answerable; staff call the homeowner.
    Overdue,
    /// Answered (once; answers never change).
    Answered,
}

impl SurveyStatus {
    /// May the survey be answered now?
    pub fn answerable(self) -> bool {
        matches!(self, SurveyStatus::Due | SurveyStatus::Overdue)
    }
}

/// The first day a survey due on `due` may be answered: [`OPENS_DAYS_BEFORE_DUE`] days
/// before, but not before the handover.
pub fn opens_on(due: NaiveDate, handover: NaiveDate) -> NaiveDate {
    due.checked_sub_days(Days::new(OPENS_DAYS_BEFORE_DUE))
        .unwrap_or(due)
        .max(handover)
        .min(due)
}

/// The status of a survey due on `due` for a handover on `handover`, on `today`.
pub fn survey_status(
    due: NaiveDate,
    handover: NaiveDate,
    answered: bool,
    today: NaiveDate,
) -> SurveyStatus {
    if answered {
        SurveyStatus::Answered
    } else if is_overdue(due, answered, today) {
        SurveyStatus::Overdue
    } else if today >= opens_on(due, handover) {
        SurveyStatus::Due
    } else {
        SurveyStatus::Upcoming
    }
}

/// The last day of the warranty that starts at `handover` (`warranty_years` later, clamped
/// at month end); the last periodic survey is due on it.
pub fn warranty_end(handover: NaiveDate, warranty_years: u32) -> Option<NaiveDate> {
    add_months_clamped(handover, warranty_years.min(MAX_WARRANTY_YEARS) * 12)
}

/// The aspects rated at or below [`FOLLOW_UP_AT_OR_BELOW`] stars, in questionnaire order.
pub fn low_aspects(answers: &SurveyAnswers) -> Vec<SurveyAspect> {
    SurveyAspect::ALL
        .into_iter()
        .filter(|&a| answers.aspect(a).get() <= FOLLOW_UP_AT_OR_BELOW)
        .collect()
}

impl SurveyAspect {
    /// Stable name for storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyAspect::Design => "design",
            SurveyAspect::ConstructionQuality => "construction_quality",
            SurveyAspect::Crew => "crew",
            SurveyAspect::CustomerService => "customer_service",
            SurveyAspect::AfterSales => "after_sales",
        }
    }

    /// The Chinese name on the questionnaire.
    pub fn label_zh(self) -> &'static str {
        match self {
            SurveyAspect::Design => "设计",
            SurveyAspect::ConstructionQuality => "施工质量",
            SurveyAspect::Crew => "施工班组",
            SurveyAspect::CustomerService => "客服",
            SurveyAspect::AfterSales => "售后",
        }
    }
}

impl SurveyKind {
    /// Stable name for storage.
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyKind::OneWeek => "one_week",
            SurveyKind::OneMonth => "one_month",
            SurveyKind::ThreeMonths => "three_months",
            SurveyKind::HalfYearly => "half_yearly",
        }
    }

    /// The kind named by [`SurveyKind::as_str`].
    pub fn parse(s: &str) -> Option<SurveyKind> {
        [
            SurveyKind::OneWeek,
            SurveyKind::OneMonth,
            SurveyKind::ThreeMonths,
            SurveyKind::HalfYearly,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The Chinese name staff and homeowners see.
    pub fn label_zh(self) -> &'static str {
        match self {
            SurveyKind::OneWeek => "交付一周回访",
            SurveyKind::OneMonth => "一个月回访",
            SurveyKind::ThreeMonths => "三个月回访",
            SurveyKind::HalfYearly => "半年回访",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::too_long_refusal;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn s(n: u8) -> Stars {
        Stars::new(n).unwrap()
    }

    fn answers(stars: [u8; 5], nps: u8) -> SurveyAnswers {
        SurveyAnswers {
            design: s(stars[0]),
            construction_quality: s(stars[1]),
            crew: s(stars[2]),
            customer_service: s(stars[3]),
            after_sales: s(stars[4]),
            nps,
            suggestions: String::new(),
        }
    }

    #[test]
    fn five_year_schedule_has_thirteen_surveys() {
        let plan = schedule(d(2026, 3, 10), WARRANTY_YEARS);
        assert_eq!(plan.len(), 13);
        assert_eq!(plan[0].kind, SurveyKind::OneWeek);
        assert_eq!(plan[0].due_date, d(2026, 3, 17));
        assert_eq!(plan[1].kind, SurveyKind::OneMonth);
        assert_eq!(plan[1].due_date, d(2026, 4, 10));
        assert_eq!(plan[2].kind, SurveyKind::ThreeMonths);
        assert_eq!(plan[2].due_date, d(2026, 6, 10));
        assert_eq!(plan[3].kind, SurveyKind::HalfYearly);
        assert_eq!(plan[3].due_date, d(2026, 9, 10));
        // The last one is on the day the warranty ends.
        assert_eq!(plan[12].due_date, d(2031, 3, 10));
        assert!(plan[3..].iter().all(|p| p.kind == SurveyKind::HalfYearly));
        let seqs: Vec<u32> = plan.iter().map(|p| p.sequence).collect();
        assert_eq!(seqs, (1..=13).collect::<Vec<_>>());
        assert!(plan.windows(2).all(|w| w[0].due_date < w[1].due_date));
    }

    #[test]
    fn month_arithmetic_clamps_at_month_end() {
        let plan = schedule(d(2026, 1, 31), WARRANTY_YEARS);
        let dates: Vec<NaiveDate> = plan.iter().map(|p| p.due_date).collect();
        assert_eq!(dates[0], d(2026, 2, 7));
        assert_eq!(dates[1], d(2026, 2, 28));
        assert_eq!(dates[2], d(2026, 4, 30));
        // Counted from the handover, not chained: back to the 31st in July.
        assert_eq!(dates[3], d(2026, 7, 31));
        assert_eq!(dates[4], d(2027, 1, 31));
        assert_eq!(dates[12], d(2031, 1, 31));
        // Leap years.
        assert_eq!(schedule(d(2028, 1, 31), 5)[1].due_date, d(2028, 2, 29));
        let leap = schedule(d(2024, 2, 29), 5);
        assert_eq!(leap[1].due_date, d(2024, 3, 29));
        assert_eq!(leap[4].due_date, d(2025, 2, 28));
        assert_eq!(leap[10].due_date, d(2028, 2, 29));
        assert_eq!(add_months_clamped(d(2026, 8, 31), 1), Some(d(2026, 9, 30)));
        assert_eq!(add_months_clamped(d(2026, 12, 31), 2), Some(d(2027, 2, 28)));
        // Late-December handover: the week survey crosses the year.
        assert_eq!(schedule(d(2026, 12, 28), 5)[0].due_date, d(2027, 1, 4));
    }

    #[test]
    fn schedule_counts_over_many_handovers() {
        let mut day = d(2024, 1, 1);
        for _ in 0..800 {
            for years in [0, 1, 2, 5, 10] {
                let plan = schedule(day, years);
                assert_eq!(plan.len(), 3 + 2 * years as usize);
                assert!(plan.windows(2).all(|w| w[0].due_date < w[1].due_date));
                assert!(plan.iter().all(|p| p.due_date > day));
                if years > 0 {
                    let end = add_months_clamped(day, years * 12).unwrap();
                    assert_eq!(plan.last().unwrap().due_date, end);
                }
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(schedule(d(2026, 1, 1), u32::MAX).len(), 3 + 60);
        // At the end of the calendar the schedule stops instead of failing.
        assert!(schedule(NaiveDate::MAX, 5).is_empty());
    }

    #[test]
    fn overdue_only_after_the_due_day_and_while_unanswered() {
        let due = d(2026, 4, 10);
        assert!(!is_overdue(due, false, due));
        assert!(is_overdue(due, false, d(2026, 4, 11)));
        assert!(!is_overdue(due, true, d(2026, 5, 1)));
        assert!(!is_overdue(due, false, d(2026, 4, 9)));
    }

    #[test]
    fn answers_are_validated() {
        let mut a = answers([5, 5, 5, 5, 5], 10);
        a.suggestions = "  多装几个插座  ".into();
        assert_eq!(a.validated().unwrap().suggestions, "多装几个插座");
        assert_eq!(answers([5; 5], 11).validated().unwrap_err().field, "nps");
        let mut a = answers([5; 5], 0);
        a.suggestions = "好".repeat(MAX_SUGGESTIONS_CHARS);
        assert!(a.clone().validated().is_ok());
        a.suggestions.push('!');
        assert_eq!(a.validated().unwrap_err().field, "suggestions");
        let json = r#"{"design":5,"construction_quality":4,"crew":5,"customer_service":6,"after_sales":5,"nps":9}"#;
        assert!(serde_json::from_str::<SurveyAnswers>(json).is_err());
        let json = r#"{"design":5,"construction_quality":4,"crew":5,"customer_service":3,"after_sales":5,"nps":9}"#;
        let a: SurveyAnswers = serde_json::from_str(json).unwrap();
        assert_eq!(a.aspect(SurveyAspect::CustomerService), s(3));
        assert_eq!(a.suggestions, "");
    }

    #[test]
    fn low_marks_need_a_follow_up() {
        assert!(!needs_follow_up(&answers([3, 3, 3, 3, 3], 0)));
        assert!(needs_follow_up(&answers([5, 5, 5, 5, 2], 10)));
        assert!(needs_follow_up(&answers([1, 5, 5, 5, 5], 10)));
        for i in 0..5 {
            let mut marks = [5; 5];
            marks[i] = 2;
            assert!(needs_follow_up(&answers(marks, 10)));
        }
    }

    #[test]
    fn satisfaction_index_is_the_mean_on_the_five_point_scale() {
        assert_eq!(satisfaction_index(&[]), None);
        assert_eq!(satisfaction_index(&[answers([5; 5], 10)]), Some(5000));
        assert_eq!(
            satisfaction_index(&[answers([5, 5, 5, 5, 4], 10)]),
            Some(4800)
        );
        // 24 of 25 fives and one four over 5 answers: 124/25 = 4.96.
        let mut set = vec![answers([5; 5], 10); 4];
        set.push(answers([5, 5, 5, 5, 4], 9));
        assert_eq!(satisfaction_index(&set), Some(4960));
        // 3 answers: (15 + 15 + 14) / 15 = 2.9333 → 2933.
        let set = [
            answers([3; 5], 5),
            answers([3; 5], 5),
            answers([3, 3, 3, 3, 2], 5),
        ];
        assert_eq!(satisfaction_index(&set), Some(2933));
    }

    #[test]
    fn nps_counts_promoters_minus_detractors() {
        assert_eq!(nps(&[]), None);
        let set: Vec<SurveyAnswers> = [10, 9, 8, 7, 6, 0].map(|n| answers([5; 5], n)).to_vec();
        // 2 promoters, 2 detractors of 6.
        assert_eq!(nps(&set), Some(0));
        assert_eq!(nps(&[answers([5; 5], 9)]), Some(100));
        assert_eq!(nps(&[answers([5; 5], 6)]), Some(-100));
        assert_eq!(nps(&[answers([5; 5], 7)]), Some(0));
        // 1 of 8 promoters: 12.5 → 13; 1 of 8 detractors: −12.5 → −13; 1 of 3: 33.3 → 33.
        let mut eight = vec![answers([5; 5], 8); 7];
        eight.push(answers([5; 5], 10));
        assert_eq!(nps(&eight), Some(13));
        eight[7] = answers([5; 5], 3);
        assert_eq!(nps(&eight), Some(-13));
        let three = [answers([5; 5], 9), answers([5; 5], 8), answers([5; 5], 7)];
        assert_eq!(nps(&three), Some(33));
        // Always in range.
        let mut state = 17u64;
        for len in 1..200 {
            let set: Vec<SurveyAnswers> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    answers([5; 5], ((state >> 33) % 11) as u8)
                })
                .collect();
            let v = nps(&set).unwrap();
            assert!((-100..=100).contains(&v));
        }
    }

    #[test]
    fn response_rate_in_basis_points() {
        assert_eq!(response_rate(0, 0), None);
        assert_eq!(response_rate(3, 2), Some(6667));
        assert_eq!(response_rate(8, 1), Some(1250));
        assert_eq!(response_rate(10, 10), Some(10_000));
        assert_eq!(response_rate(10, 12), Some(10_000));
        assert_eq!(response_rate(u32::MAX, u32::MAX), Some(10_000));
        assert_eq!(response_rate(7, 0), Some(0));
    }

    #[test]
    fn lowest_aspects_come_first() {
        assert!(lowest_aspects(&[], 3).is_empty());
        let set = [answers([5, 3, 4, 4, 2], 9), answers([5, 4, 4, 4, 3], 9)];
        let low = lowest_aspects(&set, 3);
        assert_eq!(
            low,
            [
                AspectScore {
                    aspect: SurveyAspect::AfterSales,
                    mean_milli: 2500
                },
                AspectScore {
                    aspect: SurveyAspect::ConstructionQuality,
                    mean_milli: 3500
                },
                // Crew and customer service tie at 4.0: questionnaire order.
                AspectScore {
                    aspect: SurveyAspect::Crew,
                    mean_milli: 4000
                },
            ]
        );
        assert_eq!(lowest_aspects(&set, 10).len(), 5);
        assert!(lowest_aspects(&set, 0).is_empty());
    }

    #[test]
    fn surveys_open_a_week_before_they_are_due() {
        let handover = d(2026, 11, 20);
        let plan = schedule(handover, WARRANTY_YEARS);
        // The one-week survey is open from the handover day.
        assert_eq!(opens_on(plan[0].due_date, handover), handover);
        assert_eq!(
            survey_status(plan[0].due_date, handover, false, d(2026, 11, 19)),
            SurveyStatus::Upcoming
        );
        assert_eq!(
            survey_status(plan[0].due_date, handover, false, handover),
            SurveyStatus::Due
        );
        assert_eq!(
            survey_status(plan[0].due_date, handover, false, d(2026, 11, 27)),
            SurveyStatus::Due
        );
        assert_eq!(
            survey_status(plan[0].due_date, handover, false, d(2026, 11, 28)),
            SurveyStatus::Overdue
        );
        assert_eq!(
            survey_status(plan[0].due_date, handover, true, d(2026, 11, 28)),
            SurveyStatus::Answered
        );
        // The one-month survey (due 12-20) opens on 12-13.
        assert_eq!(opens_on(plan[1].due_date, handover), d(2026, 12, 13));
        assert_eq!(
            survey_status(plan[1].due_date, handover, false, d(2026, 12, 12)),
            SurveyStatus::Upcoming
        );
        assert!(survey_status(plan[1].due_date, handover, false, d(2026, 12, 13)).answerable());
        assert!(!SurveyStatus::Answered.answerable());
        assert!(!SurveyStatus::Upcoming.answerable());
        assert_eq!(warranty_end(handover, 5), Some(d(2031, 11, 20)));
        assert_eq!(plan.last().unwrap().due_date, d(2031, 11, 20));
    }

    #[test]
    fn status_over_many_days_is_consistent() {
        let handover = d(2024, 2, 29);
        let plan = schedule(handover, WARRANTY_YEARS);
        let mut day = handover.pred_opt().unwrap();
        while day < d(2029, 6, 1) {
            let open: Vec<SurveyStatus> = plan
                .iter()
                .map(|s| survey_status(s.due_date, handover, false, day))
                .collect();
            for (s, st) in plan.iter().zip(&open) {
                assert_eq!(*st == SurveyStatus::Overdue, day > s.due_date);
                assert_eq!(
                    *st == SurveyStatus::Upcoming,
                    day < opens_on(s.due_date, handover)
                );
                assert!(opens_on(s.due_date, handover) <= s.due_date);
                assert!(opens_on(s.due_date, handover) >= handover);
            }
            // Statuses only move forward along the schedule: never an upcoming survey before a due one.
            let rank = |s: &SurveyStatus| match s {
                SurveyStatus::Overdue | SurveyStatus::Answered => 0,
                SurveyStatus::Due => 1,
                SurveyStatus::Upcoming => 2,
            };
            assert!(open.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn low_aspects_and_names() {
        let a = answers([5, 2, 4, 1, 3], 7);
        assert_eq!(
            low_aspects(&a),
            [
                SurveyAspect::ConstructionQuality,
                SurveyAspect::CustomerService
            ]
        );
        assert!(low_aspects(&answers([3, 3, 3, 3, 3], 7)).is_empty());
        use SurveyKind::*;
        for k in [OneWeek, OneMonth, ThreeMonths, HalfYearly] {
            assert_eq!(SurveyKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::json!(k.as_str())
            );
        }
        for a in SurveyAspect::ALL {
            assert_eq!(
                serde_json::to_value(a).unwrap(),
                serde_json::json!(a.as_str())
            );
            assert!(!a.label_zh().is_empty());
        }
        assert_eq!(SurveyKind::parse("weekly"), None);
    }

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let e = answers([5; 5], MAX_NPS_ANSWER + 1).validated().unwrap_err();
        assert_eq!(
            (e.field, e.reason, e.limit),
            ("nps", FieldReason::OutOfRange, None)
        );
        let mut a = answers([5; 5], 9);
        a.suggestions = "x".repeat(MAX_SUGGESTIONS_CHARS + 1);
        let e = a.validated().unwrap_err();
        assert_eq!(
            (e.field, e.reason, e.limit),
            too_long_refusal("suggestions", MAX_SUGGESTIONS_CHARS)
        );
    }
}
