//! Site photos: limits, recognised formats and the references the API hands out.

use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// Largest upload accepted, in bytes (20 MB).
pub const MAX_UPLOAD_BYTES: u64 = 20 * 1024 * 1024;
/// Largest image accepted, in pixels (40 megapixels); checked from the header, before decoding.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Longest side of an accepted image relative to its shorter side: a photo, even a
/// panorama, is never a hair-thin strip (a 40,000,000 × 1 "photo" is an attack on memory).
pub const MAX_ASPECT_RATIO: u32 = 20;
/// Longest edge of a thumbnail.
pub const THUMB_EDGE: u32 = 400;
/// Longest edge of the large view.
pub const LARGE_EDGE: u32 = 1600;

/// The image formats the portal accepts, recognised by content, never by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

impl ImageKind {
    /// Recognises JPEG, PNG and WebP by their magic bytes.
    pub fn sniff(head: &[u8]) -> Option<ImageKind> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageKind::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageKind::Png)
        } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
            Some(ImageKind::Webp)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
        }
    }

    pub fn parse(s: &str) -> Option<ImageKind> {
        match s {
            "jpeg" => Some(ImageKind::Jpeg),
            "png" => Some(ImageKind::Png),
            "webp" => Some(ImageKind::Webp),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpeg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
        }
    }
}

/// Fits `(w, h)` inside a square of `edge`, keeping the aspect ratio; never enlarges.
pub fn fit_within(w: u32, h: u32, edge: u32) -> (u32, u32) {
    if w <= edge && h <= edge {
        return (w.max(1), h.max(1));
    }
    if w >= h {
        let nh = ((h as u64 * edge as u64 + w as u64 / 2) / w as u64).max(1) as u32;
        (edge, nh)
    } else {
        let nw = ((w as u64 * edge as u64 + h as u64 / 2) / h as u64).max(1) as u32;
        (nw, edge)
    }
}

/// Is an image of this size within the pixel limit?
pub fn within_pixel_limit(w: u32, h: u32) -> bool {
    (w as u64) * (h as u64) <= MAX_PIXELS
}

/// Is the longer side at most [`MAX_ASPECT_RATIO`] times the shorter one (and neither zero)?
pub fn within_aspect_limit(w: u32, h: u32) -> bool {
    let (long, short) = (w.max(h) as u64, w.min(h) as u64);
    short > 0 && long <= short * MAX_ASPECT_RATIO as u64
}

/// Refuses images of extreme shape (field `file`), with both sides in the message.
pub fn check_aspect(w: u32, h: u32) -> Result<(), FieldError> {
    if within_aspect_limit(w, h) {
        Ok(())
    } else {
        Err(FieldError::out_of_range(
            "file",
            format!(
                "the photo is {w} × {h} pixels; its longer side may be at most \
                 {MAX_ASPECT_RATIO} times its shorter side"
            ),
        ))
    }
}

/// What a photo belongs to besides a diary entry, as stored in `attached_kind`. Who may see
/// the photo follows who may see that record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachedTo {
    /// An inspection item's result (the project's crew, homeowner and staff).
    InspectionItem,
    /// A rework order and its fix (the project's crew, homeowner and staff).
    Rework,
    /// The homeowner's rating of the crew: the crew sees only the anonymised view.
    Rating,
    /// A warranty claim: the homeowner and staff.
    Claim,
    /// A complaint: the homeowner and staff.
    Complaint,
}

impl AttachedTo {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachedTo::InspectionItem => "inspection_item",
            AttachedTo::Rework => "rework",
            AttachedTo::Rating => "rating",
            AttachedTo::Claim => "claim",
            AttachedTo::Complaint => "complaint",
        }
    }

    pub fn parse(s: &str) -> Option<AttachedTo> {
        [
            AttachedTo::InspectionItem,
            AttachedTo::Rework,
            AttachedTo::Rating,
            AttachedTo::Claim,
            AttachedTo::Complaint,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }

    /// May the project's crew see photos of this record? Not the homeowner's ratings
    /// (they would name who rated), claims or complaints (the crew never sees those items).
    pub fn crew_may_see(self) -> bool {
        match self {
            AttachedTo::InspectionItem | AttachedTo::Rework => true,
            AttachedTo::Rating | AttachedTo::Claim | AttachedTo::Complaint => false,
        }
    }
}

/// Checks a list of photo ids attached to something: at most `max`, none empty, none twice.
pub fn validate_photo_ids(ids: &[String], max: usize) -> Result<(), FieldError> {
    if ids.len() > max {
        return Err(FieldError::too_long(
            "photo_ids",
            max,
            format!("at most {max} photos"),
        ));
    }
    if ids.iter().any(|id| id.trim().is_empty()) {
        return Err(FieldError::required("photo_ids", "a photo id is empty"));
    }
    let mut sorted: Vec<&String> = ids.iter().collect();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != ids.len() {
        return Err(FieldError::duplicate(
            "photo_ids",
            "a photo is listed twice",
        ));
    }
    Ok(())
}

