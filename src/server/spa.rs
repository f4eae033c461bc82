//! Serving the built SPA from the same port as the API: precompressed hashed assets with
//! long immutable caching, `index.html` uncached with a strict CSP, and history fallback
//! (any non-API path answers the app, which routes in the browser).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::extractors::cookie_value;
use super::extractors::Caller;
use super::routes::{self, auth::me_of};
use super::state::AppState;
use super::store::sessions;
use crate::domain::auth::Me;
use crate::domain::diary::DiaryPage;
use crate::domain::sections::{first_data, lazy_route};

/// `index.html` as built, with the CSP that admits exactly its inline loader scripts, and
/// the files each lazy route needs (`pkg/<hash>/routes.json`, URLs) to preload them.
#[derive(Debug, Clone)]
pub struct IndexPage {
    html: String,
    csp: String,
    chunks: Arc<HashMap<String, Vec<String>>>,
}

/// The build's `routes.json` as URLs: the build folder is the one the page loads its JS from.
fn load_chunks(dir: &Path, html: &str) -> HashMap<String, Vec<String>> {
    let Some(folder) = html
        .split("/pkg/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
    else {
        return HashMap::new();
    };
    let path = dir.join("pkg").join(folder).join("routes.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return HashMap::new();
    };
    let files: HashMap<String, Vec<String>> = serde_json::from_str(&text).unwrap_or_default();
    files
        .into_iter()
        .map(|(route, list)| {
            let urls = list
                .into_iter()
                .filter(|f| !f.contains(['"', '<', '>', '/']))
                .map(|f| format!("/pkg/{folder}/{f}"))
                .collect();
            (route, urls)
        })
        .collect()
}

/// SHA-256 hashes (CSP source expressions) of every inline `<script>` in a page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        let body = &after[body_start..body_start + close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[body_start + close..];
    }
    out
}

impl IndexPage {
    /// Reads a bundle's page from the built SPA; without a build, a page saying how to make one.
    pub fn load(dir: &Path, file: &str) -> IndexPage {
        let html = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|_| {
            "<!doctype html><meta charset=utf-8><title>Portal</title>\
             <p>The web app is not built yet: run <code>bash .ci/start</code>.</p>"
                .to_string()
        });
        let scripts = inline_script_hashes(&html).join(" ");
        let chunks = Arc::new(load_chunks(dir, &html));
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; \
             style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        );
        IndexPage { html, csp, chunks }
    }

    /// The page with the signed-in user (or `null`) as a JSON data block, which the app
    /// reads before its first render. `<` is escaped so that no value can close the element.
    ///
    /// A path drawn by a lazy route also gets preload hints for that route's chunks, so they
    /// download alongside the main module instead of after it.
    ///
    /// `first` is what the server read for the screen with the caller's access: its API
    /// answers go into the page (the app takes them instead of asking again), and its first
    /// pictures (the diary's newest thumbnails) start downloading with the page, so the
    /// largest paint does not wait for the wasm, then the data, then the pictures.
    fn with_session(&self, path: &str, me: Option<&Me>, first: &FirstReads) -> IndexPage {
        let json = serde_json::to_string(&me)
            .unwrap_or_else(|_| "null".into())
            .replace('<', "\\u003c");
        let mut block = format!(r#"<script type="application/json" id="session">{json}</script>"#);
        let route = lazy_route(path).and_then(|r| self.chunks.get(r));
        for url in route.into_iter().flatten() {
            block.push_str(&format!(
                r#"<link rel="preload" href="{url}" as="fetch" type="application/wasm" crossorigin>"#
            ));
        }
        // The screen's first reads come with the page, not after the wasm (signed in only:
        // otherwise the app goes to sign-in).
        if me.is_some() {
            if !first.answers.is_empty() {
                let json = serde_json::to_string(&first.answers)
                    .unwrap_or_else(|_| "{}".into())
                    .replace('<', "\\u003c");
                block.push_str(&format!(
                    r#"<script type="application/json" id="first-data">{json}</script>"#
                ));
            }
            for url in first.images.iter().filter(|u| !u.contains(['"', '<', '>'])) {
                block.push_str(&format!(
                    r#"<link rel="preload" href="{url}" as="image" fetchpriority="high">"#
                ));
            }
        }
        IndexPage {
            html: self.html.replacen(SESSION_MARK, &block, 1),
            csp: self.csp.clone(),
            chunks: self.chunks.clone(),
        }
    }

    /// The page as an answer; one carrying a user's data is never stored, as the API's
    /// answers are not.
    fn response(&self, personal: bool) -> Response {
        let mut res = (StatusCode::OK, self.html.clone()).into_response();
        let h = res.headers_mut();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        let cache = if personal { "no-store" } else { "no-cache" };
        h.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
        if let Ok(v) = HeaderValue::from_str(&self.csp) {
            h.insert(CONTENT_SECURITY_POLICY, v);
        }
        res
    }
}

