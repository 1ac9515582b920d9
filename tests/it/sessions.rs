//! Signing in and out, session ids, CSRF, throttling, deactivation.
use reqwest::StatusCode;

use crate::support::*;

#[tokio::test]
async fn signing_in_redirects_home_and_greets_the_user() {
    let app = TestApp::spawn().await;
    let user = app.create_user("manager").await;
    let b = app.browser();
    let res = b.login(&user.email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
    let (status, html) = b.get_html("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&html, "h1").unwrap(), format!("Welcome, {}", user.name));
}

#[tokio::test]
async fn email_is_matched_without_regard_to_case() {
    let app = TestApp::spawn().await;
    let user = app.create_user("shopper").await;
    let res = app.browser().login(&user.email.to_uppercase(), PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_wrong_password_keeps_the_email_and_says_what_is_wrong() {
    let app = TestApp::spawn().await;
    let user = app.create_user("shopper").await;
    let b = app.browser();
    let res = b.login(&user.email, "not the password at all").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(text(&html, ".flash-error").unwrap(), "The email or password is wrong.");
    assert_eq!(attr(&html, "input[name=email]", "value").unwrap(), user.email);
    assert_eq!(attr(&html, "input[name=password]", "value").unwrap_or_default(), "");
    // Still signed out.
    assert_eq!(b.get("/").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = TestApp::spawn().await;
    let res = app.browser().login("nobody@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(text(&html, ".flash-error").unwrap(), "The email or password is wrong.");
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = TestApp::spawn().await;
    let user = app.create_user("trainer").await;
    let b = app.browser();
    let before = b.get("/login").await;
    let anon_cookie = set_cookie(&before).expect("the sign-in page starts a session");
    let res = b.login(&user.email, PASSWORD).await;
    let signed_in_cookie = set_cookie(&res).expect("sign-in sets a new session cookie");
    assert_ne!(anon_cookie, signed_in_cookie);
    // The id planted before sign-in does not carry the signed-in user.
    let stale =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = stale
        .get(app.url("/"))
        .header("cookie", format!("yardstick_session={anon_cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

fn set_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers().get_all("set-cookie").iter().find_map(|v| {
        let v = v.to_str().ok()?;
        v.strip_prefix("yardstick_session=").map(|rest| rest.split(';').next().unwrap().to_owned())
    })
}

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site_lax() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/login").await;
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "not Secure unless configured: {cookie}");
}

#[tokio::test]
async fn cookies_are_secure_when_configured() {
    let app = TestApp::spawn_with(|c| c.secure_cookies = true).await;
    let res = app.browser().get("/login").await;
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn an_expired_session_sends_the_user_to_sign_in_and_refuses_its_forms() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let token = b.csrf().await;
    use sea_orm::EntityTrait;
    // Age every session past its end.
    let rows = yardstick::entities::session::Entity::find().all(&app.app.db).await.unwrap();
    for row in rows {
        let sql = format!("UPDATE sessions SET expires_at = 0 WHERE id = '{}'", row.id);
        yardstick::db::exec_sql(&app.app.db, &sql).await.unwrap();
    }
    let res = b.get("/account").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=%2Faccount");
    let res = b
        .post_form_raw("/account/language", &[("locale", "fa"), ("csrf_token", token.as_str())])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body = res.text().await.unwrap();
    assert!(body.contains("This form has expired"), "{body}");
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login");
    assert_eq!(b.get("/").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sessions_survive_a_restart_because_they_live_in_the_database() {
    let app = TestApp::spawn().await;
    let (b, user) = app.signed_in("manager").await;
    // A second instance on the same database, as behind a load balancer.
    let second = yardstick::App::build(app.app.config.clone()).await.expect("app builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(yardstick::web::serve(second, listener));
    // Cookies belong to the host, not the port: the same browser now talks
    // to the second instance.
    let other =
        Browser { base: format!("http://{addr}"), client: b.client.clone(), jar: b.jar.clone() };
    let (status, html) = other.get_html("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&html, "h1").unwrap(), format!("Welcome, {}", user.name));
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (b, user) = app.signed_in("manager").await;
    let res = b.post_form_raw("/account/language", &[("locale", "fa")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(text(&html, "h1").unwrap(), "Form expired");
    let after = yardstick::accounts::users::find(&app.app.db, user.id).await.unwrap();
    assert_eq!(after.locale.as_deref(), Some("en"));
}

#[tokio::test]
async fn a_post_with_a_wrong_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res =
        b.post_form_raw("/account/language", &[("locale", "fa"), ("csrf_token", "forged")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cross_site_post_is_refused_even_with_the_token() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let token = b.csrf().await;
    let res = b
        .client
        .post(b.url("/account/language"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .form(&[("locale", "fa"), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_login_post_without_a_session_gets_a_clear_message() {
    let app = TestApp::spawn().await;
    let user = app.create_user("shopper").await;
    // As after an expired session: no cookie, no token.
    let res = app
        .browser()
        .post_form_raw("/login", &[("email", &user.email), ("password", PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body = res.text().await.unwrap();
    assert!(body.contains("This form has expired"), "{body}");
}

#[tokio::test]
async fn five_failures_for_one_account_answer_429_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    let user = app.create_user("shopper").await;
    let b = app.browser();
    for _ in 0..5 {
        assert_eq!(
            b.login(&user.email, "wrong wrong wrong").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = b.login(&user.email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // As the README promises and the token endpoint does: seconds until the
    // oldest counted failure leaves the 15-minute window.
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((14 * 60..=15 * 60).contains(&retry), "{retry}");
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        text(&html, ".flash-error").unwrap(),
        "Too many failed attempts. Try again in 15 minutes."
    );
    // Another account from the same address is not blocked yet.
    let other = app.create_user("shopper").await;
    assert_eq!(b.login(&other.email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn twenty_failures_from_one_address_block_that_address() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    for i in 0..20 {
        let email = format!("nobody{i}@example.com");
        assert_eq!(b.login(&email, "wrong wrong wrong").await.status(), StatusCode::UNAUTHORIZED);
    }
    let user = app.create_user("shopper").await;
    assert_eq!(b.login(&user.email, PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_deactivated_users_session_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.signed_in("admin").await;
    let (shopper, user) = app.signed_in("shopper").await;
    assert_eq!(shopper.get("/").await.status(), StatusCode::OK);
    let res = admin
        .post_form(
            &format!("/admin/users/{}", user.id),
            &[("name", &user.name), ("role", "shopper"), ("locale", "en")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = shopper.get("/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=%2F");
    // And signing in again is refused.
    assert_eq!(shopper.login(&user.email, PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn after_sign_in_the_user_returns_to_the_page_they_asked_for() {
    let app = TestApp::spawn().await;
    let user = app.create_user("admin").await;
    let b = app.browser();
    let res = b.get("/admin/users").await;
    assert_eq!(location(&res), "/login?next=%2Fadmin%2Fusers");
    let res = b
        .post_form(
            "/login",
            &[("email", &user.email), ("password", PASSWORD), ("next", "/admin/users")],
        )
        .await;
    assert_eq!(location(&res), "/admin/users");
    let res = b
        .post_form(
            "/login",
            &[("email", &user.email), ("password", PASSWORD), ("next", "//evil.example")],
        )
        .await;
    assert_eq!(location(&res), "/");
}

/// A visitor sent from home to the sign-in page gets no session from the
/// redirect: a second cookie there (a service worker fetching home while
/// the sign-in page loads) replaced the sign-in page's session, and its
/// form then failed as expired.
#[tokio::test]
async fn a_redirect_to_sign_in_starts_no_session_and_the_sign_in_page_keeps_its_own() {
    let app = TestApp::spawn().await;
    let user = app.create_user("shopper").await;
    let b = app.browser();
    let page = b.get("/login").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(set_cookie(&page).is_some(), "the sign-in page starts the session its form needs");
    let token = b.csrf().await;
    // Home, fetched without the cookie (as by a worker racing the page).
    let bare =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let home = bare.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::SEE_OTHER);
    assert_eq!(set_cookie(&home), None, "a redirect sets no session cookie");
    // The sign-in form still holds.
    let fields = [("email", user.email.as_str()), ("password", PASSWORD), ("csrf_token", &token)];
    let res = b.post_form_raw("/login", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}
