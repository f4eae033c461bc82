//! Service levels (响应时效标准): the deadlines that warranty claims, callbacks and complaints
//! run against, and where each clock stands (running, amber, breached, met, met late).
//!
//! Nothing here reads a clock: every function takes `now` (and, for calendar rules, the
//! company's time zone) from the caller. The server passes its own clock, never the
//! browser's; tests pass a fake one.

use std::cmp::Ordering;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// Basis points in a whole (100% = 10 000).
pub const BASIS_POINTS: u32 = 10_000;
/// Longest target a company may configure: 30 days, in minutes.
pub const MAX_TARGET_MIN: u32 = 30 * 24 * 60;

/// What kind of queue item a clock belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A warranty claim (质保报修).
    WarrantyClaim,
    /// A callback the homeowner booked (预约回电).
    Callback,
    /// A complaint (投诉).
    Complaint,
}

impl ItemKind {
    /// Every kind, in display order.
    pub const ALL: [ItemKind; 3] = [
        ItemKind::WarrantyClaim,
        ItemKind::Callback,
        ItemKind::Complaint,
    ];

    /// Stable storage / URL name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::WarrantyClaim => "warranty_claim",
            ItemKind::Callback => "callback",
            ItemKind::Complaint => "complaint",
        }
    }

    /// Inverse of [`ItemKind::as_str`].
    pub fn parse(s: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How urgent an item is; an urgent repair puts staff on site within the on-site target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// An ordinary enquiry or repair.
    #[default]
    Routine,
    /// An urgent repair (e.g. a leak): staff on site fast.
    Urgent,
}

impl Urgency {
    /// Stable storage / URL name.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Routine => "routine",
            Urgency::Urgent => "urgent",
        }
    }

    /// Inverse of [`Urgency::as_str`].
    pub fn parse(s: &str) -> Option<Urgency> {
        [Urgency::Routine, Urgency::Urgent]
            .into_iter()
            .find(|u| u.as_str() == s)
    }
}

/// Complaint escalation level, 1 (minor) to 5 (most serious); 4 and 5 are major.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(try_from = "u8", into = "u8")]
pub struct Level(u8);

impl Level {
    /// Lowest level.
    pub const MIN: Level = Level(1);
    /// Highest level.
    pub const MAX: Level = Level(5);
    /// Lowest level that counts as a major complaint.
    pub const MAJOR_FROM: u8 = 4;

    /// A level from its number; 1 to 5 only.
    pub fn new(level: u8) -> Result<Level, FieldError> {
        if (Level::MIN.0..=Level::MAX.0).contains(&level) {
            Ok(Level(level))
        } else {
            Err(FieldError::out_of_range(
                "level",
                "complaint levels are 1 to 5",
            ))
        }
    }

    /// The level's number.
    pub fn get(self) -> u8 {
        self.0
    }

    /// Major complaints (level 4 and 5) get a dedicated team within the major target.
    pub fn is_major(self) -> bool {
        self.0 >= Level::MAJOR_FROM
    }
}

impl TryFrom<u8> for Level {
    type Error = FieldError;
    fn try_from(v: u8) -> Result<Level, FieldError> {
        Level::new(v)
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l.0
    }
}

/// A company's service-level targets; defaults from the industry manual
/// (docs/domain.md, "Service levels").
/// Durations are in minutes, calendar rules in local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ServiceLevelConfig {
    /// Routine enquiry: first response within (default 15).
    pub routine_first_response_min: u32,
    /// Urgent repair: staff on site within (default 30).
    pub urgent_on_site_min: u32,
    /// Major complaint (level ≥ 4): dedicated team within (default 120).
    pub major_complaint_team_min: u32,
    /// Any complaint: answered within (default 24 h).
    pub complaint_answer_min: u32,
    /// Any complaint: closed-loop within (default 72 h).
    pub complaint_close_min: u32,
    /// Callback after a repair: not before (default 24 h after the work).
    pub repair_callback_from_min: u32,
    /// Callback after a repair: at the latest (default 48 h after the work).
    pub repair_callback_until_min: u32,
    /// Installation follow-up: on this local day after installation (default 1, the next day).
    pub install_follow_up_day: u32,
    /// Installation follow-up: never later than the end of this local day (default 2).
    pub install_follow_up_latest_day: u32,
    /// A clock turns amber when this share of its target is left (basis points, default 20%).
    pub amber_remaining_bp: u32,
}

impl Default for ServiceLevelConfig {
    fn default() -> Self {
        ServiceLevelConfig {
            routine_first_response_min: 15,
            urgent_on_site_min: 30,
            major_complaint_team_min: 120,
            complaint_answer_min: 24 * 60,
            complaint_close_min: 72 * 60,
            repair_callback_from_min: 24 * 60,
            repair_callback_until_min: 48 * 60,
            install_follow_up_day: 1,
            install_follow_up_latest_day: 2,
            amber_remaining_bp: 2_000,
        }
    }
}

