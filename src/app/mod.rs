//! The browser app: one Leptos single-page app (client-side rendered) for every role.
//!
//! Organised by feature: [`api`] talks to the server, [`i18n`] holds every text, [`components`]
//! are shared building blocks, [`routes`] maps addresses to [`pages`], the screens; the
//! sections after the first screens load lazily ([`sections`]); `shell.rs` starts the app and
//! holds the session. The texts ([`i18n`], but for their reactive access) compile on the host
//! as well, so that they and the route table (`route_table.rs`) have unit tests there.

// The pure parts: they compile on the host too, where they have unit tests.
pub mod i18n;
#[cfg(test)]
mod route_table;

// The browser app proper (Leptos, web APIs): wasm32 only.
#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod router;
#[cfg(target_arch = "wasm32")]
pub mod routes;
#[cfg(target_arch = "wasm32")]
pub mod sections;
#[cfg(target_arch = "wasm32")]
mod shell;

#[cfg(target_arch = "wasm32")]
pub use shell::{start, use_session, App, Session};
