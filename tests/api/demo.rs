//! The demo data loads through the real pipeline and makes sense.

use serde_json::Value;

use crate::support::get;
use crate::support::get_json;
use crate::support::id_of;
use crate::support::strs;
use crate::support::{post_json, spawn_app_with, TestApp};

/// The demo portal, with `login` signed in by the demo password.
async fn demo_signed_in(login: &str) -> (TestApp, reqwest::Client) {
    let app = spawn_app_with(|c| c.demo = true).await;
    let c = app.client();
    let body = serde_json::json!({"login": login, "password": "demo1234"});
    let r = post_json(&c, app.url("/api/v1/auth/login"), &body).await;
    assert_eq!(r.status(), 200, "demo sign-in of {login}");
    (app, c)
}

#[tokio::test]
async fn demo_data_has_four_projects_with_a_month_of_diary() {
    let (app, c) = demo_signed_in("staff@demo.cn").await;
    let projects: Value = get_json(&c, app.url("/api/v1/projects")).await;
    assert!(projects["next_cursor"].is_null(), "one page");
    let projects = projects["items"].as_array().unwrap();
    assert_eq!(projects.len(), 4);
    let total: i64 = projects
        .iter()
        .map(|p| p["diary_count"].as_i64().unwrap())
        .sum();
    assert!(total >= 30, "about a month of diary: {total}");
    let stages: std::collections::HashSet<&str> = projects
        .iter()
        .map(|p| p["stage"].as_str().unwrap())
        .collect();
    assert!(stages.len() >= 2, "projects at different stages");
    // No entry today: that is the crew's to post.
    assert!(projects.iter().all(|p| p["today_entry_id"].is_null()));
    // Every entry's photos are served.
    let first = projects[0]["id"].as_str().unwrap();
    let page: Value = get_json(&c, app.project_url(first, "diary?limit=5")).await;
    let photo = page["items"][0]["photos"][0]["thumb_url"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(&c, app.url(&photo)).await;
    assert_eq!(r.status(), 200);
    assert!(page["items"][0]["work_done"]
        .as_str()
        .unwrap()
        .chars()
        .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
}

#[tokio::test]
async fn demo_homeowner_has_a_node_to_sign_rework_open_and_a_pending_quote() {
    let (app, c) = demo_signed_in("13800000001").await;
    let get = |path: String| {
        let c = c.clone();
        let url = app.url(&path);
        async move { get_json(&c, url).await }
    };
    let projects = get("/api/v1/projects".into()).await;
    let id = id_of(&projects["items"][0]);
    let progress = get(format!("/api/v1/projects/{id}/progress")).await;
    let status = strs(&progress["nodes"], "status");
    assert_eq!(
        status,
        [
            "signed_off",
            "signed_off",
            "passed",
            "rework_open",
            "upcoming",
            "upcoming"
        ]
    );
    assert_eq!(progress["nodes"][2]["can_sign_off"], true);
    assert_eq!(progress["open_rework"], 1);
    assert_eq!(progress["overdue_rework"], 0);
    // Inspection photos are served to the homeowner.
    let thumb = progress["nodes"][0]["items"][0]["photos"][0]["thumb_url"]
        .as_str()
        .expect("photo")
        .to_string();
    assert_eq!(crate::support::get(&c, app.url(&thumb)).await.status(), 200);

    let quotes = get(format!("/api/v1/projects/{id}/quotes")).await;
    assert_eq!(quotes[0]["status"], "pending");
    assert_eq!(quotes[1]["status"], "confirmed");
    let pending = get(format!(
        "/api/v1/quotes/{}",
        quotes[0]["id"].as_str().expect("id")
    ))
    .await;
    assert_eq!(pending["can_confirm"], true);
    assert!(pending["content"]["materials"].as_array().map(Vec::len) >= Some(15));
    assert!(pending["diff"]["total_delta"].as_i64() > Some(0));
}
