//! Reminders sent through the message sender: a satisfaction survey that has opened is
//! announced to the homeowner once (run by the hourly housekeeping and at start-up).

use chrono::Duration;
use sqlx::FromRow;

use super::error::AppResult;
use super::state::AppState;
use super::texts::{Text, SERVER_LANG};
use crate::domain::surveys::SurveyKind;

/// How many days before its due date a survey opens.
const OPENS_DAYS_BEFORE: i64 = 7;

#[derive(FromRow)]
struct Open {
    id: String,
    kind: String,
    due_date: String,
    title: String,
    phone: Option<String>,
    company_name: String,
    time_zone: String,
}

/// Texts every homeowner whose survey has opened and who was not reminded yet; returns how
/// many were sent. Each survey is claimed by a conditional update first, so two servers
/// never remind twice.
pub async fn send_survey_reminders(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let rows: Vec<Open> = sqlx::query_as(
        "SELECT s.id, s.kind, s.due_date, p.title, u.phone, c.name AS company_name, c.time_zone \
         FROM surveys s JOIN projects p ON p.id = s.project_id JOIN users u ON u.id = p.homeowner_id \
         JOIN companies c ON c.id = s.company_id \
         WHERE s.answered_at IS NULL AND s.reminded_at IS NULL LIMIT 500",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut sent = 0;
    for r in rows {
        let tz: chrono_tz::Tz = r.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
        let today = now.with_timezone(&tz).date_naive();
        let Ok(due) = r.due_date.parse::<chrono::NaiveDate>() else {
            continue;
        };
        if today < due - Duration::days(OPENS_DAYS_BEFORE) {
            continue;
        }
        let claimed = sqlx::query(
            "UPDATE surveys SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL",
        )
        .bind(now.timestamp_millis())
        .bind(&r.id)
        .execute(&state.db.pool)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let Some(phone) = r.phone else { continue };
        let text = Text::SurveyOpen {
            company: &r.company_name,
            project: &r.title,
            kind: SurveyKind::parse(&r.kind),
        }
        .text(SERVER_LANG);
        match state
            .sender
            .send_sms(&phone, &text, now.timestamp_millis())
            .await
        {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(survey = %r.id, error = %e, "survey reminder not sent"),
        }
    }
    Ok(sent)
}
