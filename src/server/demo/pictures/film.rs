//! Rendering a stage into an image: adaptive sampling of the pixels, then the film that turns
//! linear colour into pixels (tone curve, white balance, sensor grain).

use image::RgbImage;

use super::math::{hash, v3, V3};
use super::scenes::build;
use super::stage::Stage;
use super::Scene;

pub(super) fn render(scene: Scene, seed: u64, width: u32, height: u32) -> RgbImage {
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
pub(super) struct Sample {
    pub(super) c: V3,
    pub(super) id: u32,
    pub(super) detail: bool,
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
pub(super) struct RowBlocks {
    pub(super) hit: Vec<(usize, f32, f32)>,
    pub(super) shadow: Vec<(usize, f32, f32)>,
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
