//! Image fixtures for the upload tests: plain JPEG/PNG/WebP files, JPEGs
//! carrying a hand-built Exif block (orientation, camera make, optional GPS
//! position), a truncated JPEG and a PNG whose header claims huge dimensions.
//!
//! Everything is generated in memory; no fixture files are shipped.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

/// TIFF field types used in the Exif block.
const TYPE_BYTE: u16 = 1;
const TYPE_ASCII: u16 = 2;
const TYPE_SHORT: u16 = 3;
const TYPE_LONG: u16 = 4;
const TYPE_RATIONAL: u16 = 5;

/// Tag of the IFD0 entry pointing at the GPS IFD.
const TAG_GPS_INFO: u16 = 0x8825;

/// Non-uniform test content: gradients plus a coarse checkerboard, so
/// encoders have real work to do and re-encoding visibly changes bytes.
fn pattern(width: u32, height: u32) -> RgbImage {
    let (w, h) = (width.max(1), height.max(1));
    RgbImage::from_fn(w, h, |x, y| {
        let checker = ((x / 16) + (y / 16)) % 2 == 0;
        let r = (x * 255 / w) as u8;
        let g = (y * 255 / h) as u8;
        let b = if checker { 200 } else { 60 };
        image::Rgb([r, g, b])
    })
}

/// A plain baseline JPEG (quality 85, JFIF header, no Exif) of the given size.
#[allow(dead_code)]
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = pattern(width, height);
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encode JPEG fixture");
    out
}

/// A JPEG like [`jpeg`] with an APP1 `Exif\0\0` segment inserted right after
/// SOI. The little-endian TIFF block holds IFD0 with Make = "TestCam",
/// Orientation = `orientation` and, when `with_gps`, a GPSInfo pointer to a
/// GPS IFD (GPSVersionID 2.2.0.0, GPSLatitudeRef/GPSLatitude,
/// GPSLongitudeRef/GPSLongitude) placing the camera at 31°14'0" N,
/// 121°28'0" E (Shanghai).
#[allow(dead_code)]
pub fn jpeg_with_exif(width: u32, height: u32, orientation: u16, with_gps: bool) -> Vec<u8> {
    let plain = jpeg(width, height);
    let tiff = exif_tiff(orientation, with_gps);

    let mut payload = Vec::with_capacity(6 + tiff.len());
    payload.extend_from_slice(b"Exif\0\0");
    payload.extend_from_slice(&tiff);
    let seg_len = u16::try_from(payload.len() + 2).expect("Exif segment fits in 64 KiB");

    let mut out = Vec::with_capacity(plain.len() + payload.len() + 4);
    out.extend_from_slice(&plain[..2]); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&seg_len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

/// One 12-byte IFD entry; `value` is the inline value or the offset, already
/// laid out in the 4-byte field.
fn ifd_entry(out: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]) {
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&value);
}

fn short_value(v: u16) -> [u8; 4] {
    let b = v.to_le_bytes();
    [b[0], b[1], 0, 0]
}

