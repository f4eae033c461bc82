//! The staff's service queue a page at a time: keyset pages in the order of the nearest open
//! deadline, no item twice or missing, filtered by kind and searched on the server, the order
//! kept when an item or the service levels change.

use chrono::Duration;
use reqwest::Client;
use serde_json::{json, Value};

use crate::support::get;
use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::{act, complain};
use crate::support::{assert_error, put_json, TestApp};

async fn get_json(c: &Client, app: &TestApp, path: &str) -> Value {
    crate::support::get_ok(c, app.url(path)).await
}

/// Every page of the queue for `query`: the items in order and the number of pages.
async fn walk(c: &Client, app: &TestApp, query: &str) -> (Vec<Value>, usize) {
    crate::survey_paging::walk(c, app, &format!("/api/v1/queue?{query}")).await
}

/// The items' nearest open deadlines, in the order listed (`None` for none open).
fn dues(items: &[Value]) -> Vec<Option<String>> {
    items
        .iter()
        .map(|i| i["next_due"].as_str().map(str::to_string))
        .collect()
}

/// Nearest deadline first, items with none open last.
fn assert_queue_order(items: &[Value]) {
    let d = dues(items);
    for w in d.windows(2) {
        let ok = match (&w[0], &w[1]) {
            (Some(a), Some(b)) => {
                chrono::DateTime::parse_from_rfc3339(a).expect("time")
                    <= chrono::DateTime::parse_from_rfc3339(b).expect("time")
            }
            (Some(_), None) | (None, None) => true,
            (None, Some(_)) => false,
        };
        assert!(ok, "queue order broken: {d:?}");
    }
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id_of).collect()
}

#[tokio::test]
async fn staff_page_through_the_queue_nearest_deadline_first_filtered_and_searched() {
    let (app, w) = spawn_world().await;
    let [owner_a, owner_b, staff, admin] = app
        .logins([&w.owner_a, &w.owner_b, &w.staff, &w.admin])
        .await;
    // Complaints of different levels and times: their deadlines interleave.
    let mut filed = Vec::new();
    for n in 0..23 {
        let (owner, project) = if n % 3 == 0 {
            (&owner_b, &w.project_b)
        } else {
            (&owner_a, &w.project_a)
        };
        let text = format!("第{n}号投诉：工人在楼道抽烟，垃圾堆在电梯口没清");
        filed.push(id_of(&complain(&app, owner, project, &text).await));
        app.clock.advance(Duration::minutes(7));
    }
    // Major ones get a dedicated team's deadline, nearer than the answer's.
    for id in filed.iter().skip(2).step_by(5) {
        let r = act(&app, &staff, id, json!({"action": "classify", "level": 5})).await;
        assert!(r.status().is_success(), "classify: {}", r.status());
    }
    // Some are acknowledged: their first deadline is met, so they move down the queue.
    for id in filed.iter().step_by(4) {
        let r = act(&app, &staff, id, json!({"action": "acknowledge"})).await;
        assert!(r.status().is_success(), "acknowledge: {}", r.status());
    }

    let (all, pages) = walk(&staff, &app, "limit=5").await;
    assert_eq!(pages, 5, "23 items, 5 a page");
    let mut seen = ids(&all);
    assert_eq!(seen.len(), filed.len());
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), filed.len(), "no item twice");
    assert_queue_order(&all);
    // The same order as one big page.
    let one = get_json(&staff, &app, "/api/v1/queue?limit=100").await;
    assert_eq!(ids(one["items"].as_array().expect("items")), ids(&all));
    assert!(one["next_cursor"].is_null());
    // 30 by default.
    let first = get_json(&staff, &app, "/api/v1/queue").await;
    assert_eq!(first["items"].as_array().map(Vec::len), Some(23));

    // Filtered by kind, searched by the homeowner's name on the server.
    let (complaints, _) = walk(&staff, &app, "kind=complaint&limit=4").await;
    assert_eq!(complaints.len(), 23);
    let (claims, _) = walk(&staff, &app, "kind=claim").await;
    assert!(claims.is_empty());
    let (lis, _) = walk(&staff, &app, "q=%E6%9D%8E&limit=3").await; // 李
    assert_eq!(lis.len(), 8, "李娜's complaints: every third");
    assert!(lis.iter().all(|i| i["project_id"] == w.project_b.as_str()));
    assert_queue_order(&lis);

    // A closed item leaves; new service levels move every deadline and the order follows.
    let gone = filed[1].clone();
    for (who, body) in [
        (&staff, json!({"action": "acknowledge"})),
        (
            &staff,
            json!({"action": "resolve", "note": "已现场清理并约谈班组"}),
        ),
        (&owner_a, json!({"action": "confirm"})),
    ] {
        let r = act(&app, who, &gone, body.clone()).await;
        assert!(r.status().is_success(), "{body}: {}", r.status());
    }
    let settings = get_json(&admin, &app, "/api/v1/service-levels").await;
    let mut changed = settings.clone();
    changed["service_levels"]["complaint_answer_min"] = json!(600);
    let r = put_json(&admin, app.url("/api/v1/service-levels"), &changed).await;
    assert_eq!(r.status(), 200, "settings saved");
    let (after, _) = walk(&staff, &app, "limit=6").await;
    assert!(!ids(&after).contains(&gone), "closed items leave the queue");
    assert_queue_order(&after);
    let before_due: Vec<_> = all
        .iter()
        .filter(|i| i["id"] != gone.as_str())
        .map(|i| (i["id"].clone(), i["next_due"].clone()))
        .collect();
    let after_due: Vec<_> = after
        .iter()
        .map(|i| (i["id"].clone(), i["next_due"].clone()))
        .collect();
    assert_ne!(
        before_due.iter().map(|p| &p.1).collect::<Vec<_>>(),
        after_due.iter().map(|p| &p.1).collect::<Vec<_>>(),
        "the deadlines moved with the targets"
    );

    // Odd requests are refused with the field named; homeowners may not read the queue.
    for (query, field) in [
        ("after=nonsense", "after"),
        ("after=12_a%27b", "after"),
        ("kind=leak", "kind"),
    ] {
        let r = get(&staff, app.url(&format!("/api/v1/queue?{query}"))).await;
        assert_eq!(assert_error(r, 422, "validation").await["field"], field);
    }
    let r = get(&owner_a, app.url("/api/v1/queue")).await;
    assert_error(r, 403, "forbidden").await;
}

