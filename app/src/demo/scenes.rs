//! Generated photos for the demo reports: simple drawn scenes (a road with a
//! pothole, rubbish by a ditch, a flooded lane, a street lamp, a mended road),
//! so that the demo shows photos without shipping anyone's pictures.

use image::{Rgb, RgbImage};

use crate::reports::photos::{Photo, THUMB_SIDE};

const WIDTH: u32 = 640;
const HEIGHT: u32 = 480;
const HORIZON: u32 = 200;

/// What a scene shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scene {
    Pothole,
    Rubbish,
    Flood,
    Lamp,
    Mended,
}

impl Scene {
    pub const ALL: [Scene; 5] = [
        Scene::Pothole,
        Scene::Rubbish,
        Scene::Flood,
        Scene::Lamp,
        Scene::Mended,
    ];

    /// The scene that fits a report of this category (by its code).
    pub fn for_category(code: &str) -> Scene {
        match code {
            "giao_thong" => Scene::Pothole,
            "moi_truong" => Scene::Rubbish,
            "thuy_loi" | "nuoc_sach" => Scene::Flood,
            "dien_chieu_sang" => Scene::Lamp,
            _ => Scene::Pothole,
        }
    }
}

/// The scene as a stored photo (JPEG and thumbnail).
pub fn photo(scene: Scene) -> Photo {
    let picture = draw(scene);
    let thumbnail = image::imageops::thumbnail(&picture, THUMB_SIDE, THUMB_SIDE * HEIGHT / WIDTH);
    Photo {
        jpeg: jpeg(&picture),
        thumbnail: jpeg(&thumbnail),
        width: WIDTH,
        height: HEIGHT,
    }
}

fn jpeg(picture: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 78)
        .encode_image(picture)
        .expect("encoding a drawn picture in memory cannot fail");
    bytes
}

fn draw(scene: Scene) -> RgbImage {
    let mut picture = RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        if y < HORIZON {
            // Sky, lighter towards the horizon.
            let t = y as f32 / HORIZON as f32;
            Rgb([mix(120, 205, t), mix(170, 225, t), mix(220, 240, t)])
        } else if in_road(x, y) {
            let shade = if matches!(scene, Scene::Mended) {
                70
            } else {
                105
            };
            Rgb([shade, shade, shade + 4])
        } else {
            // Rice fields either side.
            let stripe = if (y / 12) % 2 == 0 { 0 } else { 14 };
            Rgb([70 + stripe, 140 + stripe, 60])
        }
    });
    // A line of trees on the horizon.
    for i in 0..16 {
        let cx = i * 42 + 10;
        ellipse(
            &mut picture,
            cx as f32,
            HORIZON as f32 - 8.0,
            24.0,
            16.0,
            Rgb([40, 100, 50]),
        );
    }
    match scene {
        Scene::Pothole => {
            ellipse(&mut picture, 300.0, 360.0, 70.0, 26.0, Rgb([55, 48, 40]));
            ellipse(&mut picture, 380.0, 300.0, 34.0, 12.0, Rgb([60, 52, 44]));
        }
        Scene::Rubbish => {
            let colours = [
                Rgb([200, 60, 50]),
                Rgb([230, 230, 230]),
                Rgb([40, 40, 40]),
                Rgb([60, 90, 200]),
                Rgb([210, 180, 60]),
            ];
            for (i, colour) in colours.iter().cycle().take(14).enumerate() {
                let x = 90.0 + (i as f32 * 37.0) % 120.0;
                let y = 330.0 + (i as f32 * 23.0) % 70.0;
                ellipse(&mut picture, x, y, 20.0, 14.0, *colour);
            }
        }
        Scene::Flood => {
            for y in 280..HEIGHT {
                for x in 0..WIDTH {
                    let ripple = if (x / 20 + y / 9) % 5 == 0 { 18 } else { 0 };
                    picture.put_pixel(x, y, Rgb([110 + ripple, 120 + ripple, 95]));
                }
            }
        }
        Scene::Lamp => {
            rectangle(&mut picture, 470, 90, 8, 300, Rgb([90, 90, 95]));
            rectangle(&mut picture, 440, 86, 40, 8, Rgb([90, 90, 95]));
            ellipse(&mut picture, 444.0, 98.0, 12.0, 6.0, Rgb([60, 60, 60]));
        }
        Scene::Mended => {
            // Fresh white lines on new asphalt.
            for i in 0..6 {
                rectangle(
                    &mut picture,
                    WIDTH / 2 - 3,
                    HORIZON + 20 + i * 46,
                    6,
                    24,
                    Rgb([235, 235, 235]),
                );
            }
        }
    }
    picture
}

/// The road narrows towards the horizon.
fn in_road(x: u32, y: u32) -> bool {
    let depth = (y - HORIZON) as f32 / (HEIGHT - HORIZON) as f32;
    let half = 30.0 + depth * 250.0;
    (x as f32 - WIDTH as f32 / 2.0).abs() < half
}

fn mix(a: u8, b: u8, t: f32) -> u8 {
    (a as f32 + (b as f32 - a as f32) * t) as u8
}

fn ellipse(picture: &mut RgbImage, cx: f32, cy: f32, rx: f32, ry: f32, colour: Rgb<u8>) {
    let (x0, x1) = ((cx - rx).max(0.0) as u32, ((cx + rx) as u32).min(WIDTH - 1));
    let (y0, y1) = (
        (cy - ry).max(0.0) as u32,
        ((cy + ry) as u32).min(HEIGHT - 1),
    );
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
            if dx * dx + dy * dy <= 1.0 {
                picture.put_pixel(x, y, colour);
            }
        }
    }
}

fn rectangle(picture: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, colour: Rgb<u8>) {
    for py in y..(y + h).min(HEIGHT) {
        for px in x..(x + w).min(WIDTH) {
            picture.put_pixel(px, py, colour);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scene_is_a_jpeg_the_upload_check_accepts() {
        for scene in Scene::ALL {
            let photo = photo(scene);
            let checked = crate::reports::photos::process(&photo.jpeg).expect("a valid JPEG");
            assert_eq!((checked.width, checked.height), (WIDTH, HEIGHT));
            assert!(photo.thumbnail.len() < photo.jpeg.len());
        }
    }
}
