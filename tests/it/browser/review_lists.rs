//! Review and lists on a phone (issue 14), in English and Persian: each
//! page fits 390 px, the menu opens to Sign out, axe-core finds nothing
//! serious, and a visit report prints to a PDF holding the report and no
//! menu. Screenshots go to `target/screenshots/`.
use std::path::PathBuf;
use std::process::Command;

use chrono::{Duration, Utc};
use serde_json::json;
use thirtyfour::prelude::*;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, assert_accessible, assert_tall_enough, axe_source, js, sign_in,
    start_phone, visit,
};
use crate::photo_pages::{HERE, World};
use crate::support::TestApp;

fn screenshot_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.png"))
}

/// Opens a page at the phone's size, checks it fits and axe-core's
/// verdict, and keeps a screenshot.
async fn check(d: &WebDriver, app: &TestApp, axe: Option<&str>, path: &str, shot: &str) {
    visit(d, app, path).await;
    if let Some(axe) = axe {
        assert_accessible(d, axe).await;
    }
    d.screenshot(&screenshot_path(shot)).await.unwrap();
}

/// The menu button opens to the whole menu, Sign out included, inside the
/// phone's width.
async fn assert_menu_reaches_sign_out(d: &WebDriver) {
    let logout = d.find(By::Css(".nav-menu button.link")).await.unwrap();
    assert!(!logout.is_displayed().await.unwrap(), "the menu starts closed");
    assert_tall_enough(d, ".nav-menu > summary").await;
    d.find(By::Css(".nav-menu > summary")).await.unwrap().click().await.unwrap();
    assert!(logout.is_displayed().await.unwrap(), "Sign out shows once the menu is open");
    let r = js(
        d,
        "const r = document.querySelector('.nav-menu button.link').getBoundingClientRect();
         return [r.left, r.right, window.innerWidth];",
        vec![],
    )
    .await;
    let (left, right, width) =
        (r[0].as_f64().unwrap(), r[1].as_f64().unwrap(), r[2].as_f64().unwrap());
    assert!(left >= 0.0 && right <= width, "Sign out within the screen: {r}");
    super::driver::assert_no_horizontal_overflow(d).await;
}

/// Scrolled down a long report, the link to the decision form is still at
/// the top of the screen, and it leads to the form.
async fn assert_review_link_stays_in_sight(d: &WebDriver) {
    js(d, "window.scrollTo(0, document.body.scrollHeight / 2);", vec![]).await;
    let top = js(
        d,
        "return [window.scrollY, document.querySelector('.review-bar a').getBoundingClientRect().top];",
        vec![],
    )
    .await;
    assert!(top[0].as_f64().unwrap() > 200.0, "the page scrolled: {top}");
    let at = top[1].as_f64().unwrap();
    assert!((0.0..60.0).contains(&at), "the review link at the top of the screen: {top}");
    assert_tall_enough(d, ".review-bar a").await;
    d.find(By::Css(".review-bar a")).await.unwrap().click().await.unwrap();
    let seen = "const r = document.querySelector('#review').getBoundingClientRect();
                return r.top < window.innerHeight && r.bottom > 0;";
    assert_eq!(js(d, seen, vec![]).await, json!(true), "the decision form in view");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_and_list_pages_fit_a_phone_in_english_and_persian() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let axe = axe_source();
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (_, loc) = w.place("Azadi", "store").await;
    let recent = Utc::now() - Duration::days(3);
    for lang in ["en", "fa"] {
        let shopper = app.create_user_with("shopper", &format!("s-{lang}@example.com"), lang).await;
        let token = yardstick::accounts::tokens::issue(&app.app.db, shopper.id).await.unwrap();
        let (approved, _) = w.visit(&token, loc, recent, true, HERE).await;
        w.visit(&token, loc, recent, false, HERE).await;
        let review = format!("/visits/{approved}/review");
        w.call("POST", &review, &w.manager, json!({"decision": "approve"})).await;
        let draft = uuid::Uuid::new_v4().to_string();
        let body = json!({"location_id": loc, "checklist_id": w.checklist});
        w.call("PUT", &format!("/visits/{draft}"), &token, body).await;
        app.create_user_with("manager", &format!("m-{lang}@example.com"), lang).await;
        app.create_user_with("trainer", &format!("t-{lang}@example.com"), lang).await;
    }
    let (t, _) = app.token_for("shopper").await;
    let (visit_id, _) = w.visit(&t, loc, recent, false, HERE).await;

    for lang in ["en", "fa"] {
        sign_in(d, &app, &format!("m-{lang}@example.com")).await;
        check(d, &app, axe.as_deref(), "/", &format!("lists-{lang}-manager-home")).await;
        assert_menu_reaches_sign_out(d).await;
        d.screenshot(&screenshot_path(&format!("lists-{lang}-menu-open"))).await.unwrap();
        check(d, &app, axe.as_deref(), "/visits", &format!("lists-{lang}-visits")).await;
        let report = format!("/visits/{visit_id}");
        check(d, &app, axe.as_deref(), &report, &format!("lists-{lang}-report")).await;
        assert_review_link_stays_in_sight(d).await;
        d.screenshot(&screenshot_path(&format!("lists-{lang}-report-scrolled"))).await.unwrap();
        check(d, &app, axe.as_deref(), "/review", &format!("lists-{lang}-review")).await;
        d.delete_all_cookies().await.unwrap();

        sign_in(d, &app, &format!("t-{lang}@example.com")).await;
        assert_menu_reaches_sign_out(d).await;
        check(d, &app, axe.as_deref(), "/gallery", &format!("lists-{lang}-gallery")).await;
        let photo = d.find(By::Css(".gallery-grid a")).await.unwrap().attr("href").await.unwrap();
        check(d, &app, axe.as_deref(), &photo.unwrap(), &format!("lists-{lang}-photo")).await;
        d.delete_all_cookies().await.unwrap();

        sign_in(d, &app, &format!("s-{lang}@example.com")).await;
        check(d, &app, axe.as_deref(), "/", &format!("lists-{lang}-shopper-home")).await;
        d.delete_all_cookies().await.unwrap();
    }
}

