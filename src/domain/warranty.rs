//! Warranty claims (质保): categories, coverage within the warranty period, and the claim's
//! life from received to confirmed by the homeowner (or reopened).

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// Default warranty period for the works.
pub const WARRANTY_YEARS: u32 = 5;
/// Most photos on one claim.
pub const MAX_CLAIM_PHOTOS: usize = 9;

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarrantyCategory {
    Plumbing,
    Electrical,
    WaterproofingLeak,
    Tiling,
    Carpentry,
    Painting,
    DoorsWindows,
    Other,
}

impl WarrantyCategory {
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
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Company warranty settings: the period and the categories it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarrantyConfig {
    pub years: u32,
    pub covered: Vec<WarrantyCategory>,
}

impl Default for WarrantyConfig {
    fn default() -> Self {
        WarrantyConfig {
            years: WARRANTY_YEARS,
            covered: WarrantyCategory::ALL.to_vec(),
        }
    }
}

/// Is a claim covered, said before the homeowner submits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "coverage", rename_all = "snake_case")]
pub enum Coverage {
    /// Covered; the last covered day.
    Covered {
        until: NaiveDate,
    },
    /// The warranty ended on this day.
    Expired {
        ended: NaiveDate,
    },
    CategoryExcluded,
}

/// The last day of a warranty that starts at handover: the day before the anniversary
/// (a 29 February handover's anniversary in a common year is 1 March).
pub fn warranty_last_day(handover: NaiveDate, years: u32) -> NaiveDate {
    let year = handover.year().saturating_add(years as i32);
    handover
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// Coverage of a claim filed on `claim_date` for works handed over on `handover`.
pub fn coverage(
    handover: NaiveDate,
    claim_date: NaiveDate,
    category: WarrantyCategory,
    cfg: &WarrantyConfig,
) -> Coverage {
    if !cfg.covered.contains(&category) {
        return Coverage::CategoryExcluded;
    }
    let until = warranty_last_day(handover, cfg.years);
    if claim_date <= until {
        Coverage::Covered { until }
    } else {
        Coverage::Expired { ended: until }
    }
}

/// Extra checks after handover: plumbing & electrical at 3 months, smart home at 1 year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    PlumbingElectrical,
    SmartHome,
}

/// When the extra checks fall due.
pub fn scheduled_checks(handover: NaiveDate) -> Vec<(CheckKind, NaiveDate)> {
    let add = |m| {
        handover
            .checked_add_months(Months::new(m))
            .unwrap_or(handover)
    };
    vec![
        (CheckKind::PlumbingElectrical, add(3)),
        (CheckKind::SmartHome, add(12)),
    ]
}

/// Where a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Received,
    Acknowledged,
    Scheduled,
    OnSite,
    Resolved,
    Confirmed,
    Reopened,
}

/// What someone does to a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ClaimAction {
    Acknowledge,
    Schedule { at: DateTime<Utc> },
    ArriveOnSite,
    Resolve { note: String },
    Confirm,
    Reopen { reason: String },
}

/// Why a transition is refused (the server answers 409, or 403 for the wrong person).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("this step is not possible from the claim's current state")]
    Illegal,
    #[error("only staff do this")]
    StaffOnly,
    #[error("only the homeowner does this")]
    HomeownerOnly,
    #[error("{0}")]
    Invalid(FieldError),
}

