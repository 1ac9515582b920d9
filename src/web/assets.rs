//! CSS and scripts, compiled into the binary and served under names that
//! carry a hash of their content, so browsers may cache them for a year.
use std::sync::LazyLock;

use crate::web::extract::Path;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
    /// The plain name carries a version (a font named in the stylesheet), so
    /// it too may be cached for a year.
    versioned: bool,
}

static FILES: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/css/app.css"),
        versioned: false,
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/js/app.js"),
        versioned: false,
    },
    // The offline queue (issue 15), shared by the pages and the service
    // worker, which loads it under its plain name.
    Asset {
        name: "offline.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/js/offline.js"),
        versioned: false,
    },
    // Persian and Arabic script, so pages look the same on every phone
    // (assets/fonts/SOURCE.md).
    Asset {
        name: "vazirmatn-33.0.3-arabic.woff2",
        content_type: "font/woff2",
        bytes: include_bytes!("../../assets/fonts/vazirmatn-33.0.3-arabic.woff2"),
        versioned: true,
    },
];

struct Served {
    asset: &'static Asset,
    /// `app.<hash>.css`
    fingerprinted: String,
    etag: String,
}

static SERVED: LazyLock<Vec<Served>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|asset| {
            let hash = hex::encode(&Sha256::digest(asset.bytes)[..6]);
            let (stem, ext) = asset.name.rsplit_once('.').expect("asset names have extensions");
            Served {
                asset,
                fingerprinted: format!("{stem}.{hash}.{ext}"),
                etag: format!("\"{hash}\""),
            }
        })
        .collect()
});

/// The URL of an asset by its plain name, e.g. `url("app.css")`.
pub fn url(name: &str) -> String {
    let served = SERVED.iter().find(|s| s.asset.name == name).expect("known asset name");
    format!("/assets/{}", served.fingerprinted)
}

/// The service worker's script (written in assets/js, by the offline
/// queue's side). Served at the site's root, not under `/assets/`, so its
/// scope is the whole site; never fingerprinted (the browser looks for it
/// under one name and compares the bytes itself), so revalidated each time.
static SERVICE_WORKER: &[u8] = include_bytes!("../../assets/js/sw.js");

/// `GET /sw.js`.
pub async fn service_worker() -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::CACHE_CONTROL, "no-cache"),
        (HeaderName::from_static("service-worker-allowed"), "/"),
    ];
    (headers, SERVICE_WORKER).into_response()
}

pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Result<Response, AppError> {
    let served = SERVED
        .iter()
        .find(|s| s.fingerprinted == file || s.asset.name == file)
        .ok_or(AppError::NotFound)?;
    // A fingerprinted name never changes content; a plain name may.
    let cache = if served.fingerprinted == file || served.asset.versioned {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == served.etag));
    let common = [(header::CACHE_CONTROL, cache), (header::ETAG, served.etag.as_str())];
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    Ok((common, [(header::CONTENT_TYPE, served.asset.content_type)], served.asset.bytes)
        .into_response())
}
