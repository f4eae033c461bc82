//! Lost updates: every in-place edit of shared content carries the version it was made from.
//! Two edits from the same base: the first wins, the second answers 409 `stale_revision` and
//! the first one's content survives; an edit without a base is refused (422 `required`).

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::ratings::{rating, sign_off};
use crate::support::get_ok;
use crate::support::spawn_world;
use crate::support::{assert_error, post_json, put_json};

/// PUTs `body` with `version` set, asserting nothing about the answer.
async fn put_from(
    c: &Client,
    url: &str,
    mut body: Value,
    field: &str,
    base: i64,
) -> reqwest::Response {
    body[field] = json!(base);
    put_json(c, url, &body).await
}

/// The lost-update check on one document: `edit_a` and `edit_b` both start from version
/// `base` (read by `reader` at `url`, field `version`); `shows` picks what an edit changed.
async fn two_edits_from_one_base(
    (first, second): (&Client, &Client),
    url: &str,
    (edit_a, edit_b): (Value, Value),
    field: &str,
    shows: impl Fn(&Value) -> Value,
) {
    let before = get_ok(first, url.to_string()).await;
    let base = before[field].as_i64().unwrap_or(0);
    assert_eq!(
        before[field],
        json!(base),
        "the read carries the version: {before}"
    );
    // Without the base the edit is refused and nothing changes.
    let mut bare = edit_a.clone();
    bare.as_object_mut().expect("object").remove(field);
    let r = put_json(first, url, &bare).await;
    let b = assert_error(r, 422, "validation").await;
    assert_eq!(
        (b["field"].as_str(), b["reason"].as_str()),
        (Some(field), Some("required"))
    );

    let r = put_from(first, url, edit_a.clone(), field, base).await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let saved: Value = r.json().await.expect("json");
    assert_eq!(saved[field], json!(base + 1));
    assert_eq!(shows(&saved), shows(&edit_a));

    // The second edit was made from the same, now out-of-date copy: refused.
    let r = put_from(second, url, edit_b.clone(), field, base).await;
    assert_error(r, 409, "stale_revision").await;
    let now = get_ok(first, url.to_string()).await;
    assert_eq!(shows(&now), shows(&edit_a), "the first edit survives");
    assert_ne!(shows(&now), shows(&edit_b));
    assert_eq!(now[field], json!(base + 1));

    // Made again from the newest copy, it goes through.
    let r = put_from(second, url, edit_b.clone(), field, base + 1).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(shows(&get_ok(first, url.to_string()).await), shows(&edit_b));
}

fn quote(notes: &str) -> Value {
    json!({
        "materials": [
            {"category": "瓷砖", "room": "客厅", "brand": "马可波罗", "model": "CH8001",
             "env_grade": "A类", "quantity_milli": 50_000, "unit": "㎡", "unit_price": 12_000}
        ],
        "labour": [],
        "schedule": {"start": "2026-12-01", "end": "2027-02-28"},
        "payment_plan": [{"name": "开工款", "percent_bp": 3000}, {"name": "尾款", "percent_bp": 7000}],
        "special_notes": notes
    })
}

