//! Node inspections: progress by role, recording with rework, the pass guard, sign-off and
//! dispute, frozen nodes, scheduling with the attendance reminder, company checklists.

use chrono::{Duration, Utc};
use reqwest::Client;
use serde_json::{json, Value};

use crate::support::get;
use crate::support::get_json;
use crate::support::get_ok;
use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::upload_jpeg;
use crate::support::{assert_error, assert_field, post_json, put_json, spawn_app, TestApp};

fn node_url(app: &TestApp, project: &str, kind: &str, tail: &str) -> String {
    app.project_url(project, &format!("nodes/{kind}{tail}"))
}

/// Item ids of a node's checklist.
/// POSTs a body to a node's action (`tail`, e.g. `/sign-off`).
async fn node_post(
    app: &TestApp,
    c: &Client,
    (project, kind, tail): (&str, &str, &str),
    body: &Value,
) -> reqwest::Response {
    post_json(c, node_url(app, project, kind, tail), body).await
}

async fn item_ids(app: &TestApp, c: &Client, project: &str, kind: &str) -> Vec<String> {
    let node = get_ok(c, node_url(app, project, kind, "")).await;
    node["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["item_id"].as_str().expect("id").to_string())
        .collect()
}

/// Every item passes, except `fail` (with a note).
fn results(ids: &[String], fail: Option<&str>) -> Value {
    let items: Vec<Value> = ids
        .iter()
        .map(|id| {
            if Some(id.as_str()) == fail {
                json!({"item_id": id, "result": "fail", "note": "插座未接地线"})
            } else {
                json!({"item_id": id, "result": "pass"})
            }
        })
        .collect();
    json!({ "items": items })
}

/// Staff record a node with every item passing and pass it.
async fn pass_all(app: &TestApp, staff: &Client, project: &str, kind: &str) {
    let ids = item_ids(app, staff, project, kind).await;
    let r = node_post(
        app,
        staff,
        (project, kind, "/inspection"),
        &results(&ids, None),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = post_json(staff, node_url(app, project, kind, "/pass"), &json!({})).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn progress_is_shown_to_the_project_and_hidden_from_others() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let url = app.project_url(&w.project_a, "progress");
    let p = get_ok(&owner, url.clone()).await;
    let nodes = p["nodes"].as_array().expect("nodes");
    let kinds: Vec<&str> = nodes.iter().filter_map(|n| n["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "kickoff",
            "plumbing_electrical",
            "waterproofing",
            "tiling_carpentry",
            "painting",
            "completion"
        ]
    );
    assert!(nodes.iter().all(|n| n["status"] == "upcoming"));
    assert_eq!(p["next"], "kickoff");
    assert_eq!(p["can_inspect"], false);
    // The completion checklist has the 12 hard indicators.
    assert_eq!(nodes[5]["items"].as_array().map(Vec::len), Some(12));
    assert_eq!(get_ok(&staff, url.clone()).await["can_inspect"], true);
    let crew_a = app.login(&w.crew_a).await;
    assert_eq!(get_ok(&crew_a, url.clone()).await["done"], 0);

    let [owner_b, crew_b] = app.logins([&w.owner_b, &w.crew_b]).await;
    for c in [&owner_b, &crew_b] {
        let r = get(c, &url).await;
        assert_error(r, 404, "not_found").await;
        let r = get(c, node_url(&app, &w.project_a, "kickoff", "")).await;
        assert_error(r, 404, "not_found").await;
        let r = node_post(&app, c, (&w.project_a, "kickoff", "/sign-off"), &json!({})).await;
        assert_error(r, 404, "not_found").await;
    }
    let r = get(&owner, node_url(&app, &w.project_a, "roof", "")).await;
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn failed_item_opens_rework_and_the_node_cannot_pass_until_it_is_closed() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let p = &w.project_a;
    pass_all(&app, &staff, p, "kickoff").await;
    let r = node_post(
        &app,
        &owner,
        (p, "kickoff", "/sign-off"),
        &json!({"note": "满意"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let signed: Value = r.json().await.expect("json");
    assert_eq!(signed["status"], "signed_off");

    let kind = "plumbing_electrical";
    let ids = item_ids(&app, &staff, p, kind).await;
    let failing = ids[5].clone();
    let started = app.state.clock.now();
    let r = node_post(
        &app,
        &staff,
        (p, kind, "/inspection"),
        &results(&ids, Some(&failing)),
    )
    .await;
    assert_eq!(r.status(), 200);
    let node: Value = r.json().await.expect("json");
    assert_eq!(node["status"], "rework_open");
    let rework = node["rework"].as_array().expect("rework");
    assert_eq!(rework.len(), 1);
    assert_eq!(rework[0]["item_id"], failing.as_str());
    let due: chrono::DateTime<Utc> = rework[0]["due_at"]
        .as_str()
        .expect("due")
        .parse()
        .expect("date");
    // Stored to the millisecond: within a few seconds of 48 hours after the recording.
    assert!(((due - started).num_seconds() - 48 * 3600).abs() <= 5);

    // Open rework blocks passing; the homeowner cannot sign off a node that has not passed.
    let r = post_json(&staff, node_url(&app, p, kind, "/pass"), &json!({})).await;
    let body = assert_error(r, 409, "rework_open").await;
    assert!(body["message"].as_str().unwrap_or("").contains("rework"));
    let r = post_json(&owner, node_url(&app, p, kind, "/sign-off"), &json!({})).await;
    assert_error(r, 409, "conflict").await;

    // The crew closes the rework with an "after" photo (required).
    let crew = app.login(&w.crew_a).await;
    let rework_id = id_of(&rework[0]);
    let close_url = app.url(&format!("/api/v1/rework/{rework_id}/close"));
    let r = post_json(
        &crew,
        &close_url,
        &json!({"note": "已补接地线", "photo_ids": []}),
    )
    .await;
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(body["field"], "photo_ids");
    let r = post_json(
        &owner,
        &close_url,
        &json!({"note": "我来关", "photo_ids": ["x"]}),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
    let up = upload_jpeg(&app, &crew, p, (800, 600), "after.jpg").await;
    assert_eq!(up.status(), 201);
    let photo: Value = up.json().await.expect("json");
    let photo_id = id_of(&photo);
    let r = post_json(
        &crew,
        &close_url,
        &json!({"note": "已补接地线", "photo_ids": [photo_id]}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let closed: Value = r.json().await.expect("json");
    assert!(closed["closed_at"].is_string());
    assert_eq!(closed["closing_photos"].as_array().map(Vec::len), Some(1));
    let r = post_json(
        &crew,
        &close_url,
        &json!({"note": "再关一次", "photo_ids": []}),
    )
    .await;
    assert_error(r, 422, "validation").await;

    // The homeowner sees the fix photo; another homeowner cannot fetch it.
    let node = get_ok(&owner, node_url(&app, p, kind, "")).await;
    assert_eq!(node["status"], "in_progress");
    let thumb = node["rework"][0]["closing_photos"][0]["thumb_url"]
        .as_str()
        .expect("thumb")
        .to_string();
    assert_eq!(
        owner
            .get(app.url(&thumb))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
    let owner_b = app.login(&w.owner_b).await;
    assert_eq!(
        owner_b
            .get(app.url(&thumb))
            .send()
            .await
            .expect("get")
            .status(),
        404
    );

    // Re-inspected and passed; it needed rework, so it is no first pass.
    let r = node_post(&app, &staff, (p, kind, "/inspection"), &results(&ids, None)).await;
    assert_eq!(r.status(), 200);
    let r = post_json(&staff, node_url(&app, p, kind, "/pass"), &json!({})).await;
    assert_eq!(r.status(), 200);
    let first_pass: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT kind, first_pass FROM project_nodes WHERE project_id = $1 AND first_pass IS NOT NULL ORDER BY position")
            .bind(p)
            .fetch_all(&app.state.db.pool)
            .await
            .expect("query");
    assert_eq!(
        first_pass,
        vec![
            ("kickoff".to_string(), Some(1)),
            (kind.to_string(), Some(0))
        ]
    );

    // Signed off, the node is frozen.
    let r = post_json(&owner, node_url(&app, p, kind, "/sign-off"), &json!({})).await;
    assert_eq!(r.status(), 200);
    let r = node_post(
        &app,
        &staff,
        (p, kind, "/inspection"),
        &results(&ids, Some(&failing)),
    )
    .await;
    assert_error(r, 409, "conflict").await;
    let r = post_json(&owner, node_url(&app, p, kind, "/sign-off"), &json!({})).await;
    assert_error(r, 409, "conflict").await;
    let progress = get_ok(&owner, app.project_url(p, "progress")).await;
    assert_eq!(progress["done"], 2);
    assert_eq!(progress["next"], "waterproofing");
    assert_eq!(progress["open_rework"], 0);
}

#[tokio::test]
async fn overdue_rework_is_counted_on_the_servers_clock() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let p = &w.project_a;
    let ids = item_ids(&app, &staff, p, "kickoff").await;
    let r = node_post(
        &app,
        &staff,
        (p, "kickoff", "/inspection"),
        &results(&ids, Some(&ids[0])),
    )
    .await;
    assert_eq!(r.status(), 200);
    let url = app.project_url(p, "progress");
    let before = get_ok(&owner, url.clone()).await;
    assert_eq!(
        (
            before["open_rework"].clone(),
            before["overdue_rework"].clone()
        ),
        (json!(1), json!(0))
    );
    app.clock
        .advance(Duration::hours(48) + Duration::seconds(1));
    let after = get_ok(&owner, url).await;
    assert_eq!(after["overdue_rework"], 1);
}

#[tokio::test]
async fn roles_are_checked_and_a_dispute_reaches_the_staff_queue() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let p = &w.project_a;
    let ids = item_ids(&app, &staff, p, "kickoff").await;
    let crew = app.login(&w.crew_a).await;
    for c in [&owner, &crew] {
        let r = node_post(&app, c, (p, "kickoff", "/inspection"), &results(&ids, None)).await;
        assert_error(r, 403, "forbidden").await;
        let r = post_json(c, node_url(&app, p, "kickoff", "/pass"), &json!({})).await;
        assert_error(r, 403, "forbidden").await;
    }
    // Passing needs every item recorded.
    let r = node_post(
        &app,
        &staff,
        (p, "kickoff", "/inspection"),
        &results(&ids[..3], None),
    )
    .await;
    assert_eq!(r.status(), 200);
    let r = post_json(&staff, node_url(&app, p, "kickoff", "/pass"), &json!({})).await;
    let body = assert_error(r, 409, "conflict").await;
    assert!(body["message"].as_str().unwrap_or("").contains("no result"));
    // A failed item needs a note; an unknown item is refused.
    let r = node_post(
        &app,
        &staff,
        (p, "kickoff", "/inspection"),
        &json!({"items": [{"item_id": ids[0], "result": "fail", "note": " "}]}),
    )
    .await;
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(body["field"], "note");
    assert_eq!(body["reason"], "required");
    let r = node_post(
        &app,
        &staff,
        (p, "kickoff", "/inspection"),
        &json!({"items": [{"item_id": "nope", "result": "pass"}]}),
    )
    .await;
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(body["field"], "items");
    assert_eq!(body["reason"], "not_allowed");
    // The next node waits for this one.
    let wp = item_ids(&app, &staff, p, "waterproofing").await;
    let r = node_post(
        &app,
        &staff,
        (p, "waterproofing", "/inspection"),
        &results(&wp, None),
    )
    .await;
    assert_error(r, 409, "conflict").await;

    pass_all(&app, &staff, p, "kickoff").await;
    // Staff cannot sign for the homeowner; the dispute needs a real reason.
    let r = node_post(&app, &staff, (p, "kickoff", "/sign-off"), &json!({})).await;
    assert_error(r, 403, "forbidden").await;
    let r = node_post(
        &app,
        &owner,
        (p, "kickoff", "/dispute"),
        &json!({"reason": "不"}),
    )
    .await;
    assert_field(r, "reason").await;
    let r = node_post(
        &app,
        &owner,
        (p, "kickoff", "/dispute"),
        &json!({"reason": "交底时监理没有到场签字"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let node: Value = r.json().await.expect("json");
    assert_eq!(node["status"], "disputed");
    assert_eq!(node["dispute_reason"], "交底时监理没有到场签字");
    let queued: Vec<(String, String, String)> =
        sqlx::query_as("SELECT kind, status, body FROM service_items WHERE project_id = $1")
            .bind(p)
            .fetch_all(&app.state.db.pool)
            .await
            .expect("query");
    assert_eq!(
        queued,
        vec![(
            "follow_up".into(),
            "open".into(),
            "交底时监理没有到场签字".into()
        )]
    );
    // Staff take it back into inspection, and it can pass again.
    let r = node_post(&app, &owner, (p, "kickoff", "/reinspect"), &json!({})).await;
    assert_error(r, 403, "forbidden").await;
    let r = node_post(&app, &staff, (p, "kickoff", "/reinspect"), &json!({})).await;
    assert_eq!(r.status(), 200);
    let r = post_json(&staff, node_url(&app, p, "kickoff", "/pass"), &json!({})).await;
    assert_eq!(r.status(), 200);
    let node: Value = r.json().await.expect("json");
    assert_eq!(node["can_sign_off"], false, "staff never sign off");
    assert_eq!(
        get_ok(&owner, node_url(&app, p, "kickoff", "")).await["can_sign_off"],
        true
    );
}

#[tokio::test]
async fn scheduling_asks_the_homeowner_to_attend() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let url = node_url(&app, &w.project_a, "kickoff", "/schedule");
    let past = (app.state.clock.now() - Duration::minutes(1)).to_rfc3339();
    let r = post_json(&staff, &url, &json!({"scheduled_at": past})).await;
    assert_field(r, "scheduled_at").await;
    let r = post_json(&owner, &url, &json!({"scheduled_at": past})).await;
    assert_error(r, 403, "forbidden").await;
    let when = app.state.clock.now() + Duration::days(2);
    let r = post_json(
        &staff,
        &url,
        &json!({"scheduled_at": when.to_rfc3339(), "third_party_invited": true}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let node: Value = r.json().await.expect("json");
    assert_eq!(node["status"], "scheduled");
    assert_eq!(node["third_party_invited"], true);
    let outbox = get_json(&app.client(), app.url("/api/v1/dev/outbox")).await;
    assert_eq!(outbox[0]["recipient_masked"], "138****0001");
    let body = outbox[0]["body"].as_str().unwrap_or("");
    assert!(body.contains("开工交底") && body.contains("到场"), "{body}");
}

#[tokio::test]
async fn admins_configure_checklists() {
    let (app, w) = spawn_world().await;
    let [staff, admin] = app.logins([&w.staff, &w.admin]).await;
    let url = app.url("/api/v1/checklists/painting");
    let list = get_ok(&staff, url.clone()).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(6));
    assert_eq!(list["version"], 0);
    let custom = json!({"version": 0, "items": [
        {"id": "paint-a", "text": "墙面平整无裂纹"},
        {"id": "paint-b", "text": "阴阳角顺直"}
    ]});
    let r = put_json(&staff, &url, &custom).await;
    assert_error(r, 403, "forbidden").await;
    let r = put_json(
        &admin,
        &url,
        &json!({"version": 0, "items": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}),
    )
    .await;
    assert_error(r, 422, "validation").await;
    let r = put_json(&admin, &url, &custom).await;
    assert_eq!(r.status(), 200);
    let owner = app.login(&w.owner_a).await;
    let ids = item_ids(&app, &owner, &w.project_a, "painting").await;
    assert_eq!(ids, ["paint-a", "paint-b"]);
}
