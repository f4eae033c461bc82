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

#[tokio::test]
async fn the_request_path_searches_indexes_and_never_scans_a_growing_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/plans.db", dir.path().display());
    let db = Db::connect(&url).await.expect("database");

    let session = plan(&db, &super::sessions::user_sql(), 3).await;
    assert_no_full_scan("the session lookup", &session, &[]);

    let page = plan(&db, &super::diary::page_sql(false, true), 8).await;
    assert_no_full_scan("the diary's first page", &page, &["pe"]);
    assert!(
        page.iter().any(|l| l.contains("diary_entries_timeline")),
        "the diary page walks its timeline index: {page:#?}"
    );
    let deep = plan(&db, &super::diary::page_sql(true, true), 8).await;
    assert_no_full_scan("a deep diary page", &deep, &["pe"]);

    let photo = plan(&db, &super::photos::visible_photo_sql(), 5).await;
    assert_no_full_scan("a photo", &photo, &[]);

    let one = super::projects::one_sql(false);
    assert_no_full_scan("a project", &plan(&db, &one, 5).await, &[]);
    let view = super::projects::one_sql(true);
    assert_no_full_scan("a project's view", &plan(&db, &view, 6).await, &[]);
    let list = plan(&db, &super::projects::page_sql(false), 8).await;
    assert_no_full_scan("the projects list", &list, &[]);
    assert!(
        list.iter().any(|l| l.contains("projects_company_start")),
        "the projects list walks its index in order: {list:#?}"
    );
    let deep = plan(&db, &super::projects::page_sql(true), 10).await;
    assert_no_full_scan("a deep page of projects", &deep, &[]);

    let queue = plan(&db, &super::queue::page_sql(false), 4).await;
    assert_no_full_scan("the service queue", &queue, &[]);
    assert!(
        queue.iter().any(|l| l.contains("service_items_queue")),
        "the queue walks its index in order: {queue:#?}"
    );
    let deep = plan(&db, &super::queue::page_sql(true), 6).await;
    assert_no_full_scan("a deep page of the queue", &deep, &[]);

    let overdue = plan(&db, &super::surveys::overdue_sql(false), 3).await;
    assert_no_full_scan("the overdue surveys", &overdue, &[]);
    let deep = plan(&db, &super::surveys::overdue_sql(true), 5).await;
    assert_no_full_scan("a deep page of overdue surveys", &deep, &[]);
    let comments = plan(&db, &super::surveys::comments_sql(false), 5).await;
    assert_no_full_scan("the survey comments", &comments, &[]);
    let deep = plan(&db, &super::surveys::comments_sql(true), 7).await;
    assert_no_full_scan("a deep page of survey comments", &deep, &[]);
}
