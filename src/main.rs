//! Entry point: mounts the app in the browser, runs the server natively.

#[cfg(target_arch = "wasm32")]
fn main() {
    seed_portal::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    seed_portal::server::main()
}
