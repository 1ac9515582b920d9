//! EXIF orientation applied as a view: the encoder asks for output rows and
//! each is read from wherever it lies in the stored (unrotated) pixels. This
//! costs no copy of the image, which for a 12-megapixel photo is 36 MB.
//!
//! For the quarter turns (orientations 5 to 8) an output row is a source
//! column. Reading a column pixel by pixel touches one memory page per
//! source row, for every output row; instead a strip of `STRIP` output rows
//! is gathered at once, reading short runs of adjacent pixels from each
//! source row, and the encoder's row requests are served from the strip.
use std::cell::RefCell;

use image::RgbImage;
use jpeg_encoder::{ImageBuffer, JpegColorType, rgb_to_ycbcr};

/// Output rows gathered together: one JPEG MCU row at 4:2:0.
const STRIP: u32 = 16;

pub struct Oriented<'a> {
    src: &'a RgbImage,
    /// EXIF orientation 1..=8; anything else is taken as 1 (upright).
    orientation: u16,
    /// For quarter turns: the first output row of the gathered strip, and
    /// its pixels (`STRIP` rows of RGB).
    strip: RefCell<(Option<u32>, Vec<u8>)>,
}

impl<'a> Oriented<'a> {
    pub fn new(src: &'a RgbImage, orientation: u16) -> Self {
        let orientation = if (1..=8).contains(&orientation) { orientation } else { 1 };
        Oriented { src, orientation, strip: RefCell::new((None, Vec::new())) }
    }

    /// Orientations 5 to 8 turn the picture a quarter: width and height swap.
    fn swaps(&self) -> bool {
        self.orientation >= 5
    }

    pub fn dimensions(&self) -> (u32, u32) {
        let (w, h) = self.src.dimensions();
        if self.swaps() { (h, w) } else { (w, h) }
    }

    /// Where output pixel (x, y) is in the source, as (column, row).
    #[inline(always)]
    fn source(&self, x: u32, y: u32) -> (u32, u32) {
        let (w, h) = self.src.dimensions();
        match self.orientation {
            2 => (w - 1 - x, y),
            3 => (w - 1 - x, h - 1 - y),
            4 => (x, h - 1 - y),
            5 => (y, x),
            6 => (y, h - 1 - x),
            7 => (w - 1 - y, h - 1 - x),
            8 => (w - 1 - y, x),
            _ => (x, y),
        }
    }

    /// Gathers output rows `first..first + STRIP`: for each output column
    /// the pixels come from one source row, side by side.
    fn gather(&self, first: u32, strip: &mut Vec<u8>) {
        let (out_w, out_h) = self.dimensions();
        let rows = STRIP.min(out_h - first);
        let row_len = out_w as usize * 3;
        strip.resize(row_len * STRIP as usize, 0);
        let raw = self.src.as_raw();
        let stride = self.src.width() as usize * 3;
        for x in 0..out_w {
            for r in 0..rows {
                let (sx, sy) = self.source(x, first + r);
                let from = sy as usize * stride + sx as usize * 3;
                let to = r as usize * row_len + x as usize * 3;
                strip[to..to + 3].copy_from_slice(&raw[from..from + 3]);
            }
        }
    }
}

/// Converts a row of RGB to the encoder's three planes, sixteen pixels at a
/// time so the compiler vectorises it.
fn push_row(rgb: &[u8], buffers: &mut [Vec<u8>; 4]) {
    const CHUNK: usize = 16;
    let mut chunks = rgb.chunks_exact(CHUNK * 3);
    let (mut l, mut cb, mut cr) = ([0u8; CHUNK], [0u8; CHUNK], [0u8; CHUNK]);
    for chunk in &mut chunks {
        for i in 0..CHUNK {
            (l[i], cb[i], cr[i]) = rgb_to_ycbcr(chunk[i * 3], chunk[i * 3 + 1], chunk[i * 3 + 2]);
        }
        buffers[0].extend_from_slice(&l);
        buffers[1].extend_from_slice(&cb);
        buffers[2].extend_from_slice(&cr);
    }
    for p in chunks.remainder().chunks_exact(3) {
        let (l, cb, cr) = rgb_to_ycbcr(p[0], p[1], p[2]);
        buffers[0].push(l);
        buffers[1].push(cb);
        buffers[2].push(cr);
    }
}

impl ImageBuffer for Oriented<'_> {
    fn get_jpeg_color_type(&self) -> JpegColorType {
        JpegColorType::Ycbcr
    }

    fn width(&self) -> u16 {
        self.dimensions().0 as u16
    }

    fn height(&self) -> u16 {
        self.dimensions().1 as u16
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let y = u32::from(y);
        let raw = self.src.as_raw();
        let stride = self.src.width() as usize * 3;
        match self.orientation {
            1 | 4 => {
                // A whole source row, as it is.
                let (_, sy) = self.source(0, y);
                let start = sy as usize * stride;
                push_row(&raw[start..start + stride], buffers);
            }
            2 | 3 => {
                // A whole source row, mirrored.
                let (_, sy) = self.source(0, y);
                let start = sy as usize * stride;
                let row: Vec<u8> =
                    raw[start..start + stride].chunks_exact(3).rev().flatten().copied().collect();
                push_row(&row, buffers);
            }
            _ => {
                let mut cache = self.strip.borrow_mut();
                let first = y - y % STRIP;
                if cache.0 != Some(first) {
                    self.gather(first, &mut cache.1);
                    cache.0 = Some(first);
                }
                let row_len = self.dimensions().0 as usize * 3;
                let at = (y - first) as usize * row_len;
                push_row(&cache.1[at..at + row_len], buffers);
            }
        }
    }
}
