//! The shell around every page: headers, languages, errors, assets,
//! health and metrics.
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/login", "/nope", "/healthz", "/api/v1/me"] {
        let res = app.browser().get(path).await;
        let h = res.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "same-origin");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        assert!(h.get("x-request-id").is_some(), "{path}");
    }
}

#[tokio::test]
async fn pages_contain_no_inline_script() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("admin").await;
    for path in ["/login", "/", "/admin/users", "/account"] {
        let (_, html) = b.get_html(path).await;
        for script in html.select(&scraper::Selector::parse("script").unwrap()) {
            assert!(script.value().attr("src").is_some(), "{path} has an inline script");
        }
    }
}

#[tokio::test]
async fn the_browsers_language_is_used_when_signed_out() {
    let app = TestApp::spawn().await;
    let (_, html) = app.browser().get_in("/login", "ar-SA,ar;q=0.9,en;q=0.5").await;
    assert_eq!(attr(&html, "html", "lang").unwrap(), "ar");
    assert_eq!(attr(&html, "html", "dir").unwrap(), "rtl");
    assert_eq!(text(&html, "h1").unwrap(), yardstick::i18n::Locale::Ar.t("login-title"));
}

#[tokio::test]
async fn english_is_the_fallback_language() {
    let app = TestApp::spawn().await;
    let (_, html) = app.browser().get_in("/login", "de-DE").await;
    assert_eq!(attr(&html, "html", "lang").unwrap(), "en");
    assert_eq!(attr(&html, "html", "dir").unwrap(), "ltr");
}

#[tokio::test]
async fn the_users_own_language_beats_the_browsers() {
    let app = TestApp::spawn().await;
    let user = app.create_user_with("manager", "fa-user@example.com", "fa").await;
    let b = app.browser();
    b.login(&user.email, PASSWORD).await;
    let res = b.client.get(b.url("/")).header("accept-language", "en").send().await.unwrap();
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(attr(&html, "html", "lang").unwrap(), "fa");
}

#[tokio::test]
async fn a_signed_out_visitor_can_pick_a_language() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let (_, html) = b.get_html("/login").await;
    let link = attr(&html, ".lang-switch a[lang=fa]", "href").unwrap();
    let (_, html) = b.get_html(&link).await;
    assert_eq!(attr(&html, "html", "lang").unwrap(), "fa");
    // The choice sticks for the next page.
    let (_, html) = b.get_html("/login").await;
    assert_eq!(attr(&html, "html", "dir").unwrap(), "rtl");
}

#[tokio::test]
async fn persian_dates_are_solar_hijri_with_persian_digits() {
    let app = TestApp::spawn().await;
    let admin = app.create_user_with("admin", "fa-admin@example.com", "fa").await;
    let b = app.browser();
    b.login(&admin.email, PASSWORD).await;
    let (_, html) = b.get_html("/admin/users").await;
    let created = select_all(&html, "table.data tbody td:last-child");
    let today = chrono::Utc::now().date_naive();
    let expected = yardstick::i18n::format_date(yardstick::i18n::Locale::Fa, today);
    assert!(created.contains(&expected), "{created:?} vs {expected}");
    assert!(expected.chars().any(|c| ('۰'..='۹').contains(&c)), "{expected}");
    assert!(!expected.contains(&today.format("%Y").to_string()), "not Gregorian: {expected}");
}

#[tokio::test]
async fn an_unknown_page_gets_a_friendly_translated_404() {
    let app = TestApp::spawn().await;
    let (status, html) = app.browser().get_in("/no/such/page", "fa").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(text(&html, "h1").unwrap(), yardstick::i18n::Locale::Fa.t("error-title-not-found"));
}

#[tokio::test]
async fn an_unknown_api_path_gets_json_404() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/api/v1/no-such-thing").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn an_internal_error_shows_a_reference_and_logs_the_detail_under_it() {
    let app = TestApp::spawn().await;
    let user = app.create_user("shopper").await;
    // Break the database under the sign-in throttle.
    yardstick::db::exec_sql(&app.app.db, "DROP TABLE login_failures").await.unwrap();
    let res = app.browser().login(&user.email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let request_id = res.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
    let body = res.text().await.unwrap();
    let html = scraper::Html::parse_document(&body);
    assert_eq!(text(&html, ".request-id").unwrap(), request_id);
    assert!(!body.to_lowercase().contains("login_failures"), "no internals in the page");
    let logs = logged_text();
    let line = logs
        .lines()
        .find(|l| l.contains(&request_id) && l.contains("internal error"))
        .expect("the log has the error under the same id");
    assert!(line.contains("login_failures"), "{line}");
}

#[tokio::test]
async fn each_request_is_logged_once_with_route_status_and_duration() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/healthz").await;
    let request_id = res.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
    let logs = logged_text();
    let lines: Vec<&str> = logs.lines().filter(|l| l.contains(&request_id)).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = lines[0];
    for part in ["method=GET", "route=/healthz", "status=200", "duration_ms="] {
        assert!(line.contains(part), "{part} missing in {line}");
    }
}

#[tokio::test]
async fn assets_are_fingerprinted_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let (_, html) = app.browser().get_html("/login").await;
    let css = attr(&html, "link[rel=stylesheet]", "href").unwrap();
    assert!(css.starts_with("/assets/app.") && css.ends_with(".css"), "{css}");
    let res = app.browser().get(&css).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("cache-control").unwrap(), "public, max-age=31536000, immutable");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    let etag = res.headers().get("etag").unwrap().to_str().unwrap().to_owned();
    let again = app
        .browser()
        .client
        .get(app.url(&css))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_persian_and_arabic_font_is_shipped_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let css = app.browser().get("/assets/app.css").await.text().await.unwrap();
    let font = "/assets/vazirmatn-33.0.3-arabic.woff2";
    assert!(css.contains(&format!("url(\"{font}\")")), "the stylesheet names the font");
    let res = app.browser().get(font).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "font/woff2");
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..4], b"wOF2", "a whole WOFF2 file");
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
}

#[tokio::test]
async fn healthz_answers_while_the_database_does() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    app.app.db.conn().clone().close().await.unwrap();
    let res = app.browser().get("/healthz").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_with_a_latency_histogram() {
    let app = TestApp::spawn().await;
    app.browser().get("/login").await;
    app.browser().get("/no/such/page").await;
    let body = app.browser().get("/metrics").await.text().await.unwrap();
    assert!(
        body.lines().any(|l| l.starts_with("http_requests_total")
            && l.contains("route=\"/login\"")
            && l.contains("status=\"200\"")),
        "{body}"
    );
    assert!(
        body.lines().any(|l| l.contains("route=\"unmatched\"") && l.contains("status=\"404\""))
    );
    assert!(body.contains("http_request_duration_seconds_bucket"), "{body}");
}

#[tokio::test]
async fn pages_are_small() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("admin").await;
    let bytes = app.browser().downloaded_bytes("/login").await;
    assert!(bytes < 60 * 1024, "/login: {bytes} bytes");
    for path in ["/", "/admin/users", "/account"] {
        let bytes = b.downloaded_bytes(path).await;
        assert!(bytes < 60 * 1024, "{path}: {bytes} bytes");
    }
}
