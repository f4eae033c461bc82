//! Location on originals (issue 12 #15): originals are always served without GPS; a company
//! may keep the located original for its staff (admins decide, off by default); homeowners
//! and crews never get it; turning the rule off deletes those copies.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::support::exif;
use crate::support::get;
use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::upload_jpeg;
use crate::support::{assert_error, entry_body, post_json, put_json, upload, TestApp};

const SETTING: &str = "/api/v1/settings/photo-location";

/// The latitude rational the fixture writes (31/1): the GPS block's own bytes.
fn has_latitude(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == [31, 0, 0, 0, 1, 0, 0, 0])
}

fn has_gps(bytes: &[u8]) -> bool {
    exif::contains_gps_marker(bytes) && has_latitude(bytes)
}

async fn fetch(c: &Client, url: String) -> (StatusCode, Vec<u8>) {
    let r = get(c, url).await;
    (r.status(), r.bytes().await.expect("bytes").to_vec())
}

/// The crew uploads a located JPEG and posts it in today's diary (so everyone on the project
/// may see it); returns the photo id.
async fn post_located_photo(app: &TestApp, crew: &Client, project: &str) -> String {
    let url = app.project_url(project, "photos");
    let original = exif::jpeg_with_exif(640, 480, 1, true);
    assert!(has_gps(&original), "the fixture carries GPS");
    let r = upload(crew, &url, original, "IMG_0002.JPG").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = r.json().await.expect("json");
    let id = id_of(&p);
    let r = post_json(
        crew,
        app.project_url(project, "diary"),
        &entry_body("水电开槽", std::slice::from_ref(&id)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    id
}

/// Located originals on disk.
fn located_files(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path, n: &mut usize) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, n);
            } else if p
                .file_name()
                .and_then(|f| f.to_str())
                .is_some_and(|f| f.starts_with("located."))
            {
                *n += 1;
            }
        }
    }
    let mut n = 0;
    walk(&app.photo_dir, &mut n);
    n
}

async fn set_keep(app: &TestApp, c: &Client, keep: bool) -> reqwest::Response {
    put_json(c, app.url(SETTING), &json!({ "keep_for_staff": keep })).await
}

