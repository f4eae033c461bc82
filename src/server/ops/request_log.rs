//! Every request observed once, after routing: its route template (axum's `MatchedPath`,
//! never the raw path with its ids, never the query string), method, status and latency go
//! to the metrics.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::metrics;

/// The route label of a request no route matched (the SPA's pages and files, unknown paths).
pub const FALLBACK_ROUTE: &str = "fallback";

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

/// The middleware (added with `Router::layer`, so it runs after routing and sees the
/// matched route).
pub async fn observe(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| FALLBACK_ROUTE.to_string(), |p| p.as_str().to_string());
    let res = next.run(req).await;
    metrics::record_request(method, &route, res.status().as_u16(), started.elapsed());
    res
}
