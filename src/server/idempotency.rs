//! Exactly-once creates. A `POST` under `/api/` sent with an `Idempotency-Key` header (any
//! 1–128 visible ASCII characters; the app makes one when a person first taps a button and
//! sends it again on every retry) is recorded for the signed-in caller with a hash of the
//! request:
//! - the first request runs; a success is recorded with its answer, anything else is
//!   forgotten (it changed nothing, so a retry may run again);
//! - a repeat of the same request gets the recorded answer (`Idempotent-Replayed: true`)
//!   and changes nothing, also after a restart and on any instance (the record is in the
//!   database, kept at least [`KEEP_MS`]);
//! - the same key with a different request answers 422 `idempotency_key_reused`;
//! - a repeat while the first is still running answers 409 `idempotency_in_progress`.
//!
//! The request hash covers method, path, query and body; a multipart body is hashed without
//! its boundary, which a browser draws anew for every send of the same form.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::AppError;
use super::extractors::cookie_value;
use super::serve::MAX_BODY_BYTES;
use super::state::AppState;
use super::store::idempotency::{self, Claim, Stored};
use super::store::sessions;
use crate::domain::ErrorCode;

/// The request header carrying the key.
pub const HEADER: &str = "idempotency-key";

/// How long a key is remembered (at least; the hourly housekeeping forgets older ones).
pub const KEEP_MS: i64 = 25 * 3_600_000;

/// A claim never answered within this time was abandoned (the server stopped while working
/// on it): the next try with the key runs afresh.
const ABANDONED_MS: i64 = 120_000;

