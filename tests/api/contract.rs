//! Every API answer keeps the `{code, message}` contract, including the refusals the
//! framework makes (wrong method, bad query, bad multipart, oversized body), hostile text and
//! dates are refused in words, and API answers are never cached.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::get_json;
use crate::support::spawn_world;
use crate::support::{assert_error, entry_body, post_json, spawn_app_with};
use crate::support::{delete, get};

#[tokio::test]
async fn framework_refusals_answer_json_with_a_code() {
    let (app, w) = spawn_world().await;
    let c = app.client();
    // Unknown API paths, including the bare prefix with a slash, are JSON 404s, never the page.
    for path in ["/api", "/api/", "/api/v1/"] {
        assert_error(get(&c, app.url(path)).await, 404, "not_found").await;
    }
    // A known path with the wrong method: 405 with the methods it has.
    let r = delete(&c, app.url("/api/v1/projects")).await;
    let allow = r.headers().get("allow").cloned();
    let body = assert_error(r, 405, "method_not_allowed").await;
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(allow.is_some(), "405 names the allowed methods");

    let staff = app.login(&w.staff).await;
    // A query the handler cannot read.
    let r = get(
        &staff,
        app.url("/api/v1/metrics?from=yesterday&to=2026-12-01"),
    )
    .await;
    assert_error(r, 400, "bad_request").await;
    // A multipart upload that is not multipart.
    let crew = app.login(&w.crew_a).await;
    let r = crew
        .post(app.project_url(&w.project_a, "photos"))
        .header("content-type", "multipart/form-data")
        .body("not multipart")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16() / 100, 4);
    let v: serde_json::Value = r.json().await.expect("a JSON body");
    assert!(v["code"].is_string() && v["message"].is_string(), "{v}");
    // JSON over the 2 MB limit is 413, as documented.
    let huge = json!({"weather": "sunny", "work_done": "x".repeat(3 * 1024 * 1024)});
    let r = post_json(&crew, app.project_url(&w.project_a, "diary"), &huge).await;
    assert_error(r, 413, "payload_too_large").await;
}

#[tokio::test]
async fn nul_characters_and_impossible_dates_are_refused_in_words() {
    let (app, w) = spawn_world().await;
    let crew = app.login(&w.crew_a).await;
    let url = app.project_url(&w.project_a, "diary");
    let r = post_json(&crew, &url, &entry_body("水电\u{0}开槽", &[])).await;
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(body["field"], "work_done");
    assert_eq!(body["reason"], "bad_format");
    let page: serde_json::Value = get_json(&crew, &url).await;
    assert_eq!(
        page["items"].as_array().map(Vec::len),
        Some(0),
        "nothing stored"
    );

    let staff = app.login(&w.staff).await;
    for path in [
        "/api/v1/surveys/results?to=-262143-01-01",
        "/api/v1/surveys/results?from=%2B262142-12-31",
        "/api/v1/metrics?from=1066-10-14&to=2026-12-01",
        "/api/v1/metrics?from=2026-12-01&to=9999-12-31",
    ] {
        let r = get(&staff, app.url(path)).await;
        let status = r.status();
        let body: serde_json::Value = r.json().await.expect("JSON");
        // Either unreadable (400) or out of range (422): never a dropped connection or a 500.
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "{path}: {status} {body}"
        );
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(body["reason"], "out_of_range", "{path}: {body}");
        }
    }
    let r = get(&staff, app.url("/api/v1/surveys/results?to=2100-12-31")).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn api_answers_are_not_cached_and_https_deployments_send_hsts() {
    let (app, w) = spawn_world().await;
    let owner = app.login(&w.owner_a).await;
    for path in ["/api/v1/projects", "/api/v1/nope", "/api/v1/auth/me"] {
        let r = get(&owner, app.url(path)).await;
        assert_eq!(
            r.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
        assert!(r.headers().get("strict-transport-security").is_none());
    }
    let secure = spawn_app_with(|c| c.secure_cookies = true).await;
    let r = get(&secure.client(), secure.url("/api/v1/health")).await;
    assert!(r
        .headers()
        .get("strict-transport-security")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("max-age=")));
}
