//! Staff register projects with their homeowners; the homeowner is invited by text, signs
//! in with a code and accepts the privacy agreement; edits carry their version; another
//! company sees none of it.

use reqwest::Client;
use serde_json::{json, Value};

use crate::support::{
    assert_error, assert_field, get, get_json, get_ok, id_of, json_ok, latest_code, post_json,
    put_json, spawn_world, strs, TestApp, World,
};
use seed_portal::domain::auth::Role;
use seed_portal::server::store::users::{self, NewUser};

const NEW_PHONE: &str = "13600000009";

/// A new project's body for a homeowner with `phone`, crewed by `crew` (an id or null).
fn new_project(phone: &str, crew: Value) -> Value {
    json!({
        "project": {
            "title": "滨湖花园 2室1厅",
            "city": "苏州市吴中区",
            "compound": "滨湖花园",
            "building": "3幢",
            "room": "502室",
            "layout": "2室1厅",
            "area_m2": 86,
            "contract_fen": 15_800_000,
            "stage": "construction",
            "start_date": "2026-12-10",
            "planned_end_date": "2027-03-20",
            "crew_id": crew,
            "owner_id": null
        },
        "homeowner": {"name": "王芳", "phone": phone}
    })
}

/// The company's choices, as staff get them.
async fn choices(app: &TestApp, staff: &Client) -> Value {
    get_ok(staff, app.url("/api/v1/setup/choices")).await
}

/// The id of the crew called `name` in the choices.
fn crew_named(choices: &Value, name: &str) -> String {
    choices["crews"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["name"] == name))
        .map(id_of)
        .unwrap_or_else(|| panic!("no crew {name} in {choices}"))
}

async fn project_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM projects")
        .fetch_one(&app.state.db.pool)
        .await
        .expect("count")
}

/// Signs a homeowner in with a one-time code from the outbox: the client and its `Me`.
async fn sign_in_with_code(app: &TestApp, phone: &str) -> (Client, Value) {
    let c = app.client();
    let url = app.url("/api/v1/auth/otp/request");
    json_ok(post_json(&c, url, &json!({"phone": phone})).await).await;
    let code = latest_code(app).await.expect("a code in the outbox");
    let url = app.url("/api/v1/auth/otp/verify");
    let me = json_ok(post_json(&c, url, &json!({"phone": phone, "code": code})).await).await;
    (c, me)
}

