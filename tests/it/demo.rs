//! `yardstick --demo`: the demo loads into an empty database, every role
//! can sign in with the printed login and finds a programme to look at,
//! and a second load is refused without changing anything.
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use yardstick::accounts::users;
use yardstick::demo::{self, Login};
use yardstick::entities::{assignment, photo, scorecard_cell, user, visit};
use yardstick::i18n::Locale;

use crate::support::*;

async fn loaded() -> (TestApp, Vec<Login>) {
    let app = TestApp::spawn().await;
    let logins = demo::load(&app.app, Locale::En).await.expect("the demo loads");
    (app, logins)
}

async fn signed_in_as(app: &TestApp, logins: &[Login], role: &str) -> Browser {
    let l = logins.iter().find(|l| l.role == role).expect("a login per role");
    let b = app.browser();
    let res = b.login(&l.email, &l.password).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the printed {role} login works");
    b
}

#[tokio::test]
async fn a_login_is_printed_for_every_role() {
    let (_, logins) = loaded().await;
    let roles: Vec<&str> = logins.iter().map(|l| l.role).collect();
    assert_eq!(roles, ["admin", "manager", "trainer", "shopper", "location_manager"]);
    assert!(logins.iter().all(|l| l.password.len() >= 20));
}

#[tokio::test]
async fn the_managers_scorecard_shows_three_brands_with_approved_visits() {
    let (app, logins) = loaded().await;
    let b = signed_in_as(&app, &logins, "manager").await;
    let (s, html) = b.get_html("/scorecard?from=2000-01-01").await;
    assert_eq!(s, StatusCode::OK);
    let heads = select_all(&html, "#matrix thead th[scope=col] bdi");
    assert_eq!(heads, ["Cedar Market", "Contoso", "Northwind"], "own brand first");
    let metas = select_all(&html, "#matrix tr.overall td .meta");
    let ns: Vec<u64> = metas
        .iter()
        .map(|m| m.trim_start_matches("n ").split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ns.len(), 3, "{metas:?}");
    assert!(ns.iter().all(|n| *n > 10), "every brand has visits: {ns:?}");
    let approved =
        visit::Entity::find().filter(visit::Column::Status.eq("approved")).count(&app.app.db);
    assert_eq!(ns.iter().sum::<u64>(), approved.await.unwrap(), "only approved visits count");

    // The first page after signing in already says where each brand stands.
    let (s, home) = b.get_html("/").await;
    assert_eq!(s, StatusCode::OK);
    let brands = select_all(&home, "#standing tbody th bdi");
    assert_eq!(brands, ["Cedar Market", "Contoso", "Northwind"]);
    assert_eq!(select_all(&home, "#standing tbody td .mean").len(), 3);
}

#[tokio::test]
async fn visits_come_in_every_status_and_returned_ones_carry_a_note() {
    let (app, _) = loaded().await;
    let db = &app.app.db;
    for status in ["draft", "submitted", "returned", "approved", "rejected"] {
        let n = visit::Entity::find().filter(visit::Column::Status.eq(status)).count(db);
        assert!(n.await.unwrap() > 0, "some visits are {status}");
    }
    let returned =
        visit::Entity::find().filter(visit::Column::Status.eq("returned")).all(db).await.unwrap();
    assert!(returned.iter().all(|v| !v.review_note.is_empty()), "a reviewer's note on each");
    let total = visit::Entity::find().count(db).await.unwrap();
    assert!((200..=500).contains(&total), "a few hundred visits: {total}");
    assert!(scorecard_cell::Entity::find().count(db).await.unwrap() > 0);
}

#[tokio::test]
async fn the_shopper_has_open_and_overdue_work_on_the_home_page() {
    let (app, logins) = loaded().await;
    let b = signed_in_as(&app, &logins, "shopper").await;
    let (s, home) = b.get_html("/").await;
    assert_eq!(s, StatusCode::OK);
    // Three by hand, and any of this week's from the weekly round.
    let db = &app.app.db;
    let from_round = assignment::Entity::find().filter(assignment::Column::RoundId.is_not_null());
    assert!(from_round.clone().count(db).await.unwrap() > 0, "the round made this week's work");
    let shopper = users::find_by_email(db, &demo::email("shopper")).await.unwrap().unwrap();
    let theirs = from_round.filter(assignment::Column::ShopperId.eq(shopper.id)).count(db);
    let shown = select_all(&home, ".assignment h3").len();
    assert_eq!(shown as u64, 3 + theirs.await.unwrap(), "three by hand and the round's");
    assert_eq!(select_all(&home, ".assignment .badge-critical").len(), 1, "one overdue");
}

