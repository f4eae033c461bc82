//! Sending messages to users (SMS codes now; quote codes and notifications later).

use async_trait::async_trait;

use super::store::{outbox, Db};
use crate::domain::privacy::{mask_codes, mask_phone};

/// Delivers a text message to a phone. A real deployment fills this with an SMS gateway.
#[async_trait]
pub trait MessageSender: Send + Sync + std::fmt::Debug {
    async fn send_sms(&self, phone: &str, body: &str, now_ms: i64) -> Result<(), String>;
}

/// The embedded default: stores the message in the outbox table, which the demo `/outbox`
/// page shows. The log gets the masked recipient only, never the text (it carries codes);
/// without the demo outbox the stored text has its codes blanked, so no code is kept in clear.
#[derive(Debug, Clone)]
pub struct OutboxSender {
    pub db: Db,
    /// Keep codes readable in the stored text (the demo outbox is on).
    pub keep_codes: bool,
}

#[async_trait]
impl MessageSender for OutboxSender {
    async fn send_sms(&self, phone: &str, body: &str, now_ms: i64) -> Result<(), String> {
        tracing::info!(to = %mask_phone(phone), chars = body.chars().count(), "sms (outbox)");
        let stored = if self.keep_codes {
            body.to_string()
        } else {
            mask_codes(body)
        };
        outbox::insert(&self.db, phone, "sms", &stored, now_ms)
            .await
            .map_err(|e| e.to_string())
    }
}
