//! The `seed-portal` binary itself: configuration errors named at start-up, JSON request
//! logs without personal data, SIGTERM, and the backup / restore commands (the drill).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::shutdown::{session_cookie, upload_request};
use crate::support::{fresh_database, get_json, spawn_world, upload_jpeg, TestApp};

/// The binary with a clean environment of the portal's variables, then `vars`.
fn portal(vars: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seed-portal"));
    for var in [
        "BIND",
        "PORT",
        "DATABASE_URL",
        "PHOTO_DIR",
        "SPA_DIR",
        "DEMO",
        "DEMO_OUTBOX",
        "DEMO_OUTBOX_KEY",
        "PUBLIC_URL",
        "TRUST_PROXY",
        "SESSION_HOURS",
        "SESSION_IDLE_MINUTES",
        "ADMIN_TOTP_REQUIRED",
        "METRICS_TOKEN",
        "LOG_FORMAT",
        "SHUTDOWN_GRACE_SECS",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(vars.iter().copied());
    cmd
}

fn output(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("run seed-portal")
}

#[test]
fn a_bad_variable_stops_the_start_naming_it_and_why() {
    for (var, value, why) in [
        ("PORT", "abc", "not a port number"),
        ("SHUTDOWN_GRACE_SECS", "x", "not a number of seconds"),
        (
            "DATABASE_URL",
            "postgres://portal:s3cret@db:notaport/portal",
            "not a valid database URL",
        ),
        (
            "DATABASE_URL",
            "mysql://db/portal",
            "must start with sqlite: or postgres:",
        ),
        ("LOG_FORMAT", "xml", "not text or json"),
    ] {
        let out = output(&mut portal(&[(var, value)]));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{var}={value}: {stderr}");
        assert!(stderr.contains(&format!("{var}: ")), "{var}: {stderr}");
        assert!(stderr.contains(why), "{var}: {stderr}");
        assert!(
            !stderr.contains("s3cret"),
            "a password was printed: {stderr}"
        );
    }
    let out = output(portal(&[]).arg("frobnicate"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}

/// A running binary and the lines it writes.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Running {
    fn start(vars: &[(&str, &str)]) -> Running {
        let mut child = portal(vars)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start seed-portal");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `text` (30 s at most).
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no line with {text}; saw {:?}", self.seen));
            self.seen.push(line.clone());
            if line.contains(text) {
                return line;
            }
        }
    }

    /// The address the portal says it listens on (from its JSON start-up line).
    fn address(&mut self) -> String {
        let listening = self.wait_for("portal listening");
        let line: serde_json::Value = serde_json::from_str(&listening).expect("a JSON line");
        line["fields"]["addr"].as_str().expect("addr").to_string()
    }

    /// Sends SIGTERM.
    fn sigterm(&self) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(killed.success());
    }

    /// Waits (20 s at most) for the exit; the exit status and every line written.
    fn wait(mut self) -> (std::process::ExitStatus, Vec<String>) {
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().expect("wait") {
                self.seen.extend(self.lines.try_iter());
                return (status, self.seen);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("the portal did not stop within 20 s");
    }
}

#[tokio::test]
async fn the_binary_logs_requests_as_json_without_personal_data_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = fresh_database(dir.path()).await;
    let photos = dir.path().join("photos");
    let photos = photos.to_str().expect("utf-8");
    let mut running = Running::start(&[
        ("BIND", "127.0.0.1:0"),
        ("DATABASE_URL", &url),
        ("PHOTO_DIR", photos),
        ("LOG_FORMAT", "json"),
        ("SHUTDOWN_GRACE_SECS", "5"),
    ]);
    let addr = running.address();
    let r = reqwest::Client::new()
        .get(format!(
            "http://{addr}/api/v1/projects/p-4711?phone=13800000001&name=张伟"
        ))
        .header("x-request-id", "drill-42")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 401);
    let logged = running.wait_for("drill-42");
    running.sigterm();
    let (status, lines) = running.wait();
    assert!(status.success(), "exit status {status}");
    let entry: serde_json::Value = serde_json::from_str(&logged).expect("a JSON line");
    let fields = &entry["fields"];
    assert_eq!(fields["route"], "/api/v1/projects/{id}", "{entry}");
    assert_eq!(fields["method"], "GET");
    assert_eq!(fields["status"], 401);
    assert_eq!(fields["request_id"], "drill-42");
    assert!(fields["latency_ms"].as_f64().is_some(), "{entry}");
    for line in lines {
        for secret in ["13800000001", "张伟", "p-4711", "phone="] {
            assert!(!line.contains(secret), "the log shows {secret}: {line}");
        }
    }
}

