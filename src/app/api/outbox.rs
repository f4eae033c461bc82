//! The demo outbox, where one-time codes land instead of real text messages.

use super::{encode, get, ApiError};
use crate::domain::outbox::OutboxMessage;

/// Messages, newest first. The outbox opens on the server's own machine; from elsewhere the
/// page's address carries the demo key printed at start-up (`/outbox?key=…`), passed on here.
pub async fn list() -> Result<Vec<OutboxMessage>, ApiError> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let key = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("key="))
        .filter(|k| !k.is_empty());
    match key {
        Some(k) => get(&format!("/dev/outbox?key={}", encode(k))).await,
        None => get("/dev/outbox").await,
    }
}
