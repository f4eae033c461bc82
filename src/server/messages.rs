//! Sending messages to users (SMS codes now; quote codes and notifications later).

use async_trait::async_trait;

use super::store::{outbox, Db};
use crate::domain::privacy::mask_phone;

/// Delivers a text message to a phone. A real deployment fills this with an SMS gateway.
#[async_trait]
pub trait MessageSender: Send + Sync + std::fmt::Debug {
    async fn send_sms(&self, phone: &str, body: &str, now_ms: i64) -> Result<(), String>;
}

/// The embedded default: writes the message to the server log (recipient masked) and to the
/// demo outbox table, which the `/outbox` page shows.
#[derive(Debug, Clone)]
pub struct OutboxSender {
    pub db: Db,
}

#[async_trait]
impl MessageSender for OutboxSender {
    async fn send_sms(&self, phone: &str, body: &str, now_ms: i64) -> Result<(), String> {
        tracing::info!(to = %mask_phone(phone), %body, "sms (demo outbox)");
        outbox::insert(&self.db, phone, "sms", body, now_ms)
            .await
            .map_err(|e| e.to_string())
    }
}
