//! What a homeowner submits when rating a crew: the stars, the comment (with phone numbers
//! redacted before a crew sees it), the seven-day edit window and what is being rated.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::error::FieldError;

/// Longest rating comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;
/// Most photos one rating may carry.
pub const MAX_PHOTOS_PER_RATING: usize = 9;
/// How long the homeowner may change a rating after submitting it.
pub const RATING_EDIT_WINDOW_DAYS: i64 = 7;
/// A run with at least this many digits is treated as a phone (or ID) number and redacted.
pub const PHONE_MIN_DIGITS: usize = 11;
/// Lowest rating in milli-stars (1 ★).
pub const MIN_MILLI_STARS: u32 = 1000;
/// Highest rating in milli-stars (5 ★).
pub const MAX_MILLI_STARS: u32 = 5000;

/// A 1–5 star mark; deserialising anything else fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    /// Fewest stars.
    pub const MIN: u8 = 1;
    /// Most stars.
    pub const MAX: u8 = 5;

    /// Checks the range `1..=5`.
    pub fn new(stars: u8) -> Result<Stars, FieldError> {
        if (Self::MIN..=Self::MAX).contains(&stars) {
            Ok(Stars(stars))
        } else {
            Err(FieldError::out_of_range(
                "stars",
                format!("{} to {} stars", Self::MIN, Self::MAX),
            ))
        }
    }

    /// The number of stars, `1..=5`.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The mark in milli-stars, `1000..=5000`.
    pub fn milli(self) -> u32 {
        u32::from(self.0) * 1000
    }
}

impl TryFrom<u8> for Stars {
    type Error = FieldError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Stars::new(value)
    }
}

impl From<Stars> for u8 {
    fn from(value: Stars) -> Self {
        value.0
    }
}

/// What a homeowner submits to rate a crew (per dimension, with a comment); create and edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct RatingInput {
    /// Workmanship.
    pub quality: Stars,
    /// Keeping to the schedule.
    pub punctuality: Stars,
    /// A clean, tidy site.
    pub tidiness: Stars,
    /// Explaining and answering.
    pub communication: Stars,
    /// Free text, at most [`MAX_COMMENT_CHARS`] characters.
    #[serde(default)]
    pub comment: String,
    /// Ids of photos uploaded beforehand, at most [`MAX_PHOTOS_PER_RATING`].
    #[serde(default)]
    pub photo_ids: Vec<String>,
    /// The `version` of the rating this change was made from; absent when rating for the
    /// first time. A rating changed since (or given meanwhile, from another device) refuses
    /// the change with 409 `stale_revision` instead of silently replacing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_version: Option<i64>,
}

impl RatingInput {
    /// Trims the comment and checks every rule; the server runs this again on every write.
    pub fn validated(mut self) -> Result<RatingInput, FieldError> {
        self.comment = self.comment.trim().to_string();
        FieldError::check_max_chars("comment", &self.comment, MAX_COMMENT_CHARS)?;
        crate::domain::photos::validate_photo_ids(&self.photo_ids, MAX_PHOTOS_PER_RATING)?;
        Ok(self)
    }

    /// Mean of the four dimensions in milli-stars (exact: a multiple of 250).
    pub fn average_milli(&self) -> u32 {
        [
            self.quality,
            self.punctuality,
            self.tidiness,
            self.communication,
        ]
        .iter()
        .map(|s| s.milli())
        .sum::<u32>()
            / 4
    }
}

/// The last instant a rating created at `created_at` may still be edited (exclusive): +7 days.
pub fn editable_until(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at
        .checked_add_signed(Duration::days(RATING_EDIT_WINDOW_DAYS))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// May a rating created at `created_at` still be edited at `now`?
pub fn rating_editable(created_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < editable_until(created_at)
}

fn is_digit_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_number_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '－' | '\u{3000}')
}

/// Masks phone-like numbers in a comment before a crew sees it: every run of at least
/// [`PHONE_MIN_DIGITS`] digits (ASCII or full-width, optionally `+`-prefixed, single spaces or
/// hyphens allowed between digit groups: `138 1234 5678`, `+86-138-1234-5678`) has its digits
/// replaced by `*`; an 18-character ID number's final `X` is masked too. Shorter numbers
/// (prices, dates, room sizes) stay. It errs on the side of hiding; masking names is the server's job.
pub fn redact_phone_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_run =
            is_digit_char(c) || (c == '+' && chars.get(i + 1).copied().is_some_and(is_digit_char));
        if !starts_run {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut digits = usize::from(is_digit_char(c));
        while j < chars.len() {
            if is_digit_char(chars[j]) {
                digits += 1;
                j += 1;
            } else if is_number_separator(chars[j])
                && is_digit_char(chars[j - 1])
                && chars.get(j + 1).copied().is_some_and(is_digit_char)
            {
                j += 1;
            } else {
                break;
            }
        }
        if digits == 17 && matches!(chars.get(j), Some('X' | 'x')) {
            j += 1;
        }
        for &ch in &chars[i..j] {
            if digits >= PHONE_MIN_DIGITS && (is_digit_char(ch) || ch == 'X' || ch == 'x') {
                out.push('*');
            } else {
                out.push(ch);
            }
        }
        i = j;
    }
    out
}

