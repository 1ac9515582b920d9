//! Checklists: versions, publishing rules, import and export, the built-in
//! standard.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

/// API.md's example document.
fn example() -> Value {
    json!({
      "name": "Customer experience standard",
      "description": "Our standard for every touchpoint",
      "sections": [{
        "category": "responsiveness", "title": "Responsiveness", "weight": 1.0,
        "criteria": [
          {"code": "RSP-01", "prompt": "Greeted within 30 seconds?",
           "guidance": "Count from entering the door.", "kind": "yes_no",
           "weight": 2, "critical": false, "allow_na": false, "photo": "never"},
          {"code": "RSP-02", "prompt": "Minutes queued", "kind": "number", "min": 0, "max": 240,
           "target": 5, "direction": "at_most", "unit": "minutes", "weight": 3},
          {"code": "RSP-03", "prompt": "Helpfulness", "kind": "scale", "min": 1, "max": 5, "weight": 4},
          {"code": "RSP-04", "prompt": "How was the question answered?", "kind": "choice", "weight": 2,
           "options": [{"key": "full", "label": "Fully", "value": 1.0},
                       {"key": "partly", "label": "Partly", "value": 0.5},
                       {"key": "no", "label": "Not at all", "value": 0.0}]},
          {"code": "RSP-05", "prompt": "What was said", "kind": "text"},
          {"code": "RSP-06", "prompt": "Photo of the queue", "kind": "photo"}
        ]
      }]
    })
}

/// The document without the ids GET adds.
fn without_ids(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("id");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// Compares documents as the API reads them, so defaults count as given.
fn same_content(a: &Value, b: &Value) -> bool {
    let parse = |v: &Value| -> yardstick::checklists::document::ChecklistDoc {
        serde_json::from_value(without_ids(v.clone())).unwrap()
    };
    parse(a) == parse(b)
}

#[tokio::test]
async fn an_imported_document_comes_back_with_the_same_content() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let (s, created) = api.post("/api/v1/checklists", example()).await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    assert_eq!(created["version"], 1);
    assert_eq!(created["status"], "draft");
    assert!(created["version_id"].is_i64());
    let id = created["id"].as_i64().unwrap();
    let (s, doc) = api.get(&format!("/api/v1/checklists/{id}/versions/1")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["sections"][0]["criteria"][0]["id"].is_i64(), "ids are added: {doc}");
    assert!(same_content(&doc, &example()), "{doc}");
    // Export, import as a new checklist, export again: the same content.
    let (_, again) = api.post("/api/v1/checklists", without_ids(doc.clone())).await;
    let id2 = again["id"].as_i64().unwrap();
    let (_, doc2) = api.get(&format!("/api/v1/checklists/{id2}/versions/1")).await;
    assert_eq!(without_ids(doc2), without_ids(doc));
}

#[tokio::test]
async fn publishing_lists_every_problem_and_publishes_nothing() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let bad = json!({
      "name": "Broken",
      "sections": [
        {"category": "staff", "title": "Staff", "weight": 0, "criteria": [
          {"code": "S-1", "prompt": "Greeting", "kind": "yes_no", "weight": -1},
          {"code": "S-1", "prompt": "Again", "kind": "yes_no"},
          {"code": "", "prompt": "No code", "kind": "yes_no"},
          {"code": "S-3", "prompt": "Scale", "kind": "scale", "min": 5, "max": 5},
          {"code": "S-4", "prompt": "Choice", "kind": "choice"},
          {"code": "S-5", "prompt": "Choice", "kind": "choice", "options": [{"key": "a", "label": "A", "value": 1.5}]},
          {"code": "S-6", "prompt": "Number", "kind": "number", "direction": "at_most"}
        ]},
        {"category": "stock", "title": "Empty", "criteria": []}
      ]
    });
    let (_, created) = api.post("/api/v1/checklists", bad).await;
    let id = created["id"].as_i64().unwrap();
    let (s, body) =
        api.call(Method::POST, &format!("/api/v1/checklists/{id}/versions/1/publish"), None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields = body["error"]["fields"].as_object().unwrap();
    for path in [
        "sections[0].weight",
        "sections[0].criteria[0].weight",
        "sections[0].criteria[1].code",
        "sections[0].criteria[2].code",
        "sections[0].criteria[3].max",
        "sections[0].criteria[4].options",
        "sections[0].criteria[5].options[0].value",
        "sections[0].criteria[6].target",
        "sections[1].criteria",
    ] {
        assert!(
            fields.contains_key(path),
            "{path} missing in {:?}",
            fields.keys().collect::<Vec<_>>()
        );
    }
    assert!(fields["sections[0].criteria[1].code"].as_str().unwrap().contains("S-1"));
    // Each message says in words where the problem is.
    assert_eq!(
        fields["sections[0].criteria[3].max"],
        "Criterion S-3 “Scale”: The highest value must be greater than the lowest."
    );
    assert_eq!(
        fields["sections[0].criteria[2].code"],
        "Criterion “No code” in Section “Staff” (staff): Give the criterion a code, such as RSP-01."
    );
    assert_eq!(
        fields["sections[1].criteria"],
        "Section “Empty” (stock): This section has no criteria. Add at least one, or remove the section."
    );
    let (_, list) = api.get("/api/v1/checklists").await;
    assert_eq!(list[0]["published_version"], Value::Null);
}

