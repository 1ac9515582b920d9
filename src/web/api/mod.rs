//! The JSON API of API.md under `/api/v1`.
mod actions;
mod assignments;
mod auth;
mod checklists;
mod notifications;
mod photos;
mod places;
mod rounds;
mod scorecards;
mod users;
mod visits;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, patch, post, put};

use serde_json::{Value, json};

use crate::app::AppState;
use crate::error::AppError;
use crate::web::paths;
pub use photos::photo_json;

/// The route serving stored photo files, for the page router.
pub fn photo_files() -> Router<AppState> {
    Router::new()
        .route(paths::PHOTO_FILE, get(photos::serve))
        .route(paths::ACTION_PHOTO_FILE, get(actions::serve))
}

pub(crate) use actions::store_fix_photo;

pub fn routes(max_photo_bytes: usize) -> Router<AppState> {
    Router::new()
        .route("/auth/token", post(auth::issue).delete(auth::revoke))
        .route("/me", get(auth::me))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", get(users::show).patch(users::update))
        .route("/checklists", get(checklists::list).post(checklists::create))
        .route("/checklists/{id}/versions", post(checklists::add_version))
        .route(
            "/checklists/{id}/versions/{version}",
            get(checklists::show_version).put(checklists::replace_version),
        )
        .route("/checklists/{id}/versions/{version}/publish", post(checklists::publish))
        .route("/assignments", get(assignments::list).post(assignments::create))
        .route(paths::API_NOTIFICATIONS, get(notifications::list))
        .route(paths::API_NOTIFICATION_READ, post(notifications::mark_read))
        .route(paths::API_NOTIFICATIONS_READ_ALL, post(notifications::mark_all_read))
        .route(
            paths::API_NOTIFICATION_PREFERENCES,
            get(notifications::prefs).put(notifications::set_prefs),
        )
        .route("/assignments/{id}/reassign", post(rounds::reassign))
        .route("/rounds", get(rounds::list).post(rounds::create_from_pairs))
        .route("/rounds/{id}", get(rounds::show).patch(rounds::update))
        .route("/rounds/{id}/run", post(rounds::run_now))
        .route("/rounds/{id}/periods", get(rounds::periods))
        .route("/rounds/{id}/periods/{start}", get(rounds::period))
        .route("/shoppers/{id}/exclusions", get(rounds::exclusions).put(rounds::set_exclusions))
        .route("/visits", get(visits::list))
        .route("/visits/{id}", get(visits::show).put(visits::put))
        .route("/visits/{id}/submit", post(visits::submit))
        .route("/visits/{id}/review", post(visits::review))
        .route("/scorecard", get(scorecards::show))
        .route("/scorecard/trend", get(scorecards::trend))
        .merge(scorecards::export_routes())
        .route("/brands", get(places::list_brands).post(places::create_brand))
        .route("/brands/{id}", patch(places::update_brand))
        .route("/locations", get(places::list_locations).post(places::create_location))
        .route("/locations/{id}", get(places::show_location).patch(places::update_location))
        .merge(
            Router::new()
                .route("/locations/import", post(places::import_locations))
                .layer(DefaultBodyLimit::max(crate::places::import::MAX_BYTES)),
        )
        .route(paths::API_ACTIONS, get(actions::list).post(actions::create))
        .route(paths::API_ACTION_RULE, get(actions::show_rule).put(actions::set_rule))
        .route(paths::API_ACTION, get(actions::show))
        .route(paths::API_ACTION_COMMENTS, post(actions::comment))
        .route(paths::API_ACTION_DONE, post(actions::done))
        .route(paths::API_ACTION_VERIFY, post(actions::verify))
        .route(paths::API_ACTION_REOPEN, post(actions::reopen))
        .route(
            paths::API_USER_LOCATIONS,
            get(actions::user_locations).put(actions::set_user_locations),
        )
        .merge(
            Router::new()
                .route(paths::API_ACTION_PHOTOS, post(actions::upload))
                .layer(DefaultBodyLimit::max(max_photo_bytes.saturating_add(64 * 1024))),
        )
        .route(paths::API_PHOTO, delete(photos::delete))
        .route(paths::API_VISIT_EXPECTED_PHOTOS, put(photos::expected))
        .merge(
            // The file plus the small fields and multipart framing; the
            // handler holds the file itself to the exact limit.
            Router::new()
                .route(paths::API_VISIT_PHOTOS, post(photos::upload))
                .layer(DefaultBodyLimit::max(max_photo_bytes.saturating_add(64 * 1024))),
        )
        .fallback(|| async { AppError::NotFound })
}

/// The one shape of a paginated list in the API.
fn page_json(items: Vec<Value>, total: u64, page: u64, pages: u64, per_page: u64) -> Value {
    json!({ "items": items, "total": total, "page": page, "pages": pages, "per_page": per_page })
}
