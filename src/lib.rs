//! Seed portal: a customer self-service portal for home-renovation companies.
//!
//! One package, split by compile target: [`domain`] is shared by the browser app and the
//! server; `app` is the Leptos single-page app (wasm32; its pure parts, the texts, also compile
//! on the host for their unit tests); `server` is the REST backend (native only).

pub mod domain;

pub mod app;

#[cfg(not(target_arch = "wasm32"))]
pub mod server;
