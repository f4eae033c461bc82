//! Request extractors: the signed-in user, JSON bodies with `{code, message}` refusals,
//! and the client's address for rate limits.

use std::net::{IpAddr, SocketAddr};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::AppError;
use super::state::AppState;
use super::store::{sessions, users::UserRow};
use crate::domain::ErrorCode;

/// Reads one cookie's value from the request headers.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// The signed-in user; answers 401 when there is no live session.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub UserRow);

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let token = cookie_value(&parts.headers, state.config.session_cookie_name())
            .ok_or_else(AppError::unauthenticated)?;
        let user = sessions::user_for(&state.db, token, state.clock.now_ms())
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        Ok(CurrentUser(user))
    }
}

/// A JSON body whose rejections answer `{code, message}`: 415 without a JSON content type,
/// 400 for broken JSON, 422 for JSON of the wrong shape.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => AppError::new(
                    ErrorCode::UnsupportedMediaType,
                    "send the body as application/json",
                ),
                JsonRejection::JsonDataError(e) => {
                    AppError::new(ErrorCode::Validation, e.body_text())
                }
                JsonRejection::JsonSyntaxError(_) => {
                    AppError::bad_request("the body is not valid JSON")
                }
                other => AppError::bad_request(other.body_text()),
            }),
        }
    }
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when the
/// server is configured to trust its proxy.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S> FromRequestParts<S> for ClientIp
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        if state.config.trust_proxy {
            if let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok())
            {
                return Ok(ClientIp(ip));
            }
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Ok(ClientIp(peer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, "a=1; sid=abc; b=2".parse().unwrap());
        assert_eq!(cookie_value(&h, "sid"), Some("abc"));
        assert_eq!(cookie_value(&h, "x"), None);
    }
}
