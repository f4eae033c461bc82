//! Satisfaction surveys (回访): handover writes the schedule (1 week, 1 month, 3 months, then
//! every 6 months to the end of the 5-year warranty); the homeowner answers each once while
//! it is open; overdue ones become staff call tasks; a low score opens a follow-up item.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::auth::Role;
use crate::domain::error::FieldReason;
use crate::domain::inspections::{NodeKind, NodeStatus};
use crate::domain::paging::{cut, day_key, key_day, KeyCursor, Page};
use crate::domain::privacy::mask_name;
use crate::domain::projects::Stage;
use crate::domain::quality::{
    MonthFigures, OverdueSurvey, ProjectSurveys, SurveyComment, SurveyResults, SurveyView,
};
use crate::domain::ratings::redact_phone_numbers;
use crate::domain::surveys::{
    low_aspects, lowest_aspects, nps, opens_on, response_rate, satisfaction_index, survey_status,
    warranty_end, SurveyAnswers, SurveyAspect, SurveyStatus, WARRANTY_YEARS,
};
use crate::domain::{ApiErrorBody, ErrorCode};
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{
    ApiJson, Caller, ListQuery, Paged, Searched, Staff, VisibleProject,
};
use crate::server::state::AppState;
use crate::server::store::nodes;
use crate::server::store::projects::{self, ProjectRow};
use crate::server::store::ratings::handover_date;
use crate::server::store::surveys::{self as store, FollowUp, SurveyRow};
use crate::server::texts::{Text, SERVER_LANG};

/// The survey routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handover))
        .routes(routes!(project_surveys))
        .routes(routes!(answer))
        .routes(routes!(overdue))
        .routes(routes!(results))
        .routes(routes!(comments))
}

async fn handed_over(state: &AppState, project: &ProjectRow) -> AppResult<Option<NaiveDate>> {
    handover_date(&state.db, &project.id)
        .await?
        .map(|d| {
            d.parse::<NaiveDate>()
                .map_err(|_| AppError::internal("bad handover date in database"))
        })
        .transpose()
}

fn view(
    row: SurveyRow,
    handover: NaiveDate,
    today: NaiveDate,
    show_answers: bool,
) -> AppResult<SurveyView> {
    let due = row.due()?;
    let kind = row.kind()?;
    let answers = row.answers();
    Ok(SurveyView {
        status: survey_status(due, handover, row.answered_at.is_some(), today),
        opens_on: opens_on(due, handover),
        answered_at: row.answered_at.map(from_ms),
        answers: answers.filter(|_| show_answers),
        sequence: u32::try_from(row.sequence).unwrap_or(0),
        kind,
        due_date: due,
        id: row.id,
    })
}

async fn schedule_of(
    state: &AppState,
    user: &Caller,
    project: &ProjectRow,
    handover: NaiveDate,
) -> AppResult<ProjectSurveys> {
    let today = state.clock.today_in(user.tz());
    let show = user.role != Role::Crew;
    let surveys = store::for_project(&state.db, &project.id)
        .await?
        .into_iter()
        .map(|r| view(r, handover, today, show))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(ProjectSurveys {
        project_id: project.id.clone(),
        handover_date: handover,
        warranty_end: warranty_end(handover, WARRANTY_YEARS),
        due_now: surveys.iter().filter(|s| s.status.answerable()).count() as u32,
        surveys,
    })
}

/// Records the handover today (company time zone) and creates the survey schedule: staff
/// and admins. 409 if the project was already handed over or has not reached construction,
/// and 409 `completion_not_signed_off` until the homeowner has signed off the completion node.
#[utoipa::path(post, path = "/api/v1/projects/{id}/handover", tag = "surveys",
    params(("id" = String, Path, description = "project id")),
    responses((status = 201, body = ProjectSurveys), refusal::Forbidden, refusal::NotFound, refusal::Conflict))]
