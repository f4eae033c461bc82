//! Crew ratings by homeowners: one per homeowner per target (node or handover) of a project.

use sqlx::any::{Any, AnyArguments};
use sqlx::query::Query;
use sqlx::{FromRow, Transaction};

use super::select::{self, Selected};
use super::Db;
use crate::domain::inspections::{NodeKind, NodeStatus};
use crate::domain::photos::AttachedTo;
use crate::domain::ratings::{IsoWeek, RatingInput, RatingTarget, Stars};
use crate::server::error::{AppError, AppResult};

/// A stored rating.
#[derive(Debug, Clone, FromRow)]
pub struct RatingRow {
    pub id: String,
    pub company_id: String,
    pub project_id: String,
    pub crew_id: String,
    pub homeowner_id: String,
    pub target: String,
    pub quality: i64,
    pub punctuality: i64,
    pub tidiness: i64,
    pub communication: i64,
    pub average_milli: i64,
    pub comment: String,
    pub week: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

fn stars(v: i64) -> AppResult<Stars> {
    u8::try_from(v)
        .ok()
        .and_then(|v| Stars::new(v).ok())
        .ok_or_else(|| AppError::internal("stars out of range in database"))
}

impl RatingRow {
    /// The four marks, checked.
    pub fn marks(&self) -> AppResult<[Stars; 4]> {
        Ok([
            stars(self.quality)?,
            stars(self.punctuality)?,
            stars(self.tidiness)?,
            stars(self.communication)?,
        ])
    }
}

const SELECT_RATING: &str = "SELECT id, company_id, project_id, crew_id, homeowner_id, target, \
    quality, punctuality, tidiness, communication, average_milli, comment, week, created_at, \
    updated_at, version FROM crew_ratings";

/// The ratings a homeowner gave on a project.
pub async fn for_project(
    db: &Db,
    project_id: &str,
    homeowner_id: &str,
) -> AppResult<Vec<RatingRow>> {
    let tail = "WHERE project_id = $1 AND homeowner_id = $2 ORDER BY created_at";
    select::all(&db.pool, tail, &[project_id.into(), homeowner_id.into()]).await
}

/// One homeowner's rating of one target.
pub async fn find(
    db: &Db,
    project_id: &str,
    homeowner_id: &str,
    target: &str,
) -> AppResult<Option<RatingRow>> {
    let ratings = for_project(db, project_id, homeowner_id).await?;
    Ok(ratings.into_iter().find(|r| r.target == target))
}

/// The newest ratings of a crew, and how many it has in all.
pub async fn for_crew(db: &Db, crew_id: &str, limit: u32) -> AppResult<(Vec<RatingRow>, i64)> {
    let tail = "WHERE crew_id = $1 ORDER BY created_at DESC, id LIMIT $2";
    let rows = select::all(&db.pool, tail, &[crew_id.into(), i64::from(limit).into()]).await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crew_ratings WHERE crew_id = $1")
        .bind(crew_id)
        .fetch_one(&db.pool)
        .await?;
    Ok((rows, n))
}

/// Mean stars per dimension over all of a crew's ratings: (quality, punctuality, tidiness,
/// communication) sums and the count.
pub async fn crew_sums(db: &Db, crew_id: &str) -> AppResult<(i64, [i64; 4])> {
    let row: (i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(quality) AS BIGINT), CAST(SUM(punctuality) AS BIGINT), \
         CAST(SUM(tidiness) AS BIGINT), CAST(SUM(communication) AS BIGINT) \
         FROM crew_ratings WHERE crew_id = $1",
    )
    .bind(crew_id)
    .fetch_one(&db.pool)
    .await?;
    Ok((
        row.0,
        [
            row.1.unwrap_or(0),
            row.2.unwrap_or(0),
            row.3.unwrap_or(0),
            row.4.unwrap_or(0),
        ],
    ))
}

/// The photos shown with some ratings: (rating id, photo id, width, height), in order.
pub async fn photos_of(
    db: &Db,
    rating_ids: &[String],
) -> AppResult<Vec<(String, String, i64, i64)>> {
    super::rows_in(
        db,
        "SELECT attached_id, id, width, height FROM photos WHERE attached_kind = 'rating' \
         AND position IS NOT NULL AND attached_id IN ({ids}) ORDER BY attached_id, position",
        rating_ids,
    )
    .await
}

