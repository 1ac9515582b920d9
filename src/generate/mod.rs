//! `yardstick generate`: a realistic, deterministic programme for
//! benchmarks (and, with a small plan and other statuses, for a demo): ten
//! brands, locations over every channel and region, the built-in standard,
//! visits spread over the years with answers scored by the real scoring
//! code. Written with multi-row inserts in large transactions; the summary
//! rows come from the same [`summary::cells`] as approval uses, merged by
//! the same upsert, so they equal what approving each visit would give.
mod demo;
mod model;
mod sql;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};

use crate::accounts::users::{self, NewUser};
use crate::checklists::store as checklists;
use crate::checklists::{Section, applicable_criteria};
use crate::db::Db;
use crate::db::{Write, WriteRow};
use crate::entities::{location, user, visit};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, Msg};
use crate::places::Channel;
use crate::places::brands::{self, BrandInput};
use crate::scorecards::stats::Stat;
use crate::scorecards::summary::{self, CellKey, VisitFacts};
use crate::visits::{Status, scoring};
pub use demo::Place;
pub use model::Rng;

/// Own brands first; the rest are competitors.
const BRANDS: [(&str, bool, &str); 10] = [
    ("Yardstick Stores", true, "#1d4ed8"),
    ("Yardstick Express", true, "#0891b2"),
    ("Yardstick Online", true, "#4f46e5"),
    ("Northwind", false, "#b91c1c"),
    ("Contoso", false, "#c2410c"),
    ("Fabrikam", false, "#a16207"),
    ("Tailspin", false, "#15803d"),
    ("Wingtip", false, "#7e22ce"),
    ("Litware", false, "#be185d"),
    ("Adatum", false, "#475569"),
];

const REGIONS: [&str; 6] = ["North", "South", "East", "West", "Central", "Coast"];

#[derive(Clone, Debug)]
pub struct Plan {
    pub visits: u64,
    pub seed: u64,
    pub brands: usize,
    pub locations: usize,
    /// Visits happen over `years` before `end` (exclusive).
    pub years: u32,
    pub end: NaiveDate,
    /// Status of each visit, drawn by weight; approved-only for benchmarks.
    pub statuses: Vec<(Status, u32)>,
    /// Visits per transaction.
    pub batch: usize,
    /// Users are `<accounts>-<role>@example.com`, made when missing.
    pub accounts: &'static str,
    /// Language of the built-in standard and of review notes.
    pub locale: Locale,
    /// Named places (the demo); empty: every brand in every channel and
    /// region, round-robin, `locations` of them.
    pub places: Vec<Place>,
    /// Name, own, colour; empty: the benchmark's ten.
    pub brand_list: Vec<(String, bool, String)>,
}

