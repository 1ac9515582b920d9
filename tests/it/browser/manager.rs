//! A manager sets up a programme on a phone: brands, a location, and the
//! built-in checklist reordered and published, all by tapping.
use thirtyfour::prelude::*;

use serde_json::json;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, js, path_of, press, sign_in, start_phone, texts, type_into, visit,
};
use crate::support::TestApp;

async fn add_brand(d: &WebDriver, app: &TestApp, name: &str, own: bool) {
    visit(d, app, "/brands/new").await;
    type_into(d, "#name", name).await;
    if own {
        d.find(By::Css("input[name=own]")).await.unwrap().click().await.unwrap();
    }
    press(d, "main form.stack button[type=submit]").await;
    assert_eq!(path_of(d).await, "/brands", "{name} saved");
}

async fn choose_brand(d: &WebDriver, name: &str) {
    let option = format!("//select[@id='brand_id']/option[normalize-space()='{name}']");
    d.find(By::XPath(option)).await.unwrap().click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_sets_up_a_programme_on_a_phone() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    app.create_user_with("manager", "manager@example.com", "en").await;
    sign_in(d, &app, "manager@example.com").await;

    add_brand(d, &app, "Ours", true).await;
    add_brand(d, &app, "Rival", false).await;
    let rows = texts(d, "table.data tbody tr").await;
    assert!(rows[0].contains("Ours") && rows[1].contains("Rival"), "{rows:?}");

    visit(d, &app, "/locations/new").await;
    choose_brand(d, "Ours").await;
    type_into(d, "#name", "Downtown").await;
    // What the channel needs is marked before sending, and moves with it.
    let marked = "return [...document.querySelectorAll('form.location-form input[required]')].map((i) => i.name);";
    d.find(By::Css("#channel option[value=phone]")).await.unwrap().click().await.unwrap();
    assert_eq!(js(d, marked, vec![]).await, json!(["name", "phone", "timezone"]));
    d.find(By::Css("#channel option[value=store]")).await.unwrap().click().await.unwrap();
    assert_eq!(js(d, marked, vec![]).await, json!(["name", "address", "timezone"]));
    type_into(d, "#address", "1 Valiasr St").await;
    type_into(d, "#timezone", "Asia/Tehran").await;
    press(d, "main form.stack button[type=submit]").await;
    assert_eq!(path_of(d).await, "/locations", "location saved");
    let rows = texts(d, "table.data tbody tr").await;
    assert!(rows.len() == 1 && rows[0].contains("Downtown"), "{rows:?}");
    // The next location of that brand starts in its zone.
    visit(d, &app, "/locations/new").await;
    choose_brand(d, "Ours").await;
    let zone = "return document.querySelector('#timezone').value;";
    assert_eq!(js(d, zone, vec![]).await, json!("Asia/Tehran"));

    visit(d, &app, "/checklists").await;
    press(d, "form[action='/checklists/builtin'] button[type=submit]").await;
    assert_eq!(d.find_all(By::Css("section.checklist-section")).await.unwrap().len(), 8);
    press(d, "form[action$='/edit'] button[type=submit]").await;
    assert_eq!(texts(d, ".badge-draft").await, ["Draft"]);
    let before = texts(d, "ol.criteria .code").await;
    press(d, "button[name=op][value='criterion-down:0:0']").await;
    let after = texts(d, "ol.criteria .code").await;
    assert_eq!((&after[0], &after[1]), (&before[1], &before[0]), "first two criteria swapped");
    assert_eq!(after[2..], before[2..], "nothing else moved");
    press(d, "form[action$='/publish'] button[type=submit]").await;
    assert_eq!(texts(d, ".badge-published").await, ["Published"]);
    assert_eq!(texts(d, "ol.criteria .code").await, after, "published as reordered");

    phone.driver.quit().await.unwrap();
}
