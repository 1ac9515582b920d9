//! HTML pages, one file per area.
mod account;
mod assignments;
mod auth;
mod brands;
mod checklist_editor;
mod checklists;
mod criterion_editor;
mod gallery;
mod home;
mod import;
mod locations;
mod scorecard;
mod scorecard_chart;
mod scorecard_form;
mod scorecard_trend;
mod scorecard_view;
mod setup;
mod shopper_home;
mod users;
mod visit_form;
mod visit_list;
mod visit_photos;
mod visit_report;
mod visits;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use super::paths;
use crate::app::AppState;

/// How many uploads' worth a visit form post may carry without the script
/// before it is cut off (only one upload's worth is kept; see
/// `visit_photos::VisitPost`).
const FORM_POST_UPLOADS: usize = 8;

pub fn routes(max_photo_bytes: usize) -> Router<AppState> {
    Router::new()
        .route(paths::HOME, get(home::show))
        .route(paths::LOGIN, get(auth::form).post(auth::submit))
        .route(paths::LOGOUT, post(auth::logout))
        .route(paths::SETUP, get(setup::form).post(setup::submit))
        .route(paths::ACCOUNT, get(account::show))
        .route(paths::ACCOUNT_PASSWORD, post(account::change_password))
        .route(paths::ACCOUNT_LANGUAGE, post(account::change_language))
        .route(paths::USERS, get(users::list))
        .route(paths::USER_NEW, get(users::new_form).post(users::create))
        .route("/admin/users/{id}", get(users::edit_form).post(users::update))
        .route(paths::BRANDS, get(brands::list))
        .route(paths::BRAND_NEW, get(brands::new_form).post(brands::create))
        .route("/brands/{id}", get(brands::edit_form).post(brands::update))
        .route("/brands/{id}/archive", post(brands::archive))
        .route(paths::CHECKLISTS, get(checklists::list))
        .route(paths::CHECKLIST_NEW, post(checklists::create))
        .route(paths::CHECKLIST_IMPORT, post(checklists::import_new))
        .route(paths::CHECKLIST_BUILTIN, post(checklists::add_builtin))
        .route("/checklists/{id}", get(checklists::latest))
        .route("/checklists/{id}/versions/{version}", get(checklists::show_version))
        .route("/checklists/{id}/versions/{version}/publish", post(checklists::publish))
        .route("/checklists/{id}/versions/{version}/edit", post(checklists::new_draft))
        .route("/checklists/{id}/versions/{version}/import", post(checklists::replace))
        .route("/checklists/{id}/versions/{version}/export", get(checklists::export))
        .route("/checklists/{id}/versions/{version}/op", post(checklist_editor::op))
        .route(
            "/checklists/{id}/versions/{version}/sections/new",
            get(checklist_editor::new_section_form).post(checklist_editor::add_section),
        )
        .route(
            "/checklists/{id}/versions/{version}/sections/{s}",
            get(checklist_editor::section_form).post(checklist_editor::update_section),
        )
        .route(
            "/checklists/{id}/versions/{version}/sections/{s}/criteria/new",
            get(criterion_editor::new_criterion_form).post(criterion_editor::add_criterion),
        )
        .route(
            "/checklists/{id}/versions/{version}/sections/{s}/criteria/{c}",
            get(criterion_editor::criterion_form).post(criterion_editor::update_criterion),
        )
        .route(paths::SCORECARD, get(scorecard::show))
        .route(paths::VISITS, get(visit_list::list))
        .route(paths::VISIT_NEW, get(visits::new_form))
        .merge(
            // The visit form carries the photos chosen without the script;
            // the extractor keeps one upload's worth and lets the rest go,
            // so a post with more still saves its answers.
            Router::new()
                .route("/visits/{id}", get(visit_report::show).post(visits::save))
                .layer(DefaultBodyLimit::max(max_photo_bytes.saturating_mul(FORM_POST_UPLOADS))),
        )
        .route("/visits/{id}/edit", get(visits::edit_form))
        .route("/visits/{id}/review", post(visit_report::review))
        .route(paths::REVIEW, get(visit_report::queue))
        .route(paths::GALLERY, get(gallery::list))
        .route("/gallery/{id}", get(gallery::show))
        .route("/gallery/{id}/tags", post(gallery::tag))
        .route("/gallery/{id}/comments", post(gallery::comment))
        .route(paths::ASSIGNMENTS, get(assignments::list))
        .route(paths::ASSIGNMENT_NEW, get(assignments::new_form).post(assignments::create))
        .route("/assignments/{id}/cancel", post(assignments::cancel))
        .route(paths::LOCATIONS, get(locations::list))
        .route(paths::LOCATION_NEW, get(locations::new_form).post(locations::create))
        .route("/locations/{id}", get(locations::edit_form).post(locations::update))
        .route("/locations/{id}/archive", post(locations::archive))
        .merge(
            Router::new()
                .route(paths::LOCATIONS_IMPORT, get(import::form).post(import::confirm))
                .route(paths::LOCATIONS_IMPORT_PREVIEW, post(import::preview))
                // The confirm form carries the whole file, urlencoded.
                .layer(DefaultBodyLimit::max(crate::places::import::MAX_BYTES * 2)),
        )
}

/// `(value, label)` pairs for the language picker.
fn locale_options() -> Vec<(String, String)> {
    crate::i18n::Locale::ALL
        .into_iter()
        .map(|l| (l.code().to_owned(), l.native_name().to_owned()))
        .collect()
}

/// `(value, label)` pairs for the role picker, in the reader's language.
fn role_options(ctx: &super::context::Ctx) -> Vec<(String, String)> {
    crate::accounts::Role::ALL
        .into_iter()
        .map(|r| (r.as_str().to_owned(), ctx.t(r.label_key())))
        .collect()
}
