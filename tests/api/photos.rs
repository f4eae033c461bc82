//! The photo pipeline over HTTP: happy paths, every refusal, no orphans, no EXIF/GPS in
//! what is served.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::assert_field;
use crate::support::exif;
use crate::support::id_of;
use crate::support::upload_jpeg;
use crate::support::{assert_error, entry_body, post_json, spawn_app, upload, TestApp};
use crate::support::{delete, get};

async fn crew_and_url(app: &TestApp) -> (reqwest::Client, String, crate::support::World) {
    let w = app.world().await;
    let crew = app.login(&w.crew_a).await;
    let url = app.project_url(&w.project_a, "photos");
    (crew, url, w)
}

/// Uploads `bytes` as `name`, which must be accepted (201); returns the new photo.
async fn uploaded(c: &reqwest::Client, url: &str, bytes: Vec<u8>, name: &str) -> Value {
    let r = upload(c, url, bytes, name).await;
    assert_eq!(r.status(), StatusCode::CREATED, "upload of {name}");
    r.json().await.expect("json")
}

async fn get_bytes(c: &reqwest::Client, url: String) -> (StatusCode, String, Vec<u8>) {
    let r = get(c, url).await;
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_jpeg_with_gps_is_stored_and_served_without_exif() {
    let app = spawn_app().await;
    let (crew, url, _) = crew_and_url(&app).await;
    // Orientation 6: the camera was turned; the stored pixels are 1200×800 landscape.
    let original = exif::jpeg_with_exif(1200, 800, 6, true);
    assert!(exif::contains_gps_marker(&original), "fixture carries GPS");
    let p = uploaded(&crew, &url, original.clone(), "IMG_0001.JPG").await;
    // Orientation applied: portrait.
    assert_eq!(
        (p["width"].as_u64(), p["height"].as_u64()),
        (Some(800), Some(1200))
    );

    for (variant, edge) in [("thumb", 400), ("large", 1600)] {
        let (status, ct, bytes) = get_bytes(
            &crew,
            app.base.clone() + p[format!("{variant}_url")].as_str().unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ct, "image/jpeg");
        assert!(!exif::contains_exif(&bytes), "{variant} carries EXIF");
        assert!(!exif::contains_gps_marker(&bytes), "{variant} carries GPS");
        let img = image::load_from_memory(&bytes).unwrap();
        assert!(img.width().max(img.height()) <= edge, "{variant} too large");
        assert!(img.height() > img.width(), "{variant} not rotated");
    }
    let (status, _, bytes) = get_bytes(
        &crew,
        app.base.clone() + p["original_url"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The original keeps its pixels and EXIF (orientation) but not where it was taken.
    assert_eq!(
        bytes.len(),
        original.len(),
        "the original is not re-encoded"
    );
    assert!(exif::contains_exif(&bytes), "the original keeps its EXIF");
    assert!(
        !exif::contains_gps_marker(&bytes),
        "the original carries GPS"
    );
    assert!(
        !bytes.windows(8).any(|w| w == [31, 0, 0, 0, 1, 0, 0, 0]),
        "the latitude is still in the original"
    );
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1200, 800));
    assert_eq!(app.photo_rows().await, 1);
    assert_eq!(app.stored_files().await, 3);
}

#[tokio::test]
async fn png_and_webp_are_accepted_by_content_whatever_their_name() {
    let app = spawn_app().await;
    let (crew, url, _) = crew_and_url(&app).await;
    uploaded(&crew, &url, exif::png(640, 480), "photo.jpg").await;
    let p = uploaded(&crew, &url, exif::webp(64, 48), "photo.gif").await;
    let (_, ct, _) = get_bytes(
        &crew,
        app.base.clone() + p["original_url"].as_str().unwrap(),
    )
    .await;
    assert_eq!(ct, "image/webp");
}

#[tokio::test]
async fn every_refusal_answers_its_code_and_leaves_nothing_behind() {
    let app = spawn_app().await;
    let (crew, url, _) = crew_and_url(&app).await;
    let too_big = {
        let mut b = exif::jpeg(64, 64);
        b.resize(20 * 1024 * 1024 + 10, 0);
        b
    };
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (too_big, 413, "payload_too_large"),
        (
            exif::huge_dimension_png_header(10_000, 10_000),
            413,
            "payload_too_large",
        ),
        (
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            415,
            "unsupported_media_type",
        ),
        (
            b"%PDF-1.7 not an image".to_vec(),
            415,
            "unsupported_media_type",
        ),
        (exif::truncated_jpeg(800, 600), 422, "corrupt_image"),
        (Vec::new(), 422, "validation"),
    ];
    for (bytes, status, code) in cases {
        let r = upload(&crew, &url, bytes, "photo.jpg").await;
        assert_error(r, status, code).await;
        assert_eq!(app.photo_rows().await, 0, "{code} left a row");
        assert_eq!(app.stored_files().await, 0, "{code} left a file");
    }
    // No `file` field at all.
    let form = reqwest::multipart::Form::new().text("note", "hi");
    let r = crew.post(&url).multipart(form).send().await.unwrap();
    assert_field(r, "file").await;
}

