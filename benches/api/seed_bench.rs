//! `seed-bench`: the tool behind the API, scale and photo benchmarks (`.ci/bench-api`,
//! `.ci/bench-scale`, `.ci/bench-photos`). Commands, not tests; not part of the portal.
//!
//! ```text
//! seed-bench reference --bind ADDR --db FILE      the bare axum + sqlx reference server
//! seed-bench api --portal ADDR --reference ADDR   req/s and p99 side by side
//! seed-bench scale-gen --db FILE --shape one|many --plan FILE
//! seed-bench scale --demo ADDR --one ADDR --one-plan FILE --many ADDR --many-plan FILE
//! seed-bench photos --portal ADDR --pid PID --dir DIR
//! ```

// Native only: the browser build (`--target wasm32-unknown-unknown`) compiles every binary
// of the package, and this one is the server's kind.
#[cfg(not(target_arch = "wasm32"))]
mod http;
#[cfg(not(target_arch = "wasm32"))]
mod load;
#[cfg(not(target_arch = "wasm32"))]
mod photos;
#[cfg(not(target_arch = "wasm32"))]
mod reference;
#[cfg(not(target_arch = "wasm32"))]
mod scale;

#[cfg(not(target_arch = "wasm32"))]
pub type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("reference") => reference::run(rest).await,
        Some("api") => load::run(rest).await,
        Some("scale-gen") => scale::generate(rest).await,
        Some("scale") => scale::run(rest).await,
        Some("photos") => photos::run(rest).await,
        _ => {
            Err("usage: seed-bench reference|api|scale-gen|scale|photos … (see the source)".into())
        }
    };
    if let Err(e) = result {
        eprintln!("seed-bench: {e}");
        std::process::exit(1);
    }
}
