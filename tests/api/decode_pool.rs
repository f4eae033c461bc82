//! The bounded decode pool: at most one photo decode per core at once; uploads beyond that
//! wait for a slot (never fail), so one more upload than there are slots all succeed.

use std::time::Duration;

use futures_util::future::join_all;
use seed_portal::server::photos::{decode_peak, decode_slots, occupy_decode_slots};

use crate::support::exif::jpeg;
use crate::support::spawn_world;
use crate::support::upload;

#[tokio::test]
async fn one_upload_more_than_the_slots_waits_its_turn_and_all_succeed() {
    let (app, w) = spawn_world().await;
    let crew = app.login(&w.crew_a).await;
    let url = app.project_url(&w.project_a, "photos");
    let n = decode_slots();
    assert_eq!(
        n,
        std::thread::available_parallelism().map_or(1, |c| c.get()),
        "one slot per core"
    );

    // Every slot taken: the uploads wait rather than fail.
    let held = occupy_decode_slots().await.expect("slots");
    let uploads: Vec<_> = (0..=n)
        .map(|i| {
            let (crew, url) = (crew.clone(), url.clone());
            tokio::spawn(async move {
                upload(&crew, &url, jpeg(1200 + 8 * i as u32, 900), "p.jpg").await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        uploads.iter().all(|u| !u.is_finished()),
        "the uploads wait for a slot"
    );
    assert_eq!(
        app.photo_rows().await,
        0,
        "nothing decoded while the slots are taken"
    );
    drop(held);

    let answers = join_all(uploads).await;
    for r in answers {
        let r = r.expect("upload task");
        assert_eq!(r.status(), 201, "every upload succeeds");
    }
    assert_eq!(app.photo_rows().await, n as i64 + 1);
    let peak = decode_peak();
    assert!(
        (1..=n).contains(&peak),
        "at most {n} decodes ran at once (the most was {peak})"
    );
}
