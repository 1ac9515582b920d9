//! The photo pipeline, pure and synchronous: bytes in, three metadata-free
//! JPEGs out. Callers run it on a blocking thread.
//!
//! Order matters for cost and memory: the type is sniffed and the header's
//! dimensions checked before anything is decoded; the image is decoded once;
//! the display copy is resized from that decode and the thumbnail from the
//! display copy; orientation is applied while encoding (each output row is
//! read from the right column of the source), so no rotated copy of the
//! full-size image is ever held in memory.
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

use super::decode;
use super::metadata::{self, Metadata};
use super::orient::Oriented;

pub const DISPLAY_SIDE: u32 = 1600;
pub const THUMB_SIDE: u32 = 320;
/// Stored copies: good on a phone screen, about a tenth of the camera's size.
const QUALITY: u8 = 84;
/// JPEG (what we write) cannot describe a side longer than this.
const MAX_SIDE: u32 = u16::MAX as u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProcessError {
    #[error("not a JPEG, PNG or WebP image")]
    Unsupported,
    #[error("more pixels than allowed")]
    TooManyPixels,
    /// Broken, or cut short: part of a picture is not a photo.
    #[error("the image does not decode whole")]
    Undecodable,
}

/// What a photo became: three JPEGs and what was read before stripping.
pub struct Processed {
    /// Of the full-size copy, upright.
    pub width: u32,
    pub height: u32,
    pub meta: Metadata,
    pub full: Vec<u8>,
    pub display: Vec<u8>,
    pub thumb: Vec<u8>,
}

/// The type from the first bytes, never from a name or a claimed type.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Format::WebP)
    } else {
        None
    }
}

/// Width and height as the header claims them, without decoding pixels
/// (nor copying the file, as image's JPEG reader does).
pub fn header_dimensions(bytes: &[u8]) -> Result<(u32, u32), ProcessError> {
    let format = sniff(bytes).ok_or(ProcessError::Unsupported)?;
    decode::dimensions(bytes, format)
}

/// Refuses what is over the limits from the header alone, so a small file
/// claiming enormous dimensions costs nothing.
fn check_dimensions((w, h): (u32, u32), max_pixels: u64) -> Result<(), ProcessError> {
    if w == 0 || h == 0 {
        return Err(ProcessError::Undecodable);
    }
    if u64::from(w) * u64::from(h) > max_pixels || w > MAX_SIDE || h > MAX_SIDE {
        return Err(ProcessError::TooManyPixels);
    }
    Ok(())
}

/// The size that fits `longest` on the longer side; never enlarges.
pub fn fit(w: u32, h: u32, longest: u32) -> (u32, u32) {
    let side = w.max(h);
    if side <= longest {
        return (w, h);
    }
    let scale = f64::from(longest) / f64::from(side);
    let s = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    (s(w), s(h))
}

fn resize(src: &RgbImage, longest: u32) -> Result<RgbImage, ProcessError> {
    let (w, h) = fit(src.width(), src.height(), longest);
    if (w, h) == src.dimensions() {
        return Ok(src.clone());
    }
    let view = ImageRef::new(src.width(), src.height(), src.as_raw(), PixelType::U8x3)
        .map_err(|_| ProcessError::Undecodable)?;
    let mut dst = Image::new(w, h, PixelType::U8x3);
    // Catmull-Rom: as sharp as Lanczos to the eye at these reductions, and a
    // narrower kernel, so fewer multiplications per output pixel.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new().resize(&view, &mut dst, &options).map_err(|_| ProcessError::Undecodable)?;
    RgbImage::from_raw(w, h, dst.into_vec()).ok_or(ProcessError::Undecodable)
}

fn encode(src: &RgbImage, orientation: u16) -> Result<Vec<u8>, ProcessError> {
    let mut out = Vec::with_capacity(src.as_raw().len() / 8);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, QUALITY);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    // No APP segments are added: the output carries no EXIF, no GPS, no
    // maker notes, only the JFIF header the encoder always writes.
    encoder.encode_image(Oriented::new(src, orientation)).map_err(|_| ProcessError::Undecodable)?;
    Ok(out)
}

/// The whole pipeline. `max_pixels` is checked on the header before any
/// pixel is decoded.
pub fn process(bytes: &[u8], max_pixels: u64) -> Result<Processed, ProcessError> {
    let (decoded, meta) = read(bytes, max_pixels)?;
    finish(decoded, meta)
}

/// The same, letting go of the file as soon as it is decoded: the server's
/// way, so the upload's bytes are not held beside the pixels.
pub fn process_owned(bytes: Vec<u8>, max_pixels: u64) -> Result<Processed, ProcessError> {
    let (decoded, meta) = read(&bytes, max_pixels)?;
    drop(bytes);
    finish(decoded, meta)
}

fn read(bytes: &[u8], max_pixels: u64) -> Result<(RgbImage, Metadata), ProcessError> {
    let format = sniff(bytes).ok_or(ProcessError::Unsupported)?;
    let dims = header_dimensions(bytes)?;
    check_dimensions(dims, max_pixels)?;
    let meta = metadata::read(bytes);
    Ok((decode::decode(bytes, format, dims)?, meta))
}

/// The small copies are made and encoded first, so that only the encoded
/// ones are held beside the full-size pixels while the largest is encoded.
fn finish(decoded: RgbImage, meta: Metadata) -> Result<Processed, ProcessError> {
    let orientation = meta.orientation;
    let (display, thumb) = {
        let display = resize(&decoded, DISPLAY_SIDE)?;
        let thumb = resize(&display, THUMB_SIDE)?;
        (encode(&display, orientation)?, encode(&thumb, orientation)?)
    };
    let (width, height) = Oriented::new(&decoded, orientation).dimensions();
    let full = encode(&decoded, orientation)?;
    Ok(Processed { width, height, meta, full, display, thumb })
}
