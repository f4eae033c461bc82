//! The second sign-in factor of staff and admins: enrolment, the second step of a password
//! sign-in (a code works once, a recovery code too), throttling, turning it off, an admin's
//! reset, and the rules that require it (admins; staff when the company says so).
//! Codes are computed here with `totp-rs` from the secret the enrolment answered.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::support::id_of;
use crate::support::json_ok;
use crate::support::spawn_world;
use crate::support::{assert_error, post_json, put_json, spawn_app_with, TestApp, PASSWORD};
use crate::support::{delete, get, post};

/// The authenticator app: SHA-1, 6 digits, 30 s.
fn app_for(secret: &str) -> TOTP {
    let bytes = Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32 secret");
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, None, "test".into()).expect("totp")
}

/// The app's code now, on the server's (movable) clock.
fn code_now(app: &TestApp, secret: &str) -> String {
    let now = app.state.clock.now().timestamp() as u64;
    app_for(secret).generate(now)
}

/// A 6-digit code that is none of the codes valid now (nor one step either side).
fn wrong_code(app: &TestApp, secret: &str) -> String {
    let now = app.state.clock.now().timestamp() as u64;
    let totp = app_for(secret);
    let valid = [now - 30, now, now + 30].map(|t| totp.generate(t));
    (0..)
        .map(|n: u32| format!("{:06}", (n * 7919 + 123_457) % 1_000_000))
        .find(|c| !valid.contains(c))
        .expect("a wrong code")
}

async fn get_path(c: &Client, app: &TestApp, path: &str) -> reqwest::Response {
    get(c, app.url(path)).await
}

/// Password sign-in in a fresh browser; returns it and the answer.
async fn password(app: &TestApp, login: &str) -> (Client, reqwest::Response) {
    let c = app.client();
    let r = post_json(
        &c,
        app.url("/api/v1/auth/login"),
        &json!({"login": login, "password": PASSWORD}),
    )
    .await;
    (c, r)
}

async fn verify(c: &Client, app: &TestApp, code: &str) -> reqwest::Response {
    post_json(
        c,
        app.url("/api/v1/auth/totp/verify"),
        &json!({"code": code}),
    )
    .await
}

