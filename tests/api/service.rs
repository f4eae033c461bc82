//! The service desk: coverage, the claim state machine, sticky breaches on the server's clock,
//! the last callback place under concurrency, complaints and levels, conversations with read
//! state, metrics, and who may see what.

use chrono::Duration;
use reqwest::Client;
use serde_json::{json, Value};

use crate::support::id_of;
use crate::support::spawn_world;
use crate::support::strs;
use crate::support::{act, complain, file, file_claim};
use crate::support::{assert_error, assert_field, post_json, spawn_app, TestApp};
use crate::support::{claim_body, handed_over, set_handover, today};
use crate::support::{get, post};
use crate::support::{get_ok, json_of};

/// The first page of the staff's queue (its items).
async fn queue_items(app: &TestApp, staff: &Client) -> Value {
    get_ok(staff, app.url("/api/v1/queue")).await["items"].clone()
}

#[tokio::test]
async fn coverage_is_checked_before_and_when_filing() {
    let app = spawn_app().await;
    let (w, owner, _staff) = handed_over(&app).await;
    let cov = get_ok(
        &owner,
        app.project_url(&w.project_done, "warranty/coverage?category=plumbing"),
    )
    .await;
    assert_eq!(cov["coverage"], "covered");
    let claim = file_claim(&app, &owner, &w.project_done, "routine").await;
    assert_eq!(claim["status"], "received");
    assert_eq!(claim["kind"], "claim");

    // Five years and a day after handover: not covered, and filing is refused with the reason.
    set_handover(
        &app,
        &w.project_done,
        today(&app) - Duration::days(5 * 366 + 1),
    )
    .await;
    let cov = get_ok(
        &owner,
        app.project_url(&w.project_done, "warranty/coverage?category=plumbing"),
    )
    .await;
    assert_eq!(cov["coverage"], "expired");
    let r = post_json(
        &owner,
        app.project_url(&w.project_done, "claims"),
        &claim_body(&app, "routine"),
    )
    .await;
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(body["field"], "category");
    // Before handover there is no warranty yet.
    let r = post_json(
        &owner,
        app.project_url(&w.project_a, "claims"),
        &claim_body(&app, "routine"),
    )
    .await;
    assert_field(r, "category").await;

    // Visit times must lie ahead; the description must say something.
    set_handover(&app, &w.project_done, today(&app) - Duration::days(30)).await;
    let mut past = claim_body(&app, "routine");
    let start = app.state.clock.now() - Duration::hours(2);
    past["visit_windows"] =
        json!([{"start": start.to_rfc3339(), "end": (start + Duration::hours(1)).to_rfc3339()}]);
    let r = post_json(&owner, app.project_url(&w.project_done, "claims"), &past).await;
    assert_field(r, "visit_windows").await;
    let mut short = claim_body(&app, "routine");
    short["description"] = json!("漏水");
    let r = post_json(&owner, app.project_url(&w.project_done, "claims"), &short).await;
    assert_field(r, "description").await;

    // Only the project's homeowner files; others see nothing.
    let crew = app.login(&w.crew_a).await;
    let r = post_json(
        &crew,
        app.project_url(&w.project_done, "claims"),
        &claim_body(&app, "routine"),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
    let other = app.login(&w.owner_b).await;
    let r = post_json(
        &other,
        app.project_url(&w.project_done, "claims"),
        &claim_body(&app, "routine"),
    )
    .await;
    assert_error(r, 404, "not_found").await;
    let id = claim["id"].as_str().expect("id");
    for c in [&other, &crew] {
        let r = get(c, app.url(&format!("/api/v1/items/{id}"))).await;
        assert_error(r, 404, "not_found").await;
    }
}

#[tokio::test]
async fn a_claim_goes_through_its_states_and_illegal_moves_answer_409() {
    let app = spawn_app().await;
    let (w, owner, staff) = handed_over(&app).await;
    let claim = file_claim(&app, &owner, &w.project_done, "urgent").await;
    let id = id_of(&claim);
    // Urgent: first response in 15 minutes and staff on site in 30.
    let whats = strs(&claim["deadlines"], "what");
    assert_eq!(whats, ["first_response", "on_site"]);

    assert_error(
        act(&app, &owner, &id, json!({"action": "acknowledge"})).await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        act(&app, &staff, &id, json!({"action": "arrive_on_site"})).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        act(&app, &staff, &id, json!({"action": "acknowledge"}))
            .await
            .status(),
        200
    );
    let past = (app.state.clock.now() - Duration::hours(1)).to_rfc3339();
    let r = act(&app, &staff, &id, json!({"action": "schedule", "at": past})).await;
    assert_field(r, "at").await;
    let at = (app.state.clock.now() + Duration::hours(3)).to_rfc3339();
    assert_eq!(
        act(&app, &staff, &id, json!({"action": "schedule", "at": at}))
            .await
            .status(),
        200
    );
    assert_eq!(
        act(&app, &staff, &id, json!({"action": "arrive_on_site"}))
            .await
            .status(),
        200
    );
    let r = act(&app, &staff, &id, json!({"action": "resolve", "note": " "})).await;
    assert_field(r, "note").await;
    assert_eq!(
        act(
            &app,
            &staff,
            &id,
            json!({"action": "resolve", "note": "更换地漏并重做防水，闭水48小时无渗漏"})
        )
        .await
        .status(),
        200
    );
    // The homeowner may reopen with a reason, then confirms the second fix.
    assert_eq!(
        act(
            &app,
            &owner,
            &id,
            json!({"action": "reopen", "reason": "又渗水了"})
        )
        .await
        .status(),
        200
    );
    assert_error(
        act(&app, &owner, &id, json!({"action": "confirm"})).await,
        409,
        "conflict",
    )
    .await;
    for a in [
        json!({"action": "acknowledge"}),
        json!({"action": "schedule", "at": at}),
        json!({"action": "arrive_on_site"}),
        json!({"action": "resolve", "note": "二次维修"}),
    ] {
        assert_eq!(act(&app, &staff, &id, a).await.status(), 200);
    }
    let r = act(&app, &owner, &id, json!({"action": "confirm"})).await;
    assert_eq!(r.status(), 200);
    let d = json_of(r).await;
    assert_eq!(d["item"]["status"], "confirmed");
    assert!(d["item"]["actions"].as_array().is_some_and(Vec::is_empty));
    assert_error(
        act(&app, &owner, &id, json!({"action": "confirm"})).await,
        409,
        "conflict",
    )
    .await;

    // Every change is on the trail, typed: who, which action, from what, to what.
    let trail = d["audit"].as_array().expect("audit");
    assert_eq!(trail.len(), 11);
    assert_eq!(trail[0]["change"]["change"], "filed");
    assert_eq!(trail[1]["change"]["change"], "status");
    assert_eq!(trail[1]["change"]["action"], "acknowledge");
    assert_eq!(trail[1]["change"]["from"], "received");
    assert_eq!(trail[1]["change"]["to"], "acknowledged");
    assert_eq!(trail[1]["actor"], "赵敏");
    // A booked visit is a time, not a status string.
    let scheduled = trail
        .iter()
        .find(|e| e["change"]["change"] == "scheduled")
        .expect("the schedule on the trail");
    assert!(scheduled["change"]["at"].is_string());
    // Closed items leave the queue.
    let q = queue_items(&app, &staff).await;
    assert!(q
        .as_array()
        .expect("queue")
        .iter()
        .all(|i| i["id"] != id.as_str()));
}

#[tokio::test]
async fn clocks_turn_amber_then_red_and_a_breach_stays_on_the_record() {
    let app = spawn_app().await;
    let (w, owner, staff) = handed_over(&app).await;
    let claim = file_claim(&app, &owner, &w.project_done, "routine").await;
    let id = id_of(&claim);
    let state = |q: &Value| -> (String, bool) {
        let item = q
            .as_array()
            .and_then(|a| a.iter().find(|i| i["id"] == id.as_str()))
            .expect("in queue");
        (
            item["clock"]["state"].as_str().unwrap_or("").to_string(),
            item["breached"].as_bool().unwrap_or(false),
        )
    };
    assert_eq!(
        state(&queue_items(&app, &staff).await),
        ("running".into(), false)
    );
    // 12 of 15 minutes gone: 20% left, amber.
    app.clock.advance(Duration::minutes(12));
    assert_eq!(
        state(&queue_items(&app, &staff).await),
        ("amber".into(), false)
    );
    // A second before the deadline it is still not breached (the exact boundary is unit-tested
    // in the shared rules; this clock also moves with real time); a second after, it is.
    app.clock
        .advance(Duration::minutes(3) - Duration::seconds(1));
    assert_eq!(
        state(&queue_items(&app, &staff).await),
        ("amber".into(), false)
    );
    app.clock.advance(Duration::seconds(2));
    assert_eq!(
        state(&queue_items(&app, &staff).await),
        ("breached".into(), true)
    );
    // Reading the queue wrote nothing; the housekeeping sweep puts the breach on the record.
    let recorded = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM item_breaches WHERE item_id = $1")
            .bind(&id)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("count")
    };
    assert_eq!(recorded().await, 0);
    let swept = seed_portal::server::breaches::sweep(&app.state)
        .await
        .expect("sweep");
    assert!(swept >= 1);
    assert_eq!(recorded().await, 1);
    // Answering late does not clear the record.
    let d = json_of(act(&app, &staff, &id, json!({"action": "acknowledge"})).await).await;
    assert_eq!(d["item"]["deadlines"][0]["clock"]["state"], "met_late");
    assert_eq!(d["item"]["breached"], true);
    assert_eq!(recorded().await, 1);
}

