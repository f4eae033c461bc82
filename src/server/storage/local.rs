//! Photos on local disk under one directory (the default).
//!
//! Durability: [`LocalDirStorage::put`] writes a temporary file in the object's folder,
//! flushes it to disk (fsync), renames it into place and fsyncs the folder (and any folder it
//! had to create), so an object is either whole and durable or not there at all. A crash or a
//! full disk leaves at most a temporary file, which the hourly housekeeping removes
//! ([`PhotoStorage::purge_temp_older_than`]); objects whose record never committed are found
//! with [`PhotoStorage::list_keys_older_than`] (see [`crate::server::photos`]).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use async_trait::async_trait;
use bytes::Bytes;

use super::{check_key, PhotoStorage};

/// Photos on local disk under one directory.
#[derive(Debug, Clone)]
pub struct LocalDirStorage {
    root: PathBuf,
}

/// Is this file name a temporary one of an unfinished `put`? Current ones are
/// `.<name>.<uuid>.tmp`; earlier versions wrote `<name>.tmp-<uuid>`. Keys never start with a
/// dot, so no object can be taken for one.
fn is_temp(name: &str) -> bool {
    (name.starts_with('.') && name.ends_with(".tmp")) || name.contains(".tmp-")
}

/// Flushes a folder's entries (a created, renamed or removed name) to disk.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Creates `dir` and any missing folders above it (up to `root`), flushing each new entry.
fn create_dirs_durably(root: &Path, dir: &Path) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut d = dir;
    while d != root && !d.exists() {
        missing.push(d);
        match d.parent() {
            Some(p) => d = p,
            None => break,
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    for created in missing.iter().rev() {
        if let Some(parent) = created.parent() {
            sync_dir(parent)?;
        }
    }
    Ok(())
}

/// Writes a temporary file beside `path`, fsyncs it, renames it into place and fsyncs the
/// folder. On failure the temporary file is removed.
fn put_durably(root: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(root);
    create_dirs_durably(root, dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// One file or folder found under the root.
struct Found {
    path: PathBuf,
    is_dir: bool,
    /// Last modification, Unix milliseconds.
    modified_ms: i64,
}

/// Everything under `dir`, each folder after its contents. Entries that vanish or cannot be
/// read while walking are skipped.
fn walk(dir: &Path, out: &mut Vec<Found>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let modified_ms = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        let path = entry.path();
        if meta.is_dir() {
            walk(&path, out);
        }
        out.push(Found {
            path,
            is_dir: meta.is_dir(),
            modified_ms,
        });
    }
}

impl LocalDirStorage {
    pub fn new(root: impl Into<PathBuf>) -> std::io::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)?;
        Ok(Self { root })
    }

    /// Maps a key to a path, refusing anything that could leave the root or be taken for a
    /// temporary file ([`check_key`]).
    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        check_key(key).map(|()| self.root.join(key))
    }

    /// The key of a path under the root (`None` for anything that is not a valid key).
    fn key_of(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Vec<&str> = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<_>>()?;
        let key = parts.join("/");
        self.path(&key).ok().map(|_| key)
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

fn join_error(e: tokio::task::JoinError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

#[async_trait]
impl PhotoStorage for LocalDirStorage {
    async fn put(&self, key: &str, bytes: Bytes) -> std::io::Result<()> {
        let path = self.path(key)?;
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || put_durably(&root, &path, &bytes))
            .await
            .map_err(join_error)?
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

    async fn list_keys_older_than(&self, before_ms: i64) -> std::io::Result<Vec<String>> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut found = Vec::new();
            walk(&this.root, &mut found);
            found
                .into_iter()
                .filter(|f| !f.is_dir && f.modified_ms < before_ms)
                .filter(|f| {
                    f.path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| !is_temp(n))
                })
                .filter_map(|f| this.key_of(&f.path))
                .collect()
        })
        .await
        .map_err(join_error)
    }

    async fn purge_temp_older_than(&self, before_ms: i64) -> std::io::Result<usize> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            let mut found = Vec::new();
            walk(&root, &mut found);
            let mut removed = 0;
            for f in found.iter().filter(|f| f.modified_ms < before_ms) {
                if f.is_dir {
                    // A folder a crash left empty (one with anything in it stays).
                    let _ = fs::remove_dir(&f.path);
                    continue;
                }
                let temp = f
                    .path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_temp);
                if !temp {
                    continue;
                }
                match fs::remove_file(&f.path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
                if let Some(parent) = f.path.parent().filter(|p| *p != root) {
                    let _ = fs::remove_dir(parent);
                }
            }
            Ok(removed)
        })
        .await
        .map_err(join_error)?
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
        assert!(s
            .put("p/q/.hidden", Bytes::from_static(b"x"))
            .await
            .is_err());
    }

    fn set_mtime(path: &Path, ago: std::time::Duration) {
        // A read-only handle is enough for the owner to set the times (folders too).
        File::open(path)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - ago)
            .unwrap();
    }

    #[tokio::test]
    async fn put_leaves_no_temporary_file_and_old_leftovers_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let s = LocalDirStorage::new(dir.path()).unwrap();
        s.put("p/a/thumb.jpg", Bytes::from_static(b"a"))
            .await
            .unwrap();
        s.put("p/a/thumb.jpg", Bytes::from_static(b"b"))
            .await
            .unwrap();
        assert_eq!(s.get("p/a/thumb.jpg").await.unwrap().unwrap(), "b");
        assert_eq!(LocalDirStorage::file_count(dir.path()), 1);

        // What crashes leave: a temporary file beside a whole object, one alone in its
        // folder, one of the earlier naming, and an empty folder.
        let hour = std::time::Duration::from_secs(3600);
        let leftovers = [
            dir.path().join("p/a/.large.jpg.0123.tmp"),
            dir.path().join("p/b/.thumb.jpg.4567.tmp"),
            dir.path().join("p/b/original.jpg.tmp-89ab"),
        ];
        fs::create_dir_all(dir.path().join("p/b")).unwrap();
        fs::create_dir_all(dir.path().join("p/c")).unwrap();
        for f in &leftovers {
            fs::write(f, b"half").unwrap();
            set_mtime(f, 2 * hour);
        }
        let now_ms = chrono::Utc::now().timestamp_millis();
        // Temporary files are never listed as objects.
        assert_eq!(
            s.list_keys_older_than(now_ms + 1000).await.unwrap(),
            vec!["p/a/thumb.jpg"]
        );
        assert!(s
            .list_keys_older_than(now_ms - 3_600_000)
            .await
            .unwrap()
            .is_empty());
        // Young leftovers stay (a write may be under way).
        assert_eq!(
            s.purge_temp_older_than(now_ms - 3 * 3_600_000)
                .await
                .unwrap(),
            0
        );
        set_mtime(&dir.path().join("p/c"), 2 * hour);
        assert_eq!(
            s.purge_temp_older_than(now_ms - 3_600_000).await.unwrap(),
            3
        );
        assert!(!dir.path().join("p/b").exists());
        assert!(!dir.path().join("p/c").exists());
        assert_eq!(s.get("p/a/thumb.jpg").await.unwrap().unwrap(), "b");
        assert_eq!(LocalDirStorage::file_count(dir.path()), 1);
    }
}
