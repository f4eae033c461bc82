//! The request path's queries use indexes: `EXPLAIN QUERY PLAN` on SQLite shows no full scan
//! of a table that grows with use (diary entries, photos, sessions, projects, users).

use sqlx::Row;

use super::Db;

/// The plan's lines of a query, with every parameter bound to a dummy text.
async fn plan(db: &Db, sql: &str, params: usize) -> Vec<String> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let mut q = sqlx::query(&explain);
    for _ in 0..params {
        q = q.bind("x");
    }
    q.fetch_all(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("EXPLAIN of {sql}: {e}"))
        .iter()
        .map(|r| r.try_get::<String, _>(3).unwrap_or_default())
        .collect()
}

/// Fails when a step reads a whole table instead of searching an index. A scan of `allowed`
/// (a subquery's few rows) is fine.
fn assert_no_full_scan(what: &str, lines: &[String], allowed: &[&str]) {
    for line in lines {
        let Some(target) = line.strip_prefix("SCAN ") else {
            continue;
        };
        let alias = target.split_whitespace().next().unwrap_or("");
        let ok = allowed.contains(&alias) || target.contains("USING COVERING INDEX");
        assert!(ok, "{what} reads a whole table: {line}\nplan: {lines:#?}");
    }
    assert!(!lines.is_empty(), "{what}: no plan");
}

/// A query on the request path, checked on both databases: what it is, its SQL (for
/// SQLite when given `true`, for PostgreSQL when `false`), how many parameters it takes,
/// the aliases SQLite may read whole (a subquery's few rows) and the index SQLite must walk
/// (a list in its order).
pub(super) struct Hot {
    pub what: &'static str,
    pub sql: fn(bool) -> String,
    pub params: usize,
    pub scans: &'static [&'static str],
    pub walks: Option<&'static str>,
}

/// Every hot query, each list with its first page and a deep page (after a cursor).
pub(super) fn hot() -> Vec<Hot> {
    let q = |what, sql, params| Hot {
        what,
        sql,
        params,
        scans: &[],
        walks: None,
    };
    vec![
        q("the session lookup", |_| super::sessions::user_sql(), 3),
        Hot {
            scans: &["pe"],
            walks: Some("diary_entries_timeline"),
            ..q(
                "the diary's first page",
                |lite| super::diary::page_sql(false, lite),
                8,
            )
        },
        Hot {
            scans: &["pe"],
            ..q(
                "a deep diary page",
                |lite| super::diary::page_sql(true, lite),
                8,
            )
        },
        q("a photo", |_| super::photos::visible_photo_sql(), 5),
        q("a project", |_| super::projects::one_sql(false), 5),
        q("a project's view", |_| super::projects::one_sql(true), 6),
        Hot {
            walks: Some("projects_company_start"),
            ..q("the projects list", |_| super::projects::page_sql(false), 8)
        },
        q(
            "a deep page of projects",
            |_| super::projects::page_sql(true),
            10,
        ),
        Hot {
            walks: Some("service_items_queue"),
            ..q("the service queue", |_| super::queue::page_sql(false), 4)
        },
        q(
            "a deep page of the queue",
            |_| super::queue::page_sql(true),
            6,
        ),
        Hot {
            walks: Some("service_items_unkeyed"),
            ..q(
                "the start-up backfill's companies",
                |_| super::queue::UNKEYED_COMPANIES.to_string(),
                0,
            )
        },
        q(
            "the overdue surveys",
            |_| super::surveys::overdue_sql(false),
            3,
        ),
        q(
            "a deep page of overdue surveys",
            |_| super::surveys::overdue_sql(true),
            5,
        ),
        q(
            "the survey comments",
            |_| super::surveys::comments_sql(false),
            5,
        ),
        q(
            "a deep page of survey comments",
            |_| super::surveys::comments_sql(true),
            7,
        ),
    ]
}

#[tokio::test]
async fn the_request_path_searches_indexes_and_never_scans_a_growing_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/plans.db", dir.path().display());
    let db = Db::connect(&url).await.expect("database");
    for h in hot() {
        let lines = plan(&db, &(h.sql)(true), h.params).await;
        assert_no_full_scan(h.what, &lines, h.scans);
        if let Some(index) = h.walks {
            assert!(
                lines.iter().any(|l| l.contains(index)),
                "{} walks {index} in order: {lines:#?}",
                h.what
            );
        }
    }
}
