//! Photos on the visit pages without JavaScript: chosen on the form and
//! posted with the answers (nothing typed is lost), removed while the visit
//! is open, shown as thumbnails with their flags on the report and in the
//! review queue. The fixtures here are shared with the gallery's tests.
use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use scraper::Html;
use serde_json::{Value, json};
use yardstick::evidence::sample::{self, Exif};

use crate::support::*;

/// Where the test locations are: Azadi Tower, Tehran.
pub const HERE: (f64, f64) = (35.6997, 51.3380);
/// Isfahan, some 340 km away.
pub const FAR: (f64, f64) = (32.6575, 51.6776);

/// A phone photo taken at `taken` (UTC) at `at`.
pub fn photo(taken: DateTime<Utc>, at: (f64, f64)) -> Vec<u8> {
    let when = taken.format("%Y:%m:%d %H:%M:%S").to_string();
    let exif = Exif {
        orientation: Some(1),
        taken: Some(&when),
        offset: Some("+00:00"),
        gps: Some(at),
        serial: None,
    };
    sample::jpeg(64, 48, Some(&exif), sample::detailed_pixel)
}

/// A manager's programme, reached through the API with a token.
pub struct World {
    pub base: String,
    pub manager: String,
    pub http: reqwest::Client,
    pub checklist: i64,
}

impl World {
    pub async fn new(app: &TestApp) -> World {
        let (manager, _) = app.token_for("manager").await;
        let mut w =
            World { base: app.url("/api/v1"), manager, http: reqwest::Client::new(), checklist: 0 };
        let cl = w
            .call("POST", "/checklists", &w.manager.clone(), json!({"name": "Evidence", "sections": [
                {"category": "stock", "title": "Stock", "criteria": [
                    {"code": "STK-01", "prompt": "Shelves full?", "kind": "yes_no", "photo": "on_fail"},
                    {"code": "STK-03", "prompt": "Photo of the entrance", "kind": "photo"}]},
                {"category": "staff", "title": "Staff", "criteria": [
                    {"code": "STF-01", "prompt": "Greeted?", "kind": "yes_no"}]}]}))
            .await;
        w.checklist = cl["id"].as_i64().unwrap();
        let path = format!("/checklists/{}/versions/1/publish", w.checklist);
        w.call("POST", &path, &w.manager.clone(), json!({})).await;
        w
    }

    pub async fn call(&self, method: &str, path: &str, token: &str, body: Value) -> Value {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let res = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body = res.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }

    /// A brand of its own and one location of it: (brand id, location id).
    pub async fn place(&self, name: &str, channel: &str) -> (i64, i64) {
        let t = self.manager.clone();
        let b = self
            .call(
                "POST",
                "/brands",
                &t,
                json!({"name": format!("{name} {}", uuid::Uuid::new_v4()), "own": true}),
            )
            .await;
        let mut body = json!({"brand_id": b["id"], "name": name, "channel": channel,
            "latitude": HERE.0, "longitude": HERE.1, "timezone": "UTC"});
        if channel == "store" {
            body["address"] = json!("Azadi Sq.");
        } else if channel == "phone" {
            body["phone"] = json!("+982100000000");
        } else {
            body["url"] = json!("https://example.com");
        }
        let l = self.call("POST", "/locations", &t, body).await;
        (b["id"].as_i64().unwrap(), l["id"].as_i64().unwrap())
    }

    /// A shopper's submitted visit at `loc` on `started`, with one photo on
    /// STK-03 and, when STK-01 failed, one on STK-01. Returns the visit id
    /// and the STK-03 photo's id.
    pub async fn visit(
        &self,
        shopper: &str,
        loc: i64,
        started: DateTime<Utc>,
        shelves_full: bool,
        at: (f64, f64),
    ) -> (String, String) {
        let id = uuid::Uuid::new_v4().to_string();
        let answers =
            json!([{"code": "STK-01", "value": shelves_full}, {"code": "STF-01", "value": true}]);
        self.call(
            "PUT",
            &format!("/visits/{id}"),
            shopper,
            json!({"location_id": loc,
            "checklist_id": self.checklist, "started_at": started.to_rfc3339(),
            "ended_at": (started + Duration::minutes(30)).to_rfc3339(), "answers": answers}),
        )
        .await;
        let p =
            self.upload(shopper, &id, photo(started + Duration::minutes(5), at), "STK-03").await;
        if !shelves_full {
            self.upload(shopper, &id, photo(started + Duration::minutes(6), at), "STK-01").await;
        }
        self.call("POST", &format!("/visits/{id}/submit"), shopper, json!({})).await;
        (id, p)
    }

