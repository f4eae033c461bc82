//! Service-level clocks (响应时效标准): the deadlines a claim, callback or complaint runs
//! against, and whether each is running, near breach (amber), breached or met.
//!
//! Every function takes `now` and the company's time zone from the caller: the server
//! passes its own clock, never the browser's, and tests pass a fake one.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// What kind of item a clock belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    WarrantyClaim,
    Callback,
    Complaint,
}

/// How urgent a repair is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Routine,
    Urgent,
}

/// Complaint escalation level, 1 (minor) to 5 (most serious); 4 and 5 are "major".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct ComplaintLevel(u8);

impl ComplaintLevel {
    pub fn new(level: u8) -> Result<Self, FieldError> {
        if (1..=5).contains(&level) {
            Ok(ComplaintLevel(level))
        } else {
            Err(FieldError::new("level", "complaint levels are 1 to 5"))
        }
    }
    pub fn get(self) -> u8 {
        self.0
    }
    /// Levels 4 and 5 call for a dedicated team within 2 hours.
    pub fn is_major(self) -> bool {
        self.0 >= 4
    }
}

impl TryFrom<u8> for ComplaintLevel {
    type Error = FieldError;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        ComplaintLevel::new(v)
    }
}

impl From<ComplaintLevel> for u8 {
    fn from(l: ComplaintLevel) -> u8 {
        l.0
    }
}

/// The company's targets, in minutes (DOMAIN.md defaults); configurable per company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ServiceLevelConfig {
    pub routine_first_response_min: i64,
    pub urgent_on_site_min: i64,
    pub major_complaint_team_min: i64,
    pub complaint_answer_min: i64,
    pub complaint_close_min: i64,
    /// A clock turns amber when this share (basis points) of its target is left.
    pub amber_remaining_bp: i64,
}

impl Default for ServiceLevelConfig {
    fn default() -> Self {
        ServiceLevelConfig {
            routine_first_response_min: 15,
            urgent_on_site_min: 30,
            major_complaint_team_min: 120,
            complaint_answer_min: 24 * 60,
            complaint_close_min: 72 * 60,
            amber_remaining_bp: 2_000,
        }
    }
}

impl ServiceLevelConfig {
    /// Every target positive, amber share within 0..=100%.
    pub fn validated(self) -> Result<Self, FieldError> {
        let targets = [
            self.routine_first_response_min,
            self.urgent_on_site_min,
            self.major_complaint_team_min,
            self.complaint_answer_min,
            self.complaint_close_min,
        ];
        if targets.iter().any(|m| *m <= 0 || *m > 60 * 24 * 30) {
            return Err(FieldError::new(
                "service_levels",
                "targets are 1 minute to 30 days",
            ));
        }
        if !(0..=10_000).contains(&self.amber_remaining_bp) {
            return Err(FieldError::new(
                "amber_remaining_bp",
                "0 to 10000 basis points",
            ));
        }
        Ok(self)
    }
}

/// Which promise a deadline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    FirstResponse,
    OnSite,
    MajorComplaintTeam,
    ComplaintAnswer,
    ComplaintClosed,
}

/// A promise with its due time and its full length (for the amber threshold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due_at: DateTime<Utc>,
    pub target_min: i64,
}

fn deadline(kind: DeadlineKind, created: DateTime<Utc>, minutes: i64) -> Deadline {
    Deadline {
        kind,
        due_at: created + Duration::minutes(minutes),
        target_min: minutes,
    }
}

