//! EXIF as other software writes it (piexif, Pillow, exiftool, the samples
//! shipped in kamadak-exif), uploaded over HTTP: the photo comes out
//! upright, with its capture time and the right flags. The files are in
//! tests/fixtures/photos, made by its make.py.
use chrono::{DateTime, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{fixture, setup_at};
use crate::support::*;

/// Where the fixtures say they were taken.
const PARIS: (f64, f64) = (48.8584, 2.2945);
const SAO_PAULO: (f64, f64) = (-23.5614, -46.6559);
const TEHRAN: (f64, f64) = (35.6997, 51.3380);

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn taken_at(p: &Value) -> Option<DateTime<Utc>> {
    p["taken_at"].as_str().map(|t| DateTime::parse_from_rfc3339(t).unwrap().to_utc())
}

fn is(p: &image::Rgb<u8>, want: [u8; 3]) -> bool {
    p.0.iter().zip(want).all(|(&a, b)| a.abs_diff(b) < 60)
}

/// The stored full-size copy is the upright picture: 120x80, red block top
/// left, blue top right, grey below.
async fn assert_upright(api: &Api, p: &Value, name: &str) {
    assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(120), Some(80)), "{name}: {p}");
    let (status, _, bytes) = api.file(p["urls"]["full"].as_str().unwrap(), None).await;
    assert_eq!(status, StatusCode::OK);
    let img = image::load_from_memory(&bytes).unwrap().into_rgb8();
    assert_eq!(img.dimensions(), (120, 80), "{name}");
    assert!(
        is(img.get_pixel(8, 8), [220, 20, 20]),
        "{name}: red top left, {:?}",
        img.get_pixel(8, 8)
    );
    assert!(is(img.get_pixel(111, 8), [20, 20, 220]), "{name}: blue top right");
    for (x, y) in [(8, 71), (111, 71), (60, 40)] {
        assert!(is(img.get_pixel(x, y), [128, 128, 128]), "{name}: grey at {x},{y}");
    }
}

#[tokio::test]
async fn every_orientation_from_piexif_and_pillow_comes_out_upright_with_its_time() {
    let app = TestApp::spawn().await;
    // 11:15 in Paris on 27 November is 10:15 UTC: no flag, no distance.
    let s = setup_at(&app, PARIS, "Europe/Paris", utc(2026, 11, 27, 10, 0)).await;
    for writer in ["piexif", "pillow"] {
        for o in 1..=8 {
            let name = format!("{writer}-o{o}.jpg");
            let (status, p) = s.shopper.upload(&s.visit, fixture(&name), None).await;
            assert_eq!(status, StatusCode::CREATED, "{name}: {p}");
            assert_upright(&s.shopper, &p, &name).await;
            assert_eq!(taken_at(&p), Some(utc(2026, 11, 27, 10, 15)), "{name}");
            assert_eq!(p["flags"], json!([]), "{name}");
        }
    }
}

#[tokio::test]
async fn a_piexif_photo_taken_days_earlier_in_paris_is_flagged_at_a_visit_in_tehran() {
    let app = TestApp::spawn().await;
    let s = setup_at(&app, TEHRAN, "Asia/Tehran", utc(2026, 11, 30, 8, 0)).await;
    let (status, p) = s.shopper.upload(&s.visit, fixture("piexif-o6.jpg"), None).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_upright(&s.shopper, &p, "piexif-o6.jpg").await;
    // No offset in the file: the camera's clock is read in the visit's
    // time zone, as the shopper's own times are.
    let tehran = chrono_tz::Asia::Tehran.with_ymd_and_hms(2026, 11, 27, 11, 15, 0).unwrap();
    assert_eq!(taken_at(&p), Some(tehran.to_utc()));
    assert_eq!(p["flags"], json!(["taken_outside_visit_window", "far_from_location"]));
}

#[tokio::test]
async fn exiftool_either_byte_order_south_and_west_with_an_offset_and_a_thumbnail() {
    let app = TestApp::spawn().await;
    // OffsetTimeOriginal +01:00: 11:15 there is 10:15 UTC, whatever the
    // visit's time zone.
    let s = setup_at(&app, SAO_PAULO, "America/Sao_Paulo", utc(2026, 11, 27, 10, 0)).await;
    for name in ["exiftool-ii-o8.jpg", "exiftool-mm-o3.jpg"] {
        let (status, p) = s.shopper.upload(&s.visit, fixture(name), None).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {p}");
        assert_upright(&s.shopper, &p, name).await;
        assert_eq!(taken_at(&p), Some(utc(2026, 11, 27, 10, 15)), "{name}");
        // Taken where the visit was: the southern and western signs count
        // (without them the photo would be 7,000 km away, off Africa).
        assert_eq!(p["flags"], json!([]), "{name}");
    }
    // The same photos at a visit in Tehran are far away.
    let t = setup_at(&app, TEHRAN, "Asia/Tehran", utc(2026, 11, 27, 10, 0)).await;
    let (_, p) = t.shopper.upload(&t.visit, fixture("exiftool-ii-o8.jpg"), None).await;
    assert_eq!(p["flags"], json!(["far_from_location"]));
}

#[tokio::test]
async fn a_thumbnail_and_a_maker_note_do_not_hide_the_rest() {
    let app = TestApp::spawn().await;
    // -03:00: 11:15 in São Paulo is 14:15 UTC.
    let s = setup_at(&app, SAO_PAULO, "America/Sao_Paulo", utc(2026, 11, 27, 14, 0)).await;
    let name = "piexif-thumb-maker-south-west.jpg";
    let (status, p) = s.shopper.upload(&s.visit, fixture(name), None).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_upright(&s.shopper, &p, name).await;
    assert_eq!(taken_at(&p), Some(utc(2026, 11, 27, 14, 15)));
    assert_eq!(p["flags"], json!([]));
}

#[tokio::test]
async fn a_broken_ifd_chain_keeps_the_orientation_and_the_time() {
    let app = TestApp::spawn().await;
    let s = setup_at(&app, TEHRAN, "Europe/Paris", utc(2026, 11, 27, 10, 0)).await;
    let (status, p) = s.shopper.upload(&s.visit, fixture("piexif-broken-chain.jpg"), None).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_upright(&s.shopper, &p, "piexif-broken-chain.jpg").await;
    assert_eq!(taken_at(&p), Some(utc(2026, 11, 27, 10, 15)));
    // The GPS block was the broken part: no position, so no distance flag.
    assert_eq!(p["flags"], json!([]));
}

#[tokio::test]
async fn the_samples_shipped_with_kamadak_exif_are_taken_in_every_container() {
    let app = TestApp::spawn().await;
    let s = setup_at(&app, PARIS, "Europe/Paris", utc(2026, 11, 27, 10, 0)).await;
    // The JPEG's only time is DateTime, 2016:05:04 03:02:01, read in Paris
    // time (summer, +02:00); it has an IFD1 thumbnail. The PNG (eXIf chunk)
    // and the WebP (EXIF chunk) carry a description and no time.
    for (name, want) in [
        ("crates/exif.jpg", Some(Utc.with_ymd_and_hms(2016, 5, 4, 1, 2, 1).unwrap())),
        ("crates/exif.png", None),
        ("crates/exif.webp", None),
    ] {
        let (status, p) = s.shopper.upload(&s.visit, fixture(name), None).await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {p}");
        assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(15), Some(7)), "{name}");
        assert_eq!(taken_at(&p), want, "{name}");
    }
}
