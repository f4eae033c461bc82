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
pub mod setup;

use std::cell::RefCell;
use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response, UrlSearchParams};

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
                    None => t.label(ErrorCode::CodeWrong).to_string(),
                },
                (ErrorCode::RateLimited, _, _) => match body.retry_after_secs {
                    Some(secs) => (t.retry_in)(secs),
                    None => t.label(ErrorCode::RateLimited).to_string(),
                },
                (code, _, _) => t.label(code).to_string(),
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

/// The text of an answer (`None` when it cannot be read).
async fn text(resp: &Response) -> Option<String> {
    JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
}

/// Sends one request with `fetch` (JSON accepted; a body is sent as JSON) and turns a non-2xx
/// answer into its [`ApiError`]. Straight on `web_sys`: a request wrapper crate would cost
/// more of the first download than these lines.
async fn send(
    method: &str,
    url: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<Response, ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    headers
        .append("Accept", "application/json")
        .map_err(|_| ApiError::Network)?;
    if let Some(body) = body {
        headers
            .append("Content-Type", "application/json")
            .map_err(|_| ApiError::Network)?;
        init.set_body(&JsValue::from_str(&body));
    }
    if let Some(key) = idempotency_key {
        headers
            .append("Idempotency-Key", key)
            .map_err(|_| ApiError::Network)?;
    }
    init.set_headers(&headers);
    let req = Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::Network)?;
    let resp: Response = JsFuture::from(window().fetch_with_request(&req))
        .await
        .ok()
        .and_then(|r| r.dyn_into().ok())
        .ok_or(ApiError::Network)?;
    if resp.ok() {
        Ok(resp)
    } else {
        let status = resp.status();
        let text = text(&resp).await.unwrap_or_default();
        Err(ApiError::from_answer(status, &text))
    }
}

/// A request's answer as text, with its status: not generic, so every answer type adds only
/// its decoding. A `POST` carries an `Idempotency-Key`: the same one on every retry of the
/// same request until it gets an answer, so a create whose answer was lost on a bad
/// connection happens once however often it is sent again.
async fn send_text(
    method: &'static str,
    url: &str,
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    let retry_of = format!("{url}\n{}", body.as_deref().unwrap_or_default());
    let key = (method == "POST").then(|| idempotency_key(&retry_of));
    let answer = match send(method, url, body, key.as_deref()).await {
        Ok(resp) => {
            let text = text(&resp).await.ok_or(ApiError::Network);
            text.map(|text| (resp.status(), text))
        }
        Err(e) => Err(e),
    };
    // Answered (yes or no): the next send of the same request is a new one. Unanswered,
    // or the first send still at work: the next send is a retry with the same key.
    let unanswered = match &answer {
        Err(ApiError::Network) => true,
        Err(ApiError::Api { body, .. }) => body.code == ErrorCode::IdempotencyInProgress,
        _ => false,
    };
    if key.is_some() && !unanswered {
        PENDING_KEYS.with(|keys| keys.borrow_mut().retain(|(r, _)| *r != retry_of));
    }
    answer
}

thread_local! {
    /// The key of each `POST` sent but not answered, by URL and body.
    static PENDING_KEYS: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// The key for a `POST`: the one its earlier unanswered send used, or a new random one.
fn idempotency_key(request: &str) -> String {
    PENDING_KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, key)) = keys.iter().find(|(r, _)| r == request) {
            return key.clone();
        }
        let key = format!(
            "{:x}-{:x}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
        );
        keys.push((request.to_string(), key.clone()));
        key
    })
}

/// An answer's JSON as `T` (the decoding is the only part each answer type adds).
fn parse<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::Unexpected {
        status,
        message: None,
    })
}

/// A body as JSON text.
fn json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|_| ApiError::Network)
}

