//! Every URL the app makes, in one place: the routers mount the patterns
//! (the consts) and pages build links with the functions beside them.
pub const HOME: &str = "/";
pub const LOGIN: &str = "/login";
pub const LOGOUT: &str = "/logout";
pub const SETUP: &str = "/setup";
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
pub const ACCOUNT_LANGUAGE: &str = "/account/language";
pub const USERS: &str = "/admin/users";
pub const USER_NEW: &str = "/admin/users/new";
pub const USER: &str = "/admin/users/{id}";
pub const BRANDS: &str = "/brands";
pub const BRAND_NEW: &str = "/brands/new";
pub const BRAND: &str = "/brands/{id}";
pub const BRAND_ARCHIVE: &str = "/brands/{id}/archive";
pub const LOCATIONS: &str = "/locations";
pub const LOCATION_NEW: &str = "/locations/new";
pub const LOCATION: &str = "/locations/{id}";
pub const LOCATION_ARCHIVE: &str = "/locations/{id}/archive";
pub const LOCATIONS_IMPORT: &str = "/locations/import";
pub const LOCATIONS_IMPORT_PREVIEW: &str = "/locations/import/preview";
pub const CHECKLISTS: &str = "/checklists";
pub const CHECKLIST_NEW: &str = "/checklists/new";
pub const CHECKLIST_IMPORT: &str = "/checklists/import";
pub const CHECKLIST_BUILTIN: &str = "/checklists/builtin";
pub const CHECKLIST: &str = "/checklists/{id}";
pub const CHECKLIST_VERSION: &str = "/checklists/{id}/versions/{version}";
pub const CHECKLIST_VERSION_PUBLISH: &str = "/checklists/{id}/versions/{version}/publish";
pub const CHECKLIST_VERSION_EDIT: &str = "/checklists/{id}/versions/{version}/edit";
pub const CHECKLIST_VERSION_IMPORT: &str = "/checklists/{id}/versions/{version}/import";
pub const CHECKLIST_VERSION_EXPORT: &str = "/checklists/{id}/versions/{version}/export";
pub const CHECKLIST_VERSION_OP: &str = "/checklists/{id}/versions/{version}/op";
pub const CHECKLIST_SECTION_NEW: &str = "/checklists/{id}/versions/{version}/sections/new";
pub const CHECKLIST_SECTION: &str = "/checklists/{id}/versions/{version}/sections/{s}";
pub const CHECKLIST_CRITERION_NEW: &str =
    "/checklists/{id}/versions/{version}/sections/{s}/criteria/new";
pub const CHECKLIST_CRITERION: &str =
    "/checklists/{id}/versions/{version}/sections/{s}/criteria/{c}";