async fn handover(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
) -> AppResult<(StatusCode, Json<ProjectSurveys>)> {
    user.require_staff()?;
    if project.stage().index() < Stage::Contract.index() {
        return Err(AppError::conflict(
            "the project has not reached construction yet",
        ));
    }
    let completion = nodes::one(&state.db, &project.id, NodeKind::Completion).await?;
    if completion.status()? != NodeStatus::SignedOff {
        return Err(AppError::new(
            ErrorCode::CompletionNotSignedOff,
            "the homeowner has not signed off the completion node yet",
        ));
    }
    let today = state.clock.today_in(user.tz());
    if !store::record_handover(
        &state.db,
        &project.company_id,
        &project.id,
        today,
        state.clock.now_ms(),
    )
    .await?
    {
        return Err(AppError::conflict(
            "the project has already been handed over",
        ));
    }
    tracing::info!(project = %project.id, "handover recorded, survey schedule created");
    Ok((
        StatusCode::CREATED,
        Json(schedule_of(&state, &user, &project, today).await?),
    ))
}

/// The project's survey schedule with each survey's status (upcoming, due, overdue,
/// answered). 409 before handover.
#[utoipa::path(get, path = "/api/v1/projects/{id}/surveys", tag = "surveys",
    params(("id" = String, Path, description = "project id")),
    responses((status = 200, body = ProjectSurveys), refusal::NotFound, refusal::Conflict))]
async fn project_surveys(
    State(state): State<AppState>,
    VisibleProject(user, project): VisibleProject,
) -> AppResult<Json<ProjectSurveys>> {
    let handover = handed_over(&state, &project)
        .await?
        .ok_or_else(|| AppError::conflict("surveys start after handover"))?;
    Ok(Json(schedule_of(&state, &user, &project, handover).await?))
}

/// Answers a survey, once, while it is open (due or overdue): the project's homeowner, or
/// staff recording a phone call. A score of 2 stars or fewer on any aspect opens a
/// follow-up item in the staff queue.
#[utoipa::path(put, path = "/api/v1/surveys/{id}/answer", tag = "surveys", request_body = SurveyAnswers,
    params(("id" = String, Path, description = "survey id")),
    responses((status = 200, body = SurveyView),
        (status = 409, body = ApiErrorBody, description = "not open yet, or already answered"), refusal::Forbidden, refusal::NotFound, refusal::Invalid))]
async fn answer(
    State(state): State<AppState>,
    user: Caller,
    Path(id): Path<String>,
    ApiJson(answers): ApiJson<SurveyAnswers>,
) -> AppResult<Json<SurveyView>> {
    let row = store::get(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let project = projects::visible_one(&state.db, &user, &row.project_id).await?;
    let allowed = match user.role {
        Role::Homeowner => project.homeowner_id == user.id,
        Role::Staff | Role::Admin => true,
        Role::Crew => false,
    };
    if !allowed {
        return Err(AppError::forbidden(
            "only the homeowner (or staff on the phone) answers a survey",
        ));
    }
    let answers = answers.validated()?;
    let handover = handed_over(&state, &project)
        .await?
        .ok_or_else(|| AppError::conflict("surveys start after handover"))?;
    let today = state.clock.today_in(user.tz());
    match survey_status(row.due()?, handover, row.answered_at.is_some(), today) {
        SurveyStatus::Answered => {
            return Err(AppError::new(
                ErrorCode::AlreadyExists,
                "this survey has already been answered",
            ))
        }
        SurveyStatus::Upcoming => {
            return Err(AppError::conflict(format!(
                "this survey opens on {}",
                opens_on(row.due()?, handover)
            )))
        }
        SurveyStatus::Due | SurveyStatus::Overdue => {}
    }
    let low = low_aspects(&answers);
    let body = follow_up_body(&row, &answers, &low)?;
    let title = Text::SurveyFollowUpTitle(row.kind()?).text(SERVER_LANG);
    let follow = (!low.is_empty()).then(|| FollowUp {
        title: &title,
        body: &body,
    });
    store::answer(
        &state.db,
        &row,
        &answers,
        &user.id,
        follow,
        state.clock.now_ms(),
    )
    .await?;
    if !low.is_empty() {
        tracing::info!(survey = %row.id, low = low.len(), "low survey score: follow-up opened");
    }
    let row = store::get(&state.db, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(view(row, handover, today, true)?))
}

/// The follow-up's text: which aspects scored low, the NPS and the (phone-masked) suggestions.
fn follow_up_body(row: &SurveyRow, a: &SurveyAnswers, low: &[SurveyAspect]) -> AppResult<String> {
    let marks: Vec<(SurveyAspect, u8)> =
        low.iter().map(|&asp| (asp, a.aspect(asp).get())).collect();
    Ok(Text::SurveyFollowUpBody {
        sequence: row.sequence,
        kind: row.kind()?,
        low: &marks,
        nps: a.nps,
        suggestions: &redact_phone_numbers(&a.suggestions),
    }
    .text(SERVER_LANG))
}

/// Overdue surveys: the staff's call tasks, oldest first, a page at a time (keyset).
#[utoipa::path(get, path = "/api/v1/surveys/overdue", tag = "surveys", params(ListQuery<Paged>),
    responses((status = 200, body = Page<OverdueSurvey>), refusal::Forbidden, refusal::Invalid))]
