//! Brands and locations: pages, API, archive, filters, CSV import.
use reqwest::{Method, StatusCode};
use scraper::Html;
use serde_json::{Value, json};

use crate::support::*;

async fn page(res: reqwest::Response) -> (StatusCode, Html) {
    let status = res.status();
    (status, Html::parse_document(&res.text().await.unwrap()))
}

/// A CSV file of locations, imported through the API.
async fn import_csv(api: &Api, text: &str) -> (StatusCode, Value) {
    let res = api
        .request(Method::POST, "/api/v1/locations/import")
        .header("content-type", "text/csv")
        .body(text.to_owned())
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

async fn new_brand(api: &Api, name: &str, own: bool) -> i64 {
    let (s, b) =
        api.post("/api/v1/brands", json!({"name": name, "own": own, "color": "#112233"})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_i64().unwrap()
}

fn store(brand_id: i64, name: &str) -> Value {
    json!({"brand_id": brand_id, "name": name, "channel": "store", "region": "North", "city": "Tehran",
           "address": "1 Valiasr St", "latitude": 35.7, "longitude": 51.4, "timezone": "Asia/Tehran"})
}

#[tokio::test]
async fn a_manager_adds_brands_own_first_in_the_list() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    for (name, own) in [("Rival", None), ("Ours", Some("on"))] {
        let mut form = vec![("name", name), ("color", "#aa3300")];
        if let Some(o) = own {
            form.push(("own", o));
        }
        assert_eq!(b.post_form("/brands/new", &form).await.status(), StatusCode::SEE_OTHER);
    }
    let (_, html) = b.get_html("/brands").await;
    let rows = select_all(&html, "table.data tbody tr");
    assert_eq!(rows.len(), 2);
    assert!(rows[0].contains("Ours") && rows[0].contains("Own brand"), "{rows:?}");
    assert!(rows[1].contains("Rival") && rows[1].contains("Competitor"), "{rows:?}");
}

#[tokio::test]
async fn a_duplicate_brand_name_or_bad_colour_is_refused_beside_the_field() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    b.post_form("/brands/new", &[("name", "Ours"), ("color", "#000000")]).await;
    let (status, html) =
        page(b.post_form("/brands/new", &[("name", "OURS"), ("color", "red")]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&html, "#name-error").unwrap(), "A brand with this name already exists.");
    assert_eq!(text(&html, "#color-error").unwrap(), "Use a colour like #1d4ed8.");
    assert_eq!(attr(&html, "input[name=name]", "value").unwrap(), "OURS");
}

