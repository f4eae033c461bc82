//! Where photo bytes live: a local directory by default ([`LocalDirStorage`]), or an
//! S3-compatible bucket ([`S3Storage`], `PHOTO_STORE=s3`). Either way the bytes are only ever
//! served by the portal after its access check.

mod local;
mod s3;

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;

pub use local::LocalDirStorage;
pub use s3::S3Storage;

use crate::server::config::{Config, PhotoStore};

/// Byte storage addressed by keys like `<project>/<photo>/thumb.jpg`.
#[async_trait]
pub trait PhotoStorage: Send + Sync + std::fmt::Debug {
    /// Stores bytes under a key, replacing nothing half-way (atomic per object), and durably:
    /// once it returns, the object survives a crash.
    async fn put(&self, key: &str, bytes: Bytes) -> std::io::Result<()>;
    /// Reads an object; `None` if it is not there.
    async fn get(&self, key: &str) -> std::io::Result<Option<Bytes>>;
    /// Removes an object (missing is fine).
    async fn delete(&self, key: &str) -> std::io::Result<()>;
    /// Keys of the whole objects last written before `before_ms` (Unix milliseconds), for
    /// the sweep of objects whose record never committed.
    async fn list_keys_older_than(&self, before_ms: i64) -> std::io::Result<Vec<String>>;
    /// Removes what interrupted writes left behind (temporary files, empty folders) last
    /// touched before `before_ms`; returns how many files went.
    async fn purge_temp_older_than(&self, before_ms: i64) -> std::io::Result<usize>;
    /// The readiness check (`/readyz`): writes a small object at the top level (never taken
    /// for a photo's), reads it back and removes it. Any storage gets it for free.
    async fn probe(&self) -> std::io::Result<()> {
        let key = format!("readyz-{}", uuid::Uuid::new_v4().simple());
        let body = Bytes::from(key.clone().into_bytes());
        self.put(&key, body.clone()).await?;
        let back = self.get(&key).await;
        let removed = self.delete(&key).await;
        match back? {
            Some(b) if b == body => removed,
            _ => Err(std::io::Error::other("the probe object did not read back")),
        }
    }
}

/// Is this a key the portal writes: `/`-separated parts of letters, digits, `-`, `_` and `.`,
/// none empty and none starting with a dot (so no key leaves a folder or is taken for a
/// temporary file)?
pub fn check_key(key: &str) -> std::io::Result<()> {
    let ok = !key.is_empty()
        && key.split('/').all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    if ok {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "bad storage key",
        ))
    }
}

/// The storage the configuration names (`PHOTO_STORE`); the message says which failed.
pub fn open(config: &Config) -> Result<Arc<dyn PhotoStorage>, String> {
    Ok(match &config.photo_store {
        PhotoStore::Local => Arc::new(
            LocalDirStorage::new(&config.photo_dir)
                .map_err(|e| format!("photo directory {}: {e}", config.photo_dir.display()))?,
        ),
        PhotoStore::S3(settings) => {
            Arc::new(S3Storage::new(settings).map_err(|e| format!("S3 photo storage: {e}"))?)
        }
    })
}
