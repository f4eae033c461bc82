//! Where a photo's objects live: `<project>/<photo>/<object>`, one object per variant.

use crate::domain::photos::ImageKind;

/// The small derivative (≤ 400 px), JPEG.
pub const THUMB: &str = "thumb.jpg";
/// The large derivative (≤ 1600 px), JPEG.
pub const LARGE: &str = "large.jpg";

/// Storage key of one object of a photo.
pub fn key(project_id: &str, photo_id: &str, object: &str) -> String {
    format!("{project_id}/{photo_id}/{object}")
}

/// Object name of the original as uploaded (`original.jpg`, `.png`, `.webp`).
pub fn original_name(kind: &str) -> String {
    let ext = ImageKind::parse(kind)
        .map(|k| k.extension())
        .unwrap_or("bin");
    format!("original.{ext}")
}

/// Object name of the located original: the upload as sent, GPS included (`located.jpg` …),
/// stored beside the stripped original only while the company keeps photo locations.
pub fn located_name(kind: &str) -> String {
    let ext = ImageKind::parse(kind)
        .map(|k| k.extension())
        .unwrap_or("bin");
    format!("located.{ext}")
}

/// Is this object (the last part of a key) a located original?
pub fn is_located(key: &str) -> bool {
    key.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with("located."))
}

/// Keys of all objects a photo of this kind (`jpeg`, `png`, `webp`) may have: the two
/// derivatives, the original and the located original (which most photos lack).
pub fn object_keys(project_id: &str, photo_id: &str, kind: &str) -> [String; 4] {
    [
        key(project_id, photo_id, THUMB),
        key(project_id, photo_id, LARGE),
        key(project_id, photo_id, &original_name(kind)),
        key(project_id, photo_id, &located_name(kind)),
    ]
}

/// The variant named in `/photos/{id}/{variant}`: its object and media type.
pub fn variant(name: &str, kind: &str) -> Option<(String, &'static str)> {
    match name {
        "thumb" => Some((THUMB.to_string(), "image/jpeg")),
        "large" => Some((LARGE.to_string(), "image/jpeg")),
        "original" => Some((
            original_name(kind),
            ImageKind::parse(kind)
                .map(|k| k.mime())
                .unwrap_or("application/octet-stream"),
        )),
        _ => None,
    }
}

/// The project and photo of a key laid out as above (`None` for anything else).
pub fn photo_of(key: &str) -> Option<(&str, &str)> {
    let mut parts = key.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(project), Some(photo), Some(_), None) => Some((project, photo)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_project_photo_and_object() {
        assert_eq!(
            object_keys("p", "f", "png"),
            [
                "p/f/thumb.jpg",
                "p/f/large.jpg",
                "p/f/original.png",
                "p/f/located.png"
            ]
        );
        assert!(is_located("p/f/located.jpg"));
        assert!(!is_located("p/f/original.jpg"));
        assert!(!is_located("located.jpg/f/original.jpg"));
        assert_eq!(original_name("weird"), "original.bin");
        assert_eq!(photo_of("p/f/thumb.jpg"), Some(("p", "f")));
        assert_eq!(photo_of("p/thumb.jpg"), None);
        assert_eq!(photo_of("p/f/x/thumb.jpg"), None);
        assert_eq!(
            variant("original", "webp"),
            Some(("original.webp".to_string(), "image/webp"))
        );
        assert_eq!(variant("exif", "jpeg"), None);
        // The located original is never a plain variant: it has its own rule.
        assert_eq!(variant("located", "jpeg"), None);
    }
}
