//! Warranty (质保): categories, coverage within the warranty period, the extra checks after
//! handover, and a claim's life from received to confirmed by the homeowner (or reopened).

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, FieldError};
use super::service_levels::Urgency;

/// Default warranty period for the works, in months (5 years).
pub const DEFAULT_WARRANTY_MONTHS: u32 = 60;
/// Longest warranty period a company may configure, in months (50 years).
pub const MAX_WARRANTY_MONTHS: u32 = 600;
/// Shortest claim description, in characters.
pub const MIN_DESCRIPTION_CHARS: usize = 10;
/// Longest claim description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
/// Most photos on one claim.
pub const MAX_CLAIM_PHOTOS: usize = 9;
/// Most preferred visit windows on one claim.
pub const MAX_VISIT_WINDOWS: usize = 3;
/// Longest resolution note or reopen reason, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;
/// Most people one callback slot takes.
pub const MAX_SLOT_CAPACITY: u32 = 100;

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarrantyCategory {
    /// 水路
    Plumbing,
    /// 电路
    Electrical,
    /// 防水渗漏
    WaterproofingLeak,
    /// 瓷砖
    Tiling,
    /// 木作
    Carpentry,
    /// 油漆
    Painting,
    /// 门窗
    DoorsWindows,
    /// 其他
    Other,
}

impl WarrantyCategory {
    /// Every category, in display order.
    pub const ALL: [WarrantyCategory; 8] = [
        WarrantyCategory::Plumbing,
        WarrantyCategory::Electrical,
        WarrantyCategory::WaterproofingLeak,
        WarrantyCategory::Tiling,
        WarrantyCategory::Carpentry,
        WarrantyCategory::Painting,
        WarrantyCategory::DoorsWindows,
        WarrantyCategory::Other,
    ];

    /// Stable storage / URL name (same as the JSON name).
    pub fn as_str(self) -> &'static str {
        match self {
            WarrantyCategory::Plumbing => "plumbing",
            WarrantyCategory::Electrical => "electrical",
            WarrantyCategory::WaterproofingLeak => "waterproofing_leak",
            WarrantyCategory::Tiling => "tiling",
            WarrantyCategory::Carpentry => "carpentry",
            WarrantyCategory::Painting => "painting",
            WarrantyCategory::DoorsWindows => "doors_windows",
            WarrantyCategory::Other => "other",
        }
    }

    /// Inverse of [`WarrantyCategory::as_str`].
    pub fn parse(s: &str) -> Option<WarrantyCategory> {
        WarrantyCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A category's own warranty period, overriding the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CategoryPeriod {
    pub category: WarrantyCategory,
    /// The category's period, in months (1 to 600).
    pub months: u32,
}

/// A company's warranty settings: the default period, per-category periods, exclusions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WarrantyConfig {
    /// Period for every category without its own, in months (default 60 = 5 years).
    pub default_months: u32,
    /// Categories with their own period.
    pub periods: Vec<CategoryPeriod>,
    /// Categories the warranty does not cover at all.
    pub excluded: Vec<WarrantyCategory>,
}

impl Default for WarrantyConfig {
    fn default() -> Self {
        WarrantyConfig {
            default_months: DEFAULT_WARRANTY_MONTHS,
            periods: Vec::new(),
            excluded: Vec::new(),
        }
    }
}

impl WarrantyConfig {
    /// Checks a company's settings before they are stored.
    pub fn validated(self) -> Result<WarrantyConfig, FieldError> {
        let period_ok = |m: u32| (1..=MAX_WARRANTY_MONTHS).contains(&m);
        if !period_ok(self.default_months) {
            return Err(FieldError::new(
                "default_months",
                format!("a warranty lasts 1 to {MAX_WARRANTY_MONTHS} months"),
            ));
        }
        let mut seen = Vec::new();
        for p in &self.periods {
            if !period_ok(p.months) {
                return Err(FieldError::new(
                    "periods",
                    format!("a warranty lasts 1 to {MAX_WARRANTY_MONTHS} months"),
                ));
            }
            if seen.contains(&p.category) || self.excluded.contains(&p.category) {
                return Err(FieldError::new(
                    "periods",
                    "each category once, and not also excluded",
                ));
            }
            seen.push(p.category);
        }
        Ok(self)
    }

