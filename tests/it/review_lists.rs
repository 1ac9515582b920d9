//! Review and lists as a phone shows them (issue 14): a report headed by
//! what it is about with a way to the decision, visits as cards with
//! status and score first, gallery tiles that say what they show, a
//! manager's home with what awaits review, a shopper's lists.
use chrono::{Duration, TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::photo_pages::{HERE, World};
use crate::support::*;

/// A store visit of brand "Azadi ..." on 10 January 2026, submitted by a
/// new shopper: (world, visit id, the STK-03 photo's id, shopper's token).
async fn submitted(app: &TestApp) -> (World, String, String, String) {
    let w = World::new(app).await;
    let (shopper, _) = app.token_for("shopper").await;
    let (_, loc) = w.place("Azadi", "store").await;
    let jan = Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap();
    let (visit, photo) = w.visit(&shopper, loc, jan, false, HERE).await;
    (w, visit, photo, shopper)
}

#[tokio::test]
async fn a_report_is_headed_by_brand_location_channel_and_date() {
    let app = TestApp::spawn().await;
    let (_, visit, _, _) = submitted(&app).await;
    let (manager, _) = app.signed_in("manager").await;
    let (status, page) = manager.get_html(&format!("/visits/{visit}")).await;
    assert_eq!(status, StatusCode::OK);
    let h1 = text(&page, "h1").unwrap();
    assert!(h1.starts_with("Azadi "), "brand first: {h1}");
    assert!(h1.ends_with(" · Azadi · Store · Jan 10, 2026"), "{h1}");
    assert!(!h1.contains("Evidence"), "not the checklist's name: {h1}");
    // The checklist is still named, among the facts.
    assert!(select_all(&page, "dl.facts dd").contains(&"Evidence".to_owned()));
}

#[tokio::test]
async fn a_reviewer_gets_a_link_to_the_decision_form_at_the_top_and_the_form_at_the_bottom() {
    let app = TestApp::spawn().await;
    let (_, visit, _, _) = submitted(&app).await;
    let (manager, _) = app.signed_in("manager").await;
    let (_, page) = manager.get_html(&format!("/visits/{visit}")).await;
    assert_eq!(attr(&page, "main > .review-bar a", "href").unwrap(), "#review");
    assert_eq!(text(&page, "main > .review-bar a").unwrap(), "Review: approve, return or reject");
    // The form is the page's last section, where the link leads.
    let form = format!("section#review:last-child form[action='/visits/{visit}/review']");
    let decisions: Vec<String> = {
        let sel = scraper::Selector::parse(&format!("{form} button[name=decision]")).unwrap();
        page.select(&sel).filter_map(|b| b.value().attr("value")).map(str::to_owned).collect()
    };
    assert_eq!(decisions, ["approve", "return", "reject"]);
}

#[tokio::test]
async fn a_shopper_and_a_trainer_get_no_review_bar() {
    let app = TestApp::spawn().await;
    let (_, visit, _, _) = submitted(&app).await;
    let (trainer, _) = app.signed_in("trainer").await;
    let (status, page) = trainer.get_html(&format!("/visits/{visit}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&page, ".review-bar").is_none());
    assert!(text(&page, "#review").is_none());
}

#[tokio::test]
async fn the_visits_list_shows_status_and_score_first_and_a_short_date() {
    let app = TestApp::spawn().await;
    let (_, visit, _, _) = submitted(&app).await;
    let (manager, _) = app.signed_in("manager").await;
    let (_, page) = manager.get_html("/visits").await;
    let card = format!("ol.visit-cards li a[href='/visits/{visit}']");
    // Status and score come first, before the place and the date.
    let head = format!("{card} > span:first-child");
    assert_eq!(attr(&page, &head, "class").unwrap(), "visit-card-head");
    assert_eq!(text(&page, &format!("{head} .badge")).unwrap(), "Awaiting review");
    assert_eq!(text(&page, &format!("{head} .score")).unwrap(), "50%");
    assert!(text(&page, &format!("{card} .visit-card-brand")).unwrap().starts_with("Azadi "));
    assert_eq!(text(&page, &format!("{card} .visit-card-date")).unwrap(), "Jan 10, 2026");
    // Wide screens keep the table.
    assert_eq!(select_all(&page, "table.visit-list tbody tr").len(), 1);
}

#[tokio::test]
async fn the_review_queue_on_a_phone_shows_the_score_first_and_a_short_date() {
    let app = TestApp::spawn().await;
    let (_, visit, _, _) = submitted(&app).await;
    let (manager, _) = app.signed_in("manager").await;
    let (_, page) = manager.get_html("/review").await;
    let card = format!("ol.review-cards li a[href='/visits/{visit}']");
    let head = format!("{card} > span:first-child");
    assert_eq!(attr(&page, &head, "class").unwrap(), "visit-card-head");
    assert_eq!(text(&page, &format!("{head} .score")).unwrap(), "50%");
    let place = text(&page, &format!("{card} .visit-card-place")).unwrap();
    assert_eq!(place, "Azadi · Test shopper");
    assert_eq!(text(&page, &format!("{card} .visit-card-date")).unwrap(), "Jan 10, 2026");
    assert_eq!(select_all(&page, "table.data tbody tr").len(), 1, "the table for wide screens");
}

#[tokio::test]
async fn gallery_tiles_show_the_question_place_date_and_result() {
    let app = TestApp::spawn().await;
    let (_, _, photo, _) = submitted(&app).await;
    let (trainer, _) = app.signed_in("trainer").await;
    let (_, page) = trainer.get_html("/gallery").await;
    let tiles = select_all(&page, ".gallery-grid li");
    assert_eq!(tiles.len(), 2, "{tiles:?}");
    let failed = tiles.iter().find(|t| t.contains("Shelves full?")).expect("the question");
    for part in ["Azadi", "Jan 10, 2026", "Failed"] {
        assert!(failed.contains(part), "{part} in {failed}");
    }
    assert!(!failed.contains("STK-01"), "the prompt, not the code: {failed}");
    // A photo-only question scores nothing: neither passed nor failed.
    let entrance = tiles.iter().find(|t| t.contains("Photo of the entrance")).unwrap();
    assert!(!entrance.contains("Failed") && !entrance.contains("Passed"), "{entrance}");

    let (_, large) = trainer.get_html(&format!("/gallery/{photo}")).await;
    let facts = select_all(&large, "dl.facts > *");
    let taken = facts.iter().position(|f| f == "Taken").expect("when it was taken");
    // Taken five minutes into the visit, in the location's zone (UTC).
    assert!(facts[taken + 1].contains("Jan 10, 2026"), "{}", facts[taken + 1]);
    assert!(facts[taken + 1].contains("9:05"), "{}", facts[taken + 1]);
}

#[tokio::test]
async fn a_managers_home_shows_what_awaits_review_and_the_scorecard_summary() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.token_for("shopper").await;
    let (_, loc) = w.place("Azadi", "store").await;
    let recent = Utc::now() - Duration::days(3);
    let (approved, _) = w.visit(&shopper, loc, recent, true, HERE).await;
    w.visit(&shopper, loc, recent, true, HERE).await;
    w.visit(&shopper, loc, recent, false, HERE).await;
    let review = format!("/visits/{approved}/review");
    w.call("POST", &review, &w.manager, json!({"decision": "approve"})).await;

    let (manager, _) = app.signed_in("manager").await;
    let (_, home) = manager.get_html("/").await;
    assert_eq!(text(&home, "#awaiting-review a").unwrap(), "Waiting for review: 2");
    assert_eq!(attr(&home, "#awaiting-review a", "href").unwrap(), "/review");
    // The scorecard summary follows, leading to the scorecard.
    assert!(attr(&home, "#standing h2 a", "href").unwrap().starts_with("/scorecard"));
    assert!(text(&home, "#standing tbody th").unwrap().contains("Azadi"));

    // A trainer reads the scorecard but reviews nothing.
    let (trainer, _) = app.signed_in("trainer").await;
    let (_, home) = trainer.get_html("/").await;
    assert!(text(&home, "#awaiting-review").is_none());
    assert!(text(&home, "#standing").is_some());
}

#[tokio::test]
async fn a_managers_home_says_when_nothing_awaits_review() {
    let app = TestApp::spawn().await;
    let (manager, _) = app.signed_in("manager").await;
    let (_, home) = manager.get_html("/").await;
    assert_eq!(text(&home, "#awaiting-review").unwrap(), "Nothing is waiting for review.");
}

#[tokio::test]
async fn a_shoppers_home_keeps_drafts_apart_with_dates_and_scores_once_approved() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (token, user) = app.token_for("shopper").await;
    let (_, loc) = w.place("Azadi", "store").await;
    let jan = Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap();
    let feb = Utc.with_ymd_and_hms(2026, 2, 12, 9, 0, 0).unwrap();
    let (approved, _) = w.visit(&token, loc, jan, true, HERE).await;
    let (waiting, _) = w.visit(&token, loc, feb, true, HERE).await;
    w.call(
        "POST",
        &format!("/visits/{approved}/review"),
        &w.manager,
        json!({"decision": "approve"}),
    )
    .await;
    let draft = uuid::Uuid::new_v4().to_string();
    w.call(
        "PUT",
        &format!("/visits/{draft}"),
        &token,
        json!({"location_id": loc, "checklist_id": w.checklist, "started_at": jan.to_rfc3339()}),
    )
    .await;

    let b = app.browser();
    b.login(&user.email, PASSWORD).await;
    let (_, home) = b.get_html("/").await;
    let sections = select_all(&home, "section.my-visits h2");
    assert_eq!(sections, ["Still with you: drafts and returned visits", "Handed in"]);
    let card = |id: &str| format!("section.my-visits a[href='/visits/{id}']");
    let lists: Vec<Vec<String>> = {
        let sections = scraper::Selector::parse("section.my-visits").unwrap();
        let links = scraper::Selector::parse("a").unwrap();
        home.select(&sections)
            .map(|s| {
                s.select(&links).filter_map(|a| a.value().attr("href")).map(str::to_owned).collect()
            })
            .collect()
    };
    assert_eq!(lists[0], [format!("/visits/{draft}")], "drafts apart");
    assert_eq!(lists[1].len(), 2, "both handed-in visits: {lists:?}");
    assert!(text(&home, &format!("{} .badge-draft", card(&draft))).is_some());
    assert_eq!(text(&home, &format!("{} .visit-card-date", card(&draft))).unwrap(), "Jan 10, 2026");
    // A score only once approved (all passed: 100%).
    assert_eq!(text(&home, &format!("{} .score", card(&approved))).unwrap(), "100%");
    assert!(text(&home, &format!("{} .score", card(&waiting))).is_none());
    assert_eq!(text(&home, &format!("{} .badge", card(&waiting))).unwrap(), "Awaiting review");
    assert_eq!(
        text(&home, &format!("{} .visit-card-date", card(&waiting))).unwrap(),
        "Feb 12, 2026"
    );
}