#[tokio::test]
async fn two_staff_correct_the_same_quote_revision() {
    let (app, w) = spawn_world().await;
    let [staff, admin] = app.logins([&w.staff, &w.admin]).await;
    let r = post_json(
        &staff,
        app.project_url(&w.project_a, "quotes"),
        &quote("初稿"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let q: Value = r.json().await.expect("json");
    let url = app.url(&format!("/api/v1/quotes/{}", q["id"].as_str().expect("id")));
    let notes = |v: &Value| {
        v.get("content")
            .unwrap_or(v)
            .get("special_notes")
            .cloned()
            .unwrap_or_default()
    };
    two_edits_from_one_base(
        (&staff, &admin),
        &url,
        (quote("赵敏改：增加防水说明"), quote("周经理改：删去赠品")),
        "version",
        notes,
    )
    .await;

    // A step by the homeowner also makes a staff copy out of date (and then the revision is
    // closed for edits anyway: 409 conflict says so first).
    let now = get_ok(&staff, url.clone()).await;
    let owner = app.login(&w.owner_a).await;
    let r = post_json(
        &owner,
        format!("{url}/steps"),
        &json!({"action": "accept_basic_terms"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let after: Value = r.json().await.expect("json");
    assert!(after["version"].as_i64() > now["version"].as_i64());
}

#[tokio::test]
async fn two_admins_save_the_same_checklist() {
    let (app, w) = spawn_world().await;
    let [admin, other] = app.logins([&w.admin, &w.admin]).await;
    let url = app.url("/api/v1/checklists/painting");
    let list = |text: &str| json!({"items": [{"id": "paint-a", "text": text}]});
    two_edits_from_one_base(
        (&admin, &other),
        &url,
        (list("墙面平整无裂纹"), list("阴阳角顺直")),
        "version",
        |v| v["items"].clone(),
    )
    .await;
    // Each node's checklist has its own version.
    let kickoff = get_ok(&admin, app.url("/api/v1/checklists/kickoff")).await;
    assert_eq!(kickoff["version"], 0);
}

/// Two admins save the company settings at `path` from one copy, one setting the value at
/// `pointer` to `a`, the other to `b`.
async fn two_admins_save_settings(path: &str, pointer: &str, (a, b): (Value, Value)) {
    let (app, w) = spawn_world().await;
    let [admin, other] = app.logins([&w.admin, &w.admin]).await;
    let url = app.url(path);
    let current = get_ok(&admin, url.clone()).await;
    let edit = |value: Value| {
        let mut copy = current.clone();
        *copy.pointer_mut(pointer).expect("the setting") = value;
        copy
    };
    let shows = |v: &Value| v.pointer(pointer).cloned().unwrap_or(Value::Null);
    two_edits_from_one_base((&admin, &other), &url, (edit(a), edit(b)), "version", shows).await;
}

#[tokio::test]
async fn two_admins_save_the_service_levels() {
    let months = (json!(48), json!(36));
    two_admins_save_settings("/api/v1/service-levels", "/warranty/default_months", months).await;
}

#[tokio::test]
async fn two_admins_save_the_leaderboard_settings() {
    let sizes = (json!(3), json!(7));
    two_admins_save_settings("/api/v1/leaderboard/settings", "/list_size", sizes).await;
}

/// A homeowner changes a rating from two devices: the phone's older copy does not silently
/// replace what the tablet saved; a first rating made on a device that had not seen the
/// other one's is refused the same way.
#[tokio::test]
async fn a_rating_changed_from_two_devices() {
    let (app, w) = spawn_world().await;
    sign_off(&app, &w.project_a, "kickoff", "signed_off").await;
    let [phone, tablet] = app.logins([&w.owner_a, &w.owner_a]).await;
    let url = app.project_url(&w.project_a, "ratings/kickoff");
    let r = put_json(&phone, &url, &rating([4, 4, 4, 4], "还行")).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first: Value = r.json().await.expect("json");
    assert_eq!(first["version"], 0);
    // The tablet had opened the form before the phone's rating: its "first" rating is stale.
    let r = put_json(&tablet, &url, &rating([1, 1, 1, 1], "平板上的")).await;
    assert_error(r, 409, "stale_revision").await;

    let r = put_from(
        &tablet,
        &url,
        rating([5, 5, 5, 5], "平板改成五星"),
        "base_version",
        0,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let edited: Value = r.json().await.expect("json");
    assert_eq!(edited["version"], 1);
    let r = put_from(
        &phone,
        &url,
        rating([2, 2, 2, 2], "手机上的旧副本"),
        "base_version",
        0,
    )
    .await;
    assert_error(r, 409, "stale_revision").await;
    let list = get_ok(&phone, app.project_url(&w.project_a, "ratings")).await;
    let kept = &list["slots"][0]["rating"];
    assert_eq!(kept["comment"], "平板改成五星");
    assert_eq!(kept["average_milli"], 5000);
    assert_eq!(kept["version"], 1);
}
