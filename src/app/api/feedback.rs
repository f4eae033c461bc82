//! Crew ratings, the weekly leaderboard and satisfaction surveys.

use super::{encode, get, post, put, ApiError};
use crate::domain::paging::Page;
use crate::domain::quality::{
    CrewTrend, LeaderboardView, OverdueSurvey, ProjectRatings, ProjectSurveys, PublishRequest,
    RatingView, ScoreExplainView, SurveyResults, SurveyView,
};
use crate::domain::ratings::RatingInput;
use crate::domain::surveys::SurveyAnswers;

/// What the homeowner may rate on a project, with the ratings given.
pub async fn project_ratings(project_id: &str) -> Result<ProjectRatings, ApiError> {
    get(&format!("/projects/{}/ratings", encode(project_id))).await
}

/// Rates the crew for a node or the handover (creates or edits).
pub async fn rate(
    project_id: &str,
    target: &str,
    input: &RatingInput,
) -> Result<RatingView, ApiError> {
    put(
        &format!(
            "/projects/{}/ratings/{}",
            encode(project_id),
            encode(target)
        ),
        input,
    )
    .await
}

/// The project's survey schedule.
pub async fn project_surveys(project_id: &str) -> Result<ProjectSurveys, ApiError> {
    get(&format!("/projects/{}/surveys", encode(project_id))).await
}

/// Answers a due survey.
pub async fn answer(id: &str, answers: &SurveyAnswers) -> Result<SurveyView, ApiError> {
    put(&format!("/surveys/{}/answer", encode(id)), answers).await
}

/// The leaderboard of a week (`None`: the latest), shaped by role.
pub async fn leaderboard(week: Option<&str>) -> Result<LeaderboardView, ApiError> {
    match week {
        Some(w) => get(&format!("/leaderboard?week={}", encode(w))).await,
        None => get("/leaderboard").await,
    }
}

/// How a crew's score was made.
pub async fn explain(crew_id: &str, week: &str) -> Result<ScoreExplainView, ApiError> {
    get(&format!(
        "/leaderboard/crews/{}/explain?week={}",
        encode(crew_id),
        encode(week)
    ))
    .await
}

/// A crew's score over the past weeks.
pub async fn trend(crew_id: &str) -> Result<CrewTrend, ApiError> {
    get(&format!(
        "/leaderboard/crews/{}/trend?weeks=12",
        encode(crew_id)
    ))
    .await
}

/// Freezes the last ended week (staff).
pub async fn publish() -> Result<LeaderboardView, ApiError> {
    post("/leaderboard/publish", Some(&PublishRequest { week: None })).await
}

/// A page of the overdue surveys (staff call tasks): the first, or the one after `after`.
pub async fn overdue(after: Option<String>) -> Result<Page<OverdueSurvey>, ApiError> {
    match after {
        None => get("/surveys/overdue").await,
        Some(a) => get(&format!("/surveys/overdue?after={}", encode(&a))).await,
    }
}

/// Survey results for a period.
pub async fn results(
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<SurveyResults, ApiError> {
    get(&format!("/surveys/results?from={from}&to={to}")).await
}

/// A crew's ratings with anonymised comments (the crew and staff).
pub async fn crew_ratings(crew_id: &str) -> Result<crate::domain::quality::CrewRatings, ApiError> {
    get(&format!("/crews/{}/ratings", encode(crew_id))).await
}
