//! The visit pages without JavaScript: start from an assignment, save a
//! draft, submit with problems shown beside their questions, review.
use reqwest::StatusCode;
use scraper::Html;
use serde_json::json;

use crate::support::*;

async fn html(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

/// A manager's programme through the API; returns the shopper's browser
/// and the assignment id.
async fn setup(app: &TestApp) -> (Browser, Browser, i64) {
    let (mtoken, _) = app.token_for("manager").await;
    let api = |path: &str| app.url(&format!("/api/v1{path}"));
    let c = reqwest::Client::new();
    let post = |path: String, body: serde_json::Value| {
        let c = c.clone();
        let t = mtoken.clone();
        async move {
            c.post(path)
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let brand = post(api("/brands"), json!({"name": "Ours", "own": true})).await;
    let loc = post(api("/locations"), json!({"brand_id": brand["id"], "name": "Downtown", "channel": "store",
        "address": "1 Valiasr St", "city": "Tehran", "latitude": 35.7, "longitude": 51.4, "timezone": "Asia/Tehran"})).await;
    let cl = post(api("/checklists"), json!({"name": "Store check", "sections": [
        {"category": "staff", "title": "Staff", "weight": 1, "criteria": [
            {"code": "STF-01", "prompt": "Greeted within 30 seconds?", "kind": "yes_no", "weight": 2},
            {"code": "STF-02", "prompt": "Product knowledge", "kind": "scale", "min": 1, "max": 5},
            {"code": "STF-03", "prompt": "Minutes queued", "kind": "number", "target": 5, "direction": "at_most", "unit": "minutes", "allow_na": true}
        ]}]})).await;
    let id = cl["id"].as_i64().unwrap();
    post(api(&format!("/checklists/{id}/versions/1/publish")), json!({})).await;
    let (shopper, user) = app.signed_in("shopper").await;
    let a = post(api("/assignments"), json!({"location_id": loc["id"], "checklist_id": id, "shopper_id": user.id,
        "opens_on": "2026-01-01", "due_on": "2099-01-01", "brief": "Ask for the blue jacket in size M"})).await;
    let (manager, _) = app.signed_in("manager").await;
    (shopper, manager, a["id"].as_i64().unwrap())
}

#[tokio::test]
async fn a_shopper_starts_saves_and_submits_a_visit_from_the_home_page() {
    let app = TestApp::spawn().await;
    let (shopper, manager, _) = setup(&app).await;
    let (_, home) = shopper.get_html("/").await;
    assert_eq!(text(&home, ".assignment h3").unwrap(), "Downtown");
    assert_eq!(text(&home, ".assignment .brief").unwrap(), "Ask for the blue jacket in size M");
    assert!(attr(&home, ".assignment .contact a", "href").unwrap().contains("openstreetmap.org"));
    let start = attr(&home, ".assignment a.btn-primary", "href").unwrap();

    let (status, form) = shopper.get_html(&start).await;
    assert_eq!(status, StatusCode::OK);
    // The token rides in the body (first field), never in the address.
    let action = attr(&form, "form.visit-form", "action").unwrap();
    assert!(!action.contains('?'), "{action}");
    let first = scraper::Selector::parse("form.visit-form input").unwrap();
    let first = form.select(&first).next().unwrap();
    assert_eq!(first.value().attr("name"), Some("csrf_token"), "read before any file");
    let started = attr(&form, "input[name=started_at]", "value").unwrap();
    assert_eq!(started.len(), 16, "a datetime-local value in the location's zone: {started}");
    let hidden: Vec<(String, String)> = ["location_id", "checklist_version_id", "assignment_id"]
        .iter()
        .map(|n| (n.to_string(), attr(&form, &format!("input[name={n}]"), "value").unwrap()))
        .collect();
    let mut fields: Vec<(&str, &str)> =
        hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.extend([
        ("started_at", started.as_str()),
        ("ended_at", started.as_str()),
        ("v:STF-01", "yes"),
        ("c:STF-01", "Smiled at the door"),
        ("action", "save"),
    ]);
    let res = shopper.post_form(&action, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let edit = location(&res);
    assert_eq!(edit, format!("{action}/edit"));
    assert!(!edit.contains("csrf"), "{edit}");
    // Saving again from the same form stores the same visit, not a second one.
    assert_eq!(shopper.post_form(&action, &fields).await.status(), StatusCode::SEE_OTHER);

    // Submitting with a question left: the form comes back, values kept.
    let (_, form) = shopper.get_html(&edit).await;
    assert_eq!(attr(&form, "input[name='v:STF-01'][checked]", "value").unwrap(), "yes");
    assert_eq!(text(&form, "textarea[name='c:STF-01']").unwrap(), "Smiled at the door");
    let mut submit = fields.clone();
    submit.retain(|(k, _)| *k != "action");
    submit.push(("action", "submit"));
    let (status, form) = html(shopper.post_form(&action, &submit).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        text(&form, "#q-STF-02 .field-error").unwrap(),
        "Answer this question, or mark it not applicable where that is allowed."
    );
    // The page starts with every gap, each a link to its question.
    assert_eq!(select_all(&form, ".error-summary li a"), ["Product knowledge", "Minutes queued"]);
    let hrefs = scraper::Selector::parse(".error-summary li a").unwrap();
    let hrefs: Vec<_> = form.select(&hrefs).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["#q-STF-02", "#q-STF-03"]);
    assert_eq!(attr(&form, ".error-summary li a[autofocus]", "href").unwrap(), "#q-STF-02");
    assert_eq!(text(&form, ".progress-count").unwrap(), "1 of 3 answered.");
    assert!(text(&form, "#q-STF-03 .field-error").is_some());
    assert_eq!(attr(&form, "input[name='v:STF-01'][checked]", "value").unwrap(), "yes");

    submit.extend([("v:STF-02", "4"), ("na:STF-03", "1")]);
    let res = shopper.post_form(&action, &submit).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, report) = shopper.get_html(&location(&res)).await;
    assert_eq!(text(&report, ".flash-success").unwrap(), "Submitted. A manager will review it.");
    assert_eq!(text(&report, ".badge-submitted").unwrap(), "Awaiting review");
    assert!(text(&report, ".score").is_none(), "no score for the shopper before approval");

    // The manager reviews it from the queue.
    let (_, queue) = manager.get_html("/review").await;
    let link = attr(&queue, "table.data tbody a", "href").unwrap();
    let (_, page) = manager.get_html(&link).await;
    // STF-01 earns 2 of 2, STF-02 (weight 1) 0.75 of 1: 2.75 of 3.
    assert_eq!(text(&page, "dd.score").unwrap(), "91.7%");
    let (status, page) = html(
        manager.post_form(&format!("{link}/review"), &[("decision", "return"), ("note", "")]).await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&page, "#note ~ .field-error").unwrap(), "Tell the shopper what to change.");
    let res = manager
        .post_form(&format!("{link}/review"), &[("decision", "approve"), ("note", "")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, report) = shopper.get_html(&link).await;
    assert_eq!(text(&report, "dd.score").unwrap(), "91.7%");
}

#[tokio::test]
async fn another_shopper_cannot_open_or_post_to_a_visit() {
    let app = TestApp::spawn().await;
    let (shopper, _, assignment) = setup(&app).await;
    let (_, form) = shopper.get_html(&format!("/visits/new?assignment_id={assignment}")).await;
    // The query carries the token of a multipart post; a urlencoded one
    // carries it in the body, so the visit's address alone serves.
    let action = attr(&form, "form.visit-form", "action").unwrap();
    let action = action.split('?').next().unwrap().to_owned();
    let hidden: Vec<(String, String)> = ["location_id", "checklist_version_id", "assignment_id"]
        .iter()
        .map(|n| (n.to_string(), attr(&form, &format!("input[name={n}]"), "value").unwrap()))
        .collect();
    let fields: Vec<(&str, &str)> = hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    shopper.post_form(&action, &fields).await;
    let (other, _) = app.signed_in("shopper").await;
    assert_eq!(other.get(&action).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("{action}/edit")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        other.post_form(&action, &[("v:STF-01", "no")]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        other.get(&format!("/visits/new?assignment_id={assignment}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_form_for_the_built_in_standard_downloads_in_under_60_kb() {
    let app = TestApp::spawn().await;
    let (manager, _) = app.signed_in("manager").await;
    let res = manager.post_form("/checklists/builtin", &[("locale", "fa")]).await;
    let checklist = location(&res).split('/').nth(2).unwrap().to_owned();
    let (token, _) = app.token_for("manager").await;
    let c = reqwest::Client::new();
    let brand: serde_json::Value = c
        .post(app.url("/api/v1/brands"))
        .bearer_auth(&token)
        .json(&json!({"name": "Ours", "own": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let loc: serde_json::Value = c.post(app.url("/api/v1/locations")).bearer_auth(&token)
        .json(&json!({"brand_id": brand["id"], "name": "D", "channel": "store", "address": "1", "timezone": "UTC"}))
        .send().await.unwrap().json().await.unwrap();
    let shopper = app.create_user_with("shopper", "fa-shopper@example.com", "fa").await;
    let b = app.browser();
    b.login(&shopper.email, PASSWORD).await;
    // What a phone downloads: the page, its stylesheet and scripts, gzipped.
    let page = format!("/visits/new?location_id={}&checklist_id={checklist}", loc["id"]);
    let (_, form) = b.get_html(&page).await;
    // A store visit asks only what applies in a store: no phone-only
    // (RSP-01) or parcel (DEL-*) question, and no empty Delivery section.
    let asked = select_all(&form, "fieldset.question .code");
    assert_eq!(asked.len(), 32, "{asked:?}");
    assert!(!asked.iter().any(|c| c == "RSP-01" || c.starts_with("DEL-")), "{asked:?}");
    assert_eq!(select_all(&form, "details.visit-section").len(), 7);
    let total = b.downloaded_bytes(&page).await;
    assert!(total < 60 * 1024, "{total} bytes");
}

#[tokio::test]
async fn a_manager_assigns_several_locations_at_once_and_filters_the_list() {
    let app = TestApp::spawn().await;
    let (_, manager, _) = setup(&app).await;
    let (token, _) = app.token_for("manager").await;
    let c = reqwest::Client::new();
    let brands: serde_json::Value = c
        .get(app.url("/api/v1/brands"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for name in ["North mall", "Airport"] {
        c.post(app.url("/api/v1/locations"))
            .bearer_auth(&token)
            .json(&json!({"brand_id": brands[0]["id"], "name": name, "channel": "store", "address": "x", "timezone": "UTC"}))
            .send()
            .await
            .unwrap();
    }
    let (_, form) = manager.get_html("/assignments/new").await;
    let ids: Vec<String> = form
        .select(&scraper::Selector::parse("input[name=location_ids]").unwrap())
        .map(|e| e.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 3);
    let checklist = attr(&form, "select[name=checklist_id] option", "value").unwrap();
    let shopper = attr(&form, "select[name=shopper_id] option", "value").unwrap();
    // Missing dates come back beside their fields, choices kept.
    let mut fields = vec![
        ("checklist_id", checklist.as_str()),
        ("shopper_id", shopper.as_str()),
        ("location_ids", ids[1].as_str()),
        ("location_ids", ids[2].as_str()),
        ("opens_on", ""),
        ("due_on", "2026-02-01"),
        ("brief", "Return an item"),
    ];
    let (status, page) = html(manager.post_form("/assignments/new", &fields).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&page, "#opens_on-error").unwrap(), "This field is required.");
    assert_eq!(select_all(&page, "input[name=location_ids][checked]").len(), 2);
    assert_eq!(text(&page, "textarea[name=brief]").unwrap(), "Return an item");
    fields[4] = ("opens_on", "2026-01-01");
    let res = manager.post_form("/assignments/new", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, list) = manager.get_html("/assignments").await;
    assert_eq!(text(&list, ".flash-success").unwrap(), "2 assignments created.");
    assert_eq!(select_all(&list, "table.data tbody tr").len(), 3);
    let (_, overdue) = manager.get_html("/assignments?status=overdue").await;
    assert_eq!(select_all(&overdue, "table.data tbody tr").len(), 2);
    assert_eq!(text(&overdue, "table.data .badge").unwrap(), "Overdue");
}

#[tokio::test]
async fn a_saved_scale_answer_is_selected_again_when_the_form_reopens() {
    let app = TestApp::spawn().await;
    let (shopper, _, assignment) = setup(&app).await;
    let (_, form) = shopper.get_html(&format!("/visits/new?assignment_id={assignment}")).await;
    // The query carries the token of a multipart post; a urlencoded one
    // carries it in the body, so the visit's address alone serves.
    let action = attr(&form, "form.visit-form", "action").unwrap();
    let action = action.split('?').next().unwrap().to_owned();
    let hidden: Vec<(String, String)> = ["location_id", "checklist_version_id", "assignment_id"]
        .iter()
        .map(|n| (n.to_string(), attr(&form, &format!("input[name={n}]"), "value").unwrap()))
        .collect();
    let mut fields: Vec<(&str, &str)> =
        hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.extend([("v:STF-02", "4"), ("v:STF-03", "3"), ("action", "save")]);
    assert_eq!(shopper.post_form(&action, &fields).await.status(), StatusCode::SEE_OTHER);
    let (_, form) = shopper.get_html(&format!("{action}/edit")).await;
    assert_eq!(attr(&form, "input[name='v:STF-02'][checked]", "value").unwrap(), "4");
    assert_eq!(attr(&form, "input[name='v:STF-03']", "value").unwrap(), "3");
}

/// Defect 5 of issue 11: -5 rings was taken. Now the field says what is
/// allowed, the server refuses it beside the field with the typed value
/// kept, and the rest of the form is saved.
#[tokio::test]
async fn a_number_out_of_range_is_kept_in_its_field_with_a_message_and_the_rest_is_saved() {
    let app = TestApp::spawn().await;
    let (shopper, manager, assignment) = setup(&app).await;
    let (_, form) = shopper.get_html(&format!("/visits/new?assignment_id={assignment}")).await;
    assert_eq!(attr(&form, "input[name='v:STF-03']", "min").unwrap(), "0");
    assert_eq!(attr(&form, "input[name='v:STF-03']", "max"), None, "no upper limit was set");
    assert_eq!(attr(&form, "input[name='v:STF-03']", "step").unwrap(), "any");
    let action = attr(&form, "form.visit-form", "action").unwrap();
    let started = attr(&form, "input[name=started_at]", "value").unwrap();
    let hidden: Vec<(String, String)> = ["location_id", "checklist_version_id", "assignment_id"]
        .iter()
        .map(|n| (n.to_string(), attr(&form, &format!("input[name={n}]"), "value").unwrap()))
        .collect();
    let mut fields: Vec<(&str, &str)> =
        hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.extend([
        ("started_at", started.as_str()),
        ("ended_at", started.as_str()),
        ("v:STF-01", "yes"),
        ("v:STF-02", "4"),
        ("v:STF-03", "-5"),
    ]);
    for act in ["save", "submit"] {
        let mut post = fields.clone();
        post.push(("action", act));
        let (status, page) = html(shopper.post_form(&action, &post).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{act}");
        assert_eq!(
            text(&page, "#q-STF-03 .field-error").unwrap(),
            "Enter a number of 0 or more.",
            "{act}"
        );
        assert_eq!(attr(&page, "input[name='v:STF-03']", "value").unwrap(), "-5", "{act}");
        assert_eq!(attr(&page, "input[name='v:STF-02'][checked]", "value").unwrap(), "4");
        // A refused value is kept in its box but not counted as answered.
        assert_eq!(text(&page, ".progress-count").unwrap(), "2 of 3 answered.", "{act}");
        assert_eq!(
            text(&page, ".error-summary li").unwrap(),
            "Minutes queued: Enter a number of 0 or more."
        );
    }
    // The other answers were stored; the refused one was not, and nothing
    // was submitted.
    let (status, form) = shopper.get_html(&format!("{action}/edit")).await;
    assert_eq!(status, StatusCode::OK, "still a draft");
    assert_eq!(attr(&form, "input[name='v:STF-01'][checked]", "value").unwrap(), "yes");
    assert_eq!(attr(&form, "input[name='v:STF-02'][checked]", "value").unwrap(), "4");
    assert_eq!(attr(&form, "input[name='v:STF-03']", "value").unwrap_or_default(), "");

    // Corrected, it submits; an answer stored out of range before ranges
    // were checked still shows on the report.
    fields.retain(|(k, _)| *k != "v:STF-03");
    fields.extend([("v:STF-03", "3"), ("action", "submit")]);
    let res = shopper.post_form(&action, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    use yardstick::db::WriteQuery;
    use yardstick::entities::visit_answer;
    let id = action.rsplit('/').next().unwrap();
    visit_answer::Entity::update_many()
        .col_expr(visit_answer::Column::Value, Expr::value("-5"))
        .filter(visit_answer::Column::VisitId.eq(id))
        .filter(visit_answer::Column::Code.eq("STF-03"))
        .run_on(&app.app.db)
        .await
        .unwrap();
    let (status, report) = manager.get_html(&action).await;
    assert_eq!(status, StatusCode::OK);
    let body = report.root_element().text().collect::<String>();
    assert!(body.contains("-5"), "{body}");
}
