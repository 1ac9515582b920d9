//! The pipeline as a client of it sees it: what it accepts, what it
//! refuses and how fast, which way up the result is, and what is left of
//! the camera's metadata (nothing).
use std::io::Cursor;

use chrono::{FixedOffset, TimeZone};

use super::metadata::CaptureTime;
use super::process::{Format, ProcessError, process, sniff};
use super::sample::{self, Exif};

const LIMIT: u64 = 50_000_000;

fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut out);
    let (color, n) = if alpha {
        (image::ExtendedColorType::Rgba8, 4)
    } else {
        (image::ExtendedColorType::Rgb8, 3)
    };
    let pixels = vec![128u8; (width * height * n) as usize];
    image::ImageEncoder::write_image(encoder, &pixels, width, height, color).unwrap();
    out
}

/// A real small JPEG whose frame header is rewritten to claim this size.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = sample::jpeg(16, 16, None, |_, _| [200, 10, 10]);
    let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline frame");
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

fn decode(bytes: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).unwrap().into_rgb8()
}

/// The markers of the segments before the image data.
fn markers(jpeg: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA {
        out.push(jpeg[i + 1]);
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    out
}

fn is_red(p: &image::Rgb<u8>) -> bool {
    p[0] > 180 && p[1] < 80 && p[2] < 80
}

#[test]
fn the_type_is_read_from_the_bytes() {
    assert_eq!(sniff(&sample::jpeg(8, 8, None, |_, _| [0, 0, 0])), Some(Format::Jpeg));
    assert_eq!(sniff(&png(4, 4, false)), Some(Format::Png));
    assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8L"), Some(Format::WebP));
    for other in [&b"GIF89a\x01\0\x01\0"[..], b"%PDF-1.7", b"<svg></svg>", b"", b"\xFF\xD8"] {
        assert_eq!(sniff(other), None, "{other:?}");
        assert_eq!(process(other, LIMIT).err(), Some(ProcessError::Unsupported));
    }
}

#[test]
fn png_and_webp_become_jpeg_copies_too() {
    let rgba = png(40, 30, true);
    let out = process(&rgba, LIMIT).unwrap();
    assert_eq!((out.width, out.height), (40, 30));
    assert_eq!(sniff(&out.full), Some(Format::Jpeg));

    let mut webp = Vec::new();
    let pixels = vec![90u8; 40 * 30 * 3];
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .encode(&pixels, 40, 30, image::ExtendedColorType::Rgb8)
        .unwrap();
    let out = process(&webp, LIMIT).unwrap();
    assert_eq!(decode(&out.thumb).dimensions(), (40, 30));
}

#[test]
fn a_small_file_claiming_enormous_dimensions_is_refused_before_decoding() {
    let started = std::time::Instant::now();
    let bomb = sample::png_claiming(100_000, 100_000);
    assert!(bomb.len() < 200);
    assert_eq!(process(&bomb, LIMIT).err(), Some(ProcessError::TooManyPixels));
    let bomb = jpeg_claiming(65_000, 65_000);
    assert_eq!(process(&bomb, LIMIT).err(), Some(ProcessError::TooManyPixels));
    // Decoding either would take gigabytes and many seconds.
    assert!(started.elapsed().as_millis() < 500, "{:?}", started.elapsed());
}

#[test]
fn the_pixel_limit_is_configurable_and_sides_beyond_jpeg_are_refused() {
    let photo = sample::jpeg(100, 50, None, sample::detailed_pixel);
    assert_eq!(process(&photo, 4_999).err(), Some(ProcessError::TooManyPixels));
    assert!(process(&photo, 5_000).is_ok());
    // Few pixels, but wider than a JPEG can be.
    assert_eq!(
        process(&sample::png_claiming(70_000, 1), LIMIT).err(),
        Some(ProcessError::TooManyPixels)
    );
}

#[test]
fn a_file_that_does_not_decode_is_refused() {
    let mut broken = png(30, 30, false);
    broken.truncate(60);
    assert_eq!(process(&broken, LIMIT).err(), Some(ProcessError::Undecodable));
    assert_eq!(
        process(&sample::png_claiming(10, 10), LIMIT).err(),
        Some(ProcessError::Undecodable)
    );
}

#[test]
fn three_copies_are_made_and_none_is_enlarged() {
    let photo = sample::jpeg(2000, 1500, None, sample::detailed_pixel);
    let out = process(&photo, LIMIT).unwrap();
    assert_eq!((out.width, out.height), (2000, 1500));
    assert_eq!(decode(&out.full).dimensions(), (2000, 1500));
    assert_eq!(decode(&out.display).dimensions(), (1600, 1200));
    assert_eq!(decode(&out.thumb).dimensions(), (320, 240));
    assert!(out.thumb.len() < out.display.len() && out.display.len() < out.full.len());

    let small = process(&sample::jpeg(200, 100, None, sample::detailed_pixel), LIMIT).unwrap();
    assert_eq!(decode(&small.display).dimensions(), (200, 100));
    assert_eq!(decode(&small.thumb).dimensions(), (200, 100));
}

/// Stored landscape with a red top-left corner and orientation 6: seen
/// upright, the picture is portrait and the red corner is at the top right.
#[test]
fn exif_orientation_is_applied_to_every_copy() {
    let exif = Exif { orientation: Some(6), ..Default::default() };
    let photo = sample::jpeg(2400, 1200, Some(&exif), |x, y| {
        if x < 400 && y < 300 { [230, 20, 20] } else { [40, 90, 200] }
    });
    let out = process(&photo, LIMIT).unwrap();
    assert_eq!((out.width, out.height), (1200, 2400));
    for (copy, (w, h)) in
        [(&out.full, (1200, 2400)), (&out.display, (800, 1600)), (&out.thumb, (160, 320))]
    {
        let img = decode(copy);
        assert_eq!(img.dimensions(), (w, h));
        let (m, n) = (w / 40, h / 40);
        assert!(is_red(img.get_pixel(w - 1 - m, n)), "top right is red");
        for (x, y) in [(m, n), (m, h - 1 - n), (w - 1 - m, h - 1 - n)] {
            assert!(!is_red(img.get_pixel(x, y)), "({x}, {y}) of {w}x{h} is not red");
        }
    }
}

#[test]
fn every_exif_orientation_puts_the_corner_where_it_belongs() {
    // Where the stored top-left corner appears, upright: (right?, bottom?).
    let expected = [
        (1, (false, false)),
        (2, (true, false)),
        (3, (true, true)),
        (4, (false, true)),
        (5, (false, false)),
        (6, (true, false)),
        (7, (true, true)),
        (8, (false, true)),
    ];
    for (orientation, (right, bottom)) in expected {
        let exif = Exif { orientation: Some(orientation), ..Default::default() };
        let photo = sample::jpeg(96, 64, Some(&exif), |x, y| {
            if x < 32 && y < 16 { [230, 20, 20] } else { [40, 90, 200] }
        });
        let img = decode(&process(&photo, LIMIT).unwrap().full);
        let (w, h) = img.dimensions();
        let x = if right { w - 4 } else { 3 };
        let y = if bottom { h - 4 } else { 3 };
        assert!(is_red(img.get_pixel(x, y)), "orientation {orientation}");
    }
}

#[test]
fn capture_time_and_position_are_read_before_being_thrown_away() {
    let photo = sample::phone_photo(64, 48);
    let out = process(&photo, LIMIT).unwrap();
    let tehran = FixedOffset::east_opt(3 * 3600 + 1800).unwrap();
    let expected = tehran.with_ymd_and_hms(2026, 11, 30, 10, 15, 0).unwrap();
    assert_eq!(out.meta.taken, Some(CaptureTime::Exact(expected)));
    let (lat, lon) = out.meta.gps.unwrap();
    assert!((lat - 35.6997).abs() < 1e-5 && (lon - 51.3380).abs() < 1e-5, "{lat} {lon}");

    let west = Exif {
        taken: Some("2026:01:02 03:04:05"),
        gps: Some((-33.9, -70.6)),
        ..Default::default()
    };
    let out = process(&sample::jpeg(8, 8, Some(&west), |_, _| [1, 2, 3]), LIMIT).unwrap();
    let local = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap().and_hms_opt(3, 4, 5).unwrap();
    assert_eq!(out.meta.taken, Some(CaptureTime::Local(local)));
    let (lat, lon) = out.meta.gps.unwrap();
    assert!(lat < -33.89 && lon < -70.59);
}

#[test]
fn stored_copies_carry_no_metadata_at_all() {
    let photo = sample::phone_photo(640, 480);
    // The source really has what must go.
    assert!(exif::Reader::new().read_from_container(&mut Cursor::new(&photo)).is_ok());
    let out = process(&photo, LIMIT).unwrap();
    for copy in [&out.full, &out.display, &out.thumb] {
        let read = exif::Reader::new().read_from_container(&mut Cursor::new(copy));
        assert!(read.is_err(), "EXIF found in a stored copy");
        let bytes = copy.as_slice();
        for needle in
            [&b"Exif"[..], b"SN-0042-PRIVATE", b"Yardstick Test Camera", b"http://ns.adobe"]
        {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{needle:?} survived");
        }
        // Of the application segments only JFIF's APP0 is there.
        let apps: Vec<u8> =
            markers(bytes).into_iter().filter(|m| (0xE0..=0xEF).contains(m)).collect();
        assert_eq!(apps, [0xE0]);
    }
}

#[tokio::test]
async fn uploads_wait_when_their_memory_is_spoken_for() {
    let dir = tempfile::tempdir().unwrap();
    let storage = super::storage::open(&format!("file://{}", dir.path().display())).unwrap();
    let config = super::PhotoConfig { max_bytes: 1024 * 1024, workers: 1, ..Default::default() };
    let evidence = super::Evidence::new(storage, config);
    // One worker's photo and two more at the largest size.
    let held: Vec<_> =
        futures::future::try_join_all((0..3).map(|_| evidence.reserve_upload(Some(1024 * 1024))))
            .await
            .unwrap();
    let wait = std::time::Duration::from_millis(50);
    let fourth = tokio::time::timeout(wait, evidence.reserve_upload(Some(1024 * 1024))).await;
    assert!(fourth.is_err(), "a fourth large upload waits");
    drop(held);
    assert!(tokio::time::timeout(wait, evidence.reserve_upload(Some(1024 * 1024))).await.is_ok());
    // Over the limit, or no length at all, is judged at once.
    assert!(matches!(
        evidence.reserve_upload(Some(2 * 1024 * 1024)).await,
        Err(crate::error::AppError::TooLarge)
    ));
    assert!(evidence.reserve_upload(None).await.is_ok());
}
