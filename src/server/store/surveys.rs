//! Satisfaction surveys (回访): the schedule written at handover, answers (once), the
//! follow-up a low score opens in the staff queue, and the figures staff report on.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::filing::NewItem;
use super::select::{self, Selected};
use super::Db;
use crate::domain::ratings::Stars;
use crate::domain::surveys::{low_aspects, schedule, SurveyAnswers, SurveyKind, WARRANTY_YEARS};
use crate::domain::ErrorCode;
use crate::server::error::{AppError, AppResult};

/// A stored survey.
#[derive(Debug, Clone, FromRow)]
pub struct SurveyRow {
    pub id: String,
    pub company_id: String,
    pub project_id: String,
    pub sequence: i64,
    pub kind: String,
    pub due_date: String,
    pub answered_at: Option<i64>,
    pub answered_by: Option<String>,
    pub design: Option<i64>,
    pub construction_quality: Option<i64>,
    pub crew: Option<i64>,
    pub customer_service: Option<i64>,
    pub after_sales: Option<i64>,
    pub nps: Option<i64>,
    pub suggestions: Option<String>,
}

fn stars(v: Option<i64>) -> Option<Stars> {
    v.and_then(|v| u8::try_from(v).ok())
        .and_then(|v| Stars::new(v).ok())
}

impl SurveyRow {
    /// The due date.
    pub fn due(&self) -> AppResult<NaiveDate> {
        self.due_date
            .parse()
            .map_err(|_| AppError::internal("bad survey due date in database"))
    }

    /// The kind.
    pub fn kind(&self) -> AppResult<SurveyKind> {
        SurveyKind::parse(&self.kind)
            .ok_or_else(|| AppError::internal("unknown survey kind in database"))
    }

    /// The answers, once answered.
    pub fn answers(&self) -> Option<SurveyAnswers> {
        self.answered_at?;
        Some(SurveyAnswers {
            design: stars(self.design)?,
            construction_quality: stars(self.construction_quality)?,
            crew: stars(self.crew)?,
            customer_service: stars(self.customer_service)?,
            after_sales: stars(self.after_sales)?,
            nps: self.nps.and_then(|n| u8::try_from(n).ok())?,
            suggestions: self.suggestions.clone().unwrap_or_default(),
        })
    }
}

const SELECT_SURVEY: &str = "SELECT id, company_id, project_id, sequence, kind, due_date, answered_at, \
    answered_by, design, construction_quality, crew, customer_service, after_sales, nps, suggestions \
    FROM surveys";

