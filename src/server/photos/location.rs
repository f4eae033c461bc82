//! Location out of originals: the GPS block of a photo's EXIF is emptied before the original
//! is stored, everything else (orientation, camera, time) is kept byte for byte. JPEG (APP1
//! `Exif`), PNG (`eXIf`, CRC recomputed) and WebP (`EXIF` chunk) are handled; a file without
//! GPS is stored unchanged.

use crate::domain::photos::ImageKind;

/// The GPS-info pointer tag of IFD0.
const TAG_GPS_INFO: u16 = 0x8825;

/// A copy of `bytes` with its location removed, or `None` when there was none to remove.
pub fn without_location(kind: ImageKind, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes.to_vec();
    let changed = match kind {
        ImageKind::Jpeg => jpeg(&mut out),
        ImageKind::Png => png(&mut out),
        ImageKind::Webp => webp(&mut out),
    };
    changed.then_some(out)
}

/// Walks the JPEG segments before the scan and scrubs every `Exif` APP1.
fn jpeg(b: &mut [u8]) -> bool {
    let mut changed = false;
    let mut i = 2;
    while i + 4 <= b.len() && b[i] == 0xFF {
        let marker = b[i + 1];
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let end = (i + 2 + len).min(b.len());
        if marker == 0xE1 && b.get(i + 4..i + 10) == Some(b"Exif\0\0".as_slice()) {
            changed |= scrub_tiff(&mut b[i + 10..end]);
        }
        i = end;
    }
    changed
}

/// Scrubs the `eXIf` chunk and fixes its CRC.
fn png(b: &mut [u8]) -> bool {
    let mut changed = false;
    let mut i = 8;
    while i + 12 <= b.len() {
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        let data = i + 8;
        let Some(end) = data.checked_add(len).filter(|e| e + 4 <= b.len()) else {
            break;
        };
        if &b[i + 4..i + 8] == b"eXIf" && scrub_tiff(&mut b[data..end]) {
            let crc = crc32(&b[i + 4..end]);
            b[end..end + 4].copy_from_slice(&crc.to_be_bytes());
            changed = true;
        }
        i = end + 4;
    }
    changed
}

/// Scrubs the `EXIF` chunk of a RIFF/WebP file (optionally led by `Exif\0\0`).
fn webp(b: &mut [u8]) -> bool {
    let mut changed = false;
    let mut i = 12;
    while i + 8 <= b.len() {
        let len = u32::from_le_bytes([b[i + 4], b[i + 5], b[i + 6], b[i + 7]]) as usize;
        let data = i + 8;
        let Some(end) = data.checked_add(len).filter(|e| *e <= b.len()) else {
            break;
        };
        if &b[i..i + 4] == b"EXIF" {
            let start = if b.get(data..data + 6) == Some(b"Exif\0\0".as_slice()) {
                data + 6
            } else {
                data
            };
            changed |= scrub_tiff(&mut b[start..end]);
        }
        i = end + (len & 1);
    }
    changed
}

fn u16_at(t: &[u8], at: usize, little: bool) -> Option<u16> {
    let s: [u8; 2] = t.get(at..at + 2)?.try_into().ok()?;
    Some(if little {
        u16::from_le_bytes(s)
    } else {
        u16::from_be_bytes(s)
    })
}

fn u32_at(t: &[u8], at: usize, little: bool) -> Option<u32> {
    let s: [u8; 4] = t.get(at..at + 4)?.try_into().ok()?;
    Some(if little {
        u32::from_le_bytes(s)
    } else {
        u32::from_be_bytes(s)
    })
}

/// Bytes per value of a TIFF field type.
fn type_size(typ: u16) -> usize {
    match typ {
        1 | 2 | 6 | 7 => 1,
        3 | 8 => 2,
        4 | 9 | 11 => 4,
        5 | 10 | 12 => 8,
        _ => 1,
    }
}

