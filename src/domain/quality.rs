//! The API bodies of crew ratings, the weekly leaderboard (红黑榜) and satisfaction surveys
//! (回访). The rules they come from live in [`super::ratings`] and [`super::surveys`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::photos::PhotoRef;
use super::ratings::{
    ListMark, RatingPrior, RatingTarget, ScoreExplanation, ScoreWeights, Stars, MAX_PRIOR_WEIGHT,
};
use super::surveys::{AspectScore, SurveyAnswers, SurveyAspect, SurveyKind, SurveyStatus};

/// A homeowner's rating as the homeowner (and staff) see it on the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct RatingView {
    pub id: String,
    /// A node kind (`plumbing_electrical` …) or `handover`.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String, example = "plumbing_electrical"))]
    pub target: RatingTarget,
    pub quality: Stars,
    pub punctuality: Stars,
    pub tidiness: Stars,
    pub communication: Stars,
    /// Mean of the four dimensions, milli-stars.
    pub average_milli: u32,
    pub comment: String,
    pub photos: Vec<PhotoRef>,
    /// The ISO week it counts for on the leaderboard, e.g. `2026-W47`.
    pub week: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Edits are accepted until then (7 days after creation).
    pub editable_until: DateTime<Utc>,
    /// May the caller still change it?
    pub can_edit: bool,
    /// Raised by every change: a change sends it back as `base_version`.
    #[serde(default)]
    pub version: i64,
}

/// One thing the homeowner may rate the crew for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct RatingSlot {
    /// A node kind or `handover` (the app names it in the reader's language).
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String, example = "plumbing_electrical"))]
    pub target: RatingTarget,
    /// Signed off / handed over, so a rating is accepted.
    pub ready: bool,
    /// The homeowner's rating, if given.
    pub rating: Option<RatingView>,
    /// May the caller create or change the rating now?
    pub can_rate: bool,
}

/// What can be rated on a project, with the ratings given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ProjectRatings {
    pub project_id: String,
    pub crew_id: Option<String>,
    pub crew_name: Option<String>,
    pub slots: Vec<RatingSlot>,
}

/// A rating as the crew sees it: no homeowner, project or address; phone numbers and the
/// homeowner's name masked in the comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CrewRatingItem {
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String, example = "plumbing_electrical"))]
    pub target: RatingTarget,
    pub quality: Stars,
    pub punctuality: Stars,
    pub tidiness: Stars,
    pub communication: Stars,
    pub average_milli: u32,
    pub comment: String,
    pub photo_count: u32,
    pub week: String,
    pub created_at: DateTime<Utc>,
}

/// Mean stars per dimension, milli-stars (`None` without ratings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct DimensionMeans {
    pub quality: Option<u32>,
    pub punctuality: Option<u32>,
    pub tidiness: Option<u32>,
    pub communication: Option<u32>,
    /// Over all four.
    pub overall: Option<u32>,
}

/// A crew's ratings: the scores and anonymised comments, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CrewRatings {
    pub crew_id: String,
    pub crew_name: String,
    /// All ratings of the crew.
    pub count: u32,
    pub means: DimensionMeans,
    /// The newest ratings (at most `limit`).
    pub items: Vec<CrewRatingItem>,
}

/// Is a week's board frozen or still being computed?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BoardStatus {
    /// Published: read from the snapshot, never changes.
    Published,
    /// Not published: computed from the data as it stands (provisional).
    Live,
}

/// A crew's line on the board. Crews only: no customer data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct BoardRow {
    /// 1 = best; `None` for crews without activity that week.
    pub rank: Option<u32>,
    pub crew_id: String,
    pub crew_name: String,
    /// 0–100 points in milli-points.
    pub total_milli: u32,
    pub list: Option<ListMark>,
    pub active: bool,
    pub rating_count: u32,
    /// The caller's own crew (crew member) or the crew of one of the caller's projects (homeowner).
    pub own: bool,
}

/// The week's board, shaped by role: staff, admins and crews get the full table and both
/// lists; homeowners get the red list and their own crew's standing only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct LeaderboardView {
    /// `2026-W47`.
    pub week: String,
    pub status: BoardStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub weights: ScoreWeights,
    /// 红榜, best first.
    pub red: Vec<BoardRow>,
    /// 黑榜, worst last (absent for homeowners).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub black: Option<Vec<BoardRow>>,
    /// Every crew, best first (absent for homeowners).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<BoardRow>>,
    /// The caller's crew(s).
    pub own: Vec<BoardRow>,
}

/// Why a crew got its score: every input, weight and contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ScoreExplainView {
    pub week: String,
    pub status: BoardStatus,
    pub crew_id: String,
    pub crew_name: String,
    pub rank: Option<u32>,
    pub list: Option<ListMark>,
    pub weights: ScoreWeights,
    /// The Bayesian prior the customer part was smoothed with.
    pub prior: RatingPrior,
    /// `total_milli` and the five parts it is the sum of.
    pub score: ScoreExplanation,
    /// The method in one sentence (English; the UI translates by part name).
    pub method: String,
}

