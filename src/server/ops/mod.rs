//! Operating the portal: liveness and readiness checks, Prometheus metrics, request logging
//! with a request id, and the backup and restore commands. None of it is part of the API
//! (`/healthz`, `/readyz` and `/metrics` live outside `/api`).

pub mod backup;
pub mod health;
pub mod metrics;
pub mod request_log;

use axum::routing::get;
use axum::Router;

use super::state::AppState;

/// The operator's endpoints: `/healthz`, `/readyz`, `/metrics`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::scrape))
}
