//! The demo data loads through the real pipeline and makes sense.

use serde_json::Value;

use crate::support::spawn_app_with;

#[tokio::test]
async fn demo_data_has_four_projects_with_a_month_of_diary() {
    let app = spawn_app_with(|c| c.demo = true).await;
    let c = app.client();
    let r = c
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"login": "staff@demo.cn", "password": "demo1234"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let projects: Value = c
        .get(app.url("/api/v1/projects"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let projects = projects.as_array().unwrap();
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
    let page: Value = c
        .get(app.url(&format!("/api/v1/projects/{first}/diary?limit=5")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let photo = page["items"][0]["photos"][0]["thumb_url"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c.get(app.url(&photo)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(page["items"][0]["work_done"]
        .as_str()
        .unwrap()
        .chars()
        .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
}
