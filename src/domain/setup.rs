//! Setting a company up in the portal: staff register a project with its homeowner (who is
//! invited by text message), assign the crew and the customer-service owner (首问负责制), set
//! the dates and move the stage; homeowners accept the customer privacy agreement
//! (《客户隐私保护协议》) before they use the portal.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::auth::Phone;
use super::error::FieldError;
use super::projects::Stage;

/// The version of the customer privacy agreement in force. A homeowner who accepted an older
/// one (or none) accepts this one before anything else; raising it asks everyone again.
pub const AGREEMENT_VERSION: u32 = 1;

/// A project's title, at most this many characters.
pub const MAX_TITLE_CHARS: usize = 60;
/// Each part of an address (city and district, compound, building, room).
pub const MAX_PLACE_CHARS: usize = 40;
/// A person's name.
pub const MAX_PERSON_NAME_CHARS: usize = 20;
/// The layout, e.g. "3室2厅".
pub const MAX_LAYOUT_CHARS: usize = 20;
/// The floor area in square metres, 1 to this.
pub const MAX_AREA_M2: u32 = 5_000;
/// The contract value in fen, up to 100 million yuan.
pub const MAX_CONTRACT_FEN: i64 = 10_000_000_000;

/// A project as staff set it up: what it is, where, when, and who works on it. The same body
/// creates (with the homeowner, [`NewProjectInput`]) and edits a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ProjectFields {
    pub title: String,
    /// City and district, e.g. "上海市浦东新区".
    pub city: String,
    /// The residential compound (小区), e.g. "锦绣花园".
    pub compound: String,
    /// Building and unit, e.g. "12号楼3单元" (empty for a house).
    #[serde(default)]
    pub building: String,
    /// The flat, e.g. "1502室".
    pub room: String,
    /// The layout, e.g. "3室2厅" (optional).
    #[serde(default)]
    pub layout: String,
    /// Floor area in whole square metres (optional).
    #[serde(default)]
    pub area_m2: Option<u32>,
    /// Contract value in fen (optional).
    #[serde(default)]
    pub contract_fen: Option<i64>,
    pub stage: Stage,
    /// Planned start of work on site.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    /// Planned completion.
    #[serde(default)]
    pub planned_end_date: Option<NaiveDate>,
    /// The crew on the job (one of the company's crews).
    #[serde(default)]
    pub crew_id: Option<String>,
    /// The customer-service owner (one of the company's staff).
    #[serde(default)]
    pub owner_id: Option<String>,
}

/// Trims `text`, requires it unless `optional`, and bounds its length.
fn text(
    field: &'static str,
    value: &str,
    max: usize,
    optional: bool,
) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() && !optional {
        return Err(FieldError::required(field, "this is required"));
    }
    FieldError::check_max_chars(field, value, max)?;
    Ok(value.to_string())
}

/// An id chosen from a list: empty means none.
fn choice(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl ProjectFields {
    /// Trimmed, with every part within its bounds and the dates in order.
    pub fn validated(self) -> Result<ProjectFields, FieldError> {
        let title = text("title", &self.title, MAX_TITLE_CHARS, false)?;
        let city = text("city", &self.city, MAX_PLACE_CHARS, false)?;
        let compound = text("compound", &self.compound, MAX_PLACE_CHARS, false)?;
        let building = text("building", &self.building, MAX_PLACE_CHARS, true)?;
        let room = text("room", &self.room, MAX_PLACE_CHARS, false)?;
        let layout = text("layout", &self.layout, MAX_LAYOUT_CHARS, true)?;
        if let Some(area) = self.area_m2 {
            if !(1..=MAX_AREA_M2).contains(&area) {
                return Err(FieldError::out_of_range(
                    "area_m2",
                    format!("1 to {MAX_AREA_M2} square metres"),
                ));
            }
        }
        if let Some(fen) = self.contract_fen {
            if !(0..=MAX_CONTRACT_FEN).contains(&fen) {
                return Err(FieldError::out_of_range(
                    "contract_fen",
                    "0 to 100,000,000 yuan",
                ));
            }
        }
        for (field, date) in [
            ("start_date", self.start_date),
            ("planned_end_date", self.planned_end_date),
        ] {
            if let Some(d) = date {
                crate::domain::dates::check_date(field, d)?;
            }
        }
        if let (Some(start), Some(end)) = (self.start_date, self.planned_end_date) {
            if end < start {
                return Err(FieldError::out_of_range(
                    "planned_end_date",
                    "the planned completion is before the start",
                ));
            }
        }
        Ok(ProjectFields {
            title,
            city,
            compound,
            building,
            room,
            layout,
            crew_id: choice(self.crew_id),
            owner_id: choice(self.owner_id),
            ..self
        })
    }

    /// The full address, as the diary and the masked lists show it.
    pub fn address(&self) -> String {
        format!(
            "{}{}{}{}",
            self.city, self.compound, self.building, self.room
        )
    }
}

/// A person added by phone number and name (the homeowner of a new project).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct PersonInput {
    pub name: String,
    pub phone: String,
}

/// A new project and its homeowner: an account is made for a phone number the portal does
/// not know yet, and the homeowner is invited by text message either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct NewProjectInput {
    pub project: ProjectFields,
    pub homeowner: PersonInput,
}

