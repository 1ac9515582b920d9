//! The HTTP layer: routing, middleware, pages and the JSON API. Only this
//! module knows HTTP; handlers parse, authorise, call the domain, render.
mod api;
mod assets;
mod components;
pub mod context;
pub mod csrf;
mod extract;
pub(crate) mod fused;
mod layout;
mod ops;
mod pages;
pub mod paths;
mod render_error;
mod serve;
pub mod session_store;

pub use serve::serve;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::csrf::CsrfLayer;
use tower_http::map_response_body::MapResponseBodyLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::app::AppState;
use crate::error::AppError;
use session_store::DbSessionStore;

pub const SESSION_COOKIE: &str = "yardstick_session";

/// `worker-src 'self'`: the offline service worker (`/sw.js`) is a script
/// of this site; said outright rather than left to `script-src`'s fallback.
const CSP: &str = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; \
    img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

pub fn router(app: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(app.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_secure(app.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(app.config.session_idle));

    Router::new()
        .merge(pages::routes(app.config.photos.max_bytes))
        .nest(paths::API, api::routes(app.config.photos.max_bytes))
        .merge(api::photo_files())
        .route(paths::HEALTHZ, get(ops::healthz))
        .route(paths::METRICS, get(ops::metrics))
        .route("/assets/{file}", get(assets::serve))
        .route(paths::SERVICE_WORKER, get(assets::service_worker))
        .fallback(|| async { AppError::NotFound })
        // Innermost first. The context resolves the actor and language, and
        // renders errors from everything inside it (panics and CSRF included).
        .layer(from_fn(csrf::middleware))
        .layer(CsrfLayer::new())
        .layer(CatchPanicLayer::new())
        .layer(from_fn_with_state(app.clone(), context::middleware))
        .layer(sessions)
        .layer(header_layer(header::CACHE_CONTROL, "no-store"))
        .layer(header_layer(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(from_fn(ops::track_metrics))
        .layer(ops::trace_layer())
        // Compression polls a body after its end; see `fused`.
        .layer(MapResponseBodyLayer::new(fused::Fused::body))
        // Phones on a weak signal: pages and assets travel compressed. CSV
        // exports are compressed by their own, faster layer (`api`). Level
        // 1: tower-http's default brotli (4) sets up megabytes of tables
        // for every response, a fifth of the CPU of a visit's save and
        // submit, for bodies about 15% smaller (BENCHMARKS.md). A body
        // under 1 KiB goes in one packet either way, so it goes as it is.
        .layer(
            CompressionLayer::new().quality(CompressionLevel::Precise(1)).compress_when(
                SizeAbove::new(1024)
                    .and(NotForContentType::GRPC)
                    .and(NotForContentType::IMAGES)
                    .and(NotForContentType::SSE)
                    .and(NotForContentType::const_new("text/csv")),
            ),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(app)
}
