//! Actions on a phone (issue 16), in English and Persian: the responsible
//! location manager finds their action, comments and marks it done; the
//! manager opens one from a failed item and verifies it. Every page fits
//! 390 px, its buttons are big enough for a thumb, axe-core finds nothing
//! serious; screenshots go to `target/screenshots/actions-*.png`.
use std::path::PathBuf;

use serde_json::json;
use thirtyfour::prelude::*;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, assert_accessible, axe_source, path_of, press, sign_in, start_phone,
    texts, type_into, visit,
};
use crate::actions::{approved, future, open, setup};
use crate::support::{Api, TestApp};

async fn shot(d: &WebDriver, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    d.screenshot(&dir.join(format!("actions-{name}.png"))).await.unwrap();
}

async fn check(d: &WebDriver, app: &TestApp, axe: Option<&str>, path: &str, name: &str) {
    visit(d, app, path).await;
    if let Some(axe) = axe {
        assert_accessible(d, axe).await;
    }
    shot(d, name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_action_pages_work_on_a_phone_in_english_and_persian() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let axe = axe_source();
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (admin, _) = Api::new(&app, "admin").await;
    for lang in ["en", "fa"] {
        let lm =
            app.create_user_with("location_manager", &format!("lm-{lang}@example.com"), lang).await;
        app.create_user_with("manager", &format!("m-{lang}@example.com"), lang).await;
        // A store of its own per language: the actions of one stay apart.
        let place = if lang == "en" { s.p.location_id } else { s.other_location };
        admin
            .put(&format!("/api/v1/users/{}/locations", lm.id), json!({"location_ids": [place]}))
            .await;
        let visit_id = approved(&s, place, false, false).await;
        // One action waits for the location manager; RSP-01 is left for
        // the manager to open from the report.
        let (_, a) = open(&s, &visit_id, "STF-01", lm.id, &future()).await;
        let action = format!("/actions/{}", a["id"]);

        sign_in(d, &app, &format!("lm-{lang}@example.com")).await;
        check(d, &app, axe.as_deref(), "/actions?mine=on", &format!("{lang}-mine")).await;
        assert_eq!(texts(d, ".action-card").await.len(), 1);
        press(d, ".action-title a").await;
        assert_eq!(path_of(d).await, action);
        if let Some(axe) = &axe {
            assert_accessible(d, axe).await;
        }
        shot(d, &format!("{lang}-action")).await;
        // An empty note keeps the page and says why beside the field.
        press(d, "#done button[type=submit]").await;
        assert!(!texts(d, "#done .field-error").await.is_empty());
        type_into(d, "#comment-note", "On it").await;
        press(d, "#comments button[type=submit]").await;
        type_into(d, "#done-note", "Briefed the team").await;
        press(d, "#done button[type=submit]").await;
        assert_eq!(path_of(d).await, action);
        assert_eq!(texts(d, "ol.thread li").await.len(), 2);
        shot(d, &format!("{lang}-action-done")).await;
        check(
            d,
            &app,
            axe.as_deref(),
            &format!("/visits/{visit_id}"),
            &format!("{lang}-lm-report"),
        )
        .await;
        d.delete_all_cookies().await.unwrap();

        sign_in(d, &app, &format!("m-{lang}@example.com")).await;
        check(d, &app, axe.as_deref(), &format!("/visits/{visit_id}"), &format!("{lang}-report"))
            .await;
        // The failed RSP-01 offers an action; STF-01 shows the one open.
        assert_eq!(texts(d, ".open-action").await.len(), 1);
        press(d, "a[href^='/actions/new']").await;
        if let Some(axe) = &axe {
            assert_accessible(d, axe).await;
        }
        shot(d, &format!("{lang}-new")).await;
        press(d, "form[action='/actions/new'] button[type=submit]").await;
        assert!(path_of(d).await.starts_with("/actions/"), "opened");
        check(d, &app, axe.as_deref(), &action, &format!("{lang}-verify")).await;
        press(d, "#review button[type=submit]").await;
        assert_eq!(texts(d, ".badge-action-verified").await.len(), 1);
        check(d, &app, axe.as_deref(), "/actions", &format!("{lang}-list")).await;
        check(d, &app, axe.as_deref(), "/actions/rule", &format!("{lang}-rule")).await;
        d.delete_all_cookies().await.unwrap();
    }
    phone.driver.quit().await.unwrap();
}
