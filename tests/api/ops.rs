//! Operating the portal: liveness, readiness (and what it says when the database or the photo
//! storage fails), metrics behind their token, request ids, and the backup and restore drill.

use reqwest::StatusCode;

use crate::support::{assert_error, json_of, spawn_app};

#[tokio::test]
async fn health_and_readiness_answer_when_all_is_well() {
    let app = spawn_app().await;
    let c = app.client();
    let r = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["status"], "ok");
    let r = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_eq!(r.status(), StatusCode::OK);
    let body = json_of(r).await;
    assert_eq!(body["database"], "ok");
    assert_eq!(body["storage"], "ok");
    // The probe leaves nothing behind in the photo folder.
    assert_eq!(app.stored_files(), 0);
}

#[tokio::test]
async fn readiness_fails_naming_the_storage_when_the_photo_folder_is_unusable() {
    let app = spawn_app().await;
    // The folder is replaced by a plain file: nothing can be written under it.
    std::fs::remove_dir_all(&app.photo_dir).expect("remove photo folder");
    std::fs::write(&app.photo_dir, b"not a folder").expect("write file");
    let c = app.client();
    let r = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_error(r, 503, "storage_unavailable").await;
    // Liveness is not readiness: the process still serves.
    let r = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn readiness_fails_naming_the_database_when_it_is_down() {
    let app = spawn_app().await;
    // Every connection to the database goes, as when the database server stops.
    app.state.db.pool.close().await;
    let c = app.client();
    let r = c.get(app.url("/readyz")).send().await.expect("readyz");
    assert_error(r, 503, "database_unavailable").await;
    let r = c.get(app.url("/healthz")).send().await.expect("healthz");
    assert_eq!(r.status(), StatusCode::OK);
}
