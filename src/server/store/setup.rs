//! Projects set up by staff: the homeowner's account, the project row with its crew and
//! owner, edits guarded by a version, and the privacy agreement's acceptance.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, FromRow, Transaction};

use super::Db;
use crate::domain::auth::Role;
use crate::domain::error::FieldError;
use crate::domain::projects::Stage;
use crate::domain::setup::{Choice, Homeowner, ProjectFields, SetupChoices};
use crate::server::error::{AppError, AppResult};

/// The company's crews and staff, by name: what a project's crew and owner are chosen from.
pub async fn choices(db: &Db, company_id: &str) -> AppResult<SetupChoices> {
    let crews: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM crews WHERE company_id = $1 ORDER BY name, id")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await?;
    let owners: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, name FROM users WHERE company_id = $1 AND role IN ('staff', 'admin') \
         ORDER BY name, id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?;
    let list = |rows: Vec<(String, String)>| {
        rows.into_iter()
            .map(|(id, name)| Choice { id, name })
            .collect()
    };
    Ok(SetupChoices {
        crews: list(crews),
        owners: list(owners),
    })
}

/// Refuses a crew or owner that is not the company's (a field refusal: the form offered
/// only the company's).
async fn check_choices(
    tx: &mut Transaction<'static, Any>,
    company_id: &str,
    f: &ProjectFields,
) -> AppResult<()> {
    if let Some(crew) = &f.crew_id {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM crews WHERE id = $1 AND company_id = $2")
                .bind(crew)
                .bind(company_id)
                .fetch_one(&mut **tx)
                .await?;
        if n == 0 {
            return Err(
                FieldError::not_allowed("crew_id", "not one of the company's crews").into(),
            );
        }
    }
    if let Some(owner) = &f.owner_id {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM users WHERE id = $1 AND company_id = $2 AND role IN ('staff', 'admin')",
        )
        .bind(owner)
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await?;
        if n == 0 {
            return Err(
                FieldError::not_allowed("owner_id", "not one of the company's staff").into(),
            );
        }
    }
    Ok(())
}

/// The homeowner's account for a phone number: the company's homeowner who has it, or a new
/// account (with no password and no agreement accepted yet). A number that belongs to anyone
/// else is refused.
async fn homeowner_account(
    tx: &mut Transaction<'static, Any>,
    company_id: &str,
    person: &Homeowner,
    now_ms: i64,
) -> AppResult<(String, bool)> {
    let found: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, company_id, role FROM users WHERE phone = $1")
            .bind(person.phone.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    match found {
        Some((id, company, role))
            if company == company_id && Role::parse(&role) == Some(Role::Homeowner) =>
        {
            Ok((id, false))
        }
        Some(_) => Err(FieldError::duplicate(
            "homeowner_phone",
            "this number belongs to another account (not a homeowner of this company)",
        )
        .into()),
        None => {
            let id = super::new_id();
            sqlx::query(
                "INSERT INTO users (id, company_id, role, name, phone, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&id)
            .bind(company_id)
            .bind(Role::Homeowner.as_str())
            .bind(&person.name)
            .bind(person.phone.as_str())
            .bind(now_ms)
            .execute(&mut **tx)
            .await?;
            Ok((id, true))
        }
    }
}

/// Binds a project's fields as `$1`–`$14`, in the order the INSERT and the UPDATE name them:
/// title, address, city, compound, building, room, layout, area, contract value, stage, start,
/// planned end, crew, owner.
fn bind_fields<'q>(
    q: Query<'q, Any, AnyArguments<'q>>,
    f: &'q ProjectFields,
) -> Query<'q, Any, AnyArguments<'q>> {
    q.bind(&f.title)
        .bind(f.address())
        .bind(&f.city)
        .bind(&f.compound)
        .bind(&f.building)
        .bind(&f.room)
        .bind(&f.layout)
        .bind(f.area_m2.map(i64::from))
        .bind(f.contract_fen)
        .bind(f.stage.as_str())
        .bind(f.start_date.map(|d| d.to_string()))
        .bind(f.planned_end_date.map(|d| d.to_string()))
        .bind(f.crew_id.as_deref())
        .bind(f.owner_id.as_deref())
}

/// What [`create`] made.
#[derive(Debug, Clone)]
pub struct Created {
    pub project_id: String,
    pub homeowner_id: String,
    /// The homeowner's account was made now (else an existing homeowner got another project).
    pub new_account: bool,
}

/// Creates a project with its homeowner in one transaction: all of it or nothing.
pub async fn create(
    db: &Db,
    company_id: &str,
    f: &ProjectFields,
    person: &Homeowner,
    now_ms: i64,
) -> AppResult<Created> {
    let mut tx = db.write().await?;
    check_choices(&mut tx, company_id, f).await?;
    let (homeowner_id, new_account) =
        match homeowner_account(&mut tx, company_id, person, now_ms).await {
            // Two registrations of one new number at once: the second is refused like a
            // taken number (the first one's account may be in another company).
            Err(e) if e.is_unique_violation() => {
                return Err(FieldError::duplicate(
                    "homeowner_phone",
                    "this number was just registered; try again",
                )
                .into())
            }
            other => other?,
        };
    let project_id = super::new_id();
    // The fields first ($1–$14, as `bind_fields` binds them), then who and when.
    bind_fields(
        sqlx::query(
            "INSERT INTO projects (title, address, city, compound, building, room, layout, \
             area_m2, contract_fen, stage, start_date, planned_end_date, crew_id, owner_id, \
             id, company_id, homeowner_id, created_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 0)",
        ),
        f,
    )
    .bind(&project_id)
    .bind(company_id)
    .bind(&homeowner_id)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Created {
        project_id,
        homeowner_id,
        new_account,
    })
}