/// The URL of an API path with its query. The query is decoded and written again the way
/// `URLSearchParams` writes it, so the URL is exactly the one the server preloads a screen's
/// first reads by (`sections::first_data`).
fn request_url(path: &str) -> String {
    let Some((base, query)) = path.split_once('?') else {
        return url(path);
    };
    let decode = |s: &str| {
        js_sys::decode_uri_component(s)
            .map(String::from)
            .unwrap_or_else(|_| s.to_string())
    };
    let Ok(params) = UrlSearchParams::new() else {
        return url(path);
    };
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        params.append(&decode(k), &decode(v));
    }
    let query = String::from(params.to_string());
    if query.is_empty() {
        url(base)
    } else {
        format!("{}?{query}", url(base))
    }
}

/// `GET` a JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let (status, text) = get_text(path).await?;
    parse(status, &text)
}

/// The answer to a `GET` as text with its status: the page's own answer when it carries
/// one (see [`first_answer`]), else the network's.
async fn get_text(path: &str) -> Result<(u16, String), ApiError> {
    let url = request_url(path);
    if let Some(text) = first_answer(&url) {
        return Ok((200, text));
    }
    send_text("GET", &url, None).await
}

/// How long after the app starts the answers in the page count as fresh (ms): they are for
/// the first screen, which reads them at once.
const FIRST_ANSWERS_FRESH_MS: f64 = 30_000.0;

thread_local! {
    /// The answers the server put into the page for the screen it opened
    /// (`<script type="application/json" id="first-data">`, URL → JSON), read once, with the
    /// time they were read.
    static FIRST_ANSWERS: RefCell<Option<(JsValue, f64)>> = const { RefCell::new(None) };
}

/// The page's own answer for `url`, if the server put one in and it is still fresh; each is
/// taken once, so a later read of the same URL goes to the network.
fn first_answer(url: &str) -> Option<String> {
    FIRST_ANSWERS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (answers, read_at) = cell.get_or_insert_with(|| {
            let answers = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("first-data"))
                .and_then(|e| e.text_content())
                .and_then(|t| js_sys::JSON::parse(&t).ok())
                .unwrap_or(JsValue::NULL);
            (answers, js_sys::Date::now())
        });
        if !answers.is_object() || js_sys::Date::now() - *read_at > FIRST_ANSWERS_FRESH_MS {
            return None;
        }
        let key = JsValue::from_str(url);
        let answer = js_sys::Reflect::get(answers, &key)
            .ok()
            .filter(|v| !v.is_undefined())?;
        let _ = js_sys::Reflect::delete_property(answers.unchecked_ref::<js_sys::Object>(), &key);
        js_sys::JSON::stringify(&answer).ok().map(String::from)
    })
}

/// A JSON file of the build (not under the API), e.g. the lazy routes' manifest, parsed by
/// the browser (`None` when it cannot be had).
pub async fn get_file(url: &str) -> Option<JsValue> {
    let resp = send("GET", url, None, None).await.ok()?;
    js_sys::JSON::parse(&text(&resp).await?).ok()
}

/// `POST` a JSON body (or none) and decode the JSON answer.
pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let body = body.map(json).transpose()?;
    let (status, text) = send_text("POST", &url(path), body).await?;
    parse(status, &text)
}

/// `POST` expecting no content back (e.g. sign-out).
pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    send_text("POST", &url(path), None).await.map(|_| ())
}

/// `PUT` a JSON body and decode the JSON answer.
pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let (status, text) = send_text("PUT", &url(path), Some(json(body)?)).await?;
    parse(status, &text)
}

/// `DELETE` expecting no content back.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    send("DELETE", &url(path), None, None).await.map(|_| ())
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

/// Loads a list's next page into `slot`, its items after those shown (an error replaces
/// the list).
pub fn load_more<T, Fut>(slot: Loaded<crate::domain::paging::Page<T>>, fut: Fut)
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<crate::domain::paging::Page<T>, ApiError>> + 'static,
{
    spawn_local(async move {
        match fut.await {
            Ok(next) => {
                slot.try_update(|s| {
                    if let Some(Ok(page)) = s {
                        page.items.extend(next.items);
                        page.next_cursor = next.next_cursor;
                    }
                });
            }
            Err(e) => {
                slot.try_set(Some(Err(e)));
            }
        }
    });
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