/// Records the handover on `day` and writes the survey schedule, all or nothing. `false` if
/// the project was already handed over (nothing changes).
pub async fn record_handover(
    db: &Db,
    company_id: &str,
    project_id: &str,
    day: NaiveDate,
    now_ms: i64,
) -> AppResult<bool> {
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE projects SET handover_date = $1, stage = 'handover' WHERE id = $2 AND company_id = $3 \
         AND handover_date IS NULL",
    )
    .bind(day.to_string())
    .bind(project_id)
    .bind(company_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    for s in schedule(day, WARRANTY_YEARS) {
        sqlx::query(
            "INSERT INTO surveys (id, company_id, project_id, sequence, kind, due_date, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(super::new_id())
        .bind(company_id)
        .bind(project_id)
        .bind(i64::from(s.sequence))
        .bind(s.kind.as_str())
        .bind(s.due_date.to_string())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A project's surveys in schedule order.
pub async fn for_project(db: &Db, project_id: &str) -> AppResult<Vec<SurveyRow>> {
    let tail = "WHERE project_id = $1 ORDER BY sequence";
    select::all(&db.pool, tail, &[project_id.into()]).await
}

impl Selected for SurveyRow {
    const SELECT: &'static str = SELECT_SURVEY;
}

/// One survey by id.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<SurveyRow>> {
    select::optional(&db.pool, "WHERE id = $1", &[id.into()]).await
}

/// The follow-up a low score opens in the staff queue.
pub struct FollowUp<'a> {
    pub title: &'a str,
    pub body: &'a str,
}

/// Stores the answers, once (a second answer is a 409), and opens the follow-up item in the
/// same transaction when one is needed.
pub async fn answer(
    db: &Db,
    row: &SurveyRow,
    answers: &SurveyAnswers,
    by: &str,
    follow_up: Option<FollowUp<'_>>,
    now_ms: i64,
) -> AppResult<()> {
    let mut tx = db.write().await?;
    let done = sqlx::query(
        "UPDATE surveys SET answered_at = $1, answered_by = $2, design = $3, construction_quality = $4, \
         crew = $5, customer_service = $6, after_sales = $7, nps = $8, suggestions = $9 \
         WHERE id = $10 AND answered_at IS NULL",
    )
    .bind(now_ms)
    .bind(by)
    .bind(i64::from(answers.design.get()))
    .bind(i64::from(answers.construction_quality.get()))
    .bind(i64::from(answers.crew.get()))
    .bind(i64::from(answers.customer_service.get()))
    .bind(i64::from(answers.after_sales.get()))
    .bind(i64::from(answers.nps))
    .bind(&answers.suggestions)
    .bind(&row.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(AppError::new(
            ErrorCode::AlreadyExists,
            "this survey has already been answered",
        ));
    }
    if let Some(f) = follow_up {
        let source = format!("survey:{}", row.id);
        let ids = (row.company_id.as_str(), row.project_id.as_str(), by);
        let item = NewItem::follow_up(ids, f.title, f.body, &source);
        super::filing::file_in(&mut tx, item, now_ms).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Does an answer need a follow-up? The aspect names, if so.
pub fn follow_up_aspects(answers: &SurveyAnswers) -> Vec<&'static str> {
    low_aspects(answers)
        .into_iter()
        .map(|a| a.label_zh())
        .collect()
}

/// An overdue survey with the project and homeowner staff need for the call.
#[derive(Debug, Clone, FromRow)]
pub struct OverdueRow {
    pub id: String,
    pub project_id: String,
    pub kind: String,
    pub due_date: String,
    pub title: String,
    pub homeowner_name: String,
    pub homeowner_phone: Option<String>,
}

/// The overdue surveys' page query: `$1` company, `$2` today, `$3` rows; with a cursor
/// `$4`/`$5` the last row's due date and id (on the partial index `surveys_unanswered_due`).
pub(super) fn overdue_sql(with_cursor: bool) -> String {
    let keyset = if with_cursor {
        "AND (s.due_date > $4 OR (s.due_date = $4 AND s.id > $5))"
    } else {
        ""
    };
    format!(
        "SELECT s.id, s.project_id, s.kind, s.due_date, p.title, h.name AS homeowner_name, \
         h.phone AS homeowner_phone FROM surveys s JOIN projects p ON p.id = s.project_id \
         JOIN users h ON h.id = p.homeowner_id WHERE s.company_id = $1 AND s.answered_at IS NULL \
         AND s.due_date < $2 {keyset} ORDER BY s.due_date, s.id LIMIT $3"
    )
}

/// Unanswered surveys due before `today`, oldest first.
pub async fn overdue(
    db: &Db,
    company_id: &str,
    today: NaiveDate,
    after: Option<(NaiveDate, &str)>,
    limit: u32,
) -> AppResult<Vec<OverdueRow>> {
    let sql = overdue_sql(after.is_some());
    let mut q = sqlx::query_as(&sql)
        .bind(company_id)
        .bind(today.to_string())
        .bind(i64::from(limit) + 1);
    if let Some((day, id)) = after {
        q = q.bind(day.to_string()).bind(id.to_string());
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// A survey due in a period, with the homeowner's name for masked reporting.
#[derive(Debug, Clone, FromRow)]
pub struct ResultRow {
    #[sqlx(flatten)]
    pub survey: SurveyRow,
    pub homeowner_name: String,
}

const RESULT_COLUMNS: &str = "SELECT s.id, s.company_id, s.project_id, s.sequence, s.kind, \
    s.due_date, s.answered_at, s.answered_by, s.design, s.construction_quality, s.crew, \
    s.customer_service, s.after_sales, s.nps, s.suggestions, h.name AS homeowner_name FROM surveys s \
    JOIN projects p ON p.id = s.project_id JOIN users h ON h.id = p.homeowner_id";

impl Selected for ResultRow {
    const SELECT: &'static str = RESULT_COLUMNS;
}

/// The comments' page query: `$1` company, `$2`/`$3` the period, `$4` the search pattern or
/// '', `$5` rows; with a cursor `$6`/`$7` the last row's answer time and id (on the index
/// `surveys_company_answered_id`).
pub(super) fn comments_sql(with_cursor: bool) -> String {
    let keyset = if with_cursor {
        "AND (s.answered_at < $6 OR (s.answered_at = $6 AND s.id < $7))"
    } else {
        ""
    };
    format!(
        "{RESULT_COLUMNS} WHERE s.company_id = $1 AND s.answered_at IS NOT NULL \
         AND s.due_date >= $2 AND s.due_date <= $3 AND s.suggestions <> '' \
         AND ($4 = '' OR LOWER(s.suggestions) LIKE $4 ESCAPE '\\') {keyset} \
         ORDER BY s.answered_at DESC, s.id DESC LIMIT $5"
    )
}

/// A page of the answered surveys with suggestions, due between `from` and `to`
/// (inclusive), newest answer first: `search` a LIKE pattern over the suggestions or '',
/// `after` the last row's `(answered_at, id)`; one row more than `limit`.
pub async fn comments_page(
    db: &Db,
    company_id: &str,
    (from, to): (NaiveDate, NaiveDate),
    search: &str,
    after: Option<(i64, &str)>,
    limit: u32,
) -> AppResult<Vec<ResultRow>> {
    let sql = comments_sql(after.is_some());
    let mut q = sqlx::query_as(&sql)
        .bind(company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(super::projects::contains_pattern(search))
        .bind(i64::from(limit) + 1);
    if let Some((at, id)) = after {
        q = q.bind(at).bind(id.to_string());
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// Surveys due between `from` and `to` (inclusive).
pub async fn due_between(
    db: &Db,
    company_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<ResultRow>> {
    let tail = "WHERE s.company_id = $1 AND s.due_date >= $2 AND s.due_date <= $3 \
        ORDER BY s.due_date, s.id";
    let (from, to) = (from.to_string(), to.to_string());
    select::all(
        &db.pool,
        tail,
        &[company_id.into(), (&from).into(), (&to).into()],
    )
    .await
}
