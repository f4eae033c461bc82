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
//!
//! The parts: `scenes` dresses a `stage` (in the room of `geometry`, with the looks of
//! `materials`), `film` renders it, and [`site_photo`] encodes the result as a JPEG; `math`
//! holds the vector and noise primitives they share.

mod film;
mod geometry;
mod materials;
mod math;
mod scenes;
mod stage;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};

use film::render;

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
