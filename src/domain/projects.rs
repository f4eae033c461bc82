//! Projects and their life stages (docs/domain.md, "A project's life").

use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;
use crate::domain::paging::{day_key, key_day};

/// Where a renovation project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Consultation,
    Measurement,
    Design,
    Contract,
    Construction,
    Acceptance,
    Handover,
    Warranty,
}

impl Stage {
    /// All stages in order.
    pub const ALL: [Stage; 8] = [
        Stage::Consultation,
        Stage::Measurement,
        Stage::Design,
        Stage::Contract,
        Stage::Construction,
        Stage::Acceptance,
        Stage::Handover,
        Stage::Warranty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Consultation => "consultation",
            Stage::Measurement => "measurement",
            Stage::Design => "design",
            Stage::Contract => "contract",
            Stage::Construction => "construction",
            Stage::Acceptance => "acceptance",
            Stage::Handover => "handover",
            Stage::Warranty => "warranty",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Position in the life cycle, 0-based (for progress bars).
    pub fn index(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// Crews post diary entries while there is work on site.
    pub fn accepts_diary(self) -> bool {
        matches!(
            self,
            Stage::Construction | Stage::Acceptance | Stage::Contract
        )
    }
}

/// A project as listed for the signed-in user (personal data masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    pub id: String,
    /// e.g. "锦绣花园 3室2厅 现代简约".
    pub title: String,
    /// Address cut to the compound.
    pub address_masked: String,
    pub stage: Stage,
    /// Masked homeowner name, e.g. `张*`.
    pub homeowner_masked: String,
    /// The crew's name (crews are teams, not private persons).
    pub crew_name: Option<String>,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::domain::dates::wire::opt_date")
    )]
    pub start_date: Option<chrono::NaiveDate>,
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::domain::dates::wire::opt_date")
    )]
    pub planned_end_date: Option<chrono::NaiveDate>,
    /// Date of the newest diary entry.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(default, deserialize_with = "crate::domain::dates::wire::opt_date")
    )]
    pub last_diary_date: Option<chrono::NaiveDate>,
    pub diary_count: i64,
    /// May the caller post a diary entry today? (crew assigned, stage allows it)
    pub can_post_diary: bool,
    /// Is there already an entry for today (company time zone)?
    pub today_entry_id: Option<String>,
    /// Today in the company's time zone, by the server's clock.
    #[cfg_attr(
        target_arch = "wasm32",
        serde(deserialize_with = "crate::domain::dates::wire::date")
    )]
    pub today: chrono::NaiveDate,
}

/// One page of the caller's projects, newest start first; `next_cursor` asks for the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ProjectPage {
    pub items: Vec<ProjectSummary>,
    pub next_cursor: Option<String>,
}

/// Projects on a page unless asked otherwise, and at most.
pub const PROJECTS_PAGE: u32 = 30;
pub const MAX_PROJECTS_PAGE: u32 = 100;
/// The longest search text.
pub const MAX_SEARCH_CHARS: usize = 40;

/// A project's key in the list's order (start date descending, then id descending), as a
/// page cursor holds it ([`crate::domain::paging::KeyCursor`]): its start date as the number
/// `YYYYMMDD` ([`day_key`]), 0 when it has none.
pub fn start_key(start_date: Option<&str>) -> i64 {
    start_date
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(day_key)
        .unwrap_or(0)
}

/// The start date (`YYYY-MM-DD`, empty for none) a cursor's key stands for, as the list's
/// query compares it; a key [`start_key`] cannot give was not handed out by this server.
pub fn start_of_key(key: i64) -> Result<String, FieldError> {
    if key == 0 {
        return Ok(String::new());
    }
    Ok(key_day(key)?.format("%Y-%m-%d").to_string())
}

/// The search text, trimmed; empty means no search. Too long, or with control characters:
/// refused with the field named.
pub fn search_text(q: Option<&str>) -> Result<String, FieldError> {
    let q = q.unwrap_or("").trim();
    if q.chars().count() > MAX_SEARCH_CHARS {
        return Err(FieldError::too_long(
            "q",
            MAX_SEARCH_CHARS,
            format!("at most {MAX_SEARCH_CHARS} characters"),
        ));
    }
    if q.chars().any(char::is_control) {
        return Err(FieldError::bad_format("q", "no control characters"));
    }
    Ok(q.to_string())
}

/// Clamps a requested page size to `1..=MAX_PROJECTS_PAGE`.
pub fn projects_page_size(requested: Option<u32>) -> u32 {
    requested
        .unwrap_or(PROJECTS_PAGE)
        .clamp(1, MAX_PROJECTS_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_keys_round_trip_and_odd_ones_are_refused() {
        for (date, key) in [
            (Some("2026-03-04"), 20_260_304),
            (Some("0001-01-01"), 10_101),
            (Some("2738-12-31"), 27_381_231),
            (None, 0),
        ] {
            assert_eq!(start_key(date), key);
            assert_eq!(start_of_key(key).as_deref(), Ok(date.unwrap_or("")));
        }
        for bad in [1, -20_260_304, 20_261_301, 20_260_230, 20_260_100, i64::MAX] {
            assert!(start_of_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn search_texts_are_trimmed_and_bounded() {
        assert_eq!(search_text(None), Ok(String::new()));
        assert_eq!(search_text(Some("  锦绣 ")), Ok("锦绣".to_string()));
        assert!(search_text(Some(&"花".repeat(MAX_SEARCH_CHARS + 1))).is_err());
        assert!(search_text(Some("a\u{0}b")).is_err());
        assert_eq!(projects_page_size(None), PROJECTS_PAGE);
        assert_eq!(projects_page_size(Some(0)), 1);
        assert_eq!(projects_page_size(Some(1000)), MAX_PROJECTS_PAGE);
    }

    #[test]
    fn stages_round_trip_and_order() {
        for (i, s) in Stage::ALL.into_iter().enumerate() {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
            assert_eq!(s.index(), i);
        }
        assert_eq!(Stage::parse("demolition"), None);
        assert!(Stage::Construction.accepts_diary());
        assert!(!Stage::Warranty.accepts_diary());
    }
}