pub const VISITS: &str = "/visits";
pub const VISIT_NEW: &str = "/visits/new";
pub const VISIT: &str = "/visits/{id}";
pub const VISIT_EDIT: &str = "/visits/{id}/edit";
pub const VISIT_REVIEW: &str = "/visits/{id}/review";
pub const SCORECARD: &str = "/scorecard";
pub const SCORECARD_CRITERION: &str = "/scorecard/criteria/{code}";
pub const REVIEW: &str = "/review";
pub const ASSIGNMENTS: &str = "/assignments";
pub const ASSIGNMENT_NEW: &str = "/assignments/new";
pub const ASSIGNMENT_CANCEL: &str = "/assignments/{id}/cancel";
pub const ROUNDS: &str = "/rounds";
pub const ROUND_NEW: &str = "/rounds/new";
pub const ROUND: &str = "/rounds/{id}";
pub const ROUND_EDIT: &str = "/rounds/{id}/edit";
pub const ROUND_RUN: &str = "/rounds/{id}/run";
pub const ROUND_PERIOD: &str = "/rounds/{id}/periods/{start}";
pub const SHOPPER_EXCLUSIONS: &str = "/rounds/shoppers/{id}/exclusions";
pub const ASSIGNMENT_REASSIGN: &str = "/assignments/{id}/reassign";
pub const GALLERY: &str = "/gallery";
pub const GALLERY_PHOTO: &str = "/gallery/{id}";
pub const GALLERY_PHOTO_TAGS: &str = "/gallery/{id}/tags";
pub const GALLERY_PHOTO_COMMENTS: &str = "/gallery/{id}/comments";
pub const NOTIFICATIONS: &str = "/notifications";
pub const NOTIFICATION_READ: &str = "/notifications/{id}/read";
pub const NOTIFICATIONS_READ_ALL: &str = "/notifications/read-all";
pub const NOTIFICATION_PREFERENCES: &str = "/notifications/preferences";
/// The signed one-click unsubscribe link of every notification mail.
pub const UNSUBSCRIBE: &str = "/unsubscribe";
pub const ACTIONS: &str = "/actions";
pub const ACTION_NEW: &str = "/actions/new";
pub const ACTION_RULE: &str = "/actions/rule";
pub const ACTION: &str = "/actions/{id}";
pub const ACTION_COMMENT: &str = "/actions/{id}/comments";
pub const ACTION_DONE: &str = "/actions/{id}/done";
pub const ACTION_VERIFY: &str = "/actions/{id}/verify";
pub const ACTION_REOPEN: &str = "/actions/{id}/reopen";
pub const ACTION_PHOTOS: &str = "/actions/{id}/photos";
/// A photo of a fix's stored copies (as `PHOTO_FILE`, scoped by action).
pub const ACTION_PHOTO_FILE: &str = "/action-photos/{id}/{size}";
pub const USER_LOCATIONS: &str = "/admin/users/{id}/locations";
pub const HEALTHZ: &str = "/healthz";
/// The service worker, at the root so that its scope is the whole site.
pub const SERVICE_WORKER: &str = "/sw.js";
/// What the service worker shows for a page it cannot fetch or find cached.
pub const OFFLINE: &str = "/offline";
pub const METRICS: &str = "/metrics";

/// Where the JSON API is mounted; the `API_` patterns are relative to it.
pub const API: &str = "/api/v1";
pub const API_VISIT_PHOTOS: &str = "/visits/{id}/photos";
pub const API_PHOTO: &str = "/photos/{id}";
pub const API_VISIT_EXPECTED_PHOTOS: &str = "/visits/{id}/expected-photos";
pub const API_EXPORT_SCORECARD: &str = "/exports/scorecard.csv";
pub const API_EXPORT_VISITS: &str = "/exports/visits.csv";
pub const API_EXPORT_ANSWERS: &str = "/exports/answers.csv";
pub const API_NOTIFICATIONS: &str = "/notifications";
pub const API_NOTIFICATION_READ: &str = "/notifications/{id}/read";
pub const API_NOTIFICATIONS_READ_ALL: &str = "/notifications/read-all";
pub const API_NOTIFICATION_PREFERENCES: &str = "/notifications/preferences";

pub fn notification_read(id: i32) -> String {
    format!("/notifications/{id}/read")
}

pub const API_ACTIONS: &str = "/actions";
pub const API_ACTION_RULE: &str = "/actions/rule";
pub const API_ACTION: &str = "/actions/{id}";
pub const API_ACTION_COMMENTS: &str = "/actions/{id}/comments";
pub const API_ACTION_DONE: &str = "/actions/{id}/done";
pub const API_ACTION_VERIFY: &str = "/actions/{id}/verify";
pub const API_ACTION_REOPEN: &str = "/actions/{id}/reopen";
pub const API_ACTION_PHOTOS: &str = "/actions/{id}/photos";
pub const API_USER_LOCATIONS: &str = "/users/{id}/locations";

pub fn action(id: i32) -> String {
    format!("/actions/{id}")
}

pub fn action_comment(id: i32) -> String {
    format!("/actions/{id}/comments")
}

pub fn action_done(id: i32) -> String {
    format!("/actions/{id}/done")
}

pub fn action_verify(id: i32) -> String {
    format!("/actions/{id}/verify")
}

pub fn action_reopen(id: i32) -> String {
    format!("/actions/{id}/reopen")
}

