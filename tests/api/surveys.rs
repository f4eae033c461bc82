//! Satisfaction surveys: only after handover, answered once while open, low scores open a
//! follow-up, overdue ones become staff call tasks, and staff see the results masked.

use chrono::Duration;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

use crate::support::assert_field;
use crate::support::get;
use crate::support::get_ok;
use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::{assert_error, post_json, put_json, spawn_app, TestApp};
use crate::support::{first_survey, hand_over};

/// Answers survey `id` as `c`.
async fn answer(app: &TestApp, c: &Client, id: &str, answers: Value) -> Response {
    put_json(
        c,
        app.url(&format!("/api/v1/surveys/{id}/answer")),
        &answers,
    )
    .await
}

fn answers(stars: [u8; 5], nps: u8, suggestions: &str) -> Value {
    json!({"design": stars[0], "construction_quality": stars[1], "crew": stars[2],
           "customer_service": stars[3], "after_sales": stars[4], "nps": nps, "suggestions": suggestions})
}

#[tokio::test]
async fn surveys_start_at_handover_and_are_answered_once() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let surveys_url = app.project_url(&w.project_a, "surveys");
    let handover_url = app.project_url(&w.project_a, "handover");

    // Before handover there are no surveys.
    let r = get(&owner, &surveys_url).await;
    assert_error(r, 409, "conflict").await;
    // Only staff record the handover; a foreign homeowner does not even see the project.
    for c in [&owner, &app.login(&w.crew_a).await] {
        let r = post_json(c, &handover_url, &json!({})).await;
        assert_error(r, 403, "forbidden").await;
    }
    let other = app.login(&w.owner_b).await;
    let r = post_json(&other, &handover_url, &json!({})).await;
    assert_error(r, 404, "not_found").await;

    // Not before the homeowner has signed off the completion node: nothing is recorded.
    let r = post_json(&staff, &handover_url, &json!({})).await;
    assert_error(r, 409, "completion_not_signed_off").await;
    assert_error(get(&owner, &surveys_url).await, 409, "conflict").await;

    let created = hand_over(&app, &staff, &w.project_a).await;
    let list = created["surveys"].as_array().unwrap();
    assert_eq!(list.len(), 13);
    assert_eq!(list[0]["kind"], "one_week");
    assert_eq!(list[0]["status"], "due");
    assert_eq!(list[1]["status"], "upcoming");
    assert_eq!(created["due_now"], 1);
    let r = post_json(&staff, &handover_url, &json!({})).await;
    assert_error(r, 409, "conflict").await;

    let s = get_ok(&owner, surveys_url.clone()).await;
    assert_eq!(s["handover_date"], created["handover_date"]);
    let first = first_survey(&s);
    let second = id_of(&s["surveys"][1]);
    let r = get(&other, &surveys_url).await;
    assert_error(r, 404, "not_found").await;

    // Invalid answers: 422.
    let r = answer(&app, &owner, &first, answers([5, 5, 5, 5, 5], 11, "")).await;
    assert_field(r, "nps").await;
    let r = answer(&app, &owner, &first, answers([0, 5, 5, 5, 5], 9, "")).await;
    assert_error(r, 422, "validation").await;
    // The crew and other homeowners may not answer.
    let crew = app.login(&w.crew_a).await;
    let r = answer(&app, &crew, &first, answers([5, 5, 5, 5, 5], 9, "")).await;
    assert_error(r, 403, "forbidden").await;
    let r = answer(&app, &other, &first, answers([5, 5, 5, 5, 5], 9, "")).await;
    assert_error(r, 404, "not_found").await;
    // The one-month survey is not open yet.
    let r = answer(&app, &owner, &second, answers([5, 5, 5, 5, 5], 9, "")).await;
    assert_error(r, 409, "conflict").await;

    let r = answer(&app, &owner, &first, answers([5, 4, 5, 4, 5], 9, "很满意")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "answered");
    assert_eq!(v["answers"]["nps"], 9);
    let r = answer(&app, &owner, &first, answers([1, 1, 1, 1, 1], 0, "")).await;
    assert_error(r, 409, "already_exists").await;
    // A good answer opens no follow-up.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_items")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    let s = get_ok(&owner, surveys_url).await;
    assert_eq!(s["surveys"][0]["status"], "answered");
    assert_eq!(s["due_now"], 0);
}

