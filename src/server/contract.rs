//! The API's answer contract, kept for answers the handlers never see: a refusal made by the
//! framework (405, a malformed query, a multipart error, a body over its limit) is rewritten
//! as the `{code, message}` JSON every other refusal has, and no API answer is cached unless
//! its handler says so (photos do). A handler that panics answers a JSON 500 too.

use std::any::Any;

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AppError;
use crate::domain::ErrorCode;

/// Longest framework refusal text kept as the message.
const MAX_MESSAGE_BYTES: usize = 2048;

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The code for a status the framework answered with.
fn code_for(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthenticated,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        422 => ErrorCode::Validation,
        429 => ErrorCode::RateLimited,
        503 => ErrorCode::Unavailable,
        s if s >= 500 => ErrorCode::Internal,
        _ => ErrorCode::BadRequest,
    }
}

fn default_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::MethodNotAllowed => "this method is not allowed here",
        ErrorCode::PayloadTooLarge => "the request body is too large",
        ErrorCode::NotFound => "not found",
        _ => "the request could not be read",
    }
}

/// Rewrites framework refusals on `/api` as JSON and marks API answers `no-store`.
pub async fn api_answers(req: Request, next: Next) -> Response {
    if !is_api(req.uri().path()) {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let mut res = if (status.is_client_error() || status.is_server_error()) && !is_json {
        let (parts, body) = res.into_parts();
        let text = to_bytes(body, MAX_MESSAGE_BYTES).await.unwrap_or_default();
        let text = String::from_utf8_lossy(&text).trim().to_string();
        let code = code_for(status);
        let message = if text.is_empty() || code == ErrorCode::Internal {
            default_message(code).to_string()
        } else {
            text
        };
        let mut fresh = AppError::new(code, message).into_response();
        // The framework's status stands (and its headers, e.g. `Allow` on a 405).
        *fresh.status_mut() = status;
        for (name, value) in parts.headers.iter() {
            if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
                fresh.headers_mut().insert(name.clone(), value.clone());
            }
        }
        fresh
    } else {
        res
    };
    res.headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

/// A panicking handler answers a JSON 500 (the detail goes to the log, never to the client).
pub fn panic_answer(err: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    tracing::error!(panic = detail, "handler panicked");
    AppError::new(
        ErrorCode::Internal,
        "something went wrong on our side; please try again",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_statuses_map_to_codes() {
        assert_eq!(
            code_for(StatusCode::METHOD_NOT_ALLOWED),
            ErrorCode::MethodNotAllowed
        );
        assert_eq!(
            code_for(StatusCode::PAYLOAD_TOO_LARGE),
            ErrorCode::PayloadTooLarge
        );
        assert_eq!(code_for(StatusCode::BAD_REQUEST), ErrorCode::BadRequest);
        assert_eq!(code_for(StatusCode::BAD_GATEWAY), ErrorCode::Internal);
        assert!(is_api("/api") && is_api("/api/v1/x") && !is_api("/apis") && !is_api("/"));
    }
}
