//! Admin user pages, first setup, own password and language.
use reqwest::StatusCode;
use scraper::Html;
use yardstick::accounts::{setup, users};

use crate::support::*;

async fn page(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_sign_in() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.signed_in("admin").await;
    let res = admin
        .post_form(
            "/admin/users/new",
            &[
                ("name", "Sara Rahimi"),
                ("email", "Sara.Rahimi@Example.com"),
                ("role", "trainer"),
                ("locale", "fa"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.get_html("/admin/users").await;
    assert_eq!(text(&html, ".flash-success").unwrap(), "The user has been created.");
    let rows = select_all(&html, "table.data tbody tr");
    let row = rows.iter().find(|r| r.contains("Sara Rahimi")).expect("listed");
    assert!(row.contains("sara.rahimi@example.com") && row.contains("Trainer"), "{row}");
    let res = app.browser().login("sara.rahimi@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_bad_new_user_form_keeps_what_was_typed_and_marks_each_field() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.signed_in("admin").await;
    let (status, html) = page(
        admin
            .post_form(
                "/admin/users/new",
                &[
                    ("name", "Ali"),
                    ("email", "not-an-email"),
                    ("role", "owner"),
                    ("locale", "en"),
                    ("password", "short"),
                    ("password_confirm", "short"),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(attr(&html, "input[name=name]", "value").unwrap(), "Ali");
    assert_eq!(attr(&html, "input[name=email]", "value").unwrap(), "not-an-email");
    assert_eq!(
        text(&html, "#email-error").unwrap(),
        "Enter an email address like name@example.com."
    );
    assert_eq!(text(&html, "#role-error").unwrap(), "Choose one of the roles in the list.");
    assert_eq!(text(&html, "#password-error").unwrap(), "Use at least 10 characters.");
    assert_eq!(users::list(&app.app.db).await.unwrap().len(), 1, "nothing was created");
}

#[tokio::test]
async fn a_duplicate_email_in_another_case_is_refused_beside_the_field() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.signed_in("admin").await;
    app.create_user_with("shopper", "taken@example.com", "en").await;
    let (status, html) = page(
        admin
            .post_form(
                "/admin/users/new",
                &[
                    ("name", "Copy"),
                    ("email", "TAKEN@example.com"),
                    ("role", "shopper"),
                    ("locale", "en"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&html, "#email-error").unwrap(), "A user with this email already exists.");
}

#[tokio::test]
async fn weak_and_empty_passwords_are_refused() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.signed_in("admin").await;
    for (password, message) in [
        ("", "This field is required."),
        ("password1234", "This password is too easy to guess. Add more words or characters."),
    ] {
        let (status, html) = page(
            admin
                .post_form(
                    "/admin/users/new",
                    &[
                        ("name", "Weak"),
                        ("email", "weak@example.com"),
                        ("role", "shopper"),
                        ("locale", "en"),
                        ("password", password),
                        ("password_confirm", password),
                    ],
                )
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(text(&html, "#password-error").unwrap(), message);
    }
}

#[tokio::test]
async fn an_admin_changes_a_role_and_it_is_audited() {
    let app = TestApp::spawn().await;
    let (admin, admin_user) = app.signed_in("admin").await;
    let user = app.create_user("shopper").await;
    let res = admin
        .post_form(
            &format!("/admin/users/{}", user.id),
            &[("name", &user.name), ("role", "manager"), ("locale", "en"), ("active", "on")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = users::find(&app.app.db, user.id).await.unwrap();
    assert_eq!(after.role, "manager");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use yardstick::entities::audit_log;
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.role_changed"))
        .all(&app.app.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_id, Some(admin_user.id));
    assert_eq!(entries[0].object_id, user.id.to_string());
    assert!(entries[0].detail.contains("\"to\":\"manager\""), "{}", entries[0].detail);
}

#[tokio::test]
async fn an_admin_cannot_deactivate_or_demote_themselves() {
    let app = TestApp::spawn().await;
    let (admin, me) = app.signed_in("admin").await;
    let (status, html) = page(
        admin
            .post_form(
                &format!("/admin/users/{}", me.id),
                &[("name", &me.name), ("role", "shopper"), ("locale", "en")],
            )
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        text(&html, "#role-error").unwrap(),
        "You cannot remove your own administrator role."
    );
    assert!(text(&html, ".checkbox .field-error").unwrap().contains("deactivate your own"));
    let after = users::find(&app.app.db, me.id).await.unwrap();
    assert!(after.active && after.role == "admin");
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() {
    let app = TestApp::spawn().await;
    let token = setup::issue_if_needed(&app.app.db).await.unwrap().expect("no admin yet");
    let b = app.browser();
    let (status, _) = b.get_html(&format!("/setup?token={token}")).await;
    assert_eq!(status, StatusCode::OK);
    let form = [
        ("token", token.as_str()),
        ("name", "First Admin"),
        ("email", "first@example.com"),
        ("locale", "en"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let res = b.post_form("/setup", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.get_html("/").await;
    assert_eq!(text(&html, "h1").unwrap(), "Welcome, First Admin");
    assert_eq!(text(&html, ".flash-success").unwrap(), "Your administrator account is ready.");
    // The link is spent, and no new one is issued now that an admin exists.
    let other = app.browser();
    let (status, html) = other.get_html(&format!("/setup?token={token}")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text(&html, ".error-page").unwrap().contains("already been used"));
    let res = other.post_form("/setup", &form).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(users::count_active_admins(&app.app.db).await.unwrap(), 1);
    assert!(setup::issue_if_needed(&app.app.db).await.unwrap().is_none());
}

#[tokio::test]
async fn an_expired_setup_link_says_so() {
    let app = TestApp::spawn().await;
    let token = setup::issue(&app.app.db, chrono::Duration::seconds(-1)).await.unwrap();
    let (status, html) = app.browser().get_html(&format!("/setup?token={token}")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text(&html, ".error-page").unwrap().contains("expired"));
}

#[tokio::test]
async fn a_bad_setup_form_keeps_the_values_and_spends_nothing() {
    let app = TestApp::spawn().await;
    let token = setup::issue_if_needed(&app.app.db).await.unwrap().unwrap();
    let b = app.browser();
    let (status, html) = page(
        b.post_form(
            "/setup",
            &[
                ("token", &token),
                ("name", "First Admin"),
                ("email", "first@example.com"),
                ("locale", "en"),
                ("password", PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&html, "#password_confirm-error").unwrap(), "The two passwords do not match.");
    assert_eq!(attr(&html, "input[name=email]", "value").unwrap(), "first@example.com");
    // The link still works.
    assert!(setup::check(&app.app.db, &token).await.is_ok());
}

#[tokio::test]
async fn changing_ones_password_signs_out_other_sessions_but_not_this_one() {
    let app = TestApp::spawn().await;
    let (b, user) = app.signed_in("shopper").await;
    let other = app.browser();
    assert_eq!(other.login(&user.email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let new = "saffron kettle meadow 77";
    let res = b
        .post_form("/account/password", &[("current", PASSWORD), ("new", new), ("confirm", new)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.get("/account").await.status(), StatusCode::OK);
    assert_eq!(other.get("/account").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.browser().login(&user.email, new).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_wrong_current_password_changes_nothing() {
    let app = TestApp::spawn().await;
    let (b, user) = app.signed_in("shopper").await;
    let new = "saffron kettle meadow 77";
    let (status, html) = page(
        b.post_form(
            "/account/password",
            &[("current", "nope nope nope"), ("new", new), ("confirm", new)],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&html, "#current-error").unwrap(), "This is not your current password.");
    assert_eq!(app.browser().login(&user.email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn choosing_persian_turns_the_interface_right_to_left() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/account/language", &[("locale", "fa")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.get_html("/account").await;
    assert_eq!(attr(&html, "html", "lang").unwrap(), "fa");
    assert_eq!(attr(&html, "html", "dir").unwrap(), "rtl");
    assert_eq!(text(&html, "h1").unwrap(), yardstick::i18n::Locale::Fa.t("nav-account"));
}

#[tokio::test]
async fn an_unknown_language_is_refused_beside_the_field() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let (status, html) = page(b.post_form("/account/language", &[("locale", "xx")]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&html, "#locale-error").unwrap(), "Choose one of the languages in the list.");
}