    pub async fn upload(
        &self,
        token: &str,
        visit: &str,
        bytes: Vec<u8>,
        criterion: &str,
    ) -> String {
        let form = Form::new()
            .part("file", Part::bytes(bytes).file_name("IMG.jpg"))
            .text("criterion", criterion.to_owned());
        let res = self
            .http
            .post(format!("{}/visits/{visit}/photos", self.base))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
    }
}

async fn html(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

/// The form as a browser without script posts it: multipart, fields in
/// the page's order (the token first), files under `photo:CODE`.
async fn post_visit_form(
    b: &Browser,
    action: &str,
    fields: &[(&str, String)],
    files: Vec<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    for (name, bytes) in files {
        form = form.part(name.to_owned(), Part::bytes(bytes).file_name("IMG_0001.jpg"));
    }
    let res = b.client.post(b.url(action)).multipart(form).send().await.unwrap();
    assert_token_not_in_address(&res);
    res
}

/// A new visit's form for a signed-in shopper: its action and hidden fields.
async fn new_form(w: &World, b: &Browser) -> (String, Vec<(&'static str, String)>) {
    let (_, loc) = w.place("Azadi", "store").await;
    let (status, page) =
        b.get_html(&format!("/visits/new?location_id={loc}&checklist_id={}", w.checklist)).await;
    assert_eq!(status, StatusCode::OK);
    let action = attr(&page, "form.visit-form", "action").unwrap();
    assert_eq!(attr(&page, "form.visit-form", "enctype").unwrap(), "multipart/form-data");
    let start = (Utc::now() - Duration::minutes(20)).format("%Y-%m-%dT%H:%M").to_string();
    let end = Utc::now().format("%Y-%m-%dT%H:%M").to_string();
    let token = attr(&page, "form.visit-form input[name=csrf_token]", "value").unwrap();
    let mut fields = vec![("csrf_token", token), ("started_at", start), ("ended_at", end)];
    for n in ["location_id", "checklist_version_id"] {
        fields.push((n, attr(&page, &format!("input[name={n}]"), "value").unwrap()));
    }
    (action, fields)
}

#[tokio::test]
async fn a_photo_chosen_without_script_is_stored_and_typed_values_are_kept() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.signed_in("shopper").await;
    let (action, mut fields) = new_form(&w, &shopper).await;
    assert!(!action.contains('?'), "the token never rides in the address: {action}");
    fields.extend([
        ("v:STF-01", "yes".to_owned()),
        ("c:STF-01", "Smiled at the door".to_owned()),
        ("action", "save".to_owned()),
    ]);
    let res = post_visit_form(
        &shopper,
        &action,
        &fields,
        vec![("photo:STK-03", photo(Utc::now(), HERE))],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let edit = location(&res);
    let (_, page) = shopper.get_html(&edit).await;
    let thumbs =
        page.select(&scraper::Selector::parse("#q-STK-03 .photo-list img").unwrap()).count();
    assert_eq!(thumbs, 1, "the thumbnail shows under its question");
    assert!(attr(&page, "#q-STK-03 .photo-list img", "src").unwrap().ends_with("/thumb"));
    assert!(attr(&page, "input[name='v:STF-01'][value=yes]", "checked").is_some());
    assert_eq!(text(&page, "textarea[name='c:STF-01']").unwrap(), "Smiled at the door");
    let input = "#q-STK-01 input[type=file]";
    assert_eq!(attr(&page, input, "capture").unwrap(), "environment");
    assert_eq!(attr(&page, input, "accept").unwrap(), "image/*");
    assert!(attr(&page, input, "multiple").is_some());
}

#[tokio::test]
async fn a_refused_file_is_named_beside_its_question_and_nothing_typed_is_lost() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.signed_in("shopper").await;
    let (action, mut fields) = new_form(&w, &shopper).await;
    fields.extend([("c:STF-01", "Long queue".to_owned()), ("action", "save".to_owned())]);
    let res = post_visit_form(
        &shopper,
        &action,
        &fields,
        vec![("photo:STK-03", b"%PDF-1.4 no".to_vec())],
    )
    .await;
    let (status, page) = html(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&page, "#q-STK-03 .field-error").is_some(), "the error sits beside STK-03");
    assert_eq!(text(&page, "textarea[name='c:STF-01']").unwrap(), "Long queue");
}

