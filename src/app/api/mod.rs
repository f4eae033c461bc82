//! Talking to the portal's REST API: one place that sends requests and turns every refusal
//! into an [`ApiError`] the pages can explain in plain words.

pub mod auth;
pub mod diary;
pub mod feedback;
pub mod inspections;
pub mod outbox;
pub mod photos;
pub mod projects;
pub mod quotes;
pub mod service;

use std::future::Future;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use crate::app::i18n::field_text;
use crate::app::i18n::Texts;
use crate::domain::error::{FieldError, FieldReason};
use crate::domain::{ApiErrorBody, ErrorCode};

/// Prefix of every API path.
pub const BASE: &str = "/api/v1";

/// Why a request failed, as far as the UI needs to know.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server refused with its error body.
    Api { status: u16, body: ApiErrorBody },
    /// The server answered something this client doesn't understand (message if any).
    Unexpected {
        status: u16,
        message: Option<String>,
    },
    /// No answer at all (offline, server down).
    Network,
    /// Refused or failed before sending, on this side (carries a localized text).
    Local(String),
    /// A client-side check of one input field failed (localized text).
    Invalid { field: &'static str, text: String },
    /// A client-side check of one input field failed for a typed reason: worded like the
    /// server's refusal of that field, in the language shown.
    Field {
        field: &'static str,
        reason: FieldReason,
        limit: Option<u32>,
    },
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::Field {
            field: e.field,
            reason: e.reason,
            limit: e.limit,
        }
    }
}

impl ApiError {
    /// The stable error code, when the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Api { body, .. } => Some(body.code),
            _ => None,
        }
    }

    /// The input field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Api { body, .. } => body.field.as_deref(),
            ApiError::Invalid { field, .. } | ApiError::Field { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Is this "you are not signed in"?
    pub fn is_unauthenticated(&self) -> bool {
        self.code() == Some(ErrorCode::Unauthenticated)
    }

    /// Plain-language, localized explanation, chosen by code, field and reason (never by the
    /// server's English message, which is only the fallback for an unknown answer).
    pub fn describe(&self, t: &Texts) -> String {
        match self {
            ApiError::Api { body, .. } => match (body.code, body.field.as_deref(), body.reason) {
                (ErrorCode::Validation, Some(field), Some(reason)) => {
                    field_text(t, field, reason, body.limit)
                }
                (ErrorCode::CodeWrong, _, _) => match body.tries_left {
                    Some(n) => (t.code_wrong)(n),
                    None => t.error(ErrorCode::CodeWrong).to_string(),
                },
                (code, _, _) => t.error(code).to_string(),
            },
            ApiError::Field {
                field,
                reason,
                limit,
            } => field_text(t, field, *reason, *limit),
            ApiError::Unexpected {
                message: Some(m), ..
            } if !m.is_empty() => m.clone(),
            ApiError::Unexpected { .. } => t.unexpected_error.to_string(),
            ApiError::Network => t.network_error.to_string(),
            ApiError::Local(text) | ApiError::Invalid { text, .. } => text.clone(),
        }
    }

    /// Builds the error for a non-2xx answer from its status and body text.
    pub fn from_answer(status: u16, text: &str) -> ApiError {
        if let Ok(body) = serde_json::from_str::<ApiErrorBody>(text) {
            return ApiError::Api { status, body };
        }
        // An unknown code or another shape: keep the server's message as the fallback.
        let message = serde_json::from_str::<MessageOnly>(text)
            .ok()
            .and_then(|m| m.message);
        ApiError::Unexpected { status, message }
    }
}

/// The `message` of an error body whose code this client doesn't know.
#[derive(serde::Deserialize)]
struct MessageOnly {
    message: Option<String>,
}

/// Full URL of an API path.
pub fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

async fn finish(req: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let req = req.map_err(|_| ApiError::Network)?;
    let resp = req.send().await.map_err(|_| ApiError::Network)?;
    if resp.ok() {
        Ok(resp)
    } else {
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        Err(ApiError::from_answer(status, &text))
    }
}

async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    let status = resp.status();
    let text = resp.text().await.map_err(|_| ApiError::Network)?;
    serde_json::from_str(&text).map_err(|_| ApiError::Unexpected {
        status,
        message: None,
    })
}

fn with_body<B: Serialize>(
    builder: RequestBuilder,
    body: Option<&B>,
) -> Result<Request, gloo_net::Error> {
    let builder = builder.header("Accept", "application/json");
    match body {
        Some(b) => builder.json(b),
        None => builder.build(),
    }
}

/// A request for an API path with its query. gloo-net would add a stray `&` to a URL that
/// already has a query, so the query goes through its builder: the URL is then exactly the
/// path's (the server preloads a screen's first reads by that URL, `sections::first_data`).
fn request(make: fn(&str) -> RequestBuilder, path: &str) -> RequestBuilder {
    let Some((base, query)) = path.split_once('?') else {
        return make(&url(path));
    };
    let decode = |s: &str| {
        js_sys::decode_uri_component(s)
            .map(String::from)
            .unwrap_or_else(|_| s.to_string())
    };
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect();
    make(&url(base)).query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// `GET` a JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let resp = finish(with_body::<()>(request(Request::get, path), None)).await?;
    decode(resp).await
}

/// `POST` a JSON body (or none) and decode the JSON answer.
pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let resp = finish(with_body(Request::post(&url(path)), body)).await?;
    decode(resp).await
}

/// `POST` expecting no content back (e.g. sign-out).
pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    finish(with_body::<()>(Request::post(&url(path)), None))
        .await
        .map(|_| ())
}

/// `PUT` a JSON body and decode the JSON answer.
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let resp = finish(with_body(Request::put(&url(path)), Some(body))).await?;
    decode(resp).await
}

/// `DELETE` expecting no content back.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    finish(with_body::<()>(Request::delete(&url(path)), None))
        .await
        .map(|_| ())
}

/// Percent-encodes a query or path value (ids and cursors are plain ASCII, but be safe).
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// What a page holds for data it fetched: `None` while loading.
pub type Loaded<T> = RwSignal<Option<Result<T, ApiError>>>;

/// Starts loading `fut` into a fresh [`Loaded`] signal.
///
/// A deliberately small stand-in for `LocalResource` (whose async machinery is generic over
/// every data type and weighs heavily in the wasm size budget); the futures need not be `Send`.
pub fn load<T, Fut>(fut: Fut) -> Loaded<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let slot = RwSignal::new(None);
    reload(slot, fut);
    slot
}

/// Loads `fut` again into `slot`, keeping what is shown until the answer arrives.
pub fn reload<T, Fut>(slot: Loaded<T>, fut: Fut)
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    spawn_local(async move {
        let result = fut.await;
        slot.try_set(Some(result));
    });
}
