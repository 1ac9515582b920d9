//! The scorecard page as a manager sees it: the small programme of
//! `scorecard::programme`, built through the API, read back with CSS
//! selectors. Expected figures come from the visits themselves.
use reqwest::StatusCode;
use scraper::Html;

use crate::scorecard::programme::{Programme, Spec, describe, values_by_brand};
use crate::support::*;

/// One decimal, trailing zero dropped, as the page shows a mean.
fn one_decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// The programme, plus three more approved Rival A visits so that brand
/// has enough visits not to be weak evidence (5).
async fn programme(app: &TestApp) -> Programme {
    let mut p = Programme::build(app).await;
    for (date, staff) in
        [("2026-03-10", [true, true]), ("2026-03-11", [false, true]), ("2026-03-12", [true, false])]
    {
        let s = Spec {
            id: uuid::Uuid::new_v4(),
            brand: 2,
            location: 3,
            version: 2,
            date,
            staff,
            delivery: Some(true),
            status: "approved",
        };
        p.visit(&s).await;
        p.visits.push(s);
    }
    p
}

/// Approved visits' overall scores of one brand (by index).
fn overall(p: &Programme, brand: usize) -> Vec<f64> {
    let kept = p.visits.iter().filter(|v| v.status == "approved");
    values_by_brand(kept).get(&brand).and_then(|m| m.get("overall").cloned()).unwrap_or_default()
}

async fn manager_page(app: &TestApp, path: &str) -> (Browser, StatusCode, Html) {
    let (b, _) = app.signed_in("manager").await;
    let (s, html) = b.get_html(path).await;
    (b, s, html)
}

#[tokio::test]
async fn each_brand_has_its_mean_and_n_in_its_column_own_brands_first() {
    let app = TestApp::spawn().await;
    let p = programme(&app).await;
    let (_, s, html) = manager_page(&app, "/scorecard").await;
    assert_eq!(s, StatusCode::OK);
    let heads = select_all(&html, "#matrix thead th[scope=col] bdi");
    assert_eq!(heads, ["Ours", "Ours Two", "Rival A", "Rival B"]);
    assert_eq!(select_all(&html, "#matrix thead .badge-own").len(), 2, "own brands marked");
    let means = select_all(&html, "#matrix tr.overall td .mean");
    let metas = select_all(&html, "#matrix tr.overall td .meta");
    for (i, (mean, meta)) in means.iter().zip(&metas).enumerate() {
        let (n, m, sd) = describe(&overall(&p, i));
        assert_eq!(mean.trim_end_matches('†'), one_decimal(m.unwrap()), "brand {i} mean");
        assert_eq!(meta, &format!("n {n} ± {}", one_decimal(sd.unwrap())), "brand {i}");
    }
}

#[tokio::test]
async fn cells_with_few_visits_are_marked_as_weak_evidence_in_words_too() {
    let app = TestApp::spawn().await;
    programme(&app).await;
    let (_, _, html) = manager_page(&app, "/scorecard").await;
    let weak: Vec<bool> = {
        let sel = scraper::Selector::parse("#matrix tr.overall td").unwrap();
        html.select(&sel).map(|td| td.value().classes().any(|c| c == "weak")).collect()
    };
    // Ours 4, Ours Two 1, Rival A 5, Rival B 1 approved visits.
    assert_eq!(weak, [true, true, false, true]);
    let words = select_all(&html, "#matrix tr.overall td.weak .visually-hidden");
    assert!(words.iter().all(|w| w.contains("few visits")), "{words:?}");
    assert!(text(&html, "#matrix .legend").unwrap().contains("fewer than 5 visits"));
}

