//! The projects list at a company's size: keyset pages, server-side search and stage filter,
//! scoped to what the caller may see; diary figures kept on the project; photos revalidated
//! by their tag.

use std::collections::HashSet;

use reqwest::{Client, StatusCode};
use seed_portal::domain::projects::Stage;
use seed_portal::server::store::projects::{self, NewProject};
use seed_portal::server::store::users;
use serde_json::Value;

use crate::support::exif;
use crate::support::get;
use crate::support::get_ok;
use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::{assert_error, assert_field, entry_body, post_json, upload, TestApp};

/// Every project the caller reaches by following the cursors, in order.
async fn walk(c: &Client, app: &TestApp, query: &str) -> (Vec<Value>, usize) {
    let (mut all, mut pages) = (Vec::new(), 0);
    let mut after: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/projects?limit=7&{query}");
        if let Some(a) = &after {
            path.push_str(&format!("&after={a}"));
        }
        let page = get_ok(c, app.url(&path)).await;
        let items = page["items"].as_array().unwrap().clone();
        assert!(items.len() <= 7);
        pages += 1;
        all.extend(items);
        match page["next_cursor"].as_str() {
            Some(next) => after = Some(next.to_string()),
            None => return (all, pages),
        }
        assert!(pages < 50, "cursors go round in circles");
    }
}

/// GETs `url` with `If-None-Match: tag` (a conditional request for a cached photo).
async fn get_if_none_match(c: &reqwest::Client, url: &str, tag: &str) -> reqwest::Response {
    let r = c.get(url).header("if-none-match", tag).send().await;
    r.expect("request")
}

#[tokio::test]
async fn staff_page_through_search_and_filter_the_company_projects_on_the_server() {
    let (app, w) = spawn_world().await;
    let db = &app.state.db;
    let staff_row = users::by_email(db, "staff@test.cn").await.unwrap().unwrap();
    let owner_b = users::by_phone(db, "13800000002").await.unwrap().unwrap();
    // 40 more projects of owner B, some without a start date, two in design.
    for i in 0..40u32 {
        let title = format!(
            "楼盘{i:02} {}",
            if i % 10 == 3 { "复式_100%" } else { "平层" }
        );
        let start = (i % 5 != 0)
            .then(|| chrono::NaiveDate::from_ymd_opt(2026, 1 + i % 12, 1 + i % 27).unwrap());
        projects::insert(
            db,
            NewProject {
                company_id: &staff_row.company_id,
                title: &title,
                address: "北京市朝阳区望京小区8号楼",
                stage: if i < 2 {
                    Stage::Design
                } else {
                    Stage::Construction
                },
                homeowner_id: &owner_b.id,
                crew_id: None,
                start_date: start,
                planned_end_date: None,
            },
            0,
        )
        .await
        .unwrap();
    }
    let staff = app.login(&w.staff).await;

    // Every project exactly once, over several pages, newest start first (none last).
    let (all, pages) = walk(&staff, &app, "").await;
    assert_eq!(all.len(), 43);
    assert_eq!(pages, 7);
    let ids: HashSet<&str> = all.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 43, "a project was listed twice");
    let starts: Vec<String> = all
        .iter()
        .map(|p| p["start_date"].as_str().unwrap_or("").to_string())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(starts, sorted, "not newest start first");

    // The default page is 30 and says another follows.
    let first = get_ok(&staff, app.url("/api/v1/projects")).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 30);
    assert!(first["next_cursor"].is_string());

    // Search: words of the title, of the homeowner's name; wildcards are plain characters.
    let (found, _) = walk(&staff, &app, "q=%E5%A4%8D%E5%BC%8F_100%25").await; // 复式_100%
    assert_eq!(found.len(), 4);
    let (found, _) = walk(&staff, &app, "q=%25").await;
    assert_eq!(found.len(), 4, "% is not a wildcard");
    let (found, _) = walk(&staff, &app, "q=_1").await;
    assert_eq!(found.len(), 4, "_ is not a wildcard");
    let (by_owner, _) = walk(&staff, &app, "q=%E6%9D%8E%E5%A8%9C").await; // 李娜
    assert_eq!(by_owner.len(), 41, "B 项目 and the 40 new ones");
    let (design, _) = walk(&staff, &app, "stage=design").await;
    assert_eq!(design.len(), 2);
    assert!(design.iter().all(|p| p["stage"] == "design"));
    let (none, _) = walk(&staff, &app, "stage=design&q=%E5%A4%8D%E5%BC%8F").await;
    assert!(none.is_empty());

    // Refusals name the field.
    let r = get(
        &staff,
        app.url(&format!("/api/v1/projects?q={}", "a".repeat(41))),
    )
    .await;
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(
        (body["field"].as_str(), body["reason"].as_str()),
        (Some("q"), Some("too_long"))
    );
    let r = get(&staff, app.url("/api/v1/projects?stage=moon")).await;
    assert_field(r, "stage").await;
    let r = get(&staff, app.url("/api/v1/projects?after=nonsense")).await;
    assert_field(r, "after").await;

    // A homeowner's search never reaches another homeowner's projects.
    let owner_a = app.login(&w.owner_a).await;
    let (theirs, _) = walk(&owner_a, &app, "q=%E6%A5%BC%E7%9B%98").await; // 楼盘
    assert!(theirs.is_empty());
    let (own, _) = walk(&owner_a, &app, "").await;
    let own: HashSet<&str> = own.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(
        own,
        HashSet::from([w.project_a.as_str(), w.project_done.as_str()])
    );
}

