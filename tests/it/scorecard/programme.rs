//! A small programme built through the real API, and the figures it should
//! give, computed here directly from the list of visits (plain two-pass
//! means and standard deviations, no code shared with the app).
use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Api, TestApp, expect};

/// Version 1: staff (STF-01, STF-02) and delivery (DEL-01, N/A allowed).
/// Version 2 swaps STF-02 for STF-03: STF-01 must still compare by code.
fn checklist(second: &str) -> Value {
    json!({
      "name": "Scorecard test standard",
      "sections": [
        {"category": "staff", "title": "Staff", "weight": 1, "criteria": [
          {"code": "STF-01", "prompt": "Greeted?", "kind": "yes_no"},
          {"code": second, "prompt": "Thanked?", "kind": "yes_no"}
        ]},
        {"category": "delivery", "title": "Delivery", "weight": 1, "criteria": [
          {"code": "DEL-01", "prompt": "On time?", "kind": "yes_no", "allow_na": true}
        ]}
      ]
    })
}

#[derive(Clone, Debug)]
pub struct Spec {
    pub id: uuid::Uuid,
    pub brand: usize,
    pub location: usize,
    pub version: i32,
    pub date: &'static str,
    pub staff: [bool; 2],
    /// `None`: N/A.
    pub delivery: Option<bool>,
    pub status: &'static str,
}

impl Spec {
    pub fn second_code(&self) -> &'static str {
        if self.version == 1 { "STF-02" } else { "STF-03" }
    }

    pub fn staff_pct(&self) -> f64 {
        100.0 * self.staff.iter().filter(|x| **x).count() as f64 / 2.0
    }

    pub fn delivery_pct(&self) -> Option<f64> {
        self.delivery.map(|d| if d { 100.0 } else { 0.0 })
    }

    /// Equal section weights: the mean of the scored sections.
    pub fn score(&self) -> f64 {
        match self.delivery_pct() {
            Some(d) => (self.staff_pct() + d) / 2.0,
            None => self.staff_pct(),
        }
    }

    /// Metric name -> this visit's value.
    pub fn values(&self) -> Vec<(String, f64)> {
        let yes = |b: bool| if b { 100.0 } else { 0.0 };
        let mut v = vec![
            ("overall".into(), self.score()),
            ("category:staff".into(), self.staff_pct()),
            ("criterion:STF-01".into(), yes(self.staff[0])),
            (format!("criterion:{}", self.second_code()), yes(self.staff[1])),
        ];
        if let Some(d) = self.delivery_pct() {
            v.push(("category:delivery".into(), d));
            v.push(("criterion:DEL-01".into(), d));
        }
        v
    }
}

/// Brands: 0 Ours and 1 Ours Two (own), 2 Rival A and 3 Rival B.
pub const BRANDS: [(&str, bool); 4] =
    [("Ours", true), ("Ours Two", true), ("Rival A", false), ("Rival B", false)];
/// Locations: brand, channel, region.
pub const LOCATIONS: [(usize, &str, &str); 5] = [
    (0, "store", "North"),
    (0, "phone", "South"),
    (1, "store", "North"),
    (2, "store", "North"),
    (3, "phone", "South"),
];

pub struct Programme {
    pub manager: Api,
    pub shopper: Api,
    pub brand_ids: Vec<i64>,
    pub location_ids: Vec<i64>,
    pub checklist_id: i64,
    pub visits: Vec<Spec>,
}

fn spec(
    brand_loc: usize,
    version: i32,
    date: &'static str,
    staff: [bool; 2],
    delivery: Option<bool>,
    status: &'static str,
) -> Spec {
    Spec {
        id: uuid::Uuid::new_v4(),
        brand: LOCATIONS[brand_loc].0,
        location: brand_loc,
        version,
        date,
        staff,
        delivery,
        status,
    }
}

pub fn answers(s: &Spec) -> Value {
    let mut a = vec![
        json!({"code": "STF-01", "value": s.staff[0]}),
        json!({"code": s.second_code(), "value": s.staff[1], "comment": "=HYPERLINK(\"x\")"}),
    ];
    a.push(match s.delivery {
        Some(d) => json!({"code": "DEL-01", "value": d}),
        None => json!({"code": "DEL-01", "na": true}),
    });
    json!(a)
}

