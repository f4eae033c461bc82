//! The error body every API refusal carries, with stable machine-readable codes.

use serde::{Deserialize, Serialize};

/// Stable error codes: the UI translates by code, so these never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Malformed request (bad JSON, bad query).
    BadRequest,
    /// Well-formed but invalid input (a field out of range).
    Validation,
    /// Not signed in, or the session has ended.
    Unauthenticated,
    /// Wrong login or password / code.
    InvalidCredentials,
    /// Signed in, but this role may not do that.
    Forbidden,
    /// A state-changing request from another origin.
    CrossOrigin,
    /// Nothing there, or nothing the caller may see.
    NotFound,
    /// The request conflicts with the current state (e.g. second diary entry of the day).
    Conflict,
    /// The diary entry can no longer be edited.
    EditWindowClosed,
    /// Upload larger than allowed (bytes or pixels).
    PayloadTooLarge,
    /// Upload content is not a supported image type.
    UnsupportedMediaType,
    /// The image could not be decoded (truncated or corrupt).
    CorruptImage,
    /// Too many attempts; try again later.
    RateLimited,
    /// Something broke on our side.
    Internal,
}

impl ErrorCode {
    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Validation => 422,
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => 401,
            ErrorCode::Forbidden | ErrorCode::CrossOrigin => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict | ErrorCode::EditWindowClosed => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::CorruptImage => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }
}

/// JSON body of every error answer: `{code, message}` (and the field at fault, if any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// A sentence a person understands (English; the UI shows its own translation by code).
    pub message: String,
    /// The input field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A validation failure of one field, raised by the shared validators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}
