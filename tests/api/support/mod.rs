//! Black-box test harness: starts the real server on a random port with a fresh database
//! (SQLite by default; PostgreSQL when `TEST_DATABASE_URL=postgres://…` is set) and a
//! fresh photo directory (or, with `TEST_S3_ENDPOINT=http://…`, a fresh folder in the S3
//! server's bucket: see [`s3`]), and talks HTTP to it.

pub mod exif;
pub mod s3;
mod service;

pub use service::{act, claim_body, complain, file, file_claim, first_survey};
pub use service::{hand_over, handed_over, set_handover, today};

use std::sync::{Arc, OnceLock};

use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

use seed_portal::domain::auth::Role;
use seed_portal::domain::projects::Stage;
use seed_portal::server::clock::ShiftedClock;
use seed_portal::server::config::{Config, PhotoStore};
use seed_portal::server::state::AppState;
use seed_portal::server::store::projects::NewProject;
use seed_portal::server::store::users::NewUser;
use seed_portal::server::store::{projects, users};
use seed_portal::server::Application;

pub const PASSWORD: &str = "test-pass-123";

/// A running server and what a test needs to poke it.
pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub clock: ShiftedClock,
    pub photo_dir: std::path::PathBuf,
    /// Stops the server (dropped with the app: the server then shuts down too).
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _dir: tempfile::TempDir,
}

/// People and projects every test can rely on.
pub struct World {
    pub owner_a: String,
    pub owner_b: String,
    pub crew_a: String,
    pub crew_b: String,
    pub staff: String,
    pub admin: String,
    pub project_a: String,
    pub project_b: String,
    pub project_done: String,
}

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| seed_portal::server::password::hash(PASSWORD).expect("hash"))
}

/// A fresh database URL for one test.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("test_{}", uuid::Uuid::new_v4().simple());
            seed_portal::server::store::create_postgres_database(&base, &name)
                .await
                .expect("create test database")
        }
        _ => format!("sqlite://{}/portal.db", dir.display()),
    }
}

/// Starts a server with its own database, photo folder and movable clock.
/// A fresh app and its demo world (the usual start of a test).
pub async fn spawn_world() -> (TestApp, World) {
    let app = spawn_app().await;
    let w = app.world().await;
    (app, w)
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// As [`spawn_app`], letting the test adjust the configuration first.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let photo_dir = dir.path().join("photos");
    let mut config = Config {
        bind: "127.0.0.1:0".parse().expect("addr"),
        database_url: fresh_database(dir.path()).await,
        photo_dir: photo_dir.clone(),
        spa_dir: dir.path().join("no-spa"),
        demo_outbox: true,
        // Tests move the clock by days; the idle limit has its own test.
        session_idle_minutes: 365 * 24 * 60,
        // Tests sign in as the admin with a password alone; the second factor's enforcement
        // has its own tests (`totp.rs`), which turn this back on.
        admin_totp_required: false,
        ..Config::default()
    };
    if let Some(store) = s3::fresh_store() {
        config.photo_store = store;
    }
    tweak(&mut config);
    let clock = ShiftedClock::default();
    let (state, server) = start(config, &clock).await;
    let mut app = TestApp {
        base: String::new(),
        state,
        clock,
        photo_dir,
        stop: None,
        server: None,
        _dir: dir,
    };
    app.serve(server);
    app
}

/// Builds a server (migrating its database) without serving yet.
async fn start(config: Config, clock: &ShiftedClock) -> (AppState, Application) {
    let app = Application::build_with_clock(config, Arc::new(clock.clone()))
        .await
        .expect("server builds");
    (app.state.clone(), app)
}

