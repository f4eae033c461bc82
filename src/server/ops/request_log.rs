//! Every request observed once, after routing: its route template (axum's `MatchedPath`,
//! never the raw path with its ids, never the query string, never a body), method, status,
//! latency and request id go to the log and to the metrics.
//!
//! The request id is the client's `x-request-id` when it is sane (1 to 64 letters, digits,
//! `-`, `_`, `.`, `:`), else a fresh random one; the answer carries it back in `x-request-id`,
//! and everything the handler logs is inside a span carrying it, so one id ties a complaint
//! to its log lines (and to a reverse proxy's).

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::metrics;

/// The route label of a request no route matched (the SPA's pages and files, unknown paths).
pub const FALLBACK_ROUTE: &str = "fallback";
/// The request id header, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The longest client request id kept.
const MAX_ID_LEN: usize = 64;

/// The id of this request (also a request extension, for handlers that want it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The client's request id when it is sane, else a new one.
pub fn request_id(headers: &HeaderMap) -> RequestId {
    let given = headers
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= MAX_ID_LEN
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        });
    RequestId(match given {
        Some(id) => id.to_string(),
        None => uuid::Uuid::new_v4().simple().to_string(),
    })
}

/// The method as a label: the standard ones, anything else as `OTHER` (a client cannot make
/// up label values).
fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Probes and scrapes come every few seconds: logged at debug, not info.
fn is_probe(route: &str) -> bool {
    matches!(route, "/healthz" | "/readyz" | "/metrics")
}

/// The middleware (added with `Router::layer`, so it runs after routing and sees the
/// matched route).
pub async fn observe(mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| FALLBACK_ROUTE.to_string(), |p| p.as_str().to_string());
    let id = request_id(req.headers());
    req.extensions_mut().insert(id.clone());
    let span = tracing::info_span!("request", request_id = %id.0);
    let mut res = next.run(req).instrument(span).await;
    let elapsed = started.elapsed();
    let status = res.status().as_u16();
    metrics::record_request(method, &route, status, elapsed);
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    if is_probe(&route) {
        tracing::debug!(target: "http", request_id = %id.0, method, route, status, latency_ms, "request");
    } else if status >= 500 {
        tracing::warn!(target: "http", request_id = %id.0, method, route, status, latency_ms, "request");
    } else {
        tracing::info!(target: "http", request_id = %id.0, method, route, status, latency_ms, "request");
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(id: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(REQUEST_ID, HeaderValue::from_str(id).expect("header"));
        h
    }

    #[test]
    fn a_sane_client_id_is_kept_and_anything_else_replaced() {
        assert_eq!(request_id(&with("req-1:a_b.c")).0, "req-1:a_b.c");
        for bad in ["", "has space", "a/b", &"x".repeat(65), "13800000001 张"] {
            let got = request_id(&with(bad)).0;
            assert_ne!(got, bad);
            assert_eq!(got.len(), 32, "a fresh id for {bad:?}");
        }
        assert_eq!(request_id(&HeaderMap::new()).0.len(), 32);
    }
}
