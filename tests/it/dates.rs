//! Dates typed on Persian pages: Solar Hijri text (`1405/09/13`, Persian
//! or Arabic-Indic digits) stores and filters exactly what the English
//! pages' ISO dates do; a date that is no date comes back beside its
//! field with what was typed.
use reqwest::StatusCode;
use scraper::Html;
use serde_json::json;
use yardstick::i18n::Locale;

use crate::scorecard::programme::Programme;
use crate::support::*;

/// A browser signed in as a new user of this role who reads this language.
async fn signed_in_in(app: &TestApp, role: &str, locale: &str) -> Browser {
    let n = uuid::Uuid::new_v4().simple().to_string();
    let user = app.create_user_with(role, &format!("{role}-{}@example.com", &n[..8]), locale).await;
    let b = app.browser();
    assert_eq!(b.login(&user.email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    b
}

async fn html(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

/// The figures in a text, whatever digits and decimal point it uses.
fn figures(text: &str) -> Vec<String> {
    let latin: String = text
        .chars()
        .map(|c| match c {
            '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10).unwrap(),
            '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10).unwrap(),
            '٫' => '.',
            c => c,
        })
        .collect();
    latin
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|s| s.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

fn overall_figures(page: &Html) -> Vec<String> {
    select_all(page, "#matrix tr.overall td").iter().flat_map(|t| figures(t)).collect()
}

#[tokio::test]
async fn a_persian_manager_filters_the_scorecard_in_solar_hijri_dates_and_sees_the_english_figures()
{
    let app = TestApp::spawn().await;
    Programme::build(&app).await;
    let fa = signed_in_in(&app, "manager", "fa").await;
    let en = signed_in_in(&app, "manager", "en").await;
    // Esfand 12 1404 is 3 March 2026; Farvardin 1 1405 (Nowruz) is 21 March:
    // the visits of 5 and 20 March, not the one of 2 March.
    let (s, solar) = fa.get_html("/scorecard?range=custom&from=۱۴۰۴/۱۲/۱۲&to=1405-01-01").await;
    assert_eq!(s, StatusCode::OK);
    let (_, iso) = en.get_html("/scorecard?range=custom&from=2026-03-03&to=2026-03-21").await;
    let (_, all) = en.get_html("/scorecard").await;
    let figures = overall_figures(&solar);
    assert!(!figures.is_empty());
    assert_eq!(figures, overall_figures(&iso));
    assert_ne!(overall_figures(&iso), overall_figures(&all), "the dates narrow the figures");
    // The fields show the Solar Hijri dates; links that keep the filters carry ISO.
    assert_eq!(attr(&solar, "input[name=from]", "value").unwrap(), "۱۴۰۴/۱۲/۱۲");
    assert_eq!(attr(&solar, "input[name=to]", "value").unwrap(), "۱۴۰۵/۰۱/۰۱");
    assert_eq!(attr(&solar, "input[name=from]", "type").unwrap(), "text");
    let hrefs = scraper::Selector::parse("a[href*='from=']").unwrap();
    let hrefs: Vec<&str> = solar.select(&hrefs).filter_map(|a| a.value().attr("href")).collect();
    assert!(!hrefs.is_empty());
    assert!(
        hrefs.iter().all(|h| h.contains("from=2026-03-03") && h.contains("to=2026-03-21")),
        "{hrefs:?}"
    );
    // The trend's periods are named by their Solar Hijri days too.
    let periods = select_all(&solar, ".trend-table th[scope=row]");
    assert!(!periods.is_empty());
    assert!(periods.iter().all(|p| !p.chars().any(|c| c.is_ascii_digit())), "{periods:?}");
    // An old ISO bookmark reads the same on the Persian page.
    let (_, bookmark) = fa.get_html("/scorecard?range=custom&from=2026-03-03&to=2026-03-21").await;
    assert_eq!(overall_figures(&bookmark), figures);
    assert_eq!(attr(&bookmark, "input[name=from]", "value").unwrap(), "۱۴۰۴/۱۲/۱۲");
}

#[tokio::test]
async fn an_english_manager_keeps_the_browsers_date_picker() {
    let app = TestApp::spawn().await;
    let en = signed_in_in(&app, "manager", "en").await;
    let (_, page) = en.get_html("/scorecard?range=custom&from=2026-03-03").await;
    assert_eq!(attr(&page, "input[name=from]", "type").unwrap(), "date");
    assert_eq!(attr(&page, "input[name=from]", "value").unwrap(), "2026-03-03");
}

#[tokio::test]
async fn a_date_that_is_no_date_is_kept_beside_its_message_on_a_persian_page() {
    let app = TestApp::spawn().await;
    let fa = signed_in_in(&app, "manager", "fa").await;
    let (s, page) = fa.get_html("/scorecard?range=custom&from=1405/13/40").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(attr(&page, "input[name=from]", "value").unwrap(), "1405/13/40");
    assert_eq!(text(&page, "#from-error").unwrap(), Locale::Fa.t("date-invalid-entry"));
    // Esfand 30 exists only in a leap year: 1403 is one, 1404 is not.
    let (s, _) = fa.get_html("/scorecard?range=custom&from=1403/12/30").await;
    assert_eq!(s, StatusCode::OK);
    let (s, page) = fa.get_html("/scorecard?range=custom&to=1404/12/30").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(attr(&page, "input[name=to]", "value").unwrap(), "1404/12/30");
    // The gallery ignores it, as it does any bad filter, but says so.
    let trainer = signed_in_in(&app, "trainer", "fa").await;
    let (s, page) = trainer.get_html("/gallery?from=1405/13/40&to=۱۴۰۵/۰۹/۱۳").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(attr(&page, "input[name=from]", "value").unwrap(), "1405/13/40");
    assert_eq!(text(&page, "#from-error").unwrap(), Locale::Fa.t("date-invalid-entry"));
    assert_eq!(attr(&page, "input[name=to]", "value").unwrap(), "۱۴۰۵/۰۹/۱۳");
}

/// A location in Tehran, a published checklist and a shopper, through the API.
async fn programme(app: &TestApp) -> (Api, i64, i64) {
    let (manager, _) = Api::new(app, "manager").await;
    let brand = expect(
        StatusCode::CREATED,
        manager.post("/api/v1/brands", json!({"name": "Ours", "own": true})).await,
    );
    let loc = expect(
        StatusCode::CREATED,
        manager
            .post(
                "/api/v1/locations",
                json!({
        "brand_id": brand["id"], "name": "Downtown", "channel": "store", "address": "1 Valiasr St",
        "city": "Tehran", "timezone": "Asia/Tehran"}),
            )
            .await,
    );
    let cl = expect(
        StatusCode::CREATED,
        manager
            .post(
                "/api/v1/checklists",
                json!({
        "name": "Store check", "sections": [{"category": "staff", "title": "Staff", "criteria": [
            {"code": "STF-01", "prompt": "Greeted?", "kind": "yes_no"}]}]}),
            )
            .await,
    );
    let id = cl["id"].as_i64().unwrap();
    expect(
        StatusCode::OK,
        manager.post(&format!("/api/v1/checklists/{id}/versions/1/publish"), json!({})).await,
    );
    (manager, loc["id"].as_i64().unwrap(), id)
}

#[tokio::test]
async fn a_persian_manager_assigns_with_solar_hijri_dates_and_the_same_days_are_stored() {
    let app = TestApp::spawn().await;
    let (api, loc, checklist) = programme(&app).await;
    let shopper = app.create_user("shopper").await;
    let fa = signed_in_in(&app, "manager", "fa").await;
    let (_, form) = fa.get_html("/assignments/new").await;
    assert_eq!(attr(&form, "input[name=due_on]", "type").unwrap(), "text");
    assert_eq!(attr(&form, "input[name=due_on]", "inputmode").unwrap(), "decimal");
    let (loc, checklist, shopper) =
        (loc.to_string(), checklist.to_string(), shopper.id.to_string());
    let mut fields = vec![
        ("location_ids", loc.as_str()),
        ("checklist_id", checklist.as_str()),
        ("shopper_id", shopper.as_str()),
        ("opens_on", "۱۴۰۵/۰۹/۱۳"),
        ("due_on", "1405/13/40"),
        ("brief", "Ask for the blue jacket"),
    ];
    let (status, page) = html(fa.post_form("/assignments/new", &fields).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(attr(&page, "input[name=due_on]", "value").unwrap(), "1405/13/40");
    assert_eq!(text(&page, "#due_on-error").unwrap(), Locale::Fa.t("date-invalid-entry"));
    assert_eq!(attr(&page, "input[name=opens_on]", "value").unwrap(), "۱۴۰۵/۰۹/۱۳");
    fields[4] = ("due_on", "١٤٠٥/٠٩/٢٠");
    let res = fa.post_form("/assignments/new", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, list) = api.get("/api/v1/assignments").await;
    let a = list.as_array().or(list["items"].as_array()).unwrap()[0].clone();
    assert_eq!(
        (a["opens_on"].as_str(), a["due_on"].as_str()),
        (Some("2026-12-04"), Some("2026-12-11"))
    );
    // The list shows the due day in the Solar Hijri calendar.
    let (_, page) = fa.get_html("/assignments").await;
    assert!(text(&page, "table.data time").unwrap().contains("۲۰ آذر ۱۴۰۵"));
}

#[tokio::test]
async fn a_visit_saved_with_a_solar_hijri_time_is_the_instant_the_english_form_stores() {
    let app = TestApp::spawn().await;
    let (api, loc, checklist) = programme(&app).await;
    let new = format!("/visits/new?location_id={loc}&checklist_id={checklist}");
    let mut stored = vec![];
    for (locale, times) in [
        (
            "fa",
            vec![
                ("started_at", "۱۴۰۵/۰۹/۰۲"),
                ("started_at_time", "10:30"),
                ("ended_at", "1405/09/02"),
                ("ended_at_time", "11:05"),
            ],
        ),
        ("en", vec![("started_at", "2026-11-23T10:30"), ("ended_at", "2026-11-23T11:05")]),
    ] {
        let shopper = signed_in_in(&app, "shopper", locale).await;
        let (_, form) = shopper.get_html(&new).await;
        let action = attr(&form, "form.visit-form", "action").unwrap();
        let action = action.split('?').next().unwrap().to_owned();
        let hidden: Vec<(String, String)> = ["location_id", "checklist_version_id"]
            .iter()
            .map(|n| (n.to_string(), attr(&form, &format!("input[name={n}]"), "value").unwrap()))
            .collect();
        let mut fields: Vec<(&str, &str)> =
            hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        fields.extend(times.iter().copied());
        fields.extend([("v:STF-01", "yes"), ("action", "save")]);
        assert_eq!(shopper.post_form(&action, &fields).await.status(), StatusCode::SEE_OTHER);
        let id = action.rsplit('/').next().unwrap();
        let v = expect(StatusCode::OK, api.get(&format!("/api/v1/visits/{id}")).await);
        stored.push((v["started_at"].clone(), v["ended_at"].clone()));
        if locale == "fa" {
            // The form reopens with the Solar Hijri date and the time apart.
            let (_, form) = shopper.get_html(&format!("{action}/edit")).await;
            assert_eq!(attr(&form, "input[name=started_at]", "value").unwrap(), "۱۴۰۵/۰۹/۰۲");
            assert_eq!(attr(&form, "input[name=started_at_time]", "value").unwrap(), "10:30");
            // A bad date: the field's message, the text kept, nothing else lost.
            let mut bad = fields.clone();
            bad[2] = ("started_at", "1405/13/40");
            let (status, page) = html(shopper.post_form(&action, &bad).await).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(attr(&page, "input[name=started_at]", "value").unwrap(), "1405/13/40");
            assert_eq!(attr(&page, "input[name=started_at_time]", "value").unwrap(), "10:30");
            assert_eq!(
                text(&page, "#started_at-error").unwrap(),
                Locale::Fa.t("visit-time-invalid-entry")
            );
        }
    }
    // 10:30 in Tehran (UTC+3:30) on 2 Azar 1405, 23 November 2026.
    let at = |v: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().to_utc()
    };
    assert_eq!(at(&stored[0].0), at(&stored[1].0));
    assert_eq!(at(&stored[0].1), at(&stored[1].1));
    assert_eq!(at(&stored[0].0).to_rfc3339(), "2026-11-23T07:00:00+00:00");
}
