//! Decoding to 8-bit RGB, whole or not at all, within a memory budget.
//!
//! The pixel limit alone does not bound memory: a 190 KB PNG of 7000x7000
//! 16-bit RGBA is 392 MB once decoded the ordinary way, and converting it to
//! RGB made two more copies. So each format is decoded into the one RGB
//! buffer the pipeline needs (PNG row by row, 16-bit reduced and alpha put
//! on white as rows arrive), and what the decoder would hold is worked out
//! from the header and refused before anything is allocated when it is over
//! `BUDGET`.
//!
//! A file that stops early is refused rather than padded: decoders fill the
//! missing part of a cut-off JPEG with grey and call it a picture.
//!
//! A JPEG too large to decode whole within `BUDGET` (over about 22 MP, as
//! 24 MP and 48 MP phone photos are) is decoded in the DCT domain at the
//! least reduction that fits (1/2, 1/4 or 1/8 a side) by jpeg-decoder, so
//! the stored full-size copy is that reduced image. It must end with its
//! end-of-image marker: jpeg-decoder is not asked to judge a cut-off file.
use std::io::Cursor;

use image::RgbImage;
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;

use super::process::{Format, ProcessError};

/// Decoded bytes one photo may hold at once. A 12 MP phone JPEG is 36 MB of
/// RGB; with the input, the resized copies and the encoder's output on top,
/// a photo stays under the 96 MiB per photo of DESIGN.md.
pub const BUDGET: u64 = 64 * 1024 * 1024;
/// What a decoder may hold while it works, when more than its output
/// (progressive JPEG): the file is the only other large thing held then.
pub const DECODE_PEAK: u64 = 84 * 1024 * 1024;

pub fn decode(bytes: &[u8], format: Format, (w, h): (u32, u32)) -> Result<RgbImage, ProcessError> {
    match format {
        Format::Jpeg => jpeg(bytes, (w, h)),
        Format::Png => png(bytes, (w, h)),
        Format::WebP => webp(bytes, (w, h)),
    }
}

/// Width and height from the header alone.
pub fn dimensions(bytes: &[u8], format: Format) -> Result<(u32, u32), ProcessError> {
    match format {
        Format::Jpeg => {
            let options =
                DecoderOptions::default().set_max_width(usize::MAX).set_max_height(usize::MAX);
            let mut decoder =
                zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
            decoder.decode_headers().map_err(|_| ProcessError::Undecodable)?;
            let (w, h) = decoder.dimensions().ok_or(ProcessError::Undecodable)?;
            Ok((w as u32, h as u32))
        }
        Format::Png => {
            // png's own limit (64 MiB) bounds what it inflates of text and
            // colour-profile chunks; the pixels are ours to bound.
            let reader = png::Decoder::new(Cursor::new(bytes))
                .read_info()
                .map_err(|_| ProcessError::Undecodable)?;
            Ok((reader.info().width, reader.info().height))
        }
        Format::WebP => {
            let decoder = image_webp::WebPDecoder::new(Cursor::new(bytes))
                .map_err(|_| ProcessError::Undecodable)?;
            Ok(decoder.dimensions())
        }
    }
}

fn within_budget(pixels: u64, bytes_per_pixel: u64) -> Result<(), ProcessError> {
    if pixels.saturating_mul(bytes_per_pixel) > BUDGET {
        return Err(ProcessError::TooManyPixels);
    }
    Ok(())
}

fn rgb(w: u32, h: u32, raw: Vec<u8>) -> Result<RgbImage, ProcessError> {
    RgbImage::from_raw(w, h, raw).ok_or(ProcessError::Undecodable)
}

fn jpeg(bytes: &[u8], (w, h): (u32, u32)) -> Result<RgbImage, ProcessError> {
    let complete = ends_with_eoi(bytes);
    // Tolerant of the small faults cameras and editors leave, as browsers
    // are, when the file is whole; when the end-of-image marker is missing
    // the data must decode to the last block, with nothing made up.
    let options = DecoderOptions::default()
        .set_strict_mode(!complete)
        .set_max_width(w as usize)
        .set_max_height(h as usize)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|_| ProcessError::Undecodable)?;
    let info = decoder.info().ok_or(ProcessError::Undecodable)?;
    if (u32::from(info.width), u32::from(info.height)) != (w, h) {
        return Err(ProcessError::Undecodable);
    }
    if within_budget(u64::from(w) * u64::from(h), 3).is_err() {
        let progressive = info.sof.is_progressive();
        return jpeg_reduced(bytes, (w, h), complete, progressive);
    }
    // A progressive JPEG keeps every coefficient (16 bits each, at each
    // component's resolution) until its last scan, beside the output: a
    // 12 MP 4:2:0 one holds 73 MB while it decodes, then only the pixels.
    if info.sof.is_progressive() {
        let coefficients = coefficient_bytes(bytes).ok_or(ProcessError::Undecodable)?;
        if u64::from(w) * u64::from(h) * 3 + coefficients > DECODE_PEAK {
            return Err(ProcessError::TooManyPixels);
        }
    }
    let size = decoder.output_buffer_size().ok_or(ProcessError::Undecodable)?;
    if size != w as usize * h as usize * 3 {
        return Err(ProcessError::Undecodable);
    }
    let mut out = vec![0u8; size];
    decoder.decode_into(&mut out).map_err(|_| ProcessError::Undecodable)?;
    rgb(w, h, out)
}

