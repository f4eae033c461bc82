//! Projects and their life stages (DOMAIN.md, "A project's life").

use serde::{Deserialize, Serialize};

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

#[cfg(test)]
mod tests {
    use super::*;

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
