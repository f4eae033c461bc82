//! The room's geometry: its surfaces and their coordinates, the camera, screen and surface
//! rectangles, and ray intersections.

use super::math::{v3, V3};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Surf {
    Floor = 0,
    Ceiling = 1,
    Left = 2,
    Right = 3,
    Back = 4,
}

impl Surf {
    pub(super) fn normal(self) -> V3 {
        match self {
            Surf::Floor => v3(0.0, 1.0, 0.0),
            Surf::Ceiling => v3(0.0, -1.0, 0.0),
            Surf::Left => v3(1.0, 0.0, 0.0),
            Surf::Right => v3(-1.0, 0.0, 0.0),
            Surf::Back => v3(0.0, 0.0, -1.0),
        }
    }
}

pub(super) const WALLS: [Surf; 3] = [Surf::Left, Surf::Right, Surf::Back];

/// The room: x in -hw..hw, y (up) in 0..h, z (away from camera) in 0..d.
pub(super) struct Room {
    pub(super) hw: f32,
    pub(super) h: f32,
    pub(super) d: f32,
}

impl Room {
    /// Surface coordinates in metres: floor/ceiling (x + hw, z), side walls
    /// (z, y), back wall (x + hw, y).
    pub(super) fn uv(&self, s: Surf, p: V3) -> (f32, f32) {
        match s {
            Surf::Floor | Surf::Ceiling => (p.x + self.hw, p.z),
            Surf::Left | Surf::Right => (p.z, p.y),
            Surf::Back => (p.x + self.hw, p.y),
        }
    }

    pub(super) fn point(&self, s: Surf, u: f32, v: f32) -> V3 {
        match s {
            Surf::Floor => v3(u - self.hw, 0.0, v),
            Surf::Ceiling => v3(u - self.hw, self.h, v),
            Surf::Left => v3(-self.hw, v, u),
            Surf::Right => v3(self.hw, v, u),
            Surf::Back => v3(u - self.hw, v, self.d),
        }
    }

    pub(super) fn extent(&self, s: Surf) -> (f32, f32) {
        match s {
            Surf::Floor | Surf::Ceiling => (2.0 * self.hw, self.d),
            Surf::Left | Surf::Right => (self.d, self.h),
            Surf::Back => (2.0 * self.hw, self.h),
        }
    }

    /// Distance to the nearest corner line with a neighbouring surface.
    pub(super) fn edge_dist(&self, s: Surf, u: f32, v: f32) -> f32 {
        let w = 2.0 * self.hw;
        match s {
            Surf::Floor | Surf::Ceiling => u.min(w - u).min(self.d - v),
            Surf::Left | Surf::Right => v.min(self.h - v).min(self.d - u),
            Surf::Back => u.min(w - u).min(v).min(self.h - v),
        }
    }

    pub(super) fn hit(&self, o: V3, d: V3, inv: V3) -> (Surf, f32) {
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

pub(super) struct Camera {
    pub(super) pos: V3,
    right: V3,
    up: V3,
    fwd: V3,
    focal: f32,
    pub(super) cx: f32,
    pub(super) cy: f32,
    roll_cos: f32,
    roll_sin: f32,
}

impl Camera {
    pub(super) fn new(
        pos: V3,
        yaw: f32,
        pitch: f32,
        roll: f32,
        focal: f32,
        w: u32,
        h: u32,
    ) -> Camera {
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
    pub(super) fn ray(&self, px: f32, py: f32) -> V3 {
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
    pub(super) fn screen_box(&self, lo: V3, hi: V3) -> Bbox {
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
pub(super) struct Bbox {
    pub(super) x0: f32,
    pub(super) y0: f32,
    pub(super) x1: f32,
    pub(super) y1: f32,
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
pub(super) struct Rect {
    pub(super) u0: f32,
    pub(super) v0: f32,
    pub(super) u1: f32,
    pub(super) v1: f32,
}

pub(super) const fn rect(u0: f32, v0: f32, u1: f32, v1: f32) -> Rect {
    Rect { u0, v0, u1, v1 }
}

impl Rect {
    pub(super) fn contains(&self, u: f32, v: f32) -> bool {
        u >= self.u0 && u <= self.u1 && v >= self.v0 && v <= self.v1
    }
    pub(super) fn border_dist(&self, u: f32, v: f32) -> f32 {
        (u - self.u0)
            .min(self.u1 - u)
            .min(v - self.v0)
            .min(self.v1 - v)
    }
}

/// Surface footprint of one pixel (metres) from ray parameter and incidence.
pub(super) fn footprint(t: f32, cos_incidence: f32) -> f32 {
    (t / cos_incidence.max(0.15)).clamp(1e-4, 0.3)
}

/// Ray / axis-aligned box intersection: entry distance, axis and whether the
/// entry face is the low one.
pub(super) fn slab(o: V3, inv: V3, lo: V3, hi: V3) -> Option<(f32, usize, bool)> {
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