/// The claim's state machine. Staff move it forward; the homeowner confirms the fix or
/// reopens it with a reason; a confirmed claim is closed.
pub fn transition(
    status: ClaimStatus,
    action: &ClaimAction,
    by_staff: bool,
) -> Result<ClaimStatus, TransitionError> {
    use ClaimAction as A;
    use ClaimStatus as S;
    let staff = |next| {
        if by_staff {
            Ok(next)
        } else {
            Err(TransitionError::StaffOnly)
        }
    };
    let owner = |next| {
        if by_staff {
            Err(TransitionError::HomeownerOnly)
        } else {
            Ok(next)
        }
    };
    match (status, action) {
        (S::Received | S::Reopened, A::Acknowledge) => staff(S::Acknowledged),
        (S::Acknowledged | S::Scheduled, A::Schedule { .. }) => staff(S::Scheduled),
        (S::Scheduled, A::ArriveOnSite) => staff(S::OnSite),
        (S::OnSite, A::Resolve { note }) => {
            if note.trim().is_empty() || note.chars().count() > 1000 {
                return Err(TransitionError::Invalid(FieldError::new(
                    "note",
                    "say what was done (up to 1000 characters)",
                )));
            }
            staff(S::Resolved)
        }
        (S::Resolved, A::Confirm) => owner(S::Confirmed),
        (S::Resolved, A::Reopen { reason }) => {
            let n = reason.trim().chars().count();
            if !(5..=500).contains(&n) {
                return Err(TransitionError::Invalid(FieldError::new(
                    "reason",
                    "say why in 5 to 500 characters",
                )));
            }
            owner(S::Reopened)
        }
        _ => Err(TransitionError::Illegal),
    }
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
    pub description: String,
    pub urgent: bool,
    #[serde(default)]
    pub photo_ids: Vec<String>,
    pub visit_windows: Vec<VisitWindow>,
}

impl ClaimInput {
    /// Checks the claim; windows must lie in the future (by the server's `now`).
    pub fn validated(mut self, now: DateTime<Utc>) -> Result<ClaimInput, FieldError> {
        self.description = self.description.trim().to_string();
        let n = self.description.chars().count();
        if !(10..=2000).contains(&n) {
            return Err(FieldError::new(
                "description",
                "describe the problem in 10 to 2000 characters",
            ));
        }
        super::photos::validate_photo_ids(&self.photo_ids, MAX_CLAIM_PHOTOS)?;
        if self.visit_windows.is_empty() || self.visit_windows.len() > 3 {
            return Err(FieldError::new(
                "visit_windows",
                "choose 1 to 3 visit times",
            ));
        }
        if self
            .visit_windows
            .iter()
            .any(|w| w.start >= w.end || w.start < now)
        {
            return Err(FieldError::new(
                "visit_windows",
                "a visit time must be in the future and end after it starts",
            ));
        }
        Ok(self)
    }
}

/// Is there room left in a callback slot?
pub fn slot_has_room(capacity: u32, booked: u32) -> bool {
    booked < capacity
}

