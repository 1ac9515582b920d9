//! What the offline queue needs from the server (issue 15): the service
//! worker at the root with the headers that let it control the whole site,
//! a page for when there is no signal, and the signed-in user named in
//! every page so the queue is never sent as someone else.
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn the_service_worker_is_served_at_the_root_for_the_whole_site() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/sw.js").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(h["cache-control"], "no-cache");
    assert_eq!(h["service-worker-allowed"], "/");
    // A same-origin worker is allowed by the policy every answer carries.
    let csp = h["content-security-policy"].to_str().unwrap();
    let workers = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("worker-src "))
        .or_else(|| csp.split(';').map(str::trim).find(|d| d.starts_with("script-src ")))
        .expect("a worker-src or script-src directive");
    assert!(workers.split_whitespace().any(|s| s == "'self'"), "{csp}");
    let body = res.bytes().await.unwrap();
    let file = format!("{}/assets/js/sw.js", env!("CARGO_MANIFEST_DIR"));
    assert_eq!(&body[..], &std::fs::read(file).unwrap()[..]);
}

#[tokio::test]
async fn the_offline_page_speaks_the_readers_language_signed_out() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let (status, page) = b.get_in("/offline", "en-GB,en;q=0.8").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&page, "html", "lang").as_deref(), Some("en"));
    let main = text(&page, "main").unwrap();
    assert!(
        main.contains(
            "No signal. What you entered is kept on this phone and will be sent when the \
             connection returns."
        ),
        "{main}"
    );
    assert_eq!(attr(&page, "main a.btn", "href").as_deref(), Some("/"));

    let (status, page) = b.get_in("/offline", "fa-IR,fa;q=0.9").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&page, "html", "dir").as_deref(), Some("rtl"));
    let html = page.html();
    assert!(html.contains("روی همین گوشی نگه داشته می‌شود"), "{html}");
    for key in ["offline-title", "offline-body", "offline-home"] {
        assert!(!html.contains(key), "a raw key shows: {html}");
    }
}

#[tokio::test]
async fn the_offline_page_follows_a_signed_in_users_language() {
    let app = TestApp::spawn().await;
    let user = app.create_user_with("shopper", "fa-shopper@example.com", "fa").await;
    let b = app.browser();
    assert_eq!(b.login(&user.email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let (status, page) = b.get_in("/offline", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(attr(&page, "html", "lang").as_deref(), Some("fa"));
    assert!(text(&page, "main").unwrap().contains("روی همین گوشی"));
}

#[tokio::test]
async fn pages_name_the_signed_in_user_for_the_offline_queue() {
    let app = TestApp::spawn().await;
    let (b, user) = app.signed_in("shopper").await;
    for path in ["/", "/offline"] {
        let (status, page) = b.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            attr(&page, "meta[name=yardstick-user]", "content"),
            Some(user.id.to_string()),
            "{path}"
        );
    }
    let signed_out = app.browser();
    for path in ["/login", "/offline"] {
        let (status, page) = signed_out.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(attr(&page, "meta[name=yardstick-user]", "content"), None, "{path}");
    }
}
