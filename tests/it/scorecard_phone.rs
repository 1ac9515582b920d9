//! The scorecard as issue 14 asks for it: category titles in the reader's
//! language, a gaps list of real losses told in questions, a page per
//! criterion across brands and months, cards for a phone, and distinct
//! default brand colours. A small programme built through the API from a
//! part of the built-in standard as imported in English, plus one custom
//! section.
use reqwest::StatusCode;
use scraper::Html;
use serde_json::{Value, json};

use crate::support::*;

const EN: &str = include_str!("../../assets/checklists/customer-experience.en.json");
const FA: &str = include_str!("../../assets/checklists/customer-experience.fa.json");

fn builtin(doc: &str) -> Value {
    serde_json::from_str(doc).unwrap()
}

/// A section's title and a criterion's prompt in one language of the
/// built-in standard.
fn title(doc: &Value, category: &str) -> String {
    let s = doc["sections"].as_array().unwrap().iter().find(|s| s["category"] == category);
    s.unwrap()["title"].as_str().unwrap().to_owned()
}

fn prompt(doc: &Value, code: &str) -> String {
    let all = doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["criteria"].as_array().unwrap().to_vec());
    let c = all.into_iter().find(|c| c["code"] == code).unwrap();
    c["prompt"].as_str().unwrap().to_owned()
}

/// Two built-in sections with the standard's English words, and a custom
/// one, every item a yes/no question.
fn checklist() -> Value {
    let en = builtin(EN);
    let item = |code: &str| json!({"code": code, "prompt": prompt(&en, code), "kind": "yes_no"});
    json!({
        "name": "Standard (English)",
        "sections": [
            {"category": "consistency", "title": title(&en, "consistency"),
             "criteria": [item("CON-01"), item("CON-02")]},
            {"category": "staff", "title": title(&en, "staff"), "criteria": [item("STF-01")]},
            {"category": "parking", "title": "Parking lot", "criteria": [
                {"code": "PRK-01", "prompt": "Free parking for customers?", "kind": "yes_no"}]}
        ]
    })
}

/// Brand name, own, and its visits: date and CON-01, CON-02, STF-01,
/// PRK-01 answers.
type Visits = &'static [(&'static str, [bool; 4])];
const PROGRAMME: [(&str, bool, Visits); 3] = [
    (
        "Ours",
        true,
        &[("2026-01-10", [false, true, true, true]), ("2026-02-10", [false, true, false, true])],
    ),
    (
        "Rival A",
        false,
        &[
            ("2026-01-12", [true, true, false, true]),
            ("2026-02-12", [true, true, false, true]),
            ("2026-02-20", [false, true, false, true]),
        ],
    ),
    ("Rival B", false, &[("2026-02-05", [false, false, true, true])]),
];

struct Setup {
    manager: Api,
}

async fn setup(app: &TestApp) -> Setup {
    let (manager, _) = Api::new(app, "manager").await;
    let (shopper, _) = Api::new(app, "shopper").await;
    let cl = expect(StatusCode::CREATED, manager.post("/api/v1/checklists", checklist()).await);
    let cid = cl["id"].as_i64().unwrap();
    let publish = format!("/api/v1/checklists/{cid}/versions/1/publish");
    expect(StatusCode::OK, manager.post(&publish, json!({})).await);
    for (name, own, visits) in PROGRAMME {
        let b = expect(
            StatusCode::CREATED,
            manager.post("/api/v1/brands", json!({"name": name, "own": own})).await,
        );
        let bid = b["id"].as_i64().unwrap();
        let loc = json!({"brand_id": bid, "name": format!("{name} store"), "channel": "store",
            "region": "North", "city": "Tehran", "address": "1 Main St", "timezone": "UTC"});
        let l = expect(StatusCode::CREATED, manager.post("/api/v1/locations", loc).await);
        for (date, [c1, c2, s1, p1]) in visits.iter() {
            let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
            let draft = json!({
                "location_id": l["id"], "checklist_id": cid,
                "started_at": format!("{date}T10:00:00Z"), "ended_at": format!("{date}T10:30:00Z"),
                "answers": [{"code": "CON-01", "value": c1}, {"code": "CON-02", "value": c2},
                            {"code": "STF-01", "value": s1}, {"code": "PRK-01", "value": p1}]});
            expect(StatusCode::CREATED, shopper.put(&path, draft).await);
            expect(StatusCode::OK, shopper.post(&format!("{path}/submit"), json!({})).await);
            let approve = json!({"decision": "approve"});
            expect(StatusCode::OK, manager.post(&format!("{path}/review"), approve).await);
        }
    }
    Setup { manager }
}