/// A project as staff edit it.
#[derive(Debug, Clone, FromRow)]
pub struct SetupRow {
    pub id: String,
    pub version: i64,
    pub title: String,
    pub address: String,
    pub city: Option<String>,
    pub compound: Option<String>,
    pub building: Option<String>,
    pub room: Option<String>,
    pub layout: Option<String>,
    pub area_m2: Option<i64>,
    pub contract_fen: Option<i64>,
    pub stage: String,
    pub start_date: Option<String>,
    pub planned_end_date: Option<String>,
    pub crew_id: Option<String>,
    pub owner_id: Option<String>,
    pub homeowner_name: String,
    pub homeowner_phone: Option<String>,
}

impl SetupRow {
    /// The stored fields. A project made before addresses had parts shows its whole address
    /// as the city, to be split on the first edit.
    pub fn fields(&self) -> ProjectFields {
        let parts = self.compound.is_some();
        let date = |d: &Option<String>| d.as_deref().and_then(|d| d.parse().ok());
        ProjectFields {
            title: self.title.clone(),
            city: if parts {
                self.city.clone().unwrap_or_default()
            } else {
                self.address.clone()
            },
            compound: self.compound.clone().unwrap_or_default(),
            building: self.building.clone().unwrap_or_default(),
            room: self.room.clone().unwrap_or_default(),
            layout: self.layout.clone().unwrap_or_default(),
            area_m2: self.area_m2.and_then(|a| u32::try_from(a).ok()),
            contract_fen: self.contract_fen,
            stage: Stage::parse(&self.stage).unwrap_or(Stage::Consultation),
            start_date: date(&self.start_date),
            planned_end_date: date(&self.planned_end_date),
            crew_id: self.crew_id.clone(),
            owner_id: self.owner_id.clone(),
        }
    }
}

/// One project of the company as staff edit it (404 for any other).
pub async fn setup_of(db: &Db, company_id: &str, project_id: &str) -> AppResult<SetupRow> {
    sqlx::query_as(
        "SELECT p.id, p.version, p.title, p.address, p.city, p.compound, p.building, p.room, \
         p.layout, p.area_m2, p.contract_fen, p.stage, p.start_date, p.planned_end_date, \
         p.crew_id, p.owner_id, u.name AS homeowner_name, u.phone AS homeowner_phone \
         FROM projects p JOIN users u ON u.id = p.homeowner_id \
         WHERE p.id = $1 AND p.company_id = $2",
    )
    .bind(project_id)
    .bind(company_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(AppError::not_found)
}

/// Saves an edit made from version `base`; `Ok(false)` when the stored version is newer
/// (nothing changed).
pub async fn update(
    db: &Db,
    company_id: &str,
    project_id: &str,
    base: i64,
    f: &ProjectFields,
) -> AppResult<bool> {
    let mut tx = db.write().await?;
    check_choices(&mut tx, company_id, f).await?;
    let done = bind_fields(
        sqlx::query(
            "UPDATE projects SET title = $1, address = $2, city = $3, compound = $4, \
             building = $5, room = $6, layout = $7, area_m2 = $8, contract_fen = $9, stage = $10, \
             start_date = $11, planned_end_date = $12, crew_id = $13, owner_id = $14, \
             version = version + 1 WHERE id = $15 AND company_id = $16 AND version = $17",
        ),
        f,
    )
    .bind(project_id)
    .bind(company_id)
    .bind(base)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(done == 1)
}

/// Records that a user accepted the privacy agreement of `version`, and when.
pub async fn accept_agreement(db: &Db, user_id: &str, version: u32, now_ms: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET agreement_version = $1, agreement_at = $2 WHERE id = $3")
        .bind(i64::from(version))
        .bind(now_ms)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
