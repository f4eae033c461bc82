//! The demo outbox: messages the embedded sender "sent" (only when enabled, for demos).

use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::outbox::OutboxMessage;
use crate::domain::privacy::mask_phone;
use crate::domain::ApiErrorBody;
use crate::server::clock::from_ms;
use crate::server::error::{AppError, AppResult};
use crate::server::state::AppState;
use crate::server::store::outbox;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_outbox))
}

/// The newest 50 messages (recipients masked). 404 unless the demo outbox is enabled.
#[utoipa::path(get, path = "/api/v1/dev/outbox", tag = "demo",
    responses((status = 200, body = Vec<OutboxMessage>), (status = 404, body = ApiErrorBody)))]
async fn list_outbox(State(state): State<AppState>) -> AppResult<Json<Vec<OutboxMessage>>> {
    if !state.config.demo_outbox {
        return Err(AppError::not_found());
    }
    let rows = outbox::latest(&state.db, 50).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| OutboxMessage {
                id: r.id,
                recipient_masked: mask_phone(&r.recipient),
                body: r.body,
                created_at: from_ms(r.created_at),
            })
            .collect(),
    ))
}