/// The PDF's text, by poppler's `pdftotext`; `None` (the check skipped)
/// when it is missing and the browser tests are not required.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let file = std::env::temp_dir().join(format!("report-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new("pdftotext").arg("-layout").arg(&file).arg("-").output();
    let _ = std::fs::remove_file(&file);
    match out {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ if std::env::var("YARDSTICK_REQUIRE_BROWSER").as_deref() == Ok("1") => {
            panic!(
                "YARDSTICK_REQUIRE_BROWSER=1 but pdftotext is missing: apt-get install poppler-utils"
            )
        }
        _ => {
            eprintln!("skipped the PDF's text: pdftotext missing (apt-get install poppler-utils)");
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_report_prints_to_a_pdf_without_the_menu() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.token_for("shopper").await;
    let (_, loc) = w.place("Azadi", "store").await;
    let (id, _) = w.visit(&shopper, loc, Utc::now() - Duration::days(1), false, HERE).await;
    app.create_user_with("manager", "print@example.com", "en").await;
    sign_in(d, &app, "print@example.com").await;
    visit(d, &app, &format!("/visits/{id}")).await;
    let heading = d.find(By::Css("h1")).await.unwrap().text().await.unwrap();

    let pdf = d.print_page(thirtyfour::common::print::PrintParameters::default()).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    // Kept beside the screenshots, to look at.
    std::fs::write(screenshot_path("lists-en-report-print").with_extension("pdf"), &pdf).unwrap();
    let Some(text) = pdf_text(&pdf) else { return };
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = words(&text);
    // The brand's name ends in a long id the PDF may break; the rest of
    // the heading reads whole.
    let (brand, rest) = heading.split_once(" · ").unwrap();
    assert!(flat.starts_with(&brand[..10]), "the heading first: {flat}");
    assert!(flat.contains(&words(rest)), "the heading {heading:?} in: {flat}");
    for answer in ["Shelves full?", "Greeted?", "No", "Yes", "Stock", "Staff"] {
        assert!(flat.contains(answer), "{answer:?} in: {flat}");
    }
    for menu in ["Menu", "Sign out", "Scorecard", "Gallery", "Approve", "Reject"] {
        assert!(!flat.contains(menu), "no {menu:?} in the printout: {flat}");
    }
    // Each section of the checklist starts a page: the facts, Stock, Staff.
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 3, "{pages} pages");
}