#[tokio::test]
async fn by_default_nobody_gets_the_location() {
    let (app, w) = spawn_world().await;
    let staff = app.login(&w.staff).await;
    let r = get(&staff, app.url(SETTING)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.expect("json"),
        json!({"keep_for_staff": false})
    );
    let owner = app.login(&w.owner_a).await;
    let r = get(&owner, app.url(SETTING)).await;
    assert_error(r, 403, "forbidden").await;

    let crew = app.login(&w.crew_a).await;
    let id = post_located_photo(&app, &crew, &w.project_a).await;
    assert_eq!(located_files(&app), 0);
    assert_eq!(app.stored_files().await, 3);
    let admin = app.login(&w.admin).await;
    for c in [&staff, &admin, &owner, &crew] {
        let (status, bytes) = fetch(c, app.url(&format!("/api/v1/photos/{id}/original"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(exif::contains_exif(&bytes) && !has_gps(&bytes));
        let r = get(c, app.url(&format!("/api/v1/photos/{id}/located"))).await;
        assert_error(r, 404, "not_found").await;
    }
}

#[tokio::test]
async fn kept_for_staff_only_and_deleted_when_turned_off() {
    let (app, w) = spawn_world().await;
    let [staff, admin, owner, crew] = app
        .logins([&w.staff, &w.admin, &w.owner_a, &w.crew_a])
        .await;
    // Only an admin sets the rule.
    assert_error(set_keep(&app, &staff, true).await, 403, "forbidden").await;
    assert_error(set_keep(&app, &owner, true).await, 403, "forbidden").await;
    let r = set_keep(&app, &admin, true).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.expect("json"),
        json!({"keep_for_staff": true})
    );

    let id = post_located_photo(&app, &crew, &w.project_a).await;
    assert_eq!(located_files(&app), 1, "the located original is stored");
    assert_eq!(app.stored_files().await, 4);
    // A photo without location gets no located copy.
    let r = upload_jpeg(&app, &crew, &w.project_a, (64, 48), "plain.jpg").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(located_files(&app), 1);

    let located = app.url(&format!("/api/v1/photos/{id}/located"));
    let original = app.url(&format!("/api/v1/photos/{id}/original"));
    for c in [&staff, &admin] {
        let (status, bytes) = fetch(c, located.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(has_gps(&bytes), "staff get the GPS block");
        assert_eq!(
            bytes,
            exif::jpeg_with_exif(640, 480, 1, true),
            "as uploaded"
        );
        let (_, plain) = fetch(c, original.clone()).await;
        assert!(
            !has_gps(&plain),
            "the plain original stays without location"
        );
    }
    // Homeowners and crews: 404 for the located one, the stripped original as always.
    for c in [&owner, &crew] {
        let r = get(c, located.clone()).await;
        assert_error(r, 404, "not_found").await;
        let (status, bytes) = fetch(c, original.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(exif::contains_exif(&bytes) && !has_gps(&bytes));
    }
    // Another homeowner cannot see the photo at all.
    let (status, _) = fetch(&app.login(&w.owner_b).await, located.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Off: the located copies leave the disk and nothing serves them.
    let r = set_keep(&app, &admin, false).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(located_files(&app), 0, "located originals removed");
    assert_eq!(app.stored_files().await, 6, "the other objects stay");
    for c in [&staff, &admin] {
        let r = get(c, located.clone()).await;
        assert_error(r, 404, "not_found").await;
        let (status, bytes) = fetch(c, original.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!has_gps(&bytes));
    }
    // On again: nothing comes back for the earlier photo.
    assert_eq!(set_keep(&app, &admin, true).await.status(), StatusCode::OK);
    let r = get(&staff, located).await;
    assert_error(r, 404, "not_found").await;
}

/// A located copy the rule no longer covers (a removal that failed, an upload that raced the
/// switch) is taken by the hourly purge, which knows the new file kind.
#[tokio::test]
async fn the_hourly_purge_removes_located_copies_no_longer_kept() {
    use seed_portal::server::photos::{key, located_name};
    use seed_portal::server::routes::photos::purge_stale_uploads;

    let (app, w) = spawn_world().await;
    let [admin, crew] = app.logins([&w.admin, &w.crew_a]).await;
    assert_eq!(set_keep(&app, &admin, true).await.status(), StatusCode::OK);
    let kept = post_located_photo(&app, &crew, &w.project_a).await;
    let crew_b = app.login(&w.crew_b).await;
    let id = post_located_photo(&app, &crew_b, &w.project_b).await;
    assert_eq!(located_files(&app), 2);
    // A located copy left behind for a photo whose mark is cleared.
    sqlx::query("UPDATE photos SET located = 0 WHERE id = $1")
        .bind(&id)
        .execute(&app.state.db.pool)
        .await
        .expect("update");
    // And an orphan's located copy (no row at all).
    let orphan = "0a1b2c3d-dead-beef-0000-00000000000c";
    app.state
        .photos
        .put(
            &key(&w.project_a, orphan, &located_name("jpeg")),
            exif::jpeg_with_exif(8, 8, 1, true).into(),
        )
        .await
        .expect("put");
    assert_eq!(located_files(&app), 3);
    purge_stale_uploads(&app.state).await.expect("purge");
    assert_eq!(located_files(&app), 3, "nothing within the hour");
    app.clock.advance(chrono::Duration::minutes(61));
    purge_stale_uploads(&app.state).await.expect("purge");
    assert_eq!(located_files(&app), 1, "only the kept one stays");
    let staff = app.login(&w.staff).await;
    let (status, bytes) = fetch(&staff, app.url(&format!("/api/v1/photos/{kept}/located"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(has_gps(&bytes));
    assert_eq!(app.photo_rows().await, 2);
}
