//! Users and their companies.

use sqlx::FromRow;

use super::select::{self, Selected};
use super::Db;
use crate::domain::auth::Role;
use crate::server::error::{AppError, AppResult};

/// A user row with what every request needs to decide access.
#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: String,
    pub company_id: String,
    pub role: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub crew_id: Option<String>,
    pub company_name: String,
    pub time_zone: String,
    /// 1 when the user's second factor (TOTP) is on.
    pub totp_on: i64,
    /// 1 when the company requires a second factor of its staff.
    pub require_staff_totp: i64,
    /// The version of the customer privacy agreement the user accepted, if any.
    pub agreement_version: Option<i64>,
}

impl UserRow {
    /// The role, refusing rows with an unknown one.
    pub fn role(&self) -> AppResult<Role> {
        Role::parse(&self.role).ok_or_else(|| AppError::internal("unknown role in database"))
    }

    /// Staff or admin: works the company's projects and queues.
    pub fn is_staff(&self) -> bool {
        matches!(self.role(), Ok(Role::Staff | Role::Admin))
    }

    /// The company's time zone (falls back to China Standard Time).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai)
    }
}

/// The columns of a [`UserRow`], over `users u JOIN companies c` (the session lookup joins
/// them to its session row, so a request costs one query for its caller).
macro_rules! user_columns {
    () => {
        "SELECT u.id, u.company_id, u.role, u.name, u.phone, u.email, \
         u.password_hash, u.crew_id, c.name AS company_name, c.time_zone, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM user_totp t \
           WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) THEN 1 ELSE 0 END AS BIGINT) AS totp_on, \
         c.require_staff_totp, u.agreement_version"
    };
}
pub(super) const USER_COLUMNS: &str = user_columns!();
const SELECT_USER: &str = concat!(
    user_columns!(),
    " FROM users u JOIN companies c ON c.id = u.company_id"
);

/// Finds a user by phone number (normalised digits).
pub async fn by_phone(db: &Db, phone: &str) -> AppResult<Option<UserRow>> {
    select::optional(&db.pool, "WHERE u.phone = $1", &[phone.into()]).await
}

/// Finds a user by email address (lower-cased).
pub async fn by_email(db: &Db, email: &str) -> AppResult<Option<UserRow>> {
    let email = email.to_lowercase();
    select::optional(&db.pool, "WHERE u.email = $1", &[(&email).into()]).await
}

/// Finds a user by id.
pub async fn by_id(db: &Db, id: &str) -> AppResult<Option<UserRow>> {
    select::optional(&db.pool, "WHERE u.id = $1", &[id.into()]).await
}

impl Selected for UserRow {
    const SELECT: &'static str = SELECT_USER;
}

/// What a new user is made of (demo data and admin tools).
pub struct NewUser<'a> {
    pub company_id: &'a str,
    pub role: Role,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub crew_id: Option<&'a str>,
}

/// Inserts a user and returns its id. The demo loader and the tests make accounts this way;
/// they count as having accepted the privacy agreement in force (staff register homeowners
/// through [`super::setup::create`], whose accounts accept it at their first sign-in).
pub async fn insert(db: &Db, u: NewUser<'_>, now_ms: i64) -> AppResult<String> {
    let id = super::new_id();
    sqlx::query(
        "INSERT INTO users (id, company_id, role, name, phone, email, password_hash, crew_id, \
         created_at, agreement_version, agreement_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(u.company_id)
    .bind(u.role.as_str())
    .bind(u.name)
    .bind(u.phone)
    .bind(u.email.map(|e| e.to_lowercase()))
    .bind(u.password_hash)
    .bind(u.crew_id)
    .bind(now_ms)
    .bind(i64::from(crate::domain::setup::AGREEMENT_VERSION))
    .bind(now_ms)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// Inserts a company and returns its id.
pub async fn insert_company(db: &Db, name: &str, tz: &str, now_ms: i64) -> AppResult<String> {
    let id = super::new_id();
    sqlx::query("INSERT INTO companies (id, name, time_zone, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(name)
        .bind(tz)
        .bind(now_ms)
        .execute(&db.pool)
        .await?;
    Ok(id)
}

/// Does the company require a second factor of its staff?
pub async fn requires_staff_totp(db: &Db, company_id: &str) -> AppResult<bool> {
    let flag: Option<i64> =
        sqlx::query_scalar("SELECT require_staff_totp FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(flag.unwrap_or(0) != 0)
}

/// Sets whether the company requires a second factor of its staff.
pub async fn set_requires_staff_totp(db: &Db, company_id: &str, required: bool) -> AppResult<()> {
    sqlx::query("UPDATE companies SET require_staff_totp = $1 WHERE id = $2")
        .bind(i64::from(required))
        .bind(company_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Inserts a crew and returns its id.
pub async fn insert_crew(db: &Db, company_id: &str, name: &str, now_ms: i64) -> AppResult<String> {
    let id = super::new_id();
    sqlx::query("INSERT INTO crews (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(company_id)
        .bind(name)
        .bind(now_ms)
        .execute(&db.pool)
        .await?;
    Ok(id)
}

/// The display name of a crew.
pub async fn crew_name(db: &Db, crew_id: &str) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM crews WHERE id = $1")
        .bind(crew_id)
        .fetch_optional(&db.pool)
        .await?)
}
