//! Photos of reports (server only). Whatever the phone sent, the server keeps
//! only pixels: it checks that the bytes really are a JPEG, PNG or WebP image,
//! turns it the right way up (EXIF orientation), shrinks it to at most 1,600 px
//! on its longest side and re-encodes it as a JPEG without any metadata, so no
//! GPS position or camera serial ever leaves the server. A 320 px thumbnail is
//! made for lists and timelines.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::error::Problem;

/// The most photos a report (or a reply) carries.
pub const MAX_PHOTOS: usize = 4;
/// The largest file accepted, before processing.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The longest side of a stored photo, and of a thumbnail.
pub const MAX_SIDE: u32 = 1600;
pub const THUMB_SIDE: u32 = 320;
/// Decoding refuses pictures wider or taller than this, or with more pixels
/// than this many: a small file can decode to a huge picture (a
/// "decompression bomb"), and decoding takes 3 to 4 bytes per pixel. 24
/// megapixels (6000 × 4000) is more than phones save by default.
pub const MAX_INPUT_SIDE: u32 = 6000;
pub const MAX_PIXELS: u64 = 24_000_000;

/// A photo as stored.
#[derive(Clone, Debug)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks and re-encodes one uploaded file. CPU-bound: call it off the async
/// threads (`tokio::task::spawn_blocking`).
pub fn process(bytes: &[u8]) -> Result<Photo, Problem> {
    if bytes.len() > MAX_BYTES {
        return Err(Problem::PhotoTooLarge);
    }
    // The format is read from the bytes, never from the name or the declared type.
    let format = image::guess_format(bytes).map_err(|_| Problem::PhotoInvalid)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(Problem::PhotoInvalid);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_INPUT_SIDE);
    limits.max_image_height = Some(MAX_INPUT_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|error| match error {
        image::ImageError::Limits(_) => Problem::PhotoDimensions,
        _ => Problem::PhotoInvalid,
    })?;
    let (width, height) = decoder.dimensions();
    if width > MAX_INPUT_SIDE
        || height > MAX_INPUT_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(Problem::PhotoDimensions);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let picture = DynamicImage::from_decoder(decoder).map_err(|error| match error {
        image::ImageError::Limits(_) => Problem::PhotoDimensions,
        _ => Problem::PhotoInvalid,
    })?;
    // Shrunk first, then turned: turning the full picture would copy it whole.
    let mut picture = shrink(picture, MAX_SIDE);
    picture.apply_orientation(orientation);
    let thumbnail = shrink(picture.clone(), THUMB_SIDE);
    Ok(Photo {
        width: picture.width(),
        height: picture.height(),
        jpeg: jpeg(&picture, 82)?,
        thumbnail: jpeg(&thumbnail, 75)?,
    })
}

/// At most `side` pixels on the longest side (never enlarged).
fn shrink(picture: DynamicImage, side: u32) -> DynamicImage {
    if picture.width() <= side && picture.height() <= side {
        picture
    } else {
        picture.resize(side, side, image::imageops::FilterType::Triangle)
    }
}

