//! The weekly leaderboard: shaped by role, never carrying customer data, explanations that
//! add up, admin weights, and published weeks that later data cannot change.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use seed_portal::domain::auth::Role;
use seed_portal::domain::ratings::{iso_week_of, IsoWeek};
use seed_portal::server::store::users::{self, NewUser};

use crate::ratings::{crew_of, rate, rating, sign_off};
use crate::support::assert_field;
use crate::support::get;
use crate::support::get_ok;
use crate::support::spawn_world;
use crate::support::{assert_error, post_json, put_json, spawn_app_with, TestApp, PASSWORD};

fn this_week(app: &TestApp) -> IsoWeek {
    iso_week_of(app.state.clock.now(), chrono_tz::Asia::Shanghai)
}

/// Everything a leaderboard response must never contain: homeowners' names, phones,
/// addresses and project titles of the test world.
const CUSTOMER_DATA: [&str; 10] = [
    "张伟",
    "李娜",
    "张*",
    "13800000001",
    "13800000002",
    "锦绣花园",
    "浦东",
    "A 项目",
    "B 项目",
    "完工项目",
];

fn assert_no_customer_data(body: &Value) {
    let text = body.to_string();
    for s in CUSTOMER_DATA {
        assert!(!text.contains(s), "{s} leaked: {text}");
    }
    for key in [
        "homeowner",
        "phone",
        "address",
        "title",
        "comment",
        "project_id",
    ] {
        assert!(!text.contains(&format!("\"{key}")), "{key} leaked: {text}");
    }
}

async fn add_admin(app: &TestApp) -> reqwest::Client {
    let staff = users::by_email(&app.state.db, "staff@test.cn")
        .await
        .unwrap()
        .unwrap();
    let hash = seed_portal::server::password::hash(PASSWORD).unwrap();
    users::insert(
        &app.state.db,
        NewUser {
            company_id: &staff.company_id,
            role: Role::Admin,
            name: "周经理",
            phone: Some("13700000009"),
            email: Some("boss@test.cn"),
            password_hash: Some(&hash),
            crew_id: None,
        },
        app.state.clock.now_ms(),
    )
    .await
    .unwrap();
    app.login("boss@test.cn").await
}

