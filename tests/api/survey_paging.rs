//! The staff's survey lists a page at a time: overdue call tasks oldest due first, and the
//! results' comments newest first, searched on the server and still masked.

use chrono::Duration;
use reqwest::Client;
use serde_json::Value;

use crate::support::get;
use crate::support::get_ok;
use crate::support::{assert_error, TestApp, World};

/// Every page of a staff list at `path` (which has a query already), following the cursors:
/// the items in order and the number of pages.
pub async fn walk(c: &Client, app: &TestApp, path: &str) -> (Vec<Value>, usize) {
    let (mut items, mut pages) = (Vec::new(), 0);
    let mut after: Option<String> = None;
    loop {
        let cursor = after.map(|a| format!("&after={a}")).unwrap_or_default();
        let page = get_ok(c, app.url(&format!("{path}{cursor}"))).await;
        pages += 1;
        items.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next_cursor"].as_str() {
            Some(n) => after = Some(n.to_string()),
            None => return (items, pages),
        }
        assert!(pages < 100, "the pages end");
    }
}

/// Stores surveys straight away (many, quickly): `(project, due in days from today,
/// answered this many minutes ago with these suggestions)`.
async fn seed(app: &TestApp, w: &World) -> (usize, usize) {
    let db = &app.state.db.pool;
    let company: String = sqlx::query_scalar("SELECT company_id FROM projects WHERE id = $1")
        .bind(&w.project_a)
        .fetch_one(db)
        .await
        .expect("company");
    let today = app.state.clock.today_in(chrono_tz::Asia::Shanghai);
    let now = app.state.clock.now_ms();
    let (mut overdue, mut comments) = (0, 0);
    for n in 0..60i64 {
        let project = if n % 2 == 0 {
            &w.project_a
        } else {
            &w.project_b
        };
        // Due days repeat (ties are broken by id); a few are still to come.
        let due = today + Duration::days(n % 9 - 6);
        let answered = n % 3 == 0;
        let suggestions = match n % 4 {
            0 => format!("第{n}条：张伟说油漆味太重，李娜电话13912345678"),
            1 => format!("第{n}条：售后及时"),
            _ => String::new(),
        };
        if !answered && due < today {
            overdue += 1;
        }
        if answered && !suggestions.is_empty() {
            comments += 1;
        }
        sqlx::query(
            "INSERT INTO surveys (id, company_id, project_id, sequence, kind, due_date, answered_at, \
             design, construction_quality, crew, customer_service, after_sales, nps, suggestions, \
             created_at) VALUES ($1, $2, $3, $4, 'one_week', $5, $6, 5, 4, 5, 4, 5, 9, $7, $8)",
        )
        .bind(format!("sv-{n:03}"))
        .bind(&company)
        .bind(project)
        .bind(n)
        .bind(due.to_string())
        // Answer times repeat too.
        .bind(answered.then_some(now - (n % 5) * 60_000))
        .bind(suggestions)
        .bind(now)
        .execute(db)
        .await
        .expect("survey");
    }
    (overdue, comments)
}

#[tokio::test]
async fn overdue_calls_and_comments_come_a_page_at_a_time() {
    let app = crate::support::spawn_app().await;
    let w = app.world().await;
    let staff = app.login(&w.staff).await;
    let (overdue, comments) = seed(&app, &w).await;
    assert!(overdue > 7 && comments > 7, "{overdue} {comments}");

    let (tasks, pages) = walk(&staff, &app, "/api/v1/surveys/overdue?limit=4").await;
    assert_eq!(tasks.len(), overdue);
    assert_eq!(pages, overdue.div_ceil(4));
    let keys: Vec<(String, String)> = tasks
        .iter()
        .map(|t| {
            (
                t["due_date"].as_str().expect("due").to_string(),
                t["survey_id"].as_str().expect("id").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "oldest due first, none twice");
    assert!(tasks.iter().all(|t| t["days_overdue"].as_u64() > Some(0)));

    let (all, _) = walk(&staff, &app, "/api/v1/surveys/comments?limit=3").await;
    assert_eq!(all.len(), comments);
    let mut ids: Vec<&str> = all.iter().filter_map(|c| c["survey_id"].as_str()).collect();
    let times: Vec<&str> = all
        .iter()
        .filter_map(|c| c["answered_at"].as_str())
        .collect();
    assert!(
        times.windows(2).all(|t| t[0] >= t[1]),
        "newest first: {times:?}"
    );
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), comments, "no comment twice");
    let text = serde_json::to_string(&all).expect("json");
    for secret in ["张伟", "13912345678"] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
    // Searched on the server.
    let (paint, _) = walk(
        &staff,
        &app,
        "/api/v1/surveys/comments?limit=2&q=%E6%B2%B9%E6%BC%86", // 油漆
    )
    .await;
    assert!(!paint.is_empty() && paint.len() < comments);
    assert!(paint.iter().all(|c| c["suggestions"]
        .as_str()
        .is_some_and(|s| s.contains("油漆"))));
    // The results carry the first page and where the next begins.
    let res = get_ok(&staff, app.url("/api/v1/surveys/results")).await;
    let first = res["comments"].as_array().expect("comments");
    assert_eq!(first.len(), comments.min(30));
    assert_eq!(res["comments_next"].is_string(), comments > 30);
    assert_eq!(first[0], all[0]);

    for path in [
        "/api/v1/surveys/overdue?after=x",
        "/api/v1/surveys/overdue?after=20261399_sv-001",
        "/api/v1/surveys/comments?after=1_a%20b",
    ] {
        let r = get(&staff, app.url(path)).await;
        assert_eq!(assert_error(r, 422, "validation").await["field"], "after");
    }
    let owner = app.login(&w.owner_a).await;
    let r = get(&owner, app.url("/api/v1/surveys/comments")).await;
    assert_error(r, 403, "forbidden").await;
}
