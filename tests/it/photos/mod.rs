//! Photo evidence over HTTP: upload, limits and bad files, what is stored
//! and served to whom, caching, deleting, flags, and photo rules at submit.
use chrono::{Duration, Utc};
use reqwest::multipart::Form;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use yardstick::evidence::sample::{self, Exif};

use crate::support::*;

mod broken;
mod large;
mod offline;
mod rules;
mod storage;
mod writers;

/// Where the test location is: Azadi Tower, Tehran.
const HERE: (f64, f64) = (35.6997, 51.3380);
/// Isfahan, some 340 km away.
const FAR: (f64, f64) = (32.6575, 51.6776);

fn checklist() -> Value {
    json!({
      "name": "Evidence standard",
      "sections": [{"category": "stock", "title": "Stock", "criteria": [
        {"code": "STK-01", "prompt": "Shelves full?", "kind": "yes_no", "photo": "on_fail"},
        {"code": "STK-02", "prompt": "Price tags shown?", "kind": "yes_no", "photo": "always"},
        {"code": "STK-03", "prompt": "Photo of the entrance", "kind": "photo"},
        {"code": "STK-04", "prompt": "Staff name badge?", "kind": "yes_no"}
      ]}]
    })
}

pub struct Setup {
    pub shopper: Api,
    pub shopper_id: i32,
    pub manager: Api,
    pub visit: String,
    pub started: chrono::DateTime<Utc>,
}

/// A manager's programme and a shopper's draft visit, two hours ago.
pub async fn setup(app: &TestApp) -> Setup {
    setup_at(app, HERE, "Asia/Tehran", Utc::now() - Duration::hours(2)).await
}

/// The same at a place of its own (coordinates, time zone), the visit
/// starting at `started` and lasting half an hour.
pub async fn setup_at(
    app: &TestApp,
    at: (f64, f64),
    timezone: &str,
    started: chrono::DateTime<Utc>,
) -> Setup {
    let (manager, _) = Api::new(app, "manager").await;
    let (shopper, shopper_id) = Api::new(app, "shopper").await;
    let brand = json!({"name": format!("Ours {}", uuid::Uuid::new_v4()), "own": true});
    let (_, brand) = manager.post("/api/v1/brands", brand).await;
    let (s, loc) = manager
        .post(
            "/api/v1/locations",
            json!({"brand_id": brand["id"], "name": "Azadi", "channel": "store",
                   "address": "Azadi Sq.", "latitude": at.0, "longitude": at.1,
                   "timezone": timezone}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{loc}");
    let (_, cl) = manager.post("/api/v1/checklists", checklist()).await;
    let (s, body) = manager
        .post(&format!("/api/v1/checklists/{}/versions/1/publish", cl["id"]), json!({}))
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let visit = uuid::Uuid::new_v4().to_string();
    let (s, body) = shopper
        .put(
            &format!("/api/v1/visits/{visit}"),
            json!({"location_id": loc["id"], "checklist_id": cl["id"],
                   "started_at": started.to_rfc3339(),
                   "ended_at": (started + Duration::minutes(30)).to_rfc3339()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    Setup { shopper, shopper_id, manager, visit, started }
}

/// A phone photo taken at `taken` (UTC) at `at`, stored sideways with
/// orientation 6.
/// A file of tests/fixtures/photos (made by other tools; see the README
/// there); `.gz` files are unzipped.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/photos/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if !name.ends_with(".gz") {
        return bytes;
    }
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out).unwrap();
    out
}

pub fn photo(taken: chrono::DateTime<Utc>, at: (f64, f64)) -> Vec<u8> {
    let when = taken.format("%Y:%m:%d %H:%M:%S").to_string();
    let exif = Exif {
        orientation: Some(6),
        taken: Some(&when),
        offset: Some("+00:00"),
        gps: Some(at),
        serial: Some("SN-0042-PRIVATE"),
    };
    sample::jpeg(640, 480, Some(&exif), sample::detailed_pixel)
}

fn decode(bytes: &[u8]) -> image::RgbImage {
    image::load_from_memory(bytes).expect("a stored copy decodes").into_rgb8()
}

#[tokio::test]
async fn an_uploaded_photo_is_upright_in_three_sizes_without_metadata() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (status, p) = s
        .shopper
        .upload(&s.visit, photo(s.started + Duration::minutes(5), HERE), Some("STK-02"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    // Stored landscape, shown portrait.
    assert_eq!((p["width"].as_i64(), p["height"].as_i64()), (Some(480), Some(640)));
    assert_eq!(p["flags"], json!([]));
    let taken = chrono::DateTime::parse_from_rfc3339(p["taken_at"].as_str().unwrap()).unwrap();
    assert_eq!(taken.timestamp(), (s.started + Duration::minutes(5)).timestamp());
    for (size, dims) in [("thumb", (240, 320)), ("display", (480, 640)), ("full", (480, 640))] {
        let url = p["urls"][size].as_str().unwrap();
        let (status, headers, bytes) = s.shopper.file(url, None).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert_eq!(headers["content-type"], "image/jpeg");
        assert_eq!(decode(&bytes).dimensions(), dims, "{size}");
        for secret in [&b"Exif"[..], b"SN-0042-PRIVATE", b"Yardstick Test Camera"] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret), "{size} leaks {secret:?}");
        }
    }
    // The visit lists it, with the same URLs.
    let (_, v) = s.manager.get(&format!("/api/v1/visits/{}", s.visit)).await;
    assert_eq!(v["photos"][0]["id"], p["id"]);
    assert_eq!(v["photos"][0]["criterion"], "STK-02");
    assert_eq!(v["photos"][0]["caption"], "Queue at the till");
    assert_eq!(v["photos"][0]["urls"], p["urls"]);
    assert_eq!(v["flags"], json!([]));
}