/// Encodes RGB pixels as a baseline JPEG: the encoder writes no metadata.
fn jpeg(picture: &DynamicImage, quality: u8) -> Result<Vec<u8>, Problem> {
    let rgb = picture.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&rgb)
        .map_err(|_| Problem::PhotoInvalid)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG of `width` × `height` with an EXIF segment carrying an
    /// orientation and a GPS position (Hà Nội), as a phone camera writes it.
    fn phone_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
        let picture = DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, _| {
            if x < width / 2 {
                image::Rgb([200, 30, 30])
            } else {
                image::Rgb([30, 30, 200])
            }
        }));
        let plain = jpeg(&picture, 90).unwrap();
        // TIFF, little endian: IFD0 with Orientation and a GPS IFD pointer; the
        // GPS IFD with GPSLatitudeRef "N" and GPSLatitude 21/1, 1/1, 0/1.
        let mut tiff: Vec<u8> = b"II*\0".to_vec();
        tiff.extend_from_slice(&8u32.to_le_bytes());
        let entry = |tag: u16, kind: u16, count: u32, value: u32| {
            let mut e = Vec::new();
            e.extend_from_slice(&tag.to_le_bytes());
            e.extend_from_slice(&kind.to_le_bytes());
            e.extend_from_slice(&count.to_le_bytes());
            e.extend_from_slice(&value.to_le_bytes());
            e
        };
        // IFD0 at 8: 2 entries (2 + 24 + 4 bytes) → GPS IFD at 38.
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend(entry(0x0112, 3, 1, u32::from(orientation)));
        tiff.extend(entry(0x8825, 4, 1, 38));
        tiff.extend_from_slice(&0u32.to_le_bytes());
        // GPS IFD at 38: 2 entries (2 + 24 + 4) → rationals at 68.
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
        tiff.extend(entry(0x0002, 5, 3, 68));
        tiff.extend_from_slice(&0u32.to_le_bytes());
        for (n, d) in [(21u32, 1u32), (1, 1), (0, 1)] {
            tiff.extend_from_slice(&n.to_le_bytes());
            tiff.extend_from_slice(&d.to_le_bytes());
        }
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = plain[..2].to_vec(); // SOI
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend(app1);
        out.extend_from_slice(&plain[2..]);
        out
    }

    fn has_exif(bytes: &[u8]) -> bool {
        bytes.windows(6).any(|w| w == b"Exif\0\0")
    }

    #[test]
    fn gps_exif_never_comes_out() {
        let input = phone_jpeg(64, 48, 1);
        assert!(has_exif(&input), "the test photo carries EXIF with GPS");
        let photo = process(&input).unwrap();
        assert!(!has_exif(&photo.jpeg), "no EXIF in the photo");
        assert!(!has_exif(&photo.thumbnail), "no EXIF in the thumbnail");
        assert!(image::load_from_memory(&photo.jpeg).is_ok());
    }

    #[test]
    fn turned_the_right_way_up() {
        // Orientation 6: the camera held upright stores the picture turned.
        let photo = process(&phone_jpeg(64, 48, 6)).unwrap();
        assert_eq!((photo.width, photo.height), (48, 64));
    }

    #[test]
    fn large_photos_are_shrunk_and_thumbnailed() {
        let big = phone_jpeg(3200, 1800, 1);
        let photo = process(&big).unwrap();
        assert_eq!((photo.width, photo.height), (1600, 900));
        let thumb = image::load_from_memory(&photo.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (320, 180));
    }

    #[test]
    fn files_that_are_not_images_are_refused() {
        assert_eq!(
            process(b"\xFF\xD8\xFF\xE0 not really a jpeg").unwrap_err(),
            Problem::PhotoInvalid
        );
        assert_eq!(process(b"GIF89a....").unwrap_err(), Problem::PhotoInvalid);
        assert_eq!(
            process(&vec![0u8; MAX_BYTES + 1]).unwrap_err(),
            Problem::PhotoTooLarge
        );
    }

    #[test]
    fn pictures_too_large_to_decode_are_refused() {
        // 7000 × 7000 of one colour: a PNG of a few hundred kilobytes that
        // would decode to 147 MB.
        let picture = DynamicImage::ImageRgb8(image::RgbImage::new(7000, 7000));
        let mut png = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert!(png.len() < 1024 * 1024, "{} bytes", png.len());
        assert_eq!(process(&png).unwrap_err(), Problem::PhotoDimensions);
        let wide = DynamicImage::ImageRgb8(image::RgbImage::new(6001, 10));
        let mut png = Vec::new();
        wide.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert_eq!(process(&png).unwrap_err(), Problem::PhotoDimensions);
    }

    #[test]
    fn png_and_webp_are_accepted() {
        let picture = DynamicImage::ImageRgba8(image::RgbaImage::new(10, 10));
        let mut png = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert!(process(&png).is_ok());
        let mut webp = Vec::new();
        picture
            .write_to(&mut Cursor::new(&mut webp), ImageFormat::WebP)
            .unwrap();
        assert!(process(&webp).is_ok());
    }
}
