//! `seed-portal backup <dir>` and `seed-portal restore <dir>` for the embedded set-up
//! (SQLite and photos on local disk). PostgreSQL is backed up with `pg_dump` (README).
//!
//! Backup runs while the portal serves: the database first, as one consistent snapshot
//! (`VACUUM INTO`, a transaction of its own, so writes go on meanwhile), then the photo folder.
//! In that order every photo the snapshot knows is in the copy: a photo's files are stored
//! before its row commits and removed only after its row is gone. Files of photos added
//! after the snapshot may come along too; the hourly clean-up removes such orphans.
//!
//! Restore needs the portal stopped: a running portal holds a shared lock on
//! `<database>.lock`, and restore takes it exclusively (and a portal will not start while a
//! restore holds it). The database and photos being replaced are kept beside the originals
//! as `….before-restore-<time>` until the operator removes them.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::server::config::Config;

/// The database file's name inside a backup folder.
pub const DB_FILE: &str = "portal.db";
/// The photo folder's name inside a backup folder.
pub const PHOTOS: &str = "photos";
/// The description of the backup, written last (a folder without it is not a backup).
pub const MANIFEST: &str = "backup.json";

/// What the binary was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve,
    Backup(PathBuf),
    Restore(PathBuf),
    Help,
}

pub const USAGE: &str = "usage: seed-portal                 serve the portal\n       \
                         seed-portal backup <dir>    back up the SQLite database and photos while the portal runs\n       \
                         seed-portal restore <dir>   restore a backup (the portal must be stopped)";

impl Command {
    /// The command line's arguments (after the program's name).
    pub fn parse(args: &[String]) -> Result<Command, String> {
        match args {
            [] => Ok(Command::Serve),
            [flag] if matches!(flag.as_str(), "-h" | "--help" | "help") => Ok(Command::Help),
            [cmd, dir] if cmd == "backup" => Ok(Command::Backup(dir.into())),
            [cmd, dir] if cmd == "restore" => Ok(Command::Restore(dir.into())),
            [cmd] if cmd == "backup" || cmd == "restore" => {
                Err(format!("{cmd}: give the backup folder"))
            }
            _ => Err(format!("unknown arguments: {}", args.join(" "))),
        }
    }
}

/// The SQLite database file a `sqlite:` URL names (`None` for PostgreSQL or in-memory).
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// The lock a running portal holds (shared) and a restore takes (exclusive).
pub fn lock_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Held by a running portal on SQLite: a restore cannot start while it is.
#[derive(Debug)]
pub struct PortalLock(#[allow(dead_code)] Option<File>);

impl PortalLock {
    /// Takes the shared lock of the database `url` names (nothing for PostgreSQL).
    pub fn take(url: &str) -> Result<PortalLock, String> {
        let Some(db) = sqlite_file(url) else {
            return Ok(PortalLock(None));
        };
        if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let path = lock_file(&db);
        let file = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        file.try_lock_shared()
            .map_err(|_| format!("{}: a restore is in progress", path.display()))?;
        Ok(PortalLock(Some(file)))
    }
}

fn sqlite_only(config: &Config, what: &str) -> Result<PathBuf, String> {
    sqlite_file(&config.database_url).ok_or_else(|| {
        format!(
            "{what} covers the SQLite set-up only; DATABASE_URL is not a SQLite file: use \
             pg_dump / pg_restore for PostgreSQL (README, Operating)"
        )
    })
}

/// Is this a leftover of an unfinished write or a readiness probe (never copied)?
fn skipped(name: &str) -> bool {
    (name.starts_with('.') && name.ends_with(".tmp"))
        || name.contains(".tmp-")
        || name.starts_with("readyz-")
}

/// Copies the photo tree; files that vanish meanwhile (a photo removed) are skipped.
/// Returns how many files were copied.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<usize> {
    fs::create_dir_all(to)?;
    let mut copied = 0;
    let entries = match fs::read_dir(from) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name_str) = name.to_str() else {
            continue;
        };
        if skipped(name_str) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        let kind = match entry.file_type() {
            Ok(k) => k,
            Err(_) => continue,
        };
        if kind.is_dir() {
            copied += copy_tree(&src, &dst)?;
        } else if kind.is_file() {
            match fs::copy(&src, &dst) {
                Ok(_) => copied += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(copied)
}

/// Opens a SQLite file that must exist.
async fn open(path: &Path) -> Result<sqlx::SqliteConnection, String> {
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Checks a database file whole (`PRAGMA integrity_check`).
async fn check_integrity(path: &Path) -> Result<(), String> {
    let mut conn = open(path).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| format!("{}: {e}", path.display()))?;
    conn.close().await.ok();
    if verdict == "ok" {
        Ok(())
    } else {
        Err(format!("{} is damaged: {verdict}", path.display()))
    }
}

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub photo_files: usize,
}

/// Are the photos in the local folder (`PHOTO_DIR`), rather than in a bucket?
fn photos_are_local(config: &Config) -> bool {
    matches!(config.photo_store, crate::server::config::PhotoStore::Local)
}

