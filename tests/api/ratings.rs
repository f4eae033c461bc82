//! Crew ratings: only the project's homeowner rates its crew, once per signed-off node (a
//! second call edits within 7 days), and the crew sees anonymised comments.

use chrono::Duration;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

use crate::support::assert_field;
use crate::support::get;
use crate::support::get_ok;
use crate::support::spawn_world;
use crate::support::{assert_error, put_json, TestApp};

/// Marks a node of a project signed off directly in the database (the inspection API is
/// another feature); `first_pass` and `inspected_at` feed the leaderboard.
pub async fn sign_off(app: &TestApp, project: &str, kind: &str, status: &str) {
    let now = app.state.clock.now_ms();
    sqlx::query(
        "INSERT INTO project_nodes (id, project_id, kind, position, status, first_pass, inspected_at, \
         passed_at, signed_off_at) VALUES ($1, $2, $3, 0, $4, 1, $5, $5, $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(project)
    .bind(kind)
    .bind(status)
    .bind(now)
    .execute(&app.state.db.pool)
    .await
    .expect("node");
}

/// The crew id of a project.
pub async fn crew_of(app: &TestApp, project: &str) -> String {
    sqlx::query_scalar::<_, String>("SELECT crew_id FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("crew")
}

/// A rating body.
pub fn rating(stars: [u8; 4], comment: &str) -> Value {
    json!({"quality": stars[0], "punctuality": stars[1], "tidiness": stars[2],
           "communication": stars[3], "comment": comment, "photo_ids": []})
}

/// Rates `target` of `project` as `c` (a PUT of `body`); returns the answer.
pub async fn rate(
    app: &TestApp,
    c: &Client,
    project: &str,
    target: &str,
    body: &Value,
) -> Response {
    put_json(
        c,
        app.project_url(project, &format!("ratings/{target}")),
        body,
    )
    .await
}

#[tokio::test]
async fn only_the_homeowner_rates_once_per_signed_off_node() {
    let (app, w) = spawn_world().await;
    sign_off(&app, &w.project_a, "kickoff", "signed_off").await;
    sign_off(&app, &w.project_a, "plumbing_electrical", "passed").await;
    let url = |target: &str| {
        app.url(&format!(
            "/api/v1/projects/{}/ratings/{target}",
            w.project_a
        ))
    };
    let owner = app.login(&w.owner_a).await;

    let r = put_json(
        &owner,
        url("kickoff"),
        &rating([5, 4, 4, 3], "  师傅很细心  "),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["comment"], "师傅很细心");
    assert_eq!(first["average_milli"], 4000);
    assert_eq!(first["can_edit"], true);

    // The second call edits the same rating.
    let mut edit = rating([5, 5, 5, 5], "改成五星");
    edit["base_version"] = first["version"].clone();
    let r = put_json(&owner, url("kickoff"), &edit).await;
    assert_eq!(r.status(), StatusCode::OK);
    let edited: Value = r.json().await.unwrap();
    assert_eq!(edited["id"], first["id"]);
    assert_eq!(edited["average_milli"], 5000);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crew_ratings")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);

    // The list shows the signed-off node with its rating; the passed one is not ready.
    let list = get_ok(&owner, app.project_url(&w.project_a, "ratings")).await;
    let slots = list["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 1, "{list}");
    assert_eq!(slots[0]["target"], "kickoff");
    // Named by the app in the reader's language, not by the server.
    assert!(slots[0].get("label").is_none(), "{list}");
    assert_eq!(slots[0]["rating"]["id"], first["id"]);
    assert_eq!(slots[0]["can_rate"], true);

    // Not signed off (only passed), not even inspected, not handed over: 409.
    for target in ["plumbing_electrical", "waterproofing", "handover"] {
        let r = put_json(&owner, url(target), &rating([4, 4, 4, 4], "")).await;
        assert_error(r, 409, "conflict").await;
    }
    // Unknown target and bad stars: 422.
    let r = put_json(&owner, url("roof"), &rating([4, 4, 4, 4], "")).await;
    assert_field(r, "target").await;
    let r = put_json(&owner, url("kickoff"), &rating([6, 4, 4, 4], "")).await;
    assert_error(r, 422, "validation").await;
    let r = put_json(
        &owner,
        url("kickoff"),
        &rating([4, 4, 4, 4], &"字".repeat(501)),
    )
    .await;
    assert_field(r, "comment").await;

    // Another homeowner: the project does not exist for them. Crew and staff may not rate.
    let other = app.login(&w.owner_b).await;
    let r = put_json(&other, url("kickoff"), &rating([1, 1, 1, 1], "")).await;
    assert_error(r, 404, "not_found").await;
    let r = get(&other, app.project_url(&w.project_a, "ratings")).await;
    assert_error(r, 404, "not_found").await;
    for who in [&w.crew_a, &w.staff] {
        let c = app.login(who).await;
        let r = put_json(&c, url("kickoff"), &rating([1, 1, 1, 1], "")).await;
        assert_error(r, 403, "forbidden").await;
    }

    // Seven days later the rating is closed for edits.
    app.clock.advance(Duration::days(7) + Duration::minutes(1));
    let r = put_json(&owner, url("kickoff"), &rating([1, 1, 1, 1], "晚了")).await;
    assert_error(r, 409, "edit_window_closed").await;
    let list = get_ok(&owner, app.project_url(&w.project_a, "ratings")).await;
    assert_eq!(list["slots"][0]["can_rate"], false);
    assert_eq!(list["slots"][0]["rating"]["average_milli"], 5000);
}

#[tokio::test]
async fn the_crew_sees_scores_with_anonymised_comments() {
    let (app, w) = spawn_world().await;
    sign_off(&app, &w.project_a, "kickoff", "signed_off").await;
    let crew_a = crew_of(&app, &w.project_a).await;
    let owner = app.login(&w.owner_a).await;
    let r = rate(
        &app,
        &owner,
        &w.project_a,
        "kickoff",
        &rating([5, 4, 3, 4], "我是张伟，有事打138 1234 5678，A 项目很满意"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let url = app.url(&format!("/api/v1/crews/{crew_a}/ratings"));
    for who in [&w.crew_a, &w.staff] {
        let c = app.login(who).await;
        let body = get_ok(&c, url.clone()).await;
        assert_eq!(body["count"], 1);
        assert_eq!(body["crew_name"], "刘师傅班组");
        assert_eq!(body["means"]["quality"], 5000);
        assert_eq!(body["means"]["overall"], 4000);
        let comment = body["items"][0]["comment"].as_str().unwrap();
        assert!(comment.contains("张*"), "{comment}");
        assert!(comment.contains("*** **** ****"), "{comment}");
        let text = body.to_string();
        for secret in [
            "张伟",
            "12345678",
            "13800000001",
            "锦绣花园12号楼",
            "project_id",
            "homeowner",
        ] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
    // Another crew does not see it; a homeowner may not list crew ratings.
    let other = app.login(&w.crew_b).await;
    let r = get(&other, &url).await;
    assert_error(r, 404, "not_found").await;
    let r = get(&owner, &url).await;
    assert_error(r, 403, "forbidden").await;
    let r = get(&owner, app.url("/api/v1/crews/no-such-crew/ratings")).await;
    assert_error(r, 404, "not_found").await;
}