#[tokio::test]
async fn a_low_score_opens_a_follow_up_in_the_staff_queue() {
    let (app, w) = spawn_world().await;
    let staff = app.login(&w.staff).await;
    let id = first_survey(&hand_over(&app, &staff, &w.project_a).await);
    let owner = app.login(&w.owner_a).await;
    let r = answer(
        &app,
        &owner,
        &id,
        answers([4, 2, 4, 5, 3], 5, "卫生间有渗水，请联系13800000001"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows: Vec<(String, String, String, String, String)> =
        sqlx::query_as("SELECT kind, status, source, project_id, body FROM service_items")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    let (kind, status, source, project, body) = &rows[0];
    assert_eq!(kind, "follow_up");
    assert_eq!(status, "open");
    assert_eq!(source, &format!("survey:{id}"));
    assert_eq!(project, &w.project_a);
    assert!(body.contains("施工质量 2星"), "{body}");
    assert!(!body.contains("13800000001"), "{body}");
}

#[tokio::test]
async fn overdue_surveys_are_call_tasks_and_staff_see_masked_results() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    hand_over(&app, &staff, &w.project_a).await;
    let overdue_url = app.url("/api/v1/surveys/overdue");
    assert_eq!(
        get_ok(&staff, overdue_url.clone()).await["items"],
        json!([])
    );

    app.clock.advance(Duration::days(9));
    let tasks = get_ok(&staff, overdue_url.clone()).await;
    let tasks = tasks["items"].as_array().unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["homeowner_name"], "张*");
    assert_eq!(tasks[0]["homeowner_phone"], "13800000001");
    assert_eq!(tasks[0]["kind"], "one_week");
    assert_eq!(tasks[0]["days_overdue"], 2);
    let r = get(&owner, &overdue_url).await;
    assert_error(r, 403, "forbidden").await;

    // Still answerable when overdue (here by staff on the phone).
    let s = get_ok(&owner, app.project_url(&w.project_a, "surveys")).await;
    assert_eq!(s["surveys"][0]["status"], "overdue");
    let id = first_survey(&s);
    let r = answer(
        &app,
        &staff,
        &id,
        answers([5, 4, 5, 4, 5], 10, "张伟说：售后电话13912345678很难打通"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(get_ok(&staff, overdue_url).await["items"], json!([]));

    let res = get_ok(&staff, app.url("/api/v1/surveys/results")).await;
    assert_eq!(res["sent"], 1);
    assert_eq!(res["answered"], 1);
    assert_eq!(res["response_rate_bp"], 10_000);
    assert_eq!(res["satisfaction_milli"], 4600);
    assert_eq!(res["nps"], 100);
    assert_eq!(res["lowest_aspects"][0]["aspect"], "construction_quality");
    assert_eq!(res["by_month"].as_array().unwrap().len(), 1);
    let comment = &res["comments"][0];
    assert_eq!(comment["homeowner_name"], "张*");
    let text = res.to_string();
    for secret in ["张伟", "13912345678", "13800000001", "锦绣花园12号楼"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let r = get(&owner, app.url("/api/v1/surveys/results")).await;
    assert_error(r, 403, "forbidden").await;
    let r = get(&staff, app.url("/api/v1/surveys/results?from=2026-13-01")).await;
    assert_field(r, "from").await;
}

#[tokio::test]
async fn an_opened_survey_is_reminded_once_by_text_message() {
    let app = crate::support::spawn_app().await;
    let w = app.world().await;
    let staff = app.login(&w.staff).await;
    hand_over(&app, &staff, &w.project_a).await;
    // The one-week survey opens at handover: one reminder, to the homeowner, once.
    let sent = seed_portal::server::reminders::send_survey_reminders(&app.state)
        .await
        .expect("reminders");
    assert_eq!(sent, 1);
    let again = seed_portal::server::reminders::send_survey_reminders(&app.state)
        .await
        .expect("reminders");
    assert_eq!(again, 0);
    let outbox: serde_json::Value = app
        .client()
        .get(app.url("/api/v1/dev/outbox"))
        .send()
        .await
        .expect("outbox")
        .json()
        .await
        .expect("json");
    assert_eq!(outbox[0]["recipient_masked"], "138****0001");
    assert!(outbox[0]["body"].as_str().unwrap_or("").contains("回访"));
    // A month later the one-month survey has opened too.
    app.clock.advance(chrono::Duration::days(24));
    let later = seed_portal::server::reminders::send_survey_reminders(&app.state)
        .await
        .expect("reminders");
    assert_eq!(later, 1);
}

#[tokio::test]
async fn a_follow_up_is_filed_like_every_item_listed_in_the_queue_with_its_filing_audited() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let id = first_survey(&hand_over(&app, &staff, &w.project_a).await);
    let r = answer(
        &app,
        &owner,
        &id,
        answers([2, 2, 4, 5, 3], 4, "工期拖了两周"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    // In the staff's queue at once (its place stored when it was filed) …
    let queue = get_ok(&staff, app.url("/api/v1/queue")).await;
    let items = queue["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["kind"], "follow_up");
    // … with its filing in the audit trail, as any other item's.
    let item = items[0]["id"].as_str().expect("id");
    let detail = get_ok(&staff, app.url(&format!("/api/v1/items/{item}"))).await;
    let audit = detail["audit"].as_array().expect("audit");
    assert_eq!(audit.len(), 1, "{detail}");
    assert_eq!(audit[0]["change"]["change"], "filed", "{detail}");
}
