//! Projects, and the one rule of who may see which: homeowners their own, crews those they
//! are assigned to, staff and admins their company's.

use sqlx::FromRow;

use super::Db;
use crate::domain::auth::Role;
use crate::domain::projects::{start_of_key, Stage};
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::{Caller, ListQuery};

/// A project row with the names and counts its summary shows.
#[derive(Debug, Clone, FromRow)]
pub struct ProjectRow {
    pub id: String,
    pub company_id: String,
    pub title: String,
    pub address: String,
    pub stage: String,
    pub homeowner_id: String,
    pub homeowner_name: String,
    pub crew_id: Option<String>,
    pub crew_name: Option<String>,
    pub start_date: Option<String>,
    pub planned_end_date: Option<String>,
    pub diary_count: i64,
    pub last_diary_date: Option<String>,
    pub handover_date: Option<String>,
}

impl ProjectRow {
    pub fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::Construction)
    }
}

/// A [`ProjectRow`]'s columns and joins, for every query that makes one.
const PROJECT_COLUMNS: &str = "SELECT p.id, p.company_id, p.title, p.address, p.stage, \
    p.homeowner_id, h.name AS homeowner_name, p.crew_id, c.name AS crew_name, \
    p.start_date, p.planned_end_date, p.diary_count, p.last_diary_date, p.handover_date";
const PROJECT_JOINS: &str =
    "FROM projects p JOIN users h ON h.id = p.homeowner_id LEFT JOIN crews c ON c.id = p.crew_id";

/// One project the caller may see: `$1..$4` the scope, `$5` the project; with today's diary
/// entry (`$6` today) when `with_today`.
pub(super) fn one_sql(with_today: bool) -> String {
    let today = if with_today {
        format!(", {}", today_entry_sql(6))
    } else {
        String::new()
    };
    format!(
        "{PROJECT_COLUMNS}{today} {PROJECT_JOINS} WHERE {} AND p.id = $5",
        visible_sql(1)
    )
}

/// The id of the project's diary entry of the day bound at `$n`, as `today_entry_id`.
fn today_entry_sql(n: usize) -> String {
    format!(
        "(SELECT d.id FROM diary_entries d WHERE d.project_id = p.id AND d.entry_date = ${n}) \
         AS today_entry_id"
    )
}

/// The condition on `projects p` that a caller may see the project, with its four bind
/// values from [`scope`] at `$n`..`$n+3` (company, 'all' or 'own', homeowner id, crew id).
pub(super) fn visible_sql(n: usize) -> String {
    format!(
        "p.company_id = ${} AND (${} = 'all' OR p.homeowner_id = ${} OR p.crew_id = ${})",
        n,
        n + 1,
        n + 2,
        n + 3
    )
}

/// The bind values that express what a user may see.
pub(super) fn scope(user: &Caller) -> AppResult<(&'static str, String, String)> {
    Ok(match user.role {
        Role::Homeowner => ("own", user.id.clone(), String::new()),
        Role::Crew => (
            "own",
            String::new(),
            user.crew_id.clone().unwrap_or_default(),
        ),
        Role::Staff | Role::Admin => ("all", String::new(), String::new()),
    })
}

