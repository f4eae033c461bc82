//! Two portal instances on one database and one photo store: whatever instance a request
//! reaches, the caller sees one portal.

use std::sync::Arc;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::support::*;
use seed_portal::domain::auth::ADDRESS_FAILURE_LIMIT;
use seed_portal::server::{housekeeping_run, Application};

/// A second instance of `app`: the same configuration, database and photo directory (and
/// clock), on a port of its own. Returns its base URL and state.
async fn second_instance(app: &TestApp) -> (String, seed_portal::server::state::AppState) {
    let mut config = (*app.state.config).clone();
    config.bind = "127.0.0.1:0".parse().expect("addr");
    let other = Application::build_with_clock(config, Arc::new(app.clock.clone()))
        .await
        .expect("the second instance builds");
    let base = format!("http://{}", other.local_addr());
    let state = other.state.clone();
    tokio::spawn(other.run_until_stopped());
    (base, state)
}

async fn sign_in(c: &Client, base: &str, login: &str, password: &str) -> reqwest::Response {
    c.post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "login": login, "password": password }))
        .send()
        .await
        .expect("sign-in request")
}

#[tokio::test]
async fn requests_alternating_between_two_instances_see_one_portal() {
    let app = spawn_app().await;
    let w = app.world().await;
    let (b, b_state) = second_instance(&app).await;
    let a = app.base.clone();
    let at = |base: &str, path: &str| format!("{base}{path}");

    // A session made on one instance works on the other, and ends on both.
    let owner = app.client();
    let r = sign_in(&owner, &a, &w.owner_a, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me = get_ok(&owner, at(&b, "/api/v1/auth/me")).await;
    assert_eq!(me["role"], "homeowner");

    // A photo uploaded through one is served by the other, to the same people only.
    let crew = app.client();
    assert_eq!(
        sign_in(&crew, &b, &w.crew_a, PASSWORD).await.status(),
        StatusCode::OK
    );
    let photos = format!("/api/v1/projects/{}/photos", w.project_a);
    let r = upload(&crew, &at(&b, &photos), exif::jpeg(640, 480), "a.jpg").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let photo: Value = r.json().await.unwrap();
    let thumb = photo["thumb_url"].as_str().expect("thumb url");
    let from_a = get(&crew, at(&a, thumb)).await;
    assert_eq!(from_a.status(), StatusCode::OK);
    let from_b = get(&crew, at(&b, thumb)).await;
    assert_eq!(from_a.bytes().await.unwrap(), from_b.bytes().await.unwrap());
    let stranger = app.login(&w.owner_b).await;
    assert_eq!(
        get(&stranger, at(&b, thumb)).await.status(),
        StatusCode::NOT_FOUND
    );

    // A create sent to one and repeated on the other (a retry through the balancer) happens
    // once.
    let complaints = format!("/api/v1/projects/{}/complaints", w.project_a);
    let send = |base: &str| {
        owner
            .post(at(base, &complaints))
            .header("Idempotency-Key", "k-across")
            .json(&json!({ "body": "Noise after 22:00" }))
            .send()
    };
    let first: Value = send(&a).await.unwrap().json().await.unwrap();
    let again = send(&b).await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);

    // Signing out on one ends the session on both.
    let r = owner
        .post(at(&b, "/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(
        get(&owner, at(&a, "/api/v1/auth/me")).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The hourly jobs, started on both at once in a new hour, run on one.
    let into_hour = app.state.clock.now_ms().rem_euclid(3_600_000);
    app.clock.advance(
        chrono::Duration::milliseconds(3_600_000 - into_hour) + chrono::Duration::minutes(1),
    );
    let (x, y) = tokio::join!(housekeeping_run(&app.state), housekeeping_run(&b_state));
    assert!(x != y, "one instance runs the hour's housekeeping: {x} {y}");
}

#[tokio::test]
async fn sign_in_limits_count_the_attempts_made_on_every_instance() {
    let app = spawn_app().await;
    let w = app.world().await;
    let (b, _) = second_instance(&app).await;
    let bases = [app.base.clone(), b];
    // The address limit reached by alternating instances: half on each.
    let c = app.client();
    for i in 0..ADDRESS_FAILURE_LIMIT as usize {
        let base = &bases[i % 2];
        let r = sign_in(&c, base, &format!("1390000{i:04}"), "wrong-wrong").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for base in &bases {
        let r = sign_in(&c, base, &w.owner_a, PASSWORD).await;
        let body = assert_error(r, 429, "rate_limited").await;
        assert!(body["retry_after_secs"].as_u64() > Some(0), "{body}");
    }
}
