//! A scene description (the stage): materials laid on the room's surfaces, thin decals, boxes
//! standing in the room and lights, and the shading of one pixel of it.

use super::film::{RowBlocks, Sample};
use super::geometry::{footprint, rect, slab, Bbox, Camera, Rect, Room, Surf};
use super::materials::{block_albedo, material};
use super::math::{cover, segment, v3, vnoise, V3, ZERO};

/// Surface materials, drawn in surface coordinates (metres).
#[derive(Clone, Copy, Debug)]
pub(super) enum Mat {
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

pub(super) struct Layer {
    rect: Rect,
    mat: Mat,
}

/// Thin things drawn over a surface along a segment.
#[derive(Clone, Copy, Debug)]
pub(super) enum Ink {
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

pub(super) struct Decal {
    a: (f32, f32),
    b: (f32, f32),
    half: f32,
    ink: Ink,
    bounds: Rect,
}

/// Box materials.
#[derive(Clone, Copy, Debug)]
pub(super) enum BMat {
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

pub(super) struct Block {
    pub(super) lo: V3,
    pub(super) hi: V3,
    pub(super) mat: BMat,
    screen: Bbox,
    shadow: Bbox,
    /// How far the contact shadow reaches; small things cast small shadows.
    reach: f32,
}

pub(super) struct Light {
    pub(super) pos: V3,
    pub(super) color: V3,
    pub(super) power: f32,
}

const SHADOW_REACH: f32 = 0.35;

pub(super) struct Stage {
    pub(super) room: Room,
    pub(super) cam: Camera,
    pub(super) layers: [Vec<Layer>; 5],
    pub(super) decals: [Vec<Decal>; 5],
    pub(super) blocks: Vec<Block>,
    pub(super) lights: Vec<Light>,
    pub(super) ambient: f32,
    pub(super) exposure: f32,
    pub(super) tint: V3,
    pub(super) grain: f32,
    pub(super) seed: u32,
    /// 1 / (half diagonal of the image)², for vignetting.
    pub(super) inv_r2: f32,
    pub(super) window_wall: Surf,
    pub(super) window: Rect,
}

impl Stage {
    pub(super) fn layer(&mut self, s: Surf, rect: Rect, mat: Mat) {
        self.layers[s as usize].push(Layer { rect, mat });
    }

    pub(super) fn full(&mut self, s: Surf, mat: Mat) {
        let (w, h) = self.room.extent(s);
        self.layer(s, rect(-1.0, -1.0, w + 1.0, h + 1.0), mat);
    }

    pub(super) fn decal(&mut self, s: Surf, a: (f32, f32), b: (f32, f32), half: f32, ink: Ink) {
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

    pub(super) fn block(&mut self, lo: V3, hi: V3, mat: BMat) {
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
    pub(super) fn block_at(&mut self, x: f32, y0: f32, z: f32, size: V3, mat: BMat) {
        let lo = v3(x - size.x * 0.5, y0, z - size.z * 0.5);
        self.block(lo, lo + size, mat);
    }

    /// Collects the boxes whose screen (or contact-shadow) box overlaps the
    /// rows `y0..=y1`.
    pub(super) fn blocks_in_band(&self, y0: f32, y1: f32, near: &mut RowBlocks) {
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
    pub(super) fn pixel(&self, px: f32, py: f32, near: &RowBlocks) -> Sample {
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
