//! What homeowners and staff submit to the desk (complaints, callbacks, messages, slots) and
//! the checks each passes before anything is stored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;
use crate::domain::warranty;

/// Longest complaint or message, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Shortest complaint, in characters.
pub const MIN_COMPLAINT_CHARS: usize = 10;
/// Most photos on a complaint.
pub const MAX_COMPLAINT_PHOTOS: usize = 9;
/// Longest callback slot, in minutes.
pub const MAX_SLOT_MINUTES: u32 = 240;

/// What a callback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallbackTopic {
    Progress,
    Quote,
    Warranty,
    Payment,
    Other,
}

impl CallbackTopic {
    /// All topics, in display order.
    pub const ALL: [CallbackTopic; 5] = [
        CallbackTopic::Progress,
        CallbackTopic::Quote,
        CallbackTopic::Warranty,
        CallbackTopic::Payment,
        CallbackTopic::Other,
    ];

    /// Stable storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackTopic::Progress => "progress",
            CallbackTopic::Quote => "quote",
            CallbackTopic::Warranty => "warranty",
            CallbackTopic::Payment => "payment",
            CallbackTopic::Other => "other",
        }
    }

    /// Inverse of [`CallbackTopic::as_str`].
    pub fn parse(s: &str) -> Option<CallbackTopic> {
        CallbackTopic::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

pub(super) fn text(field: &'static str, s: &str, what: &str) -> Result<(), FieldError> {
    let n = s.trim().chars().count();
    let msg = || format!("{what} (up to {MAX_TEXT_CHARS} characters)");
    if n == 0 {
        return Err(FieldError::required(field, msg()));
    }
    if n > MAX_TEXT_CHARS {
        return Err(FieldError::too_long(field, MAX_TEXT_CHARS, msg()));
    }
    Ok(())
}

/// A new complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct ComplaintInput {
    pub body: String,
    #[serde(default)]
    pub photo_ids: Vec<String>,
}

impl ComplaintInput {
    /// 10 to 2000 characters, at most 9 distinct photos.
    pub fn validated(mut self) -> Result<ComplaintInput, FieldError> {
        self.body = self.body.trim().to_string();
        let n = self.body.chars().count();
        let msg = || format!("{MIN_COMPLAINT_CHARS} to {MAX_TEXT_CHARS} characters");
        if n < MIN_COMPLAINT_CHARS {
            return Err(FieldError::too_short("body", MIN_COMPLAINT_CHARS, msg()));
        }
        if n > MAX_TEXT_CHARS {
            return Err(FieldError::too_long("body", MAX_TEXT_CHARS, msg()));
        }
        crate::domain::photos::validate_photo_ids(&self.photo_ids, MAX_COMPLAINT_PHOTOS)?;
        Ok(self)
    }
}

/// A callback request: a slot, or as soon as possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct CallbackInput {
    pub topic: CallbackTopic,
    #[serde(default)]
    pub slot_id: Option<String>,
    #[serde(default)]
    pub note: String,
}

impl CallbackInput {
    /// A note of at most 2000 characters; no slot means "as soon as possible".
    pub fn validated(mut self) -> Result<CallbackInput, FieldError> {
        self.note = self.note.trim().to_string();
        FieldError::check_max_chars("note", &self.note, MAX_TEXT_CHARS)?;
        self.slot_id = self.slot_id.filter(|s| !s.trim().is_empty());
        Ok(self)
    }
}

/// Moving a callback to another slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct MoveCallback {
    pub slot_id: String,
}

/// A message in an item's conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct MessageInput {
    pub body: String,
}

impl MessageInput {
    /// 1 to 2000 characters.
    pub fn validated(mut self) -> Result<MessageInput, FieldError> {
        self.body = self.body.trim().to_string();
        text("body", &self.body, "write a message")?;
        Ok(self)
    }
}

/// Staff open callback slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct SlotInput {
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub capacity: u32,
}