#[tokio::test]
async fn shoppers_and_trainers_cannot_manage_places() {
    let app = TestApp::spawn().await;
    for role in ["shopper", "trainer"] {
        let (b, _) = app.signed_in(role).await;
        for path in ["/brands", "/brands/new", "/locations", "/locations/new", "/locations/import"]
        {
            assert_eq!(b.get(path).await.status(), StatusCode::FORBIDDEN, "{role} {path}");
        }
        let (_, html) = b.get_html("/").await;
        let nav = select_all(&html, "nav.nav a");
        assert!(!nav.contains(&"Brands".to_owned()) && !nav.contains(&"Locations".to_owned()));
        let (token, _) = app.token_for(role).await;
        let res = reqwest::Client::new()
            .get(app.url("/api/v1/locations"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_bad_location_form_keeps_every_value_and_names_each_problem() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let brand = new_brand(&api, "Ours", true).await.to_string();
    let (b, _) = app.signed_in("manager").await;
    let form = [
        ("brand_id", brand.as_str()),
        ("name", "Downtown"),
        ("channel", "store"),
        ("address", ""),
        ("latitude", "95"),
        ("longitude", "51.4"),
        ("timezone", "Tehran"),
        ("url", "not a url"),
    ];
    let (status, html) = page(b.post_form("/locations/new", &form).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        text(&html, "#address-error").unwrap(),
        "Needed for this channel, so shoppers can reach it."
    );
    assert_eq!(text(&html, "#latitude-error").unwrap(), "Enter a number between -90 and 90.");
    assert_eq!(
        text(&html, "#timezone-error").unwrap(),
        "Use a time zone name such as Asia/Tehran or Europe/London."
    );
    assert_eq!(
        text(&html, "#url-error").unwrap(),
        "Enter a web address starting with http:// or https://."
    );
    assert_eq!(attr(&html, "input[name=timezone]", "value").unwrap(), "Tehran");
    assert_eq!(attr(&html, "select[name=brand_id] option[selected]", "value").unwrap(), brand);
    let (_, list) = api.get("/api/v1/locations").await;
    assert_eq!(list["total"], 0);
}

/// Whether the field `name` is marked required, for the browser and the eye.
fn required(html: &Html, name: &str) -> (bool, bool) {
    let input = attr(html, &format!("input[name={name}]"), "required").is_some();
    let sel = scraper::Selector::parse(&format!("label[for={name}] .required-mark")).unwrap();
    let mark = html.select(&sel).next().is_some_and(|m| m.value().attr("hidden").is_none());
    (input, mark)
}

#[tokio::test]
async fn the_location_form_marks_what_its_channel_needs_and_offers_every_time_zone() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let ours = new_brand(&api, "Ours", true).await;
    let rival = new_brand(&api, "Rival", false).await;
    for (brand, name, zone) in
        [(ours, "A", "Asia/Tehran"), (ours, "B", "Asia/Tehran"), (rival, "C", "Europe/London")]
    {
        let mut loc = store(brand, name);
        loc["timezone"] = json!(zone);
        assert_eq!(api.post("/api/v1/locations", loc).await.0, StatusCode::CREATED);
    }
    let (b, _) = app.signed_in("manager").await;
    let (_, html) = b.get_html("/locations/new").await;
    // A picker to type into: every zone is suggested; the usual one is set,
    // and each brand's own usual zone is there for the script.
    assert_eq!(attr(&html, "input[name=timezone]", "list").unwrap(), "zones");
    let zones = select_all(&html, "datalist#zones option");
    assert!(zones.len() > 400, "{} zones", zones.len());
    let zones: Vec<String> = {
        let sel = scraper::Selector::parse("datalist#zones option").unwrap();
        html.select(&sel).filter_map(|o| o.value().attr("value").map(str::to_owned)).collect()
    };
    assert!(
        zones.iter().any(|z| z == "Asia/Tehran") && zones.iter().any(|z| z == "America/Sao_Paulo")
    );
    assert_eq!(attr(&html, "input[name=timezone]", "value").unwrap(), "Asia/Tehran");
    let by_brand: Value =
        serde_json::from_str(&attr(&html, "form.location-form", "data-brand-zones").unwrap())
            .unwrap();
    assert_eq!(
        by_brand,
        json!({ours.to_string(): "Asia/Tehran", rival.to_string(): "Europe/London"})
    );
    // Required before anything is sent: the name, the zone, and the store's
    // address (the channel shown first); each contact field says for which.
    assert_eq!(attr(&html, "select[name=channel] option[selected]", "value").unwrap(), "store");
    assert_eq!(required(&html, "name"), (true, true));
    assert_eq!(required(&html, "timezone"), (true, true));
    assert_eq!(required(&html, "address"), (true, true));
    assert_eq!(required(&html, "url"), (false, false));
    assert_eq!(text(&html, "#url-hint").unwrap(), "Needed for: Website, App, or Social media");
    assert_eq!(attr(&html, "div.field[data-required-for] input[name=url]", "name").unwrap(), "url",);

    // Sent as a website without its address: the mark has moved with it.
    let ours = ours.to_string();
    let form =
        [("brand_id", ours.as_str()), ("name", "Web"), ("channel", "website"), ("timezone", "UTC")];
    let (status, html) = page(b.post_form("/locations/new", &form).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(required(&html, "url"), (true, true));
    assert_eq!(required(&html, "address"), (false, false));
    assert!(text(&html, "#url-error").is_some());

    // With no location yet, the server's own zone (UTC when it has none).
    let empty = TestApp::spawn().await;
    let (b, _) = empty.signed_in("manager").await;
    let (_, html) = b.get_html("/locations/new").await;
    let zone = attr(&html, "input[name=timezone]", "value").unwrap();
    assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "{zone}");
}

#[tokio::test]
async fn locations_filter_by_brand_channel_and_region_and_paginate() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let ours = new_brand(&api, "Ours", true).await;
    let rival = new_brand(&api, "Rival", false).await;
    let mut csv = String::from("brand,name,channel,region,url,address,timezone\n");
    for i in 0..120 {
        csv.push_str(&format!(
            "Ours,Store {i:03},store,{},,{i} Main St,UTC\n",
            if i % 2 == 0 { "North" } else { "South" }
        ));
    }
    csv.push_str("Rival,Rival web,website,,https://rival.example,,UTC\n");
    let (s, body) = import_csv(&api, &csv).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["imported"], 121);

    let (_, all) = api.get("/api/v1/locations").await;
    assert_eq!(all["total"], 121);
    assert_eq!(all["pages"], 3);
    assert_eq!(all["items"].as_array().unwrap().len(), 50);
    let (_, p3) = api.get("/api/v1/locations?page=3").await;
    assert_eq!(p3["items"].as_array().unwrap().len(), 21);
    let (_, rivals) = api.get(&format!("/api/v1/locations?brand_id={rival}")).await;
    assert_eq!(rivals["total"], 1);
    let (_, web) = api.get("/api/v1/locations?channel=website").await;
    assert_eq!(web["items"][0]["name"], "Rival web");
    let (_, north) = api.get(&format!("/api/v1/locations?brand_id={ours}&region=North")).await;
    assert_eq!(north["total"], 60);

    let (b, _) = app.signed_in("manager").await;
    let (_, html) = b.get_html("/locations?region=South&page=2").await;
    assert_eq!(text(&html, ".pager span").unwrap(), "Page 2 of 2");
    assert_eq!(select_all(&html, "table.data tbody tr").len(), 10);
    assert_eq!(attr(&html, ".pager a[rel=prev]", "href").unwrap(), "/locations?region=South");
}