fn run_ok(cmd: &mut Command) -> String {
    let out = output(cmd);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The binary pointed at the test app's database and photos.
fn on(app: &TestApp) -> Command {
    let c = &app.state.config;
    portal(&[
        ("DATABASE_URL", c.database_url.as_str()),
        ("PHOTO_DIR", c.photo_dir.to_str().expect("utf-8")),
    ])
}

fn photo_id(v: &serde_json::Value) -> String {
    v["id"].as_str().expect("photo id").to_string()
}

async fn upload(app: &TestApp, c: &reqwest::Client, project: &str) -> String {
    let r = upload_jpeg(app, c, project, (64, 48), "p.jpg").await;
    assert_eq!(r.status().as_u16(), 201);
    photo_id(&r.json().await.expect("json"))
}

#[tokio::test]
async fn restore_drill_brings_back_the_backup_and_drops_what_came_after() {
    let (mut app, w) = spawn_world().await;
    if !app.state.db.is_sqlite {
        // PostgreSQL is backed up with pg_dump; the command says so and does nothing.
        let dir = tempfile::tempdir().expect("tempdir");
        let out = output(on(&app).arg("backup").arg(dir.path().join("b")));
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
    let owner = app.login(&w.owner_a).await;
    let kept = upload(&app, &owner, &w.project_a).await;
    // Backed up while the portal runs.
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = dir.path().join("backup");
    run_ok(on(&app).arg("backup").arg(&backup));
    assert!(backup.join("backup.json").is_file());
    // A second backup into the same folder is refused (nothing is mixed or overwritten).
    assert!(!output(on(&app).arg("backup").arg(&backup)).status.success());
    // Data added after the backup.
    let added = upload(&app, &owner, &w.project_a).await;
    assert_eq!(app.photo_rows().await, 2);
    // A restore under a running portal is refused and changes nothing.
    let out = output(on(&app).arg("restore").arg(&backup));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("stop it first"));
    assert_eq!(app.photo_rows().await, 2);

    app.shut_down().await;
    let said = run_ok(on(&app).arg("restore").arg(&backup));
    assert!(said.contains("before-restore"), "{said}");
    app.restart().await;

    assert_eq!(app.photo_rows().await, 1);
    let owner = app.login(&w.owner_a).await;
    let project = get_json(
        &owner,
        app.url(&format!("/api/v1/projects/{}", w.project_a)),
    )
    .await;
    assert_eq!(project["id"], w.project_a.as_str(), "{project}");
    let thumb = |id: &str| app.url(&format!("/api/v1/photos/{id}/thumb"));
    let r = owner.get(thumb(&kept)).send().await.expect("kept");
    assert_eq!(r.status().as_u16(), 200);
    assert!(!r.bytes().await.expect("bytes").is_empty());
    let r = owner.get(thumb(&added)).send().await.expect("added");
    assert_eq!(r.status().as_u16(), 404);
    assert!(!Path::new(&app.photo_dir)
        .join(&w.project_a)
        .join(&added)
        .exists());
}

#[tokio::test]
async fn sigterm_during_an_upload_loses_no_acknowledged_upload() {
    // The test company's database and photo folder, served by the binary.
    let (mut app, w) = spawn_world().await;
    app.shut_down().await;
    let c = app.state.config.clone();
    let photos = c.photo_dir.to_string_lossy().into_owned();
    let mut running = Running::start(&[
        ("BIND", "127.0.0.1:0"),
        ("DATABASE_URL", &c.database_url),
        ("PHOTO_DIR", &photos),
        ("LOG_FORMAT", "json"),
        ("SHUTDOWN_GRACE_SECS", "10"),
        ("ADMIN_TOTP_REQUIRED", "false"),
    ]);
    let addr = running.address();
    let base = format!("http://{addr}");
    let cookie = session_cookie(&base, &w.owner_a).await;
    let (head, body) = upload_request(&base, &w.project_a, &cookie);
    let mut conn = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    conn.write_all(&head).await.expect("head");
    let half = body.len() / 2;
    conn.write_all(&body[..half]).await.expect("first half");
    tokio::time::sleep(Duration::from_millis(300)).await;
    running.sigterm();
    tokio::time::sleep(Duration::from_millis(300)).await;
    conn.write_all(&body[half..]).await.expect("second half");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(15), conn.read_to_end(&mut answer))
        .await
        .expect("answered within the grace")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let (status, _) = running.wait();
    assert!(status.success(), "exit status {status}");
    // The acknowledged photo is there when the portal comes back.
    app.restart().await;
    assert_eq!(app.photo_rows().await, 1);
    assert!(app.stored_files().await > 0);
}
