//! The HTTP server loop, with the timeouts `axum::serve` does not set: a slow or silent
//! client is cut off instead of holding a connection (and its memory) for ever.
//! - request headers must arrive within [`HEADER_READ`] (this also closes idle keep-alive
//!   connections that send nothing);
//! - a request body must keep up a minimum rate ([`MinRateBody`]): after [`BODY_GRACE`] it
//!   needs [`MIN_BODY_BYTES_PER_SEC`] on average, so a trickled upload ends;
//! - a body declaring more than [`MAX_BODY_BYTES`] is refused (413) before it is read;
//! - at shutdown the port closes at once, and requests in flight (uploads too) get the
//!   configured grace (`SHUTDOWN_GRACE_SECS`) to finish; then the process goes.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, Request};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::time::{Instant, Sleep};

use super::error::AppError;
use crate::domain::ErrorCode;

/// Time allowed for a request's headers (and for an idle connection's next request).
pub const HEADER_READ: Duration = Duration::from_secs(10);
/// Time a body may take before the minimum rate applies.
pub const BODY_GRACE: Duration = Duration::from_secs(10);
/// The average rate a body must keep up after the grace (bytes per second).
pub const MIN_BODY_BYTES_PER_SEC: u64 = 2_048;
/// The largest body any request may declare (a photo is at most 20 MB).
pub const MAX_BODY_BYTES: u64 = 24 * 1024 * 1024;

/// A request body that fails when it falls behind the minimum rate.
pub struct MinRateBody {
    inner: Body,
    started: Instant,
    received: u64,
    deadline: Pin<Box<Sleep>>,
}

impl MinRateBody {
    pub fn new(inner: Body) -> Self {
        let started = Instant::now();
        MinRateBody {
            inner,
            started,
            received: 0,
            deadline: Box::pin(tokio::time::sleep_until(started + BODY_GRACE)),
        }
    }

    /// When the body must have sent more than it has.
    fn due(&self) -> Instant {
        let earned = Duration::from_secs_f64(self.received as f64 / MIN_BODY_BYTES_PER_SEC as f64);
        self.started + BODY_GRACE + earned
    }
}

#[derive(Debug)]
struct TooSlow;

impl std::fmt::Display for TooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body arrived too slowly")
    }
}

impl std::error::Error for TooSlow {}

impl HttpBody for MinRateBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            if let Some(Ok(f)) = &frame {
                if let Some(data) = f.data_ref() {
                    self.received += data.len() as u64;
                    let due = self.due();
                    self.deadline.as_mut().reset(due);
                }
            }
            return Poll::Ready(frame.map(|r| r.map_err(Into::into)));
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(TooSlow)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

/// Refuses bodies declared over [`MAX_BODY_BYTES`] and holds every body to the minimum rate.
pub async fn body_guard(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        let mut res = AppError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
            .into_response();
        res.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return res;
    }
    next.run(req.map(|b| Body::new(MinRateBody::new(b)))).await
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting and gives open
/// connections `grace` to finish their requests (idle keep-alive connections close at once).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = tower::service_fn(move |mut req: Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            let app = app.clone();
            async move { app.oneshot_call(req.map(Body::new)).await }
        });
        let builder = builder.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let conn =
                builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            let _ = watcher.watch(conn).await;
        });
    }
    drop(listener);
    tracing::info!(
        grace_secs = grace.as_secs(),
        "shutting down: no new connections; requests in flight may finish"
    );
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("every request finished"),
        () = tokio::time::sleep(grace) => {
            tracing::warn!("the shutdown grace ran out with requests still open");
        }
    }
}

/// Calling a router once.
trait OneshotCall {
    fn oneshot_call(
        self,
        req: Request,
    ) -> impl Future<Output = Result<Response, std::convert::Infallible>> + Send;
}

impl OneshotCall for Router {
    fn oneshot_call(
        self,
        req: Request,
    ) -> impl Future<Output = Result<Response, std::convert::Infallible>> + Send {
        use tower::ServiceExt;
        self.oneshot(req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_body_that_falls_behind_the_minimum_rate_fails() {
        use futures_util::StreamExt;
        let first: Result<Bytes, std::io::Error> = Ok(Bytes::from_static(b"0123456789"));
        let rx = futures_util::stream::iter([first]).chain(futures_util::stream::pending());
        let body = Body::from_stream(rx);
        let mut slow = MinRateBody::new(body);
        let frame = std::future::poll_fn(|cx| Pin::new(&mut slow).poll_frame(cx)).await;
        assert!(matches!(frame, Some(Ok(_))));
        // Nothing more for longer than the grace plus what 10 bytes earn: cut off.
        let next = std::future::poll_fn(|cx| Pin::new(&mut slow).poll_frame(cx)).await;
        assert!(matches!(next, Some(Err(_))));
        assert!(Instant::now() >= slow.started + BODY_GRACE);
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_keeps_up_is_read_whole() {
        let chunks: Vec<Result<Bytes, std::io::Error>> =
            (0..20).map(|_| Ok(Bytes::from(vec![0u8; 4096]))).collect();
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        let bytes = axum::body::to_bytes(Body::new(MinRateBody::new(body)), usize::MAX)
            .await
            .expect("read");
        assert_eq!(bytes.len(), 20 * 4096);
    }
}