pub fn action_photos(id: i32) -> String {
    format!("/actions/{id}/photos")
}

pub fn action_photo_file(id: &str, size: PhotoSize) -> String {
    format!("/action-photos/{id}/{}", size.as_str())
}

/// The form opening an action from a visit's failed item.
pub fn action_new_from(visit_id: &str, code: &str) -> String {
    with_query(
        ACTION_NEW,
        &[("visit_id", visit_id.to_owned()), ("criterion_code", code.to_owned())],
    )
}

pub fn user_locations(id: i32) -> String {
    format!("/admin/users/{id}/locations")
}

pub fn api_action(id: i32) -> String {
    format!("{API}/actions/{id}")
}

pub fn user(id: i32) -> String {
    format!("/admin/users/{id}")
}

pub fn brand(id: i32) -> String {
    format!("/brands/{id}")
}

pub fn brand_archive(id: i32) -> String {
    format!("/brands/{id}/archive")
}

pub fn location(id: i32) -> String {
    format!("/locations/{id}")
}

pub fn location_archive(id: i32) -> String {
    format!("/locations/{id}/archive")
}

pub fn checklist(id: i32) -> String {
    format!("/checklists/{id}")
}

pub fn checklist_version(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}")
}

pub fn checklist_version_publish(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}/publish")
}

/// Starting a new draft from a published version.
pub fn checklist_version_edit(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}/edit")
}

pub fn checklist_version_import(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}/import")
}

pub fn checklist_version_export(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}/export")
}

/// The draft's move and delete buttons.
pub fn checklist_version_op(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}/op")
}

pub fn checklist_section_new(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}/sections/new")
}

/// Sections and criteria are addressed by their place in the draft.
pub fn checklist_section(id: i32, version: i32, s: usize) -> String {
    format!("/checklists/{id}/versions/{version}/sections/{s}")
}

pub fn checklist_criterion_new(id: i32, version: i32, s: usize) -> String {
    format!("/checklists/{id}/versions/{version}/sections/{s}/criteria/new")
}

pub fn checklist_criterion(id: i32, version: i32, s: usize, c: usize) -> String {
    format!("/checklists/{id}/versions/{version}/sections/{s}/criteria/{c}")
}

/// One criterion across brands and months. Codes are letters, digits,
/// dots, dashes and underscores, all safe in a path.
pub fn scorecard_criterion(code: &str) -> String {
    format!("/scorecard/criteria/{code}")
}

pub fn visit(id: &str) -> String {
    format!("/visits/{id}")
}

pub fn visit_edit(id: &str) -> String {
    format!("/visits/{id}/edit")
}

pub fn visit_review(id: &str) -> String {
    format!("/visits/{id}/review")
}

pub fn assignment_cancel(id: i32) -> String {
    format!("/assignments/{id}/cancel")
}

pub fn gallery_photo(id: &str) -> String {
    format!("/gallery/{id}")
}

pub fn gallery_photo_tags(id: &str) -> String {
    format!("/gallery/{id}/tags")
}

pub fn gallery_photo_comments(id: &str) -> String {
    format!("/gallery/{id}/comments")
}

/// The API's upload address for a visit's photos, for the form's script.
pub fn api_visit_photos(visit: &str) -> String {
    format!("/api/v1/visits/{visit}/photos")
}

/// The photos a visit's phone still holds, announced before its submit.
pub fn api_visit_expected_photos(visit: &str) -> String {
    format!("/api/v1/visits/{visit}/expected-photos")
}

/// The API's address of one photo (the script's remove button).
pub fn api_photo(id: &str) -> String {
    format!("/api/v1/photos/{id}")
}

/// An API route without parameters, as a link (the CSV exports).
pub fn api(route: &str) -> String {
    format!("{API}{route}")
}

/// The three stored copies of a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoSize {
    Thumb,
    Display,
    Full,
}

