//! Who sees what: each role against each endpoint, including other customers' ids.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::get;
use crate::support::get_json;
use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::upload_jpeg;
use crate::support::{assert_error, entry_body, post_json, put_json};
use crate::support::{claim_body, set_handover, today};

async fn ids(c: &reqwest::Client, url: String) -> Vec<String> {
    let v: Value = get_json(c, url).await;
    v["items"].as_array().unwrap().iter().map(id_of).collect()
}

#[tokio::test]
async fn each_role_lists_only_its_projects() {
    let (app, w) = spawn_world().await;
    let list = app.url("/api/v1/projects");
    let mut a = ids(&app.login(&w.owner_a).await, list.clone()).await;
    a.sort();
    let mut expected = vec![w.project_a.clone(), w.project_done.clone()];
    expected.sort();
    assert_eq!(a, expected);
    assert_eq!(
        ids(&app.login(&w.owner_b).await, list.clone()).await,
        vec![w.project_b.clone()]
    );
    assert_eq!(
        ids(&app.login(&w.crew_b).await, list.clone()).await,
        vec![w.project_b.clone()]
    );
    assert_eq!(ids(&app.login(&w.staff).await, list.clone()).await.len(), 3);
}

#[tokio::test]
async fn project_summaries_mask_personal_data() {
    let (app, w) = spawn_world().await;
    let c = app.login(&w.crew_a).await;
    let p: Value = get_json(&c, app.url(&format!("/api/v1/projects/{}", w.project_a))).await;
    assert_eq!(p["homeowner_masked"], "张*");
    assert_eq!(p["address_masked"], "上海市浦东新区锦绣花园");
    assert_eq!(p["can_post_diary"], true);
    let text = p.to_string();
    assert!(
        !text.contains("1502") && !text.contains("13800000001"),
        "{text}"
    );
}

#[tokio::test]
async fn another_homeowners_project_entries_and_photos_answer_404() {
    let (app, w) = spawn_world().await;
    // Crew A posts on project A with a photo.
    let crew = app.login(&w.crew_a).await;
    let r = upload_jpeg(&app, &crew, &w.project_a, (320, 240), "a.jpg").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let photo: Value = r.json().await.unwrap();
    let photo_id = id_of(&photo);
    // Before it is posted, only its uploader sees the photo.
    let owner_a = app.login(&w.owner_a).await;
    let r = get(
        &owner_a,
        app.url(&format!("/api/v1/photos/{photo_id}/thumb")),
    )
    .await;
    assert_error(r, 404, "not_found").await;

    let r = post_json(
        &crew,
        app.project_url(&w.project_a, "diary"),
        &entry_body("水电开槽", std::slice::from_ref(&photo_id)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let entry: Value = r.json().await.unwrap();
    let entry_id = entry["id"].as_str().unwrap();

    // Its homeowner sees it all.
    let paths = [
        format!("/api/v1/projects/{}", w.project_a),
        format!("/api/v1/projects/{}/diary", w.project_a),
        format!("/api/v1/diary/{entry_id}"),
        format!("/api/v1/diary/{entry_id}/history"),
        format!("/api/v1/photos/{photo_id}/thumb"),
        format!("/api/v1/photos/{photo_id}/large"),
        format!("/api/v1/photos/{photo_id}/original"),
    ];
    for path in &paths {
        let r = get(&owner_a, app.url(path)).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
    }

    // Another homeowner and another crew see nothing of it, not even that it exists.
    for who in [&w.owner_b, &w.crew_b] {
        let c = app.login(who).await;
        for path in &paths {
            let r = get(&c, app.url(path)).await;
            assert_error(r, 404, "not_found").await;
        }
        let r = put_json(
            &c,
            app.url(&format!("/api/v1/diary/{entry_id}")),
            &entry_body("篡改", &[]),
        )
        .await;
        assert_error(r, 404, "not_found").await;
        let r = post_json(
            &c,
            app.project_url(&w.project_a, "diary"),
            &entry_body("冒充", &[]),
        )
        .await;
        assert_error(r, 404, "not_found").await;
        let r = upload_jpeg(&app, &c, &w.project_a, (32, 32), "x.jpg").await;
        assert_error(r, 404, "not_found").await;
    }
    // Signed out: 401 for the photo too.
    let r = get(
        &app.client(),
        app.url(&format!("/api/v1/photos/{photo_id}/thumb")),
    )
    .await;
    assert_error(r, 401, "unauthenticated").await;
    // Made-up ids are plain 404s.
    let r = get(
        &owner_a,
        app.url("/api/v1/projects/00000000-0000-0000-0000-000000000000"),
    )
    .await;
    assert_error(r, 404, "not_found").await;
}

/// Uploads a photo as `c` to a project; returns its id.
async fn photo_of(app: &crate::support::TestApp, c: &reqwest::Client, project: &str) -> String {
    let r = upload_jpeg(app, c, project, (64, 48), "p.jpg").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    id_of(&v)
}

/// Sends `body` with a new photo of `project` attached (`photo_ids`) to `path` as `c`, expecting
/// 201; returns the photo's id.
async fn with_photo(
    app: &crate::support::TestApp,
    c: &reqwest::Client,
    project: &str,
    (method, path): (Method, &str),
    mut body: Value,
) -> String {
    let photo = photo_of(app, c, project).await;
    body["photo_ids"] = serde_json::json!([photo]);
    let r = c.request(method, app.url(path)).json(&body).send().await;
    assert_eq!(r.expect("request").status(), StatusCode::CREATED, "{path}");
    photo
}

#[tokio::test]
async fn crews_see_neither_who_rated_them_nor_the_photos_of_ratings_and_claims() {
    let (app, w) = spawn_world().await;
    crate::ratings::sign_off(&app, &w.project_a, "kickoff", "signed_off").await;
    let [owner, crew, staff] = app.logins([&w.owner_a, &w.crew_a, &w.staff]).await;

    // A rating with a photo on the crew's own project.
    let rating = crate::ratings::rating([2, 3, 2, 3], "张伟：工地太乱");
    let path = format!("/api/v1/projects/{}/ratings/kickoff", w.project_a);
    let rating_photo = with_photo(&app, &owner, &w.project_a, (Method::PUT, &path), rating).await;

    // The project's ratings name who rated: the crew gets 404 (its view is anonymised).
    let ratings = app.project_url(&w.project_a, "ratings");
    assert_error(get(&crew, &ratings).await, 404, "not_found").await;
    assert_eq!(get(&staff, &ratings).await.status(), 200);
    assert_eq!(get(&owner, &ratings).await.status(), 200);

    // A claim with a photo on the handed-over project the same crew built.
    set_handover(
        &app,
        &w.project_done,
        today(&app) - chrono::Duration::days(30),
    )
    .await;
    let path = format!("/api/v1/projects/{}/claims", w.project_done);
    let claim = claim_body(&app, "routine");
    let claim_photo = with_photo(&app, &owner, &w.project_done, (Method::POST, &path), claim).await;

    // The crew sees both projects, but not these photos, in any size; staff and the
    // homeowner do.
    for id in [&rating_photo, &claim_photo] {
        for variant in ["thumb", "large", "original"] {
            let url = app.url(&format!("/api/v1/photos/{id}/{variant}"));
            assert_error(get(&crew, &url).await, 404, "not_found").await;
            assert_eq!(get(&staff, &url).await.status(), 200, "{url}");
            assert_eq!(get(&owner, &url).await.status(), 200, "{url}");
        }
    }
}
