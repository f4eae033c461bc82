//! The photo pipeline: recognise the format by content, refuse oversized, oddly shaped or
//! implausible images from their headers before decoding, decode within a memory budget,
//! shrink, apply EXIF orientation, and make derivatives that carry no metadata (no EXIF, no
//! GPS).
//!
//! Memory: one decode of an accepted image needs at most about [`DECODE_BUDGET`] for the
//! decoder, plus the derivatives and the resizer's rows of the target width (the
//! `fast_image_resize` convolution reads the decoded image in place). [`crate::server::photos`] runs at most
//! [`crate::server::photos::decode_slots`] (one per core) decodes at once, so the peak for photos stays
//! near `slots × (DECODE_BUDGET + 40 MB)`, whatever the uploads claim.

use std::io::Cursor;

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::domain::photos::{
    check_aspect, fit_within, within_pixel_limit, ImageKind, LARGE_EDGE, MAX_PIXELS, THUMB_EDGE,
};
use crate::domain::ErrorCode;
use crate::server::error::AppError;

/// The most memory one decode may take (the decoded pixels plus the decoder's own working
/// buffers, as estimated from the header): 160 MiB, which fits a 40 MP RGB or RGBA photo.
pub const DECODE_BUDGET: u64 = 160 * 1024 * 1024;

/// An accepted upload: the original as sent, and its re-encoded derivatives.
#[derive(Debug)]
pub struct Processed {
    pub kind: ImageKind,
    pub original: Bytes,
    pub large: Vec<u8>,
    pub thumb: Vec<u8>,
    /// The upload as sent, location included, when `original` had its location removed
    /// (kept only for companies that keep photo locations for their staff).
    pub located: Option<Bytes>,
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

fn too_much_memory(needed: Option<u64>) -> AppError {
    let needed = needed
        .map(|n| format!("{} MB of memory", n / 1_000_000))
        .unwrap_or_else(|| "more memory than that".into());
    AppError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "the photo needs {needed} to process; at most {} MB are available per photo; \
             send it with fewer pixels",
            DECODE_BUDGET / 1_000_000
        ),
    )
}

/// Decoder failures: a limit hit means too large, anything else a damaged file.
fn decode_error(e: ImageError) -> AppError {
    match e {
        ImageError::Limits(_) => too_much_memory(None),
        _ => corrupt(),
    }
}

/// Memory the WebP decoder needs beyond the decoded pixels: lossy (`VP8 `) frames decode
/// through YUV planes (1.5 bytes a pixel, padded to macroblocks); lossless and extended ones
/// may go through an RGBA copy.
fn webp_working_bytes(bytes: &[u8], w: u32, h: u32) -> u64 {
    let pixels = w as u64 * h as u64;
    match bytes.get(12..16) {
        Some(b"VP8 ") => pixels * 2,
        _ => pixels * 4,
    }
}

/// What the header of a JPEG says about its layout.
#[derive(Debug, Default, PartialEq, Eq)]
struct JpegLayout {
    /// Progressive (SOF2/6/10/14): the decoder keeps every coefficient until the end.
    progressive: bool,
    /// Sampling factors `(h, v)` of each component of the frame.
    sampling: Vec<(u8, u8)>,
    /// Components in the first scan; fewer than the frame's means several scans, and the
    /// decoder keeps the coefficients of the whole image, as for progressive ones.
    first_scan_components: usize,
}

/// Reads the frame and first scan headers of a JPEG (`None` if they cannot be found).
fn jpeg_layout(bytes: &[u8]) -> Option<JpegLayout> {
    let mut layout = JpegLayout::default();
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        let seg = bytes.get(i + 4..i + 2 + len)?;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                layout.progressive = matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE);
                let n = *seg.get(5)? as usize;
                layout.sampling = (0..n)
                    .map(|c| seg.get(6 + 3 * c + 1).map(|hv| (hv >> 4, hv & 0x0F)))
                    .collect::<Option<_>>()?;
            }
            0xDA => {
                layout.first_scan_components = *seg.first()? as usize;
                return (!layout.sampling.is_empty()).then_some(layout);
            }
            _ => {}
        }
        i += 2 + len;
    }
    None
}

