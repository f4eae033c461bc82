//! Diary entries, their edit history and the photos attached to them.

use chrono::NaiveDate;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, FromRow, Transaction};

use super::select::{self, Selected};
use super::{projects, Db};
use crate::domain::diary::{DiaryCursor, DiaryInput, TradeCount, Weather};
use crate::domain::error::FieldReason;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::Caller;

/// A diary entry row with the author's display name.
#[derive(Debug, Clone, FromRow)]
pub struct EntryRow {
    pub id: String,
    pub project_id: String,
    pub entry_date: String,
    pub author_id: String,
    pub author_name: String,
    pub weather: String,
    pub work_done: String,
    pub trades: String,
    pub materials: String,
    pub problems: String,
    pub revision_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl EntryRow {
    pub fn date(&self) -> AppResult<NaiveDate> {
        self.entry_date
            .parse()
            .map_err(|_| AppError::internal("bad entry_date in database"))
    }
    pub fn weather(&self) -> Weather {
        Weather::parse(&self.weather).unwrap_or(Weather::Sunny)
    }
    pub fn trades(&self) -> Vec<TradeCount> {
        serde_json::from_str(&self.trades).unwrap_or_default()
    }
}

const SELECT_ENTRY: &str = "SELECT e.id, e.project_id, e.entry_date, e.author_id, \
    COALESCE(c.name, u.name) AS author_name, e.weather, e.work_done, e.trades, e.materials, \
    e.problems, e.revision_count, e.created_at, e.updated_at \
    FROM diary_entries e JOIN users u ON u.id = e.author_id LEFT JOIN crews c ON c.id = u.crew_id";

/// The page query: `$1` project, `$2..$5` the caller's scope, `$6` rows, `$7`/`$8` the
/// cursor's date and id (always bound; compared only when there is a cursor).
pub(super) fn page_sql(with_cursor: bool, sqlite: bool) -> String {
    let keyset = if with_cursor {
        "AND (e.entry_date < $7 OR (e.entry_date = $7 AND e.id < $8))"
    } else {
        "AND $7 = $7 AND $8 = $8"
    };
    // The posted photos of each entry as one text, `id:width:height` joined by `,` in their
    // order: one row per entry (a join would repeat every entry's texts once per photo).
    let photo = "ph.id || ':' || ph.width || ':' || ph.height";
    let photos = if sqlite {
        format!("group_concat({photo}, ',' ORDER BY ph.position)")
    } else {
        format!("string_agg({photo}, ',' ORDER BY ph.position)")
    };
    format!(
        "SELECT pe.id, pe.project_id, pe.entry_date, pe.author_id, \
         COALESCE(c.name, u.name) AS author_name, pe.weather, pe.work_done, pe.trades, pe.materials, \
         pe.problems, pe.revision_count, pe.created_at, pe.updated_at, \
         (SELECT {photos} FROM photos ph WHERE ph.entry_id = pe.id AND ph.position IS NOT NULL) \
           AS photos \
         FROM (SELECT e.* FROM diary_entries e JOIN projects p ON p.id = e.project_id \
           WHERE e.project_id = $1 AND {visible} {keyset} \
           ORDER BY e.entry_date DESC, e.id DESC LIMIT $6) pe \
         JOIN users u ON u.id = pe.author_id LEFT JOIN crews c ON c.id = u.crew_id \
         ORDER BY pe.entry_date DESC, pe.id DESC",
        visible = projects::visible_sql(2),
    )
}

/// An entry of a page with its photos as one text (see [`page_sql`]).
#[derive(FromRow)]
struct EntryPhotosRow {
    #[sqlx(flatten)]
    entry: EntryRow,
    photos: Option<String>,
}

/// `id:width:height,…` as (id, width, height), in order; a malformed part is an error.
fn parse_photos(text: &str) -> AppResult<Vec<(String, i64, i64)>> {
    text.split(',')
        .filter(|p| !p.is_empty())
        .map(|part| {
            let mut it = part.split(':');
            match (it.next(), it.next(), it.next(), it.next()) {
                (Some(id), Some(w), Some(h), None) => match (w.parse(), h.parse()) {
                    (Ok(w), Ok(h)) => Ok((id.to_string(), w, h)),
                    _ => Err(AppError::internal("bad photo size in a diary page")),
                },
                _ => Err(AppError::internal("bad photo list in a diary page")),
            }
        })
        .collect()
}

/// A page entry with its posted photos in order: (id, width, height).
pub type PageEntry = (EntryRow, Vec<(String, i64, i64)>);

/// One page of the timeline of a project the caller may see, with the entries' photos, in
/// one query (the hot path of the app). Not found when the project is not the caller's.
pub async fn visible_page(
    db: &Db,
    user: &Caller,
    project_id: &str,
    after: Option<&DiaryCursor>,
    limit: u32,
) -> AppResult<Vec<PageEntry>> {
    let (all, owner, crew) = projects::scope(user)?;
    let sql = page_sql(after.is_some(), db.is_sqlite);
    let (day, id) = after
        .map(|c| (c.date.to_string(), c.id.clone()))
        .unwrap_or_default();
    let rows = sqlx::query_as::<_, EntryPhotosRow>(&sql)
        .bind(project_id)
        .bind(&user.company_id)
        .bind(all)
        .bind(owner)
        .bind(crew)
        .bind(limit as i64 + 1)
        .bind(day)
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
    if rows.is_empty() {
        // Rare: the end of the diary, or not the caller's project (404).
        projects::visible_one(db, user, project_id).await?;
        return Ok(Vec::new());
    }
    rows.into_iter()
        .map(|row| {
            Ok((
                row.entry,
                parse_photos(row.photos.as_deref().unwrap_or(""))?,
            ))
        })
        .collect()
}

/// One entry by id (access is checked by the caller through its project).
pub async fn get(db: &Db, id: &str) -> AppResult<Option<EntryRow>> {
    select::optional(&db.pool, "WHERE e.id = $1", &[id.into()]).await
}

impl Selected for EntryRow {
    const SELECT: &'static str = SELECT_ENTRY;
}

/// The id of a project's entry for a day, if there is one.
pub async fn id_for_day(db: &Db, project_id: &str, day: NaiveDate) -> AppResult<Option<String>> {
    Ok(
        sqlx::query_scalar(
            "SELECT id FROM diary_entries WHERE project_id = $1 AND entry_date = $2",
        )
        .bind(project_id)
        .bind(day.to_string())
        .fetch_optional(&db.pool)
        .await?,
    )
}

/// Checks that every photo id is an upload of this user for this project, free or already
/// on this entry; answers a validation error naming the field otherwise.
async fn check_photos(
    tx: &mut Transaction<'_, Any>,
    input: &DiaryInput,
    project_id: &str,
    user_id: &str,
    entry_id: &str,
) -> AppResult<()> {
    if input.photo_ids.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT COUNT(*) FROM photos WHERE project_id = $1 AND uploaded_by = $2 \
         AND (entry_id IS NULL OR entry_id = $3) AND id IN ({})",
        super::placeholders(4, input.photo_ids.len())
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql)
        .bind(project_id)
        .bind(user_id)
        .bind(entry_id);
    for id in &input.photo_ids {
        q = q.bind(id);
    }
    let n = q.fetch_one(&mut **tx).await?;
    if n as usize != input.photo_ids.len() {
        return Err(AppError::field(
            "photo_ids",
            FieldReason::NotAllowed,
            "a photo is not one of your uploads for this project",
        ));
    }
    Ok(())
}

