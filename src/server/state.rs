//! Shared application state handed to every handler.

use std::sync::Arc;

use super::clock::Clock;
use super::config::Config;
use super::messages::MessageSender;
use super::storage::PhotoStorage;
use super::store::Db;

/// What handlers need: the database, photo storage, message sender, clock and config.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub photos: Arc<dyn PhotoStorage>,
    pub sender: Arc<dyn MessageSender>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
}
