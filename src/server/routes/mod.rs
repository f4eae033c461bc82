//! The REST API under `/api/v1`: one `router()` per feature, merged here with the OpenAPI
//! document generated from the handlers.

pub mod auth;
pub mod diary;
pub mod leaderboard;
pub mod nodes;
pub mod outbox;
pub mod photos;
pub mod projects;
pub mod quotes;
pub mod ratings;
pub mod service;
pub mod setup;
pub mod surveys;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use super::error::AppError;
use super::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Seed renovation portal API", version = "1"),
    tags(
        (name = "auth", description = "Sign-in and sessions"),
        (name = "projects", description = "The caller's projects"),
        (name = "diary", description = "The construction diary"),
        (name = "photos", description = "Site photos"),
        (name = "inspections", description = "Node inspections, rework and sign-off"),
        (name = "quotes", description = "Quote revisions and their three-step confirmation"),
        (name = "service", description = "Warranty claims, callbacks, complaints and the staff queue"),
        (name = "ratings", description = "Homeowners rate the crew"),
        (name = "leaderboard", description = "The weekly quality leaderboard (红黑榜)"),
        (name = "surveys", description = "Satisfaction surveys after handover (回访)"),
        (name = "setup", description = "Staff register projects and homeowners"),
        (name = "demo", description = "Demo helpers")
    )
)]
struct ApiDoc;

/// The API router (paths are absolute, `/api/v1/...`) and its OpenAPI document.
pub fn api() -> Router<AppState> {
    let (router, openapi) = split();
    let doc = std::sync::Arc::new(openapi);
    router
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { Json((*doc).clone()) }
            }),
        )
        .route(
            "/api/v1/health",
            get(|| async { Json(serde_json::json!({"status": "ok"})) }),
        )
}

/// Every feature's routes and the OpenAPI document they make together.
fn split() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::router())
        .merge(projects::router())
        .merge(diary::router())
        .merge(nodes::router())
        .merge(quotes::router())
        .merge(service::router())
        .merge(photos::router())
        .merge(outbox::router())
        .merge(ratings::router())
        .merge(leaderboard::router())
        .merge(surveys::router())
        .merge(setup::router())
        .split_for_parts()
}

/// Any unmatched `/api/...` path: a JSON 404, never the SPA page.
pub async fn api_not_found() -> AppError {
    AppError::new(crate::domain::ErrorCode::NotFound, "no such API endpoint")
}

#[cfg(test)]
mod tests {
    /// Every documented refusal (4xx) answers with an `ApiErrorBody`.
    #[test]
    fn refusals_are_documented_as_error_bodies() {
        let doc = serde_json::to_value(super::split().1).expect("openapi serialises");
        if let Ok(path) = std::env::var("OPENAPI_DUMP") {
            std::fs::write(path, serde_json::to_string_pretty(&doc).expect("json")).expect("dump");
        }
        let mut refusals = 0;
        for (path, ops) in doc["paths"].as_object().expect("paths") {
            for (method, op) in ops.as_object().expect("operations") {
                for (status, answer) in op["responses"].as_object().expect("responses") {
                    if status.starts_with('4') {
                        refusals += 1;
                        let schema = &answer["content"]["application/json"]["schema"]["$ref"];
                        assert_eq!(
                            schema, "#/components/schemas/ApiErrorBody",
                            "{method} {path} {status}"
                        );
                    }
                }
            }
        }
        assert!(refusals > 100, "only {refusals} refusals documented");
    }
}
