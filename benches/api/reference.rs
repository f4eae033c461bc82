//! The reference: a bare axum + sqlx SQLite server answering one 20-row list shaped like the
//! portal's diary page (entries with their author's name, trades and photos), from a SQLite
//! file in WAL mode, 8 connections (as the portal's pool). No sessions, no access check, no
//! middleware: the floor the portal's API is measured against. `/list-any` answers the same
//! through sqlx's `Any` driver (as the portal reads its database), to show that driver's share.

use std::str::FromStr;
use std::time::Duration;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AnyPool, SqlitePool};

use crate::http::need;
use crate::Res;

const PROJECT: &str = "p1";

/// The same file through the native SQLite driver and through sqlx's `Any` driver.
#[derive(Clone)]
struct Pools {
    native: SqlitePool,
    any: AnyPool,
}

#[derive(Serialize)]
struct Photo {
    id: String,
    width: i64,
    height: i64,
    thumb_url: String,
    large_url: String,
    original_url: String,
}

#[derive(Serialize)]
struct Entry {
    id: String,
    project_id: String,
    entry_date: String,
    weather: String,
    work_done: String,
    trades: serde_json::Value,
    materials: String,
    problems: String,
    photos: Vec<Photo>,
    author_name: String,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize)]
struct Page {
    items: Vec<Entry>,
    next_cursor: Option<String>,
}

/// `seed-bench reference --bind 127.0.0.1:PORT --db FILE`: fills the file on first use, serves
/// `GET /list` until killed.
pub async fn run(args: &[String]) -> Res<()> {
    let bind = need(args, "--bind")?;
    let db = need(args, "--db")?;
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{db}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    seed(&pool).await?;
    sqlx::any::install_default_drivers();
    let any = AnyPoolOptions::new()
        .max_connections(8)
        .connect(&format!("sqlite://{db}"))
        .await?;
    let pools = Pools { native: pool, any };
    let app = Router::new()
        .route("/list", get(list))
        .route("/list-any", get(list))
        .with_state(pools);
    let listener = tokio::net::TcpListener::bind(bind).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn seed(pool: &SqlitePool) -> Res<()> {
    let exists: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries'",
    )
    .fetch_one(pool)
    .await?;
    if exists > 0 {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for sql in [
        "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE entries (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, entry_date TEXT NOT NULL,
            author_id TEXT NOT NULL REFERENCES users(id), weather TEXT NOT NULL, work_done TEXT NOT NULL,
            trades TEXT NOT NULL, materials TEXT NOT NULL, problems TEXT NOT NULL,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (project_id, entry_date))",
        "CREATE INDEX entries_timeline ON entries(project_id, entry_date, id)",
        "CREATE TABLE photos (id TEXT PRIMARY KEY, entry_id TEXT NOT NULL REFERENCES entries(id),
            position BIGINT NOT NULL, width BIGINT NOT NULL, height BIGINT NOT NULL)",
        "CREATE INDEX photos_entry ON photos(entry_id, position)",
        "INSERT INTO users VALUES ('u1', '刘师傅班组')",
    ] {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("date")?;
    for i in 0..200i64 {
        let id = uuid::Uuid::new_v4().to_string();
        let date = start + chrono::Duration::days(i);
        sqlx::query("INSERT INTO entries VALUES ($1, $2, $3, 'u1', 'sunny', $4, $5, $6, $7, $8, $8)")
            .bind(&id)
            .bind(PROJECT)
            .bind(date.to_string())
            .bind(format!(
                "第{i}天：水电定位放线，与业主确认插座、开关及灯位高度；卫生间闭水试验48小时，楼下无渗漏。"
            ))
            .bind(r#"[{"trade":"plumber_electrician","count":2},{"trade":"labourer","count":1}]"#)
            .bind("PPR水管20米、电线BV2.5平方10卷")
            .bind(if i % 3 == 0 { "小区规定噪音作业时间为8:00–12:00、14:00–18:00，已按时停工。" } else { "" })
            .bind(1_767_225_600_000 + i * 86_400_000)
            .execute(&mut *tx)
            .await?;
        // 2.25 photos an entry, as the demo diary's pages (45 on 20 entries).
        for position in 0..(2 + i64::from(i % 4 == 1)) {
            sqlx::query("INSERT INTO photos VALUES ($1, $2, $3, 1600, 1200)")
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(&id)
                .bind(position)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn millis(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

const LIST_SQL: &str = "SELECT e.id, e.project_id, e.entry_date, e.weather, e.work_done, e.trades,
        e.materials, e.problems, e.created_at, e.updated_at, u.name AS author, p.id AS photo_id,
        p.width, p.height
    FROM (SELECT * FROM entries WHERE project_id = $1
          ORDER BY entry_date DESC, id DESC LIMIT 20) e
    JOIN users u ON u.id = e.author_id
    LEFT JOIN photos p ON p.entry_id = e.id
    ORDER BY e.entry_date DESC, e.id DESC, p.position";

/// One row of the list's query: an entry with one of its photos.
#[derive(sqlx::FromRow)]
struct ListRow {
    id: String,
    project_id: String,
    entry_date: String,
    weather: String,
    work_done: String,
    trades: String,
    materials: String,
    problems: String,
    created_at: i64,
    updated_at: i64,
    author: String,
    photo_id: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
}

type Answer = Result<Json<Page>, (axum::http::StatusCode, String)>;

fn failed(e: sqlx::Error) -> (axum::http::StatusCode, String) {
    (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// The newest 20 entries with their photos, in one query: through the native SQLite driver,
/// or at `/list-any` through sqlx's `Any` driver.
async fn list(State(pools): State<Pools>, uri: axum::http::Uri) -> Answer {
    let rows: Vec<ListRow> = if uri.path().ends_with("-any") {
        let q = sqlx::query_as(LIST_SQL).bind(PROJECT);
        q.fetch_all(&pools.any).await
    } else {
        let q = sqlx::query_as(LIST_SQL).bind(PROJECT);
        q.fetch_all(&pools.native).await
    }
    .map_err(failed)?;
    Ok(Json(page(rows)))
}

/// Rows folded per entry.
fn page(rows: Vec<ListRow>) -> Page {
    let mut items: Vec<Entry> = Vec::with_capacity(20);
    for row in rows {
        let photo = row.photo_id.map(|pid| Photo {
            thumb_url: format!("/api/v1/photos/{pid}/thumb"),
            large_url: format!("/api/v1/photos/{pid}/large"),
            original_url: format!("/api/v1/photos/{pid}/original"),
            width: row.width.unwrap_or(0),
            height: row.height.unwrap_or(0),
            id: pid,
        });
        match items.last_mut() {
            Some(e) if e.id == row.id => e.photos.extend(photo),
            _ => items.push(Entry {
                id: row.id,
                project_id: row.project_id,
                entry_date: row.entry_date,
                weather: row.weather,
                work_done: row.work_done,
                trades: serde_json::from_str(&row.trades).unwrap_or_default(),
                materials: row.materials,
                problems: row.problems,
                photos: photo.into_iter().collect(),
                author_name: row.author,
                created_at: millis(row.created_at),
                updated_at: millis(row.updated_at),
            }),
        }
    }
    let next_cursor = items.last().map(|e| format!("{}_{}", e.entry_date, e.id));
    Page { items, next_cursor }
}
