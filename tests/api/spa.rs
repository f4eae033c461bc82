//! The SPA is served from the same port: history fallback, uncached index with a CSP that
//! admits exactly its inline loader, immutable precompressed assets, security headers.

use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY};

use crate::support::{get, get_json};
use crate::support::{spawn_app_with, TestApp};

const INDEX: &str = r#"<!doctype html><html lang="zh-CN"><head><script type="module">import init from '/app-1a2b.js'; await init();</script></head><body></body></html>"#;

#[tokio::test]
async fn index_assets_and_fallback_are_served_with_the_right_headers() {
    let spa = tempfile::tempdir().unwrap();
    std::fs::write(spa.path().join("index.html"), INDEX).unwrap();
    std::fs::write(
        spa.path().join("app-1a2b.js"),
        "export default function init() {}",
    )
    .unwrap();
    std::fs::write(
        spa.path().join("app-1a2b.js.br"),
        b"\x0b\x02\x80brotli-bytes",
    )
    .unwrap();
    let dir = spa.path().to_path_buf();
    let app = spawn_app_with(move |c| c.spa_dir = dir).await;
    let c = reqwest::Client::builder()
        .no_brotli()
        .no_gzip()
        .build()
        .unwrap();

    for path in ["/", "/projects/abc", "/login", "/index.html"] {
        let r = get(&c, app.url(path)).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()[CACHE_CONTROL], "no-cache", "{path}");
        let csp = r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.text().await.unwrap().contains("app-1a2b.js"));
    }

    let r = get(&c, app.url("/app-1a2b.js")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let r = c
        .get(app.url("/app-1a2b.js"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[CONTENT_ENCODING], "br");
    assert_eq!(
        r.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    // The API never falls back to the page.
    let r = get(&c, app.url("/api/v1/unknown")).await;
    assert_eq!(r.status(), 404);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
}

/// The page the app gets at `path`, as text.
async fn page_at(app: &TestApp, c: &reqwest::Client, path: &str) -> String {
    c.get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The page's first answers (`#first-data`), URL → JSON.
fn first_answers(body: &str) -> serde_json::Value {
    let json = body
        .split(r#"<script type="application/json" id="first-data">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the first answers");
    serde_json::from_str(json).unwrap()
}

const APP_PAGE: &str = r#"<!doctype html><html lang="zh-CN"><head><!--session--><script type="module">import init from '/pkg/h1/seed-portal.js'; init();</script></head><body></body></html>"#;

/// The one page of the app: every app path answers it with its CSP, uncached, with who is
/// signed in; a lazy route's page preloads that route's chunks; a missing file is a 404.
#[tokio::test]
async fn every_app_path_gets_the_one_page_with_the_session_and_its_chunks() {
    let spa = tempfile::tempdir().unwrap();
    std::fs::write(spa.path().join("index.html"), APP_PAGE).unwrap();
    std::fs::create_dir_all(spa.path().join("pkg/h1")).unwrap();
    std::fs::write(
        spa.path().join("pkg/h1/routes.json"),
        r#"{"care":["split___care_view_1.wasm","chunk_1.wasm"],"quotes":["split___quotes_view_1.wasm"]}"#,
    )
    .unwrap();
    std::fs::write(spa.path().join("pkg/h1/chunk_1.wasm"), b"\0asm").unwrap();
    let dir = spa.path().to_path_buf();
    let app = spawn_app_with(move |c| c.spa_dir = dir).await;
    let hash = seed_portal::server::spa::inline_script_hashes(APP_PAGE)
        .pop()
        .expect("one inline script");
    let c = reqwest::Client::new();
    for path in [
        "/",
        "/index.html",
        "/login",
        "/projects/abc",
        "/careers",
        "/care/projects/abc/progress",
        "/quotes/q1",
        "/desk/queue",
        "/console/projects/abc/inspections",
    ] {
        let r = get(&c, app.url(path)).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()[CACHE_CONTROL], "no-cache", "{path}");
        let csp = r.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains(&hash), "{path}: {csp}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains(r#"<script type="application/json" id="session">null</script>"#),
            "{path}: {body}"
        );
        // Signed out: chunk hints only (the app goes to sign-in, so no data hints).
        let preloads = body.matches(r#"rel="preload""#).count();
        let expected = match path {
            "/care/projects/abc/progress" => 2,
            "/quotes/q1" => 1,
            _ => 0,
        };
        assert_eq!(preloads, expected, "{path}: {body}");
    }
    let body = page_at(&app, &c, "/care/projects/abc/progress").await;
    assert!(body.contains(r#"href="/pkg/h1/split___care_view_1.wasm""#));
    assert!(body.contains(r#"href="/pkg/h1/chunk_1.wasm""#));

    // A build file that is there is served; one that is not is a 404, never the page.
    let r = get(&c, app.url("/pkg/h1/chunk_1.wasm")).await;
    assert_eq!(r.status(), 200);
    for missing in [
        "/pkg/h1/chunk_2.wasm",
        "/pkg/old/seed-portal.js",
        "/main-0.css",
    ] {
        let r = get(&c, app.url(missing)).await;
        assert_eq!(r.status(), 404, "{missing}");
    }

    // Signed in, the page carries the user (masked phone, no password hash).
    let w = app.world().await;
    let owner = app.login(&w.owner_a).await;
    let body = page_at(&app, &owner, "/projects").await;
    let json = body
        .split(r#"<script type="application/json" id="session">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the session block");
    let me: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(me["role"], "homeowner");
    assert!(me["phone_masked"].as_str().unwrap().contains("****"));
    assert!(!body.contains("argon2"));
    // …and the screen's first answers, the same the API gives it, so the app asks for none
    // of them again; a page with a user's data is never stored.
    let r = owner.get(app.url("/projects")).send().await.unwrap();
    assert_eq!(r.headers()[CACHE_CONTROL], "no-store");
    let answers = first_answers(&r.text().await.unwrap());
    let listed = get_json(&owner, app.url("/api/v1/projects")).await;
    assert_eq!(answers["/api/v1/projects"], listed);
    let own = format!("/projects/{}", w.project_a);
    let answers = first_answers(&page_at(&app, &owner, &own).await);
    let diary = format!("/api/v1/projects/{}/diary?limit=10", w.project_a);
    assert_eq!(
        answers[&format!("/api/v1{own}")]["id"],
        w.project_a.as_str()
    );
    assert!(answers[&diary]["items"].is_array(), "{answers}");
    // Another homeowner's project: the API refuses it, so the page carries nothing of it.
    let foreign = format!("/projects/{}", w.project_b);
    let body = page_at(&app, &owner, &foreign).await;
    assert!(!body.contains("first-data"), "{body}");
    assert!(!body.contains(&w.project_b), "{body}");
    // An id that is not a plain token gets no hints (nothing of the address enters the page).
    let body = page_at(&app, &owner, "/projects/a%22%3E%3Cb").await;
    assert!(!body.contains("/api/v1/projects/"), "{body}");
}
