//! Quotes: publishing revisions, the three confirmation steps in order with the one-time
//! code, immutability after confirmation, change orders with the 5% approval rule, roles.

use chrono::Duration;
use reqwest::Client;
use serde_json::{json, Value};

use crate::support::get;
use crate::support::get_json;
use crate::support::id_of;
use crate::support::strs;
use crate::support::{
    assert_error, assert_field, latest_code, post_json, put_json, spawn_app, TestApp,
};

/// A quote with two material lines and one labour line: 33 150.00 yuan in all.
fn content(tile_price_fen: i64) -> Value {
    json!({
        "materials": [
            {"category": "瓷砖", "room": "客厅", "brand": "马可波罗", "model": "CH8001",
             "env_grade": "A类", "quantity_milli": 50_000, "unit": "㎡", "unit_price": tile_price_fen},
            {"category": "涂料", "room": "", "brand": "立邦", "model": "净味120",
             "env_grade": "A+", "quantity_milli": 10_000, "unit": "桶", "unit_price": 45_000}
        ],
        "labour": [
            {"process": "水电改造", "room": "", "quantity_milli": 100_000, "unit": "㎡", "unit_price": 15_000}
        ],
        "schedule": {"start": "2026-12-01", "end": "2027-02-28"},
        "payment_plan": [
            {"name": "开工款", "percent_bp": 3000},
            {"name": "中期款", "percent_bp": 4000},
            {"name": "尾款", "percent_bp": 3000}
        ],
        "special_notes": "主材均须符合GB 18580-2017 E1级及以上环保标准；施工执行GB 50327-2001。"
    })
}

async fn publish(app: &TestApp, staff: &Client, project: &str, tile_price_fen: i64) -> Value {
    let r = post_json(
        staff,
        app.project_url(project, "quotes"),
        &content(tile_price_fen),
    )
    .await;
    assert_eq!(r.status(), 201);
    r.json().await.expect("json")
}

async fn step(app: &TestApp, c: &Client, id: &str, action: &str) -> reqwest::Response {
    post_json(
        c,
        app.url(&format!("/api/v1/quotes/{id}/steps")),
        &json!({ "action": action }),
    )
    .await
}

async fn verify(app: &TestApp, c: &Client, id: &str, code: &str) -> reqwest::Response {
    post_json(
        c,
        app.url(&format!("/api/v1/quotes/{id}/verify")),
        &json!({ "code": code }),
    )
    .await
}

#[tokio::test]
async fn totals_are_computed_by_the_server() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let q = publish(&app, &staff, &w.project_a, 12_000).await;
    // 50 ㎡ × 120.00 + 10 桶 × 450.00 + 100 ㎡ × 150.00
    assert_eq!(q["totals"]["materials"], 1_050_000);
    assert_eq!(q["totals"]["labour"], 1_500_000);
    assert_eq!(q["totals"]["total"], 2_550_000);
    assert_eq!(q["totals"]["range_low"], 2_422_500);
    assert_eq!(q["totals"]["range_high"], 2_677_500);
    assert_eq!(q["payment_amounts"], json!([765_000, 1_020_000, 765_000]));
    assert_eq!(q["revision"], 1);
    assert_eq!(q["status"], "pending");
    assert_eq!(q["step"]["step"], "basic_terms");
    assert_eq!(q["content_hash"].as_str().map(str::len), Some(64));
    let list: Value = get_json(&owner, app.project_url(&w.project_a, "quotes")).await;
    assert_eq!(list[0]["total"], 2_550_000);
    assert_eq!(
        get_json(
            &owner,
            app.url(&format!(
                "/api/v1/quotes/{}",
                q["id"].as_str().unwrap_or_default()
            ))
        )
        .await["can_confirm"],
        true
    );

    // Bad lines are refused with the field named.
    let mut bad = content(12_000);
    bad["payment_plan"][0]["percent_bp"] = json!(2000);
    let r = post_json(&staff, app.project_url(&w.project_a, "quotes"), &bad).await;
    assert_field(r, "payment_plan").await;
    let mut bad = content(12_000);
    bad["materials"][0]["quantity_milli"] = json!(0);
    let r = post_json(&staff, app.project_url(&w.project_a, "quotes"), &bad).await;
    assert_field(r, "materials").await;
}