/// What a homeowner rates the crew for: a signed-off node, or the handover. On the wire and
/// in storage it is its stable name ([`RatingTarget::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum RatingTarget {
    /// After the node was signed off.
    Node(crate::domain::inspections::NodeKind),
    /// At handover.
    Handover,
}

impl RatingTarget {
    /// Stable name for storage and URLs: the node kind, or `handover`.
    pub fn as_str(self) -> &'static str {
        match self {
            RatingTarget::Node(kind) => kind.as_str(),
            RatingTarget::Handover => "handover",
        }
    }

    /// The target named by [`RatingTarget::as_str`]; anything else is a validation error.
    pub fn parse(s: &str) -> Result<RatingTarget, FieldError> {
        if s == "handover" {
            return Ok(RatingTarget::Handover);
        }
        crate::domain::inspections::NodeKind::parse(s)
            .map(RatingTarget::Node)
            .ok_or_else(|| FieldError::not_allowed("target", "a node kind or handover"))
    }

    /// The Chinese name homeowners know.
    pub fn label_zh(self) -> &'static str {
        match self {
            RatingTarget::Node(kind) => kind.label_zh(),
            RatingTarget::Handover => "交付",
        }
    }
}

impl From<RatingTarget> for String {
    fn from(t: RatingTarget) -> String {
        t.as_str().to_string()
    }
}

impl TryFrom<String> for RatingTarget {
    type Error = String;

