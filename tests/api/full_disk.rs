//! A full disk: writes fail with 507 and leave nothing half-written, every write answered 2xx
//! is still there afterwards, and the server recovers by itself when space returns. Runs the
//! database on a small tmpfs (needs root to mount; skipped with a message otherwise).

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::id_of;
use crate::support::{post_json, spawn_app_with};

/// A mounted tmpfs of `size`, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = std::env::temp_dir().join(format!("full-disk-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if ok {
            Some(Tmpfs(dir))
        } else {
            let _ = std::fs::remove_dir(&dir);
            None
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Fills the filesystem at `dir` with a file until no space is left.
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).expect("filler");
    let chunk = vec![0u8; 64 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let small = vec![0u8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.sync_all();
    // Leave a little room, so the disk fills up in the middle of the writes that follow.
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = f.set_len(len.saturating_sub(160 * 1024));
    path
}

#[tokio::test]
async fn a_full_disk_refuses_writes_cleanly_and_the_server_recovers() {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| u.starts_with("postgres")) {
        eprintln!("skipped: the full-disk test runs on SQLite");
        return;
    }
    let Some(fs) = Tmpfs::mount("24m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let db = fs.0.join("portal.db");
    let url = format!("sqlite://{}", db.display());
    let app = spawn_app_with(|c| c.database_url = url.clone()).await;
    let w = app.world().await;
    let staff = app.login(&w.staff).await;
    let slots = app.url("/api/v1/callback-slots");
    let slot = |i: i64| {
        let starts = app.state.clock.now() + chrono::Duration::days(1 + i);
        serde_json::json!({"starts_at": starts.to_rfc3339(), "minutes": 30, "capacity": 2})
    };

    let filler = fill(&fs.0);
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for i in 0..300 {
        let r = post_json(&staff, &slots, &slot(i)).await;
        match r.status() {
            StatusCode::CREATED => {
                let v: Value = r.json().await.expect("json");
                acknowledged.push(id_of(&v));
            }
            s => {
                assert!(s.is_server_error(), "a full disk answers 5xx, got {s}");
                let v: Value = r.json().await.expect("a JSON refusal");
                assert!(
                    v["code"] == "storage_full" || v["code"] == "unavailable",
                    "{v}"
                );
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "the disk never filled up");

    // Space returns: the server writes again, without a restart.
    std::fs::remove_file(filler).expect("free space");
    let mut recovered = false;
    for i in 300..320 {
        let r = post_json(&staff, &slots, &slot(i)).await;
        if r.status() == StatusCode::CREATED {
            let v: Value = r.json().await.expect("json");
            acknowledged.push(id_of(&v));
            recovered = true;
            break;
        }
    }
    assert!(recovered, "writes still fail after space returned");
    // Several more in a row succeed: no connection is stuck in a failed transaction.
    for i in 320..340 {
        let r = post_json(&staff, &slots, &slot(i)).await;
        assert_eq!(r.status(), StatusCode::CREATED, "write {i} after recovery");
        let v: Value = r.json().await.expect("json");
        acknowledged.push(id_of(&v));
    }

    // Every acknowledged write is durable: a fresh connection (as after a restart) sees it.
    sqlx::any::install_default_drivers();
    let fresh = sqlx::AnyPool::connect(&format!("{url}?mode=ro"))
        .await
        .expect("reopen");
    for id in &acknowledged {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM callback_slots WHERE id = $1")
            .bind(id)
            .fetch_one(&fresh)
            .await
            .expect("count");
        assert_eq!(n, 1, "acknowledged slot {id} is missing");
    }
    fresh.close().await;
}