#[tokio::test]
async fn the_three_steps_go_in_order_and_the_code_confirms() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let q = publish(&app, &staff, &w.project_a, 12_000).await;
    let id = id_of(&q);

    // No skipping: the special notes and the code come after the basic terms.
    assert_error(
        step(&app, &owner, &id, "accept_special_notes").await,
        409,
        "conflict",
    )
    .await;
    assert_error(verify(&app, &owner, &id, "123456").await, 409, "conflict").await;
    assert_error(
        step(&app, &owner, &id, "code_verified").await,
        422,
        "validation",
    )
    .await;
    // Only the homeowner takes the steps.
    assert_error(
        step(&app, &staff, &id, "accept_basic_terms").await,
        403,
        "forbidden",
    )
    .await;

    let r = step(&app, &owner, &id, "accept_basic_terms").await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.expect("json")["step"]["step"],
        "special_notes"
    );
    assert!(latest_code(&app).await.is_none(), "no code before step 2");
    let r = step(&app, &owner, &id, "accept_special_notes").await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["step"]["step"], "code_sent");
    assert!(v["code_expires_at"].is_string());
    let code = latest_code(&app).await.expect("code in the outbox");

    // A wrong code fails and uses up a try; the right one confirms.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let body = assert_error(verify(&app, &owner, &id, wrong).await, 422, "code_wrong").await;
    assert_eq!(body["field"], "code");
    assert_eq!(body["tries_left"], 4);
    let body = assert_error(verify(&app, &owner, &id, "12ab56").await, 422, "validation").await;
    assert_eq!(body["field"], "code");
    assert_eq!(body["reason"], "bad_format");
    let r = verify(&app, &owner, &id, &code).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["status"], "confirmed");
    assert_eq!(v["confirmed_by"], "张*");
    assert!(v["confirmed_at"].is_string());

    // Who, when, which session and which content are on record.
    let (session, hash): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT confirmed_session, confirmed_hash FROM quote_revisions WHERE id = $1",
    )
    .bind(&id)
    .fetch_one(&app.state.db.pool)
    .await
    .expect("row");
    assert_eq!(session.map(|s| s.len()), Some(64));
    assert_eq!(hash.as_deref(), q["content_hash"].as_str());
    let trail: Vec<String> = sqlx::query_scalar(
        "SELECT event FROM quote_events WHERE revision_id = $1 ORDER BY at, event",
    )
    .bind(&id)
    .fetch_all(&app.state.db.pool)
    .await
    .expect("rows");
    assert_eq!(trail.len(), 3);
    assert!(trail.contains(&"confirmed".to_string()));

    // A reused code fails, and the confirmed revision never changes.
    assert_error(verify(&app, &owner, &id, &code).await, 409, "conflict").await;
    let r = put_json(
        &staff,
        app.url(&format!("/api/v1/quotes/{id}")),
        &content(13_000),
    )
    .await;
    assert_error(r, 409, "conflict").await;
    assert_error(step(&app, &owner, &id, "reject").await, 409, "conflict").await;
}

