//! Files that are images but not whole ones, and images that are small as
//! files but enormous once decoded, uploaded over HTTP. The inputs are
//! made by Pillow and ImageMagick (tests/fixtures/photos).
use reqwest::StatusCode;
use serde_json::Value;

use super::{fixture, setup};
use crate::support::*;

fn cut(bytes: &[u8], fraction: f64) -> Vec<u8> {
    bytes[..(bytes.len() as f64 * fraction) as usize].to_vec()
}

fn assert_undecodable(status: StatusCode, body: &Value, what: &str) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
    assert_eq!(body["error"]["code"], "validation_failed", "{what}");
    let want = yardstick::i18n::Locale::En.t("photo-undecodable");
    assert_eq!(body["error"]["fields"]["file"], want.as_str(), "{what}: {body}");
}

#[tokio::test]
async fn a_cut_off_jpeg_png_or_webp_is_refused_with_a_message() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    for (name, fractions) in [
        ("pillow-800x600.jpg", &[1.0 / 3.0, 0.9, 0.999][..]),
        ("pillow-200x150.png", &[1.0 / 3.0, 0.9][..]),
        ("pillow-200x150.webp", &[1.0 / 3.0, 0.9][..]),
        // Its EXIF thumbnail has an end marker of its own: not the photo's.
        ("piexif-thumb-maker-south-west.jpg", &[0.95][..]),
    ] {
        let whole = fixture(name);
        for &f in fractions {
            let (status, body) = s.shopper.upload(&s.visit, cut(&whole, f), None).await;
            assert_undecodable(status, &body, &format!("{name} cut at {f:.3}"));
        }
    }
    // A PNG that stops after its header, as before.
    let mut header_only = yardstick::evidence::sample::png_claiming(10, 10);
    header_only.truncate(40);
    let (status, body) = s.shopper.upload(&s.visit, header_only, None).await;
    assert_undecodable(status, &body, "PNG header only");
    let (_, v) = s.manager.get(&format!("/api/v1/visits/{}", s.visit)).await;
    assert_eq!(v["photos"], serde_json::json!([]), "nothing was stored");
}

/// Bytes after the end marker are left by some phones (their own trailers)
/// and do no harm. A file without the end marker whose data runs to the
/// last block is whole in all but name: it is taken too.
#[tokio::test]
async fn a_whole_jpeg_with_bytes_after_its_end_or_without_its_end_marker_is_taken() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let whole = fixture("pillow-800x600.jpg");
    assert!(whole.ends_with(&[0xFF, 0xD9]));
    let mut trailer = whole.clone();
    trailer.extend_from_slice(b"SEFHtrailer written by a phone after the image\0\0\0");
    let no_eoi = whole[..whole.len() - 2].to_vec();
    for (what, bytes) in [("trailer", trailer), ("no end marker", no_eoi)] {
        let (status, p) = s.shopper.upload(&s.visit, bytes, None).await;
        assert_eq!(status, StatusCode::CREATED, "{what}: {p}");
        assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(800), Some(600)));
        let (_, _, full) = s.shopper.file(p["urls"]["full"].as_str().unwrap(), None).await;
        let img = image::load_from_memory(&full).unwrap().into_rgb8();
        // The top-left block is red and the bottom is the picture, not grey.
        assert!(img.get_pixel(20, 20).0[0] > 180, "{what}");
        let bottom = img.get_pixel(400, 590).0;
        let original = image::load_from_memory(&whole).unwrap().into_rgb8();
        let want = original.get_pixel(400, 590).0;
        assert!(bottom.iter().zip(want).all(|(a, b)| a.abs_diff(b) < 24), "{what}: {bottom:?}");
    }
}

/// 7000x7000 is under the 50 MP pixel limit, but as RGBA it decodes to
/// 196 MB (8-bit) or 392 MB (16-bit) from a file of 200 to 400 KB. What a
/// photo may hold decoded is bounded (64 MiB of RGB, a 22 MP picture),
/// checked on the header before anything is allocated, so several such
/// files at once are refused at once. A 12 MP 16-bit RGBA PNG is decoded
/// row by row to 8-bit RGB and taken.
#[tokio::test]
async fn png_bombs_under_the_pixel_limit_are_refused_and_a_12_mp_16_bit_png_is_taken() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let bombs = ["bomb-rgba8-7000x7000.png.gz", "bomb-rgba16-7000x7000.png.gz"].map(fixture);
    let started = std::time::Instant::now();
    let uploads = bombs.iter().cycle().take(6).map(|b| s.shopper.upload(&s.visit, b.clone(), None));
    for (status, body) in futures::future::join_all(uploads).await {
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(body["error"]["code"], "too_large");
    }
    assert!(started.elapsed().as_secs() < 10, "refused from the header: {:?}", started.elapsed());
    let (status, p) = s.shopper.upload(&s.visit, fixture("rgba16-4000x3000.png.gz"), None).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(4000), Some(3000)));
    let (_, _, thumb) = s.shopper.file(p["urls"]["thumb"].as_str().unwrap(), None).await;
    let px = image::load_from_memory(&thumb).unwrap().into_rgb8().get_pixel(10, 10).0;
    // rgba(10,120,200) at half opacity, on white.
    let want = [132, 187, 227];
    assert!(px.iter().zip(want).all(|(a, b)| a.abs_diff(b) < 8), "{px:?}");
}

/// PNGs are decoded row by row to 8-bit RGB: palettes and low bit depths
/// expanded, grey spread to three channels, transparency put on white,
/// interlaced files reassembled.
#[tokio::test]
async fn png_colour_types_from_other_tools_come_out_in_their_colours() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    for (name, corner, rest) in [
        ("pillow-palette.png", [220, 20, 20], [128, 128, 128]),
        ("magick-interlaced.png", [220, 20, 20], [128, 128, 128]),
        // Black, opaque in the corner and half transparent elsewhere.
        ("pillow-grey-alpha.png", [0, 0, 0], [127, 127, 127]),
    ] {
        let (status, p) = s.shopper.upload(&s.visit, fixture(name), None).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {p}");
        assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(64), Some(48)), "{name}");
        let (_, _, full) = s.shopper.file(p["urls"]["full"].as_str().unwrap(), None).await;
        let img = image::load_from_memory(&full).unwrap().into_rgb8();
        for ((x, y), want) in [((6, 6), corner), ((40, 30), rest), ((60, 44), rest)] {
            let got = img.get_pixel(x, y).0;
            assert!(
                got.iter().zip(want).all(|(a, b)| a.abs_diff(b) < 24),
                "{name} {x},{y}: {got:?}"
            );
        }
    }
}

/// A progressive JPEG holds its coefficients while it decodes: counted from
/// the frame header, a 12 MP 4:2:0 one (73 MB at its peak) is taken.
#[tokio::test]
async fn a_12_mp_progressive_jpeg_is_taken() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (status, p) =
        s.shopper.upload(&s.visit, fixture("pillow-progressive-4000x3000.jpg"), None).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(4000), Some(3000)));
}