/// Puts the entry's photos in the given order; photos dropped from the entry stay stored
/// (the edit history refers to them) but are no longer shown.
async fn place_photos(
    tx: &mut Transaction<'_, Any>,
    entry_id: &str,
    photo_ids: &[String],
) -> AppResult<()> {
    sqlx::query("UPDATE photos SET position = NULL WHERE entry_id = $1")
        .bind(entry_id)
        .execute(&mut **tx)
        .await?;
    for (pos, id) in photo_ids.iter().enumerate() {
        sqlx::query("UPDATE photos SET entry_id = $1, position = $2 WHERE id = $3")
            .bind(entry_id)
            .bind(pos as i64)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Creates the day's entry with its photos, all or nothing. A second entry for the same
/// project and day is refused by the database's unique key (409).
pub async fn create(
    db: &Db,
    project_id: &str,
    author_id: &str,
    day: NaiveDate,
    input: &DiaryInput,
    now_ms: i64,
) -> AppResult<String> {
    let id = super::new_id();
    let mut tx = db.write().await?;
    check_photos(&mut tx, input, project_id, author_id, &id).await?;
    let insert = sqlx::query(
        "INSERT INTO diary_entries (id, project_id, entry_date, author_id, weather, work_done, trades, \
         materials, problems, revision_count, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10) ON CONFLICT (project_id, entry_date) DO NOTHING",
    )
    .bind(&id)
    .bind(project_id)
    .bind(day.to_string())
    .bind(author_id)
    .bind(input.weather.as_str());
    let insert = bind_content(insert, input)?.bind(now_ms);
    let exists = "there is already a diary entry for this project today; edit it instead";
    super::versions::insert_once(&mut *tx, insert, exists).await?;
    place_photos(&mut tx, &id, &input.photo_ids).await?;
    // The project's figures move with the entry, in the same transaction.
    sqlx::query(
        "UPDATE projects SET diary_count = diary_count + 1, last_diary_date = \
         CASE WHEN last_diary_date IS NULL OR last_diary_date < $2 THEN $2 ELSE last_diary_date END \
         WHERE id = $1",
    )
    .bind(project_id)
    .bind(day.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Binds an entry's text after its weather: what was done, the trades (JSON), materials and
/// problems.
fn bind_content<'q>(
    q: Query<'q, Any, AnyArguments<'q>>,
    input: &'q DiaryInput,
) -> AppResult<Query<'q, Any, AnyArguments<'q>>> {
    let trades =
        serde_json::to_string(&input.trades).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(q.bind(&input.work_done)
        .bind(trades)
        .bind(&input.materials)
        .bind(&input.problems))
}

/// The content of an entry as it stands, for the history.
pub async fn current_content(db: &Db, row: &EntryRow) -> AppResult<DiaryInput> {
    let photo_ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM photos WHERE entry_id = $1 AND position IS NOT NULL ORDER BY position",
    )
    .bind(&row.id)
    .fetch_all(&db.pool)
    .await?;
    Ok(DiaryInput {
        weather: row.weather(),
        work_done: row.work_done.clone(),
        trades: row.trades(),
        materials: row.materials.clone(),
        problems: row.problems.clone(),
        photo_ids,
        base_revision: None,
    })
}

/// Replaces an entry's content, keeping the previous version in the history. Guarded by
/// the revision count the caller saw, so two concurrent edits cannot lose one silently.
pub async fn update(
    db: &Db,
    row: &EntryRow,
    editor_id: &str,
    input: &DiaryInput,
    now_ms: i64,
) -> AppResult<()> {
    let previous = current_content(db, row).await?;
    let mut tx = db.write().await?;
    check_photos(&mut tx, input, &row.project_id, editor_id, &row.id).await?;
    let update = sqlx::query(
        "UPDATE diary_entries SET weather = $1, work_done = $2, trades = $3, materials = $4, problems = $5, \
         revision_count = revision_count + 1, updated_at = $6 WHERE id = $7 AND revision_count = $8",
    )
    .bind(input.weather.as_str());
    let done = bind_content(update, input)?
        .bind(now_ms)
        .bind(&row.id)
        .bind(row.revision_count)
        .execute(&mut *tx)
        .await?;
    super::versions::changed_one(&done, "the entry")?;
    sqlx::query(
        "INSERT INTO diary_revisions (id, entry_id, revision, content, replaced_at, replaced_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(super::new_id())
    .bind(&row.id)
    .bind(row.revision_count + 1)
    .bind(serde_json::to_string(&previous).map_err(|e| AppError::internal(e.to_string()))?)
    .bind(now_ms)
    .bind(editor_id)
    .execute(&mut *tx)
    .await?;
    place_photos(&mut tx, &row.id, &input.photo_ids).await?;
    tx.commit().await?;
    Ok(())
}

/// A stored earlier version.
#[derive(Debug, Clone, FromRow)]
pub struct RevisionRow {
    pub revision: i64,
    pub content: String,
    pub replaced_at: i64,
}

/// An entry's earlier versions, newest first.
pub async fn revisions(db: &Db, entry_id: &str) -> AppResult<Vec<RevisionRow>> {
    Ok(sqlx::query_as(
        "SELECT revision, content, replaced_at FROM diary_revisions WHERE entry_id = $1 ORDER BY revision DESC",
    )
    .bind(entry_id)
    .fetch_all(&db.pool)
    .await?)
}

#[cfg(test)]
mod page_tests {
    use super::parse_photos;

    #[test]
    fn a_page_rows_photo_text_reads_back_in_order() {
        assert_eq!(parse_photos("").expect("empty"), vec![]);
        assert_eq!(
            parse_photos("b:1600:1200,a:1200:1600").expect("two"),
            vec![("b".to_string(), 1600, 1200), ("a".to_string(), 1200, 1600)]
        );
        assert!(parse_photos("b:1600").is_err());
        assert!(parse_photos("b:x:1200").is_err());
        assert!(parse_photos("b:1:2:3").is_err());
    }
}