#[tokio::test]
async fn codes_expire_after_five_minutes_and_die_after_five_tries() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let id = id_of(&publish(&app, &staff, &w.project_a, 12_000).await);
    assert_eq!(
        step(&app, &owner, &id, "accept_basic_terms").await.status(),
        200
    );
    assert_eq!(
        step(&app, &owner, &id, "accept_special_notes")
            .await
            .status(),
        200
    );
    let code = latest_code(&app).await.expect("code");
    // Resending is spaced out by a minute.
    assert_error(
        step(&app, &owner, &id, "resend_code").await,
        429,
        "rate_limited",
    )
    .await;
    app.clock.advance(Duration::seconds(301));
    assert_error(verify(&app, &owner, &id, &code).await, 422, "code_expired").await;

    // A new code; five wrong tries kill it, even for the right code afterwards.
    assert_eq!(step(&app, &owner, &id, "resend_code").await.status(), 200);
    let code = latest_code(&app).await.expect("code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..5).rev() {
        let body = assert_error(verify(&app, &owner, &id, wrong).await, 422, "code_wrong").await;
        assert_eq!(body["tries_left"], left);
    }
    // The fifth wrong try uses the code up: from then on it is expired, even when right.
    assert_error(verify(&app, &owner, &id, wrong).await, 422, "code_expired").await;
    assert_error(verify(&app, &owner, &id, &code).await, 422, "code_expired").await;
    app.clock.advance(Duration::seconds(61));
    assert_eq!(step(&app, &owner, &id, "resend_code").await.status(), 200);
    let code = latest_code(&app).await.expect("code");
    assert_eq!(verify(&app, &owner, &id, &code).await.status(), 200);
}

