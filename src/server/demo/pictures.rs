//! Procedurally drawn "site photos" for the demo data.
//!
//! Each picture is a small room seen in perspective from about eye height
//! (a tiny ray caster: floor, ceiling, side walls, back wall and a few boxes
//! standing in the room), dressed for one stage of a renovation and finished
//! with lighting from a window, vignetting and sensor grain so that it reads
//! as a phone photo at thumbnail size. Nothing is downloaded or shipped.
//!
//! Everything is deterministic: the room itself (size, window, camera
//! position) depends only on the seed, so photos of one project with one seed
//! show the same room progressing through the stages; the scene adds its own
//! details and a slightly different camera angle.

use std::ops::{Add, Mul, Sub};

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// JPEG quality of the generated photos.
const JPEG_QUALITY: u8 = 80;
/// Largest width or height rendered; larger requests are clamped.
const MAX_SIDE: u32 = 4096;

/// A stage of a renovation, as a photo taken on site would show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scene {
    /// The bare concrete shell before any work has started.
    BareWalls,
    /// Channels cut into the concrete for conduit; hot and cold water pipes laid.
    PipesAndConduit,
    /// Floor and wall tiles being laid.
    Tiling,
    /// Skim-coated walls, cabinet carcasses and stacks of boards.
    Carpentry,
    /// Walls being rolled with paint; the floor protected with cardboard.
    Painting,
    /// Boxes, tile cartons and bags of cement delivered to site.
    MaterialsDelivery,
    /// The finished, furnished room.
    Finished,
}

impl Scene {
    /// Every scene, roughly in the order the work happens.
    pub const ALL: [Scene; 7] = [
        Scene::BareWalls,
        Scene::PipesAndConduit,
        Scene::Tiling,
        Scene::Carpentry,
        Scene::Painting,
        Scene::MaterialsDelivery,
        Scene::Finished,
    ];

    /// The scene a site photo taken on day `day_index` (0-based) of a
    /// roughly 30-day renovation would show; day 26 onwards is `Finished`.
    pub fn for_day(day_index: usize) -> Scene {
        match day_index {
            0..=2 => Scene::BareWalls,
            3..=7 => Scene::PipesAndConduit,
            8 | 9 => Scene::MaterialsDelivery,
            10..=14 => Scene::Tiling,
            15..=19 => Scene::Carpentry,
            20 => Scene::MaterialsDelivery,
            21..=25 => Scene::Painting,
            _ => Scene::Finished,
        }
    }

    fn salt(self) -> u64 {
        let index = Scene::ALL.iter().position(|s| *s == self).unwrap_or(0) as u64;
        (index + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// Draws a believable site photo of `scene` and returns it as JPEG bytes
/// (quality 80; about 35–50 KB at 640×480, 55–65 KB at 800×600). The same
/// `scene`, `seed` and size always give the same bytes. Width and height are
/// clamped to 1..=4096. CPU-bound (~15–25 ms at 640×480 in an optimised
/// build, several times that unoptimised): call it from blocking code.
pub fn site_photo(scene: Scene, seed: u64, width: u32, height: u32) -> Vec<u8> {
    let width = width.clamp(1, MAX_SIDE);
    let height = height.clamp(1, MAX_SIDE);
    let img = render(scene, seed, width, height);
    let mut out = Vec::with_capacity((width as usize * height as usize) / 6 + 1024);
    let encoded = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
        img.as_raw(),
        width,
        height,
        ExtendedColorType::Rgb8,
    );
    match encoded {
        Ok(()) => out,
        // Unreachable in practice: the size is valid and writing to a Vec cannot fail.
        Err(_) => Vec::new(),
    }
}

fn render(scene: Scene, seed: u64, width: u32, height: u32) -> RgbImage {
    let stage = build(scene, seed, width, height);
    let mut film = Film::new(&stage, width, height);
    let (w, h) = (width as usize, height as usize);

    // Adaptive sampling: shade a lattice of every 4th pixel; a 4×4 cell whose
    // corners agree (same surface, no sharp detail or box nearby, similar
    // colour) is interpolated, otherwise it is split into 2×2 cells treated
    // the same way, and pixels of 2×2 cells that still disagree are shaded
    // exactly. Flat walls cost a sixteenth of full shading; edges, grout
    // lines and boxes stay sharp.
    let (bw, bh) = (w.div_ceil(4), h.div_ceil(4));
    let gw = 2 * bw + 1;
    let mut grid: Vec<Option<Sample>> = vec![None; gw * (2 * bh + 1)];
    let mut near = RowBlocks::default();
    for j in 0..=bh {
        let py = (4 * j) as f32 + 0.5;
        stage.blocks_in_band(py, py, &mut near);
        for i in 0..=bw {
            grid[2 * j * gw + 2 * i] = Some(stage.pixel((4 * i) as f32 + 0.5, py, &near));
        }
    }
    let sample = |grid: &mut Vec<Option<Sample>>, near: &RowBlocks, gi: usize, gj: usize| {
        let slot = &mut grid[gj * gw + gi];
        match slot {
            Some(s) => *s,
            None => {
                let s = stage.pixel((2 * gi) as f32 + 0.5, (2 * gj) as f32 + 0.5, near);
                *slot = Some(s);
                s
            }
        }
    };
    for bj in 0..bh {
        let y0 = 4 * bj;
        stage.blocks_in_band(y0 as f32, (y0 + 4) as f32 + 0.5, &mut near);
        for bi in 0..bw {
            let x0 = 4 * bi;
            let (gi, gj) = (2 * bi, 2 * bj);
            let corners = [
                sample(&mut grid, &near, gi, gj),
                sample(&mut grid, &near, gi + 2, gj),
                sample(&mut grid, &near, gi, gj + 2),
                sample(&mut grid, &near, gi + 2, gj + 2),
            ];
            let box_near = near.touches(x0 as f32, (x0 + 4) as f32 + 0.5);
            if !box_near && smooth(&corners) {
                film.fill(x0, y0, 4, &corners);
                continue;
            }
            for (si, sj) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                let (ci, cj) = (gi + si, gj + sj);
                let corners = [
                    sample(&mut grid, &near, ci, cj),
                    sample(&mut grid, &near, ci + 1, cj),
                    sample(&mut grid, &near, ci, cj + 1),
                    sample(&mut grid, &near, ci + 1, cj + 1),
                ];
                let (x, y) = (2 * ci, 2 * cj);
                if smooth(&corners) {
                    film.fill(x, y, 2, &corners);
                } else {
                    film.emit(x, y, corners[0].c);
                    for (dx, dy) in [(1, 0), (0, 1), (1, 1)] {
                        let (px, py) = (x + dx, y + dy);
                        if px < w && py < h {
                            let c = stage.pixel(px as f32 + 0.5, py as f32 + 0.5, &near).c;
                            film.emit(px, py, c);
                        }
                    }
                }
            }
        }
    }
    film.into_image()
}

/// One shaded point: linear colour, what was hit (surface or box) and
/// whether a sharp detail is close.
#[derive(Clone, Copy)]
struct Sample {
    c: V3,
    id: u32,
    detail: bool,
}

/// Whether a cell can be interpolated from its four corner samples.
fn smooth(q: &[Sample; 4]) -> bool {
    let id = q[0].id;
    if q.iter().any(|s| s.detail || s.id != id) {
        return false;
    }
    let (mut lo, mut hi) = (q[0].c, q[0].c);
    for s in &q[1..] {
        lo = v3(lo.x.min(s.c.x), lo.y.min(s.c.y), lo.z.min(s.c.z));
        hi = v3(hi.x.max(s.c.x), hi.y.max(s.c.y), hi.z.max(s.c.z));
    }
    let spread = hi - lo;
    spread.x + spread.y + spread.z < 0.2
}

/// The output image plus what turns linear colour into pixels: tone curve,
/// white balance and sensor grain. (Vignetting is part of the samples.)
struct Film {
    buf: Vec<u8>,
    width: usize,
    height: usize,
    /// Output level × 256 per channel, indexed by brightness × TONE_SCALE.
    tone: [Vec<i32>; 3],
    /// Grain and colour-noise strength (× 256) per unit of the grain table.
    grain: i32,
    chroma: i32,
    offset: (usize, usize),
}

const TONE_STEPS: usize = 2048;
const TONE_SCALE: f32 = 800.0;

/// Side of the tile of precomputed sensor grain.
const GRAIN_SIDE: usize = 128;

/// Sensor grain, -127..=127, built at compile time from the integer hash.
static GRAIN: [i8; GRAIN_SIDE * GRAIN_SIDE] = {
    let mut table = [0i8; GRAIN_SIDE * GRAIN_SIDE];
    let mut i = 0;
    while i < table.len() {
        // Sum of two uniform values: a softer, more film-like distribution.
        let h = hash(i as u32 ^ 0x6A09_E667);
        let v = (h & 0xFF) as i32 + ((h >> 8) & 0xFF) as i32 - 255;
        table[i] = v as i8;
        i += 1;
    }
    table
};

impl Film {
    fn new(stage: &Stage, width: u32, height: u32) -> Film {
        let t = stage.tint;
        let tone = [t.x, t.y, t.z].map(|k| {
            (0..TONE_STEPS)
                .map(|i| (shoulder(i as f32 / TONE_SCALE) * k * 255.0 * 256.0 + 128.0) as i32)
                .collect()
        });
        let (width, height) = (width as usize, height as usize);
        let h = hash(stage.seed);
        Film {
            buf: vec![0; width * height * 3],
            width,
            height,
            tone,
            grain: (stage.grain * 255.0 * 256.0 / 180.0) as i32,
            chroma: (stage.grain * 255.0 * 256.0 * 0.3 / 180.0) as i32,
            offset: ((h & 0xFFFF) as usize, (h >> 16) as usize),
        }
    }