    /// The period for a category in months; `None` when the category is excluded.
    pub fn months_for(&self, category: WarrantyCategory) -> Option<u32> {
        if self.excluded.contains(&category) {
            return None;
        }
        Some(
            self.periods
                .iter()
                .find(|p| p.category == category)
                .map_or(self.default_months, |p| p.months),
        )
    }
}

/// Is a claim covered (shown before the homeowner submits it, checked again by the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "coverage", rename_all = "snake_case")]
pub enum Coverage {
    /// Covered; `until` is the last covered day.
    Covered { until: NaiveDate },
    /// The warranty has run out; `ended` was its last covered day.
    Expired { ended: NaiveDate },
    /// The company's warranty does not cover this category.
    CategoryExcluded,
    /// The claim date is before handover: that is rework, not warranty.
    NotHandedOver,
}

/// The last covered day of a warranty of `months` from `handover`.
///
/// Follows the Civil Code (民法典 art. 201–202): the handover day itself is not counted, and
/// the period ends on the corresponding day of the last month, or on that month's last day
/// when it has no such day. So 2021-06-15 + 5 years ends on 2026-06-15, and a 2024-02-29
/// handover ends on 2029-02-28 (but on 2028-02-29 after 4 years).
pub fn warranty_last_day(handover: NaiveDate, months: u32) -> NaiveDate {
    handover
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Coverage of a claim filed on `claim_date` (company-local day) for works handed over on
/// `handover`.
pub fn coverage(
    handover: NaiveDate,
    claim_date: NaiveDate,
    category: WarrantyCategory,
    cfg: &WarrantyConfig,
) -> Coverage {
    let Some(months) = cfg.months_for(category) else {
        return Coverage::CategoryExcluded;
    };
    if claim_date < handover {
        return Coverage::NotHandedOver;
    }
    let until = warranty_last_day(handover, months);
    if claim_date <= until {
        Coverage::Covered { until }
    } else {
        Coverage::Expired { ended: until }
    }
}

/// The extra checks after handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// Plumbing and electrical, at 3 months.
    PlumbingElectrical,
    /// Free smart-home check, at 1 year.
    SmartHome,
}

/// When the extra checks fall due, in date order: plumbing & electrical at 3 months, smart
/// home at 1 year (month ends clamp: a 30 November handover is checked on 28/29 February).
pub fn scheduled_checks(handover: NaiveDate) -> Vec<(CheckKind, NaiveDate)> {
    [
        (CheckKind::PlumbingElectrical, 3),
        (CheckKind::SmartHome, 12),
    ]
    .into_iter()
    .filter_map(|(kind, months)| {
        handover
            .checked_add_months(Months::new(months))
            .map(|d| (kind, d))
    })
    .collect()
}

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Filed by the homeowner.
    Received,
    /// Staff have answered (stops the first-response clock).
    Acknowledged,
    /// A visit is booked.
    Scheduled,
    /// Staff are on site (stops the on-site clock of urgent claims).
    OnSite,
    /// Staff say it is fixed; the homeowner confirms or reopens.
    Resolved,
    /// The homeowner confirmed the fix: closed.
    Confirmed,
    /// The homeowner says it is not fixed; back in the staff queue.
    Reopened,
}