/// A JPEG over the budget, decoded at 1/2, 1/4 or 1/8 of each side: the
/// least reduction whose output, with the component planes jpeg-decoder
/// holds at that size before colour conversion, fits `BUDGET`. A
/// progressive one also holds every coefficient at full size until its
/// last scan, so it is taken only when that fits `DECODE_PEAK`: never for
/// colour 4:2:0 (over 22 MP its coefficients and output pass 88 MB; a
/// 24 MP one needs 72 MB of coefficients alone), grey up to about 29 MP.
fn jpeg_reduced(
    bytes: &[u8],
    (w, h): (u32, u32),
    complete: bool,
    progressive: bool,
) -> Result<RgbImage, ProcessError> {
    if !complete {
        return Err(ProcessError::Undecodable);
    }
    let planes_per_pixel = plane_fraction(bytes).ok_or(ProcessError::Undecodable)?;
    let cost = |s: u32| {
        let pixels = u64::from(w.div_ceil(s)) * u64::from(h.div_ceil(s));
        pixels * 3 + (pixels as f64 * planes_per_pixel).ceil() as u64
    };
    let scale = [2, 4, 8].into_iter().find(|&s| cost(s) <= BUDGET);
    let scale = scale.ok_or(ProcessError::TooManyPixels)?;
    if progressive {
        let coefficients = coefficient_bytes(bytes).ok_or(ProcessError::Undecodable)?;
        if cost(scale) + coefficients > DECODE_PEAK {
            return Err(ProcessError::TooManyPixels);
        }
    }
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let want = (w.div_ceil(scale), h.div_ceil(scale));
    let got = decoder.scale(want.0 as u16, want.1 as u16).map_err(|_| ProcessError::Undecodable)?;
    let (ow, oh) = (u32::from(got.0), u32::from(got.1));
    if (ow, oh) != want {
        return Err(ProcessError::Undecodable);
    }
    let out = decoder.decode().map_err(|_| ProcessError::Undecodable)?;
    let info = decoder.info().ok_or(ProcessError::Undecodable)?;
    let pixels = ow as usize * oh as usize;
    match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 if out.len() == pixels * 3 => rgb(ow, oh, out),
        jpeg_decoder::PixelFormat::L8 if out.len() == pixels => {
            let grey = out;
            let mut out = Vec::with_capacity(pixels * 3);
            for &g in &grey {
                out.extend_from_slice(&[g, g, g]);
            }
            rgb(ow, oh, out)
        }
        // CMYK and 16-bit JPEGs this large: refused as before.
        _ => Err(ProcessError::TooManyPixels),
    }
}

/// Bytes of component planes per output pixel (1 a sample, each component
/// at its own resolution): 1.5 for 4:2:0, 3 for 4:4:4, 1 for grey.
fn plane_fraction(bytes: &[u8]) -> Option<f64> {
    let sof =
        segment(bytes, |m| matches!(m, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF))?;
    let n = usize::from(*sof.get(7)?);
    let factors: Vec<(f64, f64)> = (0..n)
        .map(|i| sof.get(8 + i * 3 + 1).map(|f| (f64::from(f >> 4), f64::from(f & 15))))
        .collect::<Option<_>>()?;
    let hmax = factors.iter().map(|f| f.0).fold(1.0, f64::max);
    let vmax = factors.iter().map(|f| f.1).fold(1.0, f64::max);
    Some(factors.iter().map(|&(hf, vf)| (hf / hmax) * (vf / vmax)).sum())
}

/// The bytes of 16-bit coefficients of every component, from the frame
/// header's sampling factors (blocks of 8x8, rounded up).
fn coefficient_bytes(bytes: &[u8]) -> Option<u64> {
    let sof = segment(bytes, |m| matches!(m, 0xC2 | 0xC6 | 0xCA | 0xCE))?;
    let (h, w) = (
        u64::from(u16::from_be_bytes([*sof.get(3)?, *sof.get(4)?])),
        u64::from(u16::from_be_bytes([*sof.get(5)?, *sof.get(6)?])),
    );
    let n = usize::from(*sof.get(7)?);
    let factors: Vec<(u64, u64)> = (0..n)
        .map(|i| sof.get(8 + i * 3 + 1).map(|f| (u64::from(f >> 4), u64::from(f & 15))))
        .collect::<Option<_>>()?;
    let hmax = factors.iter().map(|f| f.0).max()?.max(1);
    let vmax = factors.iter().map(|f| f.1).max()?.max(1);
    let blocks = |size: u64, f: u64, max: u64| (size * f).div_ceil(max).div_ceil(8) * 8;
    Some(factors.iter().map(|&(hf, vf)| blocks(w, hf, hmax) * blocks(h, vf, vmax) * 2).sum())
}