impl ServiceLevelConfig {
    /// Checks a company's settings before they are stored.
    pub fn validated(self) -> Result<ServiceLevelConfig, FieldError> {
        for (field, minutes) in [
            (
                "routine_first_response_min",
                self.routine_first_response_min,
            ),
            ("urgent_on_site_min", self.urgent_on_site_min),
            ("major_complaint_team_min", self.major_complaint_team_min),
            ("complaint_answer_min", self.complaint_answer_min),
            ("complaint_close_min", self.complaint_close_min),
            ("repair_callback_until_min", self.repair_callback_until_min),
        ] {
            if minutes == 0 || minutes > MAX_TARGET_MIN {
                return Err(FieldError::out_of_range(
                    field,
                    "a target is 1 minute to 30 days",
                ));
            }
        }
        if self.complaint_answer_min > self.complaint_close_min {
            return Err(FieldError::out_of_range(
                "complaint_answer_min",
                "a complaint is answered before it is closed",
            ));
        }
        if self.repair_callback_from_min >= self.repair_callback_until_min {
            return Err(FieldError::out_of_range(
                "repair_callback_from_min",
                "the callback window must open before it closes",
            ));
        }
        if self.install_follow_up_day == 0
            || self.install_follow_up_day > self.install_follow_up_latest_day
            || self.install_follow_up_latest_day > 30
        {
            return Err(FieldError::out_of_range(
                "install_follow_up_day",
                "follow-up day is 1 to the latest day, at most 30",
            ));
        }
        if self.amber_remaining_bp > BASIS_POINTS {
            return Err(FieldError::out_of_range(
                "amber_remaining_bp",
                "0 to 10000 basis points",
            ));
        }
        Ok(self)
    }
}

/// Which promise a deadline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Claims and callbacks: first response to the homeowner.
    FirstResponse,
    /// Urgent claims: staff on site.
    OnSite,
    /// Major complaints: a dedicated team assigned.
    MajorComplaintTeam,
    /// Complaints: answered.
    ComplaintAnswer,
    /// Complaints: closed-loop (resolved and confirmed).
    ComplaintClose,
    /// After a repair: the callback that confirms the fix, by the end of its window.
    RepairCallback,
    /// After an installation: the follow-up, by the end of the latest day.
    InstallFollowUp,
}

/// A promise: when its clock started and when it falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Deadline {
    pub what: DeadlineKind,
    /// When the clock started (item created, repair done, installation done).
    pub starts_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

impl Deadline {
    /// A deadline `minutes` after `starts_at`.
    pub fn after(what: DeadlineKind, starts_at: DateTime<Utc>, minutes: u32) -> Deadline {
        Deadline {
            what,
            starts_at,
            due_at: starts_at + Duration::minutes(i64::from(minutes)),
        }
    }

    /// The full length of the target (the base of the amber threshold).
    pub fn target_len(&self) -> Duration {
        self.due_at - self.starts_at
    }

    /// Where this deadline's clock stands; see [`clock_state`].
    pub fn state(
        &self,
        met_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        cfg: &ServiceLevelConfig,
    ) -> ClockState {
        clock_state(self.due_at, met_at, now, self.target_len(), cfg)
    }
}

/// The deadlines an item runs against from the moment it is created, nearest first.
///
/// Claims and callbacks owe a first response; urgent claims also owe staff on site.
/// Complaints owe an answer and a closed loop, and major ones (level ≥ 4, see `level`;
/// absent counts as minor) a dedicated team. `urgency` is ignored for complaints.
pub fn deadlines(
    kind: ItemKind,
    urgency: Urgency,
    level: Option<Level>,
    created_at: DateTime<Utc>,
    cfg: &ServiceLevelConfig,
) -> Vec<Deadline> {
    let at = |what, minutes| Deadline::after(what, created_at, minutes);
    let mut out = Vec::with_capacity(3);
    match kind {
        ItemKind::WarrantyClaim | ItemKind::Callback => {
            out.push(at(
                DeadlineKind::FirstResponse,
                cfg.routine_first_response_min,
            ));
            if kind == ItemKind::WarrantyClaim && urgency == Urgency::Urgent {
                out.push(at(DeadlineKind::OnSite, cfg.urgent_on_site_min));
            }
        }
        ItemKind::Complaint => {
            if level.is_some_and(Level::is_major) {
                out.push(at(
                    DeadlineKind::MajorComplaintTeam,
                    cfg.major_complaint_team_min,
                ));
            }
            out.push(at(DeadlineKind::ComplaintAnswer, cfg.complaint_answer_min));
            out.push(at(DeadlineKind::ComplaintClose, cfg.complaint_close_min));
        }
    }
    out.sort_by_key(|d| d.due_at);
    out
}