#[tokio::test]
async fn a_change_is_a_new_revision_and_over_five_percent_needs_approval() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let admin = app.login(&w.admin).await;
    let first = publish(&app, &staff, &w.project_a, 12_000).await;
    let id1 = id_of(&first);
    step(&app, &owner, &id1, "accept_basic_terms").await;
    step(&app, &owner, &id1, "accept_special_notes").await;
    let code = latest_code(&app).await.expect("code");
    assert_eq!(verify(&app, &owner, &id1, &code).await.status(), 200);

    // +25 ㎡·0 … the tile price from 120 to 140 yuan: +1 000 yuan on 25 500 (3.9%): no approval.
    let small = publish(&app, &staff, &w.project_a, 14_000).await;
    assert_eq!(small["revision"], 2);
    assert_eq!(small["compared_with"], 1);
    assert_eq!(small["diff"]["total_delta"], 100_000);
    assert_eq!(small["diff"]["changed"].as_array().map(Vec::len), Some(1));
    assert_eq!(small["needs_approval"], false);

    // A bigger change supersedes the pending one and needs a manager first (8.8%).
    let big = publish(&app, &staff, &w.project_a, 16_500).await;
    let id3 = id_of(&big);
    assert_eq!(
        big["compared_with"], 1,
        "compared with the confirmed revision"
    );
    assert_eq!(big["needs_approval"], true);
    assert_eq!(big["can_confirm"], false);
    let list: Value = get_json(&owner, app.project_url(&w.project_a, "quotes")).await;
    let statuses = strs(&list, "status");
    assert_eq!(statuses, ["pending", "superseded", "confirmed"]);
    assert_eq!(list[0]["delta"], 225_000);
    assert_error(
        step(&app, &owner, &id3, "accept_basic_terms").await,
        409,
        "needs_approval",
    )
    .await;
    let r = post_json(
        &staff,
        app.url(&format!("/api/v1/quotes/{id3}/approve")),
        &json!({}),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
    let r = post_json(
        &admin,
        app.url(&format!("/api/v1/quotes/{id3}/approve")),
        &json!({}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        step(&app, &owner, &id3, "accept_basic_terms")
            .await
            .status(),
        200
    );
    // Once the homeowner has started, staff cannot edit it in place.
    let r = put_json(
        &staff,
        app.url(&format!("/api/v1/quotes/{id3}")),
        &content(12_000),
    )
    .await;
    assert_error(r, 409, "conflict").await;

    // The homeowner may reject with a reason instead.
    let r = post_json(
        &owner,
        app.url(&format!("/api/v1/quotes/{id3}/steps")),
        &json!({"action": "reject", "reason": "瓷砖涨价太多"}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["step"]["reason"], "瓷砖涨价太多");
}

#[tokio::test]
async fn other_people_cannot_see_or_touch_the_quote() {
    let app = spawn_app().await;
    let (w, staff, _owner) = app.staff_and_owner().await;
    let q = publish(&app, &staff, &w.project_a, 12_000).await;
    let id = id_of(&q);
    let [owner_b, crew_b] = app.logins([&w.owner_b, &w.crew_b]).await;
    for c in [&owner_b, &crew_b] {
        let r = get(c, app.url(&format!("/api/v1/quotes/{id}"))).await;
        assert_error(r, 404, "not_found").await;
        assert_error(
            step(&app, c, &id, "accept_basic_terms").await,
            404,
            "not_found",
        )
        .await;
        assert_error(verify(&app, c, &id, "123456").await, 404, "not_found").await;
        let r = get(c, app.project_url(&w.project_a, "quotes")).await;
        assert_error(r, 404, "not_found").await;
    }
    let crew_a = app.login(&w.crew_a).await;
    let r = post_json(
        &crew_a,
        app.project_url(&w.project_a, "quotes"),
        &content(1),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
    assert_error(
        step(&app, &crew_a, &id, "accept_basic_terms").await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_crew_reads_what_to_build_but_no_money() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let first = publish(&app, &staff, &w.project_a, 12_000).await;
    let id = id_of(&first);
    step(&app, &owner, &id, "accept_basic_terms").await;
    step(&app, &owner, &id, "accept_special_notes").await;
    let code = latest_code(&app).await.expect("code");
    assert_eq!(verify(&app, &owner, &id, &code).await.status(), 200);
    // A second revision, so there is a priced diff to withhold too.
    let second = publish(&app, &staff, &w.project_a, 14_000).await;
    let id2 = id_of(&second);
    assert!(second["diff"].is_object());

    let crew = app.login(&w.crew_a).await;
    let get = |url: String| {
        let c = crew.clone();
        async move {
            let r = get(&c, url).await;
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.expect("json")
        }
    };
    let list = get(app.project_url(&w.project_a, "quotes")).await;
    for q in list.as_array().expect("list") {
        assert_eq!(q["prices_hidden"], true);
        assert_eq!(q["total"], 0);
        assert_eq!(q["delta"], 0);
    }
    for id in [&id, &id2] {
        let v = get(app.url(&format!("/api/v1/quotes/{id}"))).await;
        assert_eq!(v["prices_hidden"], true);
        // What to build is there …
        assert_eq!(v["content"]["materials"][0]["brand"], "马可波罗");
        assert_eq!(v["content"]["materials"][0]["quantity_milli"], 50_000);
        assert_eq!(v["content"]["labour"][0]["process"], "水电改造");
        assert!(v["content"]["special_notes"]
            .as_str()
            .is_some_and(|n| !n.is_empty()));
        // … and no money: prices, totals, plan, amounts, the priced diff, the hash.
        for line in ["materials", "labour"] {
            for l in v["content"][line].as_array().expect("lines") {
                assert_eq!(l["unit_price"], 0, "{l}");
            }
        }
        assert_eq!(v["content"]["payment_plan"], json!([]));
        assert_eq!(v["payment_amounts"], json!([]));
        assert_eq!(v["totals"]["total"], 0);
        assert!(v.get("diff").is_none_or(Value::is_null));
        assert_eq!(v["content_hash"], "");
        let text = v.to_string();
        for money in ["1200000", "1400000", "3315000", "开工款", "45000"] {
            assert!(!text.contains(money), "{money} in {text}");
        }
    }
    // Staff and the homeowner still see the prices.
    let v: Value = get_json(&owner, app.url(&format!("/api/v1/quotes/{id2}"))).await;
    assert_eq!(v["prices_hidden"], false);
    assert_eq!(v["content"]["materials"][0]["unit_price"], 14_000);
}