async fn page_as(app: &TestApp, locale: &str, path: &str) -> (Browser, StatusCode, Html) {
    let n = uuid::Uuid::new_v4().simple().to_string();
    let user = app.create_user_with("manager", &format!("m-{}@example.com", &n[..8]), locale).await;
    let b = app.browser();
    b.login(&user.email, PASSWORD).await;
    let (s, html) = b.get_html(path).await;
    (b, s, html)
}

#[tokio::test]
async fn category_rows_show_the_checklists_titles_in_the_readers_language() {
    let app = TestApp::spawn().await;
    setup(&app).await;
    let (en, fa) = (builtin(EN), builtin(FA));
    let (_, s, html) = page_as(&app, "en", "/scorecard").await;
    assert_eq!(s, StatusCode::OK);
    let rows = select_all(&html, "#matrix tbody tr[data-category] th");
    assert_eq!(rows, [title(&en, "consistency"), title(&en, "staff"), "Parking lot".into()]);
    assert_eq!(rows[0], "Consistency across channels");
    // The same checklist, imported in English, read by a Persian manager.
    let (_, _, html) = page_as(&app, "fa", "/scorecard").await;
    let rows = select_all(&html, "#matrix tbody tr[data-category] th");
    assert_eq!(rows, [title(&fa, "consistency"), title(&fa, "staff"), "Parking lot".into()]);
    let cards = select_all(&html, "#matrix .bar-card h3");
    assert!(cards.contains(&title(&fa, "staff")), "{cards:?}");
    assert!(!html.html().contains(">consistency<"), "no raw key shown");
}

#[tokio::test]
async fn the_gaps_list_only_real_losses_by_question_with_the_winner_and_n() {
    let app = TestApp::spawn().await;
    let setup = setup(&app).await;
    let (_, api) = setup.manager.get("/api/v1/scorecard").await;
    let gaps = api["gaps"].as_array().unwrap();
    // The API keeps every row, ties included; its contract does not change.
    assert_eq!(gaps.len(), 7, "{gaps:?}");
    assert!(gaps.iter().any(|g| g["criterion"] == "CON-02" && g["delta"] == 0.0));
    let (_, _, html) = page_as(&app, "en", "/scorecard").await;
    let items = select_all(&html, "#gaps ol.gaps > li");
    assert_eq!(items.len(), 4, "losses only: {items:?}");
    let what = select_all(&html, "#gaps li .gap-what");
    let en = builtin(EN);
    assert_eq!(what[0], format!("{} CON-01", prompt(&en, "CON-01")));
    assert_eq!(what[1], "Staff", "a category row by its title");
    assert!(what[2].starts_with(&prompt(&en, "STF-01")), "{what:?}");
    assert_eq!(what[3], "Consistency across channels");
    assert_eq!(select_all(&html, "#gaps li .gap-what small.code")[0], "CON-01");
    assert!(what.iter().all(|w| !w.contains("CON-02") && !w.contains("Parking")), "no ties");
    let winners = select_all(&html, "#gaps li .gap-delta");
    assert_eq!(winners[0], "Rival A leads by 66.7 points");
    assert_eq!(winners[2], "Rival B leads by 50 points");
    let meta = select_all(&html, "#gaps li .meta");
    assert_eq!(meta[0], "ours 0 (n 2) · Rival A 66.7 (n 3)");
    assert_eq!(meta[2], "ours 50 (n 2) · Rival B 100 (n 1)");
    let link = attr(&html, "#gaps li .gap-what a", "href").unwrap();
    assert_eq!(link, "/scorecard/criteria/CON-01");
    // In Persian the question is the built-in standard's Persian prompt.
    let (_, _, html) = page_as(&app, "fa", "/scorecard").await;
    let what = select_all(&html, "#gaps li .gap-what");
    assert!(what[0].starts_with(&prompt(&builtin(FA), "CON-01")), "{what:?}");
}

