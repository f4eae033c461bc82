//! The weekly leaderboard: gathering each crew's week from the records, the company's
//! configuration, and the frozen snapshots of published weeks.
//!
//! Every input is bucketed by the ISO week (company time zone) of its timestamp: ratings by
//! the `week` fixed when they were created (their own week, or the first open week if that
//! one was already published), inspections by `inspected_at`, rework by `due_at`,
//! complaints by `created_at`, delays by calendar day. A published week is only ever read
//! from its snapshot, so data arriving later can never change it.

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use sqlx::FromRow;

use super::Db;
use crate::domain::projects::Stage;
use crate::domain::quality::{BoardStatus, LeaderboardConfig};
use crate::domain::ratings::{
    delay_days_in_week, leaderboard, project_active_in_week, CrewWeek, CrewWeekInputs, IsoWeek,
    Leaderboard, LeaderboardSettings, ListMark, Ranked, RatingPrior, ScoreExplanation,
    FALLBACK_PRIOR_MEAN_MILLI,
};
use crate::server::error::{AppError, AppResult};

/// The company's configuration (defaults until an admin saves one).
pub async fn config(db: &Db, company_id: &str) -> AppResult<LeaderboardConfig> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT settings FROM leaderboard_settings WHERE company_id = $1")
            .bind(company_id)
            .fetch_optional(&db.pool)
            .await?;
    match json {
        Some(j) => serde_json::from_str(&j).map_err(|e| AppError::internal(e.to_string())),
        None => Ok(LeaderboardConfig::default()),
    }
}

/// Saves the company's configuration (validated by the caller), made from version
/// `base_version` of it (409 `stale_revision` when another edit came first).
pub async fn save_config(
    db: &Db,
    company_id: &str,
    (cfg, base_version): (&LeaderboardConfig, Option<i64>),
    by: &str,
    now_ms: i64,
) -> AppResult<()> {
    let json = serde_json::to_string(cfg).map_err(|e| AppError::internal(e.to_string()))?;
    let mut tx = db.write().await?;
    super::versions::advance(
        &mut tx,
        company_id,
        super::versions::SettingsDoc::Leaderboard,
        base_version,
    )
    .await?;
    sqlx::query(
        "INSERT INTO leaderboard_settings (company_id, settings, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (company_id) DO UPDATE SET settings = $2, \
         updated_by = $3, updated_at = $4",
    )
    .bind(company_id)
    .bind(json)
    .bind(by)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The company's crews: id → name.
pub async fn crew_names(db: &Db, company_id: &str) -> AppResult<HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM crews WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().collect())
}

/// The latest published week of the company.
pub async fn published_up_to(db: &Db, company_id: &str) -> AppResult<Option<IsoWeek>> {
    let w: Option<String> =
        sqlx::query_scalar("SELECT MAX(week) FROM leaderboard_weeks WHERE company_id = $1")
            .bind(company_id)
            .fetch_one(&db.pool)
            .await?;
    w.map(|w| {
        w.parse::<IsoWeek>()
            .map_err(|e| AppError::internal(e.to_string()))
    })
    .transpose()
}

#[derive(Debug, FromRow)]
struct ProjectFacts {
    crew_id: String,
    stage: String,
    start_date: Option<String>,
    planned_end_date: Option<String>,
    handover_date: Option<String>,
}

fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|d| d.parse().ok())
}

/// The prior of the Bayesian average for `week`: the mean of every rating of the company up
/// to that week, with the configured weight.
async fn prior_for(
    db: &Db,
    company_id: &str,
    week: IsoWeek,
    weight: u32,
) -> AppResult<RatingPrior> {
    let (sum, n): (Option<i64>, i64) = sqlx::query_as(
        "SELECT CAST(SUM(average_milli) AS BIGINT), COUNT(*) FROM crew_ratings \
         WHERE company_id = $1 AND week <= $2",
    )
    .bind(company_id)
    .bind(week.to_string())
    .fetch_one(&db.pool)
    .await?;
    let mean = match (sum, n) {
        (Some(sum), n) if n > 0 => {
            u32::try_from((sum + n / 2) / n).unwrap_or(FALLBACK_PRIOR_MEAN_MILLI)
        }
        _ => FALLBACK_PRIOR_MEAN_MILLI,
    };
    Ok(RatingPrior {
        mean_milli: mean,
        weight,
    })
}