impl TestApp {
    /// Stops the server as SIGTERM would: no new connections, requests in flight finish
    /// within the shutdown grace; returns once it has stopped.
    pub async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("server task").expect("server stopped");
        }
    }

    /// Asks the server to stop and returns at once (the test watches what happens).
    pub fn signal_stop(&mut self) -> Option<tokio::task::JoinHandle<std::io::Result<()>>> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.server.take()
    }

    /// (Re)starts the server on the same configuration (database, photo folder), on a new
    /// port; stops the running one first.
    pub async fn restart(&mut self) {
        self.shut_down().await;
        let mut config = (*self.state.config).clone();
        config.bind = "127.0.0.1:0".parse().expect("addr");
        let (state, app) = start(config, &self.clock).await;
        self.state = state;
        self.serve(app);
    }

    /// Serves a built server until [`TestApp::shut_down`] (or until the app is dropped).
    fn serve(&mut self, app: Application) {
        self.base = format!("http://{}", app.local_addr());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        self.stop = Some(tx);
        self.server = Some(tokio::spawn(app.run_until(async move {
            let _ = rx.await;
        })));
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// The URL of `project`'s resource `tail` (`diary`, `quotes`, `ratings/kickoff`, …).
    pub fn project_url(&self, project: &str, tail: &str) -> String {
        self.url(&format!("/api/v1/projects/{project}/{tail}"))
    }

    /// A client with its own cookie jar (one browser).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .build()
            .expect("client")
    }

    /// Signs in with a login and the test password; panics unless it works.
    pub async fn login(&self, login: &str) -> Client {
        let c = self.client();
        let r = c
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"login": login, "password": PASSWORD}))
            .send()
            .await
            .expect("login request");
        assert_eq!(r.status(), StatusCode::OK, "login of {login} failed");
        c
    }

    /// Signs each login in with a client of its own, in order.
    pub async fn logins<const N: usize>(&self, logins: [&str; N]) -> [Client; N] {
        let mut clients = Vec::with_capacity(N);
        for login in logins {
            clients.push(self.login(login).await);
        }
        clients
            .try_into()
            .unwrap_or_else(|_| unreachable!("one client per login"))
    }

    /// The test company ([`TestApp::world`]) with its staff member and the first homeowner
    /// signed in: (world, staff, owner).
    pub async fn staff_and_owner(&self) -> (World, Client, Client) {
        let w = self.world().await;
        let staff = self.login(&w.staff).await;
        let owner = self.login(&w.owner_a).await;
        (w, staff, owner)
    }

    /// Creates the test company: two homeowners with a project each (both with crew A…B),
    /// two crews, a staff member and a finished project.
    pub async fn world(&self) -> World {
        let db = &self.state.db;
        let now = self.state.clock.now_ms();
        let company = users::insert_company(db, "测试装饰", "Asia/Shanghai", now)
            .await
            .expect("company");
        let crew_a_id = users::insert_crew(db, &company, "刘师傅班组", now)
            .await
            .expect("crew");
        let crew_b_id = users::insert_crew(db, &company, "陈师傅班组", now)
            .await
            .expect("crew");
        let user = |role: Role,
                    name: &'static str,
                    phone: &'static str,
                    email: Option<&'static str>,
                    crew: Option<String>| {
            let company = company.clone();
            async move {
                users::insert(
                    db,
                    NewUser {
                        company_id: &company,
                        role,
                        name,
                        phone: Some(phone),
                        email,
                        password_hash: Some(password_hash()),
                        crew_id: crew.as_deref(),
                    },
                    now,
                )
                .await
                .expect("user")
            }
        };
        let owner_a = user(Role::Homeowner, "张伟", "13800000001", None, None).await;
        let owner_b = user(Role::Homeowner, "李娜", "13800000002", None, None).await;
        user(
            Role::Crew,
            "刘强",
            "13900000001",
            None,
            Some(crew_a_id.clone()),
        )
        .await;
        user(
            Role::Crew,
            "陈刚",
            "13900000002",
            None,
            Some(crew_b_id.clone()),
        )
        .await;
        user(
            Role::Staff,
            "赵敏",
            "13700000001",
            Some("staff@test.cn"),
            None,
        )
        .await;
        user(
            Role::Admin,
            "周经理",
            "13700000002",
            Some("admin@test.cn"),
            None,
        )
        .await;
        let project = |title: &'static str, owner: String, crew: String, stage: Stage| {
            let company = company.clone();
            async move {
                projects::insert(
                    db,
                    NewProject {
                        company_id: &company,
                        title,
                        address: "上海市浦东新区锦绣花园12号楼3单元1502室",
                        stage,
                        homeowner_id: &owner,
                        crew_id: Some(&crew),
                        start_date: None,
                        planned_end_date: None,
                    },
                    now,
                )
                .await
                .expect("project")
            }
        };
        let project_a = project(
            "A 项目",
            owner_a.clone(),
            crew_a_id.clone(),
            Stage::Construction,
        )
        .await;
        let project_b = project(
            "B 项目",
            owner_b.clone(),
            crew_b_id.clone(),
            Stage::Construction,
        )
        .await;
        let project_done = project("完工项目", owner_a, crew_a_id, Stage::Warranty).await;
        World {
            owner_a: "13800000001".into(),
            owner_b: "13800000002".into(),
            crew_a: "13900000001".into(),
            crew_b: "13900000002".into(),
            staff: "staff@test.cn".into(),
            admin: "admin@test.cn".into(),
            project_a,
            project_b,
            project_done,
        }
    }

    /// Adds `n` homeowners to the company of `colleague` (a phone of the test world), with the
    /// test password, and answers their phone numbers (137 5xxx xxxx).
    pub async fn add_homeowners(&self, colleague: &str, n: usize) -> Vec<String> {
        let db = &self.state.db;
        let company = users::by_phone(db, colleague)
            .await
            .expect("user")
            .expect("a user of the test world")
            .company_id;
        let now = self.state.clock.now_ms();
        let mut phones = Vec::with_capacity(n);
        for i in 0..n {
            let phone = format!("1375{i:07}");
            let name = format!("业主{i}");
            users::insert(
                db,
                NewUser {
                    company_id: &company,
                    role: Role::Homeowner,
                    name: &name,
                    phone: Some(&phone),
                    email: None,
                    password_hash: Some(password_hash()),
                    crew_id: None,
                },
                now,
            )
            .await
            .expect("homeowner");
            phones.push(phone);
        }
        phones
    }

    /// Files in the photo storage: in the photo folder, or the objects under this app's
    /// folder of the bucket, listed by the S3 server.
    pub async fn stored_files(&self) -> usize {
        match &self.state.config.photo_store {
            PhotoStore::Local => {
                seed_portal::server::storage::LocalDirStorage::file_count(&self.photo_dir)
            }
            PhotoStore::S3(settings) => s3::Bucket::new(settings).count().await,
        }
    }

    /// Photo rows in the database.
    pub async fn photo_rows(&self) -> i64 {
        seed_portal::server::store::photos::count(&self.state.db)
            .await
            .expect("count")
    }
}

