//! The S3 server the photo tests may run against (`.ci/s3` starts s3s-fs and prints its
//! endpoint): with `TEST_S3_ENDPOINT` set, every app stores its photos in a folder of its own
//! in the bucket `portal-test` (`TEST_S3_BUCKET`), and [`Bucket`] looks at the bucket directly,
//! through the S3 protocol, not through the portal's storage code.

use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};

use seed_portal::server::config::{PhotoStore, S3Settings};

/// The keys `.ci/s3` gives the server.
pub const ACCESS_KEY: &str = "portal-test-key";
pub const SECRET_KEY: &str = "portal-test-secret";

/// The S3 server's endpoint, when the tests run on one.
pub fn endpoint() -> Option<String> {
    std::env::var("TEST_S3_ENDPOINT")
        .ok()
        .filter(|e| !e.trim().is_empty())
}

/// Do the tests store photos in S3?
pub fn on_s3() -> bool {
    endpoint().is_some()
}

/// Settings for a bucket folder at `endpoint`, fresh for each app.
pub fn settings(endpoint: &str) -> S3Settings {
    S3Settings {
        bucket: std::env::var("TEST_S3_BUCKET").unwrap_or_else(|_| "portal-test".into()),
        endpoint: Some(endpoint.to_string()),
        region: "us-east-1".into(),
        credentials: Some((ACCESS_KEY.into(), SECRET_KEY.into())),
        path_style: true,
        prefix: format!("t-{}", uuid::Uuid::new_v4().simple()),
    }
}

/// The store of a fresh app: a new folder in the test bucket, or `None` for local disk.
pub fn fresh_store() -> Option<PhotoStore> {
    endpoint().map(|e| PhotoStore::S3(settings(&e)))
}

/// The bucket as the S3 server shows it, limited to one app's folder.
pub struct Bucket {
    client: AmazonS3,
    prefix: String,
}

impl Bucket {
    pub fn new(s: &S3Settings) -> Bucket {
        let client = AmazonS3Builder::new()
            .with_bucket_name(&s.bucket)
            .with_endpoint(s.endpoint.as_deref().expect("an endpoint"))
            .with_region(&s.region)
            .with_access_key_id(ACCESS_KEY)
            .with_secret_access_key(SECRET_KEY)
            .with_allow_http(true)
            .build()
            .expect("S3 client");
        Bucket {
            client,
            prefix: s.prefix.clone(),
        }
    }

    fn path(&self, key: &str) -> Path {
        Path::from(format!("{}/{key}", self.prefix))
    }

    /// Every key under the folder (relative to it), sorted.
    pub async fn keys(&self) -> Vec<String> {
        let prefix = Path::from(self.prefix.as_str());
        let mut keys: Vec<String> = self
            .client
            .list(Some(&prefix))
            .map_ok(|o| {
                o.location
                    .as_ref()
                    .trim_start_matches(&format!("{}/", self.prefix))
                    .to_string()
            })
            .try_collect()
            .await
            .expect("list the bucket");
        keys.sort();
        keys
    }

    pub async fn count(&self) -> usize {
        self.keys().await.len()
    }

    /// An object's bytes, straight from the bucket.
    pub async fn get(&self, key: &str) -> Option<Vec<u8>> {
        match self.client.get(&self.path(key)).await {
            Ok(r) => Some(r.bytes().await.expect("object bytes").to_vec()),
            Err(object_store::Error::NotFound { .. }) => None,
            Err(e) => panic!("get {key}: {e}"),
        }
    }

    /// Writes an object behind the portal's back (a crash's leftovers).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) {
        self.client
            .put(&self.path(key), bytes.into())
            .await
            .expect("put into the bucket");
    }
}
