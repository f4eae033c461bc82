//! Background jobs with several instances on one database: each hour's housekeeping runs
//! on one of them.

use chrono::Duration;

use crate::support::*;
use seed_portal::server::housekeeping_run;

#[tokio::test]
async fn the_hourly_housekeeping_runs_once_however_many_instances_start_it() {
    let app = spawn_app().await;
    // The instance's own run at start-up claims the current hour first.
    let claimed = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM job_runs")
            .fetch_one(&app.state.db.pool)
            .await
            .expect("count")
    };
    for _ in 0..100 {
        if claimed().await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(claimed().await, 1, "the start-up run");
    // To one minute past the next full hour, so the steps below stay within their hours.
    let into_hour = app.state.clock.now_ms().rem_euclid(3_600_000);
    app.clock
        .advance(Duration::milliseconds(3_600_000 - into_hour) + Duration::minutes(1));
    // Two instances' runs at the same moment: one does the work, the other skips it.
    let (a, b) = tokio::join!(housekeeping_run(&app.state), housekeeping_run(&app.state));
    assert!(a != b, "exactly one run: {a} {b}");
    // Later in the same hour, nobody runs it again…
    app.clock.advance(Duration::minutes(20));
    assert!(!housekeeping_run(&app.state).await);
    // …and the next hour runs once more.
    app.clock.advance(Duration::hours(1));
    assert!(housekeeping_run(&app.state).await);
    assert!(!housekeeping_run(&app.state).await);
}
