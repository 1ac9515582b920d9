//! The notification pages on a phone (issue 16), in English and Persian:
//! the unread count on the closed menu, the list with its buttons, the
//! preferences table and the unsubscribe page reached from a mail, each
//! fitting 390 px with nothing serious for axe-core. Screenshots go to
//! `target/screenshots/notify-*.png`.
use std::path::PathBuf;

use chrono::{Duration, Utc};
use serde_json::json;
use thirtyfour::prelude::*;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, assert_accessible, assert_all_tall_enough, axe_source, press, sign_in,
    start_phone, texts, visit,
};
use crate::photo_pages::World;
use crate::support::TestApp;

fn shot(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("notify-{name}.png"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notification_pages_fit_a_phone_in_english_and_persian() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let axe = axe_source();
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (_, loc) = w.place("Tajrish Bazaar", "store").await;
    let today = Utc::now().date_naive();
    for lang in ["en", "fa"] {
        let shopper = app.create_user_with("shopper", &format!("n-{lang}@example.com"), lang).await;
        for due in [2, 10, 20] {
            let body = json!({"location_id": loc, "checklist_id": w.checklist,
                "shopper_id": shopper.id, "opens_on": today.to_string(),
                "due_on": (today + Duration::days(due)).to_string(), "brief": ""});
            w.call("POST", "/assignments", &w.manager.clone(), body).await;
        }
    }
    yardstick::notifications::schedule::run(&app.app.db, Utc::now()).await.unwrap();
    let settings = yardstick::notifications::settings(&app.app.db).await.unwrap();

    for lang in ["en", "fa"] {
        let email = format!("n-{lang}@example.com");
        sign_in(d, &app, &email).await;
        // Four unread (three new, one due soon), on the closed menu.
        let count = texts(d, ".nav-menu > summary .unread-count").await;
        let four = if lang == "fa" { "۴" } else { "4" };
        assert!(count[0].ends_with(four), "{count:?}");

        visit(d, &app, "/notifications").await;
        if let Some(axe) = &axe {
            assert_accessible(d, axe).await;
        }
        assert_all_tall_enough(d, ".notification form button").await;
        d.screenshot(&shot(&format!("list-{lang}"))).await.unwrap();
        assert_eq!(texts(d, ".notification.unread").await.len(), 4);
        press(d, ".notification form button").await;
        assert_eq!(texts(d, ".notification.unread").await.len(), 3);
        press(d, "form[action='/notifications/read-all'] button").await;
        assert!(texts(d, ".notification.unread").await.is_empty());
        assert!(texts(d, ".nav-menu > summary .unread-count").await.is_empty());

        visit(d, &app, "/notifications/preferences").await;
        if let Some(axe) = &axe {
            assert_accessible(d, axe).await;
        }
        d.screenshot(&shot(&format!("preferences-{lang}"))).await.unwrap();
        d.find(By::Css("input[name='assignment_due.email']")).await.unwrap().click().await.unwrap();
        press(d, "form[action='/notifications/preferences'] button[type=submit]").await;
        let unticked = d.find(By::Css("input[name='assignment_due.email']")).await.unwrap();
        assert!(!unticked.is_selected().await.unwrap(), "the choice was kept");
        d.delete_all_cookies().await.unwrap();

        // The mail's link, opened without a session.
        let u = yardstick::entities::user::Entity::find()
            .filter(yardstick::entities::user::Column::Email.eq(&email))
            .one(&app.app.db)
            .await
            .unwrap()
            .unwrap();
        let kind = yardstick::notifications::Kind::AssignmentNew;
        let link = yardstick::notifications::unsubscribe_url(&settings, u.id, kind);
        let path = link.split_once(&settings.base_url).unwrap().1.to_owned();
        visit(d, &app, &format!("{path}&lang={lang}")).await;
        if let Some(axe) = &axe {
            assert_accessible(d, axe).await;
        }
        d.screenshot(&shot(&format!("unsubscribe-{lang}"))).await.unwrap();
        press(d, "#unsubscribe button[type=submit]").await;
        assert_eq!(texts(d, "#unsubscribe p[role=status]").await.len(), 1);
        d.screenshot(&shot(&format!("unsubscribed-{lang}"))).await.unwrap();
    }
}

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