/// The deadlines an item runs against from the moment it is created.
pub fn deadlines(
    kind: ItemKind,
    urgency: Urgency,
    level: Option<ComplaintLevel>,
    created_at: DateTime<Utc>,
    cfg: &ServiceLevelConfig,
) -> Vec<Deadline> {
    let mut out = vec![deadline(
        DeadlineKind::FirstResponse,
        created_at,
        cfg.routine_first_response_min,
    )];
    match kind {
        ItemKind::WarrantyClaim if urgency == Urgency::Urgent => {
            out.push(deadline(
                DeadlineKind::OnSite,
                created_at,
                cfg.urgent_on_site_min,
            ));
        }
        ItemKind::Complaint => {
            if level.is_some_and(ComplaintLevel::is_major) {
                out.push(deadline(
                    DeadlineKind::MajorComplaintTeam,
                    created_at,
                    cfg.major_complaint_team_min,
                ));
            }
            out.push(deadline(
                DeadlineKind::ComplaintAnswer,
                created_at,
                cfg.complaint_answer_min,
            ));
            out.push(deadline(
                DeadlineKind::ComplaintClosed,
                created_at,
                cfg.complaint_close_min,
            ));
        }
        _ => {}
    }
    out.sort_by_key(|d| d.due_at);
    out
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockState {
    Running { remaining_secs: i64 },
    Amber { remaining_secs: i64 },
    Breached { overdue_secs: i64 },
    Met { early_secs: i64 },
    MetLate { late_secs: i64 },
}

/// A deadline met exactly at its due time is met; one passed without being met is
/// breached, and stays breached in the record even when it is met later (`MetLate`).
pub fn clock_state(
    d: &Deadline,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    cfg: &ServiceLevelConfig,
) -> ClockState {
    match met_at {
        Some(m) if m <= d.due_at => ClockState::Met {
            early_secs: (d.due_at - m).num_seconds(),
        },
        Some(m) => ClockState::MetLate {
            late_secs: (m - d.due_at).num_seconds(),
        },
        None if now > d.due_at => ClockState::Breached {
            overdue_secs: (now - d.due_at).num_seconds(),
        },
        None => {
            let remaining = (d.due_at - now).num_seconds();
            let amber_at = d.target_min * 60 * cfg.amber_remaining_bp / 10_000;
            if remaining <= amber_at {
                ClockState::Amber {
                    remaining_secs: remaining,
                }
            } else {
                ClockState::Running {
                    remaining_secs: remaining,
                }
            }
        }
    }
}

/// Was (or is) this deadline breached? Sticky: meeting it late does not clear it.
pub fn breached(due_at: DateTime<Utc>, met_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match met_at {
        Some(m) => m > due_at,
        None => now > due_at,
    }
}

/// The first instant of a local calendar day (the earliest one that exists on DST days).
fn local_day_start(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    let mut t = day.and_time(NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(dt) = tz.from_local_datetime(&t).earliest() {
            return dt.with_timezone(&Utc);
        }
        t += Duration::minutes(30);
    }
    tz.from_utc_datetime(&t).with_timezone(&Utc)
}

/// Installation follow-up: the day after installation, never later than 2 days, in the
/// company's time zone. Returns (preferred by, latest by): the ends of the next and the
/// second local days after the installation.
pub fn installation_follow_up(
    installed_at: DateTime<Utc>,
    tz: Tz,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = installed_at.with_timezone(&tz).date_naive();
    let end_of = |offset: i64| local_day_start(tz, day + Duration::days(offset + 1));
    (end_of(1), end_of(2))
}

/// Callback after a repair: within 24–48 hours after the work, to confirm the fix.
pub fn repair_callback_window(repaired_at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        repaired_at + Duration::hours(24),
        repaired_at + Duration::hours(48),
    )
}

/// Delay compensation: 0.3% of the contract value per day late, rounded half up to the fen.
pub fn delay_compensation(contract_value_fen: i64, days_late: u32) -> i64 {
    let raw = i128::from(contract_value_fen.max(0)) * 3 * i128::from(days_late);
    let fen = (raw + 500) / 1000;
    i64::try_from(fen).unwrap_or(i64::MAX)
}