/// The largest answer recorded for a replay (creates answer with the created object).
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// The middleware (on the whole app; it acts only on keyed API `POST`s from a signed-in
/// caller, and passes everything else through untouched).
pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = req.headers().get(HEADER) else {
        return next.run(req).await;
    };
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let Some(key) = key
        .to_str()
        .ok()
        .filter(|k| valid_key(k))
        .map(str::to_owned)
    else {
        return AppError::new(
            ErrorCode::BadRequest,
            "the Idempotency-Key header must be 1 to 128 visible ASCII characters",
        )
        .into_response();
    };
    let now = state.clock.now_ms();
    let user = match cookie_value(req.headers(), state.config.session_cookie_name()) {
        Some(token) => {
            sessions::user_for(&state.db, token, now, state.config.session_idle_ms()).await
        }
        None => Ok(None),
    };
    let user = match user {
        Ok(Some(user)) => user.id,
        // Signed out: the handler answers (sign-in needs no key).
        Ok(None) => return next.run(req).await,
        Err(e) => return e.into_response(),
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES as usize).await else {
        return AppError::new(ErrorCode::PayloadTooLarge, "the request body is too large")
            .into_response();
    };
    let hash = request_hash(&parts.method, &parts.uri, &parts.headers, &bytes);
    match idempotency::claim(&state.db, &user, &key, &hash, now, ABANDONED_MS).await {
        Ok(Claim::Fresh) => {}
        Ok(Claim::Replay(stored)) => return replay(stored),
        Ok(Claim::Mismatch) => {
            return AppError::new(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for a different request",
            )
            .into_response()
        }
        Ok(Claim::InProgress) => {
            let mut res = AppError::new(
                ErrorCode::IdempotencyInProgress,
                "the first request with this Idempotency-Key is still being worked on",
            )
            .into_response();
            res.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            return res;
        }
        Err(e) => return e.into_response(),
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !res.status().is_success() {
        let _ = idempotency::release(&state.db, &user, &key).await;
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ANSWER_BYTES).await else {
        let _ = idempotency::release(&state.db, &user, &key).await;
        return AppError::new(ErrorCode::Internal, "the answer could not be read").into_response();
    };
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => {
            let stored = Stored {
                status: i64::from(parts.status.as_u16()),
                content_type: parts
                    .headers
                    .get(CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                body: text,
            };
            if idempotency::complete(&state.db, &user, &key, &stored)
                .await
                .is_err()
            {
                let _ = idempotency::release(&state.db, &user, &key).await;
            }
        }
        Err(_) => {
            let _ = idempotency::release(&state.db, &user, &key).await;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A key the header may carry: 1–128 visible ASCII characters.
fn valid_key(key: &str) -> bool {
    (1..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The hash a repeat must match: method, path with query, and body (a multipart body
/// without its boundary).
fn request_hash(
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> String {
    let mut h = Sha256::new();
    h.update(method.as_str());
    h.update(b"\n");
    h.update(uri.path_and_query().map(|p| p.as_str()).unwrap_or(""));
    h.update(b"\n");
    match multipart_boundary(headers) {
        Some(boundary) if !boundary.is_empty() => {
            for (i, piece) in split_on(body, boundary.as_bytes()).enumerate() {
                if i > 0 {
                    h.update(b"\0boundary\0");
                }
                h.update(piece);
            }
        }
        _ => h.update(body),
    }
    hex::encode(h.finalize())
}

/// The boundary of a `multipart/form-data` body.
fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    if !ct
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/")
    {
        return None;
    }
    ct.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary")
            .then(|| v.trim_matches('"').to_string())
    })
}

/// `body` cut at every occurrence of `sep`.
fn split_on<'a>(body: &'a [u8], sep: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut rest = Some(body);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.windows(sep.len()).position(|w| w == sep) {
            Some(i) => {
                rest = Some(&r[i + sep.len()..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The recorded answer, marked as a replay.
fn replay(stored: Stored) -> Response {
    let status = u16::try_from(stored.status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut res = (status, stored.body).into_response();
    let h = res.headers_mut();
    if let Some(ct) = stored
        .content_type
        .and_then(|c| HeaderValue::from_str(&c).ok())
    {
        h.insert(CONTENT_TYPE, ct);
    }
    h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multipart(boundary: &str) -> (HeaderMap, Bytes) {
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}")).unwrap(),
        );
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--{boundary}--\r\n"
        );
        (h, Bytes::from(body))
    }

    #[test]
    fn the_same_form_sent_again_hashes_the_same_whatever_its_boundary() {
        let uri: axum::http::Uri = "/api/v1/photos".parse().unwrap();
        let (h1, b1) = multipart("----a1");
        let (h2, b2) = multipart("----zz99");
        let one = request_hash(&Method::POST, &uri, &h1, &b1);
        assert_eq!(one, request_hash(&Method::POST, &uri, &h2, &b2));
        // Another file, path or query is another request.
        let other = Bytes::from(String::from_utf8_lossy(&b1).replace("abc", "abd"));
        assert_ne!(one, request_hash(&Method::POST, &uri, &h1, &other));
        let elsewhere: axum::http::Uri = "/api/v1/photos?x=1".parse().unwrap();
        assert_ne!(one, request_hash(&Method::POST, &elsewhere, &h1, &b1));
        // A JSON body is hashed as it is.
        let json = HeaderMap::new();
        assert_ne!(
            request_hash(
                &Method::POST,
                &uri,
                &json,
                &Bytes::from_static(b"{\"a\":1}")
            ),
            request_hash(
                &Method::POST,
                &uri,
                &json,
                &Bytes::from_static(b"{\"a\":2}")
            )
        );
    }

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(valid_key("4f7c1e2a-0b6d-4c1e-9f3a-2d5e8b7c6a10"));
        assert!(!valid_key(""));
        assert!(!valid_key(&"k".repeat(129)));
        assert!(!valid_key("has space"));
        assert!(!valid_key("键"));
    }

    #[test]
    fn a_body_splits_at_each_separator() {
        let parts: Vec<&[u8]> = split_on(b"a--b--c", b"--").collect();
        assert_eq!(parts, vec![&b"a"[..], &b"b"[..], &b"c"[..]]);
        let parts: Vec<&[u8]> = split_on(b"abc", b"--").collect();
        assert_eq!(parts, vec![&b"abc"[..]]);
    }
}
