//! The scorecard over HTTP: every figure of a small programme built through
//! the API, checked against values computed here from the visits' answers,
//! for each filter, the pending switch, a reopened visit, trends and CSV.
mod day_channel;
mod generated;
pub(crate) mod programme;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;
use programme::{LOCATIONS, Programme, Spec, describe, values_by_brand};

fn same(got: &Value, want: Option<f64>, what: &str) {
    match want {
        None => assert!(got.is_null(), "{what}: got {got}, want null"),
        Some(w) => {
            let g = got.as_f64().unwrap_or_else(|| panic!("{what}: got {got}, want {w}"));
            assert!((g - w).abs() < 1e-9, "{what}: got {g}, want {w}");
        }
    }
}

fn same_stat(got: &Value, xs: &[f64], what: &str) {
    let (n, mean, sd) = describe(xs);
    if n == 0 && got.is_null() {
        return;
    }
    assert_eq!(got["n"], n, "{what} n: {got}");
    same(&got["mean"], mean, &format!("{what} mean"));
    same(&got["stddev"], sd, &format!("{what} stddev"));
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Checks every brand's figures and the gaps of `/scorecard?{query}`
/// against the visits `keep` selects.
async fn check(p: &Programme, query: &str, keep: impl Fn(&Spec) -> bool) -> Value {
    let (s, card) = p.manager.get(&format!("/api/v1/scorecard?{query}")).await;
    assert_eq!(s, StatusCode::OK, "{query}: {card}");
    let kept: Vec<&Spec> = p.visits.iter().filter(|v| keep(v)).collect();
    let want = values_by_brand(kept.iter().copied());
    let empty = BTreeMap::new();
    for (i, id) in p.brand_ids.iter().enumerate() {
        let Some(b) = card["brands"].as_array().unwrap().iter().find(|b| b["id"] == *id) else {
            assert!(!want.contains_key(&i), "{query}: brand {i} missing");
            continue;
        };
        let w = want.get(&i).unwrap_or(&empty);
        let vals = |m: &str| w.get(m).cloned().unwrap_or_default();
        let what = |m: &str| format!("{query}: brand {i} {m}");
        same_stat(&b["overall"], &vals("overall"), &what("overall"));
        for c in ["staff", "delivery"] {
            same_stat(&b["categories"][c], &vals(&format!("category:{c}")), &what(c));
        }
        for code in ["STF-01", "STF-02", "STF-03", "DEL-01"] {
            same_stat(&b["criteria"][code], &vals(&format!("criterion:{code}")), &what(code));
        }
        let mut means = vec![];
        for ch in ["store", "phone"] {
            let xs = vals(&format!("channel:{ch}"));
            same_stat(&b["channels"][ch], &xs, &what(ch));
            means.extend(describe(&xs).1);
        }
        let gap = (means.len() >= 2).then(|| {
            means.iter().cloned().fold(f64::MIN, f64::max)
                - means.iter().cloned().fold(f64::MAX, f64::min)
        });
        same(&b["channel_gap"], gap, &what("channel_gap"));
    }
    check_gaps(p, &card, &want, query);
    card
}

fn check_gaps(
    p: &Programme,
    card: &Value,
    want: &BTreeMap<usize, BTreeMap<String, Vec<f64>>>,
    query: &str,
) {
    let keys = [
        ("staff", None, "category:staff"),
        ("delivery", None, "category:delivery"),
        ("staff", Some("STF-01"), "criterion:STF-01"),
        ("staff", Some("STF-02"), "criterion:STF-02"),
        ("staff", Some("STF-03"), "criterion:STF-03"),
        ("delivery", Some("DEL-01"), "criterion:DEL-01"),
    ];
    let mut expected = BTreeMap::new();
    for (category, criterion, metric) in keys {
        let own: Vec<f64> = [0, 1]
            .iter()
            .flat_map(|b| want.get(b).and_then(|m| m.get(metric)).cloned().unwrap_or_default())
            .collect();
        let Some(own_mean) = describe(&own).1 else { continue };
        let mut best: Option<(usize, f64)> = None;
        for b in [2, 3] {
            let xs = want.get(&b).and_then(|m| m.get(metric)).cloned().unwrap_or_default();
            if let Some(m) = describe(&xs).1
                && best.is_none_or(|(_, bm)| m > bm)
            {
                best = Some((b, m));
            }
        }
        let Some((b, m)) = best else { continue };
        expected.insert(
            (category.to_owned(), criterion.map(str::to_owned)),
            (own_mean, p.brand_ids[b], m),
        );
    }
    let gaps = card["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), expected.len(), "{query}: gaps {gaps:?}");
    let mut last = f64::MIN;
    for g in gaps {
        let key = (
            g["category"].as_str().unwrap().to_owned(),
            g["criterion"].as_str().map(str::to_owned),
        );
        let (own, best_id, best) = expected[&key];
        same(&g["own_mean"], Some(own), &format!("{query}: gap {key:?} own"));
        assert_eq!(g["best_competitor_id"], best_id, "{query}: gap {key:?}");
        same(&g["best_competitor_mean"], Some(best), &format!("{query}: gap {key:?} best"));
        same(&g["delta"], Some(own - best), &format!("{query}: gap {key:?} delta"));
        let d = g["delta"].as_f64().unwrap();
        assert!(d >= last - 1e-9, "{query}: gaps not ordered most negative first");
        last = d;
    }
}

fn approved(v: &Spec) -> bool {
    v.status == "approved"
}

#[tokio::test]
async fn scorecard_figures_match_hand_computed_values_for_every_filter() {
    let app = TestApp::spawn().await;
    let p = Programme::build(&app).await;
    let card = check(&p, "", approved).await;

    // Spelled out once: Ours has visits scoring 100, 25, 0 (phone, delivery
    // N/A) and 75; own brands come first.
    let ours = &card["brands"][0];
    assert_eq!(ours["name"], "Ours");
    assert_eq!(ours["overall"]["n"], 4);
    same(&ours["overall"]["mean"], Some(50.0), "Ours mean");
    assert_eq!(ours["categories"]["delivery"]["n"], 3);
    same(&ours["channel_gap"], Some(200.0 / 3.0), "Ours channel gap");
    let names: Vec<&str> =
        card["brands"].as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ours", "Ours Two", "Rival A", "Rival B"]);
    // STF-01 is compared across both checklist versions by its code.
    assert_eq!(ours["criteria"]["STF-01"]["n"], 4);
    assert_eq!(ours["criteria"]["STF-02"]["n"], 3);
    assert_eq!(ours["criteria"]["STF-03"]["n"], 1);
    assert_eq!(ours["criteria"]["STF-01"]["category"], "staff");
    assert_eq!(card["brands"][2]["criteria"]["STF-01"]["n"], 2);

    let ch = |v: &Spec| LOCATIONS[v.location].1;
    let region = |v: &Spec| LOCATIONS[v.location].2;
    let between =
        |v: &Spec, from: &str, to: &str| date(v.date) >= date(from) && date(v.date) <= date(to);
    check(&p, "channel=phone", |v| approved(v) && ch(v) == "phone").await;
    check(&p, "region=North", |v| approved(v) && region(v) == "North").await;
    check(&p, "channel=store&region=North", |v| approved(v) && ch(v) == "store").await;
    // Whole months from the month rows, edge days from the day rows (the
    // channel columns from the days split by channel), or live when a
    // channel or region filter needs a split the days do not keep.
    check(&p, "from=2026-01-12&to=2026-03-04", |v| {
        approved(v) && between(v, "2026-01-12", "2026-03-04")
    })
    .await;
    check(&p, "from=2026-02-01&to=2026-02-28", |v| {
        approved(v) && between(v, "2026-02-01", "2026-02-28")
    })
    .await;
    check(&p, "channel=store&from=2026-01-12&to=2026-03-04", |v| {
        approved(v) && LOCATIONS[v.location].1 == "store" && between(v, "2026-01-12", "2026-03-04")
    })
    .await;
    check(&p, "region=South&from=2026-02-10&to=2026-03-25", |v| {
        approved(v) && LOCATIONS[v.location].2 == "South" && between(v, "2026-02-10", "2026-03-25")
    })
    .await;
    check(&p, "from=2026-03-03&to=2026-03-19", |v| {
        approved(v) && between(v, "2026-03-03", "2026-03-19")
    })
    .await;
    check(&p, &format!("checklist_id={}", p.checklist_id), approved).await;
    check(&p, "checklist_id=999999", |_| false).await;
    let brands = format!("brands={},{}", p.brand_ids[0], p.brand_ids[2]);
    let card = check(&p, &brands, |v| approved(v) && [0, 2].contains(&v.brand)).await;
    assert_eq!(card["brands"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn visits_awaiting_review_count_only_when_asked() {
    let app = TestApp::spawn().await;
    let p = Programme::build(&app).await;
    let card = check(&p, "include_pending=true", |_| true).await;
    assert_eq!(card["brands"][3]["overall"]["n"], 2);
    let (_, without) = p.manager.get("/api/v1/scorecard").await;
    assert_eq!(without["brands"][3]["overall"]["n"], 1);
    check(&p, "include_pending=true&from=2026-02-20&to=2026-03-31", |v| {
        date(v.date) >= date("2026-02-20")
    })
    .await;
    check(&p, "include_pending=true&channel=phone", |v| LOCATIONS[v.location].1 == "phone").await;
}

#[tokio::test]
async fn a_reopened_visit_leaves_the_scorecard_and_returns_with_its_new_answers() {
    let app = TestApp::spawn().await;
    let mut p = Programme::build(&app).await;
    let target = p.visits[1].clone();
    let path = format!("/api/v1/visits/{}", target.id);
    let reopen = json!({"decision": "reopen", "note": "Check delivery"});
    expect(StatusCode::OK, p.manager.post(&format!("{path}/review"), reopen).await);
    check(&p, "", |v| approved(v) && v.id != target.id).await;
    // Returned is not awaiting review either.
    check(&p, "include_pending=true", |v| v.id != target.id).await;

    let changed = Spec { staff: [true, true], delivery: Some(true), ..target.clone() };
    let times = json!({
        "started_at": format!("{}T10:00:00Z", changed.date),
        "ended_at": format!("{}T10:30:00Z", changed.date),
        "answers": programme::answers(&changed),
    });
    expect(StatusCode::OK, p.shopper.put(&path, times).await);
    expect(StatusCode::OK, p.shopper.post(&format!("{path}/submit"), json!({})).await);
    let approve = json!({"decision": "approve"});
    expect(StatusCode::OK, p.manager.post(&format!("{path}/review"), approve).await);
    p.visits[1] = changed;
    let card = check(&p, "", approved).await;
    // Ours: 100, 100, 0, 75.
    same(&card["brands"][0]["overall"]["mean"], Some(68.75), "Ours after re-approval");

    // The incremental rows equal a rebuild from the visits.
    use crate::support::summary;
    let db = &app.app.db;
    let before = summary::all_rows(db).await;
    summary::rebuild(db).await;
    let after = summary::all_rows(db).await;
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        let key = |r: &yardstick::entities::scorecard_cell::Model| {
            (
                r.grain.clone(),
                r.brand_id,
                r.checklist_id,
                r.period,
                r.channel.clone(),
                r.region.clone(),
                r.metric.clone(),
                r.n,
            )
        };
        assert_eq!(key(a), key(b));
        assert!(
            (a.total - b.total).abs() < 1e-6 && (a.squares - b.squares).abs() < 1e-4,
            "{a:?} {b:?}"
        );
    }
}

#[tokio::test]
async fn trend_gives_each_brand_its_months_and_weeks() {
    let app = TestApp::spawn().await;
    let p = Programme::build(&app).await;
    for (interval, label) in [
        (
            "month",
            Box::new(|d: NaiveDate| format!("{}-{:02}", d.year(), d.month()))
                as Box<dyn Fn(NaiveDate) -> String>,
        ),
        (
            "week",
            Box::new(|d: NaiveDate| format!("{}-W{:02}", d.iso_week().year(), d.iso_week().week())),
        ),
    ] {
        for query in ["", "&from=2026-01-12&to=2026-03-04", "&include_pending=true"] {
            let (s, t) =
                p.manager.get(&format!("/api/v1/scorecard/trend?interval={interval}{query}")).await;
            assert_eq!(s, StatusCode::OK, "{t}");
            for (i, id) in p.brand_ids.iter().enumerate() {
                let mut want: BTreeMap<String, Vec<f64>> = BTreeMap::new();
                for v in p.visits.iter().filter(|v| v.brand == i) {
                    let d = date(v.date);
                    let in_range = query != "&from=2026-01-12&to=2026-03-04"
                        || (d >= date("2026-01-12") && d <= date("2026-03-04"));
                    if in_range && (approved(v) || query == "&include_pending=true") {
                        want.entry(label(d)).or_default().push(v.score());
                    }
                }
                let b = t["brands"].as_array().unwrap().iter().find(|b| b["id"] == *id).unwrap();
                let got = b["points"].as_array().unwrap();
                let periods: Vec<&str> =
                    got.iter().map(|x| x["period"].as_str().unwrap()).collect();
                let want_periods: Vec<&str> = want.keys().map(String::as_str).collect();
                assert_eq!(periods, want_periods, "{interval}{query} brand {i}");
                for (g, (_, xs)) in got.iter().zip(&want) {
                    let (n, mean, _) = describe(xs);
                    assert_eq!(g["n"], n);
                    same(&g["mean"], mean, &format!("{interval}{query} brand {i}"));
                }
            }
        }
    }
}

#[tokio::test]
async fn exports_carry_the_figures_and_every_answer() {
    let app = TestApp::spawn().await;
    let p = Programme::build(&app).await;
    let (s, csv) = p.manager.text("/api/v1/exports/scorecard.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(csv.starts_with('\u{feff}'), "UTF-8 BOM");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "brand_id,brand,own,scope,category,criterion,channel,mean,n,stddev");
    let ours_overall = format!("{},Ours,true,overall,,,,50,4,", p.brand_ids[0]);
    assert!(lines.iter().any(|l| l.starts_with(&ours_overall)), "{csv}");
    assert!(
        lines
            .contains(&"category,criterion,own_mean,best_competitor_id,best_competitor_mean,delta")
    );

    let (s, csv) = p.manager.text("/api/v1/exports/answers.csv").await;
    assert_eq!(s, StatusCode::OK);
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[0], "visit_id");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    // Three answers for each of the eight approved visits.
    assert_eq!(rows.len(), 24);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = &p.visits[0];
    let del = rows
        .iter()
        .find(|r| r[col("visit_id")] == first.id.to_string() && &r[col("code")] == "DEL-01")
        .unwrap();
    assert_eq!(&del[col("category")], "delivery");
    assert_eq!(&del[col("pct")], "100");
    assert_eq!(&del[col("channel")], "store");
    // A comment that would run as a formula is plain text.
    assert!(rows.iter().any(|r| &r[col("comment")] == "'=HYPERLINK(\"x\")"));
    let (_, phone) =
        p.manager.text("/api/v1/exports/answers.csv?channel=phone&include_pending=true").await;
    let n =
        csv::Reader::from_reader(phone.trim_start_matches('\u{feff}').as_bytes()).records().count();
    let phone_visits = p.visits.iter().filter(|v| LOCATIONS[v.location].1 == "phone").count();
    assert_eq!(n, phone_visits * 3);
}

#[tokio::test]
async fn bad_filters_name_each_field_and_shoppers_are_refused() {
    let app = TestApp::spawn().await;
    let (token, _) = app.token_for("manager").await;
    let c = reqwest::Client::new();
    for (path, fields) in [
        ("/api/v1/scorecard?from=2026-02-30&channel=fax", vec!["channel", "from"]),
        ("/api/v1/scorecard/trend?interval=day", vec!["interval"]),
        (
            "/api/v1/exports/answers.csv?include_pending=maybe&brands=a",
            vec!["brands", "include_pending"],
        ),
        ("/api/v1/exports/scorecard.csv?from=2026-03-01&to=2026-02-01", vec!["to"]),
    ] {
        let res = c.get(app.url(path)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let body: Value = res.json().await.unwrap();
        let got: Vec<&String> = body["error"]["fields"].as_object().unwrap().keys().collect();
        assert_eq!(got, fields, "{path}");
    }
    let (shopper, _) = app.token_for("shopper").await;
    let res = c.get(app.url("/api/v1/scorecard")).bearer_auth(&shopper).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