    fn try_from(s: String) -> Result<RatingTarget, String> {
        RatingTarget::parse(&s).map_err(|_| format!("unknown rating target `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::error::too_long_refusal;
    use crate::domain::ratings::test_support::*;
    use crate::domain::ratings::IsoWeek;

    fn stars(n: u8) -> Stars {
        Stars::new(n).unwrap()
    }

    fn rating() -> RatingInput {
        RatingInput {
            quality: stars(5),
            punctuality: stars(4),
            tidiness: stars(4),
            communication: stars(3),
            comment: "  师傅很细心  ".into(),
            photo_ids: vec!["p1".into()],
            base_version: None,
        }
    }

    #[test]
    fn stars_are_one_to_five() {
        assert!(Stars::new(0).is_err());
        assert!(Stars::new(6).is_err());
        for n in 1..=5 {
            assert_eq!(stars(n).get(), n);
            assert_eq!(stars(n).milli(), u32::from(n) * 1000);
        }
        assert_eq!(serde_json::to_string(&stars(4)).unwrap(), "4");
        assert_eq!(serde_json::from_str::<Stars>("5").unwrap(), stars(5));
        assert!(serde_json::from_str::<Stars>("0").is_err());
        assert!(serde_json::from_str::<Stars>("6").is_err());
    }

    #[test]
    fn rating_input_is_trimmed_and_bounded() {
        let r = rating().validated().unwrap();
        assert_eq!(r.comment, "师傅很细心");
        assert_eq!(r.average_milli(), 4000);
        let mut r = rating();
        r.comment = "好".repeat(MAX_COMMENT_CHARS);
        assert!(r.validated().is_ok());
        let mut r = rating();
        r.comment = "好".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(r.validated().unwrap_err().field, "comment");
        let mut r = rating();
        r.photo_ids = (0..MAX_PHOTOS_PER_RATING).map(|i| i.to_string()).collect();
        assert!(r.validated().is_ok());
        let mut r = rating();
        r.photo_ids = (0..=MAX_PHOTOS_PER_RATING).map(|i| i.to_string()).collect();
        assert_eq!(r.validated().unwrap_err().field, "photo_ids");
        let mut r = rating();
        r.photo_ids = vec!["a".into(), "a".into()];
        assert_eq!(r.validated().unwrap_err().field, "photo_ids");
        let mut r = rating();
        r.photo_ids = vec![" ".into()];
        assert!(r.validated().is_err());
        let json = r#"{"quality":5,"punctuality":5,"tidiness":0,"communication":5}"#;
        assert!(serde_json::from_str::<RatingInput>(json).is_err());
        let json = r#"{"quality":5,"punctuality":4,"tidiness":3,"communication":5}"#;
        let r: RatingInput = serde_json::from_str(json).unwrap();
        assert_eq!(r.average_milli(), 4250);
    }

    #[test]
    fn ratings_are_editable_for_seven_days() {
        let created = utc("2026-03-01T10:00:00Z");
        assert_eq!(editable_until(created), utc("2026-03-08T10:00:00Z"));
        assert!(rating_editable(created, utc("2026-03-08T09:59:59Z")));
        assert!(!rating_editable(created, utc("2026-03-08T10:00:00Z")));
        assert_eq!(
            editable_until(DateTime::<Utc>::MAX_UTC),
            DateTime::<Utc>::MAX_UTC
        );
    }

    #[test]
    fn phone_numbers_are_redacted() {
        assert_eq!(
            redact_phone_numbers("请打13812345678联系"),
            "请打***********联系"
        );
        assert_eq!(
            redact_phone_numbers("call 138 1234 5678 ok"),
            "call *** **** **** ok"
        );
        assert_eq!(
            redact_phone_numbers("+86-138-1234-5678"),
            "+**-***-****-****"
        );
        assert_eq!(
            redact_phone_numbers("０１０－１２３４５６７８"),
            "***－********"
        );
        assert_eq!(
            redact_phone_numbers("身份证11010519491231002X号"),
            "身份证******************号"
        );
        // Short numbers stay: prices, dates, areas, times.
        for keep in [
            "花了12000元",
            "2026-11-03 到 2026-11-10",
            "客厅35.5平米",
            "10:30 到场",
            "房号 3-2-1101",
            "",
        ] {
            assert_eq!(redact_phone_numbers(keep), keep);
        }
        // A separator needs digits on both sides; doubled separators break a run.
        assert_eq!(redact_phone_numbers("138  1234 5678"), "138  1234 5678");
        assert_eq!(redact_phone_numbers("12345678901-"), "***********-");
    }

    #[test]
    fn redaction_never_leaves_a_long_digit_run() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = ['1', '3', '8', ' ', '-', '+', '字', 'a', '０', '9', 'X'];
        for _ in 0..3000 {
            let len = rng.below(40) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u32) as usize])
                .collect();
            let out = redact_phone_numbers(&text);
            assert_eq!(out.chars().count(), text.chars().count(), "{text:?}");
            let mut run = 0;
            for c in out.chars() {
                run = if is_digit_char(c) { run + 1 } else { 0 };
                assert!(run < PHONE_MIN_DIGITS, "{text:?} -> {out:?}");
            }
        }
    }

    #[test]
    fn rating_targets_round_trip() {
        for kind in crate::domain::inspections::NodeKind::ALL {
            let t = RatingTarget::Node(kind);
            assert_eq!(RatingTarget::parse(t.as_str()), Ok(t));
            assert_eq!(t.label_zh(), kind.label_zh());
        }
        assert_eq!(RatingTarget::parse("handover"), Ok(RatingTarget::Handover));
        assert_eq!(RatingTarget::Handover.label_zh(), "交付");
        assert_eq!(RatingTarget::parse("roof").unwrap_err().field, "target");
        assert!(RatingTarget::parse("").is_err());
    }

    #[test]
    fn refusals_carry_their_reason_and_limit() {
        use crate::domain::error::FieldReason;
        for n in [0, 6] {
            let e = Stars::new(n).unwrap_err();
            assert_eq!(
                (e.field, e.reason, e.limit),
                ("stars", FieldReason::OutOfRange, None)
            );
        }
        let e = "2026/03".parse::<IsoWeek>().unwrap_err();
        assert_eq!((e.field, e.reason), ("week", FieldReason::BadFormat));
        let e = "2026-W54".parse::<IsoWeek>().unwrap_err();
        assert_eq!((e.field, e.reason), ("week", FieldReason::OutOfRange));
        let e = RatingTarget::parse("roof").unwrap_err();
        assert_eq!((e.field, e.reason), ("target", FieldReason::NotAllowed));
        let mut r = rating();
        r.comment = "x".repeat(MAX_COMMENT_CHARS + 1);
        let e = r.validated().unwrap_err();
        assert_eq!(
            (e.field, e.reason, e.limit),
            too_long_refusal("comment", MAX_COMMENT_CHARS)
        );
        let mut r = rating();
        r.photo_ids = vec!["p1".into(), "p1".into()];
        assert_eq!(r.validated().unwrap_err().reason, FieldReason::Duplicate);
    }
}
