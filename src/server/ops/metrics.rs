//! Prometheus metrics at `GET /metrics`, through the `metrics` facade and its Prometheus
//! exporter (one recorder for the process). Only what is safe to show an operator: routes as
//! their templates (`/api/v1/projects/{id}`, never an id), statuses, durations, counts and
//! byte totals; never a phone number, a name or a query string.
//!
//! - `portal_http_requests_total{method, route, status}` and
//!   `portal_http_request_duration_seconds{method, route}` (histogram, time to the answer's
//!   head), recorded by [`super::request_log::observe`];
//! - `portal_photo_uploads_total`, `portal_photo_upload_bytes_total` (stored uploads);
//! - `portal_service_items_open{kind}` (the service queue, counted at each scrape);
//! - `portal_job_runs_total{job, outcome}` (the hourly housekeeping's jobs).
//!
//! `/metrics` answers only a request carrying `Authorization: Bearer <METRICS_TOKEN>`; with
//! no token configured it is 404.

use std::sync::OnceLock;
use std::time::Duration;

use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};

use crate::domain::service_desk::ServiceKind;
use crate::server::error::AppError;
use crate::server::state::AppState;
use crate::server::store;

pub const REQUESTS: &str = "portal_http_requests_total";
pub const REQUEST_SECONDS: &str = "portal_http_request_duration_seconds";
pub const UPLOADS: &str = "portal_photo_uploads_total";
pub const UPLOAD_BYTES: &str = "portal_photo_upload_bytes_total";
pub const OPEN_ITEMS: &str = "portal_service_items_open";
pub const JOB_RUNS: &str = "portal_job_runs_total";

/// Latency buckets, seconds: fast API reads up to slow photo uploads.
const LATENCY_BUCKETS: [f64; 13] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// The process's recorder, installed on first use (the server calls this at start-up, before
/// anything is recorded). Should another recorder be installed already, the portal still
/// renders this one's (empty) page rather than failing.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), &LATENCY_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was installed already; /metrics stays empty");
        }
        describe();
        handle
    })
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        REQUESTS,
        "HTTP requests by method, route template and status"
    );
    describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time to the answer's head, by method and route template"
    );
    describe_counter!(UPLOADS, "Photo uploads stored");
    describe_counter!(
        UPLOAD_BYTES,
        Unit::Bytes,
        "Bytes of the photo uploads stored"
    );
    describe_gauge!(
        OPEN_ITEMS,
        "Open service items (claims, complaints, callbacks, follow-ups) by kind"
    );
    describe_counter!(JOB_RUNS, "Background job runs by job and outcome");
}

/// One answered request.
pub fn record_request(method: &'static str, route: &str, status: u16, elapsed: Duration) {
    let route = route.to_string();
    metrics::counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!(REQUEST_SECONDS, "method" => method, "route" => route)
        .record(elapsed.as_secs_f64());
}

/// One stored photo upload of `bytes` bytes.
pub fn record_upload(bytes: usize) {
    metrics::counter!(UPLOADS).increment(1);
    metrics::counter!(UPLOAD_BYTES).increment(bytes as u64);
}

/// The housekeeping's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    SessionPurge,
    ThrottlePurge,
    PhotoPurge,
    BreachSweep,
    SurveyReminders,
}

impl Job {
    pub fn as_str(self) -> &'static str {
        match self {
            Job::SessionPurge => "session_purge",
            Job::ThrottlePurge => "throttle_purge",
            Job::PhotoPurge => "photo_purge",
            Job::BreachSweep => "breach_sweep",
            Job::SurveyReminders => "survey_reminders",
        }
    }
}

/// One run of a background job, and whether it worked.
pub fn record_job(job: Job, ok: bool) {
    let outcome = if ok { "ok" } else { "error" };
    metrics::counter!(JOB_RUNS, "job" => job.as_str(), "outcome" => outcome).increment(1);
}

/// Does the request carry the token? (Compared as digests, in constant time.)
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    let a = Sha256::digest(given.trim().as_bytes());
    let b = Sha256::digest(token.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// Sets the queue gauges from the database (every kind, 0 when none is open).
async fn refresh_queue(state: &AppState) {
    match store::queue::open_by_kind(&state.db).await {
        Ok(counts) => {
            for kind in ServiceKind::ALL {
                let n = counts
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(0, |(_, n)| *n);
                metrics::gauge!(OPEN_ITEMS, "kind" => kind.as_str()).set(n as f64);
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the queue could not be counted"),
    }
}

/// `GET /metrics`: the Prometheus text format, for the bearer of `METRICS_TOKEN`.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return AppError::not_found().into_response();
    };
    if !bearer_matches(&headers, token) {
        let mut res = AppError::unauthenticated().into_response();
        res.headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return res;
    }
    refresh_queue(&state).await;
    let handle = handle();
    handle.run_upkeep();
    let mut res = handle.render().into_response();
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_bearer_token_opens_the_metrics() {
        let token = "0123456789abcdef-token";
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(AUTHORIZATION, HeaderValue::from_str(v).expect("header"));
            h
        };
        assert!(bearer_matches(&with(&format!("Bearer {token}")), token));
        assert!(!bearer_matches(&with(&format!("Bearer {token}x")), token));
        assert!(!bearer_matches(&with(token), token));
        assert!(!bearer_matches(&HeaderMap::new(), token));
    }
}
