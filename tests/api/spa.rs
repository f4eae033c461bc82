//! The SPA is served from the same port: history fallback, uncached index with a CSP that
//! admits exactly its inline loader, immutable precompressed assets, security headers.

use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY};

use crate::support::spawn_app_with;

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
        let r = c.get(app.url(path)).send().await.unwrap();
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

    let r = c.get(app.url("/app-1a2b.js")).send().await.unwrap();
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
    let r = c.get(app.url("/api/v1/unknown")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
}

/// Each bundle's page has its own inline loader; the CSP must admit exactly that one.
fn page(bundle: &str) -> String {
    format!(
        r#"<!doctype html><html lang="zh-CN"><head><script type="module">import init from '/seed-{bundle}-1a2b.js'; await init();</script></head><body></body></html>"#
    )
}

fn csp_hash(bundle: &str) -> String {
    seed_portal::server::spa::inline_script_hashes(&page(bundle))
        .pop()
        .expect("one inline script")
}

#[tokio::test]
async fn each_path_gets_the_page_of_its_bundle() {
    let spa = tempfile::tempdir().unwrap();
    for (file, bundle) in [
        ("index.html", "portal"),
        ("care.html", "care"),
        ("quotes.html", "quotes"),
        ("service.html", "service"),
        ("desk.html", "desk"),
        ("feedback.html", "feedback"),
        ("board.html", "board"),
        ("console.html", "console"),
    ] {
        std::fs::write(spa.path().join(file), page(bundle)).unwrap();
    }
    let dir = spa.path().to_path_buf();
    let app = spawn_app_with(move |c| c.spa_dir = dir).await;
    let c = reqwest::Client::new();
    let cases = [
        ("/", "portal"),
        ("/projects/abc", "portal"),
        ("/careers", "portal"),
        ("/care/projects/abc/progress", "care"),
        ("/quotes/q1", "quotes"),
        ("/quotes/projects/abc", "quotes"),
        ("/service/items/i1", "service"),
        ("/desk/queue", "desk"),
        ("/board", "board"),
        ("/feedback/projects/p", "feedback"),
        ("/care.html", "care"),
        ("/console/projects/abc/inspections", "console"),
        ("/console.html", "console"),
    ];
    for (path, bundle) in cases {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()[CACHE_CONTROL], "no-cache", "{path}");
        let csp = r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains(&csp_hash(bundle)), "{path}: {csp}");
        for other in [
            "portal", "care", "quotes", "service", "desk", "feedback", "board", "console",
        ]
        .iter()
        .filter(|b| **b != bundle)
        {
            assert!(
                !csp.contains(&csp_hash(other)),
                "{path} admits {other}'s loader"
            );
        }
        let body = r.text().await.unwrap();
        assert!(
            body.contains(&format!("seed-{bundle}-1a2b.js")),
            "{path}: {body}"
        );
    }
}
