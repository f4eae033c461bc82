//! Photos: ten generated 12 MP JPEGs (gradients, shapes and sensor-like noise, so they
//! compress like photos; an Exif orientation on some) uploaded one by one through the portal's
//! API, timed per image beside `vipsthumbnail` making the same two sizes (1,600 and 400 px,
//! the portal's JPEG qualities, metadata stripped); then the portal's peak memory (VmHWM)
//! with 16 concurrent 12 MP uploads.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

use crate::http::{get_json, need, num, sign_in, Conn};
use crate::load::median;
use crate::Res;

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

/// A photo-like 12 MP picture: a sky-to-floor gradient, soft blobs, hard-edged tiles and
/// per-pixel noise from a seeded generator.
fn picture(seed: u64) -> RgbImage {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 23) as i32 - 11
    };
    let (cx, cy) = (
        (seed * 997 % WIDTH as u64) as f32,
        (seed * 613 % HEIGHT as u64) as f32,
    );
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let d = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt();
        let wave = ((fx / 37.0).sin() * (fy / 53.0).cos() * 30.0) as i32;
        let tile = if (x / 180 + y / 140 + seed as u32).is_multiple_of(5) {
            40
        } else {
            0
        };
        let base = [
            90 + (fy / HEIGHT as f32 * 100.0) as i32 + wave,
            110 - (d / 60.0) as i32 + tile,
            140 + (fx / WIDTH as f32 * 80.0) as i32 - wave / 2,
        ];
        let px = base.map(|c| (c + noise()).clamp(0, 255) as u8);
        image::Rgb(px)
    })
}

/// An APP1 Exif segment holding only an orientation (little-endian TIFF, one IFD entry).
fn exif_orientation(orientation: u16) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x0112u16.to_le_bytes());
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(orientation.to_le_bytes());
    tiff.extend(0u16.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((tiff.len() + 8) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(tiff);
    seg
}

/// Writes the ten test photos (quality 90) into `dir`, reusing files already there.
fn photos(dir: &Path, count: usize) -> Res<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut files = Vec::new();
    for i in 0..count {
        let path = dir.join(format!("photo-{i}.jpg"));
        if !path.exists() {
            let img = picture(i as u64 + 1);
            let mut jpeg = Vec::new();
            JpegEncoder::new_with_quality(Cursor::new(&mut jpeg), 90).write_image(
                img.as_raw(),
                WIDTH,
                HEIGHT,
                ExtendedColorType::Rgb8,
            )?;
            // Every third photo says it was taken with the phone turned (orientation 6).
            if i % 3 == 1 {
                let seg = exif_orientation(6);
                jpeg.splice(2..2, seg);
            }
            std::fs::write(&path, &jpeg)?;
        }
        files.push(path);
    }
    Ok(files)
}

fn multipart(bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "seedbenchboundary7d3f";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads one photo; its wall time in milliseconds.
async fn upload(addr: &str, cookie: &str, project: &str, bytes: &[u8]) -> Res<f64> {
    let (content_type, body) = multipart(bytes);
    let t0 = Instant::now();
    let r = Conn::new(addr)
        .request(
            "POST",
            &format!("/api/v1/projects/{project}/photos"),
            &[("Cookie", cookie), ("Content-Type", &content_type)],
            &body,
        )
        .await?;
    let ms = t0.elapsed().as_secs_f64() * 1e3;
    if r.status != 201 {
        return Err(format!("upload: {} {}", r.status, String::from_utf8_lossy(&r.body)).into());
    }
    Ok(ms)
}

/// `vipsthumbnail` making the large and the thumbnail of one file; milliseconds.
fn vips(file: &Path, out: &Path) -> Res<f64> {
    let t0 = Instant::now();
    for (size, name, q) in [(1600, "large", 82), (400, "thumb", 76)] {
        let status = Command::new("vipsthumbnail")
            .arg(file)
            .args(["--size", &size.to_string(), "-o"])
            .arg(out.join(format!("%s-{name}.jpg[Q={q},strip]")))
            .status()?;
        if !status.success() {
            return Err("vipsthumbnail failed".into());
        }
    }
    Ok(t0.elapsed().as_secs_f64() * 1e3)
}

fn status_kb(pid: u32, field: &str) -> Res<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| format!("{field} not in /proc/{pid}/status").into())
}