#[tokio::test]
async fn staff_register_a_project_and_the_invited_homeowner_signs_in_and_sees_it() {
    let (app, w) = spawn_world().await;
    let staff = app.login(&w.staff).await;
    let options = choices(&app, &staff).await;
    assert_eq!(strs(&options["crews"], "name").len(), 2, "{options}");
    assert!(
        strs(&options["owners"], "name").contains(&"赵敏"),
        "{options}"
    );
    let crew = crew_named(&options, "刘师傅班组");

    let r = post_json(
        &staff,
        app.url("/api/v1/setup/projects"),
        &new_project(NEW_PHONE, json!(crew)),
    )
    .await;
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.expect("json");
    let id = id_of(&made);
    assert_eq!(made["version"], 0);
    assert_eq!(made["project"]["compound"], "滨湖花园");
    assert_eq!(made["project"]["crew_id"], crew.as_str());
    assert_eq!(made["homeowner_phone_masked"], "136****0009");
    assert_ne!(made["homeowner_masked"], "王芳", "the name is masked");

    // The invitation went to the homeowner's phone with the project's link.
    let outbox = get_json(&app.client(), app.url("/api/v1/dev/outbox")).await;
    let invitation = outbox
        .as_array()
        .and_then(|m| {
            m.iter()
                .find(|m| m["body"].as_str().is_some_and(|b| b.contains("滨湖花园")))
        })
        .cloned()
        .expect("an invitation in the outbox");
    let body = invitation["body"].as_str().unwrap_or_default();
    assert!(body.contains(&format!("/projects/{id}")), "{body}");

    // The homeowner signs in with a code; the agreement comes first.
    let (owner, me) = sign_in_with_code(&app, NEW_PHONE).await;
    assert_eq!(me["agreement_due"], true, "{me}");
    assert_eq!(me["role"], "homeowner");
    let r = get(&owner, app.url("/api/v1/projects")).await;
    assert_error(r, 403, "agreement_required").await;
    let me = get_ok(&owner, app.url("/api/v1/auth/me")).await;
    assert_eq!(me["agreement_due"], true);
    let url = app.url("/api/v1/auth/agreement");
    assert_field(
        post_json(&owner, &url, &json!({"version": 99})).await,
        "version",
    )
    .await;
    let me = json_ok(post_json(&owner, &url, &json!({"version": 1})).await).await;
    assert_eq!(me["agreement_due"], false);
    let accepted: Option<i64> =
        sqlx::query_scalar("SELECT agreement_at FROM users WHERE phone = $1")
            .bind(NEW_PHONE)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("user");
    assert!(accepted.is_some(), "the acceptance's time is recorded");

    // The new, empty project is theirs; the crew sees it too and may post its diary.
    let list = get_ok(&owner, app.url("/api/v1/projects")).await;
    assert_eq!(strs(&list["items"], "id"), vec![id.as_str()]);
    let p = get_ok(&owner, app.url(&format!("/api/v1/projects/{id}"))).await;
    assert_eq!(p["diary_count"], 0);
    assert_eq!(p["stage"], "construction");
    let crew_member = app.login(&w.crew_a).await;
    let p = get_ok(&crew_member, app.url(&format!("/api/v1/projects/{id}"))).await;
    assert_eq!(p["can_post_diary"], true, "{p}");
    // The other crew does not see it.
    let other_crew = app.login(&w.crew_b).await;
    let r = get(&other_crew, app.url(&format!("/api/v1/projects/{id}"))).await;
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn a_registration_is_refused_field_by_field_and_writes_nothing() {
    let (app, w) = spawn_world().await;
    let [staff, owner, crew] = app.logins([&w.staff, &w.owner_a, &w.crew_a]).await;
    let url = app.url("/api/v1/setup/projects");
    let good = new_project(NEW_PHONE, Value::Null);
    for c in [&owner, &crew] {
        assert_error(post_json(c, &url, &good).await, 403, "forbidden").await;
    }
    let before = project_count(&app).await;
    let with = |path: &[&str], value: Value| {
        let mut body = good.clone();
        let mut at = &mut body;
        for key in &path[..path.len() - 1] {
            at = &mut at[*key];
        }
        at[path[path.len() - 1]] = value;
        body
    };
    let cases = [
        (with(&["project", "title"], json!(" ")), "title", "required"),
        (
            with(&["project", "compound"], json!("小".repeat(41))),
            "compound",
            "too_long",
        ),
        (with(&["project", "room"], json!("")), "room", "required"),
        (
            with(&["project", "area_m2"], json!(0)),
            "area_m2",
            "out_of_range",
        ),
        (
            with(&["project", "planned_end_date"], json!("2026-12-01")),
            "planned_end_date",
            "out_of_range",
        ),
        (
            with(&["project", "crew_id"], json!("no-such-crew")),
            "crew_id",
            "not_allowed",
        ),
        (
            with(&["project", "owner_id"], json!(w.project_a)),
            "owner_id",
            "not_allowed",
        ),
        (
            with(&["homeowner", "phone"], json!("12345")),
            "homeowner_phone",
            "bad_format",
        ),
        (
            with(&["homeowner", "name"], json!("")),
            "homeowner_name",
            "required",
        ),
        // A crew member's number is not a homeowner's.
        (
            with(&["homeowner", "phone"], json!(w.crew_a)),
            "homeowner_phone",
            "duplicate",
        ),
    ];
    for (body, field, reason) in cases {
        let answer = assert_field(post_json(&staff, &url, &body).await, field).await;
        assert_eq!(answer["reason"], reason, "{answer}");
    }
    assert_eq!(
        project_count(&app).await,
        before,
        "a refusal writes nothing"
    );
    let made: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(NEW_PHONE)
        .fetch_optional(&app.state.db.pool)
        .await
        .expect("query");
    assert_eq!(
        made, None,
        "no account is left behind by a refused registration"
    );

    // An existing homeowner of the company gets a second project on the same account.
    let r = post_json(&staff, &url, &new_project(&w.owner_a, Value::Null)).await;
    assert_eq!(r.status(), 201);
    let list = get_ok(&owner, app.url("/api/v1/projects")).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(3), "{list}");
}

