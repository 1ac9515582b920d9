//! Every URL the app makes, in one place.
pub const HOME: &str = "/";
pub const LOGIN: &str = "/login";
pub const LOGOUT: &str = "/logout";
pub const SETUP: &str = "/setup";
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
pub const ACCOUNT_LANGUAGE: &str = "/account/language";
pub const USERS: &str = "/admin/users";
pub const USER_NEW: &str = "/admin/users/new";
pub const BRANDS: &str = "/brands";
pub const BRAND_NEW: &str = "/brands/new";
pub const LOCATIONS: &str = "/locations";
pub const LOCATION_NEW: &str = "/locations/new";
pub const LOCATIONS_IMPORT: &str = "/locations/import";
pub const LOCATIONS_IMPORT_PREVIEW: &str = "/locations/import/preview";
pub const CHECKLISTS: &str = "/checklists";
pub const CHECKLIST_NEW: &str = "/checklists/new";
pub const CHECKLIST_IMPORT: &str = "/checklists/import";
pub const CHECKLIST_BUILTIN: &str = "/checklists/builtin";
pub const VISITS: &str = "/visits";
pub const VISIT_NEW: &str = "/visits/new";
pub const SCORECARD: &str = "/scorecard";
pub const REVIEW: &str = "/review";
pub const ASSIGNMENTS: &str = "/assignments";
pub const ASSIGNMENT_NEW: &str = "/assignments/new";
pub const HEALTHZ: &str = "/healthz";
pub const METRICS: &str = "/metrics";

pub fn user(id: i32) -> String {
    format!("/admin/users/{id}")
}

pub fn brand(id: i32) -> String {
    format!("/brands/{id}")
}

pub fn brand_archive(id: i32) -> String {
    format!("/brands/{id}/archive")
}

pub fn checklist(id: i32) -> String {
    format!("/checklists/{id}")
}

pub fn checklist_version(id: i32, version: i32) -> String {
    format!("/checklists/{id}/versions/{version}")
}

pub fn visit(id: &str) -> String {
    format!("/visits/{id}")
}

pub fn visit_edit(id: &str) -> String {
    format!("/visits/{id}/edit")
}

pub fn location(id: i32) -> String {
    format!("/locations/{id}")
}

pub fn location_archive(id: i32) -> String {
    format!("/locations/{id}/archive")
}

/// The API's upload address for a visit's photos, for the form's script.
pub fn api_visit_photos(visit: &str) -> String {
    format!("/api/v1/visits/{visit}/photos")
}

/// The API's address of one photo (the script's remove button).
pub fn api_photo(id: &str) -> String {
    format!("/api/v1/photos/{id}")
}

pub const GALLERY: &str = "/gallery";

pub fn gallery_photo(id: &str) -> String {
    format!("/gallery/{id}")
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
}