impl ClaimStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [ClaimStatus; 7] = [
        ClaimStatus::Received,
        ClaimStatus::Acknowledged,
        ClaimStatus::Scheduled,
        ClaimStatus::OnSite,
        ClaimStatus::Resolved,
        ClaimStatus::Confirmed,
        ClaimStatus::Reopened,
    ];

    /// Stable storage / URL name (same as the JSON name).
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Received => "received",
            ClaimStatus::Acknowledged => "acknowledged",
            ClaimStatus::Scheduled => "scheduled",
            ClaimStatus::OnSite => "on_site",
            ClaimStatus::Resolved => "resolved",
            ClaimStatus::Confirmed => "confirmed",
            ClaimStatus::Reopened => "reopened",
        }
    }

    /// Inverse of [`ClaimStatus::as_str`].
    pub fn parse(s: &str) -> Option<ClaimStatus> {
        ClaimStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Is the claim closed (nothing more can happen to it)?
    pub fn is_closed(self) -> bool {
        self == ClaimStatus::Confirmed
    }
}

/// What someone does to a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ClaimAction {
    /// Staff: answer the homeowner.
    Acknowledge,
    /// Staff: book (or move) the visit.
    Schedule { at: DateTime<Utc> },
    /// Staff: arrived on site.
    ArriveOnSite,
    /// Staff: fixed; the note says what was done.
    Resolve { note: String },
    /// Homeowner: the fix holds.
    Confirm,
    /// Homeowner: not fixed, with the reason.
    Reopen { reason: String },
}

impl ClaimAction {
    /// Is this a staff action (otherwise it is the homeowner's)?
    pub fn is_staff_action(&self) -> bool {
        !matches!(self, ClaimAction::Confirm | ClaimAction::Reopen { .. })
    }
}

/// Why a claim transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// Not possible from the current status (answered 409).
    #[error("cannot {action} a claim that is {from}")]
    Illegal {
        from: &'static str,
        action: &'static str,
    },
    /// The caller's role may not do this (answered 403).
    #[error("only {0} may do this")]
    WrongRole(&'static str),
    /// The action's text is missing or too long (answered 422).
    #[error(transparent)]
    Invalid(#[from] FieldError),
}

impl TransitionError {
    /// The API error code the server answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            TransitionError::Illegal { .. } => ErrorCode::Conflict,
            TransitionError::WrongRole(_) => ErrorCode::Forbidden,
            TransitionError::Invalid(_) => ErrorCode::Validation,
        }
    }
}

fn action_name(action: &ClaimAction) -> &'static str {
    match action {
        ClaimAction::Acknowledge => "acknowledge",
        ClaimAction::Schedule { .. } => "schedule",
        ClaimAction::ArriveOnSite => "arrive on site for",
        ClaimAction::Resolve { .. } => "resolve",
        ClaimAction::Confirm => "confirm",
        ClaimAction::Reopen { .. } => "reopen",
    }
}

pub(crate) fn required_text(field: &'static str, text: &str, what: &str) -> Result<(), FieldError> {
    let n = text.trim().chars().count();
    if n == 0 || n > MAX_NOTE_CHARS {
        return Err(FieldError::new(
            field,
            format!("{what} (up to {MAX_NOTE_CHARS} characters)"),
        ));
    }
    Ok(())
}

/// The claim's state machine.
///
/// Staff: received/reopened → acknowledged → scheduled (again to move the visit) → on site
/// → resolved (with a note), or on site → scheduled when another visit is needed. The
/// homeowner only acts on a resolved claim: confirms it (closed) or reopens it with a reason.
/// Checks the role first, then the status, then the action's text.
pub fn transition(
    status: ClaimStatus,
    action: &ClaimAction,
    actor_is_staff: bool,
) -> Result<ClaimStatus, TransitionError> {
    use ClaimAction as A;
    use ClaimStatus as S;
    if action.is_staff_action() != actor_is_staff {
        return Err(TransitionError::WrongRole(if actor_is_staff {
            "the homeowner"
        } else {
            "staff"
        }));
    }
    let next = match (status, action) {
        (S::Received | S::Reopened, A::Acknowledge) => S::Acknowledged,
        (S::Acknowledged | S::Scheduled | S::OnSite, A::Schedule { .. }) => S::Scheduled,
        (S::Scheduled, A::ArriveOnSite) => S::OnSite,
        (S::OnSite, A::Resolve { .. }) => S::Resolved,
        (S::Resolved, A::Confirm) => S::Confirmed,
        (S::Resolved, A::Reopen { .. }) => S::Reopened,
        _ => {
            return Err(TransitionError::Illegal {
                from: status.as_str(),
                action: action_name(action),
            })
        }
    };
    match action {
        A::Resolve { note } => required_text("note", note, "say what was done")?,
        A::Reopen { reason } => required_text("reason", reason, "say what is still wrong")?,
        _ => {}
    }
    Ok(next)
}

