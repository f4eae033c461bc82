//! Where photo bytes live. The embedded default is a local directory; an S3-compatible
//! object store can implement the same trait.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use bytes::Bytes;

/// Byte storage addressed by keys like `<project>/<photo>/thumb.jpg`.
#[async_trait]
pub trait PhotoStorage: Send + Sync + std::fmt::Debug {
    /// Stores bytes under a key, replacing nothing half-way (atomic per object).
    async fn put(&self, key: &str, bytes: Bytes) -> std::io::Result<()>;
    /// Reads an object; `None` if it is not there.
    async fn get(&self, key: &str) -> std::io::Result<Option<Bytes>>;
    /// Removes an object (missing is fine).
    async fn delete(&self, key: &str) -> std::io::Result<()>;
}

/// Photos on local disk under one directory.
#[derive(Debug, Clone)]
pub struct LocalDirStorage {
    root: PathBuf,
}

impl LocalDirStorage {
    pub fn new(root: impl Into<PathBuf>) -> std::io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    /// Maps a key to a path, refusing anything that could leave the root.
    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        let ok = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            });
        if ok {
            Ok(self.root.join(key))
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "bad storage key",
            ))
        }
    }

    /// Number of files stored (used by tests to prove refusals leave nothing behind).
    pub fn file_count(root: &Path) -> usize {
        fn walk(p: &Path) -> usize {
            match std::fs::read_dir(p) {
                Ok(rd) => rd
                    .flatten()
                    .map(|e| {
                        let path = e.path();
                        if path.is_dir() {
                            walk(&path)
                        } else {
                            1
                        }
                    })
                    .sum(),
                Err(_) => 0,
            }
        }
        walk(root)
    }
}

#[async_trait]
impl PhotoStorage for LocalDirStorage {
    async fn put(&self, key: &str, bytes: Bytes) -> std::io::Result<()> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&tmp, &bytes).await?;
        if let Err(e) = tokio::fs::rename(&tmp, &path).await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e);
        }
        Ok(())
    }

    async fn get(&self, key: &str) -> std::io::Result<Option<Bytes>> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(b) => Ok(Some(Bytes::from(b))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        // Remove the photo's folder once it is empty (ignore "not empty").
        if let Some(parent) = path.parent() {
            if parent != self.root {
                let _ = tokio::fs::remove_dir(parent).await;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keys_cannot_escape_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let s = LocalDirStorage::new(dir.path()).unwrap();
        assert!(s.put("../x", Bytes::from_static(b"x")).await.is_err());
        assert!(s.put("a//b", Bytes::from_static(b"x")).await.is_err());
        assert!(s.get("/etc/passwd").await.is_err());
        s.put("p/q/thumb.jpg", Bytes::from_static(b"x"))
            .await
            .unwrap();
        assert_eq!(s.get("p/q/thumb.jpg").await.unwrap().unwrap(), "x");
        s.delete("p/q/thumb.jpg").await.unwrap();
        assert!(s.get("p/q/thumb.jpg").await.unwrap().is_none());
        assert_eq!(LocalDirStorage::file_count(dir.path()), 0);
    }
}