/// Checks every photo is this homeowner's upload for this project, free (no diary entry, no
/// other attachment) or already on this rating; then shows them in the given order (photos
/// dropped from the rating are no longer shown).
async fn place_photos(
    tx: &mut Transaction<'_, Any>,
    rating_id: &str,
    project_id: &str,
    user_id: &str,
    photo_ids: &[String],
) -> AppResult<()> {
    sqlx::query(
        "UPDATE photos SET position = NULL WHERE attached_kind = 'rating' AND attached_id = $1",
    )
    .bind(rating_id)
    .execute(&mut **tx)
    .await?;
    let rating = AttachedTo::Rating;
    super::photos::attach(
        tx,
        project_id,
        user_id,
        rating,
        rating_id,
        photo_ids,
        "photo_ids",
    )
    .await
}

/// Binds a rating's marks in order: the four stars, their average (milli) and the comment.
fn bind_marks<'q>(
    q: Query<'q, Any, AnyArguments<'q>>,
    input: &'q RatingInput,
) -> Query<'q, Any, AnyArguments<'q>> {
    q.bind(i64::from(input.quality.get()))
        .bind(i64::from(input.punctuality.get()))
        .bind(i64::from(input.tidiness.get()))
        .bind(i64::from(input.communication.get()))
        .bind(i64::from(input.average_milli()))
        .bind(&input.comment)
}

/// Who rates what, for [`create`].
pub struct NewRating<'a> {
    pub company_id: &'a str,
    pub project_id: &'a str,
    pub crew_id: &'a str,
    pub homeowner_id: &'a str,
    pub target: RatingTarget,
    /// The week it counts for.
    pub week: IsoWeek,
}

/// Creates a rating with its photos, all or nothing; a second one for the same target
/// answers 409 (the unique key decides between concurrent requests).
pub async fn create(
    db: &Db,
    r: NewRating<'_>,
    input: &RatingInput,
    now_ms: i64,
) -> AppResult<String> {
    let id = super::new_id();
    let mut tx = db.write().await?;
    let insert = sqlx::query(
        "INSERT INTO crew_ratings (id, company_id, project_id, crew_id, homeowner_id, target, quality, \
         punctuality, tidiness, communication, average_milli, comment, week, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) \
         ON CONFLICT (project_id, homeowner_id, target) DO NOTHING",
    )
    .bind(&id)
    .bind(r.company_id)
    .bind(r.project_id)
    .bind(r.crew_id)
    .bind(r.homeowner_id)
    .bind(r.target.as_str());
    let insert = bind_marks(insert, input)
        .bind(r.week.to_string())
        .bind(now_ms);
    let exists = "this has already been rated; edit the rating instead";
    super::versions::insert_once(&mut *tx, insert, exists).await?;
    place_photos(&mut tx, &id, r.project_id, r.homeowner_id, &input.photo_ids).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a rating's marks, comment and photos (its week stays: a published week never changes).
pub async fn update(db: &Db, row: &RatingRow, input: &RatingInput, now_ms: i64) -> AppResult<()> {
    let mut tx = db.write().await?;
    let update = sqlx::query(
        "UPDATE crew_ratings SET quality = $1, punctuality = $2, tidiness = $3, communication = $4, \
         average_milli = $5, comment = $6, updated_at = $7, version = version + 1 \
         WHERE id = $8 AND version = $9",
    );
    let done = bind_marks(update, input)
        .bind(now_ms)
        .bind(&row.id)
        .bind(row.version)
        .execute(&mut *tx)
        .await?;
    super::versions::changed_one(&done, "the rating")?;
    place_photos(
        &mut tx,
        &row.id,
        &row.project_id,
        &row.homeowner_id,
        &input.photo_ids,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

impl Selected for RatingRow {
    const SELECT: &'static str = SELECT_RATING;
}

/// One rating by id.
pub async fn get(db: &Db, id: &str) -> AppResult<Option<RatingRow>> {
    select::optional(&db.pool, "WHERE id = $1", &[id.into()]).await
}

/// The signed-off nodes of a project, in order: (kind, signed_off_at).
pub async fn signed_off_nodes(db: &Db, project_id: &str) -> AppResult<Vec<(String, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT kind, signed_off_at FROM project_nodes WHERE project_id = $1 AND status = 'signed_off' \
         ORDER BY position",
    )
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The status of one node of a project, if it exists.
pub async fn node_status(
    db: &Db,
    project_id: &str,
    kind: NodeKind,
) -> AppResult<Option<NodeStatus>> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM project_nodes WHERE project_id = $1 AND kind = $2")
            .bind(project_id)
            .bind(kind.as_str())
            .fetch_optional(&db.pool)
            .await?;
    status
        .map(|s| NodeStatus::parse(&s).ok_or_else(|| AppError::internal("unknown node status")))
        .transpose()
}

/// A project's handover date (ISO text), if handed over.
pub async fn handover_date(db: &Db, project_id: &str) -> AppResult<Option<String>> {
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT handover_date FROM projects WHERE id = $1")
            .bind(project_id)
            .fetch_optional(&db.pool)
            .await?
            .flatten(),
    )
}