/// Every crew's records for `week` (company time zone `tz`; delays counted up to `today`).
pub async fn gather(
    db: &Db,
    company_id: &str,
    week: IsoWeek,
    tz: Tz,
    today: NaiveDate,
) -> AppResult<Vec<CrewWeek>> {
    let mut inputs: HashMap<String, CrewWeekInputs> = crew_names(db, company_id)
        .await?
        .into_keys()
        .map(|id| (id, CrewWeekInputs::default()))
        .collect();
    let start = week.start_in(tz).timestamp_millis();
    let end = week.end_in(tz).timestamp_millis();

    let ratings: Vec<(String, i64)> = sqlx::query_as(
        "SELECT crew_id, average_milli FROM crew_ratings WHERE company_id = $1 AND week = $2",
    )
    .bind(company_id)
    .bind(week.to_string())
    .fetch_all(&db.pool)
    .await?;
    for (crew, avg) in ratings {
        if let Some(i) = inputs.get_mut(&crew) {
            i.ratings.push(u32::try_from(avg).unwrap_or(0));
        }
    }

    let projects: Vec<ProjectFacts> = sqlx::query_as(
        "SELECT crew_id, stage, start_date, planned_end_date, handover_date FROM projects \
         WHERE company_id = $1 AND crew_id IS NOT NULL",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?;
    for p in projects {
        let handover = date(&p.handover_date);
        let stage = Stage::parse(&p.stage).unwrap_or(Stage::Construction);
        let on_site = stage.index() >= Stage::Contract.index()
            && (handover.is_some() || stage.index() < Stage::Handover.index());
        if !on_site || !project_active_in_week(week, date(&p.start_date), handover) {
            continue;
        }
        if let Some(i) = inputs.get_mut(&p.crew_id) {
            i.active_projects += 1;
            if let Some(planned) = date(&p.planned_end_date) {
                i.delay_days += delay_days_in_week(week, planned, handover, today);
            }
        }
    }

    let nodes: Vec<(String, i64)> = sqlx::query_as(
        "SELECT p.crew_id, n.first_pass FROM project_nodes n JOIN projects p ON p.id = n.project_id \
         WHERE p.company_id = $1 AND p.crew_id IS NOT NULL AND n.first_pass IS NOT NULL \
         AND n.inspected_at >= $2 AND n.inspected_at < $3",
    )
    .bind(company_id)
    .bind(start)
    .bind(end)
    .fetch_all(&db.pool)
    .await?;
    for (crew, first_pass) in nodes {
        if let Some(i) = inputs.get_mut(&crew) {
            i.inspections_total += 1;
            i.inspections_first_pass += u32::from(first_pass != 0);
        }
    }

    let rework: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT p.crew_id, r.due_at, r.closed_at FROM rework_items r JOIN projects p ON p.id = r.project_id \
         WHERE p.company_id = $1 AND p.crew_id IS NOT NULL AND r.due_at >= $2 AND r.due_at < $3",
    )
    .bind(company_id)
    .bind(start)
    .bind(end)
    .fetch_all(&db.pool)
    .await?;
    for (crew, due, closed) in rework {
        if let Some(i) = inputs.get_mut(&crew) {
            i.rework_total += 1;
            i.rework_on_time += u32::from(closed.is_some_and(|c| c <= due));
        }
    }

    let complaints: Vec<(String,)> = sqlx::query_as(
        "SELECT p.crew_id FROM service_items s JOIN projects p ON p.id = s.project_id \
         WHERE s.company_id = $1 AND s.kind = 'complaint' AND p.crew_id IS NOT NULL \
         AND s.created_at >= $2 AND s.created_at < $3",
    )
    .bind(company_id)
    .bind(start)
    .bind(end)
    .fetch_all(&db.pool)
    .await?;
    for (crew,) in complaints {
        if let Some(i) = inputs.get_mut(&crew) {
            i.complaints += 1;
        }
    }

    Ok(inputs
        .into_iter()
        .map(|(crew_id, inputs)| CrewWeek { crew_id, inputs })
        .collect())
}

/// A week's board with what the API shows around it.
#[derive(Debug, Clone)]
pub struct Board {
    pub status: BoardStatus,
    pub published_at: Option<i64>,
    /// The settings it was computed with (the prior mean included).
    pub settings: LeaderboardSettings,
    pub board: Leaderboard,
}

/// Computes a week from the records as they stand (not frozen).
pub async fn live(
    db: &Db,
    company_id: &str,
    week: IsoWeek,
    tz: Tz,
    today: NaiveDate,
) -> AppResult<Board> {
    let cfg = config(db, company_id).await?;
    let settings = LeaderboardSettings {
        weights: cfg.weights,
        prior: prior_for(db, company_id, week, cfg.prior_weight).await?,
        list_size: cfg.list_size,
    };
    let crews = gather(db, company_id, week, tz, today).await?;
    Ok(Board {
        status: BoardStatus::Live,
        published_at: None,
        board: leaderboard(week, &crews, &settings),
        settings,
    })
}

