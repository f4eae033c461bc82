//! Shared types and business rules, compiled into both the wasm app and the server.
//!
//! The server never trusts the client's copy of a rule: every validator here runs again on
//! the server before anything is stored.

pub mod auth;
pub mod dates;
pub mod diary;
pub mod error;
pub mod inspections;
pub mod outbox;
pub mod paging;
pub mod photos;
pub mod privacy;
pub mod projects;
pub mod quality;
pub mod quotes;
pub mod ratings;
pub mod sections;
pub mod service_desk;
pub mod service_levels;
pub mod setup;
pub mod surveys;
pub mod versions;
pub mod warranty;

#[cfg(test)]
pub(crate) mod variants;

pub use error::{ApiErrorBody, ErrorCode};
