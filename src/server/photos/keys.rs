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

/// Keys of all objects of a photo of this kind (`jpeg`, `png`, `webp`).
pub fn object_keys(project_id: &str, photo_id: &str, kind: &str) -> [String; 3] {
    [
        key(project_id, photo_id, THUMB),
        key(project_id, photo_id, LARGE),
        key(project_id, photo_id, &original_name(kind)),
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
            ["p/f/thumb.jpg", "p/f/large.jpg", "p/f/original.png"]
        );
        assert_eq!(original_name("weird"), "original.bin");
        assert_eq!(photo_of("p/f/thumb.jpg"), Some(("p", "f")));
        assert_eq!(photo_of("p/thumb.jpg"), None);
        assert_eq!(photo_of("p/f/x/thumb.jpg"), None);
        assert_eq!(
            variant("original", "webp"),
            Some(("original.webp".to_string(), "image/webp"))
        );
        assert_eq!(variant("exif", "jpeg"), None);
    }
}