#[tokio::test]
async fn the_board_is_shaped_by_role_and_carries_no_customer_data() {
    let (app, w) = spawn_world().await;
    sign_off(&app, &w.project_a, "kickoff", "signed_off").await;
    sign_off(&app, &w.project_b, "kickoff", "signed_off").await;
    let crew_a = crew_of(&app, &w.project_a).await;
    let crew_b = crew_of(&app, &w.project_b).await;
    let [owner_a, owner_b] = app.logins([&w.owner_a, &w.owner_b]).await;
    for (c, p, stars) in [
        (&owner_a, &w.project_a, [5, 5, 5, 5]),
        (&owner_b, &w.project_b, [2, 2, 2, 2]),
    ] {
        let r = rate(
            &app,
            c,
            p,
            "kickoff",
            &rating(stars, "张伟 13800000001 锦绣花园"),
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let week = this_week(&app);
    let url = app.url(&format!("/api/v1/leaderboard?week={week}"));

    for who in [&w.staff, &w.crew_a, &w.crew_b] {
        let c = app.login(who).await;
        let b = get_ok(&c, url.clone()).await;
        assert_no_customer_data(&b);
        assert_eq!(b["week"], week.to_string());
        assert_eq!(b["status"], "live");
        let rows = b["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["crew_id"], crew_a.as_str());
        assert_eq!(rows[0]["rank"], 1);
        assert_eq!(rows[0]["list"], "red");
        assert!(rows[0]["total_milli"].as_u64() > rows[1]["total_milli"].as_u64());
        assert!(b["black"].is_array());
        assert_eq!(b["weights"]["customer_bp"], 4000);
    }
    let crew = app.login(&w.crew_b).await;
    let b = get_ok(&crew, url.clone()).await;
    assert_eq!(b["own"].as_array().unwrap().len(), 1);
    assert_eq!(b["own"][0]["crew_id"], crew_b.as_str());

    // Homeowners: the red list and their own crew, no full table, no black list.
    let b = get_ok(&owner_b, url.clone()).await;
    assert_no_customer_data(&b);
    assert!(b.get("rows").is_none() && b.get("black").is_none(), "{b}");
    assert_eq!(b["own"][0]["crew_id"], crew_b.as_str());
    assert!(!b["red"].as_array().unwrap().is_empty());

    // Explanations and the trend carry no customer data either.
    for (who, crew) in [
        (&w.staff, &crew_a),
        (&w.crew_b, &crew_a),
        (&w.owner_b, &crew_b),
    ] {
        let c = app.login(who).await;
        let e = get_ok(
            &c,
            app.url(&format!(
                "/api/v1/leaderboard/crews/{crew}/explain?week={week}"
            )),
        )
        .await;
        assert_no_customer_data(&e);
        let t = get_ok(
            &c,
            app.url(&format!("/api/v1/leaderboard/crews/{crew}/trend?weeks=3")),
        )
        .await;
        assert_no_customer_data(&t);
        assert_eq!(t["points"].as_array().unwrap().len(), 3);
    }
    // Bad week: 422 with the field.
    let r = get(&owner_a, app.url("/api/v1/leaderboard?week=2026-W60")).await;
    let e = assert_error(r, 422, "validation").await;
    assert_eq!(e["field"], "week");
    let r = get(&owner_a, app.url("/api/v1/leaderboard/crews/nope/explain")).await;
    assert_error(r, 404, "not_found").await;
    let r = reqwest::Client::new().get(&url).send().await.unwrap();
    assert_error(r, 401, "unauthenticated").await;
}

#[tokio::test]
async fn explanations_add_up_and_admins_set_the_weights() {
    let (app, w) = spawn_world().await;
    sign_off(&app, &w.project_a, "kickoff", "signed_off").await;
    let crew_a = crew_of(&app, &w.project_a).await;
    let owner = app.login(&w.owner_a).await;
    rate(
        &app,
        &owner,
        &w.project_a,
        "kickoff",
        &rating([5, 5, 5, 5], ""),
    )
    .await;
    let week = this_week(&app);
    let staff = app.login(&w.staff).await;
    let e = get_ok(
        &staff,
        app.url(&format!(
            "/api/v1/leaderboard/crews/{crew_a}/explain?week={week}"
        )),
    )
    .await;
    let parts = e["score"]["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 5);
    let sum: u64 = parts
        .iter()
        .map(|p| p["contribution"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, e["score"]["total_milli"].as_u64().unwrap());
    assert_eq!(parts[0]["name"], "customer");
    assert_eq!(parts[0]["weight_bp"], 4000);
    // One rating of 5 with a prior of 5 ratings at the company mean (also 5.000 here).
    assert_eq!(e["prior"]["mean_milli"], 5000);
    assert_eq!(e["prior"]["weight"], 5);
    assert_eq!(parts[1]["name"], "first_pass");
    assert!(parts[1]["inputs"]
        .to_string()
        .contains("inspections_first_pass"));
    assert!(e["method"].as_str().unwrap().contains("Bayesian"));

    // Weights: staff read them, only admins change them, and they must add up to 100%.
    let cfg = get_ok(&staff, app.url("/api/v1/leaderboard/settings")).await;
    assert_eq!(cfg["weights"]["customer_bp"], 4000);
    let mut new_cfg = cfg.clone();
    new_cfg["weights"]["customer_bp"] = json!(5000);
    let r = put_json(&staff, app.url("/api/v1/leaderboard/settings"), &new_cfg).await;
    assert_error(r, 403, "forbidden").await;
    let admin = add_admin(&app).await;
    let r = put_json(&admin, app.url("/api/v1/leaderboard/settings"), &new_cfg).await;
    assert_field(r, "weights").await;
    new_cfg["weights"]["first_pass_bp"] = json!(1000);
    let r = put_json(&admin, app.url("/api/v1/leaderboard/settings"), &new_cfg).await;
    assert_eq!(r.status(), StatusCode::OK);
    let e = get_ok(
        &staff,
        app.url(&format!(
            "/api/v1/leaderboard/crews/{crew_a}/explain?week={week}"
        )),
    )
    .await;
    assert_eq!(e["weights"]["customer_bp"], 5000);
    assert_eq!(e["score"]["parts"][0]["weight_bp"], 5000);
    let r = get(&owner, app.url("/api/v1/leaderboard/settings")).await;
    assert_error(r, 403, "forbidden").await;
}

#[tokio::test]
async fn a_published_week_is_frozen_and_late_data_counts_next_week() {
    let (app, w) = spawn_world().await;
    sign_off(&app, &w.project_a, "kickoff", "signed_off").await;
    sign_off(&app, &w.project_b, "kickoff", "signed_off").await;
    sign_off(&app, &w.project_b, "waterproofing", "signed_off").await;
    let crew_b = crew_of(&app, &w.project_b).await;
    let [owner_a, owner_b] = app.logins([&w.owner_a, &w.owner_b]).await;
    let r = rate(
        &app,
        &owner_b,
        &w.project_b,
        "kickoff",
        &rating([5, 5, 5, 5], ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let week = this_week(&app);
    let staff = app.login(&w.staff).await;
    let publish = app.url("/api/v1/leaderboard/publish");

    // The running week cannot be published; homeowners and crews may not publish at all.
    let r = post_json(&staff, &publish, &json!({"week": week.to_string()})).await;
    assert_error(r, 409, "conflict").await;
    for c in [&owner_a, &app.login(&w.crew_a).await] {
        let r = post_json(c, &publish, &json!({})).await;
        assert_error(r, 403, "forbidden").await;
    }

    // A week later the week has ended: publish it (twice: idempotent).
    app.clock.advance(Duration::days(7));
    let r = post_json(&staff, &publish, &json!({"week": week.to_string()})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["status"], "published");
    let r = post_json(&staff, &publish, &json!({"week": week.to_string()})).await;
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["rows"], first["rows"]);
    assert_eq!(again["published_at"], first["published_at"]);
    let board_url = app.url(&format!("/api/v1/leaderboard?week={week}"));
    let before = get_ok(&staff, board_url.clone()).await;
    assert_eq!(before["status"], "published");
    let score_b = |b: &Value| {
        b["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["crew_id"] == crew_b.as_str())
            .cloned()
            .unwrap()
    };
    assert_eq!(score_b(&before)["rating_count"], 1);

    // Back in that week (a rating dated in the published week, arriving late) …
    app.clock.advance(-Duration::days(7));
    let r = rate(
        &app,
        &owner_b,
        &w.project_b,
        "waterproofing",
        &rating([1, 1, 1, 1], ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let late: Value = r.json().await.unwrap();
    assert_eq!(late["week"], week.next().to_string());
    // … and an edit of a rating counted in it: the published week does not change.
    let mut edit = rating([1, 1, 1, 1], "");
    edit["base_version"] = json!(0);
    let r = rate(&app, &owner_b, &w.project_b, "kickoff", &edit).await;
    assert_eq!(r.status(), StatusCode::OK);
    let after = get_ok(&staff, board_url.clone()).await;
    assert_eq!(after["rows"], before["rows"]);
    assert_eq!(
        score_b(&after)["total_milli"],
        score_b(&before)["total_milli"]
    );
    let e = get_ok(
        &staff,
        app.url(&format!(
            "/api/v1/leaderboard/crews/{crew_b}/explain?week={week}"
        )),
    )
    .await;
    assert_eq!(e["status"], "published");
    assert_eq!(e["score"]["total_milli"], score_b(&before)["total_milli"]);
    // The late rating counts towards the next week.
    let next = get_ok(
        &staff,
        app.url(&format!("/api/v1/leaderboard?week={}", week.next())),
    )
    .await;
    assert_eq!(next["status"], "live");
    assert_eq!(score_b(&next)["rating_count"], 1);
    // The trend shows the published week from its snapshot.
    app.clock.advance(Duration::days(7));
    let t = get_ok(
        &staff,
        app.url(&format!("/api/v1/leaderboard/crews/{crew_b}/trend?weeks=2")),
    )
    .await;
    let points = t["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[1]["week"], week.to_string());
    assert_eq!(points[1]["status"], "published");
    assert_eq!(points[1]["total_milli"], score_b(&before)["total_milli"]);
}

#[tokio::test]
async fn demo_has_published_weeks_ratings_and_an_open_survey() {
    let app = spawn_app_with(|c| c.demo = true).await;
    let login = |who: &'static str| {
        let app = &app;
        async move {
            let c = app.client();
            let r = c
                .post(app.url("/api/v1/auth/login"))
                .json(&json!({"login": who, "password": "demo1234"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            c
        }
    };
    let staff = login("staff@demo.cn").await;
    let b = get_ok(&staff, app.url("/api/v1/leaderboard")).await;
    assert_eq!(b["status"], "published");
    assert_eq!(b["rows"].as_array().unwrap().len(), 2);
    let crew = b["rows"][0]["crew_id"].as_str().unwrap().to_string();
    let t = get_ok(
        &staff,
        app.url(&format!("/api/v1/leaderboard/crews/{crew}/trend?weeks=6")),
    )
    .await;
    let points = t["points"].as_array().unwrap();
    assert_eq!(points.len(), 6);
    assert!(points.iter().all(|p| p["status"] == "published"));
    let overdue = get_ok(&staff, app.url("/api/v1/surveys/overdue")).await["items"].clone();
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["homeowner_name"], "王*");

    let wang = login("13800000003").await;
    let projects = get_ok(&wang, app.url("/api/v1/projects")).await;
    let handed = projects["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"].as_str().unwrap().contains("滨江花园"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let s = get_ok(&wang, app.project_url(&handed, "surveys")).await;
    assert_eq!(s["due_now"], 1);
    assert_eq!(s["surveys"].as_array().unwrap().len(), 13);
    let r = get_ok(&wang, app.project_url(&handed, "ratings")).await;
    assert!(r["slots"].as_array().unwrap().len() >= 7, "{r}");
    let b = get_ok(&wang, app.url("/api/v1/leaderboard")).await;
    assert!(b.get("rows").is_none());
    assert!(!b["own"].as_array().unwrap().is_empty());
}
