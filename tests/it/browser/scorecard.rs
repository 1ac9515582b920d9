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
    // A phone shows the brands in the cards; the table is for wide screens.
    let brands = if phone {
        "#matrix .bar-card:first-child ul.bars bdi"
    } else {
        "#matrix thead th[scope=col] bdi"
    };
    let heads = texts(d, brands).await;
    if heads.is_empty() {
        panic!("{}", d.source().await.unwrap());
    }
    assert_eq!(heads, ["Ours", "Ours Two", "Rival A", "Rival B"]);
    let lines = d.find_all(By::Css("#trend svg.trend-chart polyline")).await.unwrap();
    assert_eq!(lines.len(), 4, "one trend line per brand");
    if let Some(axe) = axe_source() {
        assert_accessible(d, &axe).await;
    }

    // A phone taps the brand's bar in the overall card; a desktop the cell.
    let cell = if phone {
        "#matrix .bar-card:first-child ul.bars li a"
    } else {
        "#matrix tr.overall td a"
    };
    follow(d, cell, phone).await;
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

/// Where a test keeps its pictures of a page (CI keeps them as artifacts).
pub(super) fn screenshot_path(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.png"))
}

/// The page at the top, then each of these sections on its own.
async fn screenshots(d: &WebDriver, name: &str, sections: &[&str]) {
    js(d, "window.scrollTo(0, 0);", vec![]).await;
    d.screenshot(&screenshot_path(name)).await.unwrap();
    for css in sections {
        let e = d.find(By::Css(*css)).await.unwrap();
        e.scroll_into_view().await.unwrap();
        let file = format!("{name}-{}", css.trim_start_matches('#'));
        e.screenshot(&screenshot_path(&file)).await.unwrap();
    }
}

/// The phone cards: every bar inside the screen, one per brand in its own
/// colour, and the wide table out of sight (but still in the page).
async fn assert_brands_side_by_side(d: &WebDriver, brands: usize) {
    let script = "const cards = [...document.querySelectorAll('#matrix .bar-card')];
        const table = document.querySelector('#matrix .table-wrap').getBoundingClientRect();
        return { cards: cards.length,
                 shown: cards.length > 0 && cards[0].getBoundingClientRect().height > 0,
                 table: table.width,
                 bars: cards.map(c => [...c.querySelectorAll('svg.bar')].map(s => {
                     const r = s.getBoundingClientRect();
                     const fill = s.querySelector('rect[fill]');
                     return { left: r.left, right: r.right, fill: fill && fill.getAttribute('fill') };
                 })),
                 width: window.innerWidth };";
    let got = js(d, script, vec![]).await;
    assert!(got["shown"] == true && got["cards"].as_u64().unwrap() > 1, "{got}");
    // Clipped to a pixel (and its border): out of sight, still in the page.
    assert!(got["table"].as_f64().unwrap() <= 2.0, "the wide table is hidden on a phone: {got}");
    let width = got["width"].as_f64().unwrap();
    for card in got["bars"].as_array().unwrap() {
        let bars = card.as_array().unwrap();
        assert_eq!(bars.len(), brands, "a bar per brand: {got}");
        for b in bars {
            assert!(
                b["left"].as_f64().unwrap() >= 0.0 && b["right"].as_f64().unwrap() <= width,
                "{b}"
            );
        }
    }
    let overall = got["bars"][0].as_array().unwrap();
    let fills: std::collections::BTreeSet<String> =
        overall.iter().filter_map(|b| b["fill"].as_str().map(str::to_owned)).collect();
    assert_eq!(fills.len(), brands, "each brand in its colour: {got}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_scorecard_on_a_phone_compares_brands_at_a_glance_in_english_and_persian() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(session) = start_browser(true).await else { return };
    let d = &session.driver;
    let app = TestApp::spawn().await;
    Programme::build(&app).await;
    for locale in ["en", "fa"] {
        let email = format!("phone-{locale}@example.com");
        app.create_user_with("manager", &email, locale).await;
        d.delete_all_cookies().await.unwrap();
        sign_in(d, &app, &email).await;

        visit(d, &app, "/scorecard?criteria=staff").await;
        assert_brands_side_by_side(d, 4).await;
        let gaps = texts(d, "#gaps ol.gaps li .gap-delta").await;
        assert!(!gaps.is_empty() && gaps.iter().all(|g| !g.is_empty()), "{gaps:?}");
        if let Some(axe) = axe_source() {
            assert_accessible(d, &axe).await;
        }
        screenshots(d, &format!("scorecard-{locale}"), &["#matrix", "#gaps", "#criteria"]).await;

        // From a criterion's card to its page: brands as rows, its trend.
        press(d, "#criteria .bar-card h3 a").await;
        assert!(path_of(d).await.starts_with("/scorecard/criteria/"), "{}", path_of(d).await);
        let brands = texts(d, "#brands tbody th bdi").await;
        assert!(brands.len() >= 2, "{brands:?}");
        assert!(!d.find_all(By::Css("#trend svg.trend-chart polyline")).await.unwrap().is_empty());
        if let Some(axe) = axe_source() {
            assert_accessible(d, &axe).await;
        }
        screenshots(d, &format!("scorecard-criterion-{locale}"), &["#brands", "#trend"]).await;
    }
    session.driver.quit().await.unwrap();
}
