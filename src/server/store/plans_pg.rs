//! The request path's queries use indexes on PostgreSQL too: `EXPLAIN` of each hot query's
//! generic plan (the one a prepared statement gets whatever its values) shows no `Seq Scan`.
//! PostgreSQL would rightly read a table of a few rows whole, so sequential scans are priced
//! out for the check (`enable_seqscan = off`): one still chosen means no index can serve the
//! query. Runs only with `TEST_DATABASE_URL=postgres://…` (as the API tests do); skipped
//! otherwise.

use sqlx::Row;

use super::Db;

/// A fresh, migrated database next to the one `base` names.
async fn fresh(base: &str) -> Db {
    let name = format!("plans_{}", uuid::Uuid::new_v4().simple());
    let url = super::create_postgres_database(base, &name)
        .await
        .expect("database");
    Db::connect(&url).await.expect("migrated database")
}

/// The generic plan of `sql` (with `params` parameters), sequential scans priced out.
async fn plan(db: &Db, sql: &str, params: usize) -> Vec<String> {
    let args = match params {
        0 => String::new(),
        n => format!("({})", vec!["NULL"; n].join(", ")),
    };
    let script = format!(
        "SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan; \
         PREPARE hot AS {sql}; EXPLAIN EXECUTE hot{args}; DEALLOCATE hot;"
    );
    sqlx::raw_sql(&script)
        .fetch_all(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("EXPLAIN of {sql}: {e}"))
        .iter()
        .filter_map(|r| r.try_get::<String, _>(0).ok())
        .collect()
}

fn assert_indexed(what: &str, lines: &[String]) {
    assert!(!lines.is_empty(), "{what}: no plan");
    let seq: Vec<&String> = lines.iter().filter(|l| l.contains("Seq Scan")).collect();
    assert!(
        seq.is_empty(),
        "{what} reads a whole table: {seq:?}\nplan: {lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Index")),
        "{what} uses no index: {lines:#?}"
    );
}

#[tokio::test]
async fn on_postgresql_the_request_path_uses_indexes() {
    let Some(base) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
    else {
        eprintln!("skipped: TEST_DATABASE_URL is not a PostgreSQL URL");
        return;
    };
    let db = fresh(&base).await;
    for h in super::plans::hot() {
        let lines = plan(&db, &(h.sql)(false), h.params).await;
        assert_indexed(h.what, &lines);
    }
}