/// Hashed build outputs never change under the same name: cache them for a year.
async fn asset_cache(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK && !res.headers().contains_key(CACHE_CONTROL) {
        res.headers_mut().insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    res
}

/// Where the served page says who is signed in (see [`IndexPage::with_session`]).
const SESSION_MARK: &str = "<!--session-->";

/// The one page of the app, answered for every path that is not a file or an API: the app
/// routes in the browser. It carries who is signed in, so the first screen needs no
/// round trip for that; it is never cached.
async fn page(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    page: IndexPage,
    api: Router,
) -> Response {
    // A file that is not there (an old build's chunk, a typo) is a 404, not the page: a
    // script or wasm request answered with HTML fails in confusing ways.
    if is_file_path(uri.path()) && uri.path() != "/index.html" {
        return StatusCode::NOT_FOUND.into_response();
    }
    let token = cookie_value(&headers, state.config.session_cookie_name());
    let caller = match token {
        Some(token) => sessions::user_for(
            &state.db,
            token,
            state.clock.now_ms(),
            state.config.session_idle_ms(),
        )
        .await
        .ok()
        .flatten()
        .and_then(|user| Caller::from_row(user).ok()),
        None => None,
    };
    let me = caller.as_ref().map(me_of);
    let first = match &me {
        Some(_) => first_reads(api, &headers, uri.path()).await,
        None => FirstReads::default(),
    };
    page.with_session(uri.path(), me.as_ref(), &first)
        .response(!first.answers.is_empty())
}

/// What the server reads for the screen a page opens (see [`IndexPage::with_session`]).
#[derive(Debug, Default)]
struct FirstReads {
    /// The screen's first API answers by URL (`sections::first_data`), as JSON.
    answers: BTreeMap<String, serde_json::Value>,
    /// The diary's newest thumbnails.
    images: Vec<String>,
}

/// The largest API answer put into a page; a larger one the app reads itself.
const FIRST_ANSWER_MAX: usize = 256 * 1024;

/// How many of the newest diary thumbnails the diary's page preloads: the ones a phone
/// shows above the fold.
const FIRST_PICTURES: usize = 4;

/// Asks the API, as the caller (their cookie), for the screen's first reads. Each goes
/// through the same handler, access check and audit as the app's own request would; one
/// that is refused or too large is left out, and the app asks for it (and shows the
/// refusal) itself.
async fn first_reads(api: Router, headers: &HeaderMap, path: &str) -> FirstReads {
    let mut first = FirstReads::default();
    for url in first_data(path) {
        let mut req = axum::http::Request::builder()
            .uri(&url)
            .header(ACCEPT, "application/json");
        if let Some(cookie) = headers.get(COOKIE) {
            req = req.header(COOKIE, cookie);
        }
        let Ok(req) = req.body(Body::empty()) else {
            continue;
        };
        let Ok(res) = api.clone().oneshot(req).await;
        if res.status() != StatusCode::OK {
            continue;
        }
        let Ok(bytes) = axum::body::to_bytes(res.into_body(), FIRST_ANSWER_MAX).await else {
            continue;
        };
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            first.answers.insert(url, value);
        }
    }
    first.images = diary_project(path)
        .and_then(|id| {
            let (_, page) = first.answers.iter().find(|(u, _)| is_diary_page(u, id))?;
            Some(page.clone())
        })
        .map(first_pictures)
        .unwrap_or_default();
    first
}

