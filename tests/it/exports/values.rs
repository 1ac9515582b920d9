//! What the exports write for each kind of answer: plain text, not JSON;
//! and `visits.csv`'s columns over two checklist versions.
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{fetch, records};
use crate::support::*;

/// Version 1: service (choice, text, number, yes/no with N/A) and a
/// critical staff question. Version 2 drops the text and adds a scale.
fn checklist(second: bool) -> Value {
    let mut service = vec![
        json!({"code": "SRV-01", "prompt": "How was it?", "kind": "choice", "options": [
            {"key": "good", "label": "Good", "value": 1.0},
            {"key": "fair", "label": "Fair", "value": 0.5}]}),
        json!({"code": "SRV-02", "prompt": "What was said", "kind": "text"}),
        json!({"code": "SRV-03", "prompt": "Minutes queued", "kind": "number", "target": 5,
               "direction": "at_most", "unit": "minutes"}),
        json!({"code": "SRV-04", "prompt": "Offered a bag?", "kind": "yes_no", "allow_na": true}),
    ];
    if second {
        service.remove(1);
        service.push(
            json!({"code": "SRV-05", "prompt": "Helpfulness", "kind": "scale", "min": 1, "max": 5}),
        );
    }
    json!({"name": "Export standard", "sections": [
        {"category": "service", "title": "Service", "weight": 1, "criteria": service},
        {"category": "staff", "title": "Staff", "weight": 1, "criteria": [
            {"code": "STF-01", "prompt": "Thanked?", "kind": "yes_no", "critical": true}]}
    ]})
}

const SAID: &str = "Said \"hello, welcome\" — خیلی خوش آمدید";

struct Visit {
    id: String,
    date: &'static str,
    answers: Value,
    /// From the submit answer: score, critical_failed, sections.
    result: Value,
}