/// A preferred visit window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct VisitWindow {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// What a homeowner files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ClaimInput {
    pub category: WarrantyCategory,
    /// What is wrong, 10 to 2000 characters.
    pub description: String,
    /// Urgent claims (e.g. a leak) put staff on site within the on-site target.
    #[serde(default)]
    pub urgency: Urgency,
    /// Ids of photos uploaded for this project beforehand, at most 9.
    #[serde(default)]
    pub photo_ids: Vec<String>,
    /// 1 to 3 preferred visit windows.
    pub visit_windows: Vec<VisitWindow>,
}

impl ClaimInput {
    /// Trims text and checks every rule; the server runs this again on every write.
    pub fn validated(mut self) -> Result<ClaimInput, FieldError> {
        self.description = self.description.trim().to_string();
        let n = self.description.chars().count();
        if !(MIN_DESCRIPTION_CHARS..=MAX_DESCRIPTION_CHARS).contains(&n) {
            return Err(FieldError::new(
                "description",
                format!(
                    "describe the problem in {MIN_DESCRIPTION_CHARS} to {MAX_DESCRIPTION_CHARS} characters"
                ),
            ));
        }
        super::photos::validate_photo_ids(&self.photo_ids, MAX_CLAIM_PHOTOS)?;
        if self.visit_windows.is_empty() || self.visit_windows.len() > MAX_VISIT_WINDOWS {
            return Err(FieldError::new(
                "visit_windows",
                format!("choose 1 to {MAX_VISIT_WINDOWS} visit times"),
            ));
        }
        if self.visit_windows.iter().any(|w| w.start >= w.end) {
            return Err(FieldError::new(
                "visit_windows",
                "a visit time must end after it starts",
            ));
        }
        Ok(self)
    }
}

/// A callback slot staff offer, with its capacity and how many have booked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CallbackSlot {
    pub id: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// How many homeowners the slot takes.
    pub capacity: u32,
    /// How many have booked it so far.
    pub booked: u32,
}

impl CallbackSlot {
    /// Can one more homeowner book this slot?
    pub fn has_room(&self) -> bool {
        slot_has_room(self.capacity, self.booked)
    }
}

/// What a homeowner sends to book a callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SlotBookingInput {
    pub slot_id: String,
    /// The claim the callback is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<String>,
    /// What to talk about, up to 1000 characters.
    #[serde(default)]
    pub note: String,
}

impl SlotBookingInput {
    /// Trims the note and checks its length.
    pub fn validated(mut self) -> Result<SlotBookingInput, FieldError> {
        self.note = self.note.trim().to_string();
        if self.slot_id.is_empty() {
            return Err(FieldError::new("slot_id", "choose a time"));
        }
        if self.note.chars().count() > MAX_NOTE_CHARS {
            return Err(FieldError::new(
                "note",
                format!("at most {MAX_NOTE_CHARS} characters"),
            ));
        }
        Ok(self)
    }
}

/// A booked callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SlotBooking {
    pub id: String,
    pub slot_id: String,
    pub project_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub note: String,
    pub booked_at: DateTime<Utc>,
}

/// Is there room for one more booking in a slot of `capacity`?
pub fn slot_has_room(capacity: u32, booked: u32) -> bool {
    booked < capacity
}

