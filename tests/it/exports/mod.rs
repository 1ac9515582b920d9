//! The CSV exports as real clients get them: every download read to its
//! end through gzip and through brotli, and `visits.csv`'s columns and
//! values against what the test put in.
use std::io::Read;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::scorecard::programme::{LOCATIONS, Programme};
use crate::support::*;

mod values;

/// A client that decompresses nothing: what arrives is what was sent.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder().no_gzip().no_brotli().build().unwrap()
}

/// The body as sent with `Accept-Encoding: encoding` (none when `None`),
/// read to its end, and its headers.
pub async fn fetch(url: &str, token: &str, encoding: Option<&str>) -> (HeaderMap, Vec<u8>) {
    let mut req = raw_client().get(url).bearer_auth(token);
    if let Some(e) = encoding {
        req = req.header("accept-encoding", e);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{url} with {encoding:?}");
    let headers = res.headers().clone();
    let body = res.bytes().await.unwrap_or_else(|e| panic!("{url} with {encoding:?}: {e:?}"));
    (headers, body.to_vec())
}

pub fn decompress(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "gzip" => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
        "br" => brotli_decompressor::Decompressor::new(bytes, 4096).read_to_end(&mut out),
        other => panic!("unexpected encoding {other}"),
    }
    .unwrap_or_else(|e| panic!("{encoding} stream ends early: {e}"));
    out
}

pub fn records(csv: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let text = std::str::from_utf8(csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    (header, r.records().map(Result::unwrap).collect())
}

#[tokio::test]
async fn every_download_arrives_whole_through_gzip_and_through_brotli() {
    let app = TestApp::spawn().await;
    let p = Programme::build(&app).await;
    let ph = crate::photos::setup(&app).await;
    let taken = ph.started + chrono::Duration::minutes(5);
    let (s, photo) =
        ph.shopper.upload(&ph.visit, crate::photos::photo(taken, (35.7, 51.3)), None).await;
    assert_eq!(s, StatusCode::CREATED, "{photo}");
    let (token, _) = app.token_for("admin").await;
    let approved = p.visits.iter().filter(|v| v.status == "approved").count();
    let phone = p.visits.iter().filter(|v| LOCATIONS[v.location].1 == "phone").count();
    // Path, and the data rows it must have (CSV) or `None`.
    let downloads = [
        ("/api/v1/exports/answers.csv".to_owned(), Some(3 * approved)),
        (
            "/api/v1/exports/answers.csv?channel=phone&include_pending=true".to_owned(),
            Some(3 * phone),
        ),
        ("/api/v1/exports/visits.csv".to_owned(), Some(approved)),
        ("/api/v1/exports/visits.csv?include_pending=true".to_owned(), Some(p.visits.len())),
        ("/api/v1/exports/scorecard.csv".to_owned(), None),
        (photo["urls"]["full"].as_str().unwrap().to_owned(), None),
        ("/login".to_owned(), None),
    ];
    for (path, rows) in &downloads {
        let url = if path.starts_with("http") { path.clone() } else { app.url(path) };
        let (_, plain) = fetch(&url, &token, None).await;
        for encoding in ["gzip", "br"] {
            let (headers, body) = fetch(&url, &token, Some(encoding)).await;
            let got = match headers.get("content-encoding") {
                Some(e) => {
                    assert_eq!(e, encoding, "{path}");
                    decompress(encoding, &body)
                }
                None => {
                    // Only what is not worth compressing travels as is.
                    let kind = headers["content-type"].to_str().unwrap();
                    assert!(kind.starts_with("image/"), "{path} {encoding}: {kind} not compressed");
                    body
                }
            };
            assert_eq!(got.len(), plain.len(), "{path} {encoding}");
            assert!(got == plain, "{path} {encoding}: not the same bytes");
            if let Some(n) = rows {
                let (_, recs) = records(&got);
                assert_eq!(recs.len(), *n, "{path} {encoding}");
                assert!(got.ends_with(b"\n"), "{path} {encoding}: last row whole");
            }
        }
        if path == "/login" {
            assert!(String::from_utf8_lossy(&plain).trim_end().ends_with("</html>"));
        }
    }
    // The last row of the answers is the last answer of the last visit.
    let (_, plain) = fetch(&app.url("/api/v1/exports/answers.csv"), &token, None).await;
    let (header, recs) = records(&plain);
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let last = recs.last().unwrap();
    let latest = p.visits.iter().filter(|v| v.status == "approved").max_by_key(|v| v.date).unwrap();
    assert_eq!(&last[col("visit_id")], latest.id.to_string());
    assert_eq!(&last[col("code")], latest.second_code());
}