impl SlotInput {
    /// Starts in the future, lasts 5 to 240 minutes, 1 to 100 places.
    pub fn validated(self, now: DateTime<Utc>) -> Result<SlotInput, FieldError> {
        crate::domain::dates::check_instant("starts_at", self.starts_at)?;
        if self.starts_at <= now {
            return Err(FieldError::out_of_range(
                "starts_at",
                "the slot is in the past",
            ));
        }
        if !(5..=MAX_SLOT_MINUTES).contains(&self.minutes) {
            return Err(FieldError::out_of_range(
                "minutes",
                format!("5 to {MAX_SLOT_MINUTES} minutes"),
            ));
        }
        warranty::validate_slot_capacity(self.capacity)?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::service_desk::test_support::t;
    use crate::domain::service_desk::validate_period;
    use chrono::{Duration, NaiveDate};

    #[test]
    fn inputs_are_checked() {
        assert_eq!(
            ComplaintInput {
                body: "太吵".into(),
                photo_ids: vec![]
            }
            .validated()
            .unwrap_err()
            .field,
            "body"
        );
        let ok = ComplaintInput {
            body: "  工人在小区抽烟，还把垃圾丢在楼道  ".into(),
            photo_ids: vec![],
        }
        .validated()
        .unwrap();
        assert!(ok.body.starts_with('工'));
        assert_eq!(
            MessageInput { body: "  ".into() }
                .validated()
                .unwrap_err()
                .field,
            "body"
        );
        let now = t("2026-11-23T01:00:00Z");
        let slot = |mins: i64, minutes: u32, capacity: u32| SlotInput {
            starts_at: now + Duration::minutes(mins),
            minutes,
            capacity,
        };
        assert_eq!(
            slot(0, 30, 2).validated(now).unwrap_err().field,
            "starts_at"
        );
        assert_eq!(slot(60, 2, 2).validated(now).unwrap_err().field, "minutes");
        assert!(slot(60, 30, 0).validated(now).is_err());
        assert!(slot(60, 30, 2).validated(now).is_ok());
        let cb = CallbackInput {
            topic: CallbackTopic::Quote,
            slot_id: Some(" ".into()),
            note: String::new(),
        }
        .validated()
        .unwrap();
        assert_eq!(cb.slot_id, None, "blank slot means as soon as possible");
    }

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        let complaint = |body: String| {
            let e = ComplaintInput {
                body,
                photo_ids: vec![],
            }
            .validated()
            .unwrap_err();
            (e.field, e.reason, e.limit)
        };
        assert_eq!(
            complaint(" too short ".into()),
            (
                "body",
                FieldReason::TooShort,
                Some(MIN_COMPLAINT_CHARS as u32)
            )
        );
        assert_eq!(
            complaint("字".repeat(MAX_TEXT_CHARS + 1)),
            ("body", FieldReason::TooLong, Some(MAX_TEXT_CHARS as u32))
        );
        let e = text("note", "  ", "say how it was resolved").unwrap_err();
        assert_eq!((e.reason, e.limit), (FieldReason::Required, None));
        let e = text("note", &"x".repeat(MAX_TEXT_CHARS + 1), "say").unwrap_err();
        assert_eq!(
            (e.reason, e.limit),
            (FieldReason::TooLong, Some(MAX_TEXT_CHARS as u32))
        );
        let now = t("2026-11-24T02:00:00Z");
        let slot = |starts_at, minutes| {
            SlotInput {
                starts_at,
                minutes,
                capacity: 1,
            }
            .validated(now)
            .unwrap_err()
        };
        let e = slot(now, 30);
        assert_eq!((e.field, e.reason), ("starts_at", FieldReason::OutOfRange));
        let e = slot(now + Duration::hours(1), MAX_SLOT_MINUTES + 1);
        assert_eq!((e.field, e.reason), ("minutes", FieldReason::OutOfRange));
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let e = validate_period(d("2026-02-01"), d("2026-01-01")).unwrap_err();
        assert_eq!((e.field, e.reason), ("to", FieldReason::OutOfRange));
    }
}