#[derive(Debug, FromRow)]
struct SnapshotRow {
    crew_id: String,
    rank: Option<i64>,
    list: Option<String>,
    active: i64,
    rating_count: i64,
    explanation: String,
}

fn list_str(l: Option<ListMark>) -> Option<&'static str> {
    l.map(|l| match l {
        ListMark::Red => "red",
        ListMark::Black => "black",
    })
}

/// A published week from its snapshot, if it was published.
pub async fn published(db: &Db, company_id: &str, week: IsoWeek) -> AppResult<Option<Board>> {
    let meta: Option<(String, i64)> = sqlx::query_as(
        "SELECT settings, published_at FROM leaderboard_weeks WHERE company_id = $1 AND week = $2",
    )
    .bind(company_id)
    .bind(week.to_string())
    .fetch_optional(&db.pool)
    .await?;
    let Some((settings, published_at)) = meta else {
        return Ok(None);
    };
    let bad = |e: serde_json::Error| AppError::internal(e.to_string());
    let settings: LeaderboardSettings = serde_json::from_str(&settings).map_err(bad)?;
    let rows: Vec<SnapshotRow> = sqlx::query_as(
        "SELECT crew_id, rank, list, active, rating_count, explanation FROM leaderboard_rows \
         WHERE company_id = $1 AND week = $2 ORDER BY position",
    )
    .bind(company_id)
    .bind(week.to_string())
    .fetch_all(&db.pool)
    .await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            let score: ScoreExplanation = serde_json::from_str(&r.explanation).map_err(bad)?;
            Ok(Ranked {
                rank: r.rank.and_then(|n| u32::try_from(n).ok()),
                crew_id: r.crew_id,
                rating_count: u32::try_from(r.rating_count).unwrap_or(0),
                active: r.active != 0,
                list: match r.list.as_deref() {
                    Some("red") => Some(ListMark::Red),
                    Some("black") => Some(ListMark::Black),
                    _ => None,
                },
                score,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Some(Board {
        status: BoardStatus::Published,
        published_at: Some(published_at),
        settings,
        board: Leaderboard { week, rows },
    }))
}

/// The week as published, or computed live when it is not.
pub async fn board(
    db: &Db,
    company_id: &str,
    week: IsoWeek,
    tz: Tz,
    today: NaiveDate,
) -> AppResult<Board> {
    match published(db, company_id, week).await? {
        Some(b) => Ok(b),
        None => live(db, company_id, week, tz, today).await,
    }
}

/// Freezes a week: computes it and stores the snapshot, all or nothing. Idempotent: a week
/// already published is returned as it was (`false`).
pub async fn publish(
    db: &Db,
    company_id: &str,
    week: IsoWeek,
    tz: Tz,
    today: NaiveDate,
    by: Option<&str>,
    now_ms: i64,
) -> AppResult<(Board, bool)> {
    if let Some(b) = published(db, company_id, week).await? {
        return Ok((b, false));
    }
    let b = live(db, company_id, week, tz, today).await?;
    let settings =
        serde_json::to_string(&b.settings).map_err(|e| AppError::internal(e.to_string()))?;
    let mut tx = db.write().await?;
    let inserted = sqlx::query(
        "INSERT INTO leaderboard_weeks (company_id, week, settings, published_by, published_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (company_id, week) DO NOTHING",
    )
    .bind(company_id)
    .bind(week.to_string())
    .bind(settings)
    .bind(by)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        tx.rollback().await?;
        let b = published(db, company_id, week)
            .await?
            .ok_or_else(|| AppError::internal("published week vanished"))?;
        return Ok((b, false));
    }
    for (pos, r) in b.board.rows.iter().enumerate() {
        sqlx::query(
            "INSERT INTO leaderboard_rows (company_id, week, crew_id, position, rank, list, active, \
             rating_count, total_milli, explanation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(company_id)
        .bind(week.to_string())
        .bind(&r.crew_id)
        .bind(pos as i64)
        .bind(r.rank.map(i64::from))
        .bind(list_str(r.list))
        .bind(i64::from(r.active))
        .bind(i64::from(r.rating_count))
        .bind(i64::from(r.score.total_milli))
        .bind(serde_json::to_string(&r.score).map_err(|e| AppError::internal(e.to_string()))?)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok((
        Board {
            status: BoardStatus::Published,
            published_at: Some(now_ms),
            ..b
        },
        true,
    ))
}