/// Years since handover, for display ("in year 2 of 5").
pub fn warranty_year(handover: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - handover.year();
    if (today.month(), today.day()) < (handover.month(), handover.day()) {
        years -= 1;
    }
    years.max(0) as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn categories_round_trip() {
        for c in WarrantyCategory::ALL {
            assert_eq!(WarrantyCategory::parse(c.as_str()), Some(c));
        }
        assert_eq!(WarrantyCategory::parse("roof"), None);
    }

    #[test]
    fn coverage_ends_after_five_years() {
        let cfg = WarrantyConfig::default();
        let h = d(2021, 6, 15);
        assert_eq!(
            coverage(h, d(2026, 6, 14), WarrantyCategory::Tiling, &cfg),
            Coverage::Covered {
                until: d(2026, 6, 14)
            }
        );
        assert_eq!(
            coverage(h, d(2026, 6, 15), WarrantyCategory::Tiling, &cfg),
            Coverage::Expired {
                ended: d(2026, 6, 14)
            }
        );
        // Leap-day handover.
        assert_eq!(warranty_last_day(d(2024, 2, 29), 5), d(2029, 2, 28));
        assert_eq!(warranty_last_day(d(2024, 2, 29), 4), d(2028, 2, 28));
        let narrow = WarrantyConfig {
            years: 5,
            covered: vec![WarrantyCategory::Plumbing],
        };
        assert_eq!(
            coverage(h, d(2022, 1, 1), WarrantyCategory::Painting, &narrow),
            Coverage::CategoryExcluded
        );
    }

    #[test]
    fn extra_checks_and_warranty_year() {
        let checks = scheduled_checks(d(2025, 11, 30));
        assert_eq!(checks[0], (CheckKind::PlumbingElectrical, d(2026, 2, 28)));
        assert_eq!(checks[1], (CheckKind::SmartHome, d(2026, 11, 30)));
        assert_eq!(warranty_year(d(2025, 6, 1), d(2025, 6, 1)), 1);
        assert_eq!(warranty_year(d(2025, 6, 1), d(2026, 5, 31)), 1);
        assert_eq!(warranty_year(d(2025, 6, 1), d(2026, 6, 1)), 2);
    }

    #[test]
    fn the_happy_path_and_reopening() {
        let at = DateTime::<Utc>::MIN_UTC;
        let steps = [
            (ClaimAction::Acknowledge, true, ClaimStatus::Acknowledged),
            (ClaimAction::Schedule { at }, true, ClaimStatus::Scheduled),
            (ClaimAction::Schedule { at }, true, ClaimStatus::Scheduled),
            (ClaimAction::ArriveOnSite, true, ClaimStatus::OnSite),
            (
                ClaimAction::Resolve {
                    note: "更换角阀".into(),
                },
                true,
                ClaimStatus::Resolved,
            ),
            (
                ClaimAction::Reopen {
                    reason: "仍然滴水，没修好".into(),
                },
                false,
                ClaimStatus::Reopened,
            ),
            (ClaimAction::Acknowledge, true, ClaimStatus::Acknowledged),
        ];
        let mut s = ClaimStatus::Received;
        for (action, staff, expected) in steps {
            s = transition(s, &action, staff).unwrap();
            assert_eq!(s, expected);
        }
        assert_eq!(
            transition(ClaimStatus::Resolved, &ClaimAction::Confirm, false),
            Ok(ClaimStatus::Confirmed)
        );
    }

    #[test]
    fn illegal_steps_and_wrong_people_are_refused() {
        use ClaimStatus as S;
        let all = [
            S::Received,
            S::Acknowledged,
            S::Scheduled,
            S::OnSite,
            S::Resolved,
            S::Confirmed,
            S::Reopened,
        ];
        // Nothing leaves Confirmed.
        for a in [
            ClaimAction::Acknowledge,
            ClaimAction::Confirm,
            ClaimAction::ArriveOnSite,
        ] {
            for staff in [true, false] {
                assert!(transition(S::Confirmed, &a, staff).is_err());
            }
        }
        // Confirm only from Resolved, only by the homeowner.
        for s in all {
            let r = transition(s, &ClaimAction::Confirm, false);
            assert_eq!(r.is_ok(), s == S::Resolved, "{s:?}");
        }
        assert_eq!(
            transition(S::Resolved, &ClaimAction::Confirm, true),
            Err(TransitionError::HomeownerOnly)
        );
        assert_eq!(
            transition(S::Received, &ClaimAction::Acknowledge, false),
            Err(TransitionError::StaffOnly)
        );
        assert_eq!(
            transition(S::Received, &ClaimAction::ArriveOnSite, true),
            Err(TransitionError::Illegal)
        );
        assert!(matches!(
            transition(
                S::Resolved,
                &ClaimAction::Reopen {
                    reason: "no".into()
                },
                false
            ),
            Err(TransitionError::Invalid(_))
        ));
        assert!(matches!(
            transition(S::OnSite, &ClaimAction::Resolve { note: " ".into() }, true),
            Err(TransitionError::Invalid(_))
        ));
    }

    #[test]
    fn claims_are_checked() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let w = VisitWindow {
            start: now + chrono::Duration::hours(20),
            end: now + chrono::Duration::hours(22),
        };
        let ok = ClaimInput {
            category: WarrantyCategory::WaterproofingLeak,
            description: "卫生间地面渗水到楼下天花板".into(),
            urgent: true,
            photo_ids: vec![],
            visit_windows: vec![w],
        };
        assert!(ok.clone().validated(now).is_ok());
        let mut short = ok.clone();
        short.description = "漏水".into();
        assert_eq!(short.validated(now).unwrap_err().field, "description");
        let mut past = ok.clone();
        past.visit_windows[0].start = now - chrono::Duration::hours(1);
        assert_eq!(past.validated(now).unwrap_err().field, "visit_windows");
        let mut many = ok;
        many.photo_ids = (0..10).map(|n| n.to_string()).collect();
        assert_eq!(many.validated(now).unwrap_err().field, "photo_ids");
        assert!(slot_has_room(3, 2));
        assert!(!slot_has_room(3, 3));
    }
}
