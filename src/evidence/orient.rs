//! EXIF orientation applied as a view: the encoder asks for output rows and
//! each is read from wherever it lies in the stored (unrotated) pixels. This
//! costs no copy of the image, which for a 12-megapixel photo is 36 MB.
use image::RgbImage;
use jpeg_encoder::{ImageBuffer, JpegColorType, rgb_to_ycbcr};

pub struct Oriented<'a> {
    src: &'a RgbImage,
    /// EXIF orientation 1..=8; anything else is taken as 1 (upright).
    orientation: u16,
}

impl<'a> Oriented<'a> {
    pub fn new(src: &'a RgbImage, orientation: u16) -> Self {
        let orientation = if (1..=8).contains(&orientation) { orientation } else { 1 };
        Oriented { src, orientation }
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
        let mut push = |i: usize| {
            let (l, cb, cr) = rgb_to_ycbcr(raw[i], raw[i + 1], raw[i + 2]);
            buffers[0].push(l);
            buffers[1].push(cb);
            buffers[2].push(cr);
        };
        if self.orientation == 1 {
            // The common case reads the row straight through.
            let start = y as usize * stride;
            for i in (start..start + stride).step_by(3) {
                push(i);
            }
            return;
        }
        for x in 0..self.dimensions().0 {
            let (sx, sy) = self.source(x, y);
            push(sy as usize * stride + sx as usize * 3);
        }
    }
}