#[tokio::test]
async fn each_criterion_row_opens_the_question_across_brands_and_months() {
    let app = TestApp::spawn().await;
    setup(&app).await;
    let (b, _, html) = page_as(&app, "en", "/scorecard?criteria=consistency&channel=store").await;
    let rows = select_all(&html, "#criteria tbody th");
    let en = builtin(EN);
    assert_eq!(rows[0], format!("{} CON-01", prompt(&en, "CON-01")));
    let href = attr(&html, "#criteria tbody th a", "href").unwrap();
    assert_eq!(href, "/scorecard/criteria/CON-01?channel=store", "keeps the filters");
    let (s, page) = b.get_html(&href).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(text(&page, "h1").unwrap(), prompt(&en, "CON-01"));
    assert!(text(&page, ".criterion-about").unwrap().contains("Consistency across channels"));
    let brands = select_all(&page, "#brands tbody th bdi");
    assert_eq!(brands, ["Ours", "Rival A", "Rival B"]);
    let means = select_all(&page, "#brands tbody td.score .mean");
    assert_eq!(means, ["0†", "66.7†", "0†"]);
    let ns = select_all(&page, "#brands tbody td a");
    assert_eq!(ns, ["n 2", "n 3", "n 1"]);
    assert_eq!(text(&page, "#brands .standing strong").unwrap(), "Rival A leads by 66.7 points");
    // One line per brand that answered; the same figures month by month.
    assert_eq!(select_all(&page, "#trend svg.trend-chart polyline").len(), 3);
    assert_eq!(select_all(&page, "#trend table tbody th"), ["2026-01", "2026-02"]);
    let jan = select_all(&page, "#trend table tbody tr:first-child td .mean");
    assert_eq!(jan, ["0†", "100†"], "Rival B had no visit in January");
    let back = attr(&page, ".crumbs a", "href").unwrap();
    assert!(back.starts_with("/scorecard?channel=store&criteria=consistency"), "{back}");
}

#[tokio::test]
async fn a_criterion_in_persian_reads_in_persian() {
    let app = TestApp::spawn().await;
    setup(&app).await;
    let (_, s, page) = page_as(&app, "fa", "/scorecard/criteria/STF-01").await;
    assert_eq!(s, StatusCode::OK);
    let fa = builtin(FA);
    assert_eq!(text(&page, "h1").unwrap(), prompt(&fa, "STF-01"));
    assert!(text(&page, ".criterion-about").unwrap().contains(&title(&fa, "staff")));
    assert_eq!(attr(&page, "html", "dir").as_deref(), Some("rtl"));
}

#[tokio::test]
async fn an_unknown_criterion_is_not_found() {
    let app = TestApp::spawn().await;
    setup(&app).await;
    let (_, s, _) = page_as(&app, "en", "/scorecard/criteria/NOPE-1").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (b, _) = app.signed_in("shopper").await;
    assert_eq!(b.get("/scorecard/criteria/CON-01").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_phone_gets_a_card_per_category_with_a_bar_per_brand() {
    let app = TestApp::spawn().await;
    setup(&app).await;
    let (_, _, html) = page_as(&app, "en", "/scorecard").await;
    assert_eq!(attr(&html, "#matrix .bar-cards", "aria-hidden").as_deref(), Some("true"));
    // Overall, then the three categories.
    assert_eq!(select_all(&html, "#matrix .bar-card").len(), 4);
    let first = scraper::Selector::parse("#matrix .bar-card:first-child ul.bars li").unwrap();
    assert_eq!(html.select(&first).count(), 3, "a bar per brand");
    let fills = scraper::Selector::parse("#matrix svg.bar rect[fill]").unwrap();
    let colours: std::collections::BTreeSet<&str> =
        html.select(&fills).map(|r| r.value().attr("fill").unwrap()).collect();
    assert_eq!(colours.len(), 3, "each brand in its own colour: {colours:?}");
    let tabbable = scraper::Selector::parse(".bar-cards a:not([tabindex='-1'])").unwrap();
    assert_eq!(html.select(&tabbable).count(), 0, "hidden cards are out of the tab order");
}

#[tokio::test]
async fn new_brands_get_distinct_colour_blind_safe_colours() {
    let app = TestApp::spawn().await;
    let setup = setup(&app).await;
    let (_, brands) = setup.manager.get("/api/v1/brands").await;
    let colours: Vec<&str> =
        brands.as_array().unwrap().iter().map(|b| b["color"].as_str().unwrap()).collect();
    assert_eq!(colours.len(), 3);
    assert_eq!(colours.iter().collect::<std::collections::BTreeSet<_>>().len(), 3, "{colours:?}");
    assert!(colours.contains(&"#0072b2"), "Okabe-Ito blue first: {colours:?}");
    // The form offers the next free colour, and a brand saved as offered has it.
    let (b, _) = app.signed_in("manager").await;
    let (_, form) = b.get_html("/brands/new").await;
    let offered = attr(&form, "input[name=color]", "value").unwrap();
    assert!(!colours.contains(&offered.as_str()), "{offered} is taken");
    let res = b.post_form("/brands/new", &[("name", "Rival C"), ("color", &offered)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Made in the API without a colour: yet another one.
    let (_, d) = setup.manager.post("/api/v1/brands", json!({"name": "Rival D"})).await;
    let d = d["color"].as_str().unwrap().to_owned();
    assert!(!colours.contains(&d.as_str()) && d != offered, "{d}");
}
