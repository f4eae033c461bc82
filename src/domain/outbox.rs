//! Messages sent to users (sign-in codes, later quote codes and notifications).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A message as the demo outbox page shows it (recipient masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: String,
    pub recipient_masked: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}
