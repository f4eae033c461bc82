//! Projects, and the one rule of who may see which: homeowners their own, crews those they
//! are assigned to, staff and admins their company's.

use sqlx::FromRow;

use super::Db;
use crate::domain::auth::Role;
use crate::domain::projects::Stage;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::Caller;

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

const SELECT_PROJECT: &str = "SELECT p.id, p.company_id, p.title, p.address, p.stage, \
    p.homeowner_id, h.name AS homeowner_name, p.crew_id, c.name AS crew_name, \
    p.start_date, p.planned_end_date, \
    (SELECT COUNT(*) FROM diary_entries d WHERE d.project_id = p.id) AS diary_count, \
    (SELECT MAX(d.entry_date) FROM diary_entries d WHERE d.project_id = p.id) AS last_diary_date, \
    p.handover_date \
    FROM projects p JOIN users h ON h.id = p.homeowner_id LEFT JOIN crews c ON c.id = p.crew_id \
    WHERE p.company_id = $1 AND ($2 = 'all' OR p.homeowner_id = $3 OR p.crew_id = $4)";

/// The bind values that express what a user may see.
fn scope(user: &Caller) -> AppResult<(&'static str, String, String)> {
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

/// Every project the user may see, newest first.
pub async fn visible(db: &Db, user: &Caller) -> AppResult<Vec<ProjectRow>> {
    let (all, owner, crew) = scope(user)?;
    Ok(sqlx::query_as::<_, ProjectRow>(&format!(
        "{SELECT_PROJECT} ORDER BY p.start_date DESC, p.id"
    ))
    .bind(&user.company_id)
    .bind(all)
    .bind(owner)
    .bind(crew)
    .fetch_all(&db.pool)
    .await?)
}

/// One project, if the user may see it; otherwise `NotFound` (never "forbidden", so ids
/// of other customers' projects reveal nothing).
pub async fn visible_one(db: &Db, user: &Caller, project_id: &str) -> AppResult<ProjectRow> {
    let (all, owner, crew) = scope(user)?;
    sqlx::query_as::<_, ProjectRow>(&format!("{SELECT_PROJECT} AND p.id = $5"))
        .bind(&user.company_id)
        .bind(all)
        .bind(owner)
        .bind(crew)
        .bind(project_id)
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