impl PhotoSize {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSize::Thumb => "thumb",
            PhotoSize::Display => "display",
            PhotoSize::Full => "full",
        }
    }

    pub fn parse(s: &str) -> Option<PhotoSize> {
        [PhotoSize::Thumb, PhotoSize::Display, PhotoSize::Full]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// Route of a photo's stored copies (outside the API: `<img src>` reads it
/// with the session cookie).
pub const PHOTO_FILE: &str = "/photos/{id}/{size}";

pub fn photo_file(id: &str, size: PhotoSize) -> String {
    format!("/photos/{id}/{}", size.as_str())
}

/// A list URL with its query, leaving out empty values.
pub fn with_query(path: &str, params: &[(&str, String)]) -> String {
    let kept: Vec<(&str, &str)> =
        params.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (*k, v.as_str())).collect();
    if kept.is_empty() {
        return path.to_owned();
    }
    format!("{path}?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
}

/// A path with a query string passed on as it came (the gallery's filters).
pub fn with_raw_query(path: &str, query: Option<&str>) -> String {
    match query.filter(|q| !q.is_empty()) {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    }
}

/// A map centred on a place (a shopper's way there).
pub fn map_at(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
}

/// A map search for an address.
pub fn map_search(address: &str) -> String {
    format!("https://www.openstreetmap.org/search?query={}", urlencode(address))
}

pub fn login_then(next: &str) -> String {
    format!("{LOGIN}?next={}", urlencode(next))
}

/// Where to go after signing in: only a local path, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => HOME.to_owned(),
    }
}

pub fn with_lang(path: &str, code: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}lang={code}")
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|e| e[1..].to_owned()).unwrap_or_default()
}

pub fn round(id: i32) -> String {
    format!("/rounds/{id}")
}

pub fn round_edit(id: i32) -> String {
    format!("/rounds/{id}/edit")
}

pub fn round_run(id: i32) -> String {
    format!("/rounds/{id}/run")
}

/// A round's period, by its first day (`YYYY-MM-DD`).
pub fn round_period(id: i32, start: &str) -> String {
    format!("/rounds/{id}/periods/{start}")
}

pub fn shopper_exclusions(user_id: i32) -> String {
    format!("/rounds/shoppers/{user_id}/exclusions")
}

