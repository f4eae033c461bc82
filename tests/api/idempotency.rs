//! Exactly-once creates: a POST with an `Idempotency-Key` acts once per caller and key.

use reqwest::{Client, Response};
use serde_json::{json, Value};

use crate::support::*;

const KEY: &str = "idem-key-1";

/// Raises a complaint on `project` with `key`, as `who`.
async fn complain(app: &TestApp, who: &Client, project: &str, key: &str, text: &str) -> Response {
    who.post(app.url(&format!("/api/v1/projects/{project}/complaints")))
        .header("Idempotency-Key", key)
        .json(&json!({ "body": text }))
        .send()
        .await
        .expect("request")
}

async fn complaints(app: &TestApp, who: &Client, project: &str) -> usize {
    let items = get_ok(who, app.url(&format!("/api/v1/projects/{project}/items"))).await;
    items
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["kind"] == "complaint")
        .count()
}

/// A fresh app, its world, project A's homeowner signed in and the complaints on A.
async fn owner_of_a() -> (TestApp, World, Client, usize) {
    let app = spawn_app().await;
    let w = app.world().await;
    let owner = app.login(&w.owner_a).await;
    let before = complaints(&app, &owner, &w.project_a).await;
    (app, w, owner, before)
}

#[tokio::test]
async fn a_repeated_create_answers_the_first_answer_and_changes_nothing() {
    let app = spawn_app().await;
    let w = app.world().await;
    let [owner, other] = app.logins([&w.owner_a, &w.owner_b]).await;
    let before = complaints(&app, &owner, &w.project_a).await;

    let first = complain(&app, &owner, &w.project_a, KEY, "Noise after 22:00").await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = complain(&app, &owner, &w.project_a, KEY, "Noise after 22:00").await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(complaints(&app, &owner, &w.project_a).await, before + 1);

    // The same key with another request is refused, and changes nothing either.
    let r = complain(&app, &owner, &w.project_a, KEY, "Something else").await;
    assert_error(r, 422, "idempotency_key_reused").await;
    assert_eq!(complaints(&app, &owner, &w.project_a).await, before + 1);

    // Without a key, or with a new one, each request acts.
    let r = post_json(
        &owner,
        app.url(&format!("/api/v1/projects/{}/complaints", w.project_a)),
        &json!({ "body": "Noise after 22:00" }),
    )
    .await;
    assert_eq!(r.status(), 201);
    let r = complain(
        &app,
        &owner,
        &w.project_a,
        "idem-key-2",
        "Noise after 22:00",
    )
    .await;
    assert_eq!(r.status(), 201);
    assert_eq!(complaints(&app, &owner, &w.project_a).await, before + 3);

    // Keys are per caller: another homeowner's same key is theirs alone.
    let theirs = complaints(&app, &other, &w.project_b).await;
    let r = complain(&app, &other, &w.project_b, KEY, "Dust in the stairwell").await;
    assert_eq!(r.status(), 201);
    assert!(r.headers().get("idempotent-replayed").is_none());
    assert_eq!(complaints(&app, &other, &w.project_b).await, theirs + 1);
}

#[tokio::test]
async fn a_refused_request_is_not_recorded_and_a_bad_key_is_refused() {
    let (app, w, owner, before) = owner_of_a().await;
    // Refused (empty text): nothing happened, so the corrected request runs with the key.
    let r = complain(&app, &owner, &w.project_a, KEY, "").await;
    assert_eq!(r.status(), 422);
    let r = complain(&app, &owner, &w.project_a, KEY, "Noise after 22:00").await;
    assert_eq!(r.status(), 201);
    assert!(r.headers().get("idempotent-replayed").is_none());
    assert_eq!(complaints(&app, &owner, &w.project_a).await, before + 1);
    // A key that is too long or not plain text.
    for bad in ["k".repeat(129), "has space".to_string()] {
        let r = complain(&app, &owner, &w.project_a, &bad, "x").await;
        assert_error(r, 400, "bad_request").await;
    }
    assert_eq!(complaints(&app, &owner, &w.project_a).await, before + 1);
}

#[tokio::test]
async fn a_photo_sent_twice_with_its_key_is_stored_once() {
    let app = spawn_app().await;
    let w = app.world().await;
    let crew = app.login(&w.crew_a).await;
    let url = app.url(&format!("/api/v1/projects/{}/photos", w.project_a));
    let send = || {
        // Each send draws a new multipart boundary, as a browser does.
        let part = reqwest::multipart::Part::bytes(exif::jpeg(64, 48)).file_name("a.jpg");
        crew.post(&url)
            .header("Idempotency-Key", KEY)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let before = app.photo_rows().await;
    let first = send().await.unwrap();
    assert!(first.status().is_success(), "{}", first.status());
    let first: Value = first.json().await.unwrap();
    let again = send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);
    assert_eq!(app.photo_rows().await, before + 1);
}

#[tokio::test]
async fn the_same_request_sent_twice_at_once_acts_once() {
    let (app, w, owner, before) = owner_of_a().await;
    let (a, b) = tokio::join!(
        complain(&app, &owner, &w.project_a, KEY, "Noise after 22:00"),
        complain(&app, &owner, &w.project_a, KEY, "Noise after 22:00"),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    // Either the second waited for the first's answer, or it was told the first is running.
    assert!(
        statuses == [201, 201] || statuses == [201, 409],
        "{statuses:?}"
    );
    if statuses[1] == 409 {
        let busy = if a.status() == 409 { a } else { b };
        assert_eq!(busy.headers()["retry-after"], "1");
        assert_error(busy, 409, "idempotency_in_progress").await;
    }
    assert_eq!(complaints(&app, &owner, &w.project_a).await, before + 1);
}