#[tokio::test]
async fn homeowners_upload_for_their_own_project_only_and_never_into_the_diary() {
    let app = spawn_app().await;
    let (_, url, w) = crew_and_url(&app).await;
    // Another homeowner cannot even see the project.
    let other = app.login(&w.owner_b).await;
    let r = upload(&other, &url, exif::jpeg(32, 32), "a.jpg").await;
    assert_error(r, 404, "not_found").await;
    assert_eq!(app.stored_files().await, 0);
    // The project's homeowner uploads photos for a claim or complaint...
    let owner = app.login(&w.owner_a).await;
    let r = upload(&owner, &url, exif::jpeg(32, 32), "a.jpg").await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // ...but posting the diary stays the crew's.
    let r = crate::support::post_json(
        &owner,
        app.project_url(&w.project_a, "diary"),
        &crate::support::entry_body("业主不能写日记", &[id]),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
}

#[tokio::test]
async fn photos_attach_to_entries_in_order_and_can_be_discarded_before() {
    let app = spawn_app().await;
    let (crew, url, w) = crew_and_url(&app).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let p: Value = upload(&crew, &url, exif::jpeg(100 + n, 80), "a.jpg")
            .await
            .json()
            .await
            .unwrap();
        ids.push(id_of(&p));
    }
    // Discard the middle one before posting.
    let r = delete(&crew, app.url(&format!("/api/v1/photos/{}", ids[1]))).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.stored_files().await, 6);
    let posted = vec![ids[2].clone(), ids[0].clone()];
    let r = post_json(
        &crew,
        app.project_url(&w.project_a, "diary"),
        &entry_body("贴砖", &posted),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let e: Value = r.json().await.unwrap();
    let shown: Vec<&str> = e["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(shown, vec![ids[2].as_str(), ids[0].as_str()]);
    // The timeline page lists them in the same order.
    let page: Value = crew
        .get(app.project_url(&w.project_a, "diary"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed: Vec<&str> = page["items"][0]["photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, shown, "{page}");
    // A posted photo cannot be discarded; the discarded one cannot be attached.
    let r = delete(&crew, app.url(&format!("/api/v1/photos/{}", ids[0]))).await;
    assert_error(r, 409, "conflict").await;
    // Another crew's upload cannot be smuggled into this crew's entry.
    let crew_b = app.login(&w.crew_b).await;
    let other: Value = upload_jpeg(&app, &crew_b, &w.project_b, (50, 50), "b.jpg")
        .await
        .json()
        .await
        .unwrap();
    let r = crew
        .put(app.url(&format!("/api/v1/diary/{}", e["id"].as_str().unwrap())))
        .json(&{
            let mut body = entry_body("贴砖", &[id_of(&other)]);
            body["base_revision"] = serde_json::json!(0);
            body
        })
        .send()
        .await
        .unwrap();
    assert_field(r, "photo_ids").await;
}

#[tokio::test]
async fn a_crash_between_storing_and_committing_leaves_nothing_after_the_hourly_purge() {
    use seed_portal::server::photos::key;
    use seed_portal::server::routes::photos::purge_stale_uploads;

    let app = spawn_app().await;
    if crate::support::s3::on_s3() {
        // Temporary files are the local disk's; on S3 see `s3::discarding_and_the_hourly_…`.
        eprintln!("local-disk test: skipped on S3");
        return;
    }
    let (crew, url, w) = crew_and_url(&app).await;
    let kept = uploaded(&crew, &url, exif::jpeg(120, 90), "a.jpg").await;
    let kept_id = kept["id"].as_str().unwrap();
    let project_dir = app.photo_dir.join(&w.project_a);

    // The process died after storing a photo's objects and before its row committed...
    let orphan = "0a1b2c3d-dead-beef-0000-000000000001";
    for object in ["thumb.jpg", "large.jpg", "original.jpg"] {
        app.state
            .photos
            .put(&key(&w.project_a, orphan, object), exif::jpeg(8, 8).into())
            .await
            .unwrap();
    }
    // ...while writing another photo's first object (a temporary file alone in its folder),
    // and while rewriting an object of a photo that exists (a temporary file beside it).
    let half_dir = project_dir.join("0a1b2c3d-dead-beef-0000-000000000002");
    std::fs::create_dir_all(&half_dir).unwrap();
    let temps = [
        half_dir.join(".thumb.jpg.6f1c.tmp"),
        project_dir.join(kept_id).join(".large.jpg.9a2e.tmp"),
    ];
    for t in &temps {
        std::fs::write(t, b"half a photo").unwrap();
    }
    assert_eq!(app.stored_files().await, 3 + 3 + 2);

    // Within the hour nothing is touched: an upload may be between its files and its row.
    purge_stale_uploads(&app.state).await.unwrap();
    assert_eq!(app.stored_files().await, 3 + 3 + 2);

    // An hour later (the server's clock against the files' times) the leftovers go.
    app.clock.advance(chrono::Duration::minutes(61));
    let removed = purge_stale_uploads(&app.state).await.unwrap();
    assert_eq!(removed, 1, "one orphaned photo");
    assert_eq!(
        app.stored_files().await,
        3,
        "only the real photo's objects remain"
    );
    assert!(!project_dir.join(orphan).exists());
    assert!(!half_dir.exists());
    for t in &temps {
        assert!(!t.exists(), "{} is still there", t.display());
    }
    for variant in ["thumb", "large", "original"] {
        let (status, _, bytes) = get_bytes(
            &crew,
            app.url(&format!("/api/v1/photos/{kept_id}/{variant}")),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{variant}");
        assert!(!bytes.is_empty());
    }
    assert_eq!(app.photo_rows().await, 1);
}

#[tokio::test]
async fn a_large_photo_shrunk_while_decoding_keeps_its_orientation_and_loses_its_metadata() {
    let app = spawn_app().await;
    let (crew, url, _) = crew_and_url(&app).await;
    // 3400 × 1700 as stored, turned by the camera (orientation 6): decoded at half scale.
    let r = upload(
        &crew,
        &url,
        exif::jpeg_with_exif(3400, 1700, 6, true),
        "big.jpg",
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = r.json().await.unwrap();
    assert_eq!(
        (p["width"].as_u64(), p["height"].as_u64()),
        (Some(800), Some(1600))
    );
    for (variant, size) in [("thumb", (200, 400)), ("large", (800, 1600))] {
        let (status, _, bytes) = get_bytes(
            &crew,
            app.base.clone() + p[format!("{variant}_url")].as_str().unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(!exif::contains_exif(&bytes), "{variant} carries EXIF");
        assert!(!exif::contains_gps_marker(&bytes), "{variant} carries GPS");
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), size, "{variant}");
    }
}

#[tokio::test]
async fn an_original_is_served_in_byte_ranges_to_those_who_may_see_it() {
    let app = spawn_app().await;
    let (crew, url, w) = crew_and_url(&app).await;
    let photo = uploaded(&crew, &url, exif::jpeg(640, 480), "a.jpg").await;
    let original = app.url(&format!("/api/v1/photos/{}/original", id_of(&photo)));
    let (status, _, whole) = get_bytes(&crew, original.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let len = whole.len();
    let ranged = |range: &'static str| {
        let (crew, original) = (crew.clone(), original.clone());
        async move {
            let r = crew
                .get(original)
                .header("range", range)
                .send()
                .await
                .expect("request");
            let status = r.status();
            let content_range = r
                .headers()
                .get("content-range")
                .map(|v| v.to_str().unwrap().to_string());
            (status, content_range, r.bytes().await.unwrap().to_vec())
        }
    };
    let (status, content_range, body) = ranged("bytes=0-99").await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(content_range, Some(format!("bytes 0-99/{len}")));
    assert_eq!(body, whole[..100]);
    let (status, content_range, body) = ranged("bytes=-10").await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        content_range,
        Some(format!("bytes {}-{}/{len}", len - 10, len - 1))
    );
    assert_eq!(body, whole[len - 10..]);
    // Several ranges, or one past the end: the whole photo.
    for range in ["bytes=0-1,5-9", "bytes=999999999-"] {
        let (status, content_range, body) = ranged(range).await;
        assert_eq!(status, StatusCode::OK, "{range}");
        assert_eq!(content_range, None);
        assert_eq!(body, whole);
    }
    // A range is no way around the access check.
    let stranger = app.login(&w.owner_b).await;
    let r = stranger
        .get(original)
        .header("range", "bytes=0-99")
        .send()
        .await
        .expect("request");
    assert_error(r, 404, "not_found").await;
}