async fn overdue(
    State(state): State<AppState>,
    Staff(user): Staff,
    page: ListQuery<Paged>,
) -> AppResult<Json<Page<OverdueSurvey>>> {
    let today = state.clock.today_in(user.tz());
    let after = match &page.after {
        Some(c) => Some((key_day(c.key)?, c.id.as_str())),
        None => None,
    };
    let limit = page.limit;
    let rows = store::overdue(&state.db, &user.company_id, today, after, limit).await?;
    let (rows, next_cursor) = cut(rows, limit, |r| KeyCursor {
        key: r.due_date.parse().map(day_key).unwrap_or(0),
        id: r.id.clone(),
    });
    let items = rows
        .into_iter()
        .map(|r| {
            let due: NaiveDate = r
                .due_date
                .parse()
                .map_err(|_| AppError::internal("bad survey due date in database"))?;
            let kind = crate::domain::surveys::SurveyKind::parse(&r.kind)
                .ok_or_else(|| AppError::internal("unknown survey kind in database"))?;
            Ok(OverdueSurvey {
                survey_id: r.id,
                project_id: r.project_id,
                project_title: r.title,
                homeowner_name: mask_name(&r.homeowner_name),
                homeowner_phone: r.homeowner_phone,
                kind,
                due_date: due,
                days_overdue: u32::try_from((today - due).num_days()).unwrap_or(0),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Json(Page { items, next_cursor }))
}

/// The period of the results (and of the comments); the last 12 months to today by default.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ResultsQuery {
    /// `YYYY-MM-DD`, inclusive (by due date).
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
}

/// The period asked for: `to` today and `from` a year before unless given.
fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> AppResult<(NaiveDate, NaiveDate)> {
    let to = parse_date(to, "to")?.unwrap_or(today);
    let from = parse_date(from, "from")?.unwrap_or(to - Duration::days(365));
    if from > to {
        return Err(AppError::field(
            "from",
            FieldReason::OutOfRange,
            "must not be after to",
        ));
    }
    Ok((from, to))
}

/// A comment as staff read it: the homeowner's name and phone numbers masked.
fn comment(r: &store::ResultRow, a: &SurveyAnswers) -> Option<SurveyComment> {
    Some(SurveyComment {
        survey_id: r.survey.id.clone(),
        kind: r.survey.kind().ok()?,
        answered_at: from_ms(r.survey.answered_at?),
        homeowner_name: mask_name(&r.homeowner_name),
        suggestions: redact_phone_numbers(&a.suggestions)
            .replace(r.homeowner_name.trim(), &mask_name(&r.homeowner_name)),
        low_aspects: low_aspects(a),
    })
}

/// A page of comments and its next cursor.
async fn comments_page(
    state: &AppState,
    company_id: &str,
    period: (NaiveDate, NaiveDate),
    page: &ListQuery<Searched>,
) -> AppResult<Page<SurveyComment>> {
    let rows = store::comments_page(
        &state.db,
        company_id,
        period,
        &page.search,
        page.after.as_ref().map(|c| (c.key, c.id.as_str())),
        page.limit,
    )
    .await?;
    let (rows, next_cursor) = cut(rows, page.limit, |r| KeyCursor {
        key: r.survey.answered_at.unwrap_or(0),
        id: r.survey.id.clone(),
    });
    let items = rows
        .iter()
        .filter_map(|r| comment(r, &r.survey.answers()?))
        .collect();
    Ok(Page { items, next_cursor })
}

/// The comments of a period (by due date), newest first, a page at a time (keyset), searched
/// on the server; names and phone numbers masked.
#[utoipa::path(get, path = "/api/v1/surveys/comments", tag = "surveys", params(ResultsQuery, ListQuery<Searched>),
    responses((status = 200, body = Page<SurveyComment>), refusal::Forbidden, refusal::Invalid))]
