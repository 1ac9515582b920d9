//! Phone photos over the decode budget (24 MP and 48 MP JPEGs, as an
//! iPhone 15/16 writes them): taken at a reduced size, decoded in the DCT
//! domain; cut off, refused as any cut-off JPEG; a PNG that large, refused.
//! The files are made here, at test time, rather than checked in.
use reqwest::StatusCode;
use yardstick::evidence::sample::{self, Exif};

use super::setup;
use crate::support::*;

const RED: [u8; 3] = [220, 20, 20];
const GREY: [u8; 3] = [128, 128, 128];

/// A sideways (orientation 6) JPEG of `w` x `h`, grey with a red block in
/// its stored top-left corner, which shows top right once upright.
fn sideways(w: u16, h: u16) -> Vec<u8> {
    let exif = Exif {
        orientation: Some(6),
        taken: Some("2026:11:30 10:15:00"),
        offset: Some("+00:00"),
        gps: None,
        serial: None,
    };
    let (qw, qh) = (u32::from(w) / 4, u32::from(h) / 4);
    sample::jpeg(w, h, Some(&exif), |x, y| if x < qw && y < qh { RED } else { GREY })
}

fn close(p: &image::Rgb<u8>, want: [u8; 3]) -> bool {
    p.0.iter().zip(want).all(|(&a, b)| a.abs_diff(b) < 40)
}

async fn assert_taken_reduced(s: &super::Setup, bytes: Vec<u8>, want: (u32, u32), what: &str) {
    let (status, p) = s.shopper.upload(&s.visit, bytes, None).await;
    assert_eq!(status, StatusCode::CREATED, "{what}: {p}");
    let dims = (p["width"].as_u64().unwrap() as u32, p["height"].as_u64().unwrap() as u32);
    assert_eq!(dims, want, "{what}: the API reports the stored copy's size");
    assert_eq!(p["taken_at"].as_str(), Some("2026-11-30T10:15:00+00:00"), "{what}: {p}");
    let (status, _, full) = s.shopper.file(p["urls"]["full"].as_str().unwrap(), None).await;
    assert_eq!(status, StatusCode::OK);
    let img = image::load_from_memory(&full).unwrap().into_rgb8();
    assert_eq!(img.dimensions(), want, "{what}");
    let (w, h) = want;
    assert!(close(img.get_pixel(w - 20, 20), RED), "{what}: red top right (upright)");
    assert!(close(img.get_pixel(20, 20), GREY), "{what}: grey top left");
    assert!(close(img.get_pixel(w - 20, h - 20), GREY), "{what}: grey bottom right");
    for url in ["display", "thumb"] {
        let (status, _, b) = s.shopper.file(p["urls"][url].as_str().unwrap(), None).await;
        assert_eq!(status, StatusCode::OK, "{what}: {url}");
        let small = image::load_from_memory(&b).unwrap();
        assert!(small.height() > small.width(), "{what}: {url} upright");
    }
}

#[tokio::test]
async fn a_24_mp_jpeg_is_stored_at_half_size_upright_with_its_time() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    assert_taken_reduced(&s, sideways(6000, 4000), (2000, 3000), "24 MP").await;
}

/// This file is 4:4:4 (jpeg-encoder's default): at half a side, 12 MP, its
/// 36 MB of RGB and 36 MB of component planes are over the budget, so a
/// quarter. (A phone's 4:2:0 48 MP JPEG needs 54 MB at half: taken at half.)
#[tokio::test]
async fn a_48_mp_4_4_4_jpeg_is_stored_at_a_quarter_of_a_side() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    assert_taken_reduced(&s, sideways(8000, 6000), (1500, 2000), "48 MP").await;
}

#[tokio::test]
async fn a_cut_off_24_mp_jpeg_is_refused_and_a_24_mp_png_is_still_413() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let whole = sideways(6000, 4000);
    for f in [0.5, 0.9, 0.999] {
        let cut = whole[..(whole.len() as f64 * f) as usize].to_vec();
        let (status, body) = s.shopper.upload(&s.visit, cut, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "cut at {f}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "cut at {f}");
    }
    let mut png = Vec::new();
    let grey = image::RgbImage::from_pixel(6000, 4000, image::Rgb(GREY));
    grey.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let (status, body) = s.shopper.upload(&s.visit, png, None).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let (_, v) = s.manager.get(&format!("/api/v1/visits/{}", s.visit)).await;
    assert_eq!(v["photos"], serde_json::json!([]), "nothing was stored");
}
