//! Photos in an S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS), through the
//! `object_store` crate.
//!
//! Atomicity: an S3 PUT (and the completion of a multipart upload) makes the whole object
//! visible at once or not at all, and the store acknowledges it only once stored durably, so
//! [`PhotoStorage::put`] keeps its promise without temporary objects. Objects larger than
//! [`S3Storage::MULTIPART_FROM`] go up in parts; a failed multipart upload is aborted. The bucket is never
//! public: the portal reads objects with its own credentials after its access check.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig};

use super::{check_key, PhotoStorage};
use crate::server::config::S3Settings;

/// The size of each part but the last (S3's smallest is 5 MiB).
const PART_SIZE: usize = 5 * 1024 * 1024;

/// Photos in one bucket, under an optional prefix.
pub struct S3Storage {
    store: Arc<dyn ObjectStore>,
    /// `bucket/prefix at endpoint`, for the log (no credentials).
    describe: String,
}

impl std::fmt::Debug for S3Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Storage({})", self.describe)
    }
}

/// The endpoint for virtual-hosted addressing: `object_store` wants the bucket in the host
/// (`https://photos.oss-cn-hangzhou.aliyuncs.com`); an endpoint that has it already stays.
fn virtual_hosted_endpoint(endpoint: &str, bucket: &str) -> Result<String, String> {
    let mut url = url::Url::parse(endpoint).map_err(|e| format!("S3_ENDPOINT: {e}"))?;
    let host = url.host_str().unwrap_or_default().to_string();
    if !host.starts_with(&format!("{bucket}.")) {
        url.set_host(Some(&format!("{bucket}.{host}")))
            .map_err(|e| format!("S3_ENDPOINT: {e}"))?;
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

fn io_error(e: object_store::Error) -> std::io::Error {
    match e {
        object_store::Error::NotFound { .. } => {
            std::io::Error::new(std::io::ErrorKind::NotFound, e.to_string())
        }
        other => std::io::Error::other(other.to_string()),
    }
}

/// A checked key as a store path.
fn path(key: &str) -> std::io::Result<Path> {
    check_key(key)?;
    Path::parse(key).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
}

impl S3Storage {
    /// Objects from this size go up as a multipart upload (an original may be 20 MB).
    pub const MULTIPART_FROM: usize = 8 * 1024 * 1024;

    /// A client for the bucket; nothing is sent until the first request (`/readyz` probes).
    pub fn new(s: &S3Settings) -> Result<S3Storage, String> {
        // AWS_* variables (session token, container or instance credentials) first; the
        // portal's own settings override them.
        let mut b = AmazonS3Builder::from_env()
            .with_bucket_name(&s.bucket)
            .with_region(&s.region)
            .with_virtual_hosted_style_request(!s.path_style)
            // Answers within seconds or a failure: the request's own client waits no longer.
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: 3,
                retry_timeout: Duration::from_secs(30),
            })
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(60))
                    .with_allow_http(
                        s.endpoint
                            .as_deref()
                            .is_some_and(|e| e.starts_with("http://")),
                    ),
            );
        if let Some(endpoint) = &s.endpoint {
            b = b.with_endpoint(if s.path_style {
                endpoint.clone()
            } else {
                virtual_hosted_endpoint(endpoint, &s.bucket)?
            });
        }
        if let Some((id, secret)) = &s.credentials {
            b = b.with_access_key_id(id).with_secret_access_key(secret);
        }
        let bucket = b.build().map_err(|e| e.to_string())?;
        let store: Arc<dyn ObjectStore> = if s.prefix.is_empty() {
            Arc::new(bucket)
        } else {
            Arc::new(PrefixStore::new(bucket, s.prefix.as_str()))
        };
        Ok(S3Storage {
            store,
            describe: format!(
                "{}/{} at {}",
                s.bucket,
                s.prefix,
                s.endpoint.as_deref().unwrap_or("AWS")
            ),
        })
    }

    /// Uploads in parts (two at a time); if a part or the completion fails, the upload is
    /// aborted, so no part stays behind.
    async fn put_in_parts(&self, at: &Path, bytes: Bytes) -> object_store::Result<()> {
        let mut upload = self.store.put_multipart(at).await?;
        let parts: Vec<_> = (0..bytes.len())
            .step_by(PART_SIZE)
            .map(|from| {
                upload.put_part(
                    bytes
                        .slice(from..(from + PART_SIZE).min(bytes.len()))
                        .into(),
                )
            })
            .collect();
        let sent = futures_util::stream::iter(parts)
            .buffered(2)
            .try_collect::<Vec<()>>()
            .await;
        let done = match sent {
            Ok(_) => upload.complete().await.map(|_| ()),
            Err(e) => Err(e),
        };
        if done.is_err() {
            if let Err(e) = upload.abort().await {
                tracing::warn!(error = %e, "could not abort a failed multipart upload");
            }
        }
        done
    }
}

#[async_trait]
impl PhotoStorage for S3Storage {
    async fn put(&self, key: &str, bytes: Bytes) -> std::io::Result<()> {
        let at = path(key)?;
        if bytes.len() >= Self::MULTIPART_FROM {
            self.put_in_parts(&at, bytes).await.map_err(io_error)
        } else {
            self.store
                .put(&at, bytes.into())
                .await
                .map(|_| ())
                .map_err(io_error)
        }
    }

    async fn get(&self, key: &str) -> std::io::Result<Option<Bytes>> {
        let at = path(key)?;
        match self.store.get(&at).await {
            Ok(found) => found.bytes().await.map(Some).map_err(io_error),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(io_error(e)),
        }
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        match self.store.delete(&path(key)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(io_error(e)),
        }
    }

    async fn list_keys_older_than(&self, before_ms: i64) -> std::io::Result<Vec<String>> {
        let objects: Vec<_> = self
            .store
            .list(None)
            .try_collect()
            .await
            .map_err(io_error)?;
        Ok(objects
            .into_iter()
            .filter(|o| o.last_modified.timestamp_millis() < before_ms)
            .map(|o| o.location.to_string())
            .filter(|k| check_key(k).is_ok())
            .collect())
    }

    /// Nothing to do: a PUT leaves no temporary object, and a failed multipart upload is
    /// aborted at once. Parts of one cut off by a crash stay invisible in the bucket (never
    /// listed as objects); S3 has no portable, cheap way to list them (`object_store` offers
    /// none), so the bucket's lifecycle rule removes them (`AbortIncompleteMultipartUpload`,
    /// see the README).
    async fn purge_temp_older_than(&self, _before_ms: i64) -> std::io::Result<usize> {
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_hosted_addressing_puts_the_bucket_in_the_host_once() {
        assert_eq!(
            virtual_hosted_endpoint("https://oss-cn-hangzhou.aliyuncs.com", "photos").unwrap(),
            "https://photos.oss-cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            virtual_hosted_endpoint("https://photos.cos.ap-shanghai.myqcloud.com/", "photos")
                .unwrap(),
            "https://photos.cos.ap-shanghai.myqcloud.com"
        );
    }

    #[test]
    fn keys_are_checked_before_any_request() {
        for bad in ["../x", "a//b", "/etc/passwd", "p/.hidden", ""] {
            assert!(path(bad).is_err(), "{bad}");
        }
        assert_eq!(path("p/q/thumb.jpg").unwrap().as_ref(), "p/q/thumb.jpg");
    }
}
