//! The diary: posting, one entry a day, editing the same day with history, and the
//! keyset-paginated timeline.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::support::assert_field;
use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::{assert_error, entry_body, post_json, put_json};
use crate::support::{get_json, json_of, TestApp};

#[tokio::test]
async fn crew_posts_once_a_day_and_others_may_not_post() {
    let (app, w) = spawn_world().await;
    let url = app.project_url(&w.project_a, "diary");
    let crew = app.login(&w.crew_a).await;
    let r = post_json(&crew, &url, &entry_body("  水电开槽  ", &[])).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["work_done"], "水电开槽");
    assert_eq!(e["author_name"], "刘师傅班组");
    assert_eq!(e["can_edit"], true);

    let r = post_json(&crew, &url, &entry_body("第二条", &[])).await;
    assert_error(r, 409, "already_exists").await;

    let p: Value = get_json(&crew, app.url(&format!("/api/v1/projects/{}", w.project_a))).await;
    assert_eq!(p["today_entry_id"], e["id"]);
    assert_eq!(p["diary_count"], 1);

    for who in [&w.owner_a, &w.staff] {
        let c = app.login(who).await;
        let r = post_json(&c, &url, &entry_body("不该我写", &[])).await;
        assert_error(r, 403, "forbidden").await;
    }
    // A finished project takes no more diary entries.
    let r = post_json(
        &crew,
        app.project_url(&w.project_done, "diary"),
        &entry_body("完工后", &[]),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
}

#[tokio::test]
async fn invalid_entries_are_refused_and_nothing_is_stored() {
    let (app, w) = spawn_world().await;
    let url = app.project_url(&w.project_a, "diary");
    let crew = app.login(&w.crew_a).await;
    // Each refusal names the field and a typed reason (the UI words it, never the message).
    let cases = [
        (entry_body("   ", &[]), "work_done", "required"),
        (entry_body(&"字".repeat(2001), &[]), "work_done", "too_long"),
        (
            json!({"weather": "sunny", "work_done": "x", "trades": [{"trade": "mason", "headcount": 0}]}),
            "trades",
            "out_of_range",
        ),
        (
            entry_body("x", &["not-a-photo".to_string()]),
            "photo_ids",
            "not_allowed",
        ),
    ];
    for (body, field, reason) in cases {
        let r = post_json(&crew, &url, &body).await;
        let b = assert_error(r, 422, "validation").await;
        assert_eq!(b["field"], field);
        assert_eq!(b["reason"], reason, "{field}: {b}");
        if reason == "too_long" {
            assert_eq!(b["limit"], 2000);
        }
    }
    let r = post_json(&crew, &url, &json!({"weather": "hail", "work_done": "x"})).await;
    assert_error(r, 422, "validation").await;
    let page: Value = get_json(&crew, &url).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
}

/// Posts a first version of today's entry (the crew) and returns the entry's URL.
async fn first_entry(app: &TestApp, crew: &reqwest::Client, project: &str) -> String {
    let url = app.project_url(project, "diary");
    let e = json_of(post_json(crew, url, &entry_body("第一版", &[])).await).await;
    app.url(&format!("/api/v1/diary/{}", e["id"].as_str().expect("id")))
}

#[tokio::test]
async fn the_author_edits_the_same_day_and_history_is_kept() {
    let (app, w) = spawn_world().await;
    let crew = app.login(&w.crew_a).await;
    let entry_url = first_entry(&app, &crew, &w.project_a).await;
    // An edit says which revision it was made from.
    let r = put_json(&crew, &entry_url, &entry_body("第二版", &[])).await;
    let b = assert_error(r, 422, "validation").await;
    assert_eq!(
        (b["field"].as_str(), b["reason"].as_str()),
        (Some("base_revision"), Some("required"))
    );
    let edit = |text: &str, base: i64| {
        let mut body = entry_body(text, &[]);
        body["base_revision"] = serde_json::json!(base);
        body
    };
    let r = put_json(&crew, &entry_url, &edit("第二版", 0)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let e2: Value = r.json().await.unwrap();
    assert_eq!(e2["work_done"], "第二版");
    assert_eq!(e2["revision_count"], 1);
    let history: Value = get_json(&crew, format!("{entry_url}/history")).await;
    assert_eq!(history[0]["content"]["work_done"], "第一版");
    assert_eq!(history[0]["revision"], 1);
    // An edit made from the first copy would silently undo the second: refused.
    let r = put_json(&crew, &entry_url, &edit("从旧副本改", 0)).await;
    assert_error(r, 409, "stale_revision").await;
    let now: Value = get_json(&crew, &entry_url).await;
    assert_eq!(now["work_done"], "第二版");

    // The homeowner reads but cannot edit.
    let owner = app.login(&w.owner_a).await;
    let r = put_json(&owner, &entry_url, &entry_body("业主改", &[])).await;
    assert_error(r, 403, "forbidden").await;
    let seen: Value = get_json(&owner, &entry_url).await;
    assert_eq!(seen["can_edit"], false);

    // The next day (company time zone) the entry is closed.
    app.clock.advance(Duration::days(1));
    let r = put_json(&crew, &entry_url, &entry_body("第三版", &[])).await;
    assert_error(r, 409, "edit_window_closed").await;
    let seen: Value = get_json(&crew, &entry_url).await;
    assert_eq!(seen["work_done"], "第二版");
    assert_eq!(seen["can_edit"], false);
}

#[tokio::test]
async fn the_timeline_pages_newest_first_without_gaps_or_repeats() {
    let (app, w) = spawn_world().await;
    let crew = app.login(&w.crew_a).await;
    let url = app.project_url(&w.project_a, "diary");
    // Seven site days: post, then move the clock a day on.
    app.clock.advance(Duration::days(-7));
    for day in 0..7 {
        let r = post_json(&crew, &url, &entry_body(&format!("第{day}天"), &[])).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        app.clock.advance(Duration::days(1));
    }
    let owner = app.login(&w.owner_a).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut req = owner.get(&url).query(&[("limit", "3")]);
        if let Some(c) = &cursor {
            req = req.query(&[("after", c)]);
        }
        let page: Value = req.send().await.unwrap().json().await.unwrap();
        pages += 1;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["work_done"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..7).rev().map(|d| format!("第{d}天")).collect();
    assert_eq!(seen, expected);

    let r = owner
        .get(&url)
        .query(&[("after", "garbage")])
        .send()
        .await
        .unwrap();
    assert_field(r, "after").await;
}

/// Concurrent edits with photos: each either wins or is told the entry changed meanwhile;
/// none fails with a server error (the write lock is taken up front on SQLite).
#[tokio::test]
async fn concurrent_edits_with_photos_never_fail_with_a_server_error() {
    let (app, w) = spawn_world().await;
    let crew = app.login(&w.crew_a).await;
    let entry_url = first_entry(&app, &crew, &w.project_a).await;
    let mut photos = Vec::new();
    for i in 0..20 {
        let r = crate::support::upload(
            &crew,
            &app.project_url(&w.project_a, "photos"),
            crate::support::exif::jpeg(40 + i, 30),
            "p.jpg",
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let v: Value = r.json().await.unwrap();
        photos.push(id_of(&v));
    }
    let edits = photos.iter().enumerate().map(|(i, photo)| {
        let c = crew.clone();
        let url = entry_url.clone();
        let mut body = entry_body(&format!("第{i}次修改"), std::slice::from_ref(photo));
        body["base_revision"] = serde_json::json!(0);
        async move {
            c.put(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let mut statuses = futures_util::future::join_all(edits).await;
    statuses.sort();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
}
