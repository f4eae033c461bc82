//! Warranty (质保): categories, coverage within the warranty period, the extra checks after
//! handover, and a claim's life from received to confirmed by the homeowner (or reopened).

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::FieldError;
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
            return Err(FieldError::out_of_range(
                "default_months",
                format!("a warranty lasts 1 to {MAX_WARRANTY_MONTHS} months"),
            ));
        }
        let mut seen = Vec::new();
        for p in &self.periods {
            if !period_ok(p.months) {
                return Err(FieldError::out_of_range(
                    "periods",
                    format!("a warranty lasts 1 to {MAX_WARRANTY_MONTHS} months"),
                ));
            }
            let once = "each category once, and not also excluded";
            if seen.contains(&p.category) {
                return Err(FieldError::duplicate("periods", once));
            }
            if self.excluded.contains(&p.category) {
                return Err(FieldError::not_allowed("periods", once));
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

/// A claim note or reason: required, at most [`MAX_NOTE_CHARS`] characters.
pub(crate) fn required_text(field: &'static str, text: &str, what: &str) -> Result<(), FieldError> {
    let n = text.trim().chars().count();
    let msg = || format!("{what} (up to {MAX_NOTE_CHARS} characters)");
    if n == 0 {
        return Err(FieldError::required(field, msg()));
    }
    if n > MAX_NOTE_CHARS {
        return Err(FieldError::too_long(field, MAX_NOTE_CHARS, msg()));
    }
    Ok(())
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
        let msg = || {
            format!(
                "describe the problem in {MIN_DESCRIPTION_CHARS} to {MAX_DESCRIPTION_CHARS} characters"
            )
        };
        if n < MIN_DESCRIPTION_CHARS {
            return Err(FieldError::too_short(
                "description",
                MIN_DESCRIPTION_CHARS,
                msg(),
            ));
        }
        if n > MAX_DESCRIPTION_CHARS {
            return Err(FieldError::too_long(
                "description",
                MAX_DESCRIPTION_CHARS,
                msg(),
            ));
        }
        super::photos::validate_photo_ids(&self.photo_ids, MAX_CLAIM_PHOTOS)?;
        let windows = || format!("choose 1 to {MAX_VISIT_WINDOWS} visit times");
        if self.visit_windows.is_empty() {
            return Err(FieldError::required("visit_windows", windows()));
        }
        if self.visit_windows.len() > MAX_VISIT_WINDOWS {
            return Err(FieldError::too_long(
                "visit_windows",
                MAX_VISIT_WINDOWS,
                windows(),
            ));
        }
        for w in &self.visit_windows {
            super::dates::check_instant("visit_windows", w.start)?;
            super::dates::check_instant("visit_windows", w.end)?;
        }
        if self.visit_windows.iter().any(|w| w.start >= w.end) {
            return Err(FieldError::out_of_range(
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
            return Err(FieldError::required("slot_id", "choose a time"));
        }
        FieldError::check_max_chars("note", &self.note, MAX_NOTE_CHARS)?;
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
        Err(FieldError::out_of_range(
            "capacity",
            format!("a slot takes 1 to {MAX_SLOT_CAPACITY} bookings"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::too_long_refusal;
    use crate::domain::variants::assert_round_trips;
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
        assert_round_trips(
            &WarrantyCategory::ALL,
            WarrantyCategory::parse,
            WarrantyCategory::as_str,
        );
        assert_eq!(WarrantyCategory::parse("roof"), None);
        // Claim statuses are the service desk's `ItemStatus` (round-tripped there).
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

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let why = |e: FieldError| (e.field, e.reason, e.limit);
        let window = VisitWindow {
            start: now(),
            end: now() + Duration::hours(2),
        };
        let claim = |description: String, visit_windows: Vec<VisitWindow>| {
            why(ClaimInput {
                category: WarrantyCategory::Plumbing,
                description,
                urgency: Urgency::default(),
                photo_ids: vec![],
                visit_windows,
            }
            .validated()
            .unwrap_err())
        };
        let ok = "卫生间地漏返水，已经三天了".to_string();
        assert_eq!(
            claim(" 漏水 ".into(), vec![window]),
            (
                "description",
                FieldReason::TooShort,
                Some(MIN_DESCRIPTION_CHARS as u32)
            )
        );
        assert_eq!(
            claim("字".repeat(MAX_DESCRIPTION_CHARS + 1), vec![window]),
            too_long_refusal("description", MAX_DESCRIPTION_CHARS)
        );
        assert_eq!(
            claim(ok.clone(), vec![]),
            ("visit_windows", FieldReason::Required, None)
        );
        assert_eq!(
            claim(ok.clone(), vec![window; MAX_VISIT_WINDOWS + 1]),
            too_long_refusal("visit_windows", MAX_VISIT_WINDOWS)
        );
        let backwards = VisitWindow {
            start: window.end,
            end: window.start,
        };
        assert_eq!(
            claim(ok, vec![backwards]),
            ("visit_windows", FieldReason::OutOfRange, None)
        );
        assert_eq!(
            why(required_text("note", " ", "say what was done").unwrap_err()),
            ("note", FieldReason::Required, None)
        );
        assert_eq!(
            why(required_text("note", &"x".repeat(MAX_NOTE_CHARS + 1), "say").unwrap_err()),
            ("note", FieldReason::TooLong, Some(MAX_NOTE_CHARS as u32))
        );
        let period = |category| CategoryPeriod {
            category,
            months: 24,
        };
        let twice = WarrantyConfig {
            periods: vec![
                period(WarrantyCategory::Tiling),
                period(WarrantyCategory::Tiling),
            ],
            ..WarrantyConfig::default()
        };
        assert_eq!(
            why(twice.validated().unwrap_err()).1,
            FieldReason::Duplicate
        );
        let excluded = WarrantyConfig {
            periods: vec![period(WarrantyCategory::Tiling)],
            excluded: vec![WarrantyCategory::Tiling],
            ..WarrantyConfig::default()
        };
        assert_eq!(
            why(excluded.validated().unwrap_err()).1,
            FieldReason::NotAllowed
        );
        let long = WarrantyConfig {
            default_months: MAX_WARRANTY_MONTHS + 1,
            ..WarrantyConfig::default()
        };
        assert_eq!(
            why(long.validated().unwrap_err()),
            ("default_months", FieldReason::OutOfRange, None)
        );
        assert_eq!(
            why(validate_slot_capacity(0).unwrap_err()),
            ("capacity", FieldReason::OutOfRange, None)
        );
    }
}
