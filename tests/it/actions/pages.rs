//! The action pages as a user meets them: the button on a failed item of
//! the report, the form that keeps what was typed, the thread, the open
//! actions shown to the next reviewer, the scorecard's counts, the list's
//! filters, the rule and a location manager's locations.
use reqwest::StatusCode;
use serde_json::json;

use super::*;
use yardstick::evidence::sample;

#[tokio::test]
async fn the_report_offers_an_action_on_a_failed_item_and_shows_it_to_the_next_reviewer() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (b, _) = app.signed_in("manager").await;
    let visit = approved(&s, s.p.location_id, true, false).await;
    let (st, html) = b.get_html(&format!("/visits/{visit}")).await;
    assert_eq!(st, StatusCode::OK);
    let buttons = select_all(&html, "a[href^='/actions/new']");
    assert_eq!(buttons.len(), 1, "one failed item, one button: {buttons:?}");
    let href = attr(&html, "a[href^='/actions/new']", "href").unwrap();
    assert!(href.contains("criterion_code=STF-01"), "{href}");
    // A competitor's report offers none.
    let rival = approved(&s, s.competitor_location, true, false).await;
    let (_, html) = b.get_html(&format!("/visits/{rival}")).await;
    assert!(select_all(&html, "a[href^='/actions/new']").is_empty());

    // The form, prefilled with the question; bad input keeps what was typed.
    let (st, html) = b.get_html(&href).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(text(&html, "textarea#description").as_deref(), Some("Thanked?"));
    let res = b
        .post_form(
            "/actions/new",
            &[
                ("visit_id", &visit),
                ("criterion_code", "STF-01"),
                ("description", "Thank them all"),
                ("responsible_id", ""),
                ("due_on", "2026-02-30"),
                ("priority", "high"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(text(&html, "textarea#description").as_deref(), Some("Thank them all"));
    assert_eq!(attr(&html, "input#due_on", "value").as_deref(), Some("2026-02-30"));
    assert!(text(&html, "#responsible_id-error").is_some(), "message beside the field");
    assert!(text(&html, "#due_on-error").is_some());
    assert_eq!(attr(&html, "select#priority option[selected]", "value").as_deref(), Some("high"));

    let (_, lm) = app.signed_in("location_manager").await;
    let due = future();
    let res = b
        .post_form(
            "/actions/new",
            &[
                ("visit_id", &visit),
                ("criterion_code", "STF-01"),
                ("description", "Thank them all"),
                ("responsible_id", &lm.id.to_string()),
                ("due_on", &due),
                ("priority", "high"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let action = location(&res);
    assert!(action.starts_with("/actions/"), "{action}");

    // The next visit's reviewer sees the open action on that question.
    let next = submitted(&s, s.p.location_id, true, false).await;
    let (_, html) = b.get_html(&format!("/visits/{next}")).await;
    let open = select_all(&html, ".open-action a");
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(attr(&html, ".open-action a", "href").as_deref(), Some(action.as_str()));
}

#[tokio::test]
async fn the_responsible_person_comments_and_marks_done_and_a_manager_verifies() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (lm, lm_user) = app.signed_in("location_manager").await;
    let (boss, _) = app.signed_in("manager").await;
    let visit = approved(&s, s.p.location_id, true, false).await;
    let (_, a) = open(&s, &visit, "STF-01", lm_user.id, &future()).await;
    let page = format!("/actions/{}", a["id"]);

    // My actions.
    let (st, html) = lm.get_html("/actions?mine=on").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(select_all(&html, ".action-card").len(), 1);

    // An empty comment keeps the page, with the message beside the field.
    let res = lm.post_form(&format!("{page}/comments"), &[("note", " ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert!(text(&html, "#comment-note-error").is_some());
    let res = lm.post_form(&format!("{page}/comments"), &[("note", "On it")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // A photo of the fix from the page: buttons in the page's language over
    // two file inputs (camera, gallery); the unused one posts empty.
    let (_, html) = lm.get_html(&page).await;
    let inputs = select_all(&html, "form[action$='/photos'] input[type=file][name=file]");
    assert_eq!(inputs.len(), 2, "camera and gallery");
    assert_eq!(select_all(&html, "form[action$='/photos'] label.photo-add").len(), 2);
    let jpeg = sample::jpeg(64, 48, None, sample::detailed_pixel);
    let token = lm.csrf().await;
    let post = |camera: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token.clone())
            .part("file", reqwest::multipart::Part::bytes(camera).file_name("IMG_0001.jpg"))
            .part("file", reqwest::multipart::Part::bytes(Vec::new()).file_name(""));
        lm.client.post(lm.url(&format!("{page}/photos"))).multipart(form).send()
    };
    let res = post(jpeg).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = post(Vec::new()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "nothing chosen");
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert!(text(&html, "#photo .field-error").is_some());

    let (_, html) = lm.get_html(&page).await;
    assert!(select_all(&html, "form[action$='/done']").len() == 1, "the responsible marks it done");
    assert!(select_all(&html, "form[action$='/verify']").is_empty());
    let res = lm.post_form(&format!("{page}/done"), &[("note", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = lm.post_form(&format!("{page}/done"), &[("note", "Briefed the team")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let (_, html) = boss.get_html(&page).await;
    assert_eq!(select_all(&html, "form[action$='/verify']").len(), 1);
    let res = boss.post_form(&format!("{page}/reopen"), &[("note", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "reopening needs a note");
    let res = boss.post_form(&format!("{page}/verify"), &[("note", "")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = lm.get_html(&page).await;
    let thread = select_all(&html, "ol.thread li");
    assert_eq!(thread.len(), 3, "{thread:?}");
    assert!(text(&html, ".badge-action-verified").is_some());
}

#[tokio::test]
async fn the_scorecard_counts_open_and_overdue_actions_per_brand_and_category() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (b, _) = app.signed_in("manager").await;
    let (_, lm_id) = Api::new(&app, "location_manager").await;
    let one = approved(&s, s.p.location_id, false, false).await;
    let two = approved(&s, s.other_location, true, false).await;
    open(&s, &one, "STF-01", lm_id, &past()).await;
    open(&s, &one, "RSP-01", lm_id, &future()).await;
    let (_, done) = open(&s, &two, "STF-01", lm_id, &future()).await;
    s.p.manager
        .post(
            "/api/v1/actions",
            json!({"location_id": s.other_location, "description": "Fix the door",
                   "responsible_id": lm_id, "due_on": past()}),
        )
        .await;
    // A verified one no longer counts.
    let id = done["id"].as_i64().unwrap();
    yardstick::db::exec_sql(
        &app.app.db,
        &format!("UPDATE actions SET status = 'verified', pending_code = NULL WHERE id = {id}"),
    )
    .await
    .unwrap();
    let (st, html) = b.get_html("/scorecard").await;
    assert_eq!(st, StatusCode::OK);
    let rows: Vec<Vec<String>> = scraper_rows(&html, "#actions-open table tr");
    // Header, staff, responsiveness (or the other order), free, total.
    let total = rows.iter().find(|r| r[0] == "Total").expect("a total row");
    assert_eq!(total[1..], ["3".to_string(), "2".to_string()], "{rows:?}");
    let staff = rows.iter().find(|r| r[0] == "Staff").expect("a staff row");
    assert_eq!(staff[1..], ["1".to_string(), "1".to_string()], "{rows:?}");
    let free = rows.iter().find(|r| r[0] == "Not from a question").expect("free row");
    assert_eq!(free[1..], ["1".to_string(), "1".to_string()], "{rows:?}");
    // The competitor has no row of its own: own brands only.
    let brands = select_all(&html, "#actions-open h3");
    assert_eq!(brands, ["Ours"], "{brands:?}");
    // The same figures in the API's scorecard.
    let (st, card) = s.p.manager.get("/api/v1/scorecard").await;
    assert_eq!(st, StatusCode::OK);
    let a = card["actions"].as_array().unwrap();
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!((a[0]["open"].as_u64(), a[0]["overdue"].as_u64()), (Some(3), Some(2)));
    assert_eq!(a[0]["categories"]["staff"], json!({"open": 1, "overdue": 1}));
    assert_eq!(a[0]["categories"][""], json!({"open": 1, "overdue": 1}));
}

fn scraper_rows(html: &scraper::Html, css: &str) -> Vec<Vec<String>> {
    let row = scraper::Selector::parse(css).unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    html.select(&row)
        .map(|r| r.select(&cell).map(|c| c.text().collect::<String>().trim().to_string()).collect())
        .collect()
}

#[tokio::test]
async fn the_list_page_keeps_a_bad_filter_as_typed_and_the_rule_form_its_number() {
    let app = TestApp::spawn().await;
    let _s = setup(&app).await;
    let (b, _) = app.signed_in("manager").await;
    let (st, html) = b.get_html("/actions?due_from=31-31-2026&status=overdue").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(attr(&html, "input#due_from", "value").as_deref(), Some("31-31-2026"));
    assert!(text(&html, "#due_from-error").is_some());
    let res = b.post_form("/actions/rule", &[("auto_critical", "on"), ("due_days", "many")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(attr(&html, "input#due_days", "value").as_deref(), Some("many"));
    assert!(text(&html, "#due_days-error").is_some());
    let res = b.post_form("/actions/rule", &[("auto_critical", "on"), ("due_days", "5")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.get_html("/actions/rule").await;
    assert_eq!(attr(&html, "input#due_days", "value").as_deref(), Some("5"));
}

#[tokio::test]
async fn an_admin_gives_a_location_manager_locations_on_the_users_page() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let (admin, _) = app.signed_in("admin").await;
    let lm = app.create_user("location_manager").await;
    let (_, html) = admin.get_html(&format!("/admin/users/{}", lm.id)).await;
    let boxes = select_all(&html, "#user-locations input[type=checkbox]");
    assert_eq!(boxes.len(), 2, "the two own locations, not the competitor's");
    let loc = s.p.location_id.to_string();
    let res = admin
        .post_form(&format!("/admin/users/{}/locations", lm.id), &[("location_ids", &loc)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = admin.get_html(&format!("/admin/users/{}", lm.id)).await;
    let checked = attr(&html, "#user-locations input[checked]", "value");
    assert_eq!(checked.as_deref(), Some(loc.as_str()));
    // Its role label in the list, in every language.
    let (_, html) = admin.get_html("/admin/users").await;
    assert!(select_all(&html, ".badge-location_manager").iter().any(|t| t == "Location manager"));

    // The location manager: their visits list, not another location's report.
    let b = app.browser();
    b.login(&lm.email, PASSWORD).await;
    let theirs = approved(&s, s.other_location, true, true).await;
    let mine = approved(&s, s.p.location_id, true, true).await;
    let (st, html) = b.get_html("/visits").await;
    assert_eq!(st, StatusCode::OK);
    let links = select_all(&html, "a[href^='/visits/']");
    assert!(links.len() == 1 || html.html().contains(&mine), "{links:?}");
    assert!(!html.html().contains(&theirs));
    let (st, _) = b.get_html(&format!("/visits/{theirs}")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = b.get_html(&format!("/visits/{mine}")).await;
    assert_eq!(st, StatusCode::OK);
    for path in ["/scorecard", "/gallery", "/assignments", "/admin/users", "/actions/rule"] {
        let (st, _) = b.get_html(path).await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{path}");
    }
}