#[tokio::test]
async fn exports_write_plain_values_and_visits_csv_has_a_column_per_criterion() {
    let app = TestApp::spawn().await;
    let (manager, _) = Api::new(&app, "manager").await;
    let (shopper, _) = Api::new(&app, "shopper").await;
    let b = expect(
        StatusCode::CREATED,
        manager.post("/api/v1/brands", json!({"name": "=Ours", "own": true})).await,
    );
    let location = json!({"brand_id": b["id"], "name": "Downtown, east", "channel": "store",
        "region": "North", "address": "1 Main St", "timezone": "UTC"});
    let l = expect(StatusCode::CREATED, manager.post("/api/v1/locations", location).await);
    let cl =
        expect(StatusCode::CREATED, manager.post("/api/v1/checklists", checklist(false)).await);
    let versions = format!("/api/v1/checklists/{}/versions", cl["id"]);
    expect(StatusCode::OK, manager.post(&format!("{versions}/1/publish"), json!({})).await);
    let mut visits = vec![
        Visit {
            id: uuid::Uuid::new_v4().to_string(),
            date: "2026-01-10",
            answers: json!([
                {"code": "SRV-01", "value": "good"},
                {"code": "SRV-02", "value": SAID, "comment": "=1+1"},
                {"code": "SRV-03", "value": 2.5},
                {"code": "SRV-04", "na": true},
                {"code": "STF-01", "value": true}]),
            result: Value::Null,
        },
        Visit {
            id: uuid::Uuid::new_v4().to_string(),
            date: "2026-01-11",
            answers: json!([
                {"code": "SRV-01", "value": "fair"},
                {"code": "SRV-02", "value": "ok"},
                {"code": "SRV-03", "value": 4},
                {"code": "SRV-04", "value": false},
                {"code": "STF-01", "value": false}]),
            result: Value::Null,
        },
    ];
    let submit = |v: &Visit| {
        let (shopper, l) = (&shopper, &l);
        let draft = json!({"location_id": l["id"], "checklist_id": cl["id"],
            "started_at": format!("{}T10:00:00Z", v.date), "ended_at": format!("{}T10:30:00Z", v.date),
            "answers": v.answers});
        let path = format!("/api/v1/visits/{}", v.id);
        async move {
            expect(StatusCode::CREATED, shopper.put(&path, draft).await);
            expect(StatusCode::OK, shopper.post(&format!("{path}/submit"), json!({})).await)
        }
    };
    for v in &mut visits {
        v.result = submit(v).await;
    }
    expect(StatusCode::CREATED, manager.post(&versions, checklist(true)).await);
    expect(StatusCode::OK, manager.post(&format!("{versions}/2/publish"), json!({})).await);
    let mut third = Visit {
        id: uuid::Uuid::new_v4().to_string(),
        date: "2026-02-01",
        answers: json!([
            {"code": "SRV-01", "value": "good"},
            {"code": "SRV-03", "value": 4.0},
            {"code": "SRV-04", "value": true},
            {"code": "SRV-05", "value": 3},
            {"code": "STF-01", "value": true}]),
        result: Value::Null,
    };
    third.result = submit(&third).await;
    visits.push(third);
    for v in &visits {
        let review = json!({"decision": "approve"});
        expect(
            StatusCode::OK,
            manager.post(&format!("/api/v1/visits/{}/review", v.id), review).await,
        );
    }
    assert_eq!(visits[1].result["critical_failed"], true, "{}", visits[1].result);
    let (token, _) = app.token_for("manager").await;

    // answers.csv: one row per answer, values as a spreadsheet shows them.
    let (_, body) = fetch(&app.url("/api/v1/exports/answers.csv"), &token, Some("br")).await;
    let (header, rows) = records(&super::decompress("br", &body));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let cell = |visit: usize, code: &str, name: &str| -> String {
        let r = rows
            .iter()
            .find(|r| r[col("visit_id")] == visits[visit].id && &r[col("code")] == code)
            .unwrap_or_else(|| panic!("{code} of visit {visit}"));
        r[col(name)].to_owned()
    };
    assert_eq!(rows.len(), 15);
    assert_eq!(cell(0, "SRV-01", "value"), "good");
    assert_eq!(cell(0, "SRV-02", "value"), SAID);
    assert_eq!(cell(0, "SRV-02", "comment"), "'=1+1");
    assert_eq!(cell(0, "SRV-03", "value"), "2.5");
    assert_eq!(cell(0, "SRV-04", "value"), "");
    assert_eq!(cell(0, "SRV-04", "na"), "true");
    assert_eq!(cell(0, "STF-01", "value"), "true");
    assert_eq!(cell(1, "SRV-03", "value"), "4");
    assert_eq!(cell(1, "STF-01", "failed"), "true");
    assert_eq!(cell(2, "SRV-03", "value"), "4");
    assert_eq!(cell(2, "SRV-05", "value"), "3");
    assert_eq!(cell(2, "SRV-05", "category"), "service");
    assert_eq!(cell(0, "SRV-01", "brand"), "'=Ours");
    assert_eq!(cell(0, "SRV-01", "location"), "Downtown, east");
    assert_eq!(cell(2, "SRV-01", "checklist_version"), "2");
    assert_eq!(cell(0, "SRV-01", "started_at"), "2026-01-10T10:00:00+00:00");

    // visits.csv: one row per visit, in order, the criteria of both versions.
    let (_, body) = fetch(&app.url("/api/v1/exports/visits.csv"), &token, Some("gzip")).await;
    let (header, rows) = records(&super::decompress("gzip", &body));
    assert_eq!(
        header,
        [
            "visit_id",
            "brand_id",
            "brand",
            "location_id",
            "location",
            "channel",
            "region",
            "checklist_id",
            "checklist_version",
            "started_at",
            "ended_at",
            "status",
            "score",
            "critical_failed",
            "score:service",
            "score:staff",
            "SRV-01",
            "SRV-02",
            "SRV-03",
            "SRV-04",
            "STF-01",
            "SRV-05",
        ]
    );
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, visits.iter().map(|v| v.id.as_str()).collect::<Vec<_>>());
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let num = |s: &str| s.parse::<f64>().unwrap_or_else(|_| panic!("{s:?} is not a number"));
    for (v, r) in visits.iter().zip(&rows) {
        assert_eq!(num(&r[col("score")]), v.result["score"].as_f64().unwrap(), "{}", v.result);
        assert_eq!(&r[col("critical_failed")], v.result["critical_failed"].to_string());
        for s in v.result["sections"].as_array().unwrap() {
            let name = format!("score:{}", s["category"].as_str().unwrap());
            assert_eq!(num(&r[col(&name)]), s["pct"].as_f64().unwrap(), "{name} {}", v.result);
        }
        assert_eq!(&r[col("brand")], "'=Ours");
        assert_eq!(&r[col("location")], "Downtown, east");
        assert_eq!(&r[col("channel")], "store");
        assert_eq!(&r[col("region")], "North");
        assert_eq!(&r[col("status")], "approved");
        assert_eq!(&r[col("started_at")], format!("{}T10:00:00+00:00", v.date));
        assert_eq!(&r[col("ended_at")], format!("{}T10:30:00+00:00", v.date));
    }
    let values = |r: &csv::StringRecord| -> Vec<String> {
        ["SRV-01", "SRV-02", "SRV-03", "SRV-04", "STF-01", "SRV-05"]
            .iter()
            .map(|c| r[col(c)].to_owned())
            .collect()
    };
    assert_eq!(values(&rows[0]), ["good", SAID, "2.5", "n/a", "true", ""]);
    assert_eq!(values(&rows[1]), ["fair", "ok", "4", "false", "false", ""]);
    assert_eq!(values(&rows[2]), ["good", "", "4", "true", "true", "3"]);
    assert_eq!(&rows[1][col("critical_failed")], "true");
    assert_eq!(&rows[0][col("checklist_version")], "1");
    assert_eq!(&rows[2][col("checklist_version")], "2");

    // Filters as the other exports: only version 2's visit, and its columns.
    let path = format!("/api/v1/exports/visits.csv?from=2026-02-01&checklist_id={}", cl["id"]);
    let (_, body) = fetch(&app.url(&path), &token, None).await;
    let (header, rows) = records(&body);
    assert_eq!(rows.len(), 1);
    assert!(!header.contains(&"SRV-02".to_owned()), "{header:?}");
    assert!(header.contains(&"SRV-05".to_owned()), "{header:?}");

    // Shoppers may not export; bad filters are named.
    let (shopper_token, _) = app.token_for("shopper").await;
    let c = reqwest::Client::new();
    let res = c
        .get(app.url("/api/v1/exports/visits.csv"))
        .bearer_auth(&shopper_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = c
        .get(app.url("/api/v1/exports/visits.csv?channel=fax"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
