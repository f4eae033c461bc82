//! Handed-over projects and the service desk: the warranty, service items and surveys start at handover.

use chrono::{Duration, NaiveDate};
use reqwest::Client;
use serde_json::{json, Value};

use super::{json_of, post_json, TestApp, World};

/// The company's today (the test company is in China Standard Time).
pub fn today(app: &TestApp) -> NaiveDate {
    app.state.clock.today_in(chrono_tz::Asia::Shanghai)
}

/// Sets `project`'s handover date straight in the database (no surveys are opened).
pub async fn set_handover(app: &TestApp, project: &str, day: NaiveDate) {
    sqlx::query("UPDATE projects SET handover_date = $1 WHERE id = $2")
        .bind(day.to_string())
        .bind(project)
        .execute(&app.state.db.pool)
        .await
        .expect("handover");
}

/// A world whose finished project was handed over a year ago; returns (world, owner, staff).
pub async fn handed_over(app: &TestApp) -> (World, Client, Client) {
    let w = app.world().await;
    set_handover(app, &w.project_done, today(app) - Duration::days(365)).await;
    let [owner, staff] = app.logins([&w.owner_a, &w.staff]).await;
    (w, owner, staff)
}

/// Marks `project`'s completion node (竣工验收) signed off by its homeowner straight in the
/// database: handover waits for that sign-off.
pub async fn sign_off_completion(app: &TestApp, project: &str) {
    let db = &app.state.db;
    seed_portal::server::store::nodes::ensure_nodes(db, project)
        .await
        .expect("nodes");
    sqlx::query(
        "UPDATE project_nodes SET status = 'signed_off', signed_off_at = $1 \
         WHERE project_id = $2 AND kind = 'completion'",
    )
    .bind(app.state.clock.now_ms())
    .bind(project)
    .execute(&db.pool)
    .await
    .expect("sign-off");
}

/// Staff record `project`'s handover through the API (201), its completion node signed off
/// first; returns its surveys.
pub async fn hand_over(app: &TestApp, staff: &Client, project: &str) -> Value {
    sign_off_completion(app, project).await;
    let url = app.url(&format!("/api/v1/projects/{project}/handover"));
    let r = post_json(staff, url, &json!({})).await;
    assert_eq!(r.status(), 201, "handover of {project}");
    json_of(r).await
}

/// The id of the first survey in a project's surveys (the one-week survey).
pub fn first_survey(surveys: &Value) -> String {
    surveys["surveys"][0]["id"]
        .as_str()
        .expect("survey id")
        .to_string()
}

/// A routine-or-other warranty claim with one visit window from tomorrow.
pub fn claim_body(app: &TestApp, urgency: &str) -> Value {
    let start = app.state.clock.now() + Duration::days(1);
    json!({
        "category": "waterproofing_leak",
        "description": "卫生间地漏周边渗水，楼下邻居天花板有水渍",
        "urgency": urgency,
        "visit_windows": [{"start": start.to_rfc3339(), "end": (start + Duration::hours(3)).to_rfc3339()}]
    })
}

/// Files an item on a project (`what`: claims, callbacks or complaints) and returns it (201).
pub async fn file(app: &TestApp, owner: &Client, project: &str, what: &str, body: &Value) -> Value {
    let url = app.project_url(project, what);
    let r = post_json(owner, url, body).await;
    assert_eq!(r.status(), 201, "filing {what}");
    json_of(r).await
}

/// Files a warranty claim of `urgency` and returns it.
pub async fn file_claim(app: &TestApp, owner: &Client, project: &str, urgency: &str) -> Value {
    file(app, owner, project, "claims", &claim_body(app, urgency)).await
}

/// Raises a complaint (the homeowner) and returns the new item.
pub async fn complain(app: &TestApp, owner: &Client, project: &str, text: &str) -> Value {
    file(app, owner, project, "complaints", &json!({ "body": text })).await
}

/// Takes an action on a service item (`{"action": …}`) and returns the answer.
pub async fn act(app: &TestApp, c: &Client, item: &str, body: Value) -> reqwest::Response {
    post_json(c, app.url(&format!("/api/v1/items/{item}/actions")), &body).await
}
