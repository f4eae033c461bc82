//! The server's one error enum, mapped to HTTP in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::domain::error::{FieldError, FieldReason};
use crate::domain::{ApiErrorBody, ErrorCode};

/// Every way a request can fail; `IntoResponse` turns it into `{code, message}`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A refusal the caller can act on: the body is sent as it is.
    #[error("{}", .0.message)]
    Api(Box<ApiErrorBody>),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("storage: {0}")]
    Io(#[from] std::io::Error),
    #[error("internal: {0}")]
    Internal(String),
}

/// Result alias for handlers and store functions.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::Api(Box::new(ApiErrorBody::new(code, message)))
    }
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "not found")
    }
    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "please sign in")
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }
    /// One field refused, for a typed reason.
    pub fn field(field: &str, reason: FieldReason, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Api(Box::new(ApiErrorBody {
            field: Some(field.to_string()),
            reason: Some(reason),
            ..ApiErrorBody::new(ErrorCode::Validation, format!("{field}: {message}"))
        }))
    }
    /// A wrong one-time code, with the tries that remain.
    pub fn code_wrong(tries_left: u32) -> Self {
        AppError::Api(Box::new(ApiErrorBody {
            field: Some("code".to_string()),
            tries_left: Some(tries_left),
            ..ApiErrorBody::new(
                ErrorCode::CodeWrong,
                format!("the code is not right; {tries_left} tries left"),
            )
        }))
    }
    /// An expired, used or exhausted one-time code: a new one is needed.
    pub fn code_expired() -> Self {
        AppError::Api(Box::new(ApiErrorBody {
            field: Some("code".to_string()),
            ..ApiErrorBody::new(
                ErrorCode::CodeExpired,
                "the code has expired or was used up; ask for a new one",
            )
        }))
    }
    /// Too many attempts: the caller may try again in `wait_ms` (rounded up to whole seconds,
    /// at least one), said in the body (`retry_after_secs`) and in the `Retry-After` header.
    pub fn rate_limited(wait_ms: i64, message: impl Into<String>) -> Self {
        let secs = u32::try_from((wait_ms.max(1) + 999) / 1000).unwrap_or(u32::MAX);
        AppError::Api(Box::new(ApiErrorBody {
            retry_after_secs: Some(secs),
            ..ApiErrorBody::new(ErrorCode::RateLimited, message)
        }))
    }
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::Internal(message.into())
    }

    /// The error code this error answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Api(body) => body.code,
            _ => ErrorCode::Internal,
        }
    }

    /// Is the database busy for a moment (SQLite's write lock still held after the busy
    /// timeout; a PostgreSQL serialization failure or deadlock)? The client may retry.
    pub fn is_busy(&self) -> bool {
        match self {
            AppError::Db(sqlx::Error::Database(e)) => {
                matches!(
                    e.code().as_deref(),
                    Some("5" | "6" | "517" | "40001" | "40P01")
                ) || e.message().contains("database is locked")
            }
            AppError::Db(sqlx::Error::PoolTimedOut) => true,
            _ => false,
        }
    }

    /// Is the disk full (SQLite `SQLITE_FULL`, PostgreSQL `disk_full`, or no space left for a
    /// file)? Nothing was saved; the server keeps running and recovers when space returns.
    pub fn is_storage_full(&self) -> bool {
        match self {
            AppError::Db(sqlx::Error::Database(e)) => {
                matches!(e.code().as_deref(), Some("13" | "53100"))
                    || e.message().contains("database or disk is full")
            }
            AppError::Io(e) => e.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }

    /// Is this a unique-constraint violation from the database?
    pub fn is_unique_violation(&self) -> bool {
        match self {
            AppError::Db(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Api(Box::new(ApiErrorBody {
            field: Some(e.field.to_string()),
            reason: Some(e.reason),
            limit: e.limit,
            ..ApiErrorBody::new(ErrorCode::Validation, format!("{}: {}", e.field, e.message))
        }))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let busy = self.is_busy();
        let full = self.is_storage_full();
        let body = match self {
            AppError::Api(body) => *body,
            other if full => {
                tracing::error!(error = %other, "storage full; the write was refused");
                ApiErrorBody::new(
                    ErrorCode::StorageFull,
                    "the server's storage is full; nothing was saved, please try again later",
                )
            }
            other if busy => {
                tracing::warn!(error = %other, "database busy; asked the client to retry");
                ApiErrorBody::new(
                    ErrorCode::Unavailable,
                    "the server is busy for a moment; please try again",
                )
            }
            other => {
                // Details stay in the log (never customer data: only error kinds and ids).
                tracing::error!(error = %other, "request failed");
                ApiErrorBody::new(
                    ErrorCode::Internal,
                    "something went wrong on our side; please try again",
                )
            }
        };
        let status =
            StatusCode::from_u16(body.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // Busy answers say when to come back: the database in a second, a long wait for a
        // photo decode slot in a few.
        // A refusal for too many attempts carries its own wait.
        let retry_after = match body.code {
            ErrorCode::Unavailable if busy => Some(1),
            ErrorCode::Unavailable => Some(5),
            _ => body.retry_after_secs,
        };
        let mut res = (status, Json(body)).into_response();
        if let Some(secs) = retry_after {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_answer_says_when_to_come_back() {
        let busy = AppError::new(ErrorCode::Unavailable, "busy with photos").into_response();
        assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            busy.headers().get(axum::http::header::RETRY_AFTER),
            Some(&axum::http::HeaderValue::from_static("5"))
        );
        let limited = AppError::rate_limited(90_500, "too many attempts").into_response();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            limited.headers().get(axum::http::header::RETRY_AFTER),
            Some(&axum::http::HeaderValue::from_static("91"))
        );
        let other = AppError::not_found().into_response();
        assert!(other
            .headers()
            .get(axum::http::header::RETRY_AFTER)
            .is_none());
    }
}

/// The refusals a path documents, one type a status, listed after its success in
/// `#[utoipa::path(responses((status = 200, body = X), refusal::NotFound, ...))]`: each
/// answers with an [`ApiErrorBody`].
pub mod refusal {
    use crate::domain::ApiErrorBody;

    macro_rules! refusal {
        ($name:ident, $status:literal) => {
            #[derive(utoipa::IntoResponses)]
            #[response(status = $status)]
            pub struct $name(pub ApiErrorBody);
        };
    }

    refusal!(Unauthorized, 401);
    refusal!(Forbidden, 403);
    refusal!(NotFound, 404);
    refusal!(Conflict, 409);
    refusal!(TooLarge, 413);
    refusal!(Unsupported, 415);
    refusal!(Invalid, 422);
    refusal!(TooMany, 429);
}
