//! The desk's metrics for a period: counts by kind and the open backlog at each day's end.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::status::ServiceKind;
use crate::domain::error::FieldError;

/// Counts for one kind in the metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct KindCount {
    pub kind: ServiceKind,
    pub count: u32,
}

/// Open items at the end of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct BacklogPoint {
    pub day: NaiveDate,
    pub open: u32,
}

/// Service metrics for a period (company days, both inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Metrics {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub created: u32,
    pub avg_first_response_secs: Option<i64>,
    /// Share of decided deadlines met on time, in basis points.
    pub within_target_bp: Option<u32>,
    pub breaches_by_kind: Vec<KindCount>,
    pub created_by_kind: Vec<KindCount>,
    pub backlog: Vec<BacklogPoint>,
}

/// Checks a metrics period: `from` ≤ `to`, at most 366 days.
pub fn validate_period(from: NaiveDate, to: NaiveDate) -> Result<(), FieldError> {
    crate::domain::dates::check_date("from", from)?;
    crate::domain::dates::check_date("to", to)?;
    if to < from {
        return Err(FieldError::out_of_range(
            "to",
            "the period ends before it starts",
        ));
    }
    if (to - from).num_days() > 366 {
        return Err(FieldError::out_of_range("to", "at most a year at a time"));
    }
    Ok(())
}

/// Open items at the end of each day: `(created_at, closed_at)` per item, `day_ends` the
/// instants at which each day ends.
pub fn backlog(
    items: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    day_ends: &[(NaiveDate, DateTime<Utc>)],
) -> Vec<BacklogPoint> {
    day_ends
        .iter()
        .map(|(day, end)| BacklogPoint {
            day: *day,
            open: items
                .iter()
                .filter(|(created, closed)| created < end && closed.is_none_or(|c| c >= *end))
                .count() as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_desk::test_support::t;

    #[test]
    fn backlog_counts_items_open_at_each_day_end() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let items = vec![
            (t("2026-11-20T02:00:00Z"), Some(t("2026-11-21T03:00:00Z"))),
            (t("2026-11-20T05:00:00Z"), None),
            (t("2026-11-22T01:00:00Z"), None),
        ];
        let ends = vec![
            (d("2026-11-20"), t("2026-11-20T16:00:00Z")),
            (d("2026-11-21"), t("2026-11-21T16:00:00Z")),
            (d("2026-11-22"), t("2026-11-22T16:00:00Z")),
        ];
        let open: Vec<u32> = backlog(&items, &ends).iter().map(|p| p.open).collect();
        assert_eq!(open, [2, 1, 2]);
        assert!(validate_period(d("2026-11-22"), d("2026-11-21")).is_err());
        assert!(validate_period(d("2026-01-01"), d("2026-12-31")).is_ok());
    }
}
