//! The server's one error enum, mapped to HTTP in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::domain::error::FieldError;
use crate::domain::{ApiErrorBody, ErrorCode};

/// Every way a request can fail; `IntoResponse` turns it into `{code, message}`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    Api {
        code: ErrorCode,
        message: String,
        field: Option<String>,
    },
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
        AppError::Api {
            code,
            message: message.into(),
            field: None,
        }
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
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        AppError::Api {
            code: ErrorCode::Validation,
            message: format!("{field}: {}", message.into()),
            field: Some(field.to_string()),
        }
    }
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::Internal(message.into())
    }

    /// The error code this error answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Api { code, .. } => *code,
            _ => ErrorCode::Internal,
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
        AppError::validation(e.field, e.message)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (code, message, field) = match self {
            AppError::Api {
                code,
                message,
                field,
            } => (code, message, field),
            other => {
                // Details stay in the log (never customer data: only error kinds and ids).
                tracing::error!(error = %other, "request failed");
                (
                    ErrorCode::Internal,
                    "something went wrong on our side; please try again".to_string(),
                    None,
                )
            }
        };
        let status =
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            Json(ApiErrorBody {
                code,
                message,
                field,
            }),
        )
            .into_response()
    }
}
