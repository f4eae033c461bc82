//! The construction diary (工地日记): one entry per site per day, written by the crew.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::FieldError;
use super::photos::PhotoRef;

/// Most photos one diary entry may carry.
pub const MAX_PHOTOS_PER_ENTRY: usize = 20;
/// Longest free-text field, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Most people of one trade counted on site.
pub const MAX_HEADCOUNT: u32 = 99;
/// Default and largest page size of the timeline.
pub const DEFAULT_PAGE_SIZE: u32 = 10;
pub const MAX_PAGE_SIZE: u32 = 50;

/// The day's weather on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weather {
    Sunny,
    Cloudy,
    Overcast,
    Rain,
    Snow,
}

impl Weather {
    pub const ALL: [Weather; 5] = [
        Weather::Sunny,
        Weather::Cloudy,
        Weather::Overcast,
        Weather::Rain,
        Weather::Snow,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Weather::Sunny => "sunny",
            Weather::Cloudy => "cloudy",
            Weather::Overcast => "overcast",
            Weather::Rain => "rain",
            Weather::Snow => "snow",
        }
    }
    pub fn parse(s: &str) -> Option<Weather> {
        Weather::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

/// The trades that work on a renovation site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Trade {
    /// 水电工
    PlumberElectrician,
    /// 泥瓦工
    Mason,
    /// 木工
    Carpenter,
    /// 油漆工
    Painter,
    /// 安装工
    Installer,
    /// 杂工
    Labourer,
}

impl Trade {
    pub const ALL: [Trade; 6] = [
        Trade::PlumberElectrician,
        Trade::Mason,
        Trade::Carpenter,
        Trade::Painter,
        Trade::Installer,
        Trade::Labourer,
    ];
}

/// How many people of one trade were on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct TradeCount {
    pub trade: Trade,
    pub headcount: u32,
}

/// What the crew writes for a day; used both to create and to edit an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct DiaryInput {
    pub weather: Weather,
    /// Work done today (required).
    pub work_done: String,
    /// Trades and head count on site.
    #[serde(default)]
    pub trades: Vec<TradeCount>,
    /// Materials delivered (材料进场), free text.
    #[serde(default)]
    pub materials: String,
    /// Problems found, free text.
    #[serde(default)]
    pub problems: String,
    /// Ids of photos uploaded for this project beforehand, in display order.
    #[serde(default)]
    pub photo_ids: Vec<String>,
    /// For an edit (required there): the `revision_count` of the copy being edited. When the
    /// entry has changed since, the edit is refused (409 `stale_revision`) instead of
    /// silently replacing the newer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_revision: Option<i64>,
}

impl DiaryInput {
    /// Trims text and checks every rule; the server runs this again on every write.
    pub fn validated(mut self) -> Result<DiaryInput, FieldError> {
        self.work_done = self.work_done.trim().to_string();
        self.materials = self.materials.trim().to_string();
        self.problems = self.problems.trim().to_string();
        if self.work_done.is_empty() {
            return Err(FieldError::required("work_done", "say what was done today"));
        }
        for (field, text) in [
            ("work_done", &self.work_done),
            ("materials", &self.materials),
            ("problems", &self.problems),
        ] {
            FieldError::check_max_chars(field, text, MAX_TEXT_CHARS)?;
        }
        let mut seen = Vec::new();
        for t in &self.trades {
            if seen.contains(&t.trade) {
                return Err(FieldError::duplicate("trades", "each trade once"));
            }
            if t.headcount == 0 || t.headcount > MAX_HEADCOUNT {
                return Err(FieldError::out_of_range(
                    "trades",
                    format!("head count is 1 to {MAX_HEADCOUNT}"),
                ));
            }
            seen.push(t.trade);
        }
        super::photos::validate_photo_ids(&self.photo_ids, MAX_PHOTOS_PER_ENTRY)?;
        Ok(self)
    }

    /// Total people on site.
    pub fn headcount(&self) -> u32 {
        self.trades.iter().map(|t| t.headcount).sum()
    }
}

/// A diary entry as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct DiaryEntry {
    pub id: String,
    pub project_id: String,
    /// The site day, in the company's time zone.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::domain::dates::wire::date")
    )]
    pub entry_date: NaiveDate,
    pub weather: Weather,
    pub work_done: String,
    pub trades: Vec<TradeCount>,
    pub materials: String,
    pub problems: String,
    pub photos: Vec<PhotoRef>,
    /// Crew display name (crews are teams, not private persons).
    pub author_name: String,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::domain::dates::wire::instant")
    )]
    pub created_at: DateTime<Utc>,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::domain::dates::wire::instant")
    )]
    pub updated_at: DateTime<Utc>,
    /// Number of earlier versions kept in the history.
    pub revision_count: i64,
    /// May the caller edit it now (author, same day)?
    pub can_edit: bool,
}

/// One page of the timeline, newest first, with the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct DiaryPage {
    pub items: Vec<DiaryEntry>,
    /// Pass as `?after=` to get the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// An earlier version of an entry, kept when the author edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct DiaryRevision {
    pub revision: i64,
    /// When this version was replaced.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::domain::dates::wire::instant")
    )]
    pub replaced_at: DateTime<Utc>,
    pub content: DiaryInput,
}

/// Keyset position in the timeline: the `(entry_date, id)` of the last entry shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiaryCursor {
    pub date: NaiveDate,
    pub id: String,
}