/// The payload (after the length) of the first segment before the image
/// data whose marker passes `want`.
fn segment(bytes: &[u8], want: impl Fn(u8) -> bool) -> Option<&[u8]> {
    let mut at = 2;
    loop {
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at + 1)?;
        if *bytes.get(at)? != 0xFF || marker == 0xDA {
            return None;
        }
        let len = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        if want(marker) {
            return bytes.get(at + 2..at + 2 + len);
        }
        at += 2 + len;
    }
}

/// Whether the main image's data is followed by an end-of-image marker.
/// Entropy-coded data never holds 0xFF 0xD9 (a 0xFF in it is followed by
/// 0x00 or a restart marker), so any after the first start-of-scan is the
/// end. Bytes after it (some phones append their own trailer) do no harm.
fn ends_with_eoi(bytes: &[u8]) -> bool {
    let Some(sos) = first_scan(bytes) else { return false };
    bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// The offset of the first start-of-scan marker, walking the segments from
/// the start so that a thumbnail inside an APP segment is skipped whole.
fn first_scan(bytes: &[u8]) -> Option<usize> {
    let mut at = 2;
    loop {
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1; // fill bytes
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xDA {
            return Some(at);
        }
        let len = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        at += 2 + len;
    }
}

fn png(bytes: &[u8], (w, h): (u32, u32)) -> Result<RgbImage, ProcessError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    // 8 bits per sample, palettes and low bit depths expanded: at most four
    // bytes a pixel come out of the decoder, one row at a time.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|_| ProcessError::Undecodable)?;
    let info = reader.info();
    if (info.width, info.height) != (w, h) {
        return Err(ProcessError::Undecodable);
    }
    let interlaced = info.interlaced;
    let (color, depth) = reader.output_color_type();
    if depth != png::BitDepth::Eight {
        return Err(ProcessError::Undecodable);
    }
    let channels = color.samples() as u64;
    let pixels = u64::from(w) * u64::from(h);
    if interlaced {
        // Rows come pass by pass, so the whole frame is decoded first.
        within_budget(pixels, channels + 3)?;
        let mut frame = vec![0u8; reader.output_buffer_size().ok_or(ProcessError::Undecodable)?];
        reader.next_frame(&mut frame).map_err(|_| ProcessError::Undecodable)?;
        let mut out = Vec::with_capacity(pixels as usize * 3);
        for row in frame.chunks_exact(w as usize * channels as usize) {
            push_rgb(&mut out, row, color);
        }
        return rgb(w, h, out);
    }
    within_budget(pixels, 3)?;
    let mut out = Vec::with_capacity(pixels as usize * 3);
    for _ in 0..h {
        let row = reader.next_row().map_err(|_| ProcessError::Undecodable)?;
        let row = row.ok_or(ProcessError::Undecodable)?;
        push_rgb(&mut out, row.data(), color);
    }
    rgb(w, h, out)
}

/// One row of 8-bit samples in `color` appended as RGB; transparent parts
/// shown on white, as a browser shows them, rather than on black.
fn push_rgb(out: &mut Vec<u8>, row: &[u8], color: png::ColorType) {
    use png::ColorType::*;
    let on_white = |c: u8, a: u8| {
        let a = u16::from(a);
        ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8
    };
    match color {
        Rgb => out.extend_from_slice(row),
        Rgba => {
            for p in row.chunks_exact(4) {
                out.extend_from_slice(&[
                    on_white(p[0], p[3]),
                    on_white(p[1], p[3]),
                    on_white(p[2], p[3]),
                ]);
            }
        }
        Grayscale => {
            for &g in row {
                out.extend_from_slice(&[g, g, g]);
            }
        }
        GrayscaleAlpha => {
            for p in row.chunks_exact(2) {
                let g = on_white(p[0], p[1]);
                out.extend_from_slice(&[g, g, g]);
            }
        }
        // EXPAND turns palettes into RGB or RGBA.
        Indexed => {}
    }
}

fn webp(bytes: &[u8], (w, h): (u32, u32)) -> Result<RgbImage, ProcessError> {
    let mut decoder =
        image_webp::WebPDecoder::new(Cursor::new(bytes)).map_err(|_| ProcessError::Undecodable)?;
    if decoder.dimensions() != (w, h) {
        return Err(ProcessError::Undecodable);
    }
    let alpha = decoder.has_alpha();
    let channels: u64 = if alpha { 4 } else { 3 };
    within_budget(u64::from(w) * u64::from(h), channels)?;
    let size = decoder.output_buffer_size().ok_or(ProcessError::Undecodable)?;
    let mut out = vec![0u8; size];
    decoder.read_image(&mut out).map_err(|_| ProcessError::Undecodable)?;
    if alpha {
        // RGBA to RGB in place: each pixel is written no further on than
        // it was read.
        let pixels = size / 4;
        for i in 0..pixels {
            let a = u16::from(out[i * 4 + 3]);
            for c in 0..3 {
                let v = u16::from(out[i * 4 + c]);
                out[i * 3 + c] = ((v * a + 255 * (255 - a) + 127) / 255) as u8;
            }
        }
        out.truncate(pixels * 3);
    }
    rgb(w, h, out)
}