    fn emit(&mut self, x: usize, y: usize, c: V3) {
        if x >= self.width || y >= self.height {
            return;
        }
        let g = (y + self.offset.1) % GRAIN_SIDE * GRAIN_SIDE + (x + self.offset.0) % GRAIN_SIDE;
        let grain = i32::from(GRAIN[g]) * self.grain;
        let chroma = i32::from(GRAIN[g ^ 0x1F3D]) * self.chroma;
        let max = (TONE_STEPS - 1) as f32;
        let level = |table: &[i32], c: f32| table[(c * TONE_SCALE).clamp(0.0, max) as usize];
        let i = (y * self.width + x) * 3;
        if let Some(px) = self.buf.get_mut(i..i + 3) {
            px[0] = ((level(&self.tone[0], c.x) + grain + chroma) >> 8).clamp(0, 255) as u8;
            px[1] = ((level(&self.tone[1], c.y) + grain) >> 8).clamp(0, 255) as u8;
            px[2] = ((level(&self.tone[2], c.z) + grain - chroma) >> 8).clamp(0, 255) as u8;
        }
    }

    /// Fills a `size`×`size` cell at (x, y) by bilinear interpolation of its
    /// corner samples.
    fn fill(&mut self, x: usize, y: usize, size: usize, q: &[Sample; 4]) {
        let inv = 1.0 / size as f32;
        for dy in 0..size {
            let fy = dy as f32 * inv;
            let left = q[0].c.lerp(q[2].c, fy);
            let step = (q[1].c.lerp(q[3].c, fy) - left) * inv;
            let mut c = left;
            for dx in 0..size {
                self.emit(x + dx, y + dy, c);
                c = c + step;
            }
        }
    }

    fn into_image(self) -> RgbImage {
        let (w, h) = (self.width as u32, self.height as u32);
        RgbImage::from_raw(w, h, self.buf).unwrap_or_else(|| RgbImage::new(w, h))
    }
}

/// Boxes whose screen (or contact-shadow) box crosses the current band of
/// rows, as `(block index, x0, x1)`.
#[derive(Default)]
struct RowBlocks {
    hit: Vec<(usize, f32, f32)>,
    shadow: Vec<(usize, f32, f32)>,
}

impl RowBlocks {
    /// Whether any box may be visible between columns `x0` and `x1`.
    fn touches(&self, x0: f32, x1: f32) -> bool {
        self.hit.iter().any(|&(_, a, b)| x1 >= a && x0 <= b)
    }
}

/// Soft highlight roll-off, like a camera's tone curve.
fn shoulder(c: f32) -> f32 {
    if c < 0.72 {
        c
    } else {
        let e = c - 0.72;
        0.72 + e / (1.0 + e * 3.6)
    }
}

// ---------------------------------------------------------------------------
// Small vector type (also used for colours).

#[derive(Clone, Copy, Debug, PartialEq)]
struct V3 {
    x: f32,
    y: f32,
    z: f32,
}

const fn v3(x: f32, y: f32, z: f32) -> V3 {
    V3 { x, y, z }
}

const ZERO: V3 = v3(0.0, 0.0, 0.0);

impl V3 {
    fn dot(self, o: V3) -> f32 {
        self.x * o.x + self.y * o.y + self.z * o.z
    }
    fn cross(self, o: V3) -> V3 {
        v3(
            self.y * o.z - self.z * o.y,
            self.z * o.x - self.x * o.z,
            self.x * o.y - self.y * o.x,
        )
    }
    /// Component-wise product.
    fn times(self, o: V3) -> V3 {
        v3(self.x * o.x, self.y * o.y, self.z * o.z)
    }
    fn lerp(self, o: V3, t: f32) -> V3 {
        self + (o - self) * t
    }
    fn axis(self, a: usize) -> f32 {
        match a {
            0 => self.x,
            1 => self.y,
            _ => self.z,
        }
    }
}

impl Add for V3 {
    type Output = V3;
    fn add(self, o: V3) -> V3 {
        v3(self.x + o.x, self.y + o.y, self.z + o.z)
    }
}

impl Sub for V3 {
    type Output = V3;
    fn sub(self, o: V3) -> V3 {
        v3(self.x - o.x, self.y - o.y, self.z - o.z)
    }
}

impl Mul<f32> for V3 {
    type Output = V3;
    fn mul(self, k: f32) -> V3 {
        v3(self.x * k, self.y * k, self.z * k)
    }
}

// ---------------------------------------------------------------------------
// Hash-based noise (deterministic, no state).

const fn hash(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7FEB_352D);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846C_A68B);
    x ^= x >> 16;
    x
}

fn hash3(a: i32, b: i32, seed: u32) -> u32 {
    hash((a as u32).wrapping_mul(0x8DA6_B343) ^ (b as u32).wrapping_mul(0xD816_3841) ^ seed)
}

/// A hash mapped to 0..1.
fn unit(h: u32) -> f32 {
    (h >> 8) as f32 * (1.0 / 16_777_216.0)
}

fn ffloor(x: f32) -> i32 {
    let i = x as i32;
    if (i as f32) > x {
        i - 1
    } else {
        i
    }
}

/// Cheap lattice hash for value noise (quality matters less than speed).
fn lattice(a: i32, b: i32, seed: u32) -> f32 {
    let mut h = (a as u32).wrapping_mul(0x8DA6_B343) ^ (b as u32).wrapping_mul(0xD816_3841) ^ seed;
    h = (h ^ (h >> 15)).wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    unit(h)
}

/// Smooth value noise in 0..1.
fn vnoise(u: f32, v: f32, seed: u32) -> f32 {
    let (iu, iv) = (ffloor(u), ffloor(v));
    let (fu, fv) = (u - iu as f32, v - iv as f32);
    let (su, sv) = (fu * fu * (3.0 - 2.0 * fu), fv * fv * (3.0 - 2.0 * fv));
    let a = lattice(iu, iv, seed);
    let b = lattice(iu + 1, iv, seed);
    let c = lattice(iu, iv + 1, seed);
    let d = lattice(iu + 1, iv + 1, seed);
    let top = a + (b - a) * su;
    let bottom = c + (d - c) * su;
    top + (bottom - top) * sv
}

/// Two octaves of value noise, 0..1.
fn fbm(u: f32, v: f32, seed: u32) -> f32 {
    0.65 * vnoise(u, v, seed) + 0.35 * vnoise(u * 2.9 + 7.3, v * 2.9 + 1.7, seed ^ 0x5bd1)
}

/// Fraction of a pixel of width `fp` covered by a band of half-width `half`
/// at distance `dist` (a 1-D box filter; anti-aliases thin lines).
fn cover(dist: f32, half: f32, fp: f32) -> f32 {
    let lo = (dist - fp * 0.5).max(-half);
    let hi = (dist + fp * 0.5).min(half);
    ((hi - lo) / fp).clamp(0.0, 1.0)
}

/// Distance to a segment and the signed offset across it.
fn segment(u: f32, v: f32, a: (f32, f32), b: (f32, f32)) -> (f32, f32) {
    let (ex, ey) = (b.0 - a.0, b.1 - a.1);
    let (px, py) = (u - a.0, v - a.1);
    let l2 = ex * ex + ey * ey;
    if l2 <= 1e-12 {
        return ((px * px + py * py).sqrt(), px);
    }
    let t = ((px * ex + py * ey) / l2).clamp(0.0, 1.0);
    let (qx, qy) = (px - ex * t, py - ey * t);
    ((qx * qx + qy * qy).sqrt(), (px * ey - py * ex) / l2.sqrt())
}

/// 0..1 bump, 1 in the middle of 0..1 and 0 at the ends.
fn bump(s: f32) -> f32 {
    (4.0 * s * (1.0 - s)).clamp(0.0, 1.0)
}

// ---------------------------------------------------------------------------
// Scene description.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Surf {
    Floor = 0,
    Ceiling = 1,
    Left = 2,
    Right = 3,
    Back = 4,
}

impl Surf {
    fn normal(self) -> V3 {
        match self {
            Surf::Floor => v3(0.0, 1.0, 0.0),
            Surf::Ceiling => v3(0.0, -1.0, 0.0),
            Surf::Left => v3(1.0, 0.0, 0.0),
            Surf::Right => v3(-1.0, 0.0, 0.0),
            Surf::Back => v3(0.0, 0.0, -1.0),
        }
    }
}

const WALLS: [Surf; 3] = [Surf::Left, Surf::Right, Surf::Back];

/// The room: x in -hw..hw, y (up) in 0..h, z (away from camera) in 0..d.
struct Room {
    hw: f32,
    h: f32,
    d: f32,
}

impl Room {
    /// Surface coordinates in metres: floor/ceiling (x + hw, z), side walls
    /// (z, y), back wall (x + hw, y).
    fn uv(&self, s: Surf, p: V3) -> (f32, f32) {
        match s {
            Surf::Floor | Surf::Ceiling => (p.x + self.hw, p.z),
            Surf::Left | Surf::Right => (p.z, p.y),
            Surf::Back => (p.x + self.hw, p.y),
        }
    }

    fn point(&self, s: Surf, u: f32, v: f32) -> V3 {
        match s {
            Surf::Floor => v3(u - self.hw, 0.0, v),
            Surf::Ceiling => v3(u - self.hw, self.h, v),
            Surf::Left => v3(-self.hw, v, u),
            Surf::Right => v3(self.hw, v, u),
            Surf::Back => v3(u - self.hw, v, self.d),
        }
    }

    fn extent(&self, s: Surf) -> (f32, f32) {
        match s {
            Surf::Floor | Surf::Ceiling => (2.0 * self.hw, self.d),
            Surf::Left | Surf::Right => (self.d, self.h),
            Surf::Back => (2.0 * self.hw, self.h),
        }
    }