#[tokio::test]
async fn a_photo_taken_far_away_and_days_earlier_is_flagged() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (status, p) =
        s.shopper.upload(&s.visit, photo(s.started - Duration::days(10), FAR), None).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    assert_eq!(p["flags"], json!(["taken_outside_visit_window", "far_from_location"]));
    let (_, v) = s.manager.get(&format!("/api/v1/visits/{}", s.visit)).await;
    assert_eq!(v["flags"], json!(["taken_outside_visit_window", "far_from_location"]));
    assert_eq!(v["photos"][0]["flags"], p["flags"]);
}

#[tokio::test]
async fn what_is_not_an_image_is_415() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    for file in [
        b"just some text".to_vec(),
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
        b"%PDF-1.7\n".to_vec(),
    ] {
        let (status, body) = s.shopper.upload(&s.visit, file, None).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
        assert_eq!(body["error"]["code"], "unsupported_media_type");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_file_over_the_size_limit_is_413() {
    let app = TestApp::spawn_with(|c| c.photos.max_bytes = 200_000).await;
    let s = setup(&app).await;
    // Just over the limit (the handler's count) and far over it (the body limit).
    for size in [200_001, 3_000_000] {
        let mut big = sample::jpeg(8, 8, None, |_, _| [1, 2, 3]);
        big.resize(size, 0);
        let (status, body) = s.shopper.upload(&s.visit, big, None).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{size}: {body}");
        assert_eq!(body["error"]["code"], "too_large");
    }
    let (status, _) = s.shopper.upload(&s.visit, photo(s.started, HERE), None).await;
    assert_eq!(status, StatusCode::CREATED, "a photo under the limit still goes in");
}

#[tokio::test]
async fn a_small_file_claiming_enormous_dimensions_is_refused() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (status, body) =
        s.shopper.upload(&s.visit, sample::png_claiming(100_000, 100_000), None).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let app = TestApp::spawn_with(|c| c.photos.max_pixels = 100_000).await;
    let s = setup(&app).await;
    let (status, _) = s.shopper.upload(&s.visit, photo(s.started, HERE), None).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "640x480 is over a 100,000-pixel limit");
}

#[tokio::test]
async fn an_unknown_criterion_is_422_and_a_missing_file_too() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (status, body) = s.shopper.upload(&s.visit, photo(s.started, HERE), Some("NOPE-9")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["fields"]["criterion"].is_string(), "{body}");
    let form = Form::new().text("caption", "no file");
    let res = s
        .shopper
        .request(Method::POST, &format!("/api/v1/visits/{}/photos", s.visit))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_those_who_may_see_the_visit_see_its_photos() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (_, p) = s.shopper.upload(&s.visit, photo(s.started, HERE), None).await;
    let url = p["urls"]["display"].as_str().unwrap();
    let (other, _) = Api::new(&app, "shopper").await;
    assert_eq!(other.file(url, None).await.0, StatusCode::NOT_FOUND);
    let (status, _) = other.upload(&s.visit, photo(s.started, HERE), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another shopper cannot add to the visit");
    for role in ["trainer", "manager", "admin"] {
        let (reader, _) = Api::new(&app, role).await;
        assert_eq!(reader.file(url, None).await.0, StatusCode::OK, "{role}");
    }
    // Not signed in: sent to sign in, never the picture.
    let res = app.browser().get(url).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login"));
    // Ids that are not photos, and sizes that do not exist.
    let bogus = url.replace("display", "original");
    assert_eq!(s.shopper.file(&bogus, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.shopper.file("/photos/not-a-uuid/thumb", None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stored_copies_are_cached_forever_and_revalidate_with_their_etag() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (_, p) = s.shopper.upload(&s.visit, photo(s.started, HERE), None).await;
    let url = p["urls"]["thumb"].as_str().unwrap();
    let (status, headers, bytes) = s.shopper.file(url, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "private, max-age=31536000, immutable");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    use sha2::Digest;
    assert_eq!(etag, format!("\"{}\"", hex::encode(sha2::Sha256::digest(&bytes))));
    let (status, headers, body) = s.shopper.file(url, Some(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(headers["etag"], etag.as_str());
    let (status, _, _) = s.shopper.file(url, Some("\"something-else\"")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_refused_upload_is_explained_in_the_users_language() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let user = app.create_user_with("shopper", "fa-photos@example.com", "fa").await;
    let token = yardstick::accounts::tokens::issue(&app.app.db, user.id).await.unwrap();
    let persian = Api::with_token(&app, token);
    // Their own draft at the same place, with the same checklist.
    let (_, v) = s.manager.get(&format!("/api/v1/visits/{}", s.visit)).await;
    let visit = uuid::Uuid::new_v4().to_string();
    let body =
        json!({"location_id": v["location_id"], "checklist_version_id": v["checklist_version_id"]});
    let (status, _) = persian.put(&format!("/api/v1/visits/{visit}"), body).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = persian.upload(&visit, b"not a picture".to_vec(), None).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["error"]["message"], yardstick::i18n::Locale::Fa.t("error-unsupported-media"));
}