async fn comments(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(q): Query<ResultsQuery>,
    page: ListQuery<Searched>,
) -> AppResult<Json<Page<SurveyComment>>> {
    let today = state.clock.today_in(user.tz());
    let period = period(q.from.as_deref(), q.to.as_deref(), today)?;
    Ok(Json(
        comments_page(&state, &user.company_id, period, &page).await?,
    ))
}

fn parse_date(s: Option<&str>, field: &'static str) -> AppResult<Option<NaiveDate>> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let day = s.parse::<NaiveDate>().map_err(|_| {
                AppError::field(
                    field,
                    FieldReason::BadFormat,
                    "expected a date like 2026-11-23",
                )
            })?;
            Ok(crate::domain::dates::check_date(field, day)?)
        })
        .transpose()
}

/// Survey results over a period (by due date): satisfaction index, NPS, response rate, the
/// weakest aspects, figures per month and the comments (names and phone numbers masked).
#[utoipa::path(get, path = "/api/v1/surveys/results", tag = "surveys", params(ResultsQuery),
    responses((status = 200, body = SurveyResults), refusal::Forbidden, refusal::Invalid))]
async fn results(
    State(state): State<AppState>,
    Staff(user): Staff,
    Query(q): Query<ResultsQuery>,
) -> AppResult<Json<SurveyResults>> {
    let tz = user.tz();
    let today = state.clock.today_in(tz);
    let (from, to) = period(q.from.as_deref(), q.to.as_deref(), today)?;
    let rows = store::due_between(&state.db, &user.company_id, from, to).await?;
    // Sent: surveys whose due date has come (future ones are not counted yet), or answered early.
    let sent: Vec<&store::ResultRow> = rows
        .iter()
        .filter(|r| r.survey.answered_at.is_some() || r.survey.due().is_ok_and(|d| d <= today))
        .collect();
    let answered: Vec<(&store::ResultRow, SurveyAnswers)> = sent
        .iter()
        .filter_map(|r| r.survey.answers().map(|a| (*r, a)))
        .collect();
    let all: Vec<SurveyAnswers> = answered.iter().map(|(_, a)| a.clone()).collect();
    let mut months: BTreeMap<String, Vec<SurveyAnswers>> = BTreeMap::new();
    for (r, a) in &answered {
        if let Some(at) = r.survey.answered_at {
            let month = from_ms(at).with_timezone(&tz).format("%Y-%m").to_string();
            months.entry(month).or_default().push(a.clone());
        }
    }
    let first = ListQuery::default();
    let comments = comments_page(&state, &user.company_id, (from, to), &first).await?;
    Ok(Json(SurveyResults {
        from,
        to,
        sent: sent.len() as u32,
        answered: all.len() as u32,
        response_rate_bp: response_rate(sent.len() as u32, all.len() as u32),
        satisfaction_milli: satisfaction_index(&all),
        nps: nps(&all),
        lowest_aspects: lowest_aspects(&all, SurveyAspect::ALL.len()),
        by_month: months
            .into_iter()
            .map(|(month, a)| MonthFigures {
                month,
                answered: a.len() as u32,
                satisfaction_milli: satisfaction_index(&a),
                nps: nps(&a),
            })
            .collect(),
        comments: comments.items,
        comments_next: comments.next_cursor,
    }))
}