/// Share of deadlines met on time, in basis points (`None` when there are none).
pub fn share_within_target(
    items: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    now: DateTime<Utc>,
) -> Option<i64> {
    let decided: Vec<bool> = items
        .iter()
        .filter(|(due, met)| met.is_some() || now > *due)
        .map(|(due, met)| !breached(*due, *met, now))
        .collect();
    if decided.is_empty() {
        return None;
    }
    let ok = decided.iter().filter(|b| **b).count() as i64;
    Some((ok * 10_000 + decided.len() as i64 / 2) / decided.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn levels_are_one_to_five() {
        assert!(ComplaintLevel::new(0).is_err());
        assert!(ComplaintLevel::new(6).is_err());
        assert!(ComplaintLevel::new(4).unwrap().is_major());
        assert!(!ComplaintLevel::new(3).unwrap().is_major());
        assert!(serde_json::from_str::<ComplaintLevel>("9").is_err());
    }

    #[test]
    fn deadlines_follow_the_targets() {
        let c = at("2026-11-23T10:00:00Z");
        let cfg = ServiceLevelConfig::default();
        let routine = deadlines(ItemKind::Callback, Urgency::Routine, None, c, &cfg);
        assert_eq!(routine.len(), 1);
        assert_eq!(routine[0].due_at, at("2026-11-23T10:15:00Z"));
        let urgent = deadlines(ItemKind::WarrantyClaim, Urgency::Urgent, None, c, &cfg);
        assert_eq!(urgent[1].kind, DeadlineKind::OnSite);
        assert_eq!(urgent[1].due_at, at("2026-11-23T10:30:00Z"));
        let major = deadlines(
            ItemKind::Complaint,
            Urgency::Routine,
            ComplaintLevel::new(5).ok(),
            c,
            &cfg,
        );
        let kinds: Vec<_> = major.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                DeadlineKind::FirstResponse,
                DeadlineKind::MajorComplaintTeam,
                DeadlineKind::ComplaintAnswer,
                DeadlineKind::ComplaintClosed
            ]
        );
        assert_eq!(major[3].due_at, at("2026-11-26T10:00:00Z"));
    }

    #[test]
    fn clocks_run_turn_amber_breach_and_stay_breached() {
        let cfg = ServiceLevelConfig::default();
        let d = deadline(DeadlineKind::FirstResponse, at("2026-11-23T10:00:00Z"), 15);
        // 15 min target, amber with 20% (3 min) left.
        assert!(matches!(
            clock_state(&d, None, at("2026-11-23T10:11:59Z"), &cfg),
            ClockState::Running { .. }
        ));
        assert_eq!(
            clock_state(&d, None, at("2026-11-23T10:12:00Z"), &cfg),
            ClockState::Amber {
                remaining_secs: 180
            }
        );
        // Exactly at the deadline: not yet breached; met exactly then: met.
        assert!(matches!(
            clock_state(&d, None, d.due_at, &cfg),
            ClockState::Amber { remaining_secs: 0 }
        ));
        assert_eq!(
            clock_state(&d, Some(d.due_at), d.due_at, &cfg),
            ClockState::Met { early_secs: 0 }
        );
        assert!(!breached(d.due_at, None, d.due_at));
        let late = d.due_at + Duration::seconds(1);
        assert_eq!(
            clock_state(&d, None, late, &cfg),
            ClockState::Breached { overdue_secs: 1 }
        );
        assert!(breached(d.due_at, Some(late), late + Duration::days(3)));
        assert_eq!(
            clock_state(&d, Some(late), late, &cfg),
            ClockState::MetLate { late_secs: 1 }
        );
    }

    #[test]
    fn follow_up_days_are_local_days() {
        let sh: Tz = chrono_tz::Asia::Shanghai;
        // 23:30 local on the 22nd is 15:30 UTC; the next local day ends at the 23rd's midnight+1.
        let (by, latest) = installation_follow_up(at("2026-11-22T15:30:00Z"), sh);
        assert_eq!(by, at("2026-11-23T16:00:00Z"));
        assert_eq!(latest, at("2026-11-24T16:00:00Z"));
        // 00:30 local on the 23rd (16:30 UTC on the 22nd) belongs to the 23rd.
        let (by, _) = installation_follow_up(at("2026-11-22T16:30:00Z"), sh);
        assert_eq!(by, at("2026-11-24T16:00:00Z"));
        // A DST change in Berlin: the day after 2026-03-28 is 23 hours long.
        let be: Tz = chrono_tz::Europe::Berlin;
        let (by, latest) = installation_follow_up(at("2026-03-28T12:00:00Z"), be);
        assert_eq!(by, at("2026-03-29T22:00:00Z"));
        assert_eq!(latest, at("2026-03-30T22:00:00Z"));
    }

    #[test]
    fn callback_window_and_compensation() {
        let r = at("2026-11-23T10:00:00Z");
        assert_eq!(
            repair_callback_window(r),
            (at("2026-11-24T10:00:00Z"), at("2026-11-25T10:00:00Z"))
        );
        // ¥200,000.00 contract, 3 days late: 0.9% = ¥1,800.00.
        assert_eq!(delay_compensation(20_000_000, 3), 180_000);
        // Half up: 0.3% of 0.50 yuan = 0.15 fen → 0; of 1.67 yuan = 0.501 fen → 1.
        assert_eq!(delay_compensation(50, 1), 0);
        assert_eq!(delay_compensation(167, 1), 1);
        assert_eq!(delay_compensation(-5, 10), 0);
        assert_eq!(delay_compensation(i64::MAX, u32::MAX), i64::MAX);
    }

    #[test]
    fn share_within_target_counts_decided_items() {
        let now = at("2026-11-23T12:00:00Z");
        let due = at("2026-11-23T11:00:00Z");
        let future = at("2026-11-23T13:00:00Z");
        let items = [
            (due, Some(at("2026-11-23T10:59:00Z"))),
            (due, Some(at("2026-11-23T11:30:00Z"))),
            (due, None),
            (future, None),
        ];
        assert_eq!(share_within_target(&items, now), Some(3333));
        assert_eq!(share_within_target(&[(future, None)], now), None);
    }

    #[test]
    fn config_is_checked() {
        assert!(ServiceLevelConfig::default().validated().is_ok());
        let bad = ServiceLevelConfig {
            routine_first_response_min: 0,
            ..ServiceLevelConfig::default()
        };
        assert!(bad.validated().is_err());
    }
}
