//! Serving the built SPA from the same port as the API: precompressed hashed assets with
//! long immutable caching, `index.html` uncached with a strict CSP, and history fallback
//! (any non-API path answers the app, which routes in the browser).

use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

use super::state::AppState;
use crate::domain::bundles::Bundle;

/// `index.html` as built, with the CSP that admits exactly its inline loader scripts.
#[derive(Debug, Clone)]
pub struct IndexPage {
    html: String,
    csp: String,
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
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; \
             style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        );
        IndexPage { html, csp }
    }

    fn response(&self) -> Response {
        let mut res = (StatusCode::OK, self.html.clone()).into_response();
        let h = res.headers_mut();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
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

/// The page of each bundle, loaded once at start-up.
#[derive(Debug, Clone)]
struct Pages(Arc<Vec<(Bundle, IndexPage)>>);

impl Pages {
    fn load(dir: &Path) -> Pages {
        Pages(Arc::new(
            Bundle::ALL
                .iter()
                .map(|b| (*b, IndexPage::load(dir, b.index_file())))
                .collect(),
        ))
    }

    fn response(&self, bundle: Bundle) -> Response {
        self.0
            .iter()
            .find(|(b, _)| *b == bundle)
            .map(|(_, page)| page.response())
            .unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
    }
}

/// The SPA router: assets from `dir`; any other path answers the page of the bundle that
/// serves it (history fallback), always with its CSP and uncached.
pub fn router(dir: &Path) -> Router<AppState> {
    let pages = Pages::load(dir);
    let fallback_pages = pages.clone();
    let serve = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(get(move |uri: Uri| {
            let pages = fallback_pages.clone();
            async move { pages.response(Bundle::for_path(uri.path())) }
        }));
    let mut router = Router::new().route(
        "/",
        get({
            let pages = pages.clone();
            move || async move { pages.response(Bundle::Portal) }
        }),
    );
    // The pages themselves never come from the file server (it would skip the CSP).
    for bundle in Bundle::ALL {
        let pages = pages.clone();
        router = router.route(
            &format!("/{}", bundle.index_file()),
            get(move || async move { pages.response(bundle) }),
        );
    }
    router
        .fallback_service(serve)
        .layer(middleware::from_fn(asset_cache))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<script src="/a.js"></script><script type="module">init()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // echo -n 'init()' | openssl dgst -sha256 -binary | base64
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }
}
