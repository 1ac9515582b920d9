//! The scorecard in a real browser, at a phone's size and a desktop's: a
//! manager opens it, follows a cell to the visits behind it, opens a visit
//! and reads its answers; axe-core finds nothing serious on the way.
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::prelude::*;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, assert_accessible, axe_source, js, path_of, press, sign_in,
    start_browser, texts, type_into, visit,
};
use crate::scorecard::programme::Programme;
use crate::support::{PASSWORD, TestApp};

/// Opens a page; on a phone also checks it fits (see `driver::visit`).
async fn open(d: &WebDriver, app: &TestApp, path: &str, phone: bool) {
    if phone {
        visit(d, app, path).await;
    } else {
        d.goto(app.url(path)).await.unwrap();
    }
}

/// Clicks a link and waits for the page it leads to; on a phone through
/// `driver::press`, which also checks the target is big enough to tap.
async fn follow(d: &WebDriver, css: &str, phone: bool) {
    if phone {
        return press(d, css).await;
    }
    js(d, "window.__old_page = true;", vec![]).await;
    d.find(By::Css(css)).await.unwrap().click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let new_page = "return !window.__old_page && document.readyState === 'complete';";
    while js(d, new_page, vec![]).await != json!(true) {
        assert!(Instant::now() < deadline, "no new page after clicking {css}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn follow_a_cell_to_a_visit(phone: bool) {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(session) = start_browser(phone).await else { return };
    let d = &session.driver;
    let app = TestApp::spawn().await;
    Programme::build(&app).await;
    app.create_user_with("manager", "scorecard@example.com", "en").await;
    if phone {
        sign_in(d, &app, "scorecard@example.com").await;
    } else {
        open(d, &app, "/login", phone).await;
        type_into(d, "#email", "scorecard@example.com").await;
        type_into(d, "#password", PASSWORD).await;
        follow(d, "form[action='/login'] button[type=submit]", phone).await;
    }

    open(d, &app, "/scorecard", phone).await;
    let heads = texts(d, "#matrix thead th[scope=col] bdi").await;
    if heads.is_empty() {
        panic!("{}", d.source().await.unwrap());
    }
    assert_eq!(heads, ["Ours", "Ours Two", "Rival A", "Rival B"]);
    let lines = d.find_all(By::Css("#trend svg.trend-chart polyline")).await.unwrap();
    assert_eq!(lines.len(), 4, "one trend line per brand");
    if let Some(axe) = axe_source() {
        assert_accessible(d, &axe).await;
    }

    follow(d, "#matrix tr.overall td a", phone).await;
    assert_eq!(path_of(d).await, "/visits");
    // A phone lists the visits as cards, a desktop as a table.
    let (rows, link) = if phone {
        ("ol.visit-cards li", "ol.visit-cards a")
    } else {
        ("table.visit-list tbody tr", "table.visit-list tbody a")
    };
    let rows = texts(d, rows).await;
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("Ours")), "{rows:?}");
    if let Some(axe) = axe_source() {
        assert_accessible(d, &axe).await;
    }

    follow(d, link, phone).await;
    assert!(path_of(d).await.starts_with("/visits/"), "a visit's report");
    let answers = texts(d, "ol.answers li .code").await;
    assert!(answers.contains(&"STF-01".to_owned()), "{answers:?}");

    session.driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_scorecard_on_a_phone_leads_from_a_cell_to_a_visits_answers() {
    follow_a_cell_to_a_visit(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_scorecard_on_a_desktop_leads_from_a_cell_to_a_visits_answers() {
    follow_a_cell_to_a_visit(false).await;
}

/// The answers export as a phone's browser downloads it from the page's
/// own link: with its session cookie and its `Accept-Encoding` (gzip and
/// brotli), read to the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_downloads_every_answer_from_the_scorecard_page() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(session) = start_browser(true).await else { return };
    let d = &session.driver;
    let app = TestApp::spawn().await;
    let p = Programme::build(&app).await;
    app.create_user_with("manager", "exports@example.com", "en").await;
    sign_in(d, &app, "exports@example.com").await;
    visit(d, &app, "/scorecard").await;
    let script = "const a = document.querySelector(\"#exports a[href*='answers.csv']\");
        return fetch(a.href).then(async r => ({
            status: r.status,
            type: r.headers.get('content-type'),
            text: await r.text(),
        })).catch(e => ({error: String(e)}));";
    let got = js(d, script, vec![]).await;
    assert_eq!(got["status"], 200, "{got}");
    assert_eq!(got["type"], "text/csv; charset=utf-8");
    let text = got["text"].as_str().unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows = r.records().map(Result::unwrap).count();
    let approved = p.visits.iter().filter(|v| v.status == "approved").count();
    assert_eq!(rows, 3 * approved, "three answers per approved visit");
    // And the page offers the one-row-per-visit export beside it.
    let links = texts(d, "#exports a").await;
    assert_eq!(links.len(), 3, "{links:?}");
    session.driver.quit().await.unwrap();
}