impl DiaryCursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.date.format("%Y-%m-%d"), self.id)
    }

    pub fn decode(s: &str) -> Result<DiaryCursor, FieldError> {
        let bad = || FieldError::bad_format("after", "not a cursor this server handed out");
        let (date, id) = s.split_once('_').ok_or_else(bad)?;
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
        if id.is_empty()
            || id.len() > 64
            || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(bad());
        }
        Ok(DiaryCursor {
            date,
            id: id.to_string(),
        })
    }
}

/// Clamps a requested page size to `1..=MAX_PAGE_SIZE` (default when absent).
pub fn page_size(requested: Option<u32>) -> u32 {
    requested
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE)
}

/// The author may edit an entry on the day it is for, and only then (company time zone).
pub fn editable(entry_date: NaiveDate, today: NaiveDate, caller_is_author: bool) -> bool {
    caller_is_author && entry_date == today
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::too_long_refusal;

    fn input() -> DiaryInput {
        DiaryInput {
            weather: Weather::Sunny,
            work_done: "  水电开槽  ".into(),
            trades: vec![TradeCount {
                trade: Trade::PlumberElectrician,
                headcount: 2,
            }],
            materials: String::new(),
            problems: String::new(),
            photo_ids: vec!["a".into(), "b".into()],
            base_revision: None,
        }
    }

    #[test]
    fn valid_input_is_trimmed() {
        let v = input().validated().unwrap();
        assert_eq!(v.work_done, "水电开槽");
        assert_eq!(v.headcount(), 2);
    }

    #[test]
    fn work_done_is_required_and_bounded() {
        let mut i = input();
        i.work_done = "   ".into();
        assert_eq!(i.validated().unwrap_err().field, "work_done");
        let mut i = input();
        i.problems = "x".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(i.validated().unwrap_err().field, "problems");
        let mut i = input();
        i.work_done = "字".repeat(MAX_TEXT_CHARS);
        assert!(i.validated().is_ok());
    }

    #[test]
    fn trades_are_unique_with_sane_counts() {
        let mut i = input();
        i.trades.push(TradeCount {
            trade: Trade::PlumberElectrician,
            headcount: 1,
        });
        assert_eq!(i.validated().unwrap_err().field, "trades");
        let mut i = input();
        i.trades[0].headcount = 0;
        assert!(i.validated().is_err());
        let mut i = input();
        i.trades[0].headcount = MAX_HEADCOUNT + 1;
        assert!(i.validated().is_err());
    }

    #[test]
    fn photos_are_limited_and_unique() {
        let mut i = input();
        i.photo_ids = (0..=MAX_PHOTOS_PER_ENTRY).map(|n| n.to_string()).collect();
        assert_eq!(i.validated().unwrap_err().field, "photo_ids");
        let mut i = input();
        i.photo_ids = (0..MAX_PHOTOS_PER_ENTRY).map(|n| n.to_string()).collect();
        assert!(i.validated().is_ok());
        let mut i = input();
        i.photo_ids = vec!["a".into(), "a".into()];
        assert!(i.validated().is_err());
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = DiaryCursor {
            date: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            id: "0b7c-11".into(),
        };
        assert_eq!(DiaryCursor::decode(&c.encode()).unwrap(), c);
        assert!(DiaryCursor::decode("2026-13-01_x").is_err());
        assert!(DiaryCursor::decode("nonsense").is_err());
        assert!(DiaryCursor::decode("2026-11-03_'; drop").is_err());
        assert!(DiaryCursor::decode("2026-11-03_").is_err());
    }

    #[test]
    fn page_size_is_clamped() {
        assert_eq!(page_size(None), DEFAULT_PAGE_SIZE);
        assert_eq!(page_size(Some(0)), 1);
        assert_eq!(page_size(Some(1000)), MAX_PAGE_SIZE);
    }

    #[test]
    fn only_the_author_edits_and_only_the_same_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        let next = d.succ_opt().unwrap();
        assert!(editable(d, d, true));
        assert!(!editable(d, d, false));
        assert!(!editable(d, next, true));
    }

    #[test]
    fn weather_round_trips() {
        for w in Weather::ALL {
            assert_eq!(Weather::parse(w.as_str()), Some(w));
        }
    }

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let refusal = |f: fn(&mut DiaryInput)| {
            let mut i = input();
            f(&mut i);
            let e = i.validated().unwrap_err();
            (e.field, e.reason, e.limit)
        };
        assert_eq!(
            refusal(|i| i.work_done = " ".into()),
            ("work_done", FieldReason::Required, None)
        );
        assert_eq!(
            refusal(|i| i.work_done = "字".repeat(MAX_TEXT_CHARS + 1)),
            too_long_refusal("work_done", MAX_TEXT_CHARS)
        );
        assert_eq!(
            refusal(|i| i.trades.push(i.trades[0])),
            ("trades", FieldReason::Duplicate, None)
        );
        assert_eq!(
            refusal(|i| i.trades[0].headcount = MAX_HEADCOUNT + 1),
            ("trades", FieldReason::OutOfRange, None)
        );
        assert_eq!(
            refusal(|i| {
                i.photo_ids = (0..=MAX_PHOTOS_PER_ENTRY).map(|n| n.to_string()).collect()
            }),
            too_long_refusal("photo_ids", MAX_PHOTOS_PER_ENTRY)
        );
        assert_eq!(
            refusal(|i| i.photo_ids = vec!["a".into(), "a".into()]),
            ("photo_ids", FieldReason::Duplicate, None)
        );
        let e = DiaryCursor::decode("nonsense").unwrap_err();
        assert_eq!((e.field, e.reason), ("after", FieldReason::BadFormat));
    }
}