/// Enrols a signed-in user: starts, confirms with the current code; returns the secret and
/// the recovery codes.
async fn enrol(c: &Client, app: &TestApp) -> (String, Vec<String>) {
    let started = json_ok(
        c.post(app.url("/api/v1/auth/totp/enrol"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let secret = started["secret"].as_str().expect("secret").to_string();
    let r = post_json(
        c,
        app.url("/api/v1/auth/totp/confirm"),
        &json!({"code": code_now(app, &secret)}),
    )
    .await;
    let codes: Vec<String> = json_ok(r).await["recovery_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    (secret, codes)
}

async fn sign_out(c: &Client, app: &TestApp) {
    let r = post(c, app.url("/api/v1/auth/logout")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn staff_enrol_then_sign_in_with_a_code_once_and_a_recovery_code_once() {
    let (app, w) = spawn_world().await;
    let staff = app.login(&w.staff).await;
    let status = json_ok(get_path(&staff, &app, "/api/v1/auth/totp").await).await;
    assert_eq!(
        status,
        json!({"available": true, "enabled": false, "pending": false, "required": false,
               "recovery_codes_left": 0})
    );

    // Enrolment: a secret for the app, pending until a current code confirms it.
    let r = post(&staff, app.url("/api/v1/auth/totp/enrol")).await;
    let started = json_ok(r).await;
    let secret = started["secret"].as_str().unwrap().to_string();
    let url = started["otpauth_url"].as_str().unwrap();
    assert!(url.starts_with("otpauth://totp/"), "{url}");
    assert!(url.contains(&format!("secret={secret}")), "{url}");
    assert!(url.contains("staff%40test.cn"), "{url}");
    assert!(secret.len() >= 32, "160-bit secret: {secret}");
    let status = json_ok(get_path(&staff, &app, "/api/v1/auth/totp").await).await;
    assert_eq!(
        (status["pending"].clone(), status["enabled"].clone()),
        (json!(true), json!(false))
    );
    // Until confirmed, sign-in still takes the password alone.
    let (_, r) = password(&app, &w.staff).await;
    assert_eq!(json_ok(r).await["role"], "staff");

    let confirm = app.url("/api/v1/auth/totp/confirm");
    let r = post_json(
        &staff,
        &confirm,
        &json!({"code": wrong_code(&app, &secret)}),
    )
    .await;
    assert_error(r, 422, "code_wrong").await;
    let r = post_json(&staff, &confirm, &json!({"code": "12ab"})).await;
    assert_error(r, 422, "validation").await;
    let confirming = code_now(&app, &secret);
    let r = post_json(&staff, &confirm, &json!({"code": confirming})).await;
    let codes = json_ok(r).await["recovery_codes"].clone();
    let codes: Vec<String> = codes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 10, "recovery codes are distinct");

    // On: the secret is never sent again, and a new enrolment is refused while it is on.
    let r = get_path(&staff, &app, "/api/v1/auth/totp").await;
    let text = r.text().await.unwrap();
    assert!(!text.contains(&secret));
    let status: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recovery_codes_left"], 10);
    let r = post(&staff, app.url("/api/v1/auth/totp/enrol")).await;
    assert_error(r, 409, "already_exists").await;
    let me = json_ok(get_path(&staff, &app, "/api/v1/auth/me").await).await;
    let staff_id = id_of(&me);
    // Only hashes of the recovery codes are stored.
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT code_hash FROM totp_recovery_codes WHERE user_id = $1")
            .bind(&staff_id)
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 10);
    for code in &codes {
        assert!(!stored.iter().any(|h| h.contains(&code.replace('-', ""))));
    }
    sign_out(&staff, &app).await;

    // The password alone gives no session, only the second step.
    let (c, r) = password(&app, &w.staff).await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("sid2fa="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert_error(r, 401, "second_factor_required").await;
    assert_error(
        get_path(&c, &app, "/api/v1/auth/me").await,
        401,
        "unauthenticated",
    )
    .await;
    assert_error(
        get_path(&c, &app, "/api/v1/projects").await,
        401,
        "unauthenticated",
    )
    .await;

    // A wrong code is refused (and counted); the right one starts the session.
    let body = assert_error(
        verify(&c, &app, &wrong_code(&app, &secret)).await,
        422,
        "code_wrong",
    )
    .await;
    assert_eq!(body["tries_left"], 4);
    assert_error(
        get_path(&c, &app, "/api/v1/auth/me").await,
        401,
        "unauthenticated",
    )
    .await;
    let fails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_attempts WHERE bucket LIKE $1")
        .bind(format!("fail:2fa:{staff_id}|%"))
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(fails, 1, "the wrong code counts as a failed sign-in");
    // The code that confirmed the enrolment was used (that very code: the real clock may
    // have moved on a step since): the next one, 30 s on, signs in.
    assert_error(verify(&c, &app, &confirming).await, 422, "code_wrong").await;
    app.clock.advance(chrono::Duration::seconds(30));
    let code = code_now(&app, &secret);
    let r = verify(&c, &app, &code).await;
    assert_eq!(r.status(), StatusCode::OK);
    let set: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        set.iter()
            .any(|c| c.starts_with("sid=") && !c.starts_with("sid=;")),
        "{set:?}"
    );
    assert!(
        set.iter().any(|c| c.starts_with("sid2fa=;")),
        "the waiting sign-in is cleared: {set:?}"
    );
    assert_eq!(json_ok(r).await["id"], staff_id.as_str());
    assert_eq!(
        json_ok(get_path(&c, &app, "/api/v1/projects").await).await["items"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    // The second step is over: the same cookie does not verify again.
    assert_error(verify(&c, &app, &code).await, 401, "unauthenticated").await;
    sign_out(&c, &app).await;

    // The same code again (same 30 s) is refused: a code works once.
    let (c, r) = password(&app, &w.staff).await;
    assert_error(r, 401, "second_factor_required").await;
    assert_error(verify(&c, &app, &code).await, 422, "code_wrong").await;

    // A recovery code works (any case, with or without dashes) — once.
    let r = verify(&c, &app, &codes[0].to_uppercase()).await;
    assert_eq!(json_ok(r).await["role"], "staff");
    sign_out(&c, &app).await;
    let (c, _) = password(&app, &w.staff).await;
    assert_error(verify(&c, &app, &codes[0]).await, 422, "code_wrong").await;
    let r = verify(&c, &app, &codes[1].replace('-', " ")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let status = json_ok(get_path(&c, &app, "/api/v1/auth/totp").await).await;
    assert_eq!(status["recovery_codes_left"], 8);

    // Turning it off takes a current code: a wrong one or the used one is refused.
    let disable = app.url("/api/v1/auth/totp/disable");
    let r = post_json(&c, &disable, &json!({"code": wrong_code(&app, &secret)})).await;
    assert_error(r, 422, "code_wrong").await;
    let r = post_json(&c, &disable, &json!({"code": code})).await;
    assert_error(r, 422, "code_wrong").await;
    app.clock.advance(chrono::Duration::seconds(30));
    let r = post_json(&c, &disable, &json!({"code": code_now(&app, &secret)})).await;
    let status = json_ok(r).await;
    assert_eq!(
        (status["enabled"].clone(), status["pending"].clone()),
        (json!(false), json!(false))
    );
    let r = post_json(&c, &disable, &json!({"code": code_now(&app, &secret)})).await;
    assert_error(r, 409, "conflict").await;
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = $1")
            .bind(&staff_id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(left, 0, "the recovery codes went with it");
    sign_out(&c, &app).await;
    // Off: the password alone signs in again.
    let (_, r) = password(&app, &w.staff).await;
    assert_eq!(json_ok(r).await["id"], staff_id.as_str());
}

#[tokio::test]
async fn wrong_codes_count_as_failed_sign_ins_and_the_second_step_is_short_lived() {
    let (app, w) = spawn_world().await;
    let staff = app.login(&w.staff).await;
    let (secret, _) = enrol(&staff, &app).await;
    app.clock.advance(chrono::Duration::seconds(30));

    // Without the waiting sign-in's cookie there is nothing to verify.
    assert_error(
        verify(&app.client(), &app, &code_now(&app, &secret)).await,
        401,
        "unauthenticated",
    )
    .await;

    // Five wrong codes end the waiting sign-in …
    let (c, _) = password(&app, &w.staff).await;
    for left in (1..=4).rev() {
        let body = assert_error(
            verify(&c, &app, &wrong_code(&app, &secret)).await,
            422,
            "code_wrong",
        )
        .await;
        assert_eq!(body["tries_left"], left);
    }
    let r = verify(&c, &app, &wrong_code(&app, &secret)).await;
    assert_error(r, 401, "unauthenticated").await;
    // … and, as five failed sign-ins, make this address wait even with the right code.
    let (c, r) = password(&app, &w.staff).await;
    assert_error(r, 401, "second_factor_required").await;
    assert_error(
        verify(&c, &app, &code_now(&app, &secret)).await,
        429,
        "rate_limited",
    )
    .await;
    app.clock.advance(chrono::Duration::seconds(31));
    let r = verify(&c, &app, &code_now(&app, &secret)).await;
    assert_eq!(r.status(), StatusCode::OK);

    // The second step waits 5 minutes at most.
    app.clock.advance(chrono::Duration::seconds(30));
    let (c, _) = password(&app, &w.staff).await;
    app.clock.advance(chrono::Duration::minutes(6));
    assert_error(
        verify(&c, &app, &code_now(&app, &secret)).await,
        401,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn admins_may_only_enrol_until_their_second_factor_is_on() {
    let app = spawn_app_with(|c| c.admin_totp_required = true).await;
    let w = app.world().await;
    // The password gives a session, but one that may only set up the second factor.
    let (admin, r) = password(&app, &w.admin).await;
    let body = json_ok(r).await;
    assert_eq!(
        (
            body["role"].clone(),
            body["second_factor_setup_required"].clone()
        ),
        (json!("admin"), json!(true))
    );
    for path in [
        "/api/v1/projects",
        "/api/v1/queue",
        "/api/v1/auth/totp/policy",
    ] {
        let r = get_path(&admin, &app, path).await;
        assert_error(r, 403, "second_factor_setup_required").await;
    }
    let r = put_json(
        &admin,
        app.url("/api/v1/auth/totp/policy"),
        &json!({"require_staff_totp": true}),
    )
    .await;
    assert_error(r, 403, "second_factor_setup_required").await;
    assert_eq!(
        json_ok(get_path(&admin, &app, "/api/v1/auth/me").await).await["role"],
        "admin"
    );
    let status = json_ok(get_path(&admin, &app, "/api/v1/auth/totp").await).await;
    assert_eq!(
        (status["required"].clone(), status["enabled"].clone()),
        (json!(true), json!(false))
    );
    // Staff are not held back by the admins' rule; homeowners have no second factor.
    let staff = app.login(&w.staff).await;
    assert_eq!(
        get_path(&staff, &app, "/api/v1/projects").await.status(),
        StatusCode::OK
    );
    let owner = app.login(&w.owner_a).await;
    let r = post(&owner, app.url("/api/v1/auth/totp/enrol")).await;
    assert_error(r, 403, "forbidden").await;

    let (admin_secret, _) = enrol(&admin, &app).await;
    assert_eq!(
        get_path(&admin, &app, "/api/v1/projects").await.status(),
        StatusCode::OK
    );
    // Signing in again takes the code.
    app.clock.advance(chrono::Duration::seconds(30));
    let (admin, r) = password(&app, &w.admin).await;
    assert_error(r, 401, "second_factor_required").await;
    let r = verify(&admin, &app, &code_now(&app, &admin_secret)).await;
    assert_eq!(r.status(), StatusCode::OK);

    // The company requires it of staff: staff without one may only set it up.
    let r = put_json(
        &staff,
        app.url("/api/v1/auth/totp/policy"),
        &json!({"require_staff_totp": true}),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
    let r = put_json(
        &admin,
        app.url("/api/v1/auth/totp/policy"),
        &json!({"require_staff_totp": true}),
    )
    .await;
    assert_eq!(json_ok(r).await, json!({"require_staff_totp": true}));
    assert_error(
        get_path(&staff, &app, "/api/v1/projects").await,
        403,
        "second_factor_setup_required",
    )
    .await;
    let status = json_ok(get_path(&staff, &app, "/api/v1/auth/totp").await).await;
    assert_eq!(status["required"], true);
    let (_, _) = enrol(&staff, &app).await;
    assert_eq!(
        get_path(&staff, &app, "/api/v1/projects").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        json_ok(get_path(&staff, &app, "/api/v1/auth/totp/policy").await).await,
        json!({"require_staff_totp": true})
    );

    // An admin resets a staff member's second factor (a lost phone): set it up again.
    let staff_id = id_of(&json_ok(get_path(&staff, &app, "/api/v1/auth/me").await).await);
    let r = delete(
        &staff,
        app.url(&format!("/api/v1/auth/totp/users/{staff_id}")),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
    let r = delete(
        &admin,
        app.url(&format!("/api/v1/auth/totp/users/{staff_id}")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_error(
        get_path(&staff, &app, "/api/v1/projects").await,
        403,
        "second_factor_setup_required",
    )
    .await;
    let (_, r) = password(&app, &w.staff).await;
    let body = json_ok(r).await;
    assert_eq!(body["role"], "staff", "no code asked for after the reset");
    assert_eq!(body["second_factor_setup_required"], true);
    // Homeowners (and unknown ids) are not theirs to reset.
    let owner_id = id_of(&json_ok(get_path(&owner, &app, "/api/v1/auth/me").await).await);
    for id in [owner_id.as_str(), "no-such-user"] {
        let r = delete(&admin, app.url(&format!("/api/v1/auth/totp/users/{id}"))).await;
        assert_error(r, 404, "not_found").await;
    }
}
