//! A manager sets up a round on a phone, runs it and follows a period's
//! coverage, in English and in Persian (right to left, Solar Hijri dates).
use serde_json::json;
use thirtyfour::prelude::*;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, assert_no_horizontal_overflow, js, path_of, press, sign_in, start_phone,
    texts, type_into, visit,
};
use crate::support::{Api, TestApp};

/// A programme through the API: a brand, three locations, the built-in
/// checklist published, two shoppers.
async fn programme(app: &TestApp) {
    let (m, _) = Api::new(app, "manager").await;
    let (_, b) = m.post("/api/v1/brands", json!({"name": "Ours", "own": true})).await;
    for i in 0..3 {
        let body = json!({"brand_id": b["id"], "name": format!("Branch {i}"), "channel": "store",
                          "address": format!("{i} Main St"), "timezone": "Asia/Tehran"});
        m.post("/api/v1/locations", body).await;
    }
    let doc = yardstick::checklists::store::builtin_standard(yardstick::i18n::Locale::En);
    let (_, c) = m.post("/api/v1/checklists", serde_json::to_value(&doc).unwrap()).await;
    m.post(&format!("/api/v1/checklists/{}/versions/1/publish", c["id"]), json!({})).await;
    for _ in 0..2 {
        app.create_user("shopper").await;
    }
}

async fn tick_all(d: &WebDriver, css: &str) {
    for b in d.find_all(By::Css(css)).await.unwrap() {
        d.execute("arguments[0].scrollIntoView({block: 'center'});", vec![b.to_json().unwrap()])
            .await
            .unwrap();
        b.click().await.unwrap();
    }
}

async fn round_on_a_phone(lang: &str, start: &str) {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    programme(&app).await;
    let email = format!("rounds-{lang}@example.com");
    app.create_user_with("manager", &email, lang).await;
    sign_in(d, &app, &email).await;

    visit(d, &app, "/rounds").await;
    press(d, "a.btn-primary[href='/rounds/new']").await;
    assert_eq!(path_of(d).await, "/rounds/new");
    assert_no_horizontal_overflow(d).await;
    type_into(d, "#name", "Monthly").await;
    d.find(By::Css("#checklist_id option:nth-child(2)")).await.unwrap().click().await.unwrap();
    tick_all(d, "input[name=shopper_ids]").await;
    // Today's month, in the page's calendar.
    d.execute("document.querySelector('#start_on').value = arguments[0];", vec![json!(start)])
        .await
        .unwrap();
    d.execute("document.querySelector('#due_day').value = '28';", vec![]).await.unwrap();
    press(d, "main form.stack button[type=submit]").await;
    let at = path_of(d).await;
    assert!(at.starts_with("/rounds/"), "created: {at}");
    assert_no_horizontal_overflow(d).await;

    press(d, "form[action$='/run'] button[type=submit]").await;
    let flash = texts(d, ".flash").await.join(" ");
    assert!(!flash.is_empty(), "the run says what it made");
    let periods = texts(d, "section.card table tbody tr").await;
    assert_eq!(periods.len(), 1, "{periods:?}");
    press(d, "section.card table tbody tr a").await;
    assert!(path_of(d).await.contains("/periods/"));
    assert_no_horizontal_overflow(d).await;
    assert_eq!(texts(d, "table.lines tbody tr").await.len(), 3);
    let dir = js(d, "return document.documentElement.dir;", vec![]).await;
    assert_eq!(dir, json!(if lang == "fa" { "rtl" } else { "ltr" }));
    if lang == "fa" {
        let head = texts(d, "h1").await.join(" ");
        assert!(head.chars().any(|c| ('۰'..='۹').contains(&c)), "Persian digits: {head}");
        assert!(!head.contains("202"), "no Gregorian year: {head}");
    }
    phone.driver.quit().await.unwrap();
}

fn this_month(lang: &str) -> String {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    let first = chrono::NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    yardstick::i18n::input_date(yardstick::i18n::Locale::parse(lang).unwrap(), first)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_runs_a_round_on_a_phone_in_english() {
    round_on_a_phone("en", &this_month("en")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_runs_a_round_on_a_phone_in_persian() {
    round_on_a_phone("fa", &this_month("fa")).await;
}