    /// Distance to the nearest corner line with a neighbouring surface.
    fn edge_dist(&self, s: Surf, u: f32, v: f32) -> f32 {
        let w = 2.0 * self.hw;
        match s {
            Surf::Floor | Surf::Ceiling => u.min(w - u).min(self.d - v),
            Surf::Left | Surf::Right => v.min(self.h - v).min(self.d - u),
            Surf::Back => u.min(w - u).min(v).min(self.h - v),
        }
    }

    fn hit(&self, o: V3, d: V3, inv: V3) -> (Surf, f32) {
        let mut best = (Surf::Back, f32::INFINITY);
        let mut consider = |s: Surf, t: f32| {
            if t > 0.0 && t < best.1 {
                best = (s, t);
            }
        };
        if d.z > 1e-6 {
            consider(Surf::Back, (self.d - o.z) * inv.z);
        }
        if d.y < -1e-6 {
            consider(Surf::Floor, -o.y * inv.y);
        } else if d.y > 1e-6 {
            consider(Surf::Ceiling, (self.h - o.y) * inv.y);
        }
        if d.x < -1e-6 {
            consider(Surf::Left, (-self.hw - o.x) * inv.x);
        } else if d.x > 1e-6 {
            consider(Surf::Right, (self.hw - o.x) * inv.x);
        }
        best
    }
}

struct Camera {
    pos: V3,
    right: V3,
    up: V3,
    fwd: V3,
    focal: f32,
    cx: f32,
    cy: f32,
    roll_cos: f32,
    roll_sin: f32,
}

impl Camera {
    fn new(pos: V3, yaw: f32, pitch: f32, roll: f32, focal: f32, w: u32, h: u32) -> Camera {
        let fwd = v3(
            yaw.sin() * pitch.cos(),
            pitch.sin(),
            yaw.cos() * pitch.cos(),
        );
        let right = v3(yaw.cos(), 0.0, -yaw.sin());
        let up = fwd.cross(right);
        Camera {
            pos,
            right,
            up,
            fwd,
            focal,
            cx: w as f32 * 0.5,
            cy: h as f32 * 0.5,
            roll_cos: roll.cos(),
            roll_sin: roll.sin(),
        }
    }

    /// Ray direction through a pixel; scaled so that its forward component
    /// is `focal`, i.e. `t` along it is roughly metres of depth per pixel.
    fn ray(&self, px: f32, py: f32) -> V3 {
        let (sx, sy) = (px - self.cx, self.cy - py);
        let rx = sx * self.roll_cos - sy * self.roll_sin;
        let ry = sx * self.roll_sin + sy * self.roll_cos;
        self.right * rx + self.up * ry + self.fwd * self.focal
    }

    fn project(&self, p: V3) -> Option<(f32, f32)> {
        let rel = p - self.pos;
        let z = rel.dot(self.fwd);
        if z < 0.05 {
            return None;
        }
        let rx = rel.dot(self.right) * self.focal / z;
        let ry = rel.dot(self.up) * self.focal / z;
        let sx = rx * self.roll_cos + ry * self.roll_sin;
        let sy = -rx * self.roll_sin + ry * self.roll_cos;
        Some((self.cx + sx, self.cy - sy))
    }

    /// Screen bounding box of an axis-aligned box (whole screen if it
    /// reaches behind the camera).
    fn screen_box(&self, lo: V3, hi: V3) -> Bbox {
        let mut b = Bbox::EMPTY;
        for i in 0..8 {
            let corner = v3(
                if i & 1 == 0 { lo.x } else { hi.x },
                if i & 2 == 0 { lo.y } else { hi.y },
                if i & 4 == 0 { lo.z } else { hi.z },
            );
            match self.project(corner) {
                Some((x, y)) => b = b.include(x, y),
                None => return Bbox::ALL,
            }
        }
        b.grow(2.0)
    }
}

#[derive(Clone, Copy, Debug)]
struct Bbox {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Bbox {
    const EMPTY: Bbox = Bbox {
        x0: f32::INFINITY,
        y0: f32::INFINITY,
        x1: f32::NEG_INFINITY,
        y1: f32::NEG_INFINITY,
    };
    const ALL: Bbox = Bbox {
        x0: f32::NEG_INFINITY,
        y0: f32::NEG_INFINITY,
        x1: f32::INFINITY,
        y1: f32::INFINITY,
    };

    fn include(self, x: f32, y: f32) -> Bbox {
        Bbox {
            x0: self.x0.min(x),
            y0: self.y0.min(y),
            x1: self.x1.max(x),
            y1: self.y1.max(y),
        }
    }

    fn grow(self, k: f32) -> Bbox {
        Bbox {
            x0: self.x0 - k,
            y0: self.y0 - k,
            x1: self.x1 + k,
            y1: self.y1 + k,
        }
    }
}

/// A rectangle in surface coordinates.
#[derive(Clone, Copy, Debug)]
struct Rect {
    u0: f32,
    v0: f32,
    u1: f32,
    v1: f32,
}

const fn rect(u0: f32, v0: f32, u1: f32, v1: f32) -> Rect {
    Rect { u0, v0, u1, v1 }
}

impl Rect {
    fn contains(&self, u: f32, v: f32) -> bool {
        u >= self.u0 && u <= self.u1 && v >= self.v0 && v <= self.v1
    }
    fn border_dist(&self, u: f32, v: f32) -> f32 {
        (u - self.u0)
            .min(self.u1 - u)
            .min(v - self.v0)
            .min(self.v1 - v)
    }
}

/// Surface materials, drawn in surface coordinates (metres).
#[derive(Clone, Copy, Debug)]
enum Mat {
    Concrete {
        base: V3,
        rough: f32,
    },
    Paint {
        base: V3,
        rough: f32,
    },
    Roller {
        base: V3,
    },
    Tiles {
        base: V3,
        grout: V3,
        size: (f32, f32),
        veins: bool,
    },
    Planks {
        base: V3,
    },
    Gypsum {
        base: V3,
    },
    Cardboard {
        base: V3,
    },
    Window,
    Curtain {
        base: V3,
    },
    Skirting {
        base: V3,
    },
    Rug {
        base: V3,
        border: V3,
    },
}

struct Layer {
    rect: Rect,
    mat: Mat,
}

/// Thin things drawn over a surface along a segment.
#[derive(Clone, Copy, Debug)]
enum Ink {
    /// A channel cut into concrete.
    Groove,
    /// A round pipe or conduit lying on the surface.
    Pipe(V3),
    /// Flat tape or paint.
    Tape(V3),
    /// A square electrical back box (segment is a point).
    Socket,
    /// A round emissive ceiling light (segment is a point).
    Lamp,
}

struct Decal {
    a: (f32, f32),
    b: (f32, f32),
    half: f32,
    ink: Ink,
    bounds: Rect,
}

/// Box materials.
#[derive(Clone, Copy, Debug)]
enum BMat {
    Cardboard(V3),
    Bag { base: V3, band: Option<V3> },
    Wood(V3),
    Carcass(V3),
    Furniture(V3),
    Bucket { base: V3, band: V3 },
    Tube(V3),
    Fabric(V3),
    Plain(V3),
    Rubble,
}

struct Block {
    lo: V3,
    hi: V3,
    mat: BMat,
    screen: Bbox,
    shadow: Bbox,
    /// How far the contact shadow reaches; small things cast small shadows.
    reach: f32,
}

struct Light {
    pos: V3,
    color: V3,
    power: f32,
}

const SHADOW_REACH: f32 = 0.35;

struct Stage {
    room: Room,
    cam: Camera,
    layers: [Vec<Layer>; 5],
    decals: [Vec<Decal>; 5],
    blocks: Vec<Block>,
    lights: Vec<Light>,
    ambient: f32,
    exposure: f32,
    tint: V3,
    grain: f32,
    seed: u32,
    /// 1 / (half diagonal of the image)², for vignetting.
    inv_r2: f32,
    window_wall: Surf,
    window: Rect,
}

impl Stage {
    fn layer(&mut self, s: Surf, rect: Rect, mat: Mat) {
        self.layers[s as usize].push(Layer { rect, mat });
    }

    fn full(&mut self, s: Surf, mat: Mat) {
        let (w, h) = self.room.extent(s);
        self.layer(s, rect(-1.0, -1.0, w + 1.0, h + 1.0), mat);
    }

    fn decal(&mut self, s: Surf, a: (f32, f32), b: (f32, f32), half: f32, ink: Ink) {
        let m = half + 0.02;
        let bounds = rect(
            a.0.min(b.0) - m,
            a.1.min(b.1) - m,
            a.0.max(b.0) + m,
            a.1.max(b.1) + m,
        );
        self.decals[s as usize].push(Decal {
            a,
            b,
            half,
            ink,
            bounds,
        });
    }

    fn block(&mut self, lo: V3, hi: V3, mat: BMat) {
        let reach = ((hi.y - lo.y) * 0.8).clamp(0.03, SHADOW_REACH);
        let r = v3(reach, 0.0, reach);
        let screen = self.cam.screen_box(lo, hi);
        let shadow = self.cam.screen_box(lo - r, hi + r);
        self.blocks.push(Block {
            lo,
            hi,
            mat,
            screen,
            shadow,
            reach,
        });
    }

    /// A box of size `size` standing on the floor (or on `y0`) centred at
    /// `(x, z)`.
    fn block_at(&mut self, x: f32, y0: f32, z: f32, size: V3, mat: BMat) {
        let lo = v3(x - size.x * 0.5, y0, z - size.z * 0.5);
        self.block(lo, lo + size, mat);
    }

    /// Collects the boxes whose screen (or contact-shadow) box overlaps the
    /// rows `y0..=y1`.
    fn blocks_in_band(&self, y0: f32, y1: f32, near: &mut RowBlocks) {
        near.hit.clear();
        near.shadow.clear();
        for (i, b) in self.blocks.iter().enumerate() {
            if y1 >= b.screen.y0 && y0 <= b.screen.y1 {
                near.hit.push((i, b.screen.x0, b.screen.x1));
            }
            if y1 >= b.shadow.y0 && y0 <= b.shadow.y1 {
                near.shadow.push((i, b.shadow.x0, b.shadow.x1));
            }
        }
    }

