//! The trainers' gallery: each filter narrows, pages walk the whole set,
//! the large view moves within its filter, trainers tag and comment and
//! managers read it, shoppers never reach it.
use chrono::{Duration, TimeZone, Utc};
use reqwest::StatusCode;
use scraper::{Html, Selector};

use crate::photo_pages::{FAR, HERE, World};
use crate::support::*;

/// The photo ids a gallery page links to, in order.
fn ids(page: &Html) -> Vec<String> {
    let sel = Selector::parse(".gallery-grid a").unwrap();
    page.select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.trim_start_matches("/gallery/").split('?').next().unwrap().to_owned())
        .collect()
}

struct Seen {
    /// STK-03 photo of: an own store visit passed (Jan), a phone visit
    /// failed far away (Mar); and the failed visit's STK-01 photo.
    store: String,
    phone: String,
    phone_fail: String,
    brand: i64,
    store_loc: i64,
}

async fn seed(app: &TestApp) -> (World, Seen) {
    let w = World::new(app).await;
    let (shopper, _) = app.token_for("shopper").await;
    let (brand, store_loc) = w.place("Azadi", "store").await;
    let (_, phone_loc) = w.place("Call centre", "phone").await;
    let jan = Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap();
    let mar = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
    let (_, store) = w.visit(&shopper, store_loc, jan, true, HERE).await;
    let (visit, phone) = w.visit(&shopper, phone_loc, mar, false, FAR).await;
    // A draft's photo is not coaching material yet.
    let draft = uuid::Uuid::new_v4().to_string();
    w.call(
        "PUT",
        &format!("/visits/{draft}"),
        &shopper,
        serde_json::json!({
        "location_id": store_loc, "checklist_id": w.checklist}),
    )
    .await;
    w.upload(&shopper, &draft, crate::photo_pages::photo(jan, HERE), "STK-03").await;
    let (manager, _) = app.token_for("manager").await;
    let v = w.call("GET", &format!("/visits/{visit}"), &manager, serde_json::json!(null)).await;
    let phone_fail =
        v["photos"].as_array().unwrap().iter().find(|p| p["criterion"] == "STK-01").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
    (w, Seen { store, phone, phone_fail, brand, store_loc })
}

