//! The demo outbox: messages the embedded sender "sent" (only when enabled, for demos).

use std::net::SocketAddr;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::outbox::OutboxMessage;
use crate::domain::privacy::mask_phone;
use crate::server::clock::from_ms;
use crate::server::error::refusal;
use crate::server::error::{AppError, AppResult};
use crate::server::extractors::PeerAddr;
use crate::server::state::AppState;
use crate::server::store::outbox;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_outbox))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct OutboxQuery {
    /// The demo key printed at start-up (needed unless the request comes from this machine).
    key: Option<String>,
}

/// May this request read the outbox? It shows sign-in codes, so only a request made on this
/// machine directly (a loopback peer with no proxy headers: behind a local proxy everyone
/// would look local) or one carrying the demo key (`?key=` or `X-Demo-Key`).
fn may_read(
    state: &AppState,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    key: Option<&str>,
) -> bool {
    let proxied = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    if !proxied && peer.is_some_and(|p| p.ip().is_loopback()) {
        return true;
    }
    let given = key.or_else(|| headers.get("x-demo-key").and_then(|v| v.to_str().ok()));
    // Compare digests, so the time taken says nothing about the key.
    given.is_some_and(|k| {
        Sha256::digest(k.as_bytes()) == Sha256::digest(state.config.demo_key.as_bytes())
    })
}

/// The newest 50 messages (recipients masked). 404 unless the demo outbox is enabled and the
/// request comes from this machine or carries the demo key.
#[utoipa::path(get, path = "/api/v1/dev/outbox", tag = "demo", params(OutboxQuery),
    responses((status = 200, body = Vec<OutboxMessage>), refusal::NotFound))]
async fn list_outbox(
    State(state): State<AppState>,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    Query(q): Query<OutboxQuery>,
) -> AppResult<Json<Vec<OutboxMessage>>> {
    if !state.config.demo_outbox || !may_read(&state, peer, &headers, q.key.as_deref()) {
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
