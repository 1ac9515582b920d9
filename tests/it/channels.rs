//! Criteria limited to channels (issue 13): the document field through
//! import, export and the editor, its validation, and visits that ask, score
//! and export only the criteria for their location's channel.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

/// Every field written out as an export writes it, so a GET gives back
/// exactly this (plus ids).
fn as_exported(channels: Option<Value>) -> Value {
    let mut c = json!({"code": "STF-01", "prompt": "Greeted?", "guidance": "At the door.",
        "kind": "yes_no", "weight": 2.0, "critical": false, "allow_na": false, "photo": "never"});
    if let Some(ch) = channels {
        c["channels"] = ch;
    }
    json!({"name": "Store standard", "description": "", "sections": [
        {"category": "staff", "title": "Staff", "weight": 1.0, "criteria": [c,
            {"code": "STF-02", "prompt": "Thanked?", "guidance": "", "kind": "yes_no",
             "weight": 1.0, "critical": false, "allow_na": false, "photo": "never"}]}
    ]})
}

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

async fn import(api: &Api, doc: Value) -> i64 {
    let (s, created) = api.post("/api/v1/checklists", doc).await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_document_without_channels_imports_and_exports_unchanged() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let id = import(&api, as_exported(None)).await;
    let (s, doc) = api.get(&format!("/api/v1/checklists/{id}/versions/1")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(without_ids(doc.clone()), as_exported(None));
    assert!(!doc.to_string().contains("channels"), "{doc}");
}

#[tokio::test]
async fn channels_come_back_from_the_api_and_the_download_as_imported() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let sent = as_exported(Some(json!(["store", "delivery"])));
    let id = import(&api, sent.clone()).await;
    let (_, doc) = api.get(&format!("/api/v1/checklists/{id}/versions/1")).await;
    assert_eq!(without_ids(doc.clone()), sent);
    // Published, the version keeps them; exported and imported again, the same.
    let path = format!("/api/v1/checklists/{id}/versions/1/publish");
    assert_eq!(api.call(Method::POST, &path, None).await.0, StatusCode::OK);
    let id2 = import(&api, without_ids(doc)).await;
    let (_, again) = api.get(&format!("/api/v1/checklists/{id2}/versions/1")).await;
    assert_eq!(without_ids(again), sent);
    let (b, _) = app.signed_in("manager").await;
    let res = b.get(&format!("/checklists/{id}/versions/1/export")).await;
    let file: Value = res.json().await.unwrap();
    assert_eq!(file["sections"][0]["criteria"][0]["channels"], json!(["store", "delivery"]));
}