/// A checked homeowner: the trimmed name and the phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Homeowner {
    pub name: String,
    pub phone: Phone,
}

impl NewProjectInput {
    /// The checked project and homeowner (`homeowner_name`, `homeowner_phone` name the
    /// person's fields in refusals).
    pub fn validated(self) -> Result<(ProjectFields, Homeowner), FieldError> {
        let project = self.project.validated()?;
        let name = text(
            "homeowner_name",
            &self.homeowner.name,
            MAX_PERSON_NAME_CHARS,
            false,
        )?;
        let phone = if self.homeowner.phone.trim().is_empty() {
            return Err(FieldError::required("homeowner_phone", "this is required"));
        } else {
            Phone::parse(&self.homeowner.phone).map_err(|e| FieldError {
                field: "homeowner_phone",
                ..e
            })?
        };
        Ok((project, Homeowner { name, phone }))
    }
}

/// A project as staff edit it: its fields, with who its homeowner is (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ProjectSetup {
    pub id: String,
    /// The stored version; an edit sends it back.
    pub version: i64,
    pub project: ProjectFields,
    /// The homeowner's name, masked.
    pub homeowner_masked: String,
    /// The homeowner's phone, masked.
    pub homeowner_phone_masked: String,
}

/// One entry of a list to choose from (a crew, a staff member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct Choice {
    pub id: String,
    pub name: String,
}

/// What a project's crew and owner are chosen from: the company's crews and staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SetupChoices {
    pub crews: Vec<Choice>,
    pub owners: Vec<Choice>,
}

/// A homeowner accepts the privacy agreement of this version (the one in force).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct AgreementAcceptance {
    pub version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::FieldReason;

    fn fields() -> ProjectFields {
        ProjectFields {
            title: " 锦绣花园 3室2厅 ".into(),
            city: "上海市浦东新区".into(),
            compound: "锦绣花园".into(),
            building: "12号楼3单元".into(),
            room: "1502室".into(),
            layout: "3室2厅".into(),
            area_m2: Some(98),
            contract_fen: Some(18_600_000),
            stage: Stage::Contract,
            start_date: NaiveDate::from_ymd_opt(2026, 12, 10),
            planned_end_date: NaiveDate::from_ymd_opt(2027, 3, 10),
            crew_id: Some(" ".into()),
            owner_id: Some("u1".into()),
        }
    }

    fn refused(f: ProjectFields) -> (&'static str, FieldReason) {
        let e = f.validated().unwrap_err();
        (e.field, e.reason)
    }

    #[test]
    fn a_project_is_trimmed_and_its_address_joined() {
        let f = fields().validated().unwrap();
        assert_eq!(f.title, "锦绣花园 3室2厅");
        assert_eq!(f.crew_id, None);
        assert_eq!(f.owner_id.as_deref(), Some("u1"));
        assert_eq!(f.address(), "上海市浦东新区锦绣花园12号楼3单元1502室");
    }

    #[test]
    fn each_part_of_a_project_is_checked() {
        use FieldReason as R;
        assert_eq!(
            refused(ProjectFields {
                title: "  ".into(),
                ..fields()
            }),
            ("title", R::Required)
        );
        assert_eq!(
            refused(ProjectFields {
                compound: "小".repeat(MAX_PLACE_CHARS + 1),
                ..fields()
            }),
            ("compound", R::TooLong)
        );
        assert_eq!(
            refused(ProjectFields {
                room: String::new(),
                ..fields()
            }),
            ("room", R::Required)
        );
        assert_eq!(
            refused(ProjectFields {
                area_m2: Some(0),
                ..fields()
            }),
            ("area_m2", R::OutOfRange)
        );
        assert_eq!(
            refused(ProjectFields {
                contract_fen: Some(-1),
                ..fields()
            }),
            ("contract_fen", R::OutOfRange)
        );
        assert_eq!(
            refused(ProjectFields {
                planned_end_date: NaiveDate::from_ymd_opt(2026, 12, 9),
                ..fields()
            }),
            ("planned_end_date", R::OutOfRange)
        );
        // A building may be left empty (a house), as may the layout and the figures.
        assert!(ProjectFields {
            building: String::new(),
            layout: String::new(),
            area_m2: None,
            contract_fen: None,
            ..fields()
        }
        .validated()
        .is_ok());
    }

    #[test]
    fn the_homeowner_needs_a_name_and_a_mobile_number() {
        let input = |name: &str, phone: &str| NewProjectInput {
            project: fields(),
            homeowner: PersonInput {
                name: name.into(),
                phone: phone.into(),
            },
        };
        let (_, h) = input(" 赵敏 ", "+86 139-0000-0001").validated().unwrap();
        assert_eq!(h.name, "赵敏");
        assert_eq!(h.phone.as_str(), "13900000001");
        let e = input("赵敏", "12345").validated().unwrap_err();
        assert_eq!(
            (e.field, e.reason),
            ("homeowner_phone", FieldReason::BadFormat)
        );
        let e = input("赵敏", " ").validated().unwrap_err();
        assert_eq!(
            (e.field, e.reason),
            ("homeowner_phone", FieldReason::Required)
        );
        let e = input("", "13900000001").validated().unwrap_err();
        assert_eq!(
            (e.field, e.reason),
            ("homeowner_name", FieldReason::Required)
        );
    }
}
