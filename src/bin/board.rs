//! The `board` browser bundle (see `domain::bundles`): mounts its screens in the browser.
//! Natively there is nothing to run; the server is `seed-portal`.

#[cfg(target_arch = "wasm32")]
fn main() {
    seed_portal::app::start_board();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("seed-board is a browser bundle built by Trunk; run seed-portal to serve it");
}
