//! Liveness (`/healthz`: the process is up and serving) and readiness (`/readyz`: the
//! database answers a query and the photo storage takes, returns and removes a small object).
//! A failed check answers 503 with a code naming what failed; the detail goes to the log.

use std::time::Duration;

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::domain::ErrorCode;
use crate::server::error::AppError;
use crate::server::state::AppState;

/// How long each readiness check may take before it counts as failed.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the portal is not ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    Database,
    Storage,
}

impl NotReady {
    pub fn code(self) -> ErrorCode {
        match self {
            NotReady::Database => ErrorCode::DatabaseUnavailable,
            NotReady::Storage => ErrorCode::StorageUnavailable,
        }
    }

    fn message(self) -> &'static str {
        match self {
            NotReady::Database => "the database does not answer",
            NotReady::Storage => "the photo storage cannot be written or read",
        }
    }
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /healthz`: 200 while the process serves requests.
pub async fn healthz() -> Response {
    no_store(Json(json!({"status": "ok"})).into_response())
}

/// Runs the checks in order: the database, then the storage.
pub async fn check(state: &AppState) -> Result<(), NotReady> {
    let db = tokio::time::timeout(
        CHECK_TIMEOUT,
        sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.db.pool),
    )
    .await;
    match db {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            return Err(NotReady::Database);
        }
        Err(_) => {
            tracing::warn!("readiness: the database timed out");
            return Err(NotReady::Database);
        }
    }
    match tokio::time::timeout(CHECK_TIMEOUT, state.photos.probe()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the photo storage failed its probe");
            Err(NotReady::Storage)
        }
        Err(_) => {
            tracing::warn!("readiness: the photo storage timed out");
            Err(NotReady::Storage)
        }
    }
}

/// `GET /readyz`: 200 when the database and the storage answer, else 503
/// `database_unavailable` or `storage_unavailable`.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let res = match check(&state).await {
        Ok(()) => {
            Json(json!({"status": "ready", "database": "ok", "storage": "ok"})).into_response()
        }
        Err(failed) => AppError::new(failed.code(), failed.message()).into_response(),
    };
    no_store(res)
}