/// Whether `url` is the read of a project's diary page.
fn is_diary_page(url: &str, project_id: &str) -> bool {
    url.starts_with(&format!("/api/v1/projects/{project_id}/diary"))
}

/// The thumbnails the diary screen shows first: the newest entry's.
fn first_pictures(page: serde_json::Value) -> Vec<String> {
    serde_json::from_value::<DiaryPage>(page)
        .map(|page| {
            page.items
                .into_iter()
                .take(1)
                .flat_map(|entry| entry.photos)
                .take(FIRST_PICTURES)
                .map(|photo| photo.thumb_url)
                .collect()
        })
        .unwrap_or_default()
}

/// The project of a diary screen's path, if it is one.
fn diary_project(path: &str) -> Option<&str> {
    let mut segs = path.trim_matches('/').split('/');
    match (segs.next(), segs.next(), segs.next()) {
        (Some("projects"), Some(id), None)
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
        {
            Some(id)
        }
        _ => None,
    }
}

/// Paths of build outputs and other files, as opposed to the app's routes (which never have
/// a dot in their last segment).
fn is_file_path(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

/// The SPA router: files from `dir` (hashed, precompressed); any other path answers the
/// app's page (history fallback), always with its CSP and uncached.
pub fn router(state: &AppState) -> Router<AppState> {
    let dir = state.config.spa_dir.as_path();
    let index = IndexPage::load(dir, "index.html");
    let api = routes::api().with_state(state.clone());
    let fallback = get(
        move |state: State<AppState>, uri: Uri, headers: HeaderMap| {
            page(state, uri, headers, index.clone(), api.clone())
        },
    )
    .with_state(state.clone());
    let serve = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(fallback.clone());
    // The page itself never comes from the file server (it would skip the CSP).
    Router::new()
        .route_service("/", fallback.clone())
        .route_service("/index.html", fallback.clone())
        .fallback_service(serve)
        .layer(middleware::from_fn(asset_cache))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::diary::{DiaryEntry, Weather};
    use crate::domain::photos::PhotoRef;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // echo -n 'init()' | openssl dgst -sha256 -binary | base64
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn missing_files_are_not_answered_with_the_page() {
        assert!(is_file_path("/pkg/abc/split_x.wasm"));
        assert!(is_file_path("/main-0123.css"));
        assert!(is_file_path("/favicon.svg"));
        assert!(!is_file_path("/projects/p1"));
        assert!(!is_file_path("/quotes/q1"));
        assert!(!is_file_path("/"));
    }

    #[test]
    fn the_session_block_cannot_close_its_element() {
        let page = IndexPage {
            html: format!("<head>{SESSION_MARK}</head>"),
            csp: String::new(),
            chunks: Arc::new(HashMap::from([(
                "care".to_string(),
                vec![
                    "/pkg/h/split_p.wasm".to_string(),
                    "/pkg/h/chunk_1.wasm".to_string(),
                ],
            )])),
        };
        let me = Me {
            id: "u1".into(),
            name: "</script><script>alert(1)</script>".into(),
            role: crate::domain::auth::Role::Homeowner,
            phone_masked: None,
            company_name: "c".into(),
            agreement_due: false,
        };
        let html = page
            .with_session("/projects", Some(&me), &FirstReads::default())
            .html;
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(html.contains(r"\u003c/script>"));
        let body = html
            .trim_start_matches(r#"<head><script type="application/json" id="session">"#)
            .split("</script>")
            .next()
            .unwrap_or_default();
        let back: Option<Me> = serde_json::from_str(body).unwrap();
        assert_eq!(back.unwrap().name, me.name);
        assert!(page
            .with_session("/projects", None, &FirstReads::default())
            .html
            .contains(">null</script>"));
        // A lazy route's page preloads its chunks; a main-module page preloads none.
        let lazy = page
            .with_session("/care/projects/p1/progress", None, &FirstReads::default())
            .html;
        assert_eq!(lazy.matches(r#"rel="preload""#).count(), 2);
        assert!(lazy.contains(r#"href="/pkg/h/split_p.wasm""#));
        // A main-module page preloads no chunk.
        assert!(!html.contains(".wasm"));
        // The screen's first answers, signed in only, and never text that could close the
        // element; the diary's first pictures, never a URL that could break out.
        let first = FirstReads {
            answers: BTreeMap::from([(
                "/api/v1/projects/p1".to_string(),
                serde_json::json!({ "title": "</script><b>" }),
            )]),
            images: vec![
                "/api/v1/photos/a/thumb".to_string(),
                "/x\"><script>".to_string(),
            ],
        };
        let diary = page.with_session("/projects/p1", Some(&me), &first).html;
        assert!(diary.contains(
            r#"<link rel="preload" href="/api/v1/photos/a/thumb" as="image" fetchpriority="high">"#
        ));
        assert_eq!(diary.matches(r#"as="image""#).count(), 1);
        let data = diary
            .split(r#"<script type="application/json" id="first-data">"#)
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .unwrap_or_default();
        let back: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(back["/api/v1/projects/p1"]["title"], "</script><b>");
        let out = page.with_session("/projects/p1", None, &first).html;
        assert!(!out.contains(r#"as="image""#));
        assert!(!out.contains("first-data"));
    }

    #[test]
    fn the_diary_shows_its_newest_entrys_thumbnails_first() {
        let photo = |id: &str| PhotoRef::for_id(id, 4, 3);
        let entry = |photos: Vec<PhotoRef>| DiaryEntry {
            id: "e".into(),
            project_id: "p".into(),
            entry_date: chrono::NaiveDate::default(),
            weather: Weather::Sunny,
            work_done: "w".into(),
            trades: Vec::new(),
            materials: String::new(),
            problems: String::new(),
            photos,
            author_name: "a".into(),
            created_at: chrono::DateTime::default(),
            updated_at: chrono::DateTime::default(),
            revision_count: 0,
            can_edit: false,
        };
        let newest = entry((0..6).map(|i| photo(&format!("n{i}"))).collect());
        let older = entry(vec![photo("o")]);
        let page = DiaryPage {
            items: vec![newest, older],
            next_cursor: None,
        };
        let pics = first_pictures(serde_json::to_value(page).unwrap());
        assert_eq!(pics.len(), FIRST_PICTURES, "{pics:?}");
        assert_eq!(pics[0], "/api/v1/photos/n0/thumb");
        assert!(first_pictures(serde_json::json!({ "items": [] })).is_empty());
        assert!(is_diary_page("/api/v1/projects/p1/diary?limit=20", "p1"));
        assert!(!is_diary_page("/api/v1/projects/p1", "p1"));
    }

    #[test]
    fn only_the_diary_screen_names_a_project() {
        assert_eq!(diary_project("/projects/p-1"), Some("p-1"));
        assert_eq!(diary_project("/projects/p-1/"), Some("p-1"));
        assert_eq!(diary_project("/projects"), None);
        assert_eq!(diary_project("/projects/p1/diary/new"), None);
        assert_eq!(diary_project("/projects/a%20b"), None);
        assert_eq!(diary_project("/care/projects/p1/progress"), None);
    }
}