/// `seed-bench photos --portal ADDR --pid PID --dir DIR [--count 10] [--concurrent 16]
/// [--passes 3]`. Run on a freshly started portal: the memory figure is its high-water mark.
pub async fn run(args: &[String]) -> Res<()> {
    let portal = need(args, "--portal")?.to_string();
    let pid: u32 = num(args, "--pid", 0)?;
    let dir = PathBuf::from(need(args, "--dir")?);
    let count: usize = num(args, "--count", 10)?;
    let concurrent: usize = num(args, "--concurrent", 16)?;
    let passes: usize = num(args, "--passes", 3)?;
    let t0 = Instant::now();
    let files = photos(&dir, count)?;
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()))
        .collect::<Result<_, _>>()?;
    eprintln!(
        "{count} photos of {WIDTH}×{HEIGHT} ready in {:.1} s ({:.1}–{:.1} MB)",
        t0.elapsed().as_secs_f64(),
        *sizes.iter().min().unwrap_or(&0) as f64 / 1e6,
        *sizes.iter().max().unwrap_or(&0) as f64 / 1e6
    );
    let staff = sign_in(&portal, "staff@demo.cn").await?;
    let list = get_json(&portal, "/api/v1/projects", &staff).await?;
    let project = list["items"][0]["id"]
        .as_str()
        .ok_or("no project")?
        .to_string();
    let bytes: Vec<Vec<u8>> = files.iter().map(std::fs::read).collect::<Result<_, _>>()?;

    // Memory first, on the fresh server.
    let (hwm_before, rss_before) = (status_kb(pid, "VmHWM:")?, status_kb(pid, "VmRSS:")?);
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..concurrent {
        let (portal, staff, project) = (portal.clone(), staff.clone(), project.clone());
        let body = bytes[i % bytes.len()].clone();
        tasks.push(tokio::spawn(async move {
            upload(&portal, &staff, &project, &body)
                .await
                .map_err(|e| e.to_string())
        }));
    }
    let mut failed = Vec::new();
    for t in tasks {
        if let Err(e) = t.await? {
            failed.push(e);
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let hwm_after = status_kb(pid, "VmHWM:")?;

    // Then time per image: the portal and vipsthumbnail in turn, `passes` times.
    let out = dir.join("vips-out");
    std::fs::create_dir_all(&out)?;
    let (mut portal_ms, mut vips_ms) = (vec![Vec::new(); count], vec![Vec::new(); count]);
    for _ in 0..passes {
        for (i, file) in files.iter().enumerate() {
            portal_ms[i].push(upload(&portal, &staff, &project, &bytes[i]).await?);
            vips_ms[i].push(vips(file, &out)?);
        }
    }
    println!("\n{count} photos {WIDTH}×{HEIGHT} (12 MP, {:.1}–{:.1} MB, orientation 6 on every third), median of {passes} passes per image\n",
        *sizes.iter().min().unwrap_or(&0) as f64 / 1e6, *sizes.iter().max().unwrap_or(&0) as f64 / 1e6);
    println!("| photo | MB | portal upload ms | vipsthumbnail 1600 + 400 ms | ratio |");
    println!("|---|---|---|---|---|");
    let (mut sum_p, mut sum_v) = (0.0, 0.0);
    for i in 0..count {
        let (p, v) = (median(&mut portal_ms[i]), median(&mut vips_ms[i]));
        sum_p += p;
        sum_v += v;
        println!(
            "| {i}{} | {:.1} | {p:.0} | {v:.0} | {:.2}× |",
            if i % 3 == 1 { " (rotated)" } else { "" },
            sizes[i] as f64 / 1e6,
            p / v
        );
    }
    println!(
        "| mean per image | | {:.0} | {:.0} | {:.2}× |",
        sum_p / count as f64,
        sum_v / count as f64,
        sum_p / sum_v
    );
    println!(
        "\n{concurrent} concurrent uploads: {} of {concurrent} accepted in {wall:.1} s; server VmRSS before {:.0} MB, VmHWM before {:.0} MB, VmHWM after {:.0} MB",
        concurrent - failed.len(),
        rss_before as f64 / 1024.0,
        hwm_before as f64 / 1024.0,
        hwm_after as f64 / 1024.0
    );
    for f in failed.iter().take(3) {
        println!("  refused: {f}");
    }
    Ok(())
}