#[tokio::test]
async fn an_edit_carries_its_version_and_only_staff_of_the_company_make_it() {
    let (app, w) = spawn_world().await;
    let [staff, owner_b] = app.logins([&w.staff, &w.owner_b]).await;
    let options = choices(&app, &staff).await;
    let crew_b = crew_named(&options, "陈师傅班组");
    let r = post_json(
        &staff,
        app.url("/api/v1/setup/projects"),
        &new_project(NEW_PHONE, Value::Null),
    )
    .await;
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.expect("json");
    let url = app.url(&format!("/api/v1/setup/projects/{}", id_of(&made)));

    let mut edit = made["project"].clone();
    edit["crew_id"] = json!(crew_b);
    edit["stage"] = json!("acceptance");
    edit["version"] = json!(0);
    let saved = json_ok(put_json(&staff, &url, &edit).await).await;
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["project"]["crew_id"], crew_b.as_str());
    assert_eq!(saved["project"]["stage"], "acceptance");
    // The same edit again, from the old copy: refused, nothing changes.
    edit["title"] = json!("改了标题");
    assert_error(put_json(&staff, &url, &edit).await, 409, "stale_revision").await;
    let now = get_ok(&staff, &url).await;
    assert_eq!(now["project"]["title"], "滨湖花园 2室1厅");
    edit.as_object_mut().map(|o| o.remove("version"));
    assert_field(put_json(&staff, &url, &edit).await, "version").await;

    // The homeowner may see the project but not edit it (403); another homeowner gets 404.
    let (owner, _) = sign_in_with_code(&app, NEW_PHONE).await;
    let accept = app.url("/api/v1/auth/agreement");
    json_ok(post_json(&owner, &accept, &json!({"version": 1})).await).await;
    assert_error(get(&owner, &url).await, 403, "forbidden").await;
    assert_error(get(&owner_b, &url).await, 404, "not_found").await;
    assert_error(put_json(&owner_b, &url, &edit).await, 404, "not_found").await;
}

/// A second company with a staff member (signed in) and a crew of its own.
async fn other_company(app: &TestApp) -> (Client, String) {
    let db = &app.state.db;
    let now = app.state.clock.now_ms();
    let company = users::insert_company(db, "别家装饰", "Asia/Shanghai", now)
        .await
        .expect("company");
    let crew = users::insert_crew(db, &company, "别家班组", now)
        .await
        .expect("crew");
    let hash = seed_portal::server::password::hash(crate::support::PASSWORD).expect("hash");
    users::insert(
        db,
        NewUser {
            company_id: &company,
            role: Role::Staff,
            name: "钱多",
            phone: Some("13500000001"),
            email: Some("staff@other.cn"),
            password_hash: Some(&hash),
            crew_id: None,
        },
        now,
    )
    .await
    .expect("staff");
    (app.login("staff@other.cn").await, crew)
}

#[tokio::test]
async fn another_company_sees_and_changes_none_of_it() {
    let (app, w): (TestApp, World) = spawn_world().await;
    let staff = app.login(&w.staff).await;
    let (stranger, their_crew) = other_company(&app).await;
    let options = choices(&app, &stranger).await;
    assert_eq!(strs(&options["crews"], "name"), vec!["别家班组"]);
    assert_eq!(strs(&options["owners"], "name"), vec!["钱多"]);

    let url = app.url(&format!("/api/v1/setup/projects/{}", w.project_a));
    assert_error(get(&stranger, &url).await, 404, "not_found").await;
    let mine = get_ok(&staff, &url).await;
    // A project made before addresses had parts shows its whole address as the city.
    assert_eq!(
        mine["project"]["city"],
        "上海市浦东新区锦绣花园12号楼3单元1502室"
    );
    assert_eq!(mine["project"]["compound"], "");
    let mut edit = mine["project"].clone();
    edit["version"] = mine["version"].clone();
    edit["city"] = json!("上海市浦东新区");
    edit["compound"] = json!("锦绣花园");
    edit["room"] = json!("1502室");
    assert_error(put_json(&stranger, &url, &edit).await, 404, "not_found").await;
    // Our project may not be given their crew, nor may they register our homeowner.
    edit["crew_id"] = json!(their_crew);
    assert_field(put_json(&staff, &url, &edit).await, "crew_id").await;
    let r = post_json(
        &stranger,
        app.url("/api/v1/setup/projects"),
        &new_project(&w.owner_a, Value::Null),
    )
    .await;
    let answer = assert_field(r, "homeowner_phone").await;
    assert_eq!(answer["reason"], "duplicate");
}