fn long_value(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

fn rationals(out: &mut Vec<u8>, values: &[(u32, u32)]) {
    for (num, den) in values {
        out.extend_from_slice(&num.to_le_bytes());
        out.extend_from_slice(&den.to_le_bytes());
    }
}

/// The little-endian TIFF structure carried in the Exif segment. All offsets
/// are relative to the start of the TIFF header ("II*\0").
fn exif_tiff(orientation: u16, with_gps: bool) -> Vec<u8> {
    const MAKE: &[u8] = b"TestCam\0"; // 8 bytes, too long to store inline
    const LATITUDE: [(u32, u32); 3] = [(31, 1), (14, 1), (0, 1)];
    const LONGITUDE: [(u32, u32); 3] = [(121, 1), (28, 1), (0, 1)];
    const GPS_ENTRIES: u32 = 5;

    let ifd0_offset: u32 = 8;
    let ifd0_entries: u32 = if with_gps { 3 } else { 2 };
    let ifd0_size = 2 + 12 * ifd0_entries + 4;
    let make_offset = ifd0_offset + ifd0_size;
    let gps_ifd_offset = make_offset + MAKE.len() as u32;
    let gps_ifd_size = 2 + 12 * GPS_ENTRIES + 4;
    let lat_offset = gps_ifd_offset + gps_ifd_size;
    let lon_offset = lat_offset + 24;

    let mut t = Vec::with_capacity(lon_offset as usize + 24);
    // TIFF header: byte order, magic 42, offset of IFD0.
    t.extend_from_slice(b"II");
    t.extend_from_slice(&42u16.to_le_bytes());
    t.extend_from_slice(&ifd0_offset.to_le_bytes());

    // IFD0, entries sorted by tag.
    t.extend_from_slice(&(ifd0_entries as u16).to_le_bytes());
    ifd_entry(
        &mut t,
        0x010F,
        TYPE_ASCII,
        MAKE.len() as u32,
        long_value(make_offset),
    );
    ifd_entry(&mut t, 0x0112, TYPE_SHORT, 1, short_value(orientation));
    if with_gps {
        ifd_entry(
            &mut t,
            TAG_GPS_INFO,
            TYPE_LONG,
            1,
            long_value(gps_ifd_offset),
        );
    }
    t.extend_from_slice(&0u32.to_le_bytes()); // no IFD1
    debug_assert_eq!(t.len() as u32, make_offset);
    t.extend_from_slice(MAKE);

    if with_gps {
        debug_assert_eq!(t.len() as u32, gps_ifd_offset);
        t.extend_from_slice(&(GPS_ENTRIES as u16).to_le_bytes());
        ifd_entry(&mut t, 0x0000, TYPE_BYTE, 4, [2, 2, 0, 0]); // GPSVersionID 2.2
        ifd_entry(&mut t, 0x0001, TYPE_ASCII, 2, *b"N\0\0\0");
        ifd_entry(&mut t, 0x0002, TYPE_RATIONAL, 3, long_value(lat_offset));
        ifd_entry(&mut t, 0x0003, TYPE_ASCII, 2, *b"E\0\0\0");
        ifd_entry(&mut t, 0x0004, TYPE_RATIONAL, 3, long_value(lon_offset));
        t.extend_from_slice(&0u32.to_le_bytes());
        debug_assert_eq!(t.len() as u32, lat_offset);
        rationals(&mut t, &LATITUDE);
        debug_assert_eq!(t.len() as u32, lon_offset);
        rationals(&mut t, &LONGITUDE);
    }
    t
}

/// The marker segments of a JPEG before its first SOS, as
/// `(marker, payload)` pairs (payload excludes the 2-byte length). Stops
/// quietly at anything malformed.
fn header_segments(bytes: &[u8]) -> Vec<(u8, &[u8])> {
    let mut segments = Vec::new();
    if bytes.len() < 2 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return segments;
    }
    let mut i = 2;
    loop {
        if i >= bytes.len() || bytes[i] != 0xFF {
            break;
        }
        // Skip fill bytes.
        while i < bytes.len() && bytes[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else { break };
        i += 1;
        match marker {
            0xDA | 0xD9 => break,           // SOS / EOI: header is over
            0x01 | 0xD0..=0xD7 => continue, // standalone markers
            _ => {}
        }
        let Some(len) = bytes.get(i..i + 2) else {
            break;
        };
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len < 2 {
            break;
        }
        let Some(payload) = bytes.get(i + 2..i + len) else {
            break;
        };
        segments.push((marker, payload));
        i += len;
    }
    segments
}

/// The TIFF payloads of all APP1 `Exif\0\0` segments before SOS.
fn exif_payloads(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    header_segments(bytes)
        .into_iter()
        .filter(|(marker, _)| *marker == 0xE1)
        .filter_map(|(_, payload)| payload.strip_prefix(b"Exif\0\0"))
}

/// True when the JPEG has an APP1 `Exif\0\0` segment among the marker
/// segments before the first SOS.
#[allow(dead_code)]
pub fn contains_exif(bytes: &[u8]) -> bool {
    exif_payloads(bytes).next().is_some()
}

/// True when an Exif segment holds a GPSInfo IFD entry: tag 0x8825 with
/// type LONG, in either little-endian (`25 88 04 00`) or big-endian
/// (`88 25 00 04`) byte order.
#[allow(dead_code)]
pub fn contains_gps_marker(bytes: &[u8]) -> bool {
    let [t0, t1] = TAG_GPS_INFO.to_le_bytes();
    let [y0, y1] = TYPE_LONG.to_le_bytes();
    let little = [t0, t1, y0, y1];
    let big = [t1, t0, y1, y0];
    exif_payloads(bytes).any(|tiff| {
        tiff.windows(4)
            .any(|w| w == little.as_slice() || w == big.as_slice())
    })
}

/// A plain 8-bit RGB PNG of the given size.
#[allow(dead_code)]
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = pattern(width, height);
    let mut out = Vec::new();
    PngEncoder::new(Cursor::new(&mut out))
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encode PNG fixture");
    out
}

/// A lossless WebP of the given size.
#[allow(dead_code)]
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let img = pattern(width, height);
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encode WebP fixture");
    out
}

/// A valid JPEG cut to its first 60 %: it still starts with `FF D8 FF`,
/// sniffs as JPEG and has intact headers, but half its scan data and the EOI
/// marker (`FF D9`) are gone.
///
/// Note: `image` 0.25 runs zune-jpeg in non-strict mode, which pads the
/// missing data and *decodes this without error* (the lower part comes out
/// flat grey); a server that must reject it has to check for the EOI marker.
#[allow(dead_code)]
pub fn truncated_jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = jpeg(width, height);
    let keep = (bytes.len() * 6 / 10).max(3);
    bytes.truncate(keep);
    bytes
}

/// A tiny (~70 byte) PNG whose IHDR claims `width` × `height` 8-bit RGB
/// pixels, followed by an IDAT holding an empty zlib stream and IEND. Reading
/// the header reports the claimed dimensions; decoding fails for lack of data.
#[allow(dead_code)]
pub fn huge_dimension_png_header(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]);

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);

    // zlib header (78 9C), empty final fixed-Huffman block (03 00),
    // Adler-32 of no data (00 00 00 01).
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).expect("PNG chunk fits in u32");
    out.extend_from_slice(&len.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as used by PNG,
/// computed bit by bit without a lookup table.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}
