//! Operating the portal: liveness, readiness (and what it says when the database or the photo
//! storage fails), metrics behind their token, request ids, and the backup and restore drill.

use reqwest::StatusCode;

use crate::support::{assert_error, json_of, spawn_app, spawn_app_with};

#[tokio::test]
async fn health_and_readiness_answer_when_all_is_well() {
    let app = spawn_app().await;
    let c = app.client();
    let r = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["status"], "ok");
    let r = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_eq!(r.status(), StatusCode::OK);
    let body = json_of(r).await;
    assert_eq!(body["database"], "ok");
    assert_eq!(body["storage"], "ok");
    // The probe leaves nothing behind in the photo folder.
    assert_eq!(app.stored_files().await, 0);
}

#[tokio::test]
async fn readiness_fails_naming_the_storage_when_the_photo_folder_is_unusable() {
    let app = spawn_app().await;
    // The folder is replaced by a plain file: nothing can be written under it.
    std::fs::remove_dir_all(&app.photo_dir).expect("remove photo folder");
    std::fs::write(&app.photo_dir, b"not a folder").expect("write file");
    let c = app.client();
    let r = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_error(r, 503, "storage_unavailable").await;
    // Liveness is not readiness: the process still serves.
    let r = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn readiness_fails_naming_the_database_when_it_is_down() {
    let app = spawn_app().await;
    // Every connection to the database goes, as when the database server stops.
    app.state.db.pool.close().await;
    let c = app.client();
    let r = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_error(r, 503, "database_unavailable").await;
    let r = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);
}

const TOKEN: &str = "metrics-token-for-tests-0123";

/// The sum of a metric's samples whose labels include all of `labels` (0 when none).
fn sample(page: &str, name: &str, labels: &[&str]) -> f64 {
    page.lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| {
            l.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
        })
        .filter(|l| labels.iter().all(|want| l.contains(want)))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn scrape(app: &crate::support::TestApp) -> String {
    let r = metrics_with(app, Some(TOKEN)).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.expect("metrics text")
}

/// `/metrics` with a bearer token, or none.
async fn metrics_with(app: &crate::support::TestApp, token: Option<&str>) -> reqwest::Response {
    let req = app.client().get(app.url("/metrics"));
    let req = match token {
        Some(t) => req.bearer_auth(t),
        None => req,
    };
    req.send().await.expect("metrics")
}

#[tokio::test]
async fn metrics_are_not_shown_without_a_configured_token_or_to_a_wrong_one() {
    let app = spawn_app().await;
    assert_error(metrics_with(&app, Some(TOKEN)).await, 404, "not_found").await;
    let app = spawn_app_with(|c| c.metrics_token = Some(TOKEN.into())).await;
    assert_error(metrics_with(&app, None).await, 401, "unauthenticated").await;
    let wrong = Some("metrics-token-for-tests-0124");
    assert_error(metrics_with(&app, wrong).await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_uploads_without_personal_data() {
    let app = spawn_app_with(|c| c.metrics_token = Some(TOKEN.into())).await;
    let w = app.world().await;
    let healthz = [r#"route="/healthz""#, r#"status="200""#, r#"method="GET""#];
    let project = [r#"route="/api/v1/projects/{id}""#, r#"status="200""#];
    let before = scrape(&app).await;
    let c = app.client();
    for _ in 0..3 {
        c.get(app.url("/healthz")).send().await.expect("healthz");
    }
    // A signed-in homeowner (her phone is her login) reads her project, with a query string
    // carrying her phone, and uploads a photo.
    let owner = app.login(&w.owner_a).await;
    let url = app.url(&format!(
        "/api/v1/projects/{}?phone=13800000001",
        w.project_a
    ));
    let r = owner.get(url).send().await.expect("project");
    assert_eq!(r.status(), StatusCode::OK);
    let jpeg = crate::support::exif::jpeg(64, 48);
    let size = jpeg.len() as f64;
    let url = app.url(&format!("/api/v1/projects/{}/photos", w.project_a));
    let r = crate::support::upload(&owner, &url, jpeg, "a.jpg").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let after = scrape(&app).await;

    let moved =
        |labels: &[&str], name: &str| sample(&after, name, labels) - sample(&before, name, labels);
    assert!(
        moved(&healthz, "portal_http_requests_total") >= 3.0,
        "{after}"
    );
    assert!(
        moved(&project, "portal_http_requests_total") >= 1.0,
        "{after}"
    );
    assert!(
        moved(&project[..1], "portal_http_request_duration_seconds_count") >= 1.0,
        "latency histogram: {after}"
    );
    assert!(after.contains("portal_http_request_duration_seconds_bucket{"));
    assert!(moved(&[], "portal_photo_uploads_total") >= 1.0, "{after}");
    assert!(
        moved(&[], "portal_photo_upload_bytes_total") >= size,
        "{after}"
    );
    for kind in ["claim", "complaint", "callback", "follow_up"] {
        assert!(
            after.contains(&format!("portal_service_items_open{{kind=\"{kind}\"}}")),
            "queue gauge of {kind}: {after}"
        );
    }
    // Templates only: no id, no phone, no name, no query string.
    for secret in [
        w.project_a.as_str(),
        "13800000001",
        "13900000001",
        "张伟",
        "phone=",
        "?",
    ] {
        assert!(!after.contains(secret), "metrics show {secret}");
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id_a_sane_one_from_the_client() {
    let app = spawn_app().await;
    let c = app.client();
    let id_of = |r: &reqwest::Response| {
        r.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let r = c
        .get(app.url("/healthz"))
        .header("x-request-id", "lb-7f3a:1")
        .send()
        .await
        .expect("healthz");
    assert_eq!(id_of(&r).as_deref(), Some("lb-7f3a:1"));
    // An API refusal and an unknown path get one too, fresh and different each time.
    let a = c.get(app.url("/api/v1/projects")).send().await.expect("a");
    let b = c
        .get(app.url("/api/v1/nothing-here"))
        .header("x-request-id", "not sane / 13800000001")
        .send()
        .await
        .expect("b");
    let (a, b) = (id_of(&a), id_of(&b));
    assert!(a.as_ref().is_some_and(|id| id.len() == 32), "{a:?}");
    assert!(b.as_ref().is_some_and(|id| id.len() == 32), "{b:?}");
    assert_ne!(a, b);
}