#[tokio::test]
async fn the_last_place_in_a_slot_goes_to_exactly_one_of_two() {
    let (app, w) = spawn_world().await;
    let [staff, owner_a, owner_b] = app.logins([&w.staff, &w.owner_a, &w.owner_b]).await;
    let starts = app.state.clock.now() + Duration::days(1);
    let r = post_json(
        &staff,
        app.url("/api/v1/callback-slots"),
        &json!({"starts_at": starts.to_rfc3339(), "minutes": 30, "capacity": 1}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let slot = id_of(&json_of(r).await);
    let r = post_json(
        &owner_a,
        app.url("/api/v1/callback-slots"),
        &json!({"starts_at": starts.to_rfc3339(), "minutes": 30, "capacity": 1}),
    )
    .await;
    assert_error(r, 403, "forbidden").await;

    let book = |c: &Client, project: &str| {
        let c = c.clone();
        let url = app.project_url(project, "callbacks");
        let body = json!({"topic": "progress", "slot_id": slot});
        async move { c.post(url).json(&body).send().await.expect("book") }
    };
    let (a, b) = tokio::join!(book(&owner_a, &w.project_a), book(&owner_b, &w.project_b));
    let mut codes = [a.status().as_u16(), b.status().as_u16()];
    codes.sort();
    assert_eq!(codes, [201, 409]);

    let booked: i64 = sqlx::query_scalar("SELECT booked FROM callback_slots WHERE id = $1")
        .bind(&slot)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("slot");
    assert_eq!(booked, 1);
    // A full slot is not offered to homeowners.
    let offered = get_ok(&owner_a, app.url("/api/v1/callback-slots")).await;
    assert!(offered.as_array().expect("slots").is_empty());

    // The winner cancels: the place is free again and the other can take it.
    // The loser is told the slot filled up (not a generic conflict).
    let (winner, winner_client, loser, loser_client) = if a.status() == 201 {
        assert_error(b, 409, "slot_full").await;
        (json_of(a).await, &owner_a, &w.project_b, &owner_b)
    } else {
        assert_error(a, 409, "slot_full").await;
        (json_of(b).await, &owner_b, &w.project_a, &owner_a)
    };
    let id = winner["id"].as_str().expect("id");
    assert_eq!(
        winner["slot_starts_at"].as_str().map(|s| !s.is_empty()),
        Some(true)
    );
    assert_eq!(
        act(&app, winner_client, id, json!({"action": "cancel"}))
            .await
            .status(),
        200
    );
    let body = json!({"topic": "quote", "slot_id": slot});
    file(&app, loser_client, loser, "callbacks", &body).await;
    // "As soon as possible" needs no slot and owes a 15-minute first response.
    let winner = if loser == &w.project_a {
        &w.project_b
    } else {
        &w.project_a
    };
    let body = json!({"topic": "warranty"});
    let asap = file(&app, winner_client, winner, "callbacks", &body).await;
    assert!(asap["slot_starts_at"].is_null());
    assert_eq!(asap["deadlines"][0]["what"], "first_response");
}

#[tokio::test]
async fn complaints_are_classified_and_major_ones_get_a_team_clock() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let c = complain(
        &app,
        &owner,
        &w.project_a,
        "工人在楼道抽烟，垃圾堆在电梯口三天没清",
    )
    .await;
    let id = id_of(&c);
    let whats = |v: &Value| -> Vec<String> {
        v["deadlines"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|d| d["what"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(whats(&c), ["complaint_answer", "complaint_close"]);
    assert_error(
        act(&app, &owner, &id, json!({"action": "classify", "level": 5})).await,
        403,
        "forbidden",
    )
    .await;
    assert_error(
        act(&app, &staff, &id, json!({"action": "classify", "level": 9})).await,
        422,
        "validation",
    )
    .await;
    let d = json_of(act(&app, &staff, &id, json!({"action": "classify", "level": 5})).await).await;
    assert_eq!(
        whats(&d["item"]),
        [
            "major_complaint_team",
            "complaint_answer",
            "complaint_close"
        ]
    );
    assert_eq!(d["item"]["level"], 5);
    let staff_list = get_ok(&staff, app.url("/api/v1/staff")).await;
    let me = staff_list
        .as_array()
        .and_then(|l| l.iter().find(|s| s["name"] == "赵敏"))
        .expect("staff")["id"]
        .clone();
    let d = json_of(
        act(
            &app,
            &staff,
            &id,
            json!({"action": "assign", "user_id": me}),
        )
        .await,
    )
    .await;
    assert_eq!(d["item"]["assigned_to"], "赵敏");
    assert_eq!(d["item"]["deadlines"][0]["clock"]["state"], "met");
    let r = act(
        &app,
        &staff,
        &id,
        json!({"action": "assign", "user_id": "nobody"}),
    )
    .await;
    assert_field(r, "user_id").await;
}

#[tokio::test]
async fn conversations_have_read_state_and_a_staff_reply_is_the_first_response() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let c = complain(
        &app,
        &owner,
        &w.project_a,
        "开关插座装歪了，师傅说不影响使用",
    )
    .await;
    let id = id_of(&c);
    let r = post_json(
        &owner,
        app.url(&format!("/api/v1/items/{id}/messages")),
        &json!({"body": "  "}),
    )
    .await;
    assert_field(r, "body").await;
    let r = post_json(
        &owner,
        app.url(&format!("/api/v1/items/{id}/messages")),
        &json!({"body": "照片在附件里，请尽快处理"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let unread = |q: &Value| {
        q.as_array()
            .and_then(|a| a.iter().find(|i| i["id"] == id.as_str()))
            .map(|i| i["unread"].clone())
    };
    assert_eq!(unread(&queue_items(&app, &staff).await), Some(json!(1)));
    let r = post(&staff, app.url(&format!("/api/v1/items/{id}/read"))).await;
    assert_eq!(r.status(), 204);
    assert_eq!(unread(&queue_items(&app, &staff).await), Some(json!(0)));
    app.clock.advance(Duration::minutes(5));
    let d = json_of(
        post_json(
            &staff,
            app.url(&format!("/api/v1/items/{id}/messages")),
            &json!({"body": "您好，明天上午安排师傅上门调整"}),
        )
        .await,
    )
    .await;
    assert_eq!(d["item"]["deadlines"][0]["clock"]["state"], "met");
    let msgs = d["messages"].as_array().expect("messages");
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[1]["from_staff"], true);
    assert_eq!(msgs[0]["author"], "张*", "homeowners are masked to staff");
    let mine = get_ok(&owner, app.project_url(&w.project_a, "items")).await;
    assert_eq!(mine[0]["unread"], 1);
}

#[tokio::test]
async fn metrics_report_response_times_breaches_and_backlog() {
    let app = spawn_app().await;
    let (w, owner, staff) = handed_over(&app).await;
    let day = today(&app);
    let a = file_claim(&app, &owner, &w.project_done, "routine").await;
    let b = file_claim(&app, &owner, &w.project_done, "routine").await;
    app.clock.advance(Duration::minutes(10));
    act(
        &app,
        &staff,
        a["id"].as_str().expect("id"),
        json!({"action": "acknowledge"}),
    )
    .await;
    app.clock.advance(Duration::minutes(10));
    act(
        &app,
        &staff,
        b["id"].as_str().expect("id"),
        json!({"action": "acknowledge"}),
    )
    .await;
    let m = get_ok(
        &staff,
        app.url(&format!(
            "/api/v1/metrics?from={}&to={}",
            day - Duration::days(2),
            day
        )),
    )
    .await;
    assert_eq!(m["created"], 2);
    assert_eq!(m["avg_first_response_secs"], 15 * 60);
    assert_eq!(m["within_target_bp"], 5000);
    let claims = m["breaches_by_kind"]
        .as_array()
        .and_then(|k| k.iter().find(|c| c["kind"] == "claim"))
        .expect("claims");
    assert_eq!(claims["count"], 1);
    let backlog: Vec<i64> = m["backlog"]
        .as_array()
        .expect("backlog")
        .iter()
        .filter_map(|p| p["open"].as_i64())
        .collect();
    assert_eq!(backlog, [0, 0, 2]);
    let r = get(
        &staff,
        app.url(&format!(
            "/api/v1/metrics?from={day}&to={}",
            day - Duration::days(1)
        )),
    )
    .await;
    assert_error(r, 422, "validation").await;
    let r = get(
        &owner,
        app.url(&format!("/api/v1/metrics?from={day}&to={day}")),
    )
    .await;
    assert_error(r, 403, "forbidden").await;
    let r = get(&owner, app.url("/api/v1/queue")).await;
    assert_error(r, 403, "forbidden").await;
}

#[tokio::test]
async fn a_callback_moves_to_a_slot_with_room_and_gives_its_old_place_back() {
    let app = spawn_app().await;
    let (w, staff, owner) = app.staff_and_owner().await;
    let other = app.login(&w.owner_b).await;
    let mut slots = Vec::new();
    for (hours, capacity) in [(24, 1), (26, 1), (28, 1)] {
        let starts = app.state.clock.now() + Duration::hours(hours);
        let r = post_json(
            &staff,
            app.url("/api/v1/callback-slots"),
            &json!({"starts_at": starts.to_rfc3339(), "minutes": 30, "capacity": capacity}),
        )
        .await;
        slots.push(id_of(&json_of(r).await));
    }
    let r = post_json(
        &owner,
        app.project_url(&w.project_a, "callbacks"),
        &json!({"topic": "progress", "slot_id": slots[0]}),
    )
    .await;
    let id = id_of(&json_of(r).await);
    // The other homeowner fills the second slot.
    let r = post_json(
        &other,
        app.project_url(&w.project_b, "callbacks"),
        &json!({"topic": "quote", "slot_id": slots[1]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let move_to = |slot: &str| {
        let c = owner.clone();
        let url = app.url(&format!("/api/v1/items/{id}/slot"));
        let body = json!({"slot_id": slot});
        async move { c.put(url).json(&body).send().await.expect("move") }
    };
    assert_error(move_to(&slots[1]).await, 409, "slot_full").await;
    let r = move_to(&slots[2]).await;
    assert_eq!(r.status(), 200);
    let d = json_of(r).await;
    assert_eq!(d["audit"].as_array().map(|a| a.len()), Some(2));
    // The move is on the trail with the new time (not the slot's id).
    assert_eq!(d["audit"][1]["change"]["change"], "moved");
    assert_eq!(d["audit"][1]["change"]["to"], d["item"]["slot_starts_at"]);
    // The homeowner may cancel or move a booked callback: the API says so.
    assert_eq!(d["item"]["actions"], json!(["cancel", "move"]));
    let booked: Vec<i64> = {
        let mut v = Vec::new();
        for s in &slots {
            v.push(
                sqlx::query_scalar("SELECT booked FROM callback_slots WHERE id = $1")
                    .bind(s)
                    .fetch_one(&app.state.db.pool)
                    .await
                    .expect("slot"),
            );
        }
        v
    };
    assert_eq!(booked, [0, 1, 1]);
    // Someone else cannot move it.
    let r = other
        .put(app.url(&format!("/api/v1/items/{id}/slot")))
        .json(&json!({"slot_id": slots[0]}))
        .send()
        .await
        .expect("move");
    assert_error(r, 404, "not_found").await;
}
