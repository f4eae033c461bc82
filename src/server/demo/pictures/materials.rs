//! What surfaces and boxes look like: the albedo (and detail) of a point on a surface
//! material or on a box.

use super::geometry::Rect;
use super::math::{bump, cover, fbm, ffloor, hash, hash3, unit, v3, vnoise, V3, ZERO};
use super::stage::{BMat, Block, Mat};

/// Albedo, emitted light and distance (metres) to the nearest sharp detail
/// (grout line, seam, edge) of a surface material.
pub(super) fn material(mat: &Mat, r: &Rect, u: f32, v: f32, fp: f32, seed: u32) -> (V3, V3, f32) {
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
pub(super) fn block_albedo(
    b: &Block,
    axis: usize,
    neg: bool,
    p: V3,
    fp: f32,
    seed: u32,
) -> (V3, bool) {
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