/// Backs up the database and photos of `config` into `dir` (new, or an empty folder).
pub async fn backup(config: &Config, dir: &Path) -> Result<Summary, String> {
    let db = sqlite_only(config, "backup")?;
    if !db.is_file() {
        return Err(format!("no database at {}", db.display()));
    }
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} is not empty: back up into a new folder",
            dir.display()
        ));
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let target = dir.join(DB_FILE);
    let target_str = target
        .to_str()
        .ok_or_else(|| format!("{}: the path is not UTF-8", target.display()))?;
    // Through the URL's own options (its pragmas), on a connection of its own.
    let mut conn = SqliteConnectOptions::from_str(&config.database_url)
        .map_err(|e| format!("DATABASE_URL: {e}"))?
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target_str)
        .execute(&mut conn)
        .await
        .map_err(|e| format!("the database snapshot failed: {e}"))?;
    conn.close().await.ok();
    check_integrity(&target).await?;
    // Photos in a bucket stay there (its versioning keeps them); only local ones are copied.
    let photo_files = if photos_are_local(config) {
        let (from, to) = (config.photo_dir.clone(), dir.join(PHOTOS));
        tokio::task::spawn_blocking(move || copy_tree(&from, &to))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("copying the photos failed: {e}"))?
    } else {
        0
    };
    let manifest = serde_json::json!({
        "format": 1,
        "created_at": chrono::Utc::now().to_rfc3339(),
        "database": DB_FILE,
        "photos": PHOTOS,
        "photo_files": photo_files,
    });
    fs::write(dir.join(MANIFEST), manifest.to_string())
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(Summary { photo_files })
}

/// `path` with `suffix` added to its name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Moves `path` aside (if it is there) to `path<suffix>`.
fn move_aside(path: &Path, suffix: &str) -> Result<Option<PathBuf>, String> {
    if !path.exists() {
        return Ok(None);
    }
    let to = beside(path, suffix);
    fs::rename(path, &to).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(to))
}

/// Restores the backup in `dir` over the database and photos of `config`; the portal must
/// be stopped. Returns what was moved aside.
pub async fn restore(config: &Config, dir: &Path) -> Result<Vec<PathBuf>, String> {
    let db = sqlite_only(config, "restore")?;
    let (src_db, src_photos) = (dir.join(DB_FILE), dir.join(PHOTOS));
    if !dir.join(MANIFEST).is_file() || !src_db.is_file() {
        return Err(format!(
            "{} is not a complete backup (no {MANIFEST} or {DB_FILE})",
            dir.display()
        ));
    }
    check_integrity(&src_db).await?;
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let lock_path = lock_file(&db);
    let lock = File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    if lock.try_lock().is_err() {
        return Err(format!(
            "the portal is running on {}: stop it first, then restore",
            db.display()
        ));
    }
    // The copy first, beside the database: a failure here changes nothing.
    let incoming = beside(&db, ".restoring");
    fs::copy(&src_db, &incoming).map_err(|e| format!("{}: {e}", incoming.display()))?;
    File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("{}: {e}", incoming.display()))?;
    let suffix = format!(
        ".before-restore-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%SZ")
    );
    let mut aside = Vec::new();
    // The database with its write-ahead log (it belongs to the old file): `portal.db-wal`
    // goes to `portal.db.before-restore-…-wal`, as SQLite expects.
    for part in ["", "-wal", "-shm"] {
        let (path, to) = (beside(&db, part), beside(&beside(&db, &suffix), part));
        if path.exists() {
            fs::rename(&path, &to).map_err(|e| format!("{}: {e}", path.display()))?;
            aside.push(to);
        }
    }
    fs::rename(&incoming, &db).map_err(|e| format!("{}: {e}", db.display()))?;
    if photos_are_local(config) {
        if let Some(moved) = move_aside(&config.photo_dir, &suffix)? {
            aside.push(moved);
        }
        let (from, to) = (src_photos, config.photo_dir.clone());
        tokio::task::spawn_blocking(move || copy_tree(&from, &to))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("restoring the photos failed: {e}"))?;
    }
    drop(lock);
    Ok(aside)
}

/// Runs `backup` or `restore` for the binary, printing what happened; the exit status.
pub async fn run(command: Command, config: Config) -> std::process::ExitCode {
    use std::process::ExitCode;
    let done = {
        match command {
            Command::Backup(dir) => backup(&config, &dir).await.map(|s| {
                println!(
                    "backed up the database and {} photo files into {}",
                    s.photo_files,
                    dir.display()
                )
            }),
            Command::Restore(dir) => restore(&config, &dir).await.map(|aside| {
                println!("restored {}", dir.display());
                for path in aside {
                    println!(
                        "kept the replaced data at {} (remove it when no longer needed)",
                        path.display()
                    );
                }
            }),
            Command::Serve | Command::Help => Ok(()),
        }
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_command_line_names_a_command_and_its_folder() {
        assert_eq!(Command::parse(&[]), Ok(Command::Serve));
        assert_eq!(
            Command::parse(&args(&["backup", "/b"])),
            Ok(Command::Backup("/b".into()))
        );
        assert_eq!(
            Command::parse(&args(&["restore", "/b"])),
            Ok(Command::Restore("/b".into()))
        );
        assert!(Command::parse(&args(&["backup"])).is_err());
        assert!(Command::parse(&args(&["serve", "now", "please"])).is_err());
    }

    #[test]
    fn only_sqlite_files_are_backed_up_here() {
        assert_eq!(
            sqlite_file("sqlite://data/portal.db?mode=rwc"),
            Some(PathBuf::from("data/portal.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://h/db"), None);
        assert!(skipped(".thumb.jpg.abc.tmp") && skipped("readyz-1f") && !skipped("thumb.jpg"));
    }
}