/// Where a clock stands. Durations are whole seconds (the UI formats them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockState {
    /// Open, with time to spare.
    Running { remaining_secs: i64 },
    /// Open, and no more than the amber share of the target is left.
    Amber { remaining_secs: i64 },
    /// Open and past due.
    Breached { overdue_secs: i64 },
    /// Met on time (exactly at the due time counts).
    Met { early_by_secs: i64 },
    /// Met after it was due: still a breach on the record.
    MetLate { late_by_secs: i64 },
}

impl ClockState {
    /// Is this clock a breach (open past due, or met late)?
    pub fn is_breach(self) -> bool {
        matches!(
            self,
            ClockState::Breached { .. } | ClockState::MetLate { .. }
        )
    }

    /// Is this clock still open (nobody has met it yet)?
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ClockState::Running { .. } | ClockState::Amber { .. } | ClockState::Breached { .. }
        )
    }
}

/// Where a clock stands at `now`.
///
/// Met exactly at `due_at` is met; still open exactly at `due_at` is amber (not yet breached).
/// A clock met late is `MetLate`, never `Met`: a breach stays on the record. It turns amber
/// when at most `cfg.amber_remaining_bp` of `target_len` is left.
pub fn clock_state(
    due_at: DateTime<Utc>,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    target_len: Duration,
    cfg: &ServiceLevelConfig,
) -> ClockState {
    match met_at {
        Some(met) if met <= due_at => ClockState::Met {
            early_by_secs: (due_at - met).num_seconds(),
        },
        Some(met) => ClockState::MetLate {
            late_by_secs: (met - due_at).num_seconds(),
        },
        None if now > due_at => ClockState::Breached {
            overdue_secs: (now - due_at).num_seconds(),
        },
        None => {
            let remaining = due_at - now;
            let bp = i64::from(cfg.amber_remaining_bp.min(BASIS_POINTS));
            // Compare in milliseconds: exact for every target a company can configure.
            let threshold_ms =
                target_len.num_milliseconds().max(0).saturating_mul(bp) / i64::from(BASIS_POINTS);
            let remaining_secs = remaining.num_seconds();
            if remaining.num_milliseconds() <= threshold_ms {
                ClockState::Amber { remaining_secs }
            } else {
                ClockState::Running { remaining_secs }
            }
        }
    }
}

/// Was (or is) this deadline breached? Sticky: meeting it late does not clear the breach,
/// and meeting it exactly at `due_at` is on time.
pub fn breached(due_at: DateTime<Utc>, met_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match met_at {
        Some(met) => met > due_at,
        None => now > due_at,
    }
}

/// The breach flag to store: once recorded it stays set, even if the deadline is later
/// moved (a reschedule or a config change never clears a breach).
pub fn breach_flag(
    already_recorded: bool,
    due_at: DateTime<Utc>,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    already_recorded || breached(due_at, met_at, now)
}

/// The first instant of a local calendar day in `tz`.
///
/// Where midnight does not exist (a DST gap at 00:00) this is the first instant after the
/// gap; where it happens twice, the earlier one.
pub fn local_day_start(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    // Gaps are at most a day long (Samoa skipped 2011-12-30 entirely); probe in 15 minutes.
    for step in 0..=(26 * 4) {
        let local = midnight + Duration::minutes(15 * step);
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.with_timezone(&Utc);
        }
    }
    // Unreachable for real zones; fall back to reading midnight as UTC.
    midnight.and_utc()
}

/// The end of a local calendar day: the first instant of the next one ("by midnight").
pub fn local_day_end(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    match day.succ_opt() {
        Some(next) => local_day_start(tz, next),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// When the callback after a repair is due: from `opens_at` to `due_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CallbackWindow {
    /// Not before (calling earlier cannot confirm the fix has held).
    pub opens_at: DateTime<Utc>,
    /// At the latest.
    pub due_at: DateTime<Utc>,
}

impl CallbackWindow {
    /// Is `t` inside the window (both ends included)?
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.opens_at <= t && t <= self.due_at
    }
}

/// Callback after a repair: 24–48 hours after the work (configurable). These are elapsed
/// hours, so across a DST change the local clock time of the window shifts by the change.
pub fn repair_callback_window(
    repaired_at: DateTime<Utc>,
    cfg: &ServiceLevelConfig,
) -> CallbackWindow {
    CallbackWindow {
        opens_at: repaired_at + Duration::minutes(i64::from(cfg.repair_callback_from_min)),
        due_at: repaired_at + Duration::minutes(i64::from(cfg.repair_callback_until_min)),
    }
}