    /// Colour (linear, before tone curve) of a pixel, an id of what it shows
    /// and whether a sharp detail is nearby.
    fn pixel(&self, px: f32, py: f32, near: &RowBlocks) -> Sample {
        let o = self.cam.pos;
        let d = self.cam.ray(px, py);
        let inv = v3(1.0 / d.x, 1.0 / d.y, 1.0 / d.z);
        let (surf, mut t) = self.room.hit(o, d, inv);
        let mut hit = None;
        for &(i, x0, x1) in &near.hit {
            if px < x0 || px > x1 {
                continue;
            }
            let b = &self.blocks[i];
            if let Some((tb, axis, neg)) = slab(o, inv, b.lo, b.hi) {
                if tb < t {
                    t = tb;
                    hit = Some((i, axis, neg));
                }
            }
        }
        let p = o + d * t;
        let inv_len = 1.0 / d.dot(d).sqrt();
        let (n, albedo, emission, mut occlusion, skip, detail) = match hit {
            Some((i, axis, neg)) => {
                let b = &self.blocks[i];
                let mut n = ZERO;
                match axis {
                    0 => n.x = if neg { -1.0 } else { 1.0 },
                    1 => n.y = if neg { -1.0 } else { 1.0 },
                    _ => n.z = if neg { -1.0 } else { 1.0 },
                }
                let fp = footprint(t, n.dot(d).abs() * inv_len);
                let (albedo, detail) = block_albedo(b, axis, neg, p, fp, self.seed);
                let ground = 1.0 - 0.25 * (1.0 - p.y * (1.0 / 0.12)).max(0.0);
                (n, albedo, ZERO, ground, Some(i), detail)
            }
            None => {
                let n = surf.normal();
                let (u, v) = self.room.uv(surf, p);
                let fp = footprint(t, n.dot(d).abs() * inv_len);
                let (albedo, emission, detail) = self.surface(surf, u, v, fp);
                let e = self.room.edge_dist(surf, u, v);
                let k = 0.22 / (0.22 + e);
                let detail = detail < 2.2 * fp;
                (n, albedo, emission, 1.0 - 0.28 * k * k, None, detail)
            }
        };
        for &(i, x0, x1) in &near.shadow {
            if px < x0 || px > x1 || Some(i) == skip {
                continue;
            }
            let b = &self.blocks[i];
            // Contact shadows fall beside and below a box, never on top of it.
            if p.y > b.hi.y - 1e-3 || p.y < b.lo.y - 1e-3 {
                continue;
            }
            let q = v3(
                (b.lo.x - p.x).max(p.x - b.hi.x).max(0.0),
                0.0,
                (b.lo.z - p.z).max(p.z - b.hi.z).max(0.0),
            );
            let dist = q.dot(q).sqrt();
            if dist < b.reach {
                let s = 1.0 - dist / b.reach;
                occlusion *= 1.0 - 0.45 * s * s;
            }
        }
        let (dx, dy) = (px - self.cam.cx, py - self.cam.cy);
        let vignette = 1.0 - 0.32 * (dx * dx + dy * dy) * self.inv_r2;
        Sample {
            c: (albedo.times(self.light(p, n)) * (occlusion * self.exposure) + emission) * vignette,
            id: skip.map_or(surf as u32, |i| i as u32 + 8),
            detail,
        }
    }

    fn light(&self, p: V3, n: V3) -> V3 {
        let a = self.ambient * (1.0 + 0.12 * n.y);
        let mut l = v3(a, a, a * 1.02);
        for light in &self.lights {
            let to = light.pos - p;
            let d2 = to.dot(to).max(1e-3);
            let facing = n.dot(to);
            if facing > 0.0 {
                let k = light.power * facing / (d2.sqrt() * (1.0 + 0.13 * d2));
                l = l + light.color * k;
            }
        }
        l
    }