#[tokio::test]
async fn an_archived_location_drops_out_of_the_list_but_stays_on_record() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let brand = new_brand(&api, "Ours", true).await;
    let (_, loc) = api.post("/api/v1/locations", store(brand, "Downtown")).await;
    let id = loc["id"].as_i64().unwrap();
    let (b, _) = app.signed_in("manager").await;
    let res = b.post_form(&format!("/locations/{id}/archive"), &[("archived", "true")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, active) = api.get("/api/v1/locations").await;
    assert_eq!(active["total"], 0);
    let (_, archived) = api.get("/api/v1/locations?archived=true").await;
    assert_eq!(archived["total"], 1);
    assert_eq!(archived["items"][0]["archived"], true);
    let (status, _) = api.get(&format!("/api/v1/locations/{id}")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_archived_brand_leaves_the_location_picker() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let gone = new_brand(&api, "Gone", false).await;
    new_brand(&api, "Kept", false).await;
    let (s, _) = api
        .call(Method::PATCH, &format!("/api/v1/brands/{gone}"), Some(json!({"archived": true})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (b, _) = app.signed_in("manager").await;
    let (_, html) = b.get_html("/locations/new").await;
    let options = select_all(&html, "select[name=brand_id] option");
    assert!(
        options.contains(&"Kept".to_owned()) && !options.contains(&"Gone".to_owned()),
        "{options:?}"
    );
    let (s, body) = api.post("/api/v1/locations", store(gone, "X")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["fields"]["brand_id"],
        "This brand is archived. Restore it first, or choose another."
    );
}

#[tokio::test]
async fn a_bad_csv_reports_every_bad_row_by_line_and_imports_nothing() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let brand = new_brand(&api, "Ours", true).await;
    api.post("/api/v1/locations", store(brand, "Existing")).await;
    let csv = "brand,name,channel,address,latitude,longitude,timezone\n\
        Ours,Good one,store,1 Main St,,,UTC\n\
        Nobody,A,store,1 Main St,,,UTC\n\
        Ours,B,shop,1 Main St,,,UTC\n\
        Ours,C,store,1 Main St,123,45,UTC\n\
        Ours,D,store,1 Main St,,,Mars/Base\n\
        Ours,Existing,store,1 Main St,,,UTC\n\
        Ours,Good one,store,2 Main St,,,UTC\n";
    let (s, body) = import_csv(&api, csv).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields = body["error"]["fields"].as_object().unwrap();
    let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
    for line in ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"] {
        assert!(keys.contains(&line), "{line} missing in {keys:?}");
    }
    assert!(!keys.contains(&"line 2"), "the good row is not reported");
    assert_eq!(fields["line 3"], "brand: There is no brand called “Nobody”.");
    assert!(fields["line 4"].as_str().unwrap().starts_with("channel: Choose one of the channels"));
    assert_eq!(fields["line 5"], "latitude: Enter a number between -90 and 90.");
    assert!(fields["line 6"].as_str().unwrap().starts_with("timezone: "));
    assert_eq!(fields["line 7"], "name: This brand already has a location with this name.");
    assert_eq!(fields["line 8"], "name: The same brand and name already appear on line 2.");
    let (_, list) = api.get("/api/v1/locations").await;
    assert_eq!(list["total"], 1, "nothing imported");
}

#[tokio::test]
async fn unknown_or_missing_columns_are_reported_on_line_one() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let (s, body) = import_csv(&api, "brand,name,colour\nOurs,X,red\n").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let line1 = body["error"]["fields"]["line 1"].as_str().unwrap();
    assert!(line1.contains("colour: Unknown column"), "{line1}");
    assert!(line1.contains("channel: This required column is missing."), "{line1}");
    assert!(line1.contains("timezone: This required column is missing."), "{line1}");
}

