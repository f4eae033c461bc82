//! Photos in an S3-compatible bucket. The readiness test needs no server; the others run
//! against the S3 server of `TEST_S3_ENDPOINT` (`.ci/test` starts s3s-fs with `.ci/s3`) and
//! say so and stop without one. The whole photo suite (`photos::`, `photo_limits::`,
//! `instances::`) also runs on it in `.ci/test`, every refusal there counting the objects the
//! S3 server lists.

use bytes::Bytes;
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::s3::{self, Bucket};
use crate::support::*;
use seed_portal::server::config::{PhotoStore, S3Settings};
use seed_portal::server::photos::key;
use seed_portal::server::routes::photos::purge_stale_uploads;

/// The app's bucket folder, or `None` (with a note) when the tests run without S3.
fn bucket_of(app: &TestApp) -> Option<(Bucket, S3Settings)> {
    match &app.state.config.photo_store {
        PhotoStore::S3(s) => Some((Bucket::new(s), s.clone())),
        PhotoStore::Local => {
            eprintln!("no TEST_S3_ENDPOINT: this S3 test does not run (see .ci/s3)");
            None
        }
    }
}

async fn bytes_of(c: &reqwest::Client, url: String) -> (StatusCode, Vec<u8>) {
    let r = get(c, url).await;
    (r.status(), r.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn an_upload_lands_in_the_bucket_and_is_served_only_to_those_who_may_see_it() {
    let (app, w) = spawn_world().await;
    let Some((bucket, _)) = bucket_of(&app) else {
        return;
    };
    let [crew, owner, stranger, other_crew, staff] = app
        .logins([&w.crew_a, &w.owner_a, &w.owner_b, &w.crew_b, &w.staff])
        .await;
    let r = upload_jpeg(&app, &crew, &w.project_a, (640, 480), "a.jpg").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let photo = id_of(&json_of(r).await);
    let prefix = format!("{}/{photo}/", w.project_a);
    assert_eq!(
        bucket.keys().await,
        ["large.jpg", "original.jpg", "thumb.jpg"].map(|o| format!("{prefix}{o}")),
    );
    // Posted in the diary, the homeowner sees it too.
    let r = post_json(
        &crew,
        app.project_url(&w.project_a, "diary"),
        &entry_body("水电", std::slice::from_ref(&photo)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    for variant in ["thumb", "large", "original"] {
        let url = app.url(&format!("/api/v1/photos/{photo}/{variant}"));
        let in_bucket = bucket
            .get(&format!("{prefix}{variant}.jpg"))
            .await
            .expect("object in the bucket");
        for (who, c) in [("crew", &crew), ("owner", &owner), ("staff", &staff)] {
            let (status, body) = bytes_of(c, url.clone()).await;
            assert_eq!(status, StatusCode::OK, "{who} {variant}");
            assert_eq!(body, in_bucket, "{who} {variant}: the bucket's bytes");
        }
        // Another homeowner and another project's crew: the photo does not exist for them.
        for c in [&stranger, &other_crew] {
            assert_error(get(c, url.clone()).await, 404, "not_found").await;
        }
    }
}

#[tokio::test]
async fn discarding_and_the_hourly_purge_empty_the_bucket_of_what_has_no_record() {
    let (app, w) = spawn_world().await;
    let Some((bucket, _)) = bucket_of(&app) else {
        return;
    };
    let crew = app.login(&w.crew_a).await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let r = upload_jpeg(&app, &crew, &w.project_a, (320, 240), "a.jpg").await;
        assert_eq!(r.status(), StatusCode::CREATED);
        ids.push(id_of(&json_of(r).await));
    }
    assert_eq!(bucket.count().await, 6);
    let r = delete(&crew, app.url(&format!("/api/v1/photos/{}", ids[0]))).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        bucket.count().await,
        3,
        "the discarded photo's objects went"
    );
    assert!(bucket.keys().await.iter().all(|k| k.contains(&ids[1])));

    // Objects whose record never committed (the process died in between), written straight
    // into the bucket, go with the hourly purge once an hour old; the real photo stays.
    let orphan = "0a1b2c3d-dead-beef-0000-000000000001";
    for object in ["thumb.jpg", "large.jpg", "original.jpg"] {
        bucket
            .put(&key(&w.project_a, orphan, object), exif::jpeg(8, 8))
            .await;
    }
    purge_stale_uploads(&app.state).await.expect("purge");
    assert_eq!(bucket.count().await, 6, "young objects stay");
    app.clock.advance(chrono::Duration::minutes(61));
    let removed = purge_stale_uploads(&app.state).await.expect("purge");
    assert_eq!(removed, 1, "one orphaned photo");
    assert_eq!(bucket.count().await, 3);
    assert!(bucket.keys().await.iter().all(|k| k.contains(&ids[1])));
    let (status, _) = bytes_of(
        &crew,
        app.url(&format!("/api/v1/photos/{}/original", ids[1])),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_large_object_goes_up_in_parts_and_reads_back_whole() {
    let app = spawn_app().await;
    let Some((bucket, _)) = bucket_of(&app) else {
        return;
    };
    let size = seed_portal::server::storage::S3Storage::MULTIPART_FROM + 3 * 1024 * 1024 + 17;
    let body: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
    let k = "p/q/original.jpg";
    app.state
        .photos
        .put(k, Bytes::from(body.clone()))
        .await
        .expect("multipart put");
    assert_eq!(bucket.keys().await, [k]);
    assert_eq!(bucket.get(k).await.as_deref(), Some(body.as_slice()));
    let back = app.state.photos.get(k).await.expect("get").expect("found");
    assert_eq!(back.len(), size);
    assert!(back == body);
    app.state.photos.delete(k).await.expect("delete");
    assert_eq!(bucket.count().await, 0);
    assert!(app.state.photos.get(k).await.expect("get").is_none());
}

#[tokio::test]
async fn readiness_fails_naming_the_storage_when_the_s3_server_does_not_answer() {
    // A port nobody listens on (bound, then let go), as when the S3 server is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let app = spawn_app_with(|c| {
        c.photo_store = PhotoStore::S3(s3::settings(&format!("http://127.0.0.1:{port}")));
    })
    .await;
    let c = app.client();
    let r = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_error(r, 503, "storage_unavailable").await;
    let r = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);

    // With the server up (when the tests have one), the same check passes and leaves nothing.
    if let Some(endpoint) = s3::endpoint() {
        let app = spawn_app_with(|c| c.photo_store = PhotoStore::S3(s3::settings(&endpoint))).await;
        let r = app
            .client()
            .get(app.url("/readyz"))
            .send()
            .await
            .expect("readyz");
        let body: Value = json_ok(r).await;
        assert_eq!(body["storage"], "ok");
        assert_eq!(app.stored_files().await, 0);
    }
}