    /// Albedo and emitted light of a point on a room surface.
    /// Albedo, emitted light and distance to the nearest sharp detail of a
    /// point on a room surface.
    fn surface(&self, s: Surf, u: f32, v: f32, fp: f32) -> (V3, V3, f32) {
        let seed = self.seed ^ (s as u32).wrapping_mul(0x2F1B_3C4D);
        // The topmost layer containing the point; borders of layers on top of
        // it count as detail.
        let mut detail = f32::INFINITY;
        let mut layer = None;
        for l in self.layers[s as usize].iter().rev() {
            let border = l.rect.border_dist(u, v);
            detail = detail.min(border.abs());
            if border >= 0.0 {
                layer = Some(l);
                break;
            }
        }
        let (mut albedo, mut emission, inner) = match layer {
            Some(l) => material(&l.mat, &l.rect, u, v, fp, seed),
            None => (v3(0.6, 0.6, 0.6), ZERO, f32::INFINITY),
        };
        detail = detail.min(inner);
        for decal in &self.decals[s as usize] {
            if !decal.bounds.contains(u, v) {
                continue;
            }
            let (dist, across) = segment(u, v, decal.a, decal.b);
            detail = detail.min((dist - decal.half * 1.6 - 0.012).max(0.0));
            match decal.ink {
                Ink::Groove => {
                    let lip = cover(dist, decal.half + 0.012, fp);
                    let inside = cover(dist, decal.half, fp);
                    let rough = 0.8 + 0.4 * vnoise(u * 30.0, v * 30.0, seed ^ 0x77);
                    albedo = albedo.lerp(albedo * 1.1, lip - inside);
                    let floor =
                        albedo * (0.58 * rough) + v3(0.05, 0.05, 0.05) * (across / decal.half);
                    albedo = albedo.lerp(floor, inside);
                }
                Ink::Pipe(color) => {
                    let shadow = cover(dist, decal.half * 1.6, fp);
                    let body = cover(dist, decal.half, fp);
                    let s = (across / decal.half).clamp(-1.0, 1.0);
                    let round = (1.0 - s * s).max(0.0).sqrt();
                    let glint = (1.0 - ((s + 0.4) * 4.0).abs()).max(0.0);
                    let shaded = color * (0.55 + 0.45 * round) + v3(0.25, 0.25, 0.25) * glint;
                    albedo = albedo * (1.0 - 0.35 * (shadow - body));
                    albedo = albedo.lerp(shaded, body);
                }
                Ink::Tape(color) => albedo = albedo.lerp(color, cover(dist, decal.half, fp)),
                Ink::Socket => {
                    let du = (u - decal.a.0).abs();
                    let dv = (v - decal.a.1).abs();
                    let sq = du.max(dv);
                    let body = cover(sq, decal.half, fp);
                    let hole = cover(sq, decal.half * 0.6, fp);
                    let frame = v3(0.28, 0.33, 0.42);
                    albedo = albedo.lerp(frame, body).lerp(v3(0.12, 0.12, 0.13), hole);
                }
                Ink::Lamp => {
                    let rim = cover(dist, decal.half * 1.25, fp);
                    let glow = cover(dist, decal.half, fp);
                    albedo = albedo.lerp(v3(0.92, 0.92, 0.92), rim) * (1.0 - glow);
                    emission = emission + v3(1.25, 1.2, 1.08) * glow;
                }
            }
        }
        (albedo, emission, detail)
    }
}

/// Surface footprint of one pixel (metres) from ray parameter and incidence.
fn footprint(t: f32, cos_incidence: f32) -> f32 {
    (t / cos_incidence.max(0.15)).clamp(1e-4, 0.3)
}

/// Ray / axis-aligned box intersection: entry distance, axis and whether the
/// entry face is the low one.
fn slab(o: V3, inv: V3, lo: V3, hi: V3) -> Option<(f32, usize, bool)> {
    let mut tmin = 0.0f32;
    let mut tmax = f32::INFINITY;
    let mut axis = 0;
    let mut neg = false;
    for a in 0..3 {
        let (oa, ia) = (o.axis(a), inv.axis(a));
        let t1 = (lo.axis(a) - oa) * ia;
        let t2 = (hi.axis(a) - oa) * ia;
        let (near, far, low) = if t1 < t2 {
            (t1, t2, true)
        } else {
            (t2, t1, false)
        };
        if near > tmin {
            tmin = near;
            axis = a;
            neg = low;
        }
        tmax = tmax.min(far);
    }
    (tmax >= tmin && tmin > 0.0).then_some((tmin, axis, neg))
}

/// Albedo, emitted light and distance (metres) to the nearest sharp detail
/// (grout line, seam, edge) of a surface material.
fn material(mat: &Mat, r: &Rect, u: f32, v: f32, fp: f32, seed: u32) -> (V3, V3, f32) {
    const NONE: f32 = f32::INFINITY;
    match *mat {
        Mat::Concrete { base, rough } => {
            let blotch = fbm(u * 2.2, v * 2.2, seed);
            let k = 1.0 + rough * (blotch - 0.5) * 1.2;
            (base * k, ZERO, NONE)
        }
        Mat::Paint { base, rough } => {
            let k = 1.0 + rough * (vnoise(u * 1.3, v * 1.3, seed) - 0.5);
            (base * k, ZERO, NONE)
        }
        Mat::Roller { base } => {
            let streak = vnoise(u * 45.0, v * 1.2, seed ^ 0x99);
            let border = r.border_dist(u, v);
            let k = 0.94 + 0.06 * streak - 0.03 * (1.0 - cover(border, 0.006, fp));
            (base * k, ZERO, border)
        }
        Mat::Tiles {
            base,
            grout,
            size,
            veins,
        } => {
            let (tu, tv) = (u / size.0, v / size.1);
            let (iu, iv) = (ffloor(tu), ffloor(tv));
            let (fu, fv) = (tu - iu as f32, tv - iv as f32);
            let gap = (fu.min(1.0 - fu) * size.0).min(fv.min(1.0 - fv) * size.1);
            let mut k = 1.0 + (unit(hash3(iu, iv, seed)) - 0.5) * 0.06;
            if veins {
                let m = (fbm(u * 2.2, v * 2.2, seed ^ 0x4444) - 0.5).abs();
                k *= 0.93 + 0.07 * (m * 25.0).min(1.0);
            }
            let tile = base * k;
            (tile.lerp(grout, cover(gap, 0.0025, fp)), ZERO, gap)
        }
        Mat::Planks { base } => {
            let (w, len) = (0.19, 1.2);
            let iu = ffloor(u / w);
            let shift = unit(hash3(iu, 7, seed)) * len;
            let tv = (v + shift) / len;
            let iv = ffloor(tv);
            let fu = u / w - iu as f32;
            let fv = tv - iv as f32;
            let seam = (fu.min(1.0 - fu) * w).min(fv.min(1.0 - fv) * len);
            let h = hash3(iu, iv, seed);
            let tone = 0.86 + 0.22 * unit(h);
            let grain = vnoise(u * 70.0 + unit(h) * 50.0, v * 3.0, seed ^ 0x3131);
            let plank = base * (tone * (0.9 + 0.16 * grain));
            (plank.lerp(base * 0.45, cover(seam, 0.0012, fp)), ZERO, seam)
        }
        Mat::Gypsum { base } => {
            let ju = (ffloor(u / 1.2 + 0.5) as f32 * 1.2 - u).abs();
            let jv = (ffloor(v / 2.4 + 0.5) as f32 * 2.4 - v).abs();
            let gap = ju.min(jv);
            let joint = cover(gap, 0.03, fp);
            let k = 1.0 + 0.04 * (vnoise(u, v, seed) - 0.5);
            let c = (base * k).lerp(base * 0.95 + v3(0.0, 0.0, 0.01), joint);
            (c, ZERO, (gap - 0.03).abs())
        }
        Mat::Cardboard { base } => {
            let k = 1.0 + 0.18 * (fbm(u * 2.0, v * 2.0, seed ^ 0x2222) - 0.5);
            let border = r.border_dist(u, v);
            let tape = cover(border, 0.025, fp);
            let board = base * k;
            (
                board.lerp(v3(0.78, 0.72, 0.58), tape),
                ZERO,
                (border - 0.025).abs().min(border),
            )
        }
        Mat::Window => {
            let frame_w = 0.055;
            let mid = (r.u0 + r.u1) * 0.5;
            let frame = r.border_dist(u, v).min((u - mid).abs() - 0.02);
            if frame < frame_w {
                let k = 0.95 + 0.05 * (v - r.v0) / (r.v1 - r.v0);
                return (v3(0.78, 0.79, 0.8) * k, ZERO, frame_w - frame);
            }
            // The view: sky above a row of distant tower blocks.
            let (wu, wv) = (r.u1 - r.u0, r.v1 - r.v0);
            let (s, t) = ((u - r.u0) / wu, (v - r.v0) / wv);
            let cols = s * 9.0;
            let column = ffloor(cols);
            let f = cols - column as f32;
            let height = 0.12 + 0.4 * unit(hash3(column, 3, seed));
            let glass = if t < height {
                let shade = 0.8 + 0.15 * unit(hash3(column, 5, seed));
                v3(0.72, 0.74, 0.78) * shade
            } else {
                v3(1.02, 1.04, 1.08).lerp(v3(0.82, 0.9, 1.02), t)
            };
            let detail = (frame - frame_w)
                .min(f.min(1.0 - f) * wu / 9.0)
                .min((t - height).abs() * wv);
            (ZERO, glass * 1.1, detail)
        }
        Mat::Curtain { base } => {
            let fold = (u * std::f32::consts::TAU / 0.11).sin();
            let k = 0.82 + 0.14 * fold + 0.04 * vnoise(u * 20.0, v * 2.0, seed);
            (base * k, ZERO, r.border_dist(u, v))
        }
        Mat::Skirting { base } => {
            let top = cover(r.v1 - v, 0.004, fp);
            (base.lerp(base * 0.7, top), ZERO, r.v1 - v)
        }
        Mat::Rug { base, border } => {
            let edge = r.border_dist(u, v);
            let weave = 0.94 + 0.12 * vnoise(u * 50.0, v * 50.0, seed ^ 0x8888);
            let c = if (0.08..0.16).contains(&edge) {
                border
            } else {
                base
            };
            let detail = edge.min((edge - 0.08).abs()).min((edge - 0.16).abs());
            (c * weave, ZERO, detail)
        }
    }
}

/// Albedo of a point on a box and whether a sharp detail (edge, tape,
/// label, door seam) is near.
fn block_albedo(b: &Block, axis: usize, neg: bool, p: V3, fp: f32, seed: u32) -> (V3, bool) {
    let size = b.hi - b.lo;
    let rel = p - b.lo;
    // Face coordinates: u horizontal, v vertical (or z for top faces).
    let (u, v, su, sv) = match axis {
        0 => (rel.z, rel.y, size.z, size.y),
        1 => (rel.x, rel.z, size.x, size.z),
        _ => (rel.x, rel.y, size.x, size.y),
    };
    let (s, t) = (u / su.max(1e-4), v / sv.max(1e-4));
    let edge = u.min(su - u).min(v).min(sv - v);
    let bevel = 1.0 - 0.18 * cover(edge, 0.004, fp);
    let bseed = seed ^ hash((b.lo.x * 1000.0) as i32 as u32 ^ (b.lo.z * 977.0) as i32 as u32);
    let top = axis == 1 && !neg;
    let front = axis == 2 && neg;
    let c = match b.mat {
        BMat::Cardboard(base) => {
            let k = 1.0 + 0.12 * (vnoise(u * 6.0, v * 6.0, bseed) - 0.5);
            let cx = b.lo.x + size.x * 0.5;
            let on_tape = (top || axis == 2) && (p.x - cx).abs() < 0.025 && (top || t > 0.82);
            if on_tape {
                base * 1.12 + v3(0.05, 0.05, 0.04)
            } else if front && (0.12..0.42).contains(&s) && (0.45..0.72).contains(&t) {
                base * 0.5
            } else {
                base * k
            }
        }
        BMat::Bag { base, band } => {
            let pillow = 0.68 + 0.32 * (bump(s) * bump(t)).sqrt();
            let weave = 0.95 + 0.1 * vnoise(u * 90.0, v * 90.0, bseed);
            match band {
                Some(c) if top && (0.35..0.62).contains(&t) => c * pillow,
                _ => base * (pillow * weave),
            }
        }
        BMat::Wood(base) => {
            let long_x = size.x >= size.z;
            let (along, across) = if long_x {
                (p.x, p.z + p.y)
            } else {
                (p.z, p.x + p.y)
            };
            let warp = vnoise(along * 1.5, across * 4.0, bseed) * 2.0;
            let grain = vnoise(across * 60.0 + warp, along * 1.2, bseed ^ 0x55);
            let mut k = 0.86 + 0.24 * grain;
            if !top && axis != 1 && size.y < 0.04 {
                k *= 0.82 + 0.18 * ((t * 5.0).fract() - 0.5).abs() * 2.0;
            }
            base * k
        }
        BMat::Carcass(base) => {
            if front && edge > 0.018 {
                if (v - sv * 0.5).abs() < 0.009 {
                    base * 0.9
                } else {
                    base * (0.3 + 0.1 * t)
                }
            } else {
                base * (0.98 + 0.04 * vnoise(u * 3.0, v * 3.0, bseed))
            }
        }
        BMat::Furniture(base) => {
            if front {
                let doors = (su / 0.5).round().max(1.0);
                let du = ((s * doors).fract() - 0.5).abs() * 2.0;
                let seam = cover((1.0 - du) * su / doors * 0.5, 0.0015, fp);
                let handle = cover((t - 0.82).abs(), 0.006, fp) * if du < 0.5 { 1.0 } else { 0.0 };
                base.lerp(base * 0.55, seam)
                    .lerp(v3(0.35, 0.35, 0.36), handle)
            } else {
                base
            }
        }
        BMat::Bucket { base, band } => {
            if top {
                let rim = cover(edge, 0.02, fp);
                (base * 0.92).lerp(base, rim)
            } else {
                let round = 0.62 + 0.38 * bump(s).sqrt();
                let c = if (0.35..0.7).contains(&t) { band } else { base };
                c * round
            }
        }
        BMat::Tube(base) => {
            let s = if top {
                if size.x >= size.z {
                    t
                } else {
                    s
                }
            } else {
                t
            };
            base * (0.6 + 0.4 * bump(s).sqrt())
        }
        BMat::Fabric(base) => {
            let pillow = 0.8 + 0.2 * (bump(s) * bump(t)).sqrt();
            base * (pillow * (0.95 + 0.08 * vnoise(u * 40.0, v * 40.0, bseed)))
        }
        BMat::Plain(base) => base,
        BMat::Rubble => {
            let k = 0.75 + 0.4 * fbm(u * 12.0, v * 12.0, bseed);
            v3(0.55, 0.54, 0.51) * k
        }
    };
    let busy = match b.mat {
        BMat::Cardboard(_) | BMat::Carcass(_) | BMat::Furniture(_) | BMat::Bucket { .. } => true,
        BMat::Bag { band, .. } => band.is_some(),
        _ => false,
    };
    (c * bevel, busy || edge < 2.2 * fp)
}

// ---------------------------------------------------------------------------
// Scene building.

const CONCRETE_WALL: V3 = v3(0.6, 0.59, 0.56);
const CONCRETE_FLOOR: V3 = v3(0.5, 0.48, 0.45);
const CONCRETE_CEILING: V3 = v3(0.64, 0.63, 0.61);
const PUTTY: V3 = v3(0.84, 0.83, 0.8);
const CARDBOARD: V3 = v3(0.66, 0.52, 0.36);
const PAINT_COLOURS: [V3; 5] = [
    v3(0.88, 0.85, 0.78),
    v3(0.78, 0.82, 0.76),
    v3(0.76, 0.81, 0.86),
    v3(0.87, 0.8, 0.7),
    v3(0.82, 0.82, 0.8),
];

fn jitter(rng: &mut StdRng, c: V3, amount: f32) -> V3 {
    let k = 1.0 + rng.gen_range(-amount..amount);
    c * k
}

fn build(scene: Scene, seed: u64, width: u32, height: u32) -> Stage {
    // The room and photographer's position depend on the seed only.
    let mut base = StdRng::seed_from_u64(seed);
    let room = Room {
        hw: base.gen_range(1.5..2.1),
        h: base.gen_range(2.7..2.9),
        d: base.gen_range(4.3..5.6),
    };
    let window_wall = if base.gen_bool(0.5) {
        Surf::Left
    } else {
        Surf::Right
    };
    let wz0 = base.gen_range(room.d * 0.38..room.d * 0.55);
    let wz1 = (wz0 + base.gen_range(1.2..1.8)).min(room.d - 0.3);
    let window = rect(wz0, 0.85, wz1, 2.35);
    let cam_x = base.gen_range(-0.25..0.25) * room.hw;
    let cam_yaw = base.gen_range(-0.1..0.1);
    let focal_k = base.gen_range(0.56..0.66);
    let tint = v3(
        1.0 + base.gen_range(-0.03..0.03),
        1.0,
        1.0 + base.gen_range(-0.04..0.03),
    );

    let mut rng = StdRng::seed_from_u64(seed ^ scene.salt());
    let cam = Camera::new(
        v3(
            cam_x + rng.gen_range(-0.15..0.15),
            rng.gen_range(1.35..1.6),
            0.25,
        ),
        cam_yaw + rng.gen_range(-0.05..0.05),
        rng.gen_range(-0.24..-0.12),
        rng.gen_range(-0.02..0.02),
        focal_k * width.max(height) as f32,
        width,
        height,
    );
    let window_centre = room.point(window_wall, (wz0 + wz1) * 0.5, 1.6);
    let inward = window_wall.normal() * 0.7;
    let mut stage = Stage {
        room,
        cam,
        layers: Default::default(),
        decals: Default::default(),
        blocks: Vec::new(),
        lights: vec![Light {
            pos: window_centre + inward,
            color: v3(1.0, 1.0, 1.04),
            power: 1.3,
        }],
        ambient: 0.5,
        exposure: 1.0,
        tint,
        grain: 0.035,
        seed: (seed as u32) ^ ((seed >> 32) as u32) ^ (scene.salt() as u32),
        inv_r2: 4.0 / (width as f32 * width as f32 + height as f32 * height as f32),
        window_wall,
        window,
    };

    match scene {
        Scene::BareWalls => bare_walls(&mut stage, &mut rng),
        Scene::PipesAndConduit => pipes_and_conduit(&mut stage, &mut rng),
        Scene::Tiling => tiling(&mut stage, &mut rng),
        Scene::Carpentry => carpentry(&mut stage, &mut rng),
        Scene::Painting => painting(&mut stage, &mut rng),
        Scene::MaterialsDelivery => materials_delivery(&mut stage, &mut rng),
        Scene::Finished => finished(&mut stage, &mut rng),
    }
    let (ww, wr) = (stage.window_wall, stage.window);
    stage.layer(ww, wr, Mat::Window);
    stage
}

fn concrete_shell(st: &mut Stage, rng: &mut StdRng) {
    let wall = Mat::Concrete {
        base: jitter(rng, CONCRETE_WALL, 0.05),
        rough: rng.gen_range(0.14..0.24),
    };
    for s in WALLS {
        st.full(s, wall);
    }
    st.full(
        Surf::Floor,
        Mat::Concrete {
            base: jitter(rng, CONCRETE_FLOOR, 0.05),
            rough: 0.28,
        },
    );
    st.full(
        Surf::Ceiling,
        Mat::Concrete {
            base: CONCRETE_CEILING,
            rough: 0.12,
        },
    );
}

/// A random floor position (x, z) in the visible part of the room.
fn floor_spot(st: &Stage, rng: &mut StdRng, margin: f32) -> (f32, f32) {
    let r = &st.room;
    (
        rng.gen_range(-r.hw + margin..r.hw - margin),
        rng.gen_range(2.4..(r.d - margin).max(2.5)),
    )
}

fn bare_walls(st: &mut Stage, rng: &mut StdRng) {
    concrete_shell(st, rng);
    let w = 2.0 * st.room.hw;
    for _ in 0..rng.gen_range(1..3) {
        let u = rng.gen_range(0.4..w - 0.4);
        st.decal(Surf::Back, (u, 0.3), (u, 0.3), 0.04, Ink::Socket);
    }
    let (hw, d) = (st.room.hw, st.room.d);
    for _ in 0..rng.gen_range(3..7) {
        let x = if rng.gen_bool(0.5) {
            rng.gen_range(-hw + 0.1..-hw + 0.6)
        } else {
            rng.gen_range(hw - 0.6..hw - 0.1)
        };
        let z = rng.gen_range(2.5..d - 0.1);
        let s = v3(
            rng.gen_range(0.06..0.25),
            rng.gen_range(0.04..0.14),
            rng.gen_range(0.06..0.25),
        );
        st.block_at(x, 0.0, z, s, BMat::Rubble);
    }
    let side = if rng.gen_bool(0.5) { -1.0 } else { 1.0 };
    st.block_at(
        side * (hw - 0.45),
        0.0,
        d - rng.gen_range(0.4..1.2),
        v3(0.55, 0.32, 0.8),
        BMat::Bag {
            base: v3(0.33, 0.47, 0.36),
            band: None,
        },
    );
}

fn pipes_and_conduit(st: &mut Stage, rng: &mut StdRng) {
    concrete_shell(st, rng);
    let (hw, h, d) = (st.room.hw, st.room.h, st.room.d);
    let w = 2.0 * hw;
    // Sockets on the back wall with channels running up to the ceiling or down to the floor.
    let sockets = rng.gen_range(2..4);
    for i in 0..sockets {
        let u = (i as f32 + 0.5) / sockets as f32 * w + rng.gen_range(-0.2..0.2);
        let sv = if rng.gen_bool(0.7) { 0.3 } else { 1.1 };
        let half = rng.gen_range(0.018..0.026);
        if rng.gen_bool(0.5) {
            st.decal(Surf::Back, (u, sv), (u, h), half, Ink::Groove);
        } else {
            st.decal(Surf::Back, (u, 0.0), (u, sv), half, Ink::Groove);
        }
        st.decal(Surf::Back, (u, sv), (u, sv), 0.045, Ink::Socket);
    }
    // A switch by the (imagined) door on one side wall.
    let side = if rng.gen_bool(0.5) {
        Surf::Left
    } else {
        Surf::Right
    };
    let su = rng.gen_range(2.4..d - 0.6);
    st.decal(side, (su, 1.3), (su, h), 0.022, Ink::Groove);
    st.decal(side, (su, 1.3), (su, 1.3), 0.045, Ink::Socket);
    st.decal(side, (su - 0.6, 0.3), (su + 0.8, 0.3), 0.02, Ink::Groove);

    // Hot and cold water pipes across the floor and up the back wall.
    let pu = rng.gen_range(0.5..w - 0.7);
    let red = v3(0.78, 0.16, 0.12);
    let blue = v3(0.15, 0.32, 0.72);
    for (k, color) in [(0.0, red), (0.15, blue)] {
        let u = pu + k;
        st.decal(Surf::Floor, (u, 1.0), (u, d + 0.1), 0.013, Ink::Pipe(color));
        let top = 0.55 + k * 2.5;
        st.decal(Surf::Back, (u, -0.1), (u, top), 0.013, Ink::Pipe(color));
        st.decal(
            Surf::Back,
            (u, top),
            (u + 0.35, top),
            0.013,
            Ink::Pipe(color),
        );
    }
    // Electrical conduit: straight runs across the floor to the wall sockets.
    let conduit = [v3(0.9, 0.5, 0.16), v3(0.84, 0.84, 0.8)];
    for i in 0..rng.gen_range(2..4) {
        let a = (rng.gen_range(0.2..w - 0.2), rng.gen_range(1.5..2.5));
        let b = (rng.gen_range(0.2..w - 0.2), d + 0.1);
        st.decal(Surf::Floor, a, b, 0.01, Ink::Pipe(conduit[i % 2]));
    }
    let (x, z) = floor_spot(st, rng, 0.5);
    st.block_at(x, 0.0, z, v3(0.4, 0.25, 0.3), BMat::Cardboard(CARDBOARD));
    let (x, z) = floor_spot(st, rng, 0.5);
    st.block_at(
        x,
        0.0,
        z,
        v3(0.5, 0.28, 0.75),
        BMat::Bag {
            base: v3(0.78, 0.78, 0.74),
            band: None,
        },
    );
}

fn materials_delivery(st: &mut Stage, rng: &mut StdRng) {
    concrete_shell(st, rng);
    if rng.gen_bool(0.5) {
        let putty = Mat::Paint {
            base: PUTTY,
            rough: 0.08,
        };
        for s in WALLS {
            st.full(s, putty);
        }
    }
    let (hw, d) = (st.room.hw, st.room.d);
    let left_first = rng.gen_bool(0.5);
    let sign = if left_first { -1.0 } else { 1.0 };

    // Cartons stacked in one back corner.
    let cols = rng.gen_range(2..4);
    for c in 0..cols {
        let size = v3(
            rng.gen_range(0.45..0.6),
            rng.gen_range(0.3..0.42),
            rng.gen_range(0.38..0.5),
        );
        let x = sign * (hw - 0.35 - c as f32 * 0.62);
        let z = d - 0.3 - rng.gen_range(0.0..0.08);
        let mut y = 0.0;
        for _ in 0..rng.gen_range(1..4) {
            let j = rng.gen_range(-0.04..0.04);
            let tone = jitter(rng, CARDBOARD, 0.08);
            st.block_at(x + j, y, z + j, size, BMat::Cardboard(tone));
            y += size.y;
        }
    }
    // Cement or sand bags on a pallet on the other side.
    let px = -sign * (hw - 0.7);
    let pz = rng.gen_range(d * 0.6..d - 0.6);
    st.block_at(
        px,
        0.0,
        pz,
        v3(1.1, 0.12, 1.0),
        BMat::Wood(v3(0.62, 0.5, 0.36)),
    );
    let cement = rng.gen_bool(0.6);
    let (bag, band) = if cement {
        (v3(0.82, 0.8, 0.75), Some(v3(0.7, 0.16, 0.13)))
    } else {
        (v3(0.86, 0.86, 0.83), Some(v3(0.2, 0.45, 0.3)))
    };
    let mut y = 0.12;
    for layer in 0..rng.gen_range(3..6) {
        for k in 0..2 {
            let off = (k as f32 - 0.5) * 0.48;
            let (x, z, size) = if layer % 2 == 0 {
                (px + off, pz, v3(0.46, 0.13, 0.82))
            } else {
                (px, pz + off, v3(0.82, 0.13, 0.46))
            };
            let j = rng.gen_range(-0.03..0.03);
            st.block_at(x + j, y, z - j, size, BMat::Bag { base: bag, band });
        }
        y += 0.13;
    }
    // Flat tile cartons in the middle.
    let tx = rng.gen_range(-0.5..0.5);
    let tz = rng.gen_range(2.8..(d - 1.2).max(2.9));
    let mut y = 0.0;
    for _ in 0..rng.gen_range(3..7) {
        let j = rng.gen_range(-0.02..0.02);
        st.block_at(
            tx + j,
            y,
            tz,
            v3(0.64, 0.1, 0.64),
            BMat::Cardboard(v3(0.7, 0.6, 0.46)),
        );
        y += 0.1;
    }
    // A bundle of water pipes lying along the wall.
    let bx = sign * (hw - 0.2);
    for i in 0..rng.gen_range(4..9) {
        let x = bx - sign * (i as f32 % 4.0) * 0.026;
        let y = (i / 4) as f32 * 0.025;
        let color = if i % 3 == 0 {
            v3(0.2, 0.35, 0.7)
        } else {
            v3(0.85, 0.85, 0.82)
        };
        let lo = v3(x - 0.0125, y, 2.3);
        st.block(lo, lo + v3(0.025, 0.025, 2.0), BMat::Tube(color));
    }
}

fn tiling(st: &mut Stage, rng: &mut StdRng) {
    concrete_shell(st, rng);
    let (hw, h, d) = (st.room.hw, st.room.h, st.room.d);
    let w = 2.0 * hw;
    // Wall tiles up to some height on the back wall (and maybe the sides).
    let wall_tile = Mat::Tiles {
        base: jitter(rng, v3(0.9, 0.9, 0.87), 0.03),
        grout: v3(0.64, 0.64, 0.62),
        size: (0.6, 0.3),
        veins: false,
    };
    let top = (rng.gen_range(4..9) as f32 * 0.3).min(h - 0.3);
    st.layer(Surf::Back, rect(-1.0, -1.0, w + 1.0, top), wall_tile);
    if rng.gen_bool(0.5) {
        for s in [Surf::Left, Surf::Right] {
            st.layer(s, rect(d * 0.6, -1.0, d + 1.0, top), wall_tile);
        }
    }
    // Floor: damp mortar bed at the front, tiles laid from the back.
    st.full(
        Surf::Floor,
        Mat::Concrete {
            base: v3(0.43, 0.42, 0.39),
            rough: 0.45,
        },
    );
    let size = if rng.gen_bool(0.5) { 0.6 } else { 0.8 };
    let laid_from = (d - size * rng.gen_range(2..5) as f32).max(2.6);
    st.layer(
        Surf::Floor,
        rect(-1.0, laid_from, w + 1.0, d + 1.0),
        Mat::Tiles {
            base: jitter(rng, v3(0.83, 0.8, 0.75), 0.05),
            grout: v3(0.5, 0.49, 0.46),
            size: (size, size),
            veins: true,
        },
    );
    // Cartons of tiles, an adhesive bucket and a bag of tile adhesive.
    let sign = if rng.gen_bool(0.5) { -1.0 } else { 1.0 };
    let cx = sign * (hw - 0.5);
    let cz = rng.gen_range(2.6..laid_from.max(2.7));
    let mut y = 0.0;
    for _ in 0..rng.gen_range(3..7) {
        let j = rng.gen_range(-0.02..0.02);
        st.block_at(
            cx + j,
            y,
            cz,
            v3(size + 0.04, 0.09, size + 0.04),
            BMat::Cardboard(v3(0.7, 0.6, 0.46)),
        );
        y += 0.09;
    }
    let (x, z) = (
        -sign * rng.gen_range(0.2..hw - 0.5),
        rng.gen_range(2.4..laid_from.max(2.5)),
    );
    st.block_at(
        x,
        0.0,
        z,
        v3(0.3, 0.36, 0.3),
        BMat::Bucket {
            base: v3(0.85, 0.85, 0.83),
            band: v3(0.2, 0.35, 0.7),
        },
    );
    st.block_at(
        x + 0.5 * sign,
        0.0,
        z + 0.2,
        v3(0.42, 0.14, 0.66),
        BMat::Bag {
            base: v3(0.88, 0.88, 0.85),
            band: Some(v3(0.15, 0.35, 0.65)),
        },
    );
    // A couple of loose tiles on the mortar bed.
    for _ in 0..rng.gen_range(1..3) {
        let (x, z) = (
            rng.gen_range(-hw + 0.5..hw - 0.5),
            rng.gen_range(2.4..laid_from.max(2.5)),
        );
        st.block_at(
            x,
            0.0,
            z,
            v3(size, 0.012, size),
            BMat::Plain(v3(0.82, 0.79, 0.74)),
        );
    }
}

fn carpentry(st: &mut Stage, rng: &mut StdRng) {
    let putty = Mat::Paint {
        base: jitter(rng, PUTTY, 0.03),
        rough: 0.12,
    };
    for s in WALLS {
        st.full(s, putty);
    }
    st.full(
        Surf::Ceiling,
        Mat::Gypsum {
            base: v3(0.86, 0.86, 0.85),
        },
    );
    st.full(
        Surf::Floor,
        Mat::Concrete {
            base: v3(0.55, 0.51, 0.45),
            rough: 0.35,
        },
    );
    let (hw, d) = (st.room.hw, st.room.d);
    // Cabinet carcasses along the back wall.
    let finish = if rng.gen_bool(0.5) {
        v3(0.86, 0.85, 0.81)
    } else {
        v3(0.78, 0.65, 0.48)
    };
    let from_left = rng.gen_bool(0.5);
    let mut x = 0.03;
    for _ in 0..rng.gen_range(2..4) {
        let width = rng.gen_range(0.6..0.9);
        let tall = rng.gen_bool(0.3);
        let height = if tall { 2.1 } else { 0.8 };
        let depth = if tall { 0.6 } else { 0.56 };
        let (x0, x1) = if from_left {
            (-hw + x, -hw + x + width)
        } else {
            (hw - x - width, hw - x)
        };
        st.block(
            v3(x0, 0.0, d - depth),
            v3(x1, height, d - 0.01),
            BMat::Carcass(finish),
        );
        x += width + 0.01;
    }
    // A stack of boards and some battens on the floor.
    let wood = jitter(rng, v3(0.76, 0.6, 0.42), 0.06);
    let bx = if from_left { hw - 0.9 } else { -hw + 0.9 };
    let bz = rng.gen_range(2.6..(d - 1.2).max(2.7));
    let mut y = 0.0;
    for _ in 0..rng.gen_range(3..9) {
        let j = rng.gen_range(-0.05..0.05);
        st.block_at(
            bx + j,
            y,
            bz + j,
            v3(1.2, 0.018, 0.6),
            BMat::Wood(jitter(rng, wood, 0.04)),
        );
        y += 0.018;
    }
    for i in 0..rng.gen_range(3..7) {
        let x = rng.gen_range(-0.8..0.8);
        let y = if i > 3 { 0.03 } else { 0.0 };
        let lo = v3(x, y, rng.gen_range(2.2..2.8));
        st.block(
            lo,
            lo + v3(0.04, 0.03, rng.gen_range(1.4..2.2)),
            BMat::Wood(wood),
        );
    }
    // A red toolbox.
    let (x, z) = floor_spot(st, rng, 0.6);
    st.block_at(
        x,
        0.0,
        z,
        v3(0.45, 0.2, 0.22),
        BMat::Plain(v3(0.7, 0.14, 0.1)),
    );
}

fn painting(st: &mut Stage, rng: &mut StdRng) {
    let colour = PAINT_COLOURS[rng.gen_range(0..PAINT_COLOURS.len())];
    let paint = Mat::Paint {
        base: colour,
        rough: 0.04,
    };
    let (hw, h, d) = (st.room.hw, st.room.h, st.room.d);
    let w = 2.0 * hw;
    for s in [Surf::Left, Surf::Right] {
        st.full(s, paint);
    }
    // Back wall half done: putty, painted part, and the latest roller stripe.
    st.full(
        Surf::Back,
        Mat::Paint {
            base: PUTTY,
            rough: 0.08,
        },
    );
    let edge = rng.gen_range(w * 0.35..w * 0.7);
    st.layer(Surf::Back, rect(-1.0, -1.0, edge, h + 1.0), paint);
    st.layer(
        Surf::Back,
        rect(edge - 0.02, rng.gen_range(0.2..0.6), edge + 0.23, h + 1.0),
        Mat::Roller {
            base: colour * 0.95,
        },
    );
    st.full(
        Surf::Ceiling,
        Mat::Paint {
            base: v3(0.9, 0.9, 0.89),
            rough: 0.03,
        },
    );
    // Floor covered with cardboard sheets, a few gaps showing concrete.
    st.full(
        Surf::Floor,
        Mat::Concrete {
            base: CONCRETE_FLOOR,
            rough: 0.4,
        },
    );
    let mut z = 1.0;
    while z < d {
        let mut u = -0.3;
        while u < w {
            if rng.gen_bool(0.88) {
                let j = rng.gen_range(-0.05..0.05);
                st.layer(
                    Surf::Floor,
                    rect(u + j, z + j, u + 1.25 + j, z + 0.95 + j),
                    Mat::Cardboard {
                        base: jitter(rng, v3(0.6, 0.53, 0.43), 0.06),
                    },
                );
            }
            u += 1.2;
        }
        z += 0.9;
    }
    // Masking tape along the bottom of the walls.
    let tape = Ink::Tape(v3(0.3, 0.5, 0.85));
    st.decal(Surf::Back, (0.0, 0.04), (w, 0.04), 0.02, tape);
    st.decal(Surf::Left, (0.0, 0.04), (d, 0.04), 0.02, tape);
    st.decal(Surf::Right, (0.0, 0.04), (d, 0.04), 0.02, tape);
    // Paint buckets, a roller tray and a work platform.
    let (x, z) = floor_spot(st, rng, 0.5);
    for i in 0..rng.gen_range(1..4) {
        st.block_at(
            x + i as f32 * 0.34,
            0.0,
            z + (i % 2) as f32 * 0.1,
            v3(0.3, 0.34, 0.3),
            BMat::Bucket {
                base: v3(0.9, 0.9, 0.88),
                band: colour * 0.8,
            },
        );
    }
    st.block_at(
        x - 0.45,
        0.0,
        z,
        v3(0.32, 0.05, 0.4),
        BMat::Plain(colour * 0.9),
    );
    let sx = edge - hw + rng.gen_range(-0.3..0.3);
    let sz = d - 0.7;
    st.block_at(
        sx,
        0.55,
        sz,
        v3(1.0, 0.04, 0.34),
        BMat::Wood(v3(0.7, 0.56, 0.4)),
    );
    for (dx, dz) in [(-0.45, -0.13), (0.45, -0.13), (-0.45, 0.13), (0.45, 0.13)] {
        st.block_at(
            sx + dx,
            0.0,
            sz + dz,
            v3(0.03, 0.55, 0.03),
            BMat::Plain(v3(0.7, 0.72, 0.75)),
        );
    }
}

fn finished(st: &mut Stage, rng: &mut StdRng) {
    let colour =
        PAINT_COLOURS[rng.gen_range(0..PAINT_COLOURS.len())].lerp(v3(0.95, 0.95, 0.94), 0.4);
    let (hw, h, d) = (st.room.hw, st.room.h, st.room.d);
    let w = 2.0 * hw;
    for s in WALLS {
        st.full(
            s,
            Mat::Paint {
                base: colour,
                rough: 0.03,
            },
        );
    }
    st.full(
        Surf::Ceiling,
        Mat::Paint {
            base: v3(0.94, 0.94, 0.93),
            rough: 0.02,
        },
    );
    if rng.gen_bool(0.6) {
        st.full(
            Surf::Floor,
            Mat::Planks {
                base: jitter(rng, v3(0.72, 0.55, 0.38), 0.08),
            },
        );
    } else {
        st.full(
            Surf::Floor,
            Mat::Tiles {
                base: v3(0.87, 0.86, 0.83),
                grout: v3(0.72, 0.71, 0.68),
                size: (0.8, 0.8),
                veins: true,
            },
        );
    }
    // Skirting boards.
    let skirting = Mat::Skirting {
        base: v3(0.92, 0.92, 0.9),
    };
    st.layer(Surf::Back, rect(-1.0, -1.0, w + 1.0, 0.08), skirting);
    for s in [Surf::Left, Surf::Right] {
        st.layer(s, rect(-1.0, -1.0, d + 1.0, 0.08), skirting);
    }
    // Curtain beside the window.
    let (ww, wr) = (st.window_wall, st.window);
    let curtain = Mat::Curtain {
        base: if rng.gen_bool(0.5) {
            v3(0.78, 0.72, 0.62)
        } else {
            v3(0.6, 0.65, 0.7)
        },
    };
    st.layer(
        ww,
        rect(wr.u1 + 0.02, 0.02, wr.u1 + 0.45, h - 0.05),
        curtain,
    );
    // Ceiling lights.
    for i in 0..3 {
        let v = d * (0.45 + i as f32 * 0.18);
        st.decal(Surf::Ceiling, (0.5, v), (0.5, v), 0.045, Ink::Lamp);
        st.decal(Surf::Ceiling, (w - 0.5, v), (w - 0.5, v), 0.045, Ink::Lamp);
    }
    st.lights.push(Light {
        pos: v3(0.0, h - 0.3, d * 0.6),
        color: v3(1.05, 0.98, 0.88),
        power: 0.45,
    });
    st.ambient = 0.58;
    st.grain = 0.025;
    // Rug, a low cabinet against the back wall and a sofa against the wall opposite the window.
    let rz = rng.gen_range(d * 0.5..d * 0.62);
    let rx = rng.gen_range(-0.3..0.3) + hw;
    st.layer(
        Surf::Floor,
        rect(rx - 0.9, rz - 0.7, rx + 0.9, rz + 0.7),
        Mat::Rug {
            base: v3(0.72, 0.7, 0.66),
            border: v3(0.45, 0.42, 0.4),
        },
    );
    let cab_w = rng.gen_range(1.4..1.9);
    let cx = rng.gen_range(-0.3..0.3);
    st.block(
        v3(cx - cab_w * 0.5, 0.0, d - 0.42),
        v3(cx + cab_w * 0.5, 0.45, d - 0.01),
        BMat::Furniture(v3(0.9, 0.89, 0.86)),
    );
    let side = if ww == Surf::Left { 1.0 } else { -1.0 };
    let sofa = v3(0.42, 0.44, 0.48).lerp(v3(0.7, 0.6, 0.5), rng.gen_range(0.0..1.0));
    let sz = rng.gen_range(d * 0.45..d * 0.6);
    let len = 2.0;
    let (wall_x, depth) = (side * hw, 0.85);
    let inner = wall_x - side * depth;
    let (x0, x1) = if side > 0.0 {
        (inner, wall_x)
    } else {
        (wall_x, inner)
    };
    st.block(
        v3(x0, 0.0, sz - len * 0.5),
        v3(x1, 0.42, sz + len * 0.5),
        BMat::Fabric(sofa),
    );
    let (bx0, bx1) = if side > 0.0 {
        (wall_x - 0.2, wall_x)
    } else {
        (wall_x, wall_x + 0.2)
    };
    st.block(
        v3(bx0, 0.42, sz - len * 0.5),
        v3(bx1, 0.85, sz + len * 0.5),
        BMat::Fabric(sofa * 0.92),
    );
    for z in [sz - len * 0.5, sz + len * 0.5 - 0.16] {
        st.block(
            v3(x0, 0.0, z),
            v3(x1, 0.62, z + 0.16),
            BMat::Fabric(sofa * 0.96),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> image::RgbImage {
        image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
            .expect("valid JPEG")
            .to_rgb8()
    }

    #[test]
    fn output_is_a_jpeg_of_the_requested_size() {
        for scene in Scene::ALL {
            let bytes = site_photo(scene, 7, 160, 120);
            assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF]);
            let img = decode(&bytes);
            assert_eq!(img.dimensions(), (160, 120), "{scene:?}");
        }
        let portrait = decode(&site_photo(Scene::Finished, 1, 90, 160));
        assert_eq!(portrait.dimensions(), (90, 160));
    }

    #[test]
    fn deterministic_for_a_seed() {
        for scene in Scene::ALL {
            assert_eq!(
                site_photo(scene, 42, 96, 72),
                site_photo(scene, 42, 96, 72),
                "{scene:?}"
            );
        }
        assert_ne!(
            site_photo(Scene::Tiling, 1, 96, 72),
            site_photo(Scene::Tiling, 2, 96, 72)
        );
    }

    #[test]
    fn different_scenes_differ() {
        let images: Vec<_> = Scene::ALL
            .iter()
            .map(|s| decode(&site_photo(*s, 5, 128, 96)))
            .collect();
        for (i, a) in images.iter().enumerate() {
            for b in &images[i + 1..] {
                let diff: u64 = a
                    .as_raw()
                    .iter()
                    .zip(b.as_raw())
                    .map(|(x, y)| u64::from(x.abs_diff(*y)))
                    .sum();
                let mean = diff as f64 / a.as_raw().len() as f64;
                assert!(mean > 4.0, "scenes too similar: mean abs diff {mean}");
            }
        }
    }

    #[test]
    fn renovation_progresses_over_a_month() {
        assert_eq!(Scene::for_day(0), Scene::BareWalls);
        assert_eq!(Scene::for_day(29), Scene::Finished);
        assert_eq!(Scene::for_day(1000), Scene::Finished);
        for scene in Scene::ALL {
            assert!((0..30).any(|d| Scene::for_day(d) == scene), "{scene:?}");
        }
    }

    #[test]
    fn tiny_and_zero_sizes_do_not_panic() {
        assert_eq!(
            decode(&site_photo(Scene::Painting, 3, 0, 0)).dimensions(),
            (1, 1)
        );
        assert_eq!(
            decode(&site_photo(Scene::Carpentry, 3, 1, 7)).dimensions(),
            (1, 7)
        );
    }
}