#[tokio::test]
async fn the_location_manager_has_actions_to_work_on_and_the_manager_one_to_verify() {
    let (app, logins) = loaded().await;
    let lm = signed_in_as(&app, &logins, "location_manager").await;
    let (s, page) = lm.get_html("/actions?mine=on").await;
    assert_eq!(s, StatusCode::OK);
    let titles = select_all(&page, ".action-card .action-title a");
    assert_eq!(titles.len(), 3, "three actions for the own places: {titles:?}");
    // Each names the question that failed, in the demo's language.
    assert!(titles.iter().all(|t| t.starts_with("Find out why “")), "{titles:?}");
    // They see their places' visits, and only those.
    let (_, visits) = lm.get_html("/visits").await;
    let brands = select_all(&visits, "tbody tr td bdi");
    assert!(!brands.is_empty(), "their places' visits");
    assert!(brands.iter().all(|b| b == "Cedar Market"), "no competitor's visit: {brands:?}");
    let m = signed_in_as(&app, &logins, "manager").await;
    let (_, waiting) = m.get_html("/actions?status=done").await;
    assert_eq!(select_all(&waiting, ".action-card").len(), 1, "one done, to verify");
}

#[tokio::test]
async fn the_weekly_round_shows_this_weeks_coverage() {
    let (app, logins) = loaded().await;
    let m = signed_in_as(&app, &logins, "manager").await;
    let (s, list) = m.get_html("/rounds").await;
    assert_eq!(s, StatusCode::OK);
    let names = select_all(&list, "td a");
    assert!(names.iter().any(|t| t == "Weekly own-store check"), "{names:?}");
    // Its page: the period running now, with work sent to the shoppers.
    let href = attr(&list, "td a", "href").unwrap();
    let (s, round) = m.get_html(&href).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!select_all(&round, "section.card table tbody tr").is_empty(), "a period");
    let made = assignment::Entity::find().filter(assignment::Column::RoundId.is_not_null());
    assert!(made.count(&app.app.db).await.unwrap() > 0, "this week's assignments");
}

#[tokio::test]
async fn the_gallery_shows_stored_photos() {
    let (app, logins) = loaded().await;
    let b = signed_in_as(&app, &logins, "trainer").await;
    let (s, page) = b.get_html("/gallery").await;
    assert_eq!(s, StatusCode::OK);
    let thumbs = select_all(&page, ".gallery-grid a").len();
    assert!(thumbs >= 10, "{thumbs} photos in the gallery");
    let src = attr(&page, ".gallery-grid img", "src").unwrap();
    let res = b.get(&src).await;
    assert_eq!(res.status(), StatusCode::OK, "the thumbnail is in storage");
    assert_eq!(res.headers()["content-type"], "image/jpeg");
}

#[tokio::test]
async fn a_second_load_is_refused_and_changes_nothing() {
    let (app, _) = loaded().await;
    let db = &app.app.db;
    let counts = || async {
        (
            user::Entity::find().count(db).await.unwrap(),
            visit::Entity::find().count(db).await.unwrap(),
            photo::Entity::find().count(db).await.unwrap(),
        )
    };
    let before = counts().await;
    assert!(demo::is_loaded(db).await.unwrap());
    let again = demo::load(&app.app, Locale::En).await;
    assert!(matches!(again, Err(yardstick::AppError::Conflict(_))), "refused");
    assert_eq!(counts().await, before, "nothing changed");
}

#[tokio::test]
async fn a_database_with_anything_in_it_is_not_the_demo_and_is_refused() {
    let app = TestApp::spawn().await;
    app.create_user("manager").await;
    assert!(!demo::is_loaded(&app.app.db).await.unwrap());
    assert!(demo::load(&app.app, Locale::En).await.is_err());
    assert_eq!(user::Entity::find().count(&app.app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn the_persian_demo_is_persian_from_brands_to_checklist() {
    let app = TestApp::spawn().await;
    let logins = demo::load(&app.app, Locale::Fa).await.expect("the demo loads");
    let b = signed_in_as(&app, &logins, "shopper").await;
    let (_, home) = b.get_html("/").await;
    let contact = select_all(&home, ".assignment .contact li");
    assert!(contact.iter().any(|c| c.contains("، تهران")), "a Persian comma: {contact:?}");
    let (api, _) = Api::new(&app, "manager").await;
    let (_, brands) = api.get("/api/v1/brands").await;
    let names: Vec<&str> =
        brands.as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"بازار سرو"), "{names:?}");
    let (_, places) = api.get("/api/v1/locations").await;
    let first = &places["items"][0];
    assert!(first["timezone"] == "Asia/Tehran", "{first}");
    let (_, lists) = api.get("/api/v1/checklists").await;
    let id = lists[0]["id"].as_i64().unwrap();
    let (_, doc) = api.get(&format!("/api/v1/checklists/{id}/versions/1")).await;
    let title = doc["sections"][0]["title"].as_str().unwrap();
    assert!(!title.chars().next().unwrap().is_ascii(), "a Persian section title: {title}");
}
