//! Rounds over HTTP: a round makes each period's assignments once, keeps
//! shoppers out of their lockout and their excluded brands, follows its
//! pool, and shows how far each period has got.
use chrono::{Days, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use yardstick::rounds::run;

use crate::support::*;
use crate::visits::{full_answers, programme, times};

struct Setup {
    app: TestApp,
    manager: Api,
    checklist_id: i64,
    /// Brand "Ours" (the programme's) and a competitor.
    ours: i64,
    theirs: i64,
    /// Locations of "Ours" first (the programme's Downtown among them).
    locations: Vec<i64>,
    shoppers: Vec<(Api, i32)>,
}

/// A manager, a published checklist, `own` locations of our brand and
/// `competitor` of another, and `shoppers` shoppers.
async fn setup(own: usize, competitor: usize, shoppers: usize) -> Setup {
    let app = TestApp::spawn().await;
    let p = programme(&app, false).await;
    let (_, brands) = p.manager.get("/api/v1/brands").await;
    let ours = brands[0]["id"].as_i64().unwrap();
    let theirs = expect(
        StatusCode::CREATED,
        p.manager.post("/api/v1/brands", json!({"name": "Rival", "own": false})).await,
    )["id"]
        .as_i64()
        .unwrap();
    let mut locations = vec![p.location_id];
    for (brand, n, name) in [(ours, own.saturating_sub(1), "Ours"), (theirs, competitor, "Rival")] {
        for i in 0..n {
            let body = json!({"brand_id": brand, "name": format!("{name} {i}"), "channel": "website",
                              "url": format!("https://{name}.example/{i}"), "region": "North",
                              "timezone": "Asia/Tehran"});
            let l = expect(StatusCode::CREATED, p.manager.post("/api/v1/locations", body).await);
            locations.push(l["id"].as_i64().unwrap());
        }
    }
    let mut pool = vec![(p.shopper, p.shopper_id)];
    for _ in 1..shoppers {
        pool.push(Api::new(&app, "shopper").await);
    }
    Setup {
        app,
        manager: p.manager,
        checklist_id: p.checklist_id,
        ours,
        theirs,
        locations,
        shoppers: pool,
    }
}

impl Setup {
    fn pool(&self) -> Vec<i32> {
        self.shoppers.iter().map(|s| s.1).collect()
    }

    /// A monthly round over every location, window days 1 to 20.
    async fn monthly(&self, start: &str, lockout: i64) -> i64 {
        let body = json!({"name": "Monthly", "checklist_id": self.checklist_id, "every": "months",
                          "interval": 1, "start_on": start, "opens_day": 1, "due_day": 20,
                          "brief": "Ask about delivery", "shopper_ids": self.pool(),
                          "lockout_days": lockout});
        let r = expect(StatusCode::CREATED, self.manager.post("/api/v1/rounds", body).await);
        r["id"].as_i64().unwrap()
    }

    async fn run_on(&self, day: &str) -> Vec<run::PeriodRun> {
        run::run(&self.app.app.db, d(day)).await.unwrap()
    }

    /// The round's assignments: (period start, location, shopper).
    async fn made(&self, round: i64) -> Vec<(String, i64, i64)> {
        let (_, all) = self.manager.get("/api/v1/assignments").await;
        let mut out: Vec<(String, i64, i64)> = all
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["round_id"] == round)
            .map(|a| {
                (
                    a["period_start"].as_str().unwrap().to_owned(),
                    a["location_id"].as_i64().unwrap(),
                    a["shopper_id"].as_i64().unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }
}

async fn patch(api: &Api, path: &str, body: Value) -> (StatusCode, Value) {
    api.call(reqwest::Method::PATCH, path, Some(body)).await
}

/// How many "new assignment" notifications the user has in the app.
async fn new_work(api: &Api) -> usize {
    let (_, list) = api.get("/api/v1/notifications").await;
    let items = list["items"].as_array().unwrap();
    items.iter().filter(|n| n["kind"] == "assignment_new").count()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn period(made: &[(String, i64, i64)], start: &str) -> Vec<(i64, i64)> {
    made.iter().filter(|m| m.0 == start).map(|m| (m.1, m.2)).collect()
}

#[tokio::test]
async fn running_a_round_twice_makes_its_assignments_once() {
    let s = setup(4, 2, 3).await;
    let round = s.monthly("2026-01-01", 90).await;
    let first = s.run_on("2026-01-02").await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].made.len(), 6);
    let before = s.made(round).await;
    assert_eq!(before.len(), 6);
    let again = s.run_on("2026-01-05").await;
    assert_eq!(again[0].made.len(), 0);
    assert_eq!(again[0].already, 6);
    assert_eq!(s.made(round).await, before);
    // Loads even: two each; each shopper is told of their two, once.
    for (api, id) in &s.shoppers {
        assert_eq!(before.iter().filter(|m| m.2 == *id as i64).count(), 2);
        assert_eq!(new_work(api).await, 2);
    }
    // Every assignment carries the round's window and brief.
    let (_, all) = s.manager.get("/api/v1/assignments").await;
    assert!(all.as_array().unwrap().iter().all(|a| a["opens_on"] == "2026-01-01"
        && a["due_on"] == "2026-01-20"
        && a["brief"] == "Ask about delivery"));
}

#[tokio::test]
async fn two_runs_at_once_make_nothing_twice() {
    let s = setup(6, 0, 2).await;
    let round = s.monthly("2026-01-01", 90).await;
    let db = &s.app.app.db;
    let (a, b) = tokio::join!(run::run(db, d("2026-01-03")), run::run(db, d("2026-01-03")));
    let made = a.unwrap()[0].made.len() + b.unwrap()[0].made.len();
    assert_eq!(made, 6, "each location made by exactly one of the runs");
    assert_eq!(s.made(round).await.len(), 6);
}

#[tokio::test]
async fn a_shopper_is_not_sent_back_within_the_lockout() {
    let s = setup(2, 0, 2).await;
    let round = s.monthly("2026-01-01", 30).await;
    for day in ["2026-01-02", "2026-02-02", "2026-03-02"] {
        s.run_on(day).await;
    }
    let made = s.made(round).await;
    let jan = period(&made, "2026-01-01");
    let feb = period(&made, "2026-02-01");
    let mar = period(&made, "2026-03-01");
    assert_eq!(jan.len(), 2);
    // January's due day (the 20th) is within 30 days of February's
    // opening: each location changes hands. By March, January's is not.
    for (loc, shopper) in &jan {
        let f = feb.iter().find(|x| x.0 == *loc).unwrap();
        assert_ne!(f.1, *shopper, "location {loc} went back to its January shopper");
        let m = mar.iter().find(|x| x.0 == *loc).unwrap();
        assert_eq!(m.1, *shopper);
    }
}

#[tokio::test]
async fn a_location_no_one_may_take_is_left_unassigned_and_reported() {
    let s = setup(2, 0, 1).await;
    let round = s.monthly("2026-01-01", 90).await;
    s.run_on("2026-01-02").await;
    let feb = s.run_on("2026-02-02").await;
    assert_eq!(feb[0].made.len(), 0);
    assert_eq!(feb[0].blocked.len(), 2);
    let (_, runs) = s.manager.get(&format!("/api/v1/rounds/{round}/periods/2026-02-01")).await;
    assert_eq!(runs["counts"]["unassigned"], 2, "{runs}");
}

#[tokio::test]
async fn a_shopper_is_never_sent_to_an_excluded_brand() {
    let s = setup(3, 3, 2).await;
    let excluded = s.shoppers[0].1;
    let path = format!("/api/v1/shoppers/{excluded}/exclusions");
    let body = expect(StatusCode::OK, s.manager.put(&path, json!({"brand_ids": [s.theirs]})).await);
    assert_eq!(body["brand_ids"], json!([s.theirs]));
    assert_eq!(s.manager.get(&path).await.1["brand_ids"], json!([s.theirs]));
    let round = s.monthly("2026-01-01", 90).await;
    s.run_on("2026-01-02").await;
    let made = s.made(round).await;
    let rival: Vec<i64> = s.locations[3..].to_vec();
    for (_, loc, shopper) in &made {
        if rival.contains(loc) {
            assert_ne!(*shopper, excluded as i64);
        }
    }
    assert_eq!(made.len(), 6);
    // An unknown brand is a field error; a shopper may not ask.
    let (st, e) = s.manager.put(&path, json!({"brand_ids": [9999]})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"]["fields"]["brand_ids"].is_string(), "{e}");
    assert_eq!(s.shoppers[1].0.get(&path).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_pool_decides_who_gets_new_work() {
    let s = setup(4, 0, 2).await;
    let round = s.monthly("2026-01-01", 0).await;
    let keep = s.shoppers[0].1;
    let gone = s.shoppers[1].1;
    // Out of the pool: no new work.
    let body = json!({"shopper_ids": [keep]});
    let r =
        expect(StatusCode::OK, patch(&s.manager, &format!("/api/v1/rounds/{round}"), body).await);
    assert_eq!(r["shopper_ids"], json!([keep]));
    s.run_on("2026-01-02").await;
    assert!(s.made(round).await.iter().all(|m| m.2 == keep as i64));
    // Back in the pool but deactivated: still none.
    let body = json!({"shopper_ids": [keep, gone]});
    expect(StatusCode::OK, patch(&s.manager, &format!("/api/v1/rounds/{round}"), body).await);
    let (admin, _) = Api::new(&s.app, "admin").await;
    let off = json!({"active": false});
    expect(
        StatusCode::OK,
        admin.call(reqwest::Method::PATCH, &format!("/api/v1/users/{gone}"), Some(off)).await,
    );
    s.run_on("2026-02-02").await;
    assert!(s.made(round).await.iter().all(|m| m.2 == keep as i64));
    // Nobody left: every location reported, none made.
    let off = json!({"active": false});
    expect(
        StatusCode::OK,
        admin.call(reqwest::Method::PATCH, &format!("/api/v1/users/{keep}"), Some(off)).await,
    );
    let mar = s.run_on("2026-03-02").await;
    assert_eq!(mar[0].made.len(), 0);
    assert!(mar[0].blocked.iter().all(|b| b.1.as_str() == "empty_pool"));
}

#[tokio::test]
async fn a_paused_round_makes_nothing() {
    let s = setup(2, 0, 1).await;
    let round = s.monthly("2026-01-01", 90).await;
    let r = expect(
        StatusCode::OK,
        patch(&s.manager, &format!("/api/v1/rounds/{round}"), json!({"active": false})).await,
    );
    assert_eq!(r["active"], false);
    assert!(s.run_on("2026-01-02").await.is_empty());
    assert!(s.made(round).await.is_empty());
}

#[tokio::test]
async fn an_open_assignment_can_be_reassigned_by_a_manager() {
    let s = setup(2, 0, 2).await;
    let round = s.monthly("2026-01-01", 90).await;
    s.run_on("2026-01-02").await;
    let made = s.made(round).await;
    let (_, all) = s.manager.get("/api/v1/assignments").await;
    let a = &all[0];
    let id = a["id"].as_i64().unwrap();
    let from = a["shopper_id"].as_i64().unwrap();
    let to = s.shoppers.iter().map(|x| x.1 as i64).find(|x| *x != from).unwrap();
    let path = format!("/api/v1/assignments/{id}/reassign");
    let moved = expect(StatusCode::OK, s.manager.post(&path, json!({"shopper_id": to})).await);
    assert_eq!(moved["shopper_id"], to);
    assert_eq!(moved["round_id"], round);
    assert_eq!(s.made(round).await.len(), made.len(), "moved, not copied");
    // The new shopper sees it; the old one does not.
    let new_owner = s.shoppers.iter().find(|x| x.1 as i64 == to).unwrap();
    let (_, mine) = new_owner.0.get("/api/v1/assignments").await;
    assert!(mine.as_array().unwrap().iter().any(|x| x["id"] == id));
    // And is told of it: one note for the round's own assignment, one for
    // the one handed over.
    assert_eq!(new_work(&new_owner.0).await, 2);
    // No such shopper: a field error. A shopper may not reassign.
    let (st, e) = s.manager.post(&path, json!({"shopper_id": 99999})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["error"]["fields"]["shopper_id"].is_string());
    assert_eq!(new_owner.0.post(&path, json!({"shopper_id": from})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        s.manager.post("/api/v1/assignments/99999/reassign", json!({"shopper_id": to})).await.0,
        StatusCode::NOT_FOUND
    );
    // Once the shopper has started the visit, it stays theirs.
    let draft = json!({"assignment_id": id, "answers": []});
    let visit = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    expect(StatusCode::CREATED, new_owner.0.put(&visit, draft).await);
    let (st, _) = s.manager.post(&path, json!({"shopper_id": from})).await;
    assert_eq!(st, StatusCode::CONFLICT);
}

#[tokio::test]
async fn reassigning_through_the_page_goes_back_to_the_period() {
    let s = setup(1, 0, 2).await;
    let round = s.monthly("2026-01-01", 90).await;
    s.run_on("2026-01-02").await;
    let (_, all) = s.manager.get("/api/v1/assignments").await;
    let id = all[0]["id"].as_i64().unwrap();
    let from = all[0]["shopper_id"].as_i64().unwrap();
    let to = s.shoppers.iter().map(|x| x.1 as i64).find(|x| *x != from).unwrap();
    let (b, _) = s.app.signed_in("manager").await;
    let (st, page) = b.get_html(&format!("/assignments/{id}/reassign")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(attr(&page, "select#shopper_id", "name").is_some());
    let res = b
        .post_form(&format!("/assignments/{id}/reassign"), &[("shopper_id", &to.to_string())])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/rounds/{round}/periods/2026-01-01"));
    let (_, all) = s.manager.get("/api/v1/assignments").await;
    assert_eq!(all[0]["shopper_id"], to);
    let res = b.post_form(&format!("/assignments/{id}/reassign"), &[("shopper_id", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Visits the assignment as its shopper and submits it; approves when asked.
async fn visit(s: &Setup, assignment: &Value, approve: bool) -> String {
    let shopper = s.shoppers.iter().find(|x| x.1 as i64 == assignment["shopper_id"]).unwrap();
    let id = uuid::Uuid::new_v4().to_string();
    let path = format!("/api/v1/visits/{id}");
    let (start, end) = times();
    let body = json!({"assignment_id": assignment["id"], "started_at": start, "ended_at": end,
                      "answers": full_answers(true, true)});
    expect(StatusCode::CREATED, shopper.0.put(&path, body).await);
    expect(StatusCode::OK, shopper.0.post(&format!("{path}/submit"), json!({})).await);
    if approve {
        let review = json!({"decision": "approve", "note": ""});
        expect(StatusCode::OK, s.manager.post(&format!("{path}/review"), review).await);
    }
    id
}

fn iso(d: NaiveDate) -> String {
    d.to_string()
}

/// A round with two fixed periods around today: one past its due day,
/// one open now (window: its whole length).
async fn around_today(s: &Setup) -> (i64, NaiveDate, NaiveDate) {
    let today = Utc::now().date_naive();
    let past = (today - Days::new(40), today - Days::new(11));
    let now = (today - Days::new(10), today + Days::new(20));
    let periods = json!([[iso(past.0), iso(past.1)], [iso(now.0), iso(now.1)]]);
    let body = json!({"name": "Around today", "checklist_id": s.checklist_id, "every": "fixed",
                      "periods": periods, "opens_day": 1, "due_day": 30,
                      "shopper_ids": s.pool(), "brand_ids": [s.ours, s.theirs]});
    let r = expect(StatusCode::CREATED, s.manager.post("/api/v1/rounds", body).await);
    assert_eq!(r["every"], "fixed");
    let id = r["id"].as_i64().unwrap();
    run::run(&s.app.app.db, past.0 + Days::new(1)).await.unwrap();
    expect(StatusCode::OK, s.manager.post(&format!("/api/v1/rounds/{id}/run"), json!({})).await);
    (id, past.0, now.0)
}

#[tokio::test]
async fn a_period_shows_visited_overdue_missing_by_brand_and_channel() {
    let s = setup(2, 2, 2).await;
    let (round, past, now) = around_today(&s).await;
    let (_, all) = s.manager.get("/api/v1/assignments").await;
    let current: Vec<&Value> =
        all.as_array().unwrap().iter().filter(|a| a["period_start"] == iso(now)).collect();
    assert_eq!(current.len(), 4);
    visit(&s, current[0], false).await;
    visit(&s, current[1], true).await;

    let p = expect(
        StatusCode::OK,
        s.manager.get(&format!("/api/v1/rounds/{round}/periods/{}", iso(now))).await,
    );
    assert_eq!(p["counts"]["visited"], 2, "{p}");
    assert_eq!(p["counts"]["missing"], 2);
    assert_eq!(p["counts"]["overdue"], 0);
    let by_brand: i64 = p["by_brand"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["counts"]["total"].as_i64().unwrap())
        .sum();
    assert_eq!(by_brand, 4);
    let channels: Vec<&str> = p["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["store", "website"]);
    let old = expect(
        StatusCode::OK,
        s.manager.get(&format!("/api/v1/rounds/{round}/periods/{}", iso(past))).await,
    );
    assert_eq!(old["counts"]["overdue"], 4, "{old}");
    let list =
        expect(StatusCode::OK, s.manager.get(&format!("/api/v1/rounds/{round}/periods")).await);
    assert_eq!(list.as_array().unwrap().len(), 2);

    // The pages say the same.
    let (b, _) = s.app.signed_in("manager").await;
    let (st, page) = b.get_html(&format!("/rounds/{round}/periods/{}", iso(now))).await;
    assert_eq!(st, StatusCode::OK);
    let total = select_all(&page, "tr.total td");
    assert_eq!(total, ["2", "0", "2", "0"]);
    assert_eq!(select_all(&page, "tr.brand").len(), 2);
    assert_eq!(select_all(&page, "table.lines tbody tr").len(), 4);
    let (_, page) =
        b.get_html(&format!("/rounds/{round}/periods/{}?state=visited", iso(now))).await;
    assert_eq!(select_all(&page, "table.lines tbody tr").len(), 2);
    let (st, page) = b.get_html(&format!("/rounds/{round}")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(select_all(&page, "section.card table tbody tr").len(), 2, "two periods");
    assert_eq!(
        s.manager.get(&format!("/api/v1/rounds/{round}/periods/2001-01-01")).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_scorecard_filters_to_a_round_period() {
    let s = setup(2, 0, 2).await;
    let (round, _, now) = around_today(&s).await;
    let (_, all) = s.manager.get("/api/v1/assignments").await;
    let mine = all.as_array().unwrap().iter().find(|a| a["period_start"] == iso(now)).unwrap();
    visit(&s, mine, true).await;
    // A visit outside the round, approved too.
    let (start, end) = times();
    let path = format!("/api/v1/visits/{}", uuid::Uuid::new_v4());
    let body = json!({"location_id": s.locations[0], "checklist_id": s.checklist_id,
                      "started_at": start, "ended_at": end, "answers": full_answers(false, false)});
    expect(StatusCode::CREATED, s.shoppers[0].0.put(&path, body).await);
    expect(StatusCode::OK, s.shoppers[0].0.post(&format!("{path}/submit"), json!({})).await);
    let review = json!({"decision": "approve", "note": ""});
    expect(StatusCode::OK, s.manager.post(&format!("{path}/review"), review).await);

    let (_, card) = s.manager.get("/api/v1/scorecard").await;
    assert_eq!(card["brands"][0]["overall"]["n"], 2, "{card}");
    let q = format!("/api/v1/scorecard?round_period={round}:{}", iso(now));
    let (st, card) = s.manager.get(&q).await;
    assert_eq!(st, StatusCode::OK, "{card}");
    assert_eq!(card["brands"][0]["overall"]["n"], 1, "{card}");
    let (st, e) = s.manager.get("/api/v1/scorecard?round_period=soon").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["error"]["fields"]["round_period"].is_string());
    // The page offers the period and filters by it.
    let (b, _) = s.app.signed_in("manager").await;
    let (st, page) = b.get_html(&format!("/scorecard?round_period={round}:{}", iso(now))).await;
    assert_eq!(st, StatusCode::OK);
    let value = format!("{round}:{}", iso(now));
    assert_eq!(attr(&page, "select#round_period option[selected]", "value"), Some(value));
}

#[tokio::test]
async fn a_manager_creates_and_edits_a_round_through_the_pages() {
    let s = setup(2, 0, 1).await;
    let (b, _) = s.app.signed_in("manager").await;
    let (st, form) = b.get_html("/rounds/new").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(attr(&form, "select#every option[selected]", "value").as_deref(), Some("months"));
    let shopper = s.shoppers[0].1.to_string();
    let checklist = s.checklist_id.to_string();
    let brand = s.ours.to_string();
    let fields = [
        ("name", "Spring"),
        ("checklist_id", checklist.as_str()),
        ("brand_ids", brand.as_str()),
        ("every", "weeks"),
        ("interval", "2"),
        ("start_on", "2026-03-02"),
        ("opens_day", "1"),
        ("due_day", "10"),
        ("shopper_ids", shopper.as_str()),
        ("lockout_days", "60"),
        ("active", "on"),
    ];
    let res = b.post_form("/rounds/new", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let at = location(&res);
    let (st, page) = b.get_html(&at).await;
    assert_eq!(st, StatusCode::OK);
    assert!(text(&page, "h1").unwrap().contains("Spring"));
    let (_, edit) = b.get_html(&format!("{at}/edit")).await;
    assert_eq!(attr(&edit, "input#interval", "value").as_deref(), Some("2"));
    assert_eq!(attr(&edit, "input#lockout_days", "value").as_deref(), Some("60"));
    let mut changed = fields.to_vec();
    changed[0] = ("name", "Spring rounds");
    changed.retain(|f| f.0 != "active");
    let res = b.post_form(&format!("{at}/edit"), &changed).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    let r = expect(StatusCode::OK, s.manager.get(&format!("/api/v1/rounds/{id}")).await);
    assert_eq!(r["name"], "Spring rounds");
    assert_eq!(r["active"], false, "unticked: paused");
    assert_eq!(r["brand_ids"], json!([s.ours]));
    let (_, list) = b.get_html("/rounds").await;
    assert!(select_all(&list, "td a").iter().any(|t| t == "Spring rounds"));
}

#[tokio::test]
async fn a_bad_round_form_keeps_what_was_typed_and_names_each_field() {
    let s = setup(1, 0, 1).await;
    let (b, _) = s.app.signed_in("manager").await;
    let checklist = s.checklist_id.to_string();
    let fields = [
        ("name", "Quarterly check"),
        ("checklist_id", checklist.as_str()),
        ("every", "months"),
        ("interval", "abc"),
        ("start_on", "2026-02-30"),
        ("opens_day", "5"),
        ("due_day", "3"),
        ("lockout_days", "-4"),
        ("brief", "Ask for the manager"),
    ];
    let res = b.post_form("/rounds/new", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(attr(&page, "input#name", "value").as_deref(), Some("Quarterly check"));
    assert_eq!(attr(&page, "input#interval", "value").as_deref(), Some("abc"));
    assert_eq!(attr(&page, "input#lockout_days", "value").as_deref(), Some("-4"));
    assert_eq!(text(&page, "textarea#brief").as_deref(), Some("Ask for the manager"));
    for field in ["interval", "start_on", "due_day", "lockout_days"] {
        assert!(text(&page, &format!("#{field}-error")).is_some(), "{field} has its message");
    }
    assert_eq!(
        text(&page, "#due_day-error").as_deref(),
        Some("The due date must not be before the opening date.")
    );
    // A fixed round with a bad line names it, in Persian too.
    let m = s.app.create_user_with("manager", "rounds-fa@example.com", "fa").await;
    let fa = s.app.browser();
    assert_eq!(fa.login(&m.email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let fields = [
        ("name", "ثابت"),
        ("every", "fixed"),
        ("periods", "2026-01-01 soon"),
        ("opens_day", "1"),
        ("due_day", "2"),
    ];
    let res = fa.post_form("/rounds/new", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = scraper::Html::parse_document(&res.text().await.unwrap());
    assert_eq!(text(&page, "textarea#periods").as_deref(), Some("2026-01-01 soon"));
    let err = select_all(&page, ".field-error").join(" ");
    assert!(err.contains("soon") && err.contains("هر بازه"), "{err}");
}

#[tokio::test]
async fn shoppers_and_trainers_cannot_reach_rounds() {
    let s = setup(1, 0, 1).await;
    let round = s.monthly("2026-01-01", 90).await;
    for role in ["shopper", "trainer"] {
        let (b, _) = s.app.signed_in(role).await;
        assert_eq!(b.get("/rounds").await.status(), StatusCode::FORBIDDEN, "{role}");
        assert_eq!(b.get(&format!("/rounds/{round}")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(b.get("/rounds/new").await.status(), StatusCode::FORBIDDEN);
        let (api, _) = Api::new(&s.app, role).await;
        assert_eq!(api.get("/api/v1/rounds").await.0, StatusCode::FORBIDDEN);
        assert_eq!(api.get(&format!("/api/v1/rounds/{round}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(api.post("/api/v1/rounds", json!({})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            api.post(&format!("/api/v1/rounds/{round}/run"), json!({})).await.0,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_api_answers_with_the_usual_status_codes() {
    let s = setup(1, 0, 1).await;
    let (st, e) = s.manager.post("/api/v1/rounds", json!({"name": ""})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &e["error"]["fields"];
    for f in ["name", "checklist_id", "every", "opens_day", "due_day"] {
        assert!(fields[f].is_string(), "{f}: {e}");
    }
    let bad = s
        .manager
        .request(reqwest::Method::POST, "/api/v1/rounds")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body = json!({"name": "W", "checklist_id": s.checklist_id, "every": "weeks", "interval": 1,
                      "start_on": "2026-01-05", "opens_day": 1, "due_day": 8});
    let (st, e) = s.manager.post("/api/v1/rounds", body.clone()).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "due day 8 of a week");
    assert!(e["error"]["fields"]["due_day"].is_string());
    let mut ok = body;
    ok["due_day"] = json!(7);
    let r = expect(StatusCode::CREATED, s.manager.post("/api/v1/rounds", ok).await);
    assert_eq!(r["lockout_days"], 90, "the default lockout");
    assert_eq!(r["active"], true);
    let id = r["id"].as_i64().unwrap();
    assert_eq!(s.manager.get("/api/v1/rounds").await.1.as_array().unwrap().len(), 1);
    assert_eq!(s.manager.get("/api/v1/rounds/99999").await.0, StatusCode::NOT_FOUND);
    let (st, _) =
        patch(&s.manager, &format!("/api/v1/rounds/{id}"), json!({"every": "daily"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let run = expect(
        StatusCode::OK,
        s.manager.post(&format!("/api/v1/rounds/{id}/run"), json!({})).await,
    );
    assert!(run["periods"].is_array());
}

#[tokio::test]
async fn the_rounds_run_command_prints_what_it_made_and_makes_nothing_twice() {
    let s = setup(2, 0, 2).await;
    let round = s.monthly("2026-01-01", 90).await;
    let data = tempfile::tempdir().unwrap();
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_yardstick"))
            .args(["rounds", "run", "--today", "2026-01-02"])
            .env("YARDSTICK_DATABASE_URL", &s.app.app.config.database_url)
            .env("YARDSTICK_DATA_DIR", data.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let first = run();
    assert!(first.contains("period 2026-01-01 to 2026-01-31: made 2, already there 0"), "{first}");
    assert_eq!(first.matches(" -> shopper ").count(), 2, "{first}");
    let second = run();
    assert!(second.contains("made 0, already there 2"), "{second}");
    assert_eq!(s.made(round).await.len(), 2);
}

/// The server's own task runs every round as it starts (then hourly),
/// without anyone running the command.
#[tokio::test]
async fn the_server_runs_the_rounds_by_itself_at_start_up() {
    let s = setup(2, 1, 2).await;
    let today = Utc::now().date_naive().to_string();
    let body = json!({"name": "Weekly", "checklist_id": s.checklist_id, "every": "weeks",
                      "interval": 1, "start_on": today, "opens_day": 1, "due_day": 7,
                      "shopper_ids": s.pool()});
    let round = expect(StatusCode::CREATED, s.manager.post("/api/v1/rounds", body).await)["id"]
        .as_i64()
        .unwrap();
    assert!(s.made(round).await.is_empty());
    let task = tokio::spawn(run::every_hour(s.app.app.db.clone()));
    let mut made = Vec::new();
    for _ in 0..100 {
        made = s.made(round).await;
        if made.len() == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    task.abort();
    assert_eq!(made.len(), 3, "one assignment per location: {made:?}");
    assert!(made.iter().all(|m| m.0 == today));
}
