//! Drawing primitives: a small vector type (also used for colours), hash-based noise
//! (deterministic, no state) and anti-aliased coverage of thin bands.

use std::ops::{Add, Mul, Sub};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct V3 {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) z: f32,
}

pub(super) const fn v3(x: f32, y: f32, z: f32) -> V3 {
    V3 { x, y, z }
}

pub(super) const ZERO: V3 = v3(0.0, 0.0, 0.0);

impl V3 {
    pub(super) fn dot(self, o: V3) -> f32 {
        self.x * o.x + self.y * o.y + self.z * o.z
    }
    pub(super) fn cross(self, o: V3) -> V3 {
        v3(
            self.y * o.z - self.z * o.y,
            self.z * o.x - self.x * o.z,
            self.x * o.y - self.y * o.x,
        )
    }
    /// Component-wise product.
    pub(super) fn times(self, o: V3) -> V3 {
        v3(self.x * o.x, self.y * o.y, self.z * o.z)
    }
    pub(super) fn lerp(self, o: V3, t: f32) -> V3 {
        self + (o - self) * t
    }
    pub(super) fn axis(self, a: usize) -> f32 {
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

pub(super) const fn hash(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7FEB_352D);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846C_A68B);
    x ^= x >> 16;
    x
}

pub(super) fn hash3(a: i32, b: i32, seed: u32) -> u32 {
    hash((a as u32).wrapping_mul(0x8DA6_B343) ^ (b as u32).wrapping_mul(0xD816_3841) ^ seed)
}

/// A hash mapped to 0..1.
pub(super) fn unit(h: u32) -> f32 {
    (h >> 8) as f32 * (1.0 / 16_777_216.0)
}

pub(super) fn ffloor(x: f32) -> i32 {
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
pub(super) fn vnoise(u: f32, v: f32, seed: u32) -> f32 {
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
pub(super) fn fbm(u: f32, v: f32, seed: u32) -> f32 {
    0.65 * vnoise(u, v, seed) + 0.35 * vnoise(u * 2.9 + 7.3, v * 2.9 + 1.7, seed ^ 0x5bd1)
}

/// Fraction of a pixel of width `fp` covered by a band of half-width `half`
/// at distance `dist` (a 1-D box filter; anti-aliases thin lines).
pub(super) fn cover(dist: f32, half: f32, fp: f32) -> f32 {
    let lo = (dist - fp * 0.5).max(-half);
    let hi = (dist + fp * 0.5).min(half);
    ((hi - lo) / fp).clamp(0.0, 1.0)
}

/// Distance to a segment and the signed offset across it.
pub(super) fn segment(u: f32, v: f32, a: (f32, f32), b: (f32, f32)) -> (f32, f32) {
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
pub(super) fn bump(s: f32) -> f32 {
    (4.0 * s * (1.0 - s)).clamp(0.0, 1.0)
}
