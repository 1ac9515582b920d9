//! Benchmark: one round over 2,000 locations (10 brands) and 50 shoppers,
//! run over consecutive monthly periods so that the 90-day lockout bites,
//! on SQLite or on `YARDSTICK_BENCH_DATABASE_URL`. Prints the time of each
//! run and the fairness figures: assignments per shopper (max - min, over
//! the whole run and per period) and lockout violations, counted again here
//! from the stored assignments rather than trusted from the allocator.
//!
//! cargo run --release --example bench_rounds [-- MONTHS]
use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use yardstick::App;
use yardstick::accounts::users::{self, NewUser};
use yardstick::accounts::{Actor, Role};
use yardstick::config::Config;
use yardstick::entities::{assignment, user};
use yardstick::rounds::{self, RoundInput};

const LOCATIONS: usize = 2_000;
const SHOPPERS: usize = 50;
const BRANDS: usize = 10;
const LOCKOUT: i64 = 90;

fn e(e: yardstick::AppError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.plain_message())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let months: u32 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(6);
    let dir = tempfile::tempdir()?;
    let mut config = Config::for_data_dir(dir.path().to_path_buf());
    if let Ok(url) = std::env::var("YARDSTICK_BENCH_DATABASE_URL") {
        config.database_url = url;
    }
    let app = App::build(config).await?;
    let db = &app.db;
    let password = "tangerine orbit cello 42";
    let new_user = |email: String, role: &str| NewUser {
        email,
        name: "Bench".into(),
        role: role.into(),
        password: password.into(),
        password_confirm: password.into(),
        locale: "en".into(),
    };
    let manager =
        users::create(db, None, &new_user("m@example.com".into(), "manager")).await.map_err(e)?;
    let mut brand_ids = Vec::new();
    for b in 0..BRANDS {
        let input = yardstick::places::brands::BrandInput {
            name: format!("Brand {b}"),
            own: b < 3,
            color: String::new(),
        };
        brand_ids
            .push(yardstick::places::brands::create(db, manager.id, &input).await.map_err(e)?.id);
    }
    let mut csv = String::from("brand,name,channel,region,city,address,url,timezone\n");
    for i in 0..LOCATIONS {
        csv.push_str(&format!(
            "Brand {},Store {i:05},store,Region {},City,{i} Main St,,UTC\n",
            i % BRANDS,
            i % 5
        ));
    }
    yardstick::places::import::import(db, manager.id, &csv).await.map_err(e)?;
    let v = yardstick::checklists::store::add_builtin(db, manager.id, yardstick::i18n::Locale::En)
        .await
        .map_err(e)?;
    let mut shoppers = Vec::new();
    for s in 0..SHOPPERS {
        let u = users::create(db, None, &new_user(format!("s{s}@example.com"), "shopper"))
            .await
            .map_err(e)?;
        shoppers.push(u.id);
    }
    let actor = Actor { user: manager.clone(), role: Role::Manager, token_id: None };
    // One shopper in five works for one of our brands: never sent there.
    for (k, s) in shoppers.iter().enumerate().filter(|(k, _)| k % 5 == 0) {
        rounds::set_exclusions(db, &actor, *s, &[brand_ids[k % 3]]).await.map_err(e)?;
    }
    let input = RoundInput {
        name: "Monthly benchmark".into(),
        checklist_id: Some(v.checklist_id),
        every: "months".into(),
        interval: "1".into(),
        start_on: "2027-01-01".into(),
        opens_day: "1".into(),
        due_day: "20".into(),
        shopper_ids: shoppers.clone(),
        lockout_days: LOCKOUT.to_string(),
        ..Default::default()
    };
    let round = rounds::create(db, &actor, &input).await.map_err(e)?;
    println!(
        "{} locations, {} brands, {} shoppers ({} with an excluded brand), lockout {LOCKOUT} days, \
         {months} monthly periods; database {}",
        LOCATIONS,
        BRANDS,
        SHOPPERS,
        SHOPPERS.div_ceil(5),
        if db.backend() == sea_orm::DbBackend::Postgres { "PostgreSQL" } else { "SQLite" }
    );

    let mut times = Vec::new();
    for m in 0..months {
        let day = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap() + chrono::Months::new(m);
        let started = Instant::now();
        let runs = rounds::run::run(db, day).await.map_err(e)?;
        let took = started.elapsed();
        times.push(took.as_secs_f64());
        let made: usize = runs.iter().map(|r| r.made.len()).sum();
        let blocked: usize = runs.iter().map(|r| r.blocked.len()).sum();
        println!("run for {day}: {took:.2?}, made {made}, no one may take {blocked}");
    }
    let last = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap() + chrono::Months::new(months - 1);
    let started = Instant::now();
    let again = rounds::run::run(db, last).await.map_err(e)?;
    let made_again: usize = again.iter().map(|r| r.made.len()).sum();
    println!("second run of the last period: {:.2?}, made {made_again}", started.elapsed());

    // Fairness and the lockout, from what is stored.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let all = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.model.id))
        .all(db)
        .await?;
    let active: Vec<i32> = user::Entity::find()
        .filter(user::Column::Role.eq("shopper"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mut per: BTreeMap<i32, usize> = active.iter().map(|s| (*s, 0)).collect();
    let mut per_period: BTreeMap<NaiveDate, BTreeMap<i32, usize>> = BTreeMap::new();
    let mut visits: BTreeMap<(i32, i32), Vec<(NaiveDate, NaiveDate)>> = BTreeMap::new();
    for a in &all {
        *per.entry(a.shopper_id).or_default() += 1;
        let p = per_period
            .entry(a.period_start.unwrap())
            .or_insert_with(|| active.iter().map(|s| (*s, 0)).collect());
        *p.entry(a.shopper_id).or_default() += 1;
        visits.entry((a.shopper_id, a.location_id)).or_default().push((a.opens_on, a.due_on));
    }
    let spread = |m: &BTreeMap<i32, usize>| {
        m.values().max().copied().unwrap_or(0) - m.values().min().copied().unwrap_or(0)
    };
    let mut violations = 0;
    for list in visits.values_mut() {
        list.sort();
        for w in list.windows(2) {
            if (w[1].0 - w[0].1).num_days() < LOCKOUT {
                violations += 1;
            }
        }
    }
    let excluded_violations = {
        let locs = yardstick::entities::location::Entity::find().all(db).await?;
        let brand_of: BTreeMap<i32, i32> = locs.iter().map(|l| (l.id, l.brand_id)).collect();
        all.iter()
            .filter(|a| {
                let k = shoppers.iter().position(|s| *s == a.shopper_id).unwrap();
                k % 5 == 0 && brand_of[&a.location_id] == brand_ids[k % 3]
            })
            .count()
    };
    times.sort_by(f64::total_cmp);
    println!(
        "assignments made: {}; per shopper over all periods: min {}, max {}, max - min {}",
        all.len(),
        per.values().min().unwrap(),
        per.values().max().unwrap(),
        spread(&per)
    );
    let worst_period = per_period.values().map(spread).max().unwrap_or(0);
    println!("worst max - min within one period: {worst_period}");
    println!("lockout violations: {violations}; excluded-brand violations: {excluded_violations}");
    println!(
        "time per run: median {:.3} s, max {:.3} s",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    Ok(())
}
