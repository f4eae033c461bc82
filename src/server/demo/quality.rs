//! Demo data for crew ratings, the leaderboard and surveys: a fourth project (王芳's earlier
//! flat, handed over 8 days ago, so its one-week survey is open and already a call task),
//! homeowners' ratings spread over past weeks for both crews, and the last six weeks
//! published so the board and the trend chart have data.

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::domain::inspections::NodeKind;
use crate::domain::projects::Stage;
use crate::domain::ratings::{iso_week_of, last_ended_week, RatingInput, RatingTarget, Stars};
use crate::server::error::{AppError, AppResult};
use crate::server::state::AppState;
use crate::server::store::projects::{self, NewProject};
use crate::server::store::ratings::{self, NewRating};
use crate::server::store::{leaderboard, surveys, users};

/// Weeks published in the demo, ending with the last ended week.
const PUBLISHED_WEEKS: u32 = 6;

/// (homeowner phone, title fragment, target, days ago, stars q/p/t/c, comment).
type DemoRating = (
    &'static str,
    &'static str,
    RatingTarget,
    i64,
    [u8; 4],
    &'static str,
);

const RATINGS: [DemoRating; 12] = [
    (
        "13800000001",
        "锦绣花园",
        RatingTarget::Node(NodeKind::Kickoff),
        33,
        [5, 5, 4, 5],
        "交底很细致，成品保护做得到位。",
    ),
    (
        "13800000001",
        "锦绣花园",
        RatingTarget::Node(NodeKind::PlumbingElectrical),
        20,
        [5, 4, 4, 5],
        "水电走线横平竖直，打压测试全程让我看了。",
    ),
    (
        "13800000001",
        "锦绣花园",
        RatingTarget::Node(NodeKind::Waterproofing),
        12,
        [4, 4, 3, 4],
        "闭水试验做足48小时，就是现场有点乱。",
    ),
    (
        "13800000002",
        "望京小区",
        RatingTarget::Node(NodeKind::Kickoff),
        5,
        [5, 5, 5, 4],
        "刘师傅讲得很清楚，开工准时。",
    ),
    (
        "13800000003",
        "翠湖苑",
        RatingTarget::Node(NodeKind::Painting),
        16,
        [4, 3, 4, 4],
        "墙面平整，工期稍微拖了两天。",
    ),
    (
        "13800000003",
        "滨江花园",
        RatingTarget::Node(NodeKind::Kickoff),
        125,
        [4, 4, 4, 4],
        "开工交底按时进行。",
    ),
    (
        "13800000003",
        "滨江花园",
        RatingTarget::Node(NodeKind::PlumbingElectrical),
        100,
        [4, 3, 3, 4],
        "水电验收有一处返工，处理还算及时。",
    ),
    (
        "13800000003",
        "滨江花园",
        RatingTarget::Node(NodeKind::Waterproofing),
        85,
        [5, 4, 4, 4],
        "防水做得认真。",
    ),
    (
        "13800000003",
        "滨江花园",
        RatingTarget::Node(NodeKind::TilingCarpentry),
        55,
        [3, 3, 3, 4],
        "有两块砖空鼓，返工后没问题。",
    ),
    (
        "13800000003",
        "滨江花园",
        RatingTarget::Node(NodeKind::Painting),
        30,
        [4, 3, 4, 4],
        "颜色和样板一致。",
    ),
    (
        "13800000003",
        "滨江花园",
        RatingTarget::Node(NodeKind::Completion),
        10,
        [4, 3, 4, 5],
        "竣工验收比计划晚了几天。",
    ),
    (
        "13800000003",
        "滨江花园",
        RatingTarget::Handover,
        7,
        [5, 4, 5, 5],
        "交付资料齐全，保修卡也给了。",
    ),
];

fn at_ms(tz: Tz, day: NaiveDate, hour: u32) -> i64 {
    tz.from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.timestamp_millis())
        .unwrap_or(0)
}

async fn project_of(
    state: &AppState,
    homeowner: &str,
    title: &str,
) -> AppResult<Option<(String, String)>> {
    Ok(sqlx::query_as::<_, (String, String)>(
        "SELECT id, crew_id FROM projects WHERE homeowner_id = $1 AND title LIKE $2 AND crew_id IS NOT NULL",
    )
    .bind(homeowner)
    .bind(format!("{title}%"))
    .fetch_optional(&state.db.pool)
    .await?)
}

/// Loads the ratings, the handed-over project with its survey schedule, and published weeks.
pub async fn seed(state: &AppState) -> AppResult<()> {
    let db = &state.db;
    let wang = users::by_phone(db, "13800000003")
        .await?
        .ok_or_else(|| AppError::internal("demo homeowner missing"))?;
    let chen = users::by_phone(db, "13900000002")
        .await?
        .ok_or_else(|| AppError::internal("demo crew missing"))?;
    let tz = wang.tz();
    let now = state.clock.now_ms();
    let today = state.clock.today_in(tz);
    let company = wang.company_id.clone();

    let handed = projects::insert(
        db,
        NewProject {
            company_id: &company,
            title: "滨江花园 3室1厅 轻奢风",
            address: "杭州市滨江区滨江花园3幢602室",
            stage: Stage::Acceptance,
            homeowner_id: &wang.id,
            crew_id: chen.crew_id.as_deref(),
            start_date: Some(today - Duration::days(130)),
            planned_end_date: Some(today - Duration::days(12)),
        },
        now,
    )
    .await?;
    let handover_day = today - Duration::days(8);
    surveys::record_handover(
        db,
        &company,
        &handed,
        handover_day,
        at_ms(tz, handover_day, 10),
    )
    .await?;

    for (phone, title, target, days_ago, [q, p, t, c], comment) in RATINGS {
        let Some(owner) = users::by_phone(db, phone).await? else {
            continue;
        };
        let Some((project, crew)) = project_of(state, &owner.id, title).await? else {
            continue;
        };
        let stars = |n: u8| Stars::new(n);
        let input = RatingInput {
            quality: stars(q)?,
            punctuality: stars(p)?,
            tidiness: stars(t)?,
            communication: stars(c)?,
            comment: comment.to_string(),
            photo_ids: Vec::new(),
            base_version: None,
        }
        .validated()?;
        let at = at_ms(tz, today - Duration::days(days_ago), 19);
        let week = iso_week_of(crate::server::clock::from_ms(at), tz);
        ratings::create(
            db,
            NewRating {
                company_id: &company,
                project_id: &project,
                crew_id: &crew,
                homeowner_id: &owner.id,
                target,
                week,
            },
            &input,
            at,
        )
        .await?;
    }

    let last = last_ended_week(state.clock.now(), tz);
    let mut weeks = vec![last];
    for _ in 1..PUBLISHED_WEEKS {
        let earlier = weeks.last().copied().unwrap_or(last).prev();
        weeks.push(earlier);
    }
    for week in weeks.into_iter().rev() {
        let published_at = week.end_in(tz).timestamp_millis() + 9 * 3_600_000;
        leaderboard::publish(db, &company, week, tz, today, None, published_at.min(now)).await?;
    }
    Ok(())
}