#[tokio::test]
async fn the_import_page_previews_then_imports_in_one_go() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    new_brand(&api, "Ours", true).await;
    let (b, _) = app.signed_in("manager").await;
    let (_, html) = b.get_html("/locations/import").await;
    let action = attr(&html, "form[enctype='multipart/form-data']", "action").unwrap();
    assert!(!action.contains('?'), "the token never rides in the address: {action}");
    let token = attr(&html, "form[enctype='multipart/form-data'] input[name=csrf_token]", "value");
    let csv = "\u{feff}brand,name,channel,phone,timezone\nOurs,Call centre,phone,+98 21 1234 5678,Asia/Tehran\nOurs,Help line,phone,021 5555 5555,Asia/Tehran\n";
    let form = reqwest::multipart::Form::new().text("csrf_token", token.unwrap()).part(
        "file",
        reqwest::multipart::Part::text(csv).file_name("l.csv").mime_str("text/csv").unwrap(),
    );
    let res = b.client.post(b.url(&action)).multipart(form).send().await.unwrap();
    assert_token_not_in_address(&res);
    let (status, html) = page(res).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&html, "section.card p").unwrap(), "All 2 rows are good.");
    assert_eq!(select_all(&html, "table.data tbody tr").len(), 2);
    let csv_field = text(&html, "textarea[name=csv]").unwrap();
    let (_, list) = api.get("/api/v1/locations").await;
    assert_eq!(list["total"], 0, "a preview stores nothing");
    let res = b.post_form("/locations/import", &[("csv", &csv_field)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.get_html("/locations").await;
    assert_eq!(text(&html, ".flash-success").unwrap(), "2 locations imported.");
    assert_eq!(select_all(&html, "table.data tbody tr").len(), 2);
}

#[tokio::test]
async fn an_upload_without_the_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let (b, _) = app.signed_in("manager").await;
    let form = reqwest::multipart::Form::new().text("file", "brand,name\n");
    let res =
        b.client.post(b.url("/locations/import/preview")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_brand_and_location_api_follows_the_contract() {
    let app = TestApp::spawn().await;
    let (api, _) = Api::new(&app, "manager").await;
    let (s, b) =
        api.post("/api/v1/brands", json!({"name": "Ours", "own": true, "color": "#1D4ED8"})).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(b["color"], "#1d4ed8");
    let id = b["id"].as_i64().unwrap();
    let (_, list) = api.get("/api/v1/brands").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (s, loc) = api.post("/api/v1/locations", store(id, "Downtown")).await;
    assert_eq!(s, StatusCode::CREATED, "{loc}");
    for field in [
        "id",
        "brand_id",
        "name",
        "channel",
        "region",
        "city",
        "address",
        "url",
        "phone",
        "latitude",
        "longitude",
        "timezone",
    ] {
        assert!(loc.get(field).is_some(), "{field} missing in {loc}");
    }
    assert_eq!(loc["latitude"], 35.7);
    let lid = loc["id"].as_i64().unwrap();
    let (s, changed) = api
        .call(Method::PATCH, &format!("/api/v1/locations/{lid}"), Some(json!({"city": "Karaj"})))
        .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    assert_eq!(changed["city"], "Karaj");
    assert_eq!(changed["address"], "1 Valiasr St");
    let (s, bad) = api
        .post(
            "/api/v1/locations",
            json!({"brand_id": 999, "name": "", "channel": "fax", "timezone": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["brand_id", "name", "channel", "timezone"] {
        assert!(bad["error"]["fields"].get(field).is_some(), "{field}: {bad}");
    }
    let (s, _) = api.get("/api/v1/locations/999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
