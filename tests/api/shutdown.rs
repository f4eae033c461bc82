//! Graceful shutdown: once asked to stop, the server takes no new connection, finishes the
//! requests in flight (an upload half sent goes on and is stored), and gives up on those
//! still open when the grace runs out.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{exif, spawn_app_with, spawn_world, PASSWORD};

const BOUNDARY: &str = "shutdown-test-boundary";

/// The session cookie (`name=value`) of a fresh sign-in at the server at `base`.
pub async fn session_cookie(base: &str, login: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"login": login, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert!(r.status().is_success());
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sid="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string()
}

/// An upload's request head and multipart body for the server at `base`, written by hand so
/// the test decides when each part goes.
pub fn upload_request(base: &str, project: &str, cookie: &str) -> (Vec<u8>, Vec<u8>) {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend(exif::jpeg(320, 240));
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").into_bytes());
    let host = base.trim_start_matches("http://");
    let head = format!(
        "POST /api/v1/projects/{project}/photos HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    (head, body)
}

/// Waits for the stopped server to return, `secs` at most.
async fn stops_within(server: tokio::task::JoinHandle<std::io::Result<()>>, secs: u64) {
    tokio::time::timeout(Duration::from_secs(secs), server)
        .await
        .unwrap_or_else(|_| panic!("the server did not stop within {secs} s"))
        .expect("task")
        .expect("served");
}

#[tokio::test]
async fn an_upload_in_flight_at_shutdown_is_finished_acknowledged_and_stored() {
    let (mut app, w) = spawn_world().await;
    let cookie = session_cookie(&app.base, &w.owner_a).await;
    let (head, body) = upload_request(&app.base, &w.project_a, &cookie);
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut conn = TcpStream::connect(&addr).await.expect("connect");
    conn.write_all(&head).await.expect("head");
    let half = body.len() / 2;
    conn.write_all(&body[..half]).await.expect("first half");
    // The handler is reading the body when the stop comes.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let server = app.signal_stop().expect("running");
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The port is closed to new connections at once.
    assert!(
        TcpStream::connect(&addr).await.is_err(),
        "a new connection was accepted after the stop"
    );
    conn.write_all(&body[half..]).await.expect("second half");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), conn.read_to_end(&mut answer))
        .await
        .expect("answered within the grace")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    stops_within(server, 20).await;
    // What was acknowledged is kept.
    assert_eq!(app.photo_rows().await, 1);
    assert!(app.stored_files().await > 0);
}

#[tokio::test]
async fn a_request_still_open_when_the_grace_runs_out_does_not_hold_the_server() {
    let mut app = spawn_app_with(|c| c.shutdown_grace = Duration::from_secs(1)).await;
    let w = app.world().await;
    let cookie = session_cookie(&app.base, &w.owner_a).await;
    let (head, body) = upload_request(&app.base, &w.project_a, &cookie);
    let mut conn = TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .expect("connect");
    conn.write_all(&head).await.expect("head");
    conn.write_all(&body[..body.len() / 2]).await.expect("half");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let server = app.signal_stop().expect("running");
    // The rest never comes: the server goes after its one second.
    stops_within(server, 10).await;
    assert_eq!(app.photo_rows().await, 0);
}