#[tokio::test]
async fn a_cell_leads_to_its_visits_and_a_visit_to_its_answers() {
    let app = TestApp::spawn().await;
    let p = programme(&app).await;
    let (b, _, html) = manager_page(&app, "/scorecard").await;
    let href = attr(&html, "#matrix tr.overall td a", "href").unwrap();
    assert!(href.starts_with("/visits?status=approved&brand_id="), "{href}");
    let (s, list) = b.get_html(&href).await;
    assert_eq!(s, StatusCode::OK);
    let rows = select_all(&list, "table.visit-list tbody tr");
    assert_eq!(rows.len(), overall(&p, 0).len(), "{rows:?}");
    assert!(rows.iter().all(|r| r.contains("Ours") && !r.contains("Ours Two")), "{rows:?}");
    let visit = attr(&list, "table.visit-list tbody a", "href").unwrap();
    let (s, report) = b.get_html(&visit).await;
    assert_eq!(s, StatusCode::OK);
    assert!(select_all(&report, "ol.answers li .code").contains(&"STF-01".to_owned()));
}

#[tokio::test]
async fn gaps_list_the_apis_losses_in_its_order_by_question() {
    let app = TestApp::spawn().await;
    let p = programme(&app).await;
    let (_, api) = p.manager.get("/api/v1/scorecard").await;
    let (_, _, html) = manager_page(&app, "/scorecard").await;
    let shown = select_all(&html, "#gaps ol.gaps li .gap-what");
    let prompt = |code: &str| match code {
        "STF-01" => "Greeted?",
        "DEL-01" => "On time?",
        _ => "Thanked?",
    };
    let title = |c: &str| if c == "staff" { "Staff" } else { "Delivery" };
    // Only real losses: a tie, or a gap under the 0.1 point shown, is not one.
    let losses: Vec<&serde_json::Value> = api["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| (g["delta"].as_f64().unwrap() * 10.0).round() < 0.0)
        .collect();
    let want: Vec<String> = losses
        .iter()
        .map(|g| match g["criterion"].as_str() {
            Some(c) => format!("{} {c}", prompt(c)),
            None => title(g["category"].as_str().unwrap()).to_owned(),
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(shown, want);
    let winners = select_all(&html, "#gaps li .gap-delta");
    let first = losses[0];
    let winner = p.brand_ids.iter().position(|id| first["best_competitor_id"] == *id).unwrap();
    let name = crate::scorecard::programme::BRANDS[winner].0;
    let points = one_decimal(-first["delta"].as_f64().unwrap());
    assert_eq!(winners[0], format!("{name} leads by {points} points"));
}

#[tokio::test]
async fn filters_stay_in_the_form_and_narrow_the_figures() {
    let app = TestApp::spawn().await;
    let p = programme(&app).await;
    let (ours, rival) = (p.brand_ids[0], p.brand_ids[2]);
    let path = format!(
        "/scorecard?range=custom&from=2026-01-01&to=2026-02-28&channel=store&region=North\
         &brands={ours}&brands={rival}&include_pending=true&interval=week"
    );
    let (b, s, html) = manager_page(&app, &path).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(attr(&html, "#from", "value").as_deref(), Some("2026-01-01"));
    assert_eq!(attr(&html, "#to", "value").as_deref(), Some("2026-02-28"));
    assert_eq!(attr(&html, "#range option[selected]", "value").as_deref(), Some("custom"));
    assert_eq!(attr(&html, "#channel option[selected]", "value").as_deref(), Some("store"));
    assert_eq!(attr(&html, "#region option[selected]", "value").as_deref(), Some("North"));
    assert_eq!(attr(&html, "#interval option[selected]", "value").as_deref(), Some("week"));
    let ticked: Vec<String> = {
        let sel = scraper::Selector::parse("input[name=brands][checked]").unwrap();
        html.select(&sel).map(|e| e.value().attr("value").unwrap().to_owned()).collect()
    };
    assert_eq!(ticked, [ours.to_string(), rival.to_string()]);
    assert!(attr(&html, "input[name=include_pending][checked]", "value").is_some());
    assert_eq!(select_all(&html, "#matrix thead th[scope=col] bdi"), ["Ours", "Rival A"]);
    // Ours in January and February at its store: two visits.
    let metas = select_all(&html, "#matrix tr.overall td .meta");
    assert!(metas[0].starts_with("n 2 "), "{metas:?}");
    // Links keep the filters: the visits behind a cell, and the exports.
    let href = attr(&html, "#matrix tr.overall td a", "href").unwrap();
    assert!(href.contains("status=approved%2Csubmitted") && href.contains("channel=store"));
    assert!(href.contains("from=2026-01-01") && href.contains("to=2026-02-28"), "{href}");
    let (_, list) = b.get_html(&href).await;
    assert_eq!(select_all(&list, "table.visit-list tbody tr").len(), 2, "the same visits listed");
    let own = attr(&html, "#gaps li .meta a", "href").unwrap();
    assert!(own.contains("own=true") && own.contains("region=North"), "{own}");
    let csv = attr(&html, "#exports a", "href").unwrap();
    assert!(csv.starts_with("/api/v1/exports/scorecard.csv?from=2026-01-01"), "{csv}");
}

#[tokio::test]
async fn a_bad_date_is_named_beside_its_field_keeping_what_was_typed() {
    let app = TestApp::spawn().await;
    let (_, s, html) = manager_page(&app, "/scorecard?range=custom&from=2026-13-01").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(attr(&html, "#from", "value").as_deref(), Some("2026-13-01"));
    assert_eq!(attr(&html, "#from", "aria-invalid").as_deref(), Some("true"));
    assert!(text(&html, "#from-error").is_some_and(|t| !t.is_empty()));
    assert!(text(&html, "#matrix").is_none(), "no figures for a bad filter");
}

#[tokio::test]
async fn shoppers_may_open_neither_the_scorecard_nor_the_visit_list() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("shopper").await;
    assert_eq!(b.get("/scorecard").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(b.get("/visits").await.status(), StatusCode::FORBIDDEN);
    let (b, _) = app.signed_in("trainer").await;
    assert_eq!(b.get("/scorecard").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_trend_draws_one_line_per_brand_and_tells_the_same_in_a_table() {
    let app = TestApp::spawn().await;
    programme(&app).await;
    let (_, _, html) = manager_page(&app, "/scorecard").await;
    assert_eq!(select_all(&html, "#trend svg.trend-chart polyline").len(), 4);
    assert_eq!(select_all(&html, "#trend .chart-legend li").len(), 4);
    let periods = select_all(&html, "#trend table tbody th");
    assert_eq!(periods, ["2026-01", "2026-02", "2026-03"]);
    let href = attr(&html, "#trend table tbody td a", "href").unwrap();
    assert!(href.contains("from=2026-01-01&to=2026-01-31"), "{href}");
}

#[tokio::test]
async fn the_persian_page_is_right_to_left_with_persian_digits() {
    let app = TestApp::spawn().await;
    let p = programme(&app).await;
    let user = app.create_user_with("manager", "fa-manager@example.com", "fa").await;
    let b = app.browser();
    b.login(&user.email, PASSWORD).await;
    let (s, html) = b.get_html("/scorecard").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(attr(&html, "html", "dir").as_deref(), Some("rtl"));
    let mean = text(&html, "#matrix tr.overall td .mean").unwrap();
    let want = one_decimal(describe(&overall(&p, 0)).1.unwrap());
    let persian: String = want
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0x06F0 + d).unwrap()))
        .collect();
    assert!(mean.starts_with(&persian), "{mean} vs {persian}");
}

#[tokio::test]
async fn the_page_stays_small() {
    let app = TestApp::spawn().await;
    programme(&app).await;
    let (b, _) = app.signed_in("manager").await;
    let body = b.get("/scorecard").await.text().await.unwrap();
    let html = Html::parse_document(&body);
    // As a phone downloads them: gzip, as every browser asks.
    let wire = b.wire_client();
    let mut total = 0;
    let css = attr(&html, "link[rel=stylesheet]", "href").unwrap();
    let js = attr(&html, "script[src]", "src").unwrap();
    for path in ["/scorecard", css.as_str(), js.as_str()] {
        let res = wire.get(b.url(path)).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(res.headers()["content-encoding"], "gzip", "{path}");
        total += res.bytes().await.unwrap().len();
    }
    assert!(total < 60_000, "page, CSS and JS: {total} bytes");
}
