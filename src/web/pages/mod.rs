//! HTML pages, one folder per domain.
mod accounts;
mod actions;
mod assignments;
mod checklists;
mod evidence;
mod home;
mod notifications;
mod offline;
mod places;
pub(crate) mod rounds;
mod scorecards;
mod visits;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use super::paths;
use crate::app::AppState;

/// How many uploads' worth a visit form post may carry without the script
/// before it is cut off (only one upload's worth is kept; see
/// `visits::photos::VisitPost`).
const FORM_POST_UPLOADS: usize = 8;

pub fn routes(max_photo_bytes: usize) -> Router<AppState> {
    Router::new()
        .route(paths::HOME, get(home::show))
        .route(paths::OFFLINE, get(offline::show))
        .route(paths::LOGIN, get(accounts::auth::form).post(accounts::auth::submit))
        .route(paths::LOGOUT, post(accounts::auth::logout))
        .route(paths::SETUP, get(accounts::setup::form).post(accounts::setup::submit))
        .route(paths::ACCOUNT, get(accounts::account::show))
        .route(paths::ACCOUNT_PASSWORD, post(accounts::account::change_password))
        .route(paths::ACCOUNT_LANGUAGE, post(accounts::account::change_language))
        .route(paths::USERS, get(accounts::users::list))
        .route(paths::USER_NEW, get(accounts::users::new_form).post(accounts::users::create))
        .route(paths::USER, get(accounts::users::edit_form).post(accounts::users::update))
        .route(paths::BRANDS, get(places::brands::list))
        .route(paths::BRAND_NEW, get(places::brands::new_form).post(places::brands::create))
        .route(paths::BRAND, get(places::brands::edit_form).post(places::brands::update))
        .route(paths::BRAND_ARCHIVE, post(places::brands::archive))
        .route(paths::CHECKLISTS, get(checklists::list::list))
        .route(paths::CHECKLIST_NEW, post(checklists::list::create))
        .route(paths::CHECKLIST_IMPORT, post(checklists::list::import_new))
        .route(paths::CHECKLIST_BUILTIN, post(checklists::list::add_builtin))
        .route(paths::CHECKLIST, get(checklists::list::latest))
        .route(paths::CHECKLIST_VERSION, get(checklists::list::show_version))
        .route(paths::CHECKLIST_VERSION_PUBLISH, post(checklists::list::publish))
        .route(paths::CHECKLIST_VERSION_EDIT, post(checklists::list::new_draft))
        .route(paths::CHECKLIST_VERSION_IMPORT, post(checklists::list::replace))
        .route(paths::CHECKLIST_VERSION_EXPORT, get(checklists::list::export))
        .route(paths::CHECKLIST_VERSION_OP, post(checklists::editor::op))
        .route(
            paths::CHECKLIST_SECTION_NEW,
            get(checklists::editor::new_section_form).post(checklists::editor::add_section),
        )
        .route(
            paths::CHECKLIST_SECTION,
            get(checklists::editor::section_form).post(checklists::editor::update_section),
        )
        .route(
            paths::CHECKLIST_CRITERION_NEW,
            get(checklists::criterion_editor::new_criterion_form)
                .post(checklists::criterion_editor::add_criterion),
        )
        .route(
            paths::CHECKLIST_CRITERION,
            get(checklists::criterion_editor::criterion_form)
                .post(checklists::criterion_editor::update_criterion),
        )
        .route(paths::SCORECARD, get(scorecards::show))
        .route(paths::SCORECARD_CRITERION, get(scorecards::criterion::show))
        .route(paths::VISITS, get(visits::list::list))
        .route(paths::VISIT_NEW, get(visits::edit::new_form))
        .merge(
            // The visit form carries the photos chosen without the script;
            // the extractor keeps one upload's worth and lets the rest go,
            // so a post with more still saves its answers.
            Router::new()
                .route(paths::VISIT, get(visits::report::show).post(visits::edit::save))
                .layer(DefaultBodyLimit::max(max_photo_bytes.saturating_mul(FORM_POST_UPLOADS))),
        )
        .route(paths::VISIT_EDIT, get(visits::edit::edit_form))
        .route(paths::VISIT_REVIEW, post(visits::report::review))
        .route(paths::REVIEW, get(visits::report::queue))
        .route(paths::GALLERY, get(evidence::gallery::list))
        .route(paths::GALLERY_PHOTO, get(evidence::gallery::show))
        .route(paths::GALLERY_PHOTO_TAGS, post(evidence::gallery::tag))
        .route(paths::GALLERY_PHOTO_COMMENTS, post(evidence::gallery::comment))
        .route(paths::NOTIFICATIONS, get(notifications::list))
        .route(paths::NOTIFICATION_READ, post(notifications::mark_read))
        .route(paths::NOTIFICATIONS_READ_ALL, post(notifications::mark_all_read))
        .route(
            paths::NOTIFICATION_PREFERENCES,
            get(notifications::prefs_form).post(notifications::save_prefs),
        )
        .route(
            paths::UNSUBSCRIBE,
            get(notifications::unsubscribe_form).post(notifications::unsubscribe),
        )
        .route(paths::ACTIONS, get(actions::list))
        .route(paths::ACTION_NEW, get(actions::new::new_form).post(actions::new::create))
        .route(paths::ACTION_RULE, get(actions::rule_form).post(actions::rule_save))
        .route(paths::ACTION, get(actions::detail::show))
        .route(paths::ACTION_COMMENT, post(actions::detail::comment))
        .route(paths::ACTION_DONE, post(actions::detail::done))
        .route(paths::ACTION_VERIFY, post(actions::detail::verify))
        .route(paths::ACTION_REOPEN, post(actions::detail::reopen))
        .merge(
            Router::new()
                .route(paths::ACTION_PHOTOS, post(actions::detail::photo))
                .layer(DefaultBodyLimit::max(max_photo_bytes.saturating_add(64 * 1024))),
        )
        .route(paths::USER_LOCATIONS, post(actions::save_user_locations))
        .route(paths::ASSIGNMENTS, get(assignments::list))
        .route(paths::ASSIGNMENT_NEW, get(assignments::new_form).post(assignments::create))
        .route(paths::ASSIGNMENT_CANCEL, post(assignments::cancel))
        .route(paths::ASSIGNMENT_REASSIGN, get(rounds::reassign::form).post(rounds::reassign::save))
        .route(paths::ROUNDS, get(rounds::list))
        .route(paths::ROUND_NEW, get(rounds::form::new_form).post(rounds::form::create))
        .route(paths::ROUND, get(rounds::show))
        .route(paths::ROUND_EDIT, get(rounds::form::edit_form).post(rounds::form::update))
        .route(paths::ROUND_RUN, post(rounds::run_now))
        .route(paths::ROUND_PERIOD, get(rounds::period::show))
        .route(
            paths::SHOPPER_EXCLUSIONS,
            get(rounds::exclusions::form).post(rounds::exclusions::save),
        )
        .route(paths::LOCATIONS, get(places::locations::list))
        .route(
            paths::LOCATION_NEW,
            get(places::locations::new_form).post(places::locations::create),
        )
        .route(paths::LOCATION, get(places::locations::edit_form).post(places::locations::update))
        .route(paths::LOCATION_ARCHIVE, post(places::locations::archive))
        .merge(
            Router::new()
                .route(
                    paths::LOCATIONS_IMPORT,
                    get(places::import::form).post(places::import::confirm),
                )
                .route(paths::LOCATIONS_IMPORT_PREVIEW, post(places::import::preview))
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