/// Empties the GPS IFD of a TIFF block and removes IFD0's pointer to it. Returns whether
/// anything was removed. Malformed blocks are left as they are.
fn scrub_tiff(t: &mut [u8]) -> bool {
    let little = match t.get(0..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return false,
    };
    let Some(ifd0) = u32_at(t, 4, little).map(|o| o as usize) else {
        return false;
    };
    let Some(count) = u16_at(t, ifd0, little).map(usize::from) else {
        return false;
    };
    let entries = ifd0 + 2;
    let Some(pos) = (0..count).find(|k| u16_at(t, entries + k * 12, little) == Some(TAG_GPS_INFO))
    else {
        return false;
    };
    let entry = entries + pos * 12;
    // Empty the GPS IFD: out-of-line values, then its entries and count.
    if let Some(gps) = u32_at(t, entry + 8, little).map(|o| o as usize) {
        if let Some(n) = u16_at(t, gps, little).map(usize::from) {
            for k in 0..n {
                let e = gps + 2 + k * 12;
                let (Some(typ), Some(cnt), Some(off)) = (
                    u16_at(t, e + 2, little),
                    u32_at(t, e + 4, little),
                    u32_at(t, e + 8, little),
                ) else {
                    break;
                };
                let size = type_size(typ).saturating_mul(cnt as usize);
                if size > 4 {
                    if let Some(v) = t.get_mut(off as usize..(off as usize).saturating_add(size)) {
                        v.fill(0);
                    }
                }
            }
            if let Some(block) = t.get_mut(gps..(gps + 2 + n * 12).min(t.len())) {
                block.fill(0);
            }
        }
    }
    // Drop the pointer entry: later entries and the next-IFD offset move up by one entry.
    let tail_end = entries + count * 12 + 4;
    if tail_end > t.len() {
        return false;
    }
    t.copy_within(entry + 12..tail_end, entry);
    t[tail_end - 12..tail_end].fill(0);
    let new_count = (count - 1) as u16;
    let bytes = if little {
        new_count.to_le_bytes()
    } else {
        new_count.to_be_bytes()
    };
    t[ifd0..ifd0 + 2].copy_from_slice(&bytes);
    true
}

/// CRC-32 (ISO-HDLC) as PNG chunks use it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF block: IFD0 with Orientation and a GPS pointer, then a GPS IFD
    /// holding a latitude (3 rationals, out of line).
    fn tiff() -> Vec<u8> {
        let mut t = b"II*\0".to_vec();
        t.extend_from_slice(&8u32.to_le_bytes());
        // IFD0 at 8: 2 entries.
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
        t.extend_from_slice(&3u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&[6, 0, 0, 0]);
        t.extend_from_slice(&TAG_GPS_INFO.to_le_bytes());
        t.extend_from_slice(&4u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&38u32.to_le_bytes()); // GPS IFD at 38
        t.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
        assert_eq!(t.len(), 38);
        // GPS IFD: 1 entry, GPSLatitude, 3 RATIONAL at 56.
        t.extend_from_slice(&1u16.to_le_bytes());
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&5u16.to_le_bytes());
        t.extend_from_slice(&3u32.to_le_bytes());
        t.extend_from_slice(&56u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(t.len(), 56);
        for v in [31u32, 1, 14, 1, 0, 1] {
            t.extend_from_slice(&v.to_le_bytes());
        }
        t
    }

    #[test]
    fn the_gps_block_goes_and_the_orientation_stays() {
        let mut t = tiff();
        assert!(scrub_tiff(&mut t));
        // IFD0 now has one entry, the orientation, and no GPS pointer.
        assert_eq!(u16_at(&t, 8, true), Some(1));
        assert_eq!(u16_at(&t, 10, true), Some(0x0112));
        assert_eq!(u16_at(&t, 18, true), Some(6));
        assert!(!t.windows(2).any(|w| w == TAG_GPS_INFO.to_le_bytes()));
        // The coordinates are gone.
        assert!(t[56..].iter().all(|b| *b == 0));
        // A second pass finds nothing.
        assert!(!scrub_tiff(&mut t));
    }

    #[test]
    fn jpeg_exif_is_scrubbed_in_place() {
        let t = tiff();
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend_from_slice(&((t.len() + 8) as u16).to_be_bytes());
        jpeg.extend_from_slice(b"Exif\0\0");
        jpeg.extend_from_slice(&t);
        jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0xFF, 0xD9]);
        let out = without_location(ImageKind::Jpeg, &jpeg).expect("changed");
        assert_eq!(out.len(), jpeg.len());
        assert!(without_location(ImageKind::Jpeg, &out).is_none());
    }

    #[test]
    fn png_crc_is_the_standard_one() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn malformed_blocks_are_left_alone() {
        let mut t = b"II*\0\xff\xff\xff\xff".to_vec();
        assert!(!scrub_tiff(&mut t));
        let mut short = b"MM".to_vec();
        assert!(!scrub_tiff(&mut short));
    }
}
