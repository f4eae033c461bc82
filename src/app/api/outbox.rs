//! The demo outbox, where one-time codes land instead of real text messages.

use super::{get, ApiError};
use crate::domain::outbox::OutboxMessage;

/// Messages, newest first.
pub async fn list() -> Result<Vec<OutboxMessage>, ApiError> {
    get("/dev/outbox").await
}