impl Programme {
    pub async fn visit(&self, s: &Spec) {
        let path = format!("/api/v1/visits/{}", s.id);
        let draft = json!({
            "location_id": self.location_ids[s.location],
            "checklist_id": self.checklist_id,
            "started_at": format!("{}T10:00:00Z", s.date),
            "ended_at": format!("{}T10:30:00Z", s.date),
            "answers": answers(s),
        });
        expect(StatusCode::CREATED, self.shopper.put(&path, draft).await);
        let r =
            expect(StatusCode::OK, self.shopper.post(&format!("{path}/submit"), json!({})).await);
        assert!((r["score"].as_f64().unwrap() - s.score()).abs() < 1e-9, "{r}");
        if s.status == "approved" {
            let approve = json!({"decision": "approve"});
            expect(StatusCode::OK, self.manager.post(&format!("{path}/review"), approve).await);
        }
    }

    pub async fn build(app: &TestApp) -> Programme {
        let (manager, _) = Api::new(app, "manager").await;
        let (shopper, _) = Api::new(app, "shopper").await;
        let mut brand_ids = vec![];
        for (name, own) in BRANDS {
            let brand = json!({"name": name, "own": own});
            let b = expect(StatusCode::CREATED, manager.post("/api/v1/brands", brand).await);
            brand_ids.push(b["id"].as_i64().unwrap());
        }
        let mut location_ids = vec![];
        for (i, (b, channel, region)) in LOCATIONS.iter().enumerate() {
            let location = json!({
                "brand_id": brand_ids[*b], "name": format!("Place {i}"), "channel": channel,
                "region": region, "city": "Tehran", "address": "1 Main St",
                "phone": "+98 21 5555 0100", "timezone": "UTC"});
            let l = expect(StatusCode::CREATED, manager.post("/api/v1/locations", location).await);
            location_ids.push(l["id"].as_i64().unwrap());
        }
        let cl = expect(
            StatusCode::CREATED,
            manager.post("/api/v1/checklists", checklist("STF-02")).await,
        );
        let checklist_id = cl["id"].as_i64().unwrap();
        let versions = format!("/api/v1/checklists/{checklist_id}/versions");
        expect(StatusCode::OK, manager.post(&format!("{versions}/1/publish"), json!({})).await);
        let v1 = vec![
            spec(0, 1, "2026-01-10", [true, true], Some(true), "approved"),
            spec(0, 1, "2026-01-20", [true, false], Some(false), "approved"),
            spec(1, 1, "2026-02-14", [false, false], None, "approved"),
            spec(2, 1, "2026-02-03", [true, false], Some(true), "approved"),
            spec(3, 1, "2026-01-15", [true, true], Some(false), "approved"),
        ];
        let mut p =
            Programme { manager, shopper, brand_ids, location_ids, checklist_id, visits: vec![] };
        for s in &v1 {
            p.visit(s).await;
        }
        expect(StatusCode::CREATED, p.manager.post(&versions, checklist("STF-03")).await);
        expect(StatusCode::OK, p.manager.post(&format!("{versions}/2/publish"), json!({})).await);
        let v2 = vec![
            spec(3, 2, "2026-03-05", [true, false], Some(true), "approved"),
            spec(4, 2, "2026-03-20", [false, true], Some(true), "approved"),
            spec(0, 2, "2026-03-02", [false, true], Some(true), "approved"),
            // Awaiting review: counted only with include_pending.
            spec(4, 2, "2026-02-25", [true, true], Some(false), "submitted"),
        ];
        for s in &v2 {
            p.visit(s).await;
        }
        p.visits = v1.into_iter().chain(v2).collect();
        p
    }
}

/// n, mean and population standard deviation, two-pass.
pub fn describe(xs: &[f64]) -> (usize, Option<f64>, Option<f64>) {
    if xs.is_empty() {
        return (0, None, None);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (xs.len(), Some(mean), Some(var.sqrt()))
}

/// Per brand index, per metric: the values of the visits kept.
pub fn values_by_brand<'a>(
    visits: impl Iterator<Item = &'a Spec>,
) -> BTreeMap<usize, BTreeMap<String, Vec<f64>>> {
    let mut out: BTreeMap<usize, BTreeMap<String, Vec<f64>>> = BTreeMap::new();
    for v in visits {
        for (m, x) in v.values() {
            out.entry(v.brand).or_default().entry(m).or_default().push(x);
        }
        let channel = LOCATIONS[v.location].1;
        out.entry(v.brand)
            .or_default()
            .entry(format!("channel:{channel}"))
            .or_default()
            .push(v.score());
    }
    out
}