#[tokio::test]
async fn each_filter_narrows_the_gallery() {
    let app = TestApp::spawn().await;
    let (_, s) = seed(&app).await;
    let (trainer, _) = app.signed_in("trainer").await;
    let all = |v: &[&String]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (status, page) = trainer.get_html("/gallery").await;
    assert_eq!(status, StatusCode::OK);
    let mut everything = ids(&page);
    everything.sort();
    let mut want = all(&[&s.store, &s.phone, &s.phone_fail]);
    want.sort();
    assert_eq!(everything, want, "handed-in visits only, newest first");
    let cases: Vec<(String, Vec<&String>)> = vec![
        ("category=staff".into(), vec![]),
        ("criterion=STK-01".into(), vec![&s.phone_fail]),
        (format!("brand={}", s.brand), vec![&s.store]),
        (format!("location={}", s.store_loc), vec![&s.store]),
        ("channel=phone".into(), vec![&s.phone_fail, &s.phone]),
        ("from=2026-03-01&to=2026-03-31".into(), vec![&s.phone_fail, &s.phone]),
        ("to=2026-01-31".into(), vec![&s.store]),
        ("answer=failed".into(), vec![&s.phone_fail]),
        ("answer=passed".into(), vec![]),
        ("flagged=1".into(), vec![&s.phone_fail, &s.phone]),
        ("category=stock&channel=store".into(), vec![&s.store]),
    ];
    for (query, expected) in cases {
        let (status, page) = trainer.get_html(&format!("/gallery?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        let mut got = ids(&page);
        let mut expected = all(&expected);
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{query}");
    }
}

#[tokio::test]
async fn pages_walk_every_photo_once_and_back() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.token_for("shopper").await;
    let (_, loc) = w.place("Azadi", "store").await;
    let started = Utc::now() - Duration::hours(1);
    let (visit, _) = w.visit(&shopper, loc, started, true, HERE).await;
    let _ = visit;
    // 48 to a page: 50 photos need two more visits' worth beyond one page.
    let mut total = 1;
    while total < 50 {
        w.visit(&shopper, loc, started, false, HERE).await;
        total += 2;
    }
    let (trainer, _) = app.signed_in("trainer").await;
    let (_, first) = trainer.get_html("/gallery").await;
    let page1 = ids(&first);
    assert_eq!(page1.len(), 48);
    // A full page, with its stylesheet and script, stays under 60 KB as a
    // phone downloads them (gzip, as every browser asks).
    let mut bytes = 0;
    let wire = trainer.wire_client();
    let css = attr(&first, "link[rel=stylesheet]", "href").unwrap();
    let js = attr(&first, "script[src]", "src").unwrap();
    for path in ["/gallery", css.as_str(), js.as_str()] {
        let res = wire.get(trainer.url(path)).header("accept-encoding", "gzip").send().await;
        let res = res.unwrap();
        assert_eq!(res.headers()["content-encoding"], "gzip", "{path}");
        bytes += res.bytes().await.unwrap().len();
    }
    assert!(bytes < 60 * 1024, "{bytes} bytes");
    let older = attr(&first, "a[rel=next]", "href").unwrap();
    assert!(attr(&first, "a[rel=prev]", "href").is_none());
    let (_, second) = trainer.get_html(&older).await;
    let page2 = ids(&second);
    assert_eq!(page2.len(), total - 48);
    assert!(page2.iter().all(|id| !page1.contains(id)));
    assert!(attr(&second, "a[rel=next]", "href").is_none());
    let newer = attr(&second, "a[rel=prev]", "href").unwrap();
    let (_, back) = trainer.get_html(&newer).await;
    assert_eq!(ids(&back), page1);
}

#[tokio::test]
async fn the_large_view_moves_within_its_filter() {
    let app = TestApp::spawn().await;
    let (_, s) = seed(&app).await;
    let (trainer, _) = app.signed_in("trainer").await;
    let (_, page) = trainer.get_html("/gallery?channel=phone").await;
    let order = ids(&page);
    assert_eq!(order.len(), 2);
    let (status, large) = trainer.get_html(&format!("/gallery/{}?channel=phone", order[0])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(attr(&large, "a[rel=prev]", "href").is_none());
    let next = attr(&large, "a[rel=next]", "href").unwrap();
    assert_eq!(next, format!("/gallery/{}?channel=phone", order[1]));
    let (_, second) = trainer.get_html(&next).await;
    assert!(
        attr(&second, "a[rel=next]", "href").is_none(),
        "the store photo is outside the filter"
    );
    let prev = attr(&second, "a[rel=prev]", "href").unwrap();
    assert_eq!(prev, format!("/gallery/{}?channel=phone", order[0]));
    // The criterion, the answer, the visit and the flag are shown.
    let (_, large) = trainer.get_html(&format!("/gallery/{}", s.phone_fail)).await;
    let facts = select_all(&large, "dl.facts dd").join(" | ");
    assert!(facts.contains("Shelves full?"), "{facts}");
    assert!(facts.contains("No"), "{facts}");
    assert!(text(&large, ".photo-flag").unwrap().contains("far from"));
    assert!(attr(&large, "figure.gallery-large img", "src").unwrap().ends_with("/display"));
}

#[tokio::test]
async fn a_trainer_tags_and_comments_and_a_manager_reads_them() {
    let app = TestApp::spawn().await;
    let (_, s) = seed(&app).await;
    let (trainer, _) = app.signed_in("trainer").await;
    let path = format!("/gallery/{}", s.store);
    let res = trainer
        .post_form(&format!("{path}/tags?channel=store"), &[("tag", "good_example:on")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{path}?channel=store"), "back within the filter");
    let res = trainer
        .post_form(&format!("{path}/comments"), &[("body", "Tidy shelves: show this one")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = trainer.post_form(&format!("{path}/comments"), &[("body", "  ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (manager, _) = app.signed_in("manager").await;
    let (_, page) = manager.get_html(&path).await;
    assert_eq!(select_all(&page, ".badge.tag"), ["Good example"]);
    assert!(text(&page, ".comments li").unwrap().contains("Tidy shelves: show this one"));
    assert!(page.select(&Selector::parse("form textarea[name=body]").unwrap()).next().is_none());
    let res = manager.post_form(&format!("{path}/comments"), &[("body", "me too")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Taking the tag off, and both changes in the audit log.
    trainer.post_form(&format!("{path}/tags"), &[("tag", "good_example:off")]).await;
    let (_, page) = manager.get_html(&path).await;
    assert!(select_all(&page, ".badge.tag").is_empty());
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let log = yardstick::entities::audit_log::Entity::find()
        .filter(yardstick::entities::audit_log::Column::ObjectId.eq(s.store.clone()))
        .all(&app.app.db)
        .await
        .unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["photo.tag_added", "photo.tag_removed"]);
}

#[tokio::test]
async fn shoppers_never_reach_the_gallery() {
    let app = TestApp::spawn().await;
    let (_, s) = seed(&app).await;
    let (shopper, _) = app.signed_in("shopper").await;
    for path in ["/gallery".to_owned(), format!("/gallery/{}", s.store)] {
        assert_eq!(shopper.get(&path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let res = shopper
        .post_form(&format!("/gallery/{}/tags", s.store), &[("tag", "good_example:on")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The gallery's photo links are the photo files: another shopper's are
    // not found.
    assert_eq!(
        shopper.get(&format!("/photos/{}/thumb", s.store)).await.status(),
        StatusCode::NOT_FOUND
    );
    let (trainer, _) = app.signed_in("trainer").await;
    assert_eq!(trainer.get(&format!("/photos/{}/thumb", s.store)).await.status(), StatusCode::OK);
    let (_, nav) = trainer.get_html("/").await;
    assert!(select_all(&nav, "nav.nav a").contains(&"Gallery".to_owned()));
    let (_, nav) = shopper.get_html("/").await;
    assert!(!select_all(&nav, "nav.nav a").contains(&"Gallery".to_owned()));
    assert_eq!(trainer.get("/gallery/not-a-photo").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn photos_taken_outside_the_visit_window_are_flagged_in_the_gallery() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.token_for("shopper").await;
    let (_, loc) = w.place("Azadi", "store").await;
    let started = Utc.with_ymd_and_hms(2026, 2, 10, 9, 0, 0).unwrap();
    let id = uuid::Uuid::new_v4().to_string();
    let answers =
        serde_json::json!([{"code": "STK-01", "value": true}, {"code": "STF-01", "value": true}]);
    w.call(
        "PUT",
        &format!("/visits/{id}"),
        &shopper,
        serde_json::json!({"location_id": loc,
        "checklist_id": w.checklist, "started_at": started.to_rfc3339(),
        "ended_at": (started + Duration::minutes(30)).to_rfc3339(), "answers": answers}),
    )
    .await;
    let shot = |t| crate::photo_pages::photo(t, HERE);
    let early = w.upload(&shopper, &id, shot(started - Duration::days(3)), "STK-03").await;
    // Within the default two hours' tolerance after the visit ended.
    w.upload(&shopper, &id, shot(started + Duration::minutes(140)), "STK-03").await;
    let late = w.upload(&shopper, &id, shot(started + Duration::minutes(160)), "STK-03").await;
    w.call("POST", &format!("/visits/{id}/submit"), &shopper, serde_json::json!({})).await;
    let (trainer, _) = app.signed_in("trainer").await;
    let (_, page) = trainer.get_html("/gallery?flagged=1").await;
    assert_eq!(ids(&page), [late, early]);
    let (_, page) = trainer.get_html("/gallery").await;
    assert_eq!(ids(&page).len(), 3);
}

/// Run by hand (`cargo test --test it gallery::a_gallery_page -- --ignored`):
/// seeds 100,000 photos, then times the pages the gallery asks for most.
#[tokio::test]
#[ignore = "slow: seeds 100,000 photos"]
async fn a_gallery_page_stays_quick_with_100_000_photos() {
    use sea_orm::{ConnectionTrait, DbBackend};
    use yardstick::evidence::gallery::{self, Dir, Filter};
    let app = TestApp::spawn().await;
    let (_, s) = seed(&app).await;
    let db = &app.app.db;
    let id = match db.get_database_backend() {
        DbBackend::Postgres => "lpad(i::text, 8, '0') || '-0000-4000-8000-000000000000'",
        _ => "printf('%08d-0000-4000-8000-000000000000', i)",
    };
    let copy = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
         INSERT INTO photos (id, visit_id, criterion_code, caption, author_id, width, height,
           taken_at, distance_m, full_key, display_key, thumb_key, bytes, created_at)
         SELECT {id}, visit_id, criterion_code, caption, author_id, width, height, taken_at,
           distance_m, full_key, display_key, thumb_key, bytes, created_at
         FROM n, photos WHERE photos.id = '{}'",
        s.phone
    );
    yardstick::db::exec_sql(db, &copy).await.unwrap();
    let rules = app.app.evidence.rules();
    let deep = "00050000-0000-4000-8000-000000000000";
    let filters = [
        ("all", Filter::default()),
        ("flagged", Filter { flagged: true, ..Default::default() }),
        ("failed", Filter { answer: "failed".into(), ..Default::default() }),
        ("category", Filter { category: "stock".into(), ..Default::default() }),
        ("criterion", Filter { criterion: "STK-03".into(), ..Default::default() }),
        // Matches only the one store photo: the worst case, a walk past all.
        ("rare", Filter { location_id: Some(s.store_loc as i32), ..Default::default() }),
    ];
    for (name, f) in &filters {
        for cursor in [None, Some((deep, Dir::Older))] {
            let t = std::time::Instant::now();
            let page = gallery::page(db, f, &rules, cursor).await.unwrap();
            let took = t.elapsed();
            eprintln!("{name} {cursor:?}: {} photos in {took:?}", page.items.len());
            assert!(took < std::time::Duration::from_secs(2), "{name}: {took:?}");
        }
    }
}