/// Uploads bytes as the `file` field of a multipart form.
pub async fn upload(c: &Client, url: &str, bytes: Vec<u8>, name: &str) -> Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    let form = reqwest::multipart::Form::new().part("file", part);
    c.post(url)
        .multipart(form)
        .send()
        .await
        .expect("upload request")
}

/// Uploads a JPEG of `width` × `height` as a photo of `project` (named `name`).
pub async fn upload_jpeg(
    app: &TestApp,
    c: &Client,
    project: &str,
    (width, height): (u32, u32),
    name: &str,
) -> Response {
    let url = app.url(&format!("/api/v1/projects/{project}/photos"));
    upload(c, &url, exif::jpeg(width, height), name).await
}

/// Asserts an error answer: status, JSON `{code, message}`, and returns the body.
pub async fn assert_error(r: Response, status: u16, code: &str) -> Value {
    assert_eq!(r.status().as_u16(), status, "unexpected status");
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        ct.starts_with("application/json"),
        "error is not JSON: {ct}"
    );
    let body: Value = r.json().await.expect("json body");
    assert_eq!(body["code"], code, "body: {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message missing: {body}"
    );
    body
}

/// A minimal diary entry body.
pub fn entry_body(work: &str, photo_ids: &[String]) -> Value {
    serde_json::json!({
        "weather": "sunny",
        "work_done": work,
        "trades": [{"trade": "plumber_electrician", "headcount": 2}],
        "materials": "PPR水管一批",
        "problems": "",
        "photo_ids": photo_ids,
    })
}

/// GETs a URL and returns the answer, whatever its status.
pub async fn get(c: &Client, url: impl reqwest::IntoUrl) -> Response {
    c.get(url).send().await.expect("request")
}

/// POSTs without a body and returns the answer.
pub async fn post(c: &Client, url: impl reqwest::IntoUrl) -> Response {
    c.post(url).send().await.expect("request")
}

/// DELETEs a URL and returns the answer.
pub async fn delete(c: &Client, url: impl reqwest::IntoUrl) -> Response {
    c.delete(url).send().await.expect("request")
}

/// POSTs a JSON body and returns the answer.
pub async fn post_json(c: &Client, url: impl reqwest::IntoUrl, body: &Value) -> Response {
    c.post(url).json(body).send().await.expect("request")
}

/// PUTs a JSON body and returns the answer.
pub async fn put_json(c: &Client, url: impl reqwest::IntoUrl, body: &Value) -> Response {
    c.put(url).json(body).send().await.expect("request")
}

/// The newest one-time code in the demo outbox (a six-digit group in the message).
pub async fn latest_code(app: &TestApp) -> Option<String> {
    // Sign-in codes are sent just after the answer; give the sender a moment.
    for _ in 0..20 {
        if let Some(code) = newest_code(app).await {
            return Some(code);
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    None
}

async fn newest_code(app: &TestApp) -> Option<String> {
    let msgs: Value = app
        .client()
        .get(app.url("/api/v1/dev/outbox"))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let body = msgs.as_array()?.first()?["body"].as_str()?.to_string();
    body.split(|c: char| !c.is_ascii_digit())
        .find(|s| s.len() == 6)
        .map(str::to_string)
}

/// The string `key` of each object in a JSON list (skipping those without one).
pub fn strs<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v[key].as_str())
        .collect()
}

/// The `id` of a JSON object (a created item, photo, quote, …).
pub fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

/// The JSON body of an answer, whatever its status.
pub async fn json_of(r: Response) -> Value {
    r.json().await.expect("json")
}

/// GETs a URL and returns the JSON body, whatever the status.
pub async fn get_json(c: &Client, url: impl reqwest::IntoUrl) -> Value {
    json_of(get(c, url).await).await
}

/// The JSON body of an answer that must be 200.
pub async fn json_ok(r: Response) -> Value {
    assert_eq!(r.status(), StatusCode::OK, "expected 200 from {}", r.url());
    json_of(r).await
}

/// GETs a URL that must answer 200 and returns the JSON body.
pub async fn get_ok(c: &Client, url: impl reqwest::IntoUrl) -> Value {
    json_ok(get(c, url).await).await
}

/// Asserts a 422 `validation` answer naming `field`, and returns the body.
pub async fn assert_field(r: Response, field: &str) -> Value {
    let body = assert_error(r, 422, "validation").await;
    assert_eq!(body["field"], field, "body: {body}");
    body
}