impl Plan {
    pub fn benchmark(visits: u64, seed: u64) -> Plan {
        Plan {
            visits,
            seed,
            brands: 10,
            locations: 2000,
            years: 3,
            end: NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date"),
            statuses: vec![(Status::Approved, 1)],
            // Large: visits come in time order, so a batch's summary rows
            // merge into few upserts.
            batch: 10_000,
            accounts: "generated",
            locale: Locale::En,
            places: Vec::new(),
            brand_list: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub visits: u64,
    pub answers: u64,
    pub cells: u64,
}

async fn user_for(db: &impl Write, accounts: &str, role: &str) -> AppResult<user::Model> {
    let email = format!("{accounts}-{role}@example.com");
    if let Some(u) = users::find_by_email(db, &email).await? {
        return Ok(u);
    }
    let password = users::generate_password();
    let input = NewUser {
        email,
        name: format!("Generated {role}"),
        role: role.into(),
        password: password.clone(),
        password_confirm: password,
        locale: "en".into(),
    };
    users::create(db, None, &input).await
}

fn pick_status(rng: &mut Rng, statuses: &[(Status, u32)]) -> Status {
    let total: u32 = statuses.iter().map(|(_, w)| w).sum();
    let mut x = (rng.next_u64() % total.max(1) as u64) as u32;
    for (s, w) in statuses {
        if x < *w {
            return *s;
        }
        x -= w;
    }
    Status::Approved
}

/// Every brand in every channel and region, round-robin: the benchmark's
/// locations.
fn round_robin(plan: &Plan, brand_rows: &[crate::entities::brand::Model]) -> Vec<Place> {
    (0..plan.locations)
        .map(|i| {
            let b = i % plan.brands;
            let ch = Channel::ALL[(i / plan.brands) % Channel::ALL.len()];
            let region = REGIONS[(i / plan.brands / Channel::ALL.len()) % REGIONS.len()];
            Place {
                brand: b,
                channel: ch,
                name: format!("{} {} {i:04}", brand_rows[b].name, ch.as_str()),
                region: region.into(),
                city: format!("{region} City"),
                ..Place::default()
            }
        })
        .collect()
}

/// Fills an empty database with the plan's programme.
pub async fn generate(db: &Db, plan: &Plan, mut progress: impl FnMut(u64)) -> AppResult<Report> {
    if visit::Entity::find().count(db).await? > 0 {
        return Err(AppError::Conflict(Msg::new("generate-not-empty")));
    }
    let mut rng = Rng::new(plan.seed);
    let manager = user_for(db, plan.accounts, "manager").await?;
    let shopper = user_for(db, plan.accounts, "shopper").await?;
    let version = checklists::add_builtin(db, manager.id, plan.locale).await?;
    let sections = checklists::load_doc(db, &version).await?.to_scoring();
    let categories: Vec<String> = sections.iter().map(|s| s.category.clone()).collect();

    let mut brand_rows = Vec::new();
    for i in 0..plan.brands {
        let list: Vec<(&str, bool, &str)> = if plan.brand_list.is_empty() {
            BRANDS.to_vec()
        } else {
            plan.brand_list.iter().map(|(n, o, c)| (n.as_str(), *o, c.as_str())).collect()
        };
        let (name, own, color) = list[i % list.len()];
        let name = if i < list.len() { name.to_owned() } else { format!("{name} {i}") };
        let input = BrandInput { name, own, color: color.into() };
        brand_rows.push(brands::create(db, manager.id, &input).await?);
    }
    let quality = model::Quality::draw(&mut rng, plan.brands, &categories, Channel::ALL.len());
    // A visit answers only the criteria for its location's channel.
    let by_channel: Vec<Vec<Section>> =
        Channel::ALL.iter().map(|c| applicable_criteria(&sections, *c)).collect();

    let places =
        if plan.places.is_empty() { round_robin(plan, &brand_rows) } else { plan.places.clone() };
    let now = Utc::now();
    let mut locations = Vec::with_capacity(places.len());
    for p in places {
        let ch = Channel::ALL.iter().position(|c| *c == p.channel).unwrap_or(0);
        let l = location::ActiveModel {
            brand_id: Set(brand_rows[p.brand].id),
            name_key: Set(brands::name_key(&p.name)),
            name: Set(p.name),
            channel: Set(p.channel.as_str().into()),
            region: Set(p.region),
            city: Set(p.city),
            address: Set(p.address),
            url: Set(p.url),
            phone: Set(p.phone),
            email: Set(p.email),
            latitude: Set(p.at.map(|a| a.0)),
            longitude: Set(p.at.map(|a| a.1)),
            timezone: Set(p.timezone),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert_row(db)
        .await?;
        let local = rng.noise(0.04);
        locations.push((l, p.brand, ch, local));
    }

    let end = Utc.from_utc_datetime(&plan.end.and_hms_opt(0, 0, 0).expect("midnight"));
    let span = (plan.end
        - plan.end.checked_sub_months(chrono::Months::new(12 * plan.years)).expect("in range"))
    .num_seconds();
    let start = end - Duration::seconds(span);
    let mut report = Report::default();
    let mut done = 0u64;
    let note = plan.locale.t("demo-answer-note");
    while done < plan.visits {
        let n = (plan.visits - done).min(plan.batch as u64);
        let mut rows = sql::Rows::new(plan.locale.t("demo-review-note"));
        let mut cells: HashMap<CellKey, Stat> = HashMap::new();
        for k in 0..n {
            // Spread evenly over the span, jittered, so months fill alike.
            let slot = (done + k) as f64 + rng.unit();
            let at = start + Duration::seconds((span as f64 * slot / plan.visits as f64) as i64);
            let (loc, b, ch, local) = &locations[rng.below(locations.len())];
            let own = brand_rows[*b].own;
            let progress = slot / plan.visits as f64;
            let visit_noise = rng.noise(0.06) + local;
            let sections = &by_channel[*ch];
            let answers = model::answers(&mut rng, sections, &note, |cat| {
                quality.chance(*b, own, *ch, cat, progress, visit_noise)
            });
            let score = scoring::score_visit(sections, |c| answers.get(c));
            let status = pick_status(&mut rng, &plan.statuses);
            let id = rng.uuid().to_string();
            rows.visit(&id, shopper.id, manager.id, loc.id, version.id, status, at, &score);
            rows.answers(&id, sections, &answers, &score);
            if status == Status::Approved {
                let facts = VisitFacts {
                    brand_id: loc.brand_id,
                    channel: loc.channel.clone(),
                    region: loc.region.clone(),
                    checklist_id: version.checklist_id,
                    started_at: at,
                    score: score.score,
                    sections: score
                        .sections
                        .iter()
                        .filter_map(|s| Some((s.category.clone(), s.pct?)))
                        .collect(),
                    criteria: score
                        .criteria
                        .iter()
                        .filter_map(|c| match (c.earned, c.possible) {
                            (Some(e), Some(p)) if p > 0.0 => Some((c.code.clone(), 100.0 * e / p)),
                            _ => None,
                        })
                        .collect(),
                };
                summary::accumulate(&mut cells, &facts);
            }
        }
        let mut batch = db.batch();
        report.answers += rows.push_into(&mut batch);
        summary::add_all(&mut batch, &cells);
        db.apply(batch).await?;
        done += n;
        report.visits = done;
        progress(done);
    }
    report.cells = crate::entities::scorecard_cell::Entity::find().count(db).await?;
    Ok(report)
}