#[tokio::test]
async fn a_published_version_never_changes_and_edits_make_a_new_draft() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let (_, created) = api.post("/api/v1/checklists", example()).await;
    let id = created["id"].as_i64().unwrap();
    let (s, published) =
        api.call(Method::POST, &format!("/api/v1/checklists/{id}/versions/1/publish"), None).await;
    assert_eq!(s, StatusCode::OK, "{published}");
    assert_eq!(published["status"], "published");
    let mut changed = example();
    changed["name"] = json!("Changed");
    let (s, body) = api.put(&format!("/api/v1/checklists/{id}/versions/1"), changed.clone()).await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
    let (_, doc) = api.get(&format!("/api/v1/checklists/{id}/versions/1")).await;
    assert_eq!(doc["name"], "Customer experience standard");

    // The page's "Edit" makes version 2 as a draft with every code kept.
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form(&format!("/checklists/{id}/versions/1/edit"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/checklists/{id}/versions/2"));
    let (_, v2) = api.get(&format!("/api/v1/checklists/{id}/versions/2")).await;
    assert!(same_content(&v2, &example()));
    // A draft can be replaced; a second draft cannot be started.
    let (s, _) = api.put(&format!("/api/v1/checklists/{id}/versions/2"), changed).await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = api.post(&format!("/api/v1/checklists/{id}/versions"), example()).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(body["error"]["message"].as_str().unwrap().contains("Version 2 is already a draft"));
    // The page refuses too.
    let res = b.post_form(&format!("/checklists/{id}/versions/1/edit"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_built_in_standard_is_added_published_in_the_chosen_language() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/checklists/builtin", &[("locale", "fa")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.get_html(&location(&res)).await;
    let criteria = select_all(&html, "ol.criteria > li");
    assert!((35..=45).contains(&criteria.len()), "{} criteria", criteria.len());
    assert_eq!(select_all(&html, "section.checklist-section").len(), 8);
    let title = text(&html, "h1").unwrap();
    assert!(title.chars().any(|c| ('\u{0600}'..='\u{06ff}').contains(&c)), "Persian name: {title}");
    assert_eq!(text(&html, ".badge-published").unwrap(), "Published");
}

#[tokio::test]
async fn a_draft_with_problems_shows_them_on_the_page() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/checklists/new", &[("name", "Phone check")]).await;
    let page = location(&res);
    let res = b.post_form(&format!("{page}/publish"), &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert!(text(&html, ".error-summary").unwrap().contains("cannot be published yet"));
    assert_eq!(text(&html, ".field-error").unwrap(), "Add at least one section.");
}

#[tokio::test]
async fn a_document_uploaded_on_the_page_replaces_the_draft_and_downloads_back() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/checklists/new", &[("name", "Upload me")]).await;
    let page = location(&res);
    let (_, html) = b.get_html(&page).await;
    let action = attr(&html, "form[enctype='multipart/form-data']", "action").unwrap();
    assert!(!action.contains('?'), "the token never rides in the address: {action}");
    let token =
        attr(&html, "form[enctype='multipart/form-data'] input[name=csrf_token]", "value").unwrap();
    let upload =
        |part| reqwest::multipart::Form::new().text("csrf_token", token.clone()).part("file", part);
    let part = reqwest::multipart::Part::text(example().to_string()).file_name("c.json");
    let res = b.client.post(b.url(&action)).multipart(upload(part)).send().await.unwrap();
    assert_token_not_in_address(&res);
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b.get(&format!("{page}/export")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let exported: Value = res.json().await.unwrap();
    assert!(same_content(&exported, &example()));
    // A file that is not a checklist says so and changes nothing.
    let part = reqwest::multipart::Part::text("{\"name\": 3}").file_name("bad.json");
    let res = b.client.post(b.url(&action)).multipart(upload(part)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("This file is not a checklist document"), "{body}");
}

#[tokio::test]
async fn only_managers_and_admins_work_on_checklists() {
    let app = TestApp::spawn().await;
    for role in ["shopper", "trainer"] {
        let (b, _) = app.signed_in(role).await;
        assert_eq!(b.get("/checklists").await.status(), StatusCode::FORBIDDEN);
        let (api, _) = Api::new(&app, role).await;
        let (s, _) = api.post("/api/v1/checklists", example()).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    let (api, _) = Api::new(&app, "admin").await;
    let (s, _) = api.post("/api/v1/checklists", example()).await;
    assert_eq!(s, StatusCode::CREATED);
}

#[tokio::test]
async fn an_unknown_field_in_a_document_is_a_clear_400() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let mut doc = example();
    doc["sections"][0]["criteria"][0]["colour"] = json!("red");
    let (s, body) = api.post("/api/v1/checklists", doc).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body["error"]["detail"].as_str().unwrap().contains("colour"), "{body}");
}

#[tokio::test]
async fn a_draft_is_built_and_reordered_from_the_pages_then_published() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/checklists/new", &[("name", "Store check")]).await;
    let page = location(&res);
    let res = b
        .post_form(
            &format!("{page}/sections/new"),
            &[("title", "Staff"), ("category", "staff"), ("weight", "1.5")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let criteria = [
        ("STF-01", "Greeted within 30 seconds", "yes_no", "", "", ""),
        ("STF-02", "Product knowledge", "scale", "1", "5", ""),
        ("STF-03", "Answer quality", "choice", "", "", "full | Fully | 1\npartly | Partly | 0.5"),
    ];
    for (code, prompt, kind, min, max, options) in criteria {
        let res = b
            .post_form(
                &format!("{page}/sections/0/criteria/new"),
                &[
                    ("code", code),
                    ("prompt", prompt),
                    ("kind", kind),
                    ("weight", "2"),
                    ("photo", "never"),
                    ("min", min),
                    ("max", max),
                    ("options", options),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{code}");
    }
    // Move the last criterion to the top, one step at a time.
    for op in ["criterion-up:0:2", "criterion-up:0:1"] {
        assert_eq!(
            b.post_form(&format!("{page}/op"), &[("op", op)]).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let (_, html) = b.get_html(&page).await;
    let codes = select_all(&html, "ol.criteria .code");
    assert_eq!(codes, ["STF-03", "STF-01", "STF-02"]);
    let res = b.post_form(&format!("{page}/op"), &[("op", "criterion-delete:0:1")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b.post_form(&format!("{page}/publish"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.get_html(&page).await;
    assert_eq!(select_all(&html, "ol.criteria .code"), ["STF-03", "STF-02"]);
    assert!(text(&html, "ol.criteria").unwrap().contains("Fully (1) · Partly (0.5)"));
    // Published: its editor pages refuse.
    assert_eq!(b.get(&format!("{page}/sections/0")).await.status(), StatusCode::CONFLICT);
    let res = b.post_form(&format!("{page}/op"), &[("op", "criterion-up:0:1")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_criterion_form_with_bad_numbers_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/checklists/new", &[("name", "Phone check")]).await;
    let page = location(&res);
    b.post_form(
        &format!("{page}/sections/new"),
        &[("title", "Phone"), ("category", "responsiveness"), ("weight", "1")],
    )
    .await;
    let res = b
        .post_form(
            &format!("{page}/sections/0/criteria/new"),
            &[
                ("code", "RSP-01"),
                ("prompt", "Rings"),
                ("kind", "number"),
                ("weight", "two"),
                ("target", "3 rings"),
                ("direction", "at_most"),
                ("unit", "rings"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(text(&html, "#weight-error").unwrap(), "Enter a number, such as 2 or 0.5.");
    assert_eq!(text(&html, "#target-error").unwrap(), "Enter a number, such as 2 or 0.5.");
    assert_eq!(attr(&html, "input[name=target]", "value").unwrap(), "3 rings");
    assert_eq!(attr(&html, "input[name=code]", "value").unwrap(), "RSP-01");
}

#[tokio::test]
async fn a_number_range_is_checked_at_publishing_and_named_in_the_users_language() {
    let app = TestApp::spawn().await;
    let manager = app.create_user_with("manager", "m@example.com", "fa").await;
    let token = yardstick::accounts::tokens::issue(&app.app.db, manager.id).await.unwrap();
    let api = Api::with_token(&app, token);
    let doc = json!({"name": "Phone", "sections": [{"category": "responsiveness", "title": "Phone", "criteria": [
        {"code": "RSP-01", "prompt": "Rings before a person answered", "kind": "number",
         "min": 10, "max": 5, "target": 3, "direction": "at_most"},
        {"code": "RSP-02", "prompt": "Minutes on hold", "kind": "number",
         "max": 30, "target": 45, "direction": "at_most"},
        {"code": "RSP-03", "prompt": "Minutes to a reply", "kind": "number",
         "target": -1, "direction": "at_most"}
    ]}]});
    let (s, created) = api.post("/api/v1/checklists", doc).await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (s, body) =
        api.call(Method::POST, &format!("/api/v1/checklists/{id}/versions/1/publish"), None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let f = &body["error"]["fields"];
    assert_eq!(
        f["sections[0].criteria[0].max"],
        "معیار RSP-01 «Rings before a person answered»: بیشترین پاسخ مجاز باید از کمترین پاسخ مجاز (۱۰؛ اگر تعیین نشده باشد ۰) بزرگ‌تر باشد."
    );
    assert_eq!(
        f["sections[0].criteria[1].target"],
        "معیار RSP-02 «Minutes on hold»: هدف باید یکی از پاسخ‌های مجاز باشد: از ۰ تا ۳۰."
    );
    assert_eq!(
        f["sections[0].criteria[2].target"],
        "معیار RSP-03 «Minutes to a reply»: هدف باید یکی از پاسخ‌های مجاز باشد: ۰ یا بیشتر."
    );
}

#[tokio::test]
async fn the_publish_page_lists_each_problem_by_its_criterion() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let (b, _) = app.signed_in("manager").await;
    let doc = json!({"name": "Phone", "sections": [{"category": "responsiveness", "title": "Phone", "criteria": [
        {"code": "RSP-01", "prompt": "Helpfulness", "kind": "scale", "min": 5, "max": 1}
    ]}]});
    let (_, created) = api.post("/api/v1/checklists", doc).await;
    let id = created["id"].as_i64().unwrap();
    let res = b.post_form(&format!("/checklists/{id}/versions/1/publish"), &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        select_all(&html, ".error-summary li"),
        ["Criterion RSP-01 “Helpfulness”: The highest value must be greater than the lowest."]
    );
}

#[tokio::test]
async fn the_criterion_editor_sets_a_numbers_range_and_checks_it_beside_the_fields() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/checklists/new", &[("name", "Phone check")]).await;
    let page = location(&res);
    b.post_form(
        &format!("{page}/sections/new"),
        &[("title", "Phone"), ("category", "responsiveness"), ("weight", "1")],
    )
    .await;
    let mut fields = vec![
        ("code", "RSP-01"),
        ("prompt", "Rings"),
        ("kind", "number"),
        ("weight", "1"),
        ("number_min", "10"),
        ("number_max", "5"),
        ("target", "3"),
        ("direction", "at_most"),
    ];
    let res = b.post_form(&format!("{page}/sections/0/criteria/new"), &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(
        text(&html, "#number_max-error").unwrap(),
        "The highest allowed answer must be greater than the lowest (10; 0 when none is given)."
    );
    assert_eq!(attr(&html, "input[name=number_min]", "value").unwrap(), "10");
    fields[4] = ("number_min", "");
    fields[5] = ("number_max", "30");
    let res = b.post_form(&format!("{page}/sections/0/criteria/new"), &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b.get(&format!("{page}/export")).await;
    let doc: Value = res.json().await.unwrap();
    let c = &doc["sections"][0]["criteria"][0];
    assert_eq!((c["min"].clone(), c["max"].clone()), (Value::Null, json!(30.0)));
    let (_, form) = b.get_html(&format!("{page}/sections/0/criteria/0")).await;
    assert_eq!(attr(&form, "input[name=number_max]", "value").unwrap(), "30");
    assert_eq!(attr(&form, "input[name=max]", "value").unwrap_or_default(), "");
}