/// The company's rule on where photos were taken. Originals are always stored and served
/// without their location (GPS); with `keep_for_staff` on, the upload as sent is kept too,
/// and the company's staff and admins may fetch it at `/api/v1/photos/{id}/located` (each
/// fetch is logged). Admins set it; off by default; turning it off deletes those copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct PhotoLocationSetting {
    pub keep_for_staff: bool,
}

/// A stored photo as the UI uses it: URLs of its derivatives and original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
pub struct PhotoRef {
    pub id: String,
    /// Width and height of the large derivative (orientation applied).
    pub width: u32,
    pub height: u32,
    pub thumb_url: String,
    pub large_url: String,
    pub original_url: String,
}

impl PhotoRef {
    /// Builds the reference with the portal's URL scheme for a photo id.
    pub fn for_id(id: &str, width: u32, height: u32) -> PhotoRef {
        PhotoRef {
            id: id.to_string(),
            width,
            height,
            thumb_url: format!("/api/v1/photos/{id}/thumb"),
            large_url: format!("/api/v1/photos/{id}/large"),
            original_url: format!("/api/v1/photos/{id}/original"),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn crews_see_site_photos_but_not_those_of_ratings_claims_or_complaints() {
        for a in [AttachedTo::InspectionItem, AttachedTo::Rework] {
            assert!(a.crew_may_see());
        }
        for a in [AttachedTo::Rating, AttachedTo::Claim, AttachedTo::Complaint] {
            assert!(!a.crew_may_see());
        }
        for a in ["inspection_item", "rework", "rating", "claim", "complaint"] {
            assert_eq!(AttachedTo::parse(a).map(AttachedTo::as_str), Some(a));
        }
        assert_eq!(AttachedTo::parse("entry"), None);
    }

    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(
            ImageKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageKind::Jpeg)
        );
        assert_eq!(
            ImageKind::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageKind::Png)
        );
        assert_eq!(
            ImageKind::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageKind::Webp)
        );
        assert_eq!(ImageKind::sniff(b"GIF89a"), None);
        assert_eq!(ImageKind::sniff(b"%PDF-1.7"), None);
        assert_eq!(ImageKind::sniff(b""), None);
        for k in [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp] {
            assert_eq!(ImageKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn fitting_keeps_aspect_and_never_enlarges() {
        assert_eq!(fit_within(4000, 3000, 400), (400, 300));
        assert_eq!(fit_within(3000, 4000, 400), (300, 400));
        assert_eq!(fit_within(200, 100, 400), (200, 100));
        assert_eq!(fit_within(10000, 1, 400), (400, 1));
        assert_eq!(fit_within(1600, 1600, 1600), (1600, 1600));
    }

    #[test]
    fn photo_id_lists_are_bounded_and_unique() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(validate_photo_ids(&ids(&["a", "b"]), 2).is_ok());
        assert!(validate_photo_ids(&ids(&["a", "b", "c"]), 2).is_err());
        assert!(validate_photo_ids(&ids(&["a", "a"]), 5).is_err());
        assert!(validate_photo_ids(&ids(&["a", " "]), 5).is_err());
    }

    #[test]
    fn pixel_limit_is_inclusive() {
        assert!(within_pixel_limit(8000, 5000));
        assert!(!within_pixel_limit(8000, 5001));
        assert!(!within_pixel_limit(u32::MAX, u32::MAX));
    }

    #[test]
    fn extreme_shapes_are_refused_but_panoramas_pass() {
        use crate::domain::error::FieldReason;
        assert!(within_aspect_limit(4000, 3000));
        assert!(within_aspect_limit(20_000, 1_000));
        assert!(within_aspect_limit(1_000, 20_000));
        assert!(!within_aspect_limit(20_001, 1_000));
        assert!(!within_aspect_limit(40_000_000, 1));
        assert!(!within_aspect_limit(1, 40_000_000));
        assert!(!within_aspect_limit(0, 10));
        assert!(within_aspect_limit(1, 1));
        let e = check_aspect(40_000_000, 1).unwrap_err();
        assert_eq!((e.field, e.reason), ("file", FieldReason::OutOfRange));
        assert!(e.message.contains("40000000 × 1"), "{}", e.message);
        assert!(check_aspect(u32::MAX, u32::MAX).is_ok());
    }

    #[test]
    fn photo_id_refusals_carry_their_reason() {
        use crate::domain::error::FieldReason;
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let e = validate_photo_ids(&ids(&["a", "b", "c"]), 2).unwrap_err();
        assert_eq!((e.reason, e.limit), (FieldReason::TooLong, Some(2)));
        let e = validate_photo_ids(&ids(&["a", " "]), 5).unwrap_err();
        assert_eq!((e.reason, e.limit), (FieldReason::Required, None));
        let e = validate_photo_ids(&ids(&["a", "a"]), 5).unwrap_err();
        assert_eq!((e.field, e.reason), ("photo_ids", FieldReason::Duplicate));
    }
}