#[tokio::test]
async fn a_cut_off_photo_is_named_beside_its_question_and_nothing_typed_is_lost() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.signed_in("shopper").await;
    let (action, mut fields) = new_form(&w, &shopper).await;
    fields.extend([("c:STF-01", "Long queue".to_owned()), ("action", "save".to_owned())]);
    // The first third of a Pillow JPEG, as a dropped connection leaves it.
    let whole = crate::photos::fixture("pillow-800x600.jpg");
    let cut = whole[..whole.len() / 3].to_vec();
    let res = post_visit_form(&shopper, &action, &fields, vec![("photo:STK-03", cut)]).await;
    let (status, page) = html(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let want = yardstick::i18n::Locale::En.t("photo-undecodable");
    assert_eq!(text(&page, "#q-STK-03 .field-error").as_deref(), Some(want.as_str()));
    assert_eq!(text(&page, "textarea[name='c:STF-01']").unwrap(), "Long queue");
    let thumbs = page.select(&scraper::Selector::parse(".photo-list img").unwrap()).count();
    assert_eq!(thumbs, 0, "nothing was stored");
}

#[tokio::test]
async fn photos_past_one_uploads_limit_are_left_out_and_the_answers_after_them_kept() {
    let first = photo(Utc::now(), HERE);
    let second = photo(Utc::now() - Duration::minutes(1), HERE);
    let limit = first.len() + second.len() / 2;
    let app = TestApp::spawn_with(|c| c.photos.max_bytes = limit).await;
    let w = World::new(&app).await;
    let (shopper, _) = app.signed_in("shopper").await;
    let (action, fields) = new_form(&w, &shopper).await;
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k, v);
    }
    // Two photos that together are over the limit, then a comment typed
    // after them: the second photo is left out, the comment is not.
    form = form
        .part("photo:STK-03", Part::bytes(first).file_name("IMG_0001.jpg"))
        .part("photo:STK-01", Part::bytes(second).file_name("IMG_0002.jpg"))
        .text("c:STF-01", "Typed after the photos")
        .text("action", "save");
    let res = shopper.client.post(shopper.url(&action)).multipart(form).send().await.unwrap();
    assert_token_not_in_address(&res);
    let (status, page) = html(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = text(&page, "#q-STK-01 .field-error").unwrap();
    assert!(error.contains("add this photo again"), "{error}");
    assert_eq!(text(&page, "textarea[name='c:STF-01']").unwrap(), "Typed after the photos");
    let thumbs =
        page.select(&scraper::Selector::parse("#q-STK-03 .photo-list img").unwrap()).count();
    assert_eq!(thumbs, 1, "the first photo is stored");
    assert!(text(&page, "#q-STK-03 .field-error").is_none());
}

#[tokio::test]
async fn a_missing_photo_at_submit_is_named_beside_its_question() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.signed_in("shopper").await;
    let (action, mut fields) = new_form(&w, &shopper).await;
    fields.extend([
        ("v:STK-01", "no".to_owned()),
        ("v:STF-01", "yes".to_owned()),
        ("action", "submit".to_owned()),
    ]);
    let res = post_visit_form(
        &shopper,
        &action,
        &fields,
        vec![("photo:STK-03", photo(Utc::now(), HERE))],
    )
    .await;
    let (status, page) = html(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&page, "#q-STK-01 .field-error").is_some(), "STK-01 failed and needs a photo");
    assert!(text(&page, "#q-STK-03 .field-error").is_none(), "STK-03 has its photo");
    assert_eq!(
        page.select(&scraper::Selector::parse("#q-STK-03 .photo-list img").unwrap()).count(),
        1
    );
}