/// The crews of a homeowner's projects.
pub async fn crews_of_homeowner(db: &Db, homeowner_id: &str) -> AppResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT crew_id FROM projects WHERE homeowner_id = $1 AND crew_id IS NOT NULL",
    )
    .bind(homeowner_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A listed project with today's diary entry, if any.
#[derive(Debug, Clone, FromRow)]
pub struct ListedRow {
    #[sqlx(flatten)]
    pub project: ProjectRow,
    pub today_entry_id: Option<String>,
}

/// The list's order, kept the same in the keyset and the index (`projects_company_start`):
/// the cursor's `YYYYMMDD` key is compared as the date text it stands for.
const START_KEY: &str = "COALESCE(p.start_date, '')";

/// The list query: `$1..$4` scope, `$5` stage or '', `$6` a LIKE pattern or '', `$7` today,
/// `$8` rows, then `$9`/`$10` the cursor when there is one.
pub(super) fn page_sql(with_cursor: bool) -> String {
    let keyset = if with_cursor {
        format!("AND ({START_KEY} < $9 OR ({START_KEY} = $9 AND p.id < $10))")
    } else {
        String::new()
    };
    format!(
        "{PROJECT_COLUMNS}, {today} {PROJECT_JOINS} WHERE {visible} AND ($5 = '' OR p.stage = $5) \
         AND ($6 = '' OR LOWER(p.title) LIKE $6 ESCAPE '\\' OR LOWER(p.address) LIKE $6 ESCAPE '\\' \
              OR LOWER(h.name) LIKE $6 ESCAPE '\\') {keyset} \
         ORDER BY {START_KEY} DESC, p.id DESC LIMIT $8",
        visible = visible_sql(1),
        today = today_entry_sql(7),
    )
}

/// A LIKE pattern matching the text anywhere, its wildcards taken literally.
pub(super) fn contains_pattern(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut p = String::from("%");
    for ch in text.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// One page of the projects the user may see (one row more than asked, so the caller knows
/// whether another page follows), filtered and searched on the server, in one query.
pub async fn page(
    db: &Db,
    user: &Caller,
    filter: &ListQuery<Stage>,
    today: chrono::NaiveDate,
) -> AppResult<Vec<ListedRow>> {
    let (all, owner, crew) = scope(user)?;
    let sql = page_sql(filter.after.is_some());
    let mut q = sqlx::query_as::<_, ListedRow>(&sql)
        .bind(&user.company_id)
        .bind(all)
        .bind(owner)
        .bind(crew)
        .bind(filter.filter.map(Stage::as_str).unwrap_or(""))
        .bind(contains_pattern(&filter.search))
        .bind(today.to_string())
        .bind(i64::from(filter.limit) + 1);
    if let Some(c) = &filter.after {
        q = q.bind(start_of_key(c.key)?).bind(c.id.clone());
    }
    Ok(q.fetch_all(&db.pool).await?)
}

/// One project, if the user may see it; otherwise `NotFound` (never "forbidden", so ids
/// of other customers' projects reveal nothing).
pub async fn visible_one(db: &Db, user: &Caller, project_id: &str) -> AppResult<ProjectRow> {
    let (all, owner, crew) = scope(user)?;
    sqlx::query_as::<_, ProjectRow>(&one_sql(false))
        .bind(&user.company_id)
        .bind(all)
        .bind(owner)
        .bind(crew)
        .bind(project_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(AppError::not_found)
}

/// [`visible_one`] with the project's diary entry of `today`, in the same one query.
pub async fn visible_one_today(
    db: &Db,
    user: &Caller,
    project_id: &str,
    today: chrono::NaiveDate,
) -> AppResult<ListedRow> {
    let (all, owner, crew) = scope(user)?;
    sqlx::query_as::<_, ListedRow>(&one_sql(true))
        .bind(&user.company_id)
        .bind(all)
        .bind(owner)
        .bind(crew)
        .bind(project_id)
        .bind(today.to_string())
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(AppError::not_found)
}

/// What a new project is made of (demo data and admin tools).
pub struct NewProject<'a> {
    pub company_id: &'a str,
    pub title: &'a str,
    pub address: &'a str,
    pub stage: Stage,
    pub homeowner_id: &'a str,
    pub crew_id: Option<&'a str>,
    pub start_date: Option<chrono::NaiveDate>,
    pub planned_end_date: Option<chrono::NaiveDate>,
}

/// Inserts a project and returns its id.
pub async fn insert(db: &Db, p: NewProject<'_>, now_ms: i64) -> AppResult<String> {
    let id = super::new_id();
    sqlx::query(
        "INSERT INTO projects (id, company_id, title, address, stage, homeowner_id, crew_id, \
         start_date, planned_end_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(p.company_id)
    .bind(p.title)
    .bind(p.address)
    .bind(p.stage.as_str())
    .bind(p.homeowner_id)
    .bind(p.crew_id)
    .bind(p.start_date.map(|d| d.to_string()))
    .bind(p.planned_end_date.map(|d| d.to_string()))
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(id)
}
