//! Sign-in, sign-out, sessions, one-time codes, rate limits and CSRF.

use reqwest::StatusCode;
use serde_json::{json, Value};

use seed_portal::domain::auth::{ADDRESS_FAILURE_LIMIT, ADDRESS_WINDOW_SECS};

use crate::support::get_json;
use crate::support::spawn_world;
use crate::support::{assert_error, post_json, spawn_app, TestApp, PASSWORD};
use crate::support::{get, post};

/// Asks for a sign-in code for `phone` and returns the answer.
async fn request_code(app: &TestApp, c: &reqwest::Client, phone: &str) -> reqwest::Response {
    let body = json!({ "phone": phone });
    post_json(c, app.url("/api/v1/auth/otp/request"), &body).await
}

/// A password sign-in attempt.
async fn sign_in(
    app: &TestApp,
    c: &reqwest::Client,
    login: impl serde::Serialize,
    password: &str,
) -> reqwest::Response {
    post_json(
        c,
        app.url("/api/v1/auth/login"),
        &json!({"login": login, "password": password}),
    )
    .await
}

#[tokio::test]
async fn password_sign_in_sets_a_safe_session_cookie() {
    let app = spawn_app().await;
    app.world().await;
    let c = app.client();
    let r = sign_in(&app, &c, "138 0000 0001", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("sid="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["role"], "homeowner");
    assert_eq!(me["phone_masked"], "138****0001");

    let me: Value = get_json(&c, app.url("/api/v1/auth/me")).await;
    assert_eq!(me["name"], "张伟");
}

#[tokio::test]
async fn staff_sign_in_with_email() {
    let (app, w) = spawn_world().await;
    let c = app.login(&w.staff.to_uppercase()).await;
    let me: Value = get_json(&c, app.url("/api/v1/auth/me")).await;
    assert_eq!(me["role"], "staff");
}

#[tokio::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let app = spawn_app().await;
    app.world().await;
    let c = app.client();
    let wrong = sign_in(&app, &c, "13800000001", "nope-nope").await;
    let a = assert_error(wrong, 401, "invalid_credentials").await;
    let unknown = sign_in(&app, &c, "13811112222", "nope-nope").await;
    let b = assert_error(unknown, 401, "invalid_credentials").await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn signed_out_callers_get_401() {
    let app = spawn_app().await;
    let c = app.client();
    for path in ["/api/v1/auth/me", "/api/v1/projects"] {
        let r = get(&c, app.url(path)).await;
        assert_error(r, 401, "unauthenticated").await;
    }
}

#[tokio::test]
async fn session_id_changes_at_sign_in_and_sign_out_ends_it() {
    let (app, w) = spawn_world().await;
    let login = |c: reqwest::Client| {
        let url = app.url("/api/v1/auth/login");
        let who = w.owner_a.clone();
        async move {
            let r = post_json(&c, url, &json!({"login": who, "password": PASSWORD})).await;
            r.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_string()
        }
    };
    let c = app.client();
    let first = login(c.clone()).await;
    let second = login(c.clone()).await;
    assert_ne!(first, second, "a new session id at every sign-in");
    // The first session was ended by the second sign-in.
    let raw = app.client();
    let r = raw
        .get(app.url("/api/v1/auth/me"))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = post(&c, app.url("/api/v1/auth/logout")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = raw
        .get(app.url("/api/v1/auth/me"))
        .header("cookie", &second)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "the session is over on the server"
    );
}

/// The `Retry-After` of a 429 answer, checked against the body's `retry_after_secs`: both
/// present and equal. Answers the seconds.
async fn retry_after(r: reqwest::Response) -> u64 {
    let header = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body = assert_error(r, 429, "rate_limited").await;
    let field = body["retry_after_secs"].as_u64();
    assert!(header.is_some(), "a 429 carries Retry-After: {body}");
    assert_eq!(
        header, field,
        "Retry-After and retry_after_secs agree: {body}"
    );
    header.unwrap_or_default()
}

#[tokio::test]
async fn signing_in_never_locks_out_a_client_but_many_failures_do() {
    let (app, w) = spawn_world().await;
    // An office behind one address: more successful sign-ins than the client's limit.
    for _ in 0..40 {
        app.login(&w.owner_a).await;
    }
    // Failures against many accounts from one address are limited per client, far above one
    // person's failures: just under the limit, everyone else still signs in …
    let limit = ADDRESS_FAILURE_LIMIT as usize;
    let c = app.client();
    for i in 0..limit - 1 {
        let r = sign_in(&app, &c, format!("1390000{i:04}"), "wrong-wrong").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let r = sign_in(&app, &c, &w.owner_b, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    // … and at the limit the address is clearly guessing: every sign-in from it waits, and
    // the refusal says how long (until the oldest failure leaves the 15-minute window).
    app.clock.advance(chrono::Duration::minutes(5));
    let r = sign_in(&app, &c, "13900009999", "wrong-wrong").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = sign_in(&app, &c, &w.owner_a, PASSWORD).await;
    let wait = retry_after(r).await;
    let window = u64::from(ADDRESS_WINDOW_SECS);
    assert!(
        (window - 5 * 60 - 60..=window - 5 * 60).contains(&wait),
        "about ten minutes to wait, not {wait} s"
    );
    app.clock
        .advance(chrono::Duration::seconds(wait as i64 + 1));
    let r = sign_in(&app, &c, &w.owner_a, PASSWORD).await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "after the wait the address may sign in"
    );
}

#[tokio::test]
async fn many_people_behind_one_carrier_address_all_sign_in() {
    let (app, w) = spawn_world().await;
    let phones = app.add_homeowners(&w.owner_a, 36).await;
    // 36 people sign in from one address within 15 minutes; every fourth mistypes first.
    for (i, phone) in phones.iter().enumerate() {
        let c = app.client();
        if i % 4 == 0 {
            let r = sign_in(&app, &c, phone, "typo-typo").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "typo of {i}");
        }
        let r = sign_in(&app, &c, phone, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK, "sign-in {i} of one address");
        app.clock.advance(chrono::Duration::seconds(20));
    }
}

#[tokio::test]
async fn failures_on_one_account_do_not_lock_another_on_the_same_address() {
    let (app, w) = spawn_world().await;
    let c = app.client();
    // Someone behind the carrier's address keeps getting their own password wrong …
    for i in 0..5 {
        let r = sign_in(&app, &c, &w.owner_a, "wrong-wrong").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "failure {i}");
    }
    // … and must wait before their next try (30 s after the fifth failure), told so …
    let r = sign_in(&app, &c, &w.owner_a, PASSWORD).await;
    assert_eq!(retry_after(r).await, 30);
    app.clock.advance(chrono::Duration::seconds(10));
    let r = sign_in(&app, &c, &w.owner_a, PASSWORD).await;
    assert_eq!(retry_after(r).await, 20, "the wait counts down");
    // … while their neighbour on the same address signs in at once, and so do others
    // whose own failures are few.
    let r = sign_in(&app, &app.client(), &w.owner_b, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = sign_in(&app, &app.client(), &w.crew_a, "wrong-wrong").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = sign_in(&app, &app.client(), &w.crew_a, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    // The first one gets in once their wait is over.
    app.clock.advance(chrono::Duration::seconds(21));
    let r = sign_in(&app, &c, &w.owner_a, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// Signs in as if from `ip` behind one trusted proxy (the proxy appends the address it saw;
/// `claimed` is what the client itself put in front).
async fn sign_in_from(
    app: &TestApp,
    ip: &str,
    claimed: Option<&str>,
    login: &str,
    password: &str,
) -> reqwest::Response {
    let forwarded = match claimed {
        Some(c) => format!("{c}, {ip}"),
        None => ip.to_string(),
    };
    app.client()
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn failures_slow_down_that_address_only_and_never_lock_out_the_real_user() {
    let app = crate::support::spawn_app_with(|c| c.trust_proxy = 1).await;
    let w = app.world().await;
    let attacker = "203.0.113.66";
    for _ in 0..5 {
        let r = sign_in_from(&app, attacker, None, &w.owner_a, "wrong-wrong").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The attacker's address now waits, even with the right password, and is told how long …
    let r = sign_in_from(&app, attacker, None, &w.owner_a, PASSWORD).await;
    assert_eq!(retry_after(r).await, 30);
    // … while the real user, from an address that has not failed, signs in, and can still
    // ask for a sign-in code.
    let r = sign_in_from(&app, "198.51.100.7", None, &w.owner_a, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .client()
        .post(app.url("/api/v1/auth/otp/request"))
        .header("x-forwarded-for", "198.51.100.7")
        .json(&json!({"phone": w.owner_a}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // The wait grows with each further failure: 30 s after the fifth, then 60 s.
    app.clock.advance(chrono::Duration::seconds(31));
    let r = sign_in_from(&app, attacker, None, &w.owner_a, "wrong-wrong").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    app.clock.advance(chrono::Duration::seconds(31));
    let r = sign_in_from(&app, attacker, None, &w.owner_a, PASSWORD).await;
    assert_error(r, 429, "rate_limited").await;
    app.clock.advance(chrono::Duration::seconds(30));
    let r = sign_in_from(&app, attacker, None, &w.owner_a, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    // An unknown account is limited the same way, revealing nothing.
    for _ in 0..5 {
        sign_in_from(&app, attacker, None, "13811112222", "wrong-wrong").await;
    }
    let r = sign_in_from(&app, attacker, None, "13811112222", "wrong-wrong").await;
    assert_error(r, 429, "rate_limited").await;
}

#[tokio::test]
async fn the_client_address_comes_from_the_trusted_proxy_not_the_client() {
    let app = crate::support::spawn_app_with(|c| c.trust_proxy = 1).await;
    let w = app.world().await;
    // Rotating a made-up first hop does not give a fresh budget: the proxy's entry counts.
    for i in 0..ADDRESS_FAILURE_LIMIT {
        let claimed = format!("10.9.{}.{}", i / 250, i % 250);
        let r = sign_in_from(
            &app,
            "203.0.113.66",
            Some(&claimed),
            &format!("1390000{i:04}"),
            "wrong-wrong",
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let r = sign_in_from(&app, "203.0.113.66", Some("10.1.1.1"), &w.owner_a, PASSWORD).await;
    assert!(retry_after(r).await > 0);
    // Another address behind the same proxy is not held back.
    let r = sign_in_from(
        &app,
        "198.51.100.7",
        Some("203.0.113.66"),
        &w.owner_a,
        PASSWORD,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_in_codes_have_daily_caps_per_number_and_per_address() {
    let (app, w) = spawn_world().await;
    let c = app.client();
    let request = |phone: String| {
        let c = c.clone();
        let url = app.url("/api/v1/auth/otp/request");
        async move {
            c.post(url)
                .json(&json!({ "phone": phone }))
                .send()
                .await
                .unwrap()
        }
    };
    for i in 0..10 {
        let r = request(w.owner_a.clone()).await;
        assert_eq!(r.status(), StatusCode::OK, "code {i}");
        app.clock.advance(chrono::Duration::seconds(61));
    }
    // The number waits until its first code of the day is a day old.
    let r = request(w.owner_a.clone()).await;
    let wait = retry_after(r).await;
    assert!(
        (86_400 - 10 * 61 - 5..=86_400 - 10 * 61 + 1).contains(&wait),
        "{wait} s"
    );
    // Unknown numbers count the same (nothing tells them apart); the address's own cap of 50
    // a day holds across numbers.
    for i in 0..40 {
        let r = request(format!("1370000{i:04}")).await;
        assert_eq!(r.status(), StatusCode::OK, "number {i}");
    }
    let r = request("13712345678".to_string()).await;
    assert!(retry_after(r).await > 23 * 3600);
    // A day later the number may ask again.
    app.clock.advance(chrono::Duration::hours(24));
    let r = request(w.owner_a.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
}

use crate::support::latest_code;

#[tokio::test]
async fn homeowner_signs_in_with_a_one_time_code() {
    let (app, w) = spawn_world().await;
    let c = app.client();
    let r = request_code(&app, &c, &w.owner_a).await;
    assert_eq!(r.status(), StatusCode::OK);
    let code = latest_code(&app).await.expect("a code in the outbox");
    let outbox: Value = get_json(&c, app.url("/api/v1/dev/outbox")).await;
    assert_eq!(outbox[0]["recipient_masked"], "138****0001");

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = post_json(
        &c,
        app.url("/api/v1/auth/otp/verify"),
        &json!({"phone": w.owner_a, "code": wrong}),
    )
    .await;
    // A wrong code says so, with the tries left (codes exist for every number, so this
    // reveals no account).
    let body = assert_error(r, 422, "code_wrong").await;
    assert_eq!(body["field"], "code");
    assert_eq!(body["tries_left"], 4);

    let r = post_json(
        &c,
        app.url("/api/v1/auth/otp/verify"),
        &json!({"phone": w.owner_a, "code": code}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = get_json(&c, app.url("/api/v1/auth/me")).await;
    assert_eq!(me["role"], "homeowner");

    // Single use.
    let r = app
        .client()
        .post(app.url("/api/v1/auth/otp/verify"))
        .json(&json!({"phone": w.owner_a, "code": code}))
        .send()
        .await
        .unwrap();
    assert_error(r, 422, "code_expired").await;
}

#[tokio::test]
async fn one_time_codes_expire_and_reveal_no_accounts() {
    let (app, w) = spawn_world().await;
    let c = app.client();
    // Unknown number: same answer, nothing sent.
    let r = request_code(&app, &c, "13811112222").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(latest_code(&app).await.is_none());
    // A guessed code for the unknown number answers as for a real one: wrong, tries left.
    let r = post_json(
        &c,
        app.url("/api/v1/auth/otp/verify"),
        &json!({"phone": "13811112222", "code": "123456"}),
    )
    .await;
    let body = assert_error(r, 422, "code_wrong").await;
    assert_eq!(body["tries_left"], 4);
    // Malformed number: a validation error naming the field and the reason.
    let r = request_code(&app, &c, "12345").await;
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(body["field"], "phone");
    assert_eq!(body["reason"], "bad_format");

    request_code(&app, &c, &w.owner_a).await;
    let code = latest_code(&app).await.unwrap();
    // Asking again at once is refused, for the rest of the minute.
    let r = request_code(&app, &c, &w.owner_a).await;
    assert!((55..=60).contains(&retry_after(r).await));
    app.clock.advance(chrono::Duration::minutes(6));
    let r = post_json(
        &c,
        app.url("/api/v1/auth/otp/verify"),
        &json!({"phone": w.owner_a, "code": code}),
    )
    .await;
    let body = assert_error(r, 422, "code_expired").await;
    assert!(body.get("tries_left").is_none());
}

#[tokio::test]
async fn state_changes_from_other_origins_are_refused() {
    let (app, w) = spawn_world().await;
    let r = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .header("origin", "https://evil.example")
        .json(&json!({"login": w.owner_a, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_error(r, 403, "cross_origin").await;
    let r = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .header("origin", app.base.clone())
        .json(&json!({"login": w.owner_a, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_bodies_get_clear_errors() {
    let app = spawn_app().await;
    let c = app.client();
    let r = c
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "bad_request").await;
    let r = post_json(&c, app.url("/api/v1/auth/login"), &json!({"login": 5})).await;
    assert_error(r, 422, "validation").await;
    let r = c
        .post(app.url("/api/v1/auth/login"))
        .body("login=a")
        .send()
        .await
        .unwrap();
    assert_error(r, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn unknown_api_paths_answer_json_404_and_openapi_is_served() {
    let app = spawn_app().await;
    let c = app.client();
    for path in [
        "/api/v1/nope",
        "/api/v2/projects",
        "/api/whatever/deep/path",
    ] {
        let r = get(&c, app.url(path)).await;
        assert_error(r, 404, "not_found").await;
    }
    let doc: Value = get_json(&c, app.url("/api/v1/openapi.json")).await;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/auth/login",
        "/api/v1/projects",
        "/api/v1/projects/{id}/diary",
        "/api/v1/projects/{id}/photos",
        "/api/v1/diary/{id}",
    ] {
        assert!(paths.contains_key(p), "openapi lacks {p}");
    }
    assert!(doc["components"]["schemas"]["DiaryInput"].is_object());
}

#[tokio::test]
async fn the_demo_outbox_opens_only_on_this_machine_or_with_its_key() {
    let (app, w) = spawn_world().await;
    let c = app.client();
    let r = request_code(&app, &c, &w.owner_a).await;
    assert_eq!(r.status(), StatusCode::OK);
    let outbox = app.url("/api/v1/dev/outbox");
    // Directly from this machine: open.
    assert_eq!(get(&c, &outbox).await.status(), 200);
    // Through a proxy (everyone would look local): closed without the key, open with it.
    let via_proxy = |url: String| c.get(url).header("x-forwarded-for", "203.0.113.9");
    assert_error(
        via_proxy(outbox.clone()).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    let wrong = format!("{outbox}?key=0123456789abcdef0123456789abcdef");
    assert_error(via_proxy(wrong).send().await.unwrap(), 404, "not_found").await;
    let key = app.state.config.demo_key.clone();
    let r = via_proxy(format!("{outbox}?key={key}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(&outbox)
        .header("forwarded", "for=203.0.113.9")
        .header("x-demo-key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn without_the_demo_outbox_no_code_is_kept_in_clear() {
    let app = crate::support::spawn_app_with(|c| c.demo_outbox = false).await;
    let w = app.world().await;
    let r = request_code(&app, &app.client(), &w.owner_a).await;
    assert_eq!(r.status(), StatusCode::OK);
    // The text goes out just after the answer.
    let mut bodies: Vec<String> = Vec::new();
    for _ in 0..40 {
        bodies = sqlx::query_scalar("SELECT body FROM outbox")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        if !bodies.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].contains("******"), "{}", bodies[0]);
    let digits: String = bodies[0].chars().filter(char::is_ascii_digit).collect();
    assert!(digits.len() < 6, "a code is stored: {}", bodies[0]);
    // And the outbox itself is not served.
    let r = get(&app.client(), app.url("/api/v1/dev/outbox")).await;
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn a_session_unused_for_too_long_ends() {
    let app = crate::support::spawn_app_with(|c| {
        c.session_idle_minutes = seed_portal::server::config::Config::default().session_idle_minutes
    })
    .await;
    let w = app.world().await;
    let c = app.login(&w.owner_a).await;
    let me = || {
        let c = c.clone();
        let url = app.url("/api/v1/auth/me");
        async move { get(&c, url).await.status() }
    };
    // In use every day or so, it stays (the idle limit is 2 days by default) …
    for _ in 0..3 {
        app.clock.advance(chrono::Duration::hours(47));
        assert_eq!(me().await, StatusCode::OK);
    }
    // … left alone for longer, it is over.
    app.clock.advance(chrono::Duration::hours(49));
    assert_eq!(me().await, StatusCode::UNAUTHORIZED);
}
