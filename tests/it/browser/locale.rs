//! Persian pages run right to left: the top bar is mirrored, and dates
//! are typed in the Solar Hijri calendar.
use serde_json::{Value, json};
use thirtyfour::prelude::*;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, assert_accessible, assert_tall_enough, axe_source, js, path_of, press,
    sign_in, start_phone, texts, type_into, visit,
};
use super::scorecard::screenshot_path;
use crate::scorecard::programme::Programme;
use crate::support::TestApp;

/// Where the top bar's app name sits. On a phone the link itself spans the
/// whole bar, so its text is measured too.
async fn brand_link_position(d: &WebDriver) -> Value {
    js(
        d,
        "const a = document.querySelector('a.brand');
         const r = document.createRange(); r.selectNodeContents(a);
         const text = r.getBoundingClientRect(), box = a.getBoundingClientRect();
         return { dir: document.documentElement.dir, half: window.innerWidth / 2,
                  box_right: box.right, text_left: text.left, text_right: text.right };",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persian_pages_are_right_to_left_and_mirrored() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    app.create_user_with("shopper", "fa@example.com", "fa").await;
    app.create_user_with("shopper", "en@example.com", "en").await;

    sign_in(d, &app, "fa@example.com").await;
    visit(d, &app, "/").await;
    let fa = brand_link_position(d).await;
    let half = fa["half"].as_f64().unwrap();
    assert_eq!(fa["dir"], "rtl", "{fa}");
    assert!(fa["box_right"].as_f64().unwrap() > half, "{fa}");
    assert!(fa["text_left"].as_f64().unwrap() > half, "the name sits on the right: {fa}");
    // Persian text is set in the shipped font, whatever the phone has.
    let font = "return document.fonts.load('16px Vazirmatn', 'خانه').then((f) =>
        [f.length, getComputedStyle(document.body).fontFamily.startsWith('Vazirmatn')]);";
    assert_eq!(js(d, font, vec![]).await, serde_json::json!([1, true]));

    d.delete_all_cookies().await.unwrap();
    sign_in(d, &app, "en@example.com").await;
    visit(d, &app, "/").await;
    let en = brand_link_position(d).await;
    assert_eq!(en["dir"], "ltr", "{en}");
    assert!(en["text_right"].as_f64().unwrap() < half, "the name sits on the left: {en}");

    phone.driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persian_manager_types_solar_hijri_dates_into_the_scorecard_filter_on_a_phone() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    let p = Programme::build(&app).await;
    app.create_user_with("manager", "fa-dates@example.com", "fa").await;
    sign_in(d, &app, "fa-dates@example.com").await;

    visit(d, &app, "/scorecard").await;
    d.find(By::Css("details.filters-panel summary")).await.unwrap().click().await.unwrap();
    let kind =
        "return [document.querySelector('#from').type, document.querySelector('#from').inputMode];";
    assert_eq!(js(d, kind, vec![]).await, json!(["text", "decimal"]), "no Gregorian picker");
    assert_tall_enough(d, "#from").await;
    js(d, "document.querySelector('#range').value = 'custom';", vec![]).await;
    type_into(d, "#from", "۱۴۰۴/۱۲/۱۲").await;
    type_into(d, "#to", "1405/01/01").await;
    press(d, "form.scorecard-filters button[type=submit]").await;

    let values =
        "return [document.querySelector('#from').value, document.querySelector('#to').value];";
    assert_eq!(js(d, values, vec![]).await, json!(["۱۴۰۴/۱۲/۱۲", "۱۴۰۵/۰۱/۰۱"]));
    assert!(texts(d, ".field-error").await.is_empty(), "the dates were read");
    // Under each, the Gregorian day in Persian: 3 and 21 March 2026.
    d.find(By::Css("details.filters-panel summary")).await.unwrap().click().await.unwrap();
    let hints = texts(d, "#from-hint, #to-hint").await;
    assert!(hints[0].contains("۳ مارس ۲۰۲۶") && hints[1].contains("۲۱ مارس ۲۰۲۶"), "{hints:?}");
    if let Some(axe) = axe_source() {
        assert_accessible(d, &axe).await;
    }
    let panel = d.find(By::Css("details.filters-panel")).await.unwrap();
    panel.screenshot(&screenshot_path("dates-scorecard-filters-fa")).await.unwrap();

    // A shopper types when the visit began: 2 Azar 1405 at 10:30 (UTC here).
    app.create_user_with("shopper", "fa-visit@example.com", "fa").await;
    d.delete_all_cookies().await.unwrap();
    sign_in(d, &app, "fa-visit@example.com").await;
    let new =
        format!("/visits/new?location_id={}&checklist_id={}", p.location_ids[0], p.checklist_id);
    visit(d, &app, &new).await;
    type_into(d, "#started_at", "۱۴۰۵/۰۹/۰۲").await;
    let hint = texts(d, "#started_at-hint").await;
    assert_eq!(hint, ["میلادی: ۲۳ نوامبر ۲۰۲۶"], "the script follows the typing");
    // A time picker's typing order follows the phone's locale; its value does not.
    js(d, "document.querySelector('#started_at_time').value = '10:30';", vec![]).await;
    let when = d.find(By::Css("#started_at")).await.unwrap();
    when.scroll_into_view().await.unwrap();
    let card = d.find(By::XPath("//input[@id='started_at']/ancestor::section")).await.unwrap();
    card.screenshot(&screenshot_path("dates-visit-when-fa")).await.unwrap();
    press(d, "button[name=action][value=save]").await;
    let id = path_of(d).await.split('/').nth(2).unwrap().to_owned();
    let (_, v) = p.manager.get(&format!("/api/v1/visits/{id}")).await;
    assert_eq!(v["started_at"], json!("2026-11-23T10:30:00+00:00"), "{v}");
    phone.driver.quit().await.unwrap();
}
