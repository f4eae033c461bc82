//! The screens behind each route, one module per feature.

pub mod auth;
pub mod diary;
pub mod feedback;
pub mod inspections;
pub mod not_found;
pub mod outbox;
pub mod photos;
pub mod projects;
pub mod quotes;
pub mod service;
pub mod setup;
