//! The photo pipeline: recognise the format by content, refuse oversized images before
//! decoding, decode within limits, apply EXIF orientation, and make derivatives that carry
//! no metadata (no EXIF, no GPS).

use std::io::Cursor;

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::photos::{
    fit_within, within_pixel_limit, ImageKind, LARGE_EDGE, MAX_PIXELS, THUMB_EDGE,
};
use crate::domain::ErrorCode;
use crate::server::error::AppError;

/// An accepted upload: the original as sent, and its re-encoded derivatives.
#[derive(Debug)]
pub struct Processed {
    pub kind: ImageKind,
    pub original: Bytes,
    pub large: Vec<u8>,
    pub thumb: Vec<u8>,
    /// Size of the large derivative (orientation applied).
    pub width: u32,
    pub height: u32,
}

fn format_of(kind: ImageKind) -> ImageFormat {
    match kind {
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Webp => ImageFormat::WebP,
    }
}

fn corrupt() -> AppError {
    AppError::new(
        ErrorCode::CorruptImage,
        "the image could not be read; it may be damaged or incomplete",
    )
}

/// A JPEG's entropy-coded data must be followed by an end-of-image marker; decoders
/// quietly fill a cut-off file with grey, so a truncated upload is caught here.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    // Walk the marker segments up to the start of scan, then look for EOI after it.
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if marker == 0xDA {
            let scan = &bytes[(i + 2 + len).min(bytes.len())..];
            return scan.windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        i += 2 + len;
    }
    false
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, AppError> {
    let rgb = img.to_rgb8();
    let mut out = Vec::with_capacity(64 * 1024);
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&rgb)
        .map_err(|e| AppError::internal(format!("jpeg encode: {e}")))?;
    Ok(out)
}

/// Checks and converts an upload. CPU-heavy: call from a blocking task.
pub fn process(bytes: Bytes) -> Result<Processed, AppError> {
    let kind = ImageKind::sniff(&bytes[..bytes.len().min(16)]).ok_or_else(|| {
        AppError::new(
            ErrorCode::UnsupportedMediaType,
            "only JPEG, PNG and WebP photos are accepted",
        )
    })?;
    let format = format_of(kind);
    // Dimensions come from the header alone: refuse huge images before any decoding.
    let (w, h) = ImageReader::with_format(Cursor::new(&bytes[..]), format)
        .into_dimensions()
        .map_err(|_| corrupt())?;
    if !within_pixel_limit(w, h) {
        return Err(AppError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "the photo has {:.1} megapixels; at most {} are accepted",
                (w as f64 * h as f64) / 1e6,
                MAX_PIXELS / 1_000_000
            ),
        ));
    }
    if kind == ImageKind::Jpeg && !jpeg_is_complete(&bytes) {
        return Err(corrupt());
    }
    let mut reader = ImageReader::with_format(Cursor::new(&bytes[..]), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(w.max(1));
    limits.max_image_height = Some(h.max(1));
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| corrupt())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| corrupt())?;
    img.apply_orientation(orientation);

    let (lw, lh) = fit_within(img.width(), img.height(), LARGE_EDGE);
    let large_img = if (lw, lh) == (img.width(), img.height()) {
        img
    } else {
        img.resize_exact(lw, lh, image::imageops::FilterType::CatmullRom)
    };
    let (tw, th) = fit_within(lw, lh, THUMB_EDGE);
    let thumb_img = large_img.thumbnail_exact(tw, th);
    Ok(Processed {
        kind,
        large: encode_jpeg(&large_img, 82)?,
        thumb: encode_jpeg(&thumb_img, 76)?,
        width: lw,
        height: lh,
        original: bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn derivatives_fit_their_edges() {
        let p = process(Bytes::from(jpeg(2000, 1000))).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        let t = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((t.width(), t.height()), (400, 200));
    }

    #[test]
    fn cut_off_jpeg_is_refused() {
        let full = jpeg(300, 200);
        assert!(jpeg_is_complete(&full));
        let cut = &full[..full.len() * 6 / 10];
        assert!(!jpeg_is_complete(cut));
        assert_eq!(
            process(Bytes::copy_from_slice(cut)).unwrap_err().code(),
            ErrorCode::CorruptImage
        );
    }

    #[test]
    fn other_formats_are_refused_by_content() {
        let err = process(Bytes::from_static(b"GIF89a\x01\x00\x01\x00")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::UnsupportedMediaType);
    }
}
