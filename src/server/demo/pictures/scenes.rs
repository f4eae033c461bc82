//! Scene building: the room, camera and light from the seed, then each stage of the
//! renovation dressed on top of it.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::geometry::{rect, Camera, Room, Surf, WALLS};
use super::math::{v3, V3};
use super::stage::{BMat, Ink, Light, Mat, Stage};
use super::Scene;

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

pub(super) fn build(scene: Scene, seed: u64, width: u32, height: u32) -> Stage {
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