/// The repair callback as a deadline for the queue (clock starts when the work is done).
pub fn repair_callback_deadline(repaired_at: DateTime<Utc>, cfg: &ServiceLevelConfig) -> Deadline {
    Deadline {
        what: DeadlineKind::RepairCallback,
        starts_at: repaired_at,
        due_at: repair_callback_window(repaired_at, cfg).due_at,
    }
}

/// When an installation follow-up is due, in the company's local days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct FollowUpDue {
    /// The local day to follow up on (the day after installation by default).
    pub day: NaiveDate,
    /// End of that day: following up later is late against the preferred day.
    pub preferred_by: DateTime<Utc>,
    /// End of the latest day (the second day by default): after this it is breached.
    pub due_at: DateTime<Utc>,
}

/// Installation follow-up: "the day after installation, never later than 2 days", counted in
/// local calendar days of the company's time zone (`tz`), whatever time of day it was.
pub fn install_follow_up(
    installed_at: DateTime<Utc>,
    tz: Tz,
    cfg: &ServiceLevelConfig,
) -> FollowUpDue {
    let installed_day = installed_at.with_timezone(&tz).date_naive();
    let nth = |n: u32| {
        installed_day
            .checked_add_days(chrono::Days::new(u64::from(n)))
            .unwrap_or(NaiveDate::MAX)
    };
    let day = nth(cfg.install_follow_up_day);
    FollowUpDue {
        day,
        preferred_by: local_day_end(tz, day),
        due_at: local_day_end(tz, nth(cfg.install_follow_up_latest_day)),
    }
}

/// The installation follow-up as a deadline for the queue (clock starts at installation).
pub fn install_follow_up_deadline(
    installed_at: DateTime<Utc>,
    tz: Tz,
    cfg: &ServiceLevelConfig,
) -> Deadline {
    Deadline {
        what: DeadlineKind::InstallFollowUp,
        starts_at: installed_at,
        due_at: install_follow_up(installed_at, tz, cfg).due_at,
    }
}

/// Delay compensation: 0.3% of the contract value per day late, in fen, rounded half up
/// on the total (not per day). Negative values count as zero; saturates at `i64::MAX`.
pub fn delay_compensation(contract_value_fen: i64, days_late: u32) -> i64 {
    let per_mille_days = 3 * i128::from(days_late);
    let raw = i128::from(contract_value_fen.max(0)) * per_mille_days;
    i64::try_from((raw + 500) / 1000).unwrap_or(i64::MAX)
}

/// Orders open due times nearest first (so the most overdue come first); no due time last.
pub fn compare_due(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts a queue so the item with the nearest open deadline comes first (overdue ones
/// first of all); items without an open deadline go last. Stable for equal due times.
pub fn nearest_deadline_first<T>(items: &mut [T], due: impl Fn(&T) -> Option<DateTime<Utc>>) {
    items.sort_by(|a, b| compare_due(due(a), due(b)));
}

/// The nearest deadline among those still open (`met` says whether one is met).
pub fn next_open_deadline(
    deadlines: &[Deadline],
    met: impl Fn(&Deadline) -> bool,
) -> Option<&Deadline> {
    deadlines
        .iter()
        .filter(|d| !met(d))
        .min_by_key(|d| d.due_at)
}

/// Share of decided deadlines met on time, in basis points, rounded down (so 100% means
/// no breach at all). Items are `(due_at, met_at)`; one still open and not yet due is
/// undecided and left out. `None` when nothing is decided.
pub fn share_within_target(
    items: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    now: DateTime<Utc>,
) -> Option<u32> {
    let (mut decided, mut on_time) = (0u64, 0u64);
    for &(due, met) in items {
        if met.is_none() && now <= due {
            continue;
        }
        decided += 1;
        if !breached(due, met, now) {
            on_time += 1;
        }
    }
    if decided == 0 {
        return None;
    }
    u32::try_from(on_time * u64::from(BASIS_POINTS) / decided).ok()
}

/// Average time to first response, in whole seconds (rounded half up), over
/// `(created_at, responded_at)` pairs; a response stamped before creation counts as zero.
/// `None` when there is nothing to average.
pub fn average_first_response_secs(items: &[(DateTime<Utc>, DateTime<Utc>)]) -> Option<i64> {
    if items.is_empty() {
        return None;
    }
    let total_ms: i128 = items
        .iter()
        .map(|(created, responded)| i128::from((*responded - *created).num_milliseconds().max(0)))
        .sum();
    let n = i128::try_from(items.len()).ok()?;
    let avg_ms = total_ms / n;
    i64::try_from((avg_ms + 500) / 1000).ok()
}

#[cfg(test)]
mod tests;