/// Checks a slot's capacity before staff store it: 1 to 100.
pub fn validate_slot_capacity(capacity: u32) -> Result<u32, FieldError> {
    if (1..=MAX_SLOT_CAPACITY).contains(&capacity) {
        Ok(capacity)
    } else {
        Err(FieldError::new(
            "capacity",
            format!("a slot takes 1 to {MAX_SLOT_CAPACITY} bookings"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Duration};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn names_round_trip() {
        for c in WarrantyCategory::ALL {
            assert_eq!(WarrantyCategory::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
        assert_eq!(WarrantyCategory::parse("roof"), None);
        for s in ClaimStatus::ALL {
            assert_eq!(ClaimStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }

    #[test]
    fn five_year_coverage_boundaries() {
        let cfg = WarrantyConfig::default();
        let h = d(2021, 6, 15);
        let tiling = |claim| coverage(h, claim, WarrantyCategory::Tiling, &cfg);
        let until = d(2026, 6, 15);
        assert_eq!(tiling(h), Coverage::Covered { until });
        assert_eq!(tiling(d(2026, 6, 15)), Coverage::Covered { until });
        assert_eq!(tiling(d(2026, 6, 16)), Coverage::Expired { ended: until });
        assert_eq!(tiling(d(2021, 6, 14)), Coverage::NotHandedOver);
    }

    #[test]
    fn leap_day_handover() {
        let cfg = WarrantyConfig::default();
        let h = d(2024, 2, 29);
        assert_eq!(warranty_last_day(h, 60), d(2029, 2, 28));
        assert_eq!(warranty_last_day(h, 48), d(2028, 2, 29));
        assert_eq!(warranty_last_day(h, 12), d(2025, 2, 28));
        let c = |claim| coverage(h, claim, WarrantyCategory::Plumbing, &cfg);
        assert_eq!(
            c(d(2029, 2, 28)),
            Coverage::Covered {
                until: d(2029, 2, 28)
            }
        );
        assert_eq!(
            c(d(2029, 3, 1)),
            Coverage::Expired {
                ended: d(2029, 2, 28)
            }
        );
        // Month ends clamp too: 31 August + 6 months is the end of February.
        assert_eq!(warranty_last_day(d(2025, 8, 31), 6), d(2026, 2, 28));
    }

    #[test]
    fn coverage_property_over_every_handover_day() {
        // For every handover day in 2020–2024 (two leap years): covered through the same
        // day-of-month five years on (or the month's end), expired the day after.
        let cfg = WarrantyConfig::default();
        let mut h = d(2020, 1, 1);
        while h < d(2025, 1, 1) {
            let until = warranty_last_day(h, 60);
            assert_eq!(until.year(), h.year() + 5);
            assert_eq!(until.month(), h.month());
            assert!(
                until.day() == h.day() || (h.month() == 2 && h.day() == 29 && until.day() == 28)
            );
            for cat in WarrantyCategory::ALL {
                assert_eq!(coverage(h, until, cat, &cfg), Coverage::Covered { until });
                let after = until.succ_opt().unwrap();
                assert_eq!(
                    coverage(h, after, cat, &cfg),
                    Coverage::Expired { ended: until }
                );
            }
            h = h.succ_opt().unwrap();
        }
    }

    #[test]
    fn periods_are_configurable_per_category() {
        let cfg = WarrantyConfig {
            default_months: 24,
            periods: vec![CategoryPeriod {
                category: WarrantyCategory::WaterproofingLeak,
                months: 60,
            }],
            excluded: vec![WarrantyCategory::Other],
        }
        .validated()
        .unwrap();
        let h = d(2024, 3, 1);
        assert_eq!(
            coverage(h, d(2027, 1, 1), WarrantyCategory::Painting, &cfg),
            Coverage::Expired {
                ended: d(2026, 3, 1)
            }
        );
        assert_eq!(
            coverage(h, d(2027, 1, 1), WarrantyCategory::WaterproofingLeak, &cfg),
            Coverage::Covered {
                until: d(2029, 3, 1)
            }
        );
        assert_eq!(
            coverage(h, d(2024, 4, 1), WarrantyCategory::Other, &cfg),
            Coverage::CategoryExcluded
        );
        assert_eq!(cfg.months_for(WarrantyCategory::Tiling), Some(24));
        // A stored config without the newer fields keeps the defaults.
        let partial: WarrantyConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(partial, WarrantyConfig::default());
    }

    #[test]
    fn bad_configs_are_refused() {
        let p = |category, months| CategoryPeriod { category, months };
        let bad = [
            WarrantyConfig {
                default_months: 0,
                ..WarrantyConfig::default()
            },
            WarrantyConfig {
                periods: vec![p(WarrantyCategory::Tiling, MAX_WARRANTY_MONTHS + 1)],
                ..WarrantyConfig::default()
            },
            WarrantyConfig {
                periods: vec![
                    p(WarrantyCategory::Tiling, 12),
                    p(WarrantyCategory::Tiling, 24),
                ],
                ..WarrantyConfig::default()
            },
            WarrantyConfig {
                periods: vec![p(WarrantyCategory::Tiling, 12)],
                excluded: vec![WarrantyCategory::Tiling],
                ..WarrantyConfig::default()
            },
        ];
        for b in bad {
            assert!(b.clone().validated().is_err(), "{b:?}");
        }
        assert!(WarrantyConfig::default().validated().is_ok());
    }

    #[test]
    fn extra_checks_at_three_months_and_one_year() {
        assert_eq!(
            scheduled_checks(d(2026, 1, 15)),
            vec![
                (CheckKind::PlumbingElectrical, d(2026, 4, 15)),
                (CheckKind::SmartHome, d(2027, 1, 15)),
            ]
        );
        // Month ends clamp; a leap-day handover's smart-home check is on 28 February.
        assert_eq!(scheduled_checks(d(2025, 11, 30))[0].1, d(2026, 2, 28));
        assert_eq!(scheduled_checks(d(2023, 11, 30))[0].1, d(2024, 2, 29));
        assert_eq!(scheduled_checks(d(2024, 2, 29))[1].1, d(2025, 2, 28));
    }

    fn all_actions() -> Vec<ClaimAction> {
        vec![
            ClaimAction::Acknowledge,
            ClaimAction::Schedule { at: now() },
            ClaimAction::ArriveOnSite,
            ClaimAction::Resolve {
                note: "更换角阀，试水无渗漏".into(),
            },
            ClaimAction::Confirm,
            ClaimAction::Reopen {
                reason: "仍然滴水".into(),
            },
        ]
    }

    /// The whole legal table: (from, action index in `all_actions`, by staff, to).
    const LEGAL: [(ClaimStatus, usize, bool, ClaimStatus); 9] = [
        (ClaimStatus::Received, 0, true, ClaimStatus::Acknowledged),
        (ClaimStatus::Reopened, 0, true, ClaimStatus::Acknowledged),
        (ClaimStatus::Acknowledged, 1, true, ClaimStatus::Scheduled),
        (ClaimStatus::Scheduled, 1, true, ClaimStatus::Scheduled),
        (ClaimStatus::OnSite, 1, true, ClaimStatus::Scheduled),
        (ClaimStatus::Scheduled, 2, true, ClaimStatus::OnSite),
        (ClaimStatus::OnSite, 3, true, ClaimStatus::Resolved),
        (ClaimStatus::Resolved, 4, false, ClaimStatus::Confirmed),
        (ClaimStatus::Resolved, 5, false, ClaimStatus::Reopened),
    ];

    #[test]
    fn every_legal_transition() {
        let actions = all_actions();
        for (from, a, staff, to) in LEGAL {
            assert_eq!(transition(from, &actions[a], staff), Ok(to), "{from:?} {a}");
        }
    }

    #[test]
    fn everything_else_is_refused_with_the_right_code() {
        // Exhaustive over status × action × role: legal iff in the table; otherwise the
        // wrong role is 403, and the right role at the wrong time is 409.
        let actions = all_actions();
        let mut legal_count = 0;
        for from in ClaimStatus::ALL {
            for (i, action) in actions.iter().enumerate() {
                for staff in [true, false] {
                    let r = transition(from, action, staff);
                    let legal = LEGAL
                        .iter()
                        .find(|(f, a, s, _)| *f == from && *a == i && *s == staff);
                    match (legal, r) {
                        (Some((.., to)), Ok(got)) => {
                            assert_eq!(got, *to);
                            legal_count += 1;
                        }
                        (None, Err(e)) => {
                            let want = if action.is_staff_action() != staff {
                                ErrorCode::Forbidden
                            } else {
                                ErrorCode::Conflict
                            };
                            assert_eq!(e.code(), want, "{from:?} {action:?} staff={staff}");
                        }
                        (l, r) => panic!("{from:?} {action:?} staff={staff}: {l:?} vs {r:?}"),
                    }
                }
            }
        }
        assert_eq!(legal_count, 9);
        assert_eq!(ErrorCode::Conflict.status(), 409);
    }

    #[test]
    fn sample_of_illegal_transitions() {
        use ClaimAction as A;
        use ClaimStatus as S;
        let illegal = |from, action: A, staff| {
            let e = transition(from, &action, staff).unwrap_err();
            assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
        };
        illegal(S::Received, A::ArriveOnSite, true); // skipping steps
        illegal(S::Received, A::Schedule { at: now() }, true);
        illegal(S::Acknowledged, A::Acknowledge, true); // twice
        illegal(
            S::Scheduled,
            A::Resolve {
                note: "done".into(),
            },
            true,
        );
        illegal(S::Confirmed, A::Acknowledge, true); // closed stays closed
        illegal(
            S::Confirmed,
            A::Reopen {
                reason: "again".into(),
            },
            false,
        );
        illegal(S::OnSite, A::Confirm, false); // homeowner only on resolved
        illegal(S::Reopened, A::Confirm, false);
        let e = transition(S::Received, &A::ArriveOnSite, true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot arrive on site for a claim that is received"
        );
        // Staff cannot confirm for the homeowner; the homeowner cannot resolve.
        assert_eq!(
            transition(S::Resolved, &A::Confirm, true),
            Err(TransitionError::WrongRole("the homeowner"))
        );
        assert_eq!(
            transition(S::OnSite, &A::Resolve { note: "x".into() }, false),
            Err(TransitionError::WrongRole("staff"))
        );
        assert!(ClaimStatus::Confirmed.is_closed());
    }

    #[test]
    fn reopen_needs_a_reason_and_resolve_a_note() {
        use ClaimAction as A;
        use ClaimStatus as S;
        for blank in ["", "   ", "\n\t"] {
            let e = transition(
                S::Resolved,
                &A::Reopen {
                    reason: blank.into(),
                },
                false,
            )
            .unwrap_err();
            assert_eq!(e.code(), ErrorCode::Validation);
            assert!(matches!(&e, TransitionError::Invalid(f) if f.field == "reason"));
            let e = transition(S::OnSite, &A::Resolve { note: blank.into() }, true).unwrap_err();
            assert!(matches!(&e, TransitionError::Invalid(f) if f.field == "note"));
        }
        let long = "漏".repeat(MAX_NOTE_CHARS + 1);
        assert!(transition(S::Resolved, &A::Reopen { reason: long }, false).is_err());
        let max = "漏".repeat(MAX_NOTE_CHARS);
        assert!(transition(S::Resolved, &A::Reopen { reason: max }, false).is_ok());
    }

    #[test]
    fn a_claim_walks_through_and_back() {
        let actions = all_actions();
        let script = [
            (0, true),
            (1, true),
            (2, true),
            (3, true),
            (5, false),
            (0, true),
            (1, true),
            (2, true),
            (1, true),
            (2, true),
            (3, true),
            (4, false),
        ];
        let mut s = ClaimStatus::Received;
        for (a, staff) in script {
            s = transition(s, &actions[a], staff).unwrap();
        }
        assert_eq!(s, ClaimStatus::Confirmed);
        let json = serde_json::to_value(&actions[5]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"action": "reopen", "reason": "仍然滴水"})
        );
    }

    fn claim() -> ClaimInput {
        ClaimInput {
            category: WarrantyCategory::WaterproofingLeak,
            description: "  卫生间地面渗水到楼下天花板  ".into(),
            urgency: Urgency::Urgent,
            photo_ids: vec!["p1".into()],
            visit_windows: vec![VisitWindow {
                start: now() + Duration::hours(20),
                end: now() + Duration::hours(22),
            }],
        }
    }

    #[test]
    fn claim_input_is_checked() {
        let ok = claim().validated().unwrap();
        assert_eq!(ok.description, "卫生间地面渗水到楼下天花板");

        // Description: 10..=2000 characters after trimming (counted in characters).
        for (n, valid) in [(9, false), (10, true), (2000, true), (2001, false)] {
            let mut c = claim();
            c.description = format!("  {}  ", "漏".repeat(n));
            assert_eq!(c.validated().is_ok(), valid, "{n}");
        }
        // Photos: at most 9, no duplicates.
        for (n, valid) in [(0, true), (9, true), (10, false)] {
            let mut c = claim();
            c.photo_ids = (0..n).map(|i| format!("p{i}")).collect();
            assert_eq!(c.validated().is_ok(), valid, "{n}");
        }
        let mut c = claim();
        c.photo_ids = vec!["a".into(), "a".into()];
        assert_eq!(c.validated().unwrap_err().field, "photo_ids");
        // Windows: 1..=3, each ending after it starts.
        let w = claim().visit_windows[0];
        for (n, valid) in [(0, false), (1, true), (3, true), (4, false)] {
            let mut c = claim();
            c.visit_windows = vec![w; n];
            let r = c.validated();
            assert_eq!(r.is_ok(), valid, "{n}");
            if let Err(e) = r {
                assert_eq!(e.field, "visit_windows");
            }
        }
        for end in [w.start, w.start - Duration::minutes(1)] {
            let mut c = claim();
            c.visit_windows.push(VisitWindow {
                start: w.start,
                end,
            });
            assert_eq!(c.validated().unwrap_err().field, "visit_windows");
        }
        // Urgency defaults to routine when the client leaves it out.
        let json = serde_json::json!({
            "category": "plumbing",
            "description": "厨房水龙头一直滴水",
            "visit_windows": [w],
        });
        let c: ClaimInput = serde_json::from_value(json).unwrap();
        assert_eq!(c.urgency, Urgency::Routine);
    }

    #[test]
    fn callback_slots() {
        assert!(slot_has_room(3, 0));
        assert!(slot_has_room(3, 2));
        assert!(!slot_has_room(3, 3));
        assert!(!slot_has_room(3, 4));
        assert!(!slot_has_room(0, 0));
        for cap in 0..=10 {
            for booked in 0..=12 {
                assert_eq!(slot_has_room(cap, booked), booked < cap);
            }
        }
        let slot = CallbackSlot {
            id: "s1".into(),
            starts_at: now(),
            ends_at: now() + Duration::minutes(30),
            capacity: 2,
            booked: 1,
        };
        assert!(slot.has_room());
        assert!(validate_slot_capacity(0).is_err());
        assert_eq!(validate_slot_capacity(5), Ok(5));
        assert!(validate_slot_capacity(MAX_SLOT_CAPACITY + 1).is_err());
        let b = SlotBookingInput {
            slot_id: "s1".into(),
            claim_id: None,
            note: "  想确认修好的角阀  ".into(),
        }
        .validated()
        .unwrap();
        assert_eq!(b.note, "想确认修好的角阀");
        let long = SlotBookingInput {
            note: "字".repeat(MAX_NOTE_CHARS + 1),
            ..b.clone()
        };
        assert_eq!(long.validated().unwrap_err().field, "note");
        let no_slot = SlotBookingInput {
            slot_id: String::new(),
            ..b
        };
        assert_eq!(no_slot.validated().unwrap_err().field, "slot_id");
    }
}