#[tokio::test]
async fn an_unknown_or_repeated_channel_is_named_at_publishing() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let id = import(&api, as_exported(Some(json!(["store", "shop", "store"])))).await;
    let path = format!("/api/v1/checklists/{id}/versions/1/publish");
    let (s, body) = api.call(Method::POST, &path, None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields = body["error"]["fields"].as_object().unwrap();
    assert_eq!(fields.len(), 2, "{fields:?}");
    assert_eq!(
        fields["sections[0].criteria[0].channels[1]"],
        "Criterion STF-01 “Greeted?”: \"shop\" is not a channel. Use store, website, phone, email, app, delivery or social."
    );
    assert_eq!(
        fields["sections[0].criteria[0].channels[2]"],
        "Criterion STF-01 “Greeted?”: The channel store is named more than once."
    );
    // On the page, beside the criterion, in words and with no field name.
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form(&format!("/checklists/{id}/versions/1/publish"), &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    let beside = select_all(&html, "ol.criteria .field-error");
    assert_eq!(
        beside,
        [
            "Criterion STF-01 “Greeted?”: \"shop\" is not a channel. Use store, website, phone, email, app, delivery or social.",
            "Criterion STF-01 “Greeted?”: The channel store is named more than once."
        ]
    );
    assert_eq!(select_all(&html, ".error-summary li").len(), 2);
}

#[tokio::test]
async fn the_editor_limits_a_criterion_to_channels_and_keeps_the_ticks_on_a_failed_save() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form("/checklists/new", &[("name", "Delivery check")]).await;
    let page = location(&res);
    b.post_form(
        &format!("{page}/sections/new"),
        &[("title", "Delivery"), ("category", "delivery"), ("weight", "1")],
    )
    .await;
    let mut fields = vec![
        ("code", "DEL-01"),
        ("prompt", "On time?"),
        ("kind", "yes_no"),
        ("weight", "two"),
        ("photo", "never"),
        ("channel_store", "on"),
        ("channel_delivery", "on"),
    ];
    let (_, form) = b.get_html(&format!("{page}/sections/0/criteria/new")).await;
    assert!(text(&form, "fieldset.channels .hint").unwrap().contains("None ticked: every channel"));
    assert_eq!(select_all(&form, "fieldset.channels input[checked]").len(), 0);
    let res = b.post_form(&format!("{page}/sections/0/criteria/new"), &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = scraper::Html::parse_document(&res.text().await.unwrap());
    let ticked: Vec<String> = {
        let sel = scraper::Selector::parse("fieldset.channels input[checked]").unwrap();
        html.select(&sel).map(|e| e.value().attr("name").unwrap().to_owned()).collect()
    };
    assert_eq!(ticked, ["channel_store", "channel_delivery"]);
    fields[3] = ("weight", "2");
    let res = b.post_form(&format!("{page}/sections/0/criteria/new"), &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let doc: Value = b.get(&format!("{page}/export")).await.json().await.unwrap();
    assert_eq!(doc["sections"][0]["criteria"][0]["channels"], json!(["store", "delivery"]));
    let (_, html) = b.get_html(&page).await;
    assert_eq!(text(&html, "ol.criteria .criterion-channels").unwrap(), "only: Store, Delivery");
    let (_, form) = b.get_html(&format!("{page}/sections/0/criteria/0")).await;
    assert_eq!(select_all(&form, "fieldset.channels input[checked]").len(), 2);
    // Nothing ticked: every channel, and the field is left out.
    fields.truncate(5);
    let res = b.post_form(&format!("{page}/sections/0/criteria/0"), &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let doc: Value = b.get(&format!("{page}/export")).await.json().await.unwrap();
    assert!(doc["sections"][0]["criteria"][0].get("channels").is_none(), "{doc}");
}

/// Staff questions for every channel and for stores only, a critical
/// delivery question needing a photo, and a phone-only question.
fn mixed_checklist() -> Value {
    json!({"name": "Mixed", "sections": [
        {"category": "staff", "title": "Staff", "weight": 1, "criteria": [
            {"code": "STF-01", "prompt": "Respectful?", "kind": "yes_no", "weight": 2},
            {"code": "STF-02", "prompt": "Greeted at the door?", "kind": "yes_no", "weight": 2,
             "channels": ["store"]}
        ]},
        {"category": "delivery", "title": "Delivery", "weight": 3, "criteria": [
            {"code": "DEL-01", "prompt": "Parcel complete?", "kind": "yes_no", "critical": true,
             "photo": "always", "channels": ["delivery"]}
        ]},
        {"category": "responsiveness", "title": "Phone", "weight": 1, "criteria": [
            {"code": "RSP-01", "prompt": "Rings", "kind": "number", "target": 3,
             "direction": "at_most", "channels": ["phone"]}
        ]}
    ]})
}

struct Setup {
    manager: Api,
    shopper: Api,
    checklist_id: i64,
    brand_id: i64,
}

async fn setup(app: &TestApp) -> Setup {
    let (manager, _) = Api::new(app, "manager").await;
    let (shopper, _) = Api::new(app, "shopper").await;
    let (_, brand) = manager.post("/api/v1/brands", json!({"name": "Ours", "own": true})).await;
    let checklist_id = import(&manager, mixed_checklist()).await;
    let path = format!("/api/v1/checklists/{checklist_id}/versions/1/publish");
    assert_eq!(manager.call(Method::POST, &path, None).await.0, StatusCode::OK);
    Setup { manager, shopper, checklist_id, brand_id: brand["id"].as_i64().unwrap() }
}

async fn place(s: &Setup, channel: &str) -> i64 {
    let (st, loc) = s
        .manager
        .post(
            "/api/v1/locations",
            json!({"brand_id": s.brand_id, "name": format!("Our {channel}"), "channel": channel,
                   "address": "1 Main St", "url": "https://example.com", "phone": "+1 555 0100",
                   "email": "care@example.com", "timezone": "UTC"}),
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{loc}");
    loc["id"].as_i64().unwrap()
}

fn times() -> (String, String) {
    let start = chrono::Utc::now() - chrono::Duration::hours(2);
    (start.to_rfc3339(), (start + chrono::Duration::minutes(20)).to_rfc3339())
}

fn codes_of(fields: &Value) -> Vec<String> {
    let mut keys: Vec<String> = fields.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn a_store_visit_asks_scores_and_exports_only_the_store_questions() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let store = place(&s, "store").await;
    let id = uuid::Uuid::new_v4();
    let path = format!("/api/v1/visits/{id}");
    let (start, end) = times();
    let draft = json!({"location_id": store, "checklist_id": s.checklist_id,
        "started_at": start, "ended_at": end, "answers": []});
    let (st, body) = s.shopper.put(&path, draft.clone()).await;
    assert_eq!(st, StatusCode::CREATED, "{body}");

    // Not required: the missing list names only the store's questions.
    let (st, body) = s.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes_of(&body["error"]["fields"]), ["STF-01", "STF-02"]);

    // An answer to the delivery question is refused, naming it; nothing is stored.
    let mut with_delivery = draft.clone();
    with_delivery["answers"] = json!([{"code": "STF-01", "value": true},
        {"code": "DEL-01", "value": true}, {"code": "RSP-01", "na": true}]);
    let (st, body) = s.shopper.put(&path, with_delivery).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(codes_of(&body["error"]["fields"]), ["answers.DEL-01", "answers.RSP-01"]);
    assert_eq!(
        body["error"]["fields"]["answers.DEL-01"],
        "Question DEL-01 does not apply to this visit's channel (Store), so it takes no answer. Leave it out."
    );
    let (_, seen) = s.shopper.get(&path).await;
    assert_eq!(seen["answers"], json!([]));
    // Nor does the delivery question take a photo on a store visit.
    let photo = yardstick::evidence::sample::jpeg(
        64,
        48,
        None,
        yardstick::evidence::sample::detailed_pixel,
    );
    let (st, body) = s.shopper.upload(&id.to_string(), photo, Some("DEL-01")).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["error"]["fields"]["criterion"],
        "Question DEL-01 does not apply to this visit's channel (Store), so it takes no answer. Leave it out."
    );
    assert_eq!(s.shopper.get(&path).await.1["photos"], json!([]));

    let mut answered = draft;
    answered["answers"] =
        json!([{"code": "STF-01", "value": true}, {"code": "STF-02", "value": false}]);
    assert_eq!(s.shopper.put(&path, answered).await.0, StatusCode::OK);
    let (st, result) = s.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(st, StatusCode::OK, "{result}");
    // Staff 50 %; delivery and phone unscored, like sections answered N/A;
    // the critical delivery question cannot sink a store visit.
    assert_eq!(result["score"], json!(50.0));
    assert_eq!(result["critical_failed"], json!(false));
    assert_eq!(
        result["sections"],
        json!([{"category": "staff", "pct": 50.0}, {"category": "delivery", "pct": null},
               {"category": "responsiveness", "pct": null}])
    );
    let review = json!({"decision": "approve"});
    assert_eq!(s.manager.post(&format!("{path}/review"), review).await.0, StatusCode::OK);

    let (_, full) = s.manager.get(&path).await;
    let stored: Vec<&str> =
        full["answers"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(stored, ["STF-01", "STF-02"]);
    let (st, csv) = s.manager.text("/api/v1/exports/answers.csv").await;
    assert_eq!(st, StatusCode::OK);
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let code = header.iter().position(|h| h == "code").unwrap();
    let rows: Vec<String> = r.records().map(|r| r.unwrap()[code].to_owned()).collect();
    assert_eq!(rows, ["STF-01", "STF-02"]);
    let (_, card) = s.manager.get("/api/v1/scorecard").await;
    let ours = &card["brands"][0];
    assert_eq!(ours["overall"]["mean"], json!(50.0), "{card}");
    assert_eq!(ours["categories"]["staff"]["n"], json!(1), "{card}");
    for category in ["delivery", "responsiveness"] {
        let n = ours["categories"][category]["n"].as_i64().unwrap_or(0);
        assert_eq!(n, 0, "{category} counts no store visit: {card}");
    }
}

#[tokio::test]
async fn a_delivery_visit_of_the_same_checklist_needs_its_delivery_question_and_photo() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let delivery = place(&s, "delivery").await;
    let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let (start, end) = times();
    let draft = json!({"location_id": delivery, "checklist_id": s.checklist_id,
        "started_at": start, "ended_at": end,
        "answers": [{"code": "STF-01", "value": true}, {"code": "DEL-01", "value": false}]});
    let (st, body) = s.shopper.put(&path, draft).await;
    assert_eq!(st, StatusCode::CREATED, "{body}");
    let (st, body) = s.shopper.post(&format!("{path}/submit"), json!({})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    // Its photo is required; the store-only and phone-only questions are not.
    assert_eq!(codes_of(&body["error"]["fields"]), ["DEL-01"]);
    assert_eq!(body["error"]["fields"]["DEL-01"], "This question needs a photo.");
}