/// One week of a crew's trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub week: String,
    pub status: BoardStatus,
    pub total_milli: u32,
    pub rank: Option<u32>,
    pub list: Option<ListMark>,
    pub active: bool,
}

/// A crew's score over the past weeks, oldest first (for the chart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CrewTrend {
    pub crew_id: String,
    pub crew_name: String,
    pub points: Vec<TrendPoint>,
}

/// The company's leaderboard configuration as admins edit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct LeaderboardConfig {
    /// Basis points adding up to 10 000.
    pub weights: ScoreWeights,
    /// Bayesian prior weight `m`, in ratings (the prior mean is the company-wide mean).
    pub prior_weight: u32,
    /// Crews on the red list, and at most on the black list.
    pub list_size: u32,
}

impl Default for LeaderboardConfig {
    fn default() -> Self {
        let s = super::ratings::LeaderboardSettings::default();
        LeaderboardConfig {
            weights: s.weights,
            prior_weight: s.prior.weight,
            list_size: s.list_size,
        }
    }
}

impl LeaderboardConfig {
    /// Checks the weights add up to 100%, the prior weight and the list size.
    pub fn validated(self) -> Result<LeaderboardConfig, super::error::FieldError> {
        self.weights.validated()?;
        if self.prior_weight > MAX_PRIOR_WEIGHT {
            return Err(super::error::FieldError::out_of_range(
                "prior_weight",
                format!("at most {MAX_PRIOR_WEIGHT} ratings"),
            ));
        }
        if self.list_size > 50 {
            return Err(super::error::FieldError::out_of_range(
                "list_size",
                "at most 50 crews per list",
            ));
        }
        Ok(self)
    }
}

/// Which week to publish; the last ended week when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct PublishRequest {
    /// `2026-W47`.
    #[serde(default)]
    pub week: Option<String>,
}

/// One scheduled survey of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SurveyView {
    pub id: String,
    pub sequence: u32,
    pub kind: SurveyKind,
    pub due_date: NaiveDate,
    /// The first day it may be answered.
    pub opens_on: NaiveDate,
    pub status: SurveyStatus,
    pub answered_at: Option<DateTime<Utc>>,
    /// The answers (homeowner and staff only).
    pub answers: Option<SurveyAnswers>,
}

/// A handed-over project's survey schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ProjectSurveys {
    pub project_id: String,
    pub handover_date: NaiveDate,
    /// The last day of the 5-year warranty.
    pub warranty_end: Option<NaiveDate>,
    /// Surveys open for answers now (due or overdue): the reminder count.
    pub due_now: u32,
    pub surveys: Vec<SurveyView>,
}

/// An overdue survey: a call task for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct OverdueSurvey {
    pub survey_id: String,
    pub project_id: String,
    pub project_title: String,
    /// Masked: `张*`.
    pub homeowner_name: String,
    /// In full: the call task is to phone this number.
    pub homeowner_phone: Option<String>,
    pub kind: SurveyKind,
    pub due_date: NaiveDate,
    pub days_overdue: u32,
}

/// A suggestion from an answered survey, masked for reporting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SurveyComment {
    pub survey_id: String,
    pub kind: SurveyKind,
    pub answered_at: DateTime<Utc>,
    /// Masked: `张*`.
    pub homeowner_name: String,
    /// Phone-like numbers masked.
    pub suggestions: String,
    /// Aspects rated 2 stars or fewer.
    pub low_aspects: Vec<SurveyAspect>,
}

/// Satisfaction figures of one month (by answer date, company time zone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// `2026-11`.
    pub month: String,
    pub answered: u32,
    /// 5-point scale in milli-points.
    pub satisfaction_milli: Option<u32>,
    pub nps: Option<i32>,
}

/// Survey results over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Surveys due in the period (up to today).
    pub sent: u32,
    /// Of those, answered.
    pub answered: u32,
    /// Basis points.
    pub response_rate_bp: Option<u32>,
    /// Satisfaction index on the 5-point scale, milli-points (4870 = 4.87).
    pub satisfaction_milli: Option<u32>,
    /// Net Promoter Score, −100..=100.
    pub nps: Option<i32>,
    /// Every aspect, weakest first.
    pub lowest_aspects: Vec<AspectScore>,
    pub by_month: Vec<MonthFigures>,
    /// Newest first: the first page (`GET /api/v1/surveys/comments` pages on).
    pub comments: Vec<SurveyComment>,
    /// The cursor of the comments' next page, when there is one.
    pub comments_next: Option<String>,
}