/// Memory the JPEG decoder needs beyond the decoded pixels: for a progressive or
/// multi-scan file, 2 bytes per coefficient of every block of every component.
fn jpeg_working_bytes(layout: &JpegLayout, w: u32, h: u32) -> u64 {
    if !layout.progressive && layout.first_scan_components >= layout.sampling.len() {
        return 0;
    }
    let h_max = layout
        .sampling
        .iter()
        .map(|s| s.0)
        .max()
        .unwrap_or(1)
        .max(1) as u64;
    let v_max = layout
        .sampling
        .iter()
        .map(|s| s.1)
        .max()
        .unwrap_or(1)
        .max(1) as u64;
    let mcus_x = (w as u64).div_ceil(8 * h_max);
    let mcus_y = (h as u64).div_ceil(8 * v_max);
    let blocks_per_mcu: u64 = layout
        .sampling
        .iter()
        .map(|&(h, v)| h as u64 * v as u64)
        .sum();
    mcus_x * mcus_y * blocks_per_mcu * 64 * 2
}

/// Can a file this long hold an image this large? Every 8×8 block of a JPEG costs at least
/// one bit of entropy-coded data (its DC value), so a JPEG has at least `w·h/512` bytes;
/// deflate packs at most 1032 bytes into one, so a PNG holds at least `rows·(1 + w/8)/1032`.
/// Half those floors is allowed; anything shorter is cut off or forged, and refused before
/// the decoder would allocate the claimed size.
fn plausible_size(kind: ImageKind, len: usize, w: u32, h: u32) -> bool {
    let (len, w, h) = (len as u64, w as u64, h as u64);
    match kind {
        ImageKind::Jpeg => len * 1024 >= w * h,
        ImageKind::Png => len * 2064 >= h * (1 + w.div_ceil(8)),
        ImageKind::Webp => true,
    }
}

/// Resizes `img` to exactly `w` × `h` with `fast_image_resize` (SIMD convolution,
/// CatmullRom), straight from the image's own buffer into the result: the only working
/// memory is one pass's rows of the target width. Other pixel types than 8-bit grey and RGB
/// (alpha, 16-bit, float) are first made 8-bit RGB, as the JPEG derivatives are anyway (the
/// alpha channel was always dropped).
fn resize_exact(img: DynamicImage, w: u32, h: u32) -> Result<DynamicImage, AppError> {
    if (w, h) == (img.width(), img.height()) {
        return Ok(img);
    }
    // A PNG or WebP more than twice the size is first averaged down to twice (a box filter
    // without a working copy; a JPEG comes from the scaled decoder within twice already), so
    // the convolution and its alpha pass read at most four times the target's pixels.
    let img = if img.width() > 2 * w || img.height() > 2 * h {
        let halfway = img.thumbnail_exact((2 * w).min(img.width()), (2 * h).min(img.height()));
        drop(img);
        halfway
    } else {
        img
    };
    resized(&img, w, h)
}