#[tokio::test]
async fn the_diary_figures_move_with_each_entry_and_photos_revalidate_by_their_tag() {
    let (app, w) = spawn_world().await;
    let crew = app.login(&w.crew_a).await;
    let project = format!("/api/v1/projects/{}", w.project_a);
    let before = get_ok(&crew, app.url(&project)).await;
    assert_eq!(before["diary_count"], 0);
    assert!(before["last_diary_date"].is_null() && before["today_entry_id"].is_null());

    let r = upload(
        &crew,
        &app.url(&format!("{project}/photos")),
        exif::jpeg(640, 480),
        "a.jpg",
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let photo: Value = r.json().await.unwrap();
    let id = id_of(&photo);
    let r = post_json(
        &crew,
        app.url(&format!("{project}/diary")),
        &entry_body("水电开槽", std::slice::from_ref(&id)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let entry: Value = r.json().await.unwrap();

    let after = get_ok(&crew, app.url(&project)).await;
    assert_eq!(after["diary_count"], 1);
    assert_eq!(after["last_diary_date"], after["today"]);
    assert_eq!(after["today_entry_id"], entry["id"]);
    let listed = get_ok(&crew, app.url("/api/v1/projects")).await;
    let mine = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == w.project_a.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (mine["diary_count"].clone(), mine["today_entry_id"].clone()),
        (1.into(), entry["id"].clone())
    );

    // The page carries the entry with its photo.
    let page = get_ok(&crew, app.url(&format!("{project}/diary"))).await;
    assert_eq!(page["items"][0]["photos"][0]["id"], id.as_str());

    // A photo answers with its tag; asking again with it costs no body.
    let thumb = app.url(photo["thumb_url"].as_str().unwrap());
    let r = get(&crew, &thumb).await;
    assert_eq!(r.status(), StatusCode::OK);
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let r = get_if_none_match(&crew, &thumb, &tag).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.bytes().await.unwrap().is_empty());
    let r = get_if_none_match(&crew, &thumb, "\"other\"").await;
    assert_eq!(r.status(), StatusCode::OK);
    // Someone who may not see the photo learns nothing from a tag either.
    let stranger = app.login(&w.owner_b).await;
    let r = get_if_none_match(&stranger, &thumb, &tag).await;
    assert_error(r, 404, "not_found").await;
    let r = crew
        .get(app.url(&format!("/api/v1/photos/{id}/nope")))
        .header("if-none-match", "*")
        .send()
        .await
        .unwrap();
    assert_error(r, 404, "not_found").await;
}
