//! Uploads built to exhaust memory (issue 12, finding 1): tiny files whose headers claim huge
//! images, hair-thin strips, and large flat images that really decode. Many at once must be
//! answered quickly while the server's memory stays bounded. The server runs in this process,
//! so its memory is this process's resident set (`/proc/self/status`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};
use serde_json::Value;

use crate::support::{spawn_app, upload};

/// The most the resident set may grow while the uploads run.
const GROWTH_CEILING: u64 = 700 * 1024 * 1024;

/// A real 16×16 baseline JPEG whose SOF0 header is patched to claim `w` × `h`: headers,
/// one MCU row of scan data and EOI, well under a kilobyte. `pad` zero bytes are added to
/// the scan before EOI.
fn jpeg_claiming(w: u16, h: u16, pad: usize) -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 9, y as u8 * 9, 77]));
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 80)
        .write_image(img.as_raw(), 16, 16, ExtendedColorType::Rgb8)
        .unwrap();
    let sof = out
        .windows(2)
        .position(|m| m == [0xFF, 0xC0])
        .expect("baseline SOF0");
    out[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    assert_eq!(&out[out.len() - 2..], [0xFF, 0xD9]);
    let eoi = out.len() - 2;
    out.splice(eoi..eoi, std::iter::repeat_n(0u8, pad));
    out
}

/// Writes bits least-significant first, as deflate does.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, len: u32) {
        self.acc |= (value as u64) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code, sent most-significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A zlib stream of `n` zero bytes in one fixed-Huffman block: a literal zero, then