/// [`resize_exact`] into a new image, `img` left as it is.
fn resized(img: &DynamicImage, w: u32, h: u32) -> Result<DynamicImage, AppError> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    use image::ColorType;
    let converted;
    let img = match img.color() {
        ColorType::L8 | ColorType::Rgb8 => img,
        _ => {
            converted = DynamicImage::ImageRgb8(img.to_rgb8());
            &converted
        }
    };
    let mut out = DynamicImage::new(w.max(1), h.max(1), img.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new()
        .resize(img, &mut out, &options)
        .map_err(|e| AppError::internal(format!("resize: {e}")))?;
    Ok(out)
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

/// Checks and converts an upload. CPU-heavy and memory-heavy: call from a blocking task,
/// through [`crate::server::photos::process_upload`], which bounds how many run at once.
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
    check_aspect(w, h)?;
    if !plausible_size(kind, bytes.len(), w, h) {
        return Err(AppError::new(
            ErrorCode::CorruptImage,
            "the image data is far too short for its size; it is damaged or incomplete",
        ));
    }
    let mut working = 0;
    if kind == ImageKind::Jpeg {
        if !jpeg_is_complete(&bytes) {
            return Err(corrupt());
        }
        let layout = jpeg_layout(&bytes).ok_or_else(corrupt)?;
        working = jpeg_working_bytes(&layout, w, h);
    } else if kind == ImageKind::Webp {
        working = webp_working_bytes(&bytes, w, h);
    }
    // JPEG: shrink while decoding, to the smallest DCT scale that still covers the large
    // derivative (a 12 MP photo decodes at half size, a quarter of the pixels).
    let (lw, lh) = fit_within(w, h, LARGE_EDGE);
    if kind == ImageKind::Jpeg {
        if let Some((img, orientation)) = decode_jpeg_scaled(&bytes, lw, lh)? {
            return derivatives(kind, img, orientation, lw, lh, bytes);
        }
    }
    let mut reader = ImageReader::with_format(Cursor::new(&bytes[..]), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(w.max(1));
    limits.max_image_height = Some(h.max(1));
    // The PNG decoder counts its own buffers against this; the others are estimated below.
    limits.max_alloc = Some(DECODE_BUDGET);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let needed = decoder.total_bytes().saturating_add(working);
    if needed > DECODE_BUDGET {
        return Err(too_much_memory(Some(needed)));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    derivatives(kind, img, orientation, lw, lh, bytes)
}

/// Decodes a JPEG at the smallest DCT scale (1/1, 1/2, 1/4 or 1/8) whose size still covers
/// `want_w` × `want_h`, with its EXIF orientation. `None` for the rare pixel formats the
/// scaled decoder does not hand out as RGB or grey (CMYK): the full decoder takes those.
fn decode_jpeg_scaled(
    bytes: &[u8],
    want_w: u32,
    want_h: u32,
) -> Result<Option<(DynamicImage, image::metadata::Orientation)>, AppError> {
    use jpeg_decoder::{Decoder, PixelFormat};
    let mut decoder = Decoder::new(Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size(usize::try_from(DECODE_BUDGET).unwrap_or(usize::MAX));
    decoder.read_info().map_err(|_| corrupt())?;
    let want = |n: u32| u16::try_from(n.max(1)).unwrap_or(u16::MAX);
    decoder
        .scale(want(want_w), want(want_h))
        .map_err(|_| corrupt())?;
    let orientation = decoder
        .exif_data()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let pixels = decoder.decode().map_err(|e| match e {
        jpeg_decoder::Error::Format(m) if m.contains("buffer size") => too_much_memory(None),
        _ => corrupt(),
    })?;
    let info = decoder.info().ok_or_else(corrupt)?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let img = match info.pixel_format {
        PixelFormat::RGB24 => image::RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8),
        PixelFormat::L8 => image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8),
        PixelFormat::L16 | PixelFormat::CMYK32 => return Ok(None),
    };
    Ok(Some((img.ok_or_else(corrupt)?, orientation)))
}

/// The large derivative (fitted to `lw` × `lh` before turning) and the thumbnail, with the
/// original kept as sent but for its location.
fn derivatives(
    kind: ImageKind,
    img: DynamicImage,
    orientation: image::metadata::Orientation,
    lw: u32,
    lh: u32,
    bytes: Bytes,
) -> Result<Processed, AppError> {
    // Shrink first, then turn: the same picture, and turning a small image is cheap.
    let mut large_img = resize_exact(img, lw, lh)?;
    large_img.apply_orientation(orientation);
    let (lw, lh) = (large_img.width(), large_img.height());
    let (tw, th) = fit_within(lw, lh, THUMB_EDGE);
    let thumb_img = resized(&large_img, tw, th)?;
    // The original is kept as sent, but for its location (GPS) data.
    let stripped = crate::server::photos::location::without_location(kind, &bytes).map(Bytes::from);
    let (original, located) = match stripped {
        Some(s) => (s, Some(bytes)),
        None => (bytes, None),
    };
    Ok(Processed {
        kind,
        large: encode_jpeg(&large_img, 82)?,
        thumb: encode_jpeg(&thumb_img, 76)?,
        width: lw,
        height: lh,
        original,
        located,
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

    /// Left half red, right half blue.
    fn halves(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, _| {
            if x < w / 2 {
                image::Rgb([220, 30, 30])
            } else {
                image::Rgb([30, 30, 220])
            }
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn a_large_jpeg_is_shrunk_while_decoding_and_keeps_its_picture() {
        let bytes = halves(3400, 1700);
        // The decoder's half scale (1700 × 850) still covers the large size; so it is used.
        let (img, _) = decode_jpeg_scaled(&bytes, 1600, 800).unwrap().unwrap();
        assert_eq!((img.width(), img.height()), (1700, 850));
        let (img, _) = decode_jpeg_scaled(&bytes, 400, 200).unwrap().unwrap();
        assert_eq!((img.width(), img.height()), (425, 213));

        let p = process(Bytes::from(bytes)).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        let large = image::load_from_memory(&p.large).unwrap().to_rgb8();
        assert_eq!(large.dimensions(), (1600, 800));
        let (left, right) = (large.get_pixel(300, 400), large.get_pixel(1300, 400));
        assert!(left[0] > 180 && left[2] < 80, "left is red: {left:?}");
        assert!(right[2] > 180 && right[0] < 80, "right is blue: {right:?}");
        let t = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((t.width(), t.height()), (400, 200));
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

    /// A small JPEG with its SOF0 patched to claim `w` × `h`.
    fn claiming(w: u16, h: u16) -> Vec<u8> {
        let mut b = jpeg(16, 16);
        let sof = b.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
        b[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
        b[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
        b
    }

    #[test]
    fn tiny_files_claiming_huge_images_are_refused_before_decoding() {
        let err = process(Bytes::from(claiming(6324, 6324))).unwrap_err();
        assert_eq!(err.code(), ErrorCode::CorruptImage);
        // A real photo is far above the floor: a flat grey 1000×1000 JPEG.
        let flat = image::RgbImage::from_pixel(1000, 1000, image::Rgb([128, 128, 128]));
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 50)
            .encode_image(&flat)
            .unwrap();
        assert!(plausible_size(ImageKind::Jpeg, out.len(), 1000, 1000));
        assert!(process(Bytes::from(out)).is_ok());
        assert!(!plausible_size(ImageKind::Png, 70, 6000, 6000));
        assert!(plausible_size(ImageKind::Png, 5_000, 6000, 6000));
    }

    fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = 0xFFFF_FFFFu32;
        for &b in &out[start..] {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
            }
        }
        out.extend_from_slice(&(!crc).to_be_bytes());
    }

    #[test]
    fn images_needing_more_than_the_budget_are_refused_before_decoding() {
        // 6000×6000 16-bit RGBA: within 40 MP, but 288 MB once decoded.
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&6000u32.to_be_bytes());
        ihdr.extend_from_slice(&6000u32.to_be_bytes());
        ihdr.extend_from_slice(&[16, 6, 0, 0, 0]);
        png_chunk(&mut b, b"IHDR", &ihdr);
        png_chunk(&mut b, b"IDAT", &[0; 4096]);
        png_chunk(&mut b, b"IEND", &[]);
        let err = process(Bytes::from(b)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::PayloadTooLarge);
        assert!(err.to_string().contains("288 MB"), "{err}");
    }

    #[test]
    fn hair_thin_strips_are_refused() {
        let err = process(Bytes::from(jpeg(2100, 100))).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
        assert!(process(Bytes::from(jpeg(2000, 100))).is_ok());
    }

    #[test]
    fn decoder_memory_is_estimated_from_the_header() {
        let baseline = jpeg_layout(&jpeg(64, 48)).unwrap();
        assert!(!baseline.progressive);
        assert_eq!(baseline.first_scan_components, baseline.sampling.len());
        assert_eq!(jpeg_working_bytes(&baseline, 64, 48), 0);
        // Progressive 4:2:0 at 40 MP: 1.5 coefficients of 2 bytes per pixel.
        let progressive = JpegLayout {
            progressive: true,
            sampling: vec![(2, 2), (1, 1), (1, 1)],
            first_scan_components: 3,
        };
        // (5000 rows are 312.5 MCUs: the last one is padded.)
        let bytes = jpeg_working_bytes(&progressive, 8000, 5000);
        assert_eq!(bytes, 500 * 313 * 6 * 64 * 2);
        assert!((120_000_000..121_000_000).contains(&bytes));
    }

    #[test]
    fn orientation_is_applied_after_shrinking() {
        // 3400×1700 with orientation 6 (turn right): large is 800×1600, red on top.
        let mut b = halves(3400, 1700);
        let exif: &[u8] =
            b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";
        let mut seg = vec![0xFF, 0xE1];
        seg.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        seg.extend_from_slice(exif);
        b.splice(2..2, seg);
        let p = process(Bytes::from(b)).unwrap();
        assert_eq!((p.width, p.height), (800, 1600));
        let t = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((t.width(), t.height()), (200, 400));
        for (name, img) in [("large", &p.large), ("thumb", &p.thumb)] {
            let px = image::load_from_memory(img).unwrap().to_rgb8();
            let (w, h) = px.dimensions();
            let (top, bottom) = (px.get_pixel(w / 2, h / 5), px.get_pixel(w / 2, h * 4 / 5));
            assert!(top[0] > 180 && top[2] < 80, "{name}: top is red: {top:?}");
            assert!(
                bottom[2] > 180 && bottom[0] < 80,
                "{name}: bottom is blue: {bottom:?}"
            );
            // No metadata: no APP1 (EXIF) segment at all.
            assert!(!img.windows(6).any(|w| w == b"Exif\0\0"), "{name} has EXIF");
            assert!(
                !img.windows(2).any(|m| m == [0xFF, 0xE1]),
                "{name} has APP1"
            );
        }
    }

    #[test]
    fn other_pixel_formats_are_resized_to_exact_sizes() {
        // A 16-bit RGBA PNG and an 8-bit grey one take the resizer's other paths.
        let deep = image::ImageBuffer::<image::Rgba<u16>, _>::from_fn(2400, 1200, |x, _| {
            image::Rgba([if x < 1200 { 60_000 } else { 2_000 }, 9_000, 9_000, 65_535])
        });
        let grey = image::GrayImage::from_fn(1000, 2000, |_, y| image::Luma([(y / 8) as u8]));
        for (img, want) in [
            (DynamicImage::ImageRgba16(deep), (1600, 800)),
            (DynamicImage::ImageLuma8(grey), (800, 1600)),
        ] {
            let mut png = Vec::new();
            img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
                .unwrap();
            let p = process(Bytes::from(png)).unwrap();
            assert_eq!((p.width, p.height), want);
            let large = image::load_from_memory(&p.large).unwrap();
            assert_eq!((large.width(), large.height()), want);
        }
    }

    #[test]
    fn other_formats_are_refused_by_content() {
        let err = process(Bytes::from_static(b"GIF89a\x01\x00\x01\x00")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::UnsupportedMediaType);
    }
}