pub fn assignment_reassign(id: i32) -> String {
    format!("/assignments/{id}/reassign")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_only_follows_local_paths() {
        assert_eq!(safe_next(Some("/admin/users")), "/admin/users");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn login_keeps_the_page_to_return_to() {
        assert_eq!(login_then("/admin/users?x=1"), "/login?next=%2Fadmin%2Fusers%3Fx%3D1");
    }

    /// Whether a route pattern (`/visits/{id}`) matches a path, as the
    /// router would: segment by segment, a `{name}` taking any one segment.
    fn matches(pattern: &str, url: &str) -> bool {
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let (want, got): (Vec<_>, Vec<_>) =
            (pattern.split('/').collect(), path.split('/').collect());
        want.len() == got.len()
            && want.iter().zip(&got).all(|(w, g)| {
                if w.starts_with('{') && w.ends_with('}') { !g.is_empty() } else { w == g }
            })
    }

    #[test]
    fn the_matcher_tells_routes_apart() {
        assert!(matches(VISIT, "/visits/abc"));
        assert!(!matches(VISIT, "/visits/abc/edit"));
        assert!(!matches(VISIT_EDIT, "/visits//edit"));
        assert!(!matches(BRAND_ARCHIVE, "/brand/1/archive"));
    }

    #[test]
    fn each_builder_lands_on_its_route() {
        let api = |route: &str| format!("{API}{route}");
        let cases = [
            (USER, user(7)),
            (BRAND, brand(7)),
            (BRAND_ARCHIVE, brand_archive(7)),
            (LOCATION, location(7)),
            (LOCATION_ARCHIVE, location_archive(7)),
            (CHECKLIST, checklist(3)),
            (CHECKLIST_VERSION, checklist_version(3, 2)),
            (CHECKLIST_VERSION_PUBLISH, checklist_version_publish(3, 2)),
            (CHECKLIST_VERSION_EDIT, checklist_version_edit(3, 2)),
            (CHECKLIST_VERSION_IMPORT, checklist_version_import(3, 2)),
            (CHECKLIST_VERSION_EXPORT, checklist_version_export(3, 2)),
            (CHECKLIST_VERSION_OP, checklist_version_op(3, 2)),
            (CHECKLIST_SECTION_NEW, checklist_section_new(3, 2)),
            (CHECKLIST_SECTION, checklist_section(3, 2, 1)),
            (CHECKLIST_CRITERION_NEW, checklist_criterion_new(3, 2, 1)),
            (CHECKLIST_CRITERION, checklist_criterion(3, 2, 1, 0)),
            (SCORECARD_CRITERION, scorecard_criterion("RSP-01")),
            (VISIT, visit("v1")),
            (VISIT_EDIT, visit_edit("v1")),
            (VISIT_REVIEW, visit_review("v1")),
            (ASSIGNMENT_CANCEL, assignment_cancel(5)),
            (GALLERY_PHOTO, with_raw_query(&gallery_photo("p1"), Some("brand_id=2"))),
            (GALLERY_PHOTO_TAGS, gallery_photo_tags("p1")),
            (GALLERY_PHOTO_COMMENTS, gallery_photo_comments("p1")),
            (PHOTO_FILE, photo_file("p1", PhotoSize::Thumb)),
            (ACTION, action(4)),
            (ACTION_COMMENT, action_comment(4)),
            (ACTION_DONE, action_done(4)),
            (ACTION_VERIFY, action_verify(4)),
            (ACTION_REOPEN, action_reopen(4)),
            (ACTION_PHOTOS, action_photos(4)),
            (ACTION_PHOTO_FILE, action_photo_file("p1", PhotoSize::Display)),
            (USER_LOCATIONS, user_locations(4)),
            (LOCATIONS_IMPORT_PREVIEW, LOCATIONS_IMPORT_PREVIEW.to_owned()),
        ];
        for (route, url) in cases {
            assert!(matches(route, &url), "{url} does not match {route}");
        }
        let api_cases = [
            (API_VISIT_PHOTOS, api_visit_photos("v1")),
            (API_VISIT_EXPECTED_PHOTOS, api_visit_expected_photos("v1")),
            (API_PHOTO, api_photo("p1")),
            (API_ACTION, api_action(4)),
            (API_EXPORT_SCORECARD, super::api(API_EXPORT_SCORECARD)),
        ];
        for (route, url) in api_cases {
            assert!(matches(&api(route), &url), "{url} does not match {API}{route}");
        }
    }

    /// The API's router lists its routes as API.md's contract, where they
    /// are served; the routes the pages link to come from here even there.
    const MAY_HOLD_ROUTES: &[&str] = &["api/mod.rs"];

    /// Lines of the pages and the API with a string starting `"/` and a
    /// letter: a URL made by hand instead of by this module.
    fn hand_made_urls(dir: &std::path::Path, found: &mut Vec<String>, files: &mut usize) {
        for entry in std::fs::read_dir(dir).expect("source folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                hand_made_urls(&path, found, files);
                continue;
            }
            let name = path.to_string_lossy().replace('\\', "/");
            if !name.ends_with(".rs") || MAY_HOLD_ROUTES.iter().any(|m| name.ends_with(m)) {
                continue;
            }
            *files += 1;
            let text = std::fs::read_to_string(&path).expect("source file");
            // Tests compare against the URLs they expect, written out.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                let hit = line
                    .match_indices("\"/")
                    .any(|(i, _)| line[i + 2..].starts_with(|c: char| c.is_ascii_alphabetic()));
                if hit && !line.trim_start().starts_with("//") {
                    found.push(format!("{name}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }

    #[test]
    fn pages_and_api_build_urls_only_through_paths() {
        let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
        let (mut found, mut files) = (Vec::new(), 0);
        for dir in ["pages", "api"] {
            hand_made_urls(&web.join(dir), &mut found, &mut files);
        }
        assert!(files > 20, "only {files} files read: is the folder still there?");
        assert!(found.is_empty(), "build these with web::paths:\n{}", found.join("\n"));
    }
}
