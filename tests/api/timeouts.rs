//! Slow and silent clients are cut off: headers must arrive in time, a body must keep up a
//! minimum rate, and a body declared too large is refused before it is read.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{spawn_app, TestApp};

/// A fresh app (kept alive by the caller) and a connection to it on which `bytes` (raw HTTP)
/// were sent.
async fn app_sent(bytes: &[u8]) -> (TestApp, TcpStream) {
    let app = spawn_app().await;
    let addr = app.base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(bytes).await.expect("send");
    (app, s)
}

/// Reads until the server closes the connection (or 30 s pass); returns what it sent.
async fn read_until_closed(s: &mut TcpStream) -> (String, Duration) {
    let start = Instant::now();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut buf)).await;
    (String::from_utf8_lossy(&buf).to_string(), start.elapsed())
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let (_app, mut s) = app_sent(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ").await;
    let (_, took) = read_until_closed(&mut s).await;
    assert!(took < Duration::from_secs(25), "open for {took:?}");
}

#[tokio::test]
async fn a_trickled_body_is_cut_off() {
    let (_app, s) = app_sent(
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"login\":",
    )
    .await;
    // A byte a second, far below the minimum rate: the server ends it after its grace.
    let start = Instant::now();
    let (mut read, mut write) = s.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if write.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(40), read.read_to_end(&mut buf)).await;
    let took = start.elapsed();
    trickle.abort();
    let answer = String::from_utf8_lossy(&buf);
    assert!(took < Duration::from_secs(20), "open for {took:?}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_body_declared_too_large_is_refused_before_it_is_read() {
    let (_app, mut s) = app_sent(
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000000\r\n\r\n",
    )
    .await;
    let (answer, took) = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
}