/// Every item's `(id, queue_due_at, version, updated_at)`, by id.
async fn stored_keys(app: &TestApp) -> Vec<(String, Option<i64>, i64, i64)> {
    sqlx::query_as("SELECT id, queue_due_at, version, updated_at FROM service_items ORDER BY id")
        .fetch_all(&app.state.db.pool)
        .await
        .expect("service items")
}

/// The key stored for `id`.
fn key_of(keys: &[(String, Option<i64>, i64, i64)], id: &str) -> Option<i64> {
    keys.iter().find(|k| k.0 == id).and_then(|k| k.1)
}

#[tokio::test]
async fn the_queue_order_is_stored_by_each_change_and_reading_the_queue_writes_nothing() {
    let (app, w) = spawn_world().await;
    let owner = app.login(&w.owner_a).await;
    let staff = app.login(&w.staff).await;
    let admin = app.login(&w.admin).await;
    let mut filed = Vec::new();
    for n in 0..4 {
        let text = format!("第{n}号投诉：工地噪音太大，中午也不停工");
        filed.push(id_of(&complain(&app, &owner, &w.project_a, &text).await));
        app.clock.advance(Duration::minutes(5));
    }
    // Filed and keyed in one step, before anyone reads the queue.
    let keys = stored_keys(&app).await;
    assert_eq!(keys.len(), 4);
    assert!(
        keys.iter().all(|k| k.1.is_some()),
        "keyed when filed: {keys:?}"
    );

    // A status change stores the moved key with it: the acknowledged complaint's first
    // deadline is met, so it moves down the queue.
    let first = filed[0].clone();
    let before = key_of(&keys, &first);
    let r = act(&app, &staff, &first, json!({"action": "acknowledge"})).await;
    assert!(r.status().is_success(), "acknowledge: {}", r.status());
    let keys = stored_keys(&app).await;
    assert!(key_of(&keys, &first) > before, "moved down: {keys:?}");

    // New service levels key every open item again in the same step.
    let settings = get_json(&admin, &app, "/api/v1/service-levels").await;
    let mut changed = settings.clone();
    changed["service_levels"]["complaint_answer_min"] = json!(900);
    let r = put_json(&admin, app.url("/api/v1/service-levels"), &changed).await;
    assert_eq!(r.status(), 200, "settings saved");
    let before_settings = keys;
    let keys = stored_keys(&app).await;
    for id in &filed[1..] {
        assert!(
            key_of(&keys, id) < key_of(&before_settings, id),
            "an earlier answer deadline: {keys:?}"
        );
    }

    // Reading the queue (every page, filtered, searched) changes nothing stored, and the
    // first read after the changes already lists in the stored order, which is each item's
    // nearest open deadline.
    let (items, _) = walk(&staff, &app, "limit=3").await;
    walk(&staff, &app, "kind=complaint&q=%E5%99%AA").await; // 噪
    assert_eq!(stored_keys(&app).await, keys, "a read writes nothing");
    assert_queue_order(&items);
    let mut by_key = keys.clone();
    by_key.sort_by_key(|k| (k.1, k.0.clone()));
    assert_eq!(
        ids(&items),
        by_key.iter().map(|k| k.0.clone()).collect::<Vec<_>>()
    );
    for i in &items {
        let due = chrono::DateTime::parse_from_rfc3339(i["next_due"].as_str().expect("due"))
            .expect("time")
            .timestamp_millis();
        assert_eq!(key_of(&keys, i["id"].as_str().expect("id")), Some(due));
    }
}