/// copies of 258 bytes at distance 1 (13 bits each), about 1:1300.
fn zlib_zeros(n: u64) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = fixed Huffman
    let literal_zero = |b: &mut Bits| b.code(0x30, 8);
    literal_zero(&mut bits);
    let mut left = n - 1;
    while left >= 258 {
        bits.code(0xC5, 8); // length code 285 = 258 bytes
        bits.code(0, 5); // distance code 0 = distance 1
        left -= 258;
    }
    for _ in 0..left {
        literal_zero(&mut bits);
    }
    bits.code(0, 7); // end of block
    let mut out = vec![0x78, 0x01];
    out.extend(bits.finish());
    let adler = ((n % 65521) << 16) | 1;
    out.extend_from_slice(&(adler as u32).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|mut c| {
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            c
        })
        .collect();
    !data.iter().fold(0xFFFF_FFFFu32, |crc, &b| {
        table[((crc ^ b as u32) & 0xFF) as usize] ^ (crc >> 8)
    })
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A complete, valid 8-bit PNG of `w` × `h` black pixels (`channels` 3 = RGB, 4 = RGBA),
/// compressed about 1:1300: it really decodes to `w × h × channels` bytes.
fn flat_png(w: u32, h: u32, channels: u8) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, if channels == 4 { 6 } else { 2 }, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    let raw = h as u64 * (1 + w as u64 * channels as u64);
    png_chunk(&mut out, b"IDAT", &zlib_zeros(raw));
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A field of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`); `None` where there is none.
fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Samples the resident set every few milliseconds until stopped; yields the peak.
struct RssWatch {
    stop: Arc<AtomicBool>,
    handle: std::thread::JoinHandle<u64>,
}

impl RssWatch {
    fn start() -> RssWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut peak = 0;
            loop {
                peak = peak.max(proc_status_bytes("VmRSS:").unwrap_or(0));
                if flag.load(Ordering::SeqCst) {
                    return peak;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        RssWatch { stop, handle }
    }
    fn peak(self) -> u64 {
        self.stop.store(true, Ordering::SeqCst);
        self.handle.join().unwrap()
    }
}

const MB: u64 = 1024 * 1024;

/// The two bursts measure one process's memory: never both at once.
static ONE_BURST_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Sends all uploads at once; returns each answer's status and body, the time taken and
/// the resident set's growth over its level before (`None` without `/proc`).
async fn burst(
    app: &crate::support::TestApp,
    files: Vec<(&'static str, Vec<u8>)>,
) -> (Vec<(&'static str, u16, Value)>, Duration, Option<u64>) {
    let _alone = ONE_BURST_AT_A_TIME.lock().await;
    let w = app.world().await;
    let crew = app.login(&w.crew_a).await;
    let url = app.project_url(&w.project_a, "photos");
    let before = proc_status_bytes("VmRSS:");
    let hwm_before = proc_status_bytes("VmHWM:");
    let watch = RssWatch::start();
    let started = Instant::now();
    let answers = join_all(files.into_iter().map(|(label, bytes)| {
        let (crew, url) = (crew.clone(), url.clone());
        async move {
            let r = upload(&crew, &url, bytes, "photo.jpg").await;
            let status = r.status().as_u16();
            (
                label,
                status,
                r.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    }))
    .await;
    let took = started.elapsed();
    let peak = watch.peak();
    let growth = before.map(|b| peak.saturating_sub(b));
    match (before, growth) {
        (Some(b), Some(g)) => println!(
            "RSS before {} MB, peak {} MB, growth {} MB; VmHWM {} → {} MB; {} uploads in {:.1} s",
            b / MB,
            peak / MB,
            g / MB,
            hwm_before.unwrap_or(0) / MB,
            proc_status_bytes("VmHWM:").unwrap_or(0) / MB,
            answers.len(),
            took.as_secs_f64()
        ),
        _ => println!("/proc/self/status is not readable: memory not measured"),
    }
    (answers, took, growth)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hostile_uploads_at_once_are_refused_quickly_within_bounded_memory() {
    let app = spawn_app().await;
    // Each claims just under 40 megapixels in under a kilobyte.
    let claims: [(u16, u16); 5] = [
        (6324, 6324),
        (8000, 5000),
        (5000, 8000),
        (6000, 6666),
        (4472, 8944),
    ];
    let strip = flat_png(40_000_000, 1, 3);
    assert!(strip.len() < 1024 * 1024, "strip is {} bytes", strip.len());
    let mut files = Vec::new();
    for n in 0..28 {
        let (w, h) = claims[n % claims.len()];
        let bytes = jpeg_claiming(w, h, 0);
        assert!(bytes.len() < 1024, "hostile JPEG is {} bytes", bytes.len());
        files.push(("jpeg", bytes));
    }
    for _ in 0..4 {
        files.push(("strip", strip.clone()));
    }
    let (answers, took, growth) = burst(&app, files).await;
    for (label, status, body) in &answers {
        assert!(
            (400..500).contains(status),
            "{label} answered {status}: {body}"
        );
        match *label {
            "jpeg" => assert_eq!(body["code"], "corrupt_image", "{body}"),
            _ => {
                assert_eq!(body["code"], "validation", "{body}");
                assert_eq!(body["field"], "file", "{body}");
                assert!(
                    body["message"].as_str().unwrap().contains("40000000 × 1"),
                    "{body}"
                );
            }
        }
    }
    assert!(took < Duration::from_secs(30), "took {took:?}");
    if let Some(growth) = growth {
        assert!(growth < GROWTH_CEILING, "memory grew by {} MB", growth / MB);
    }
    assert_eq!(app.photo_rows().await, 0);
    assert_eq!(app.stored_files().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn large_images_that_really_decode_are_processed_a_few_at_a_time() {
    let app = spawn_app().await;
    // 40 MP JPEGs with enough (meaningless) scan data to look plausible, and 36 MP RGBA
    // PNGs that decode to 144 MB each.
    let mut files = Vec::new();
    for _ in 0..8 {
        files.push(("jpeg", jpeg_claiming(6324, 6324, 64 * 1024)));
    }
    let png = flat_png(6000, 6000, 4);
    for _ in 0..4 {
        files.push(("png", png.clone()));
    }
    let (answers, took, growth) = burst(&app, files).await;
    for (label, status, body) in &answers {
        assert!(*status < 500, "{label} answered {status}: {body}");
        if *label == "png" {
            assert_eq!(*status, 201, "{body}");
            assert_eq!(
                (body["width"].as_u64(), body["height"].as_u64()),
                (Some(1600), Some(1600))
            );
        }
    }
    assert!(took < Duration::from_secs(180), "took {took:?}");
    if let Some(growth) = growth {
        assert!(growth < GROWTH_CEILING, "memory grew by {} MB", growth / MB);
    }
}