#[tokio::test]
async fn a_photo_is_removed_only_while_the_visit_is_open() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.signed_in("shopper").await;
    let (action, mut fields) = new_form(&w, &shopper).await;
    fields.extend([("v:STK-01", "yes".to_owned()), ("v:STF-01", "yes".to_owned())]);
    let mut save = fields.clone();
    save.push(("action", "save".to_owned()));
    let two =
        vec![("photo:STK-03", photo(Utc::now(), HERE)), ("photo:STK-03", photo(Utc::now(), FAR))];
    let res = post_visit_form(&shopper, &action, &save, two).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = shopper.get_html(&location(&res)).await;
    let remove = attr(&page, "#q-STK-03 button.photo-remove", "value").unwrap();
    assert!(remove.starts_with("remove:"));
    // The remove button posts the whole form: what was typed is saved too.
    let mut rm = fields.clone();
    rm.extend([("c:STF-01", "typed before removing".to_owned()), ("action", remove.clone())]);
    let res = post_visit_form(&shopper, &action, &rm, vec![]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = shopper.get_html(&location(&res)).await;
    assert_eq!(
        page.select(&scraper::Selector::parse("#q-STK-03 .photo-list img").unwrap()).count(),
        1
    );
    assert_eq!(text(&page, "textarea[name='c:STF-01']").unwrap(), "typed before removing");
    let last = attr(&page, "#q-STK-03 button.photo-remove", "value").unwrap();
    let mut submit = fields.clone();
    submit.push(("action", "submit".to_owned()));
    let res = post_visit_form(&shopper, &action, &submit, vec![]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "submitted");
    // Submitted: neither the form nor the API removes it any more.
    let mut rm = fields.clone();
    rm.push(("action", last.clone()));
    let res = post_visit_form(&shopper, &action, &rm, vec![]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let token = shopper.csrf().await;
    let id = last.strip_prefix("remove:").unwrap();
    let res = shopper
        .client
        .delete(shopper.url(&format!("/api/v1/photos/{id}")))
        .header("x-csrf-token", token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (_, report) = shopper.get_html(&action).await;
    assert_eq!(report.select(&scraper::Selector::parse(".photo-list img").unwrap()).count(), 1);
    // The one left was taken far away: reviewers see that, its shopper not.
    assert!(text(&report, ".photo-flag").is_none(), "flags are for reviewers");
    let (manager, _) = app.signed_in("manager").await;
    let (_, report) = manager.get_html(&action).await;
    assert!(text(&report, ".photo-flag").is_some());
}

#[tokio::test]
async fn the_report_and_the_review_queue_show_thumbnails_and_flags() {
    let app = TestApp::spawn().await;
    let w = World::new(&app).await;
    let (shopper, _) = app.token_for("shopper").await;
    let (_, loc) = w.place("Azadi", "store").await;
    let started = Utc::now() - Duration::hours(1);
    let (far, _) = w.visit(&shopper, loc, started, false, FAR).await;
    let (near, _) = w.visit(&shopper, loc, started, true, HERE).await;
    let (manager, _) = app.signed_in("manager").await;
    let (_, page) = manager.get_html(&format!("/visits/{far}")).await;
    let thumbs = select_all(&page, ".answers .photo-list li");
    assert_eq!(thumbs.len(), 2, "one under STK-01, one under STK-03");
    let link = attr(&page, ".photo-list a", "href").unwrap();
    assert!(link.ends_with("/display"), "{link}");
    let flag = text(&page, ".photo-flag").unwrap();
    assert!(flag.contains("far from the location"), "{flag}");
    let (_, page) = manager.get_html(&format!("/visits/{near}")).await;
    assert!(text(&page, ".photo-flag").is_none());
    let (_, queue) = manager.get_html("/review").await;
    let rows = select_all(&queue, "table.data tbody tr");
    assert_eq!(rows.len(), 2);
    let flagged = select_all(&queue, "tbody tr .review-flagged");
    assert_eq!(flagged.len(), 1, "only the far visit is marked");
    assert!(flagged[0].contains("Photo flagged"));
}
