//! Visit scores by day and channel (the `day_chan` summary rows): the
//! per-channel columns and a channel's monthly trend over partial months
//! read them instead of the visits, and must give what reading the visits
//! live gives; and the migration that fills them in for visits approved
//! before must write what approval writes.
use std::collections::BTreeMap;

use chrono::Datelike;
use sea_orm::ConnectionTrait;
use yardstick::accounts::Actor;
use yardstick::db::exec_sql;
use yardstick::entities::scorecard_cell;
use yardstick::generate::{self, Plan};
use yardstick::scorecards::rows::{self, GroupBy, day_bounds};
use yardstick::scorecards::summary::{BY_DAY_CHANNEL, CATEGORY, CRITERION, OVERALL};
use yardstick::scorecards::{FilterQuery, Filters, Interval, Stat, query};
use yardstick::visits::Status;

use crate::support::{TestApp, summary};

/// A year of visits (about five a day, times spread over the whole day),
/// every brand in every channel, and some visits not approved.
fn plan() -> Plan {
    Plan {
        locations: 70,
        years: 1,
        batch: 500,
        statuses: vec![(Status::Approved, 4), (Status::Submitted, 1), (Status::Returned, 1)],
        ..Plan::benchmark(2000, 11)
    }
}

async fn manager(app: &TestApp) -> Actor {
    let user =
        yardstick::accounts::users::find_by_email(&app.app.db, "generated-manager@example.com")
            .await
            .unwrap()
            .expect("the generator made a manager");
    Actor::from_user(user, None).unwrap()
}

fn filters(from: &str, to: &str, channel: &str, region: &str) -> Filters {
    let q = FilterQuery {
        from: from.into(),
        to: to.into(),
        channel: channel.into(),
        region: region.into(),
        ..Default::default()
    };
    q.parse().unwrap()
}

fn close(got: Option<&Stat>, want: &Stat, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what}: missing, want {want:?}"));
    assert_eq!(got.n, want.n, "{what}: {got:?} {want:?}");
    assert!(
        (got.sum - want.sum).abs() < 1e-6 && (got.sumsq - want.sumsq).abs() < 1e-6,
        "{what}: {got:?} {want:?}"
    );
}

#[tokio::test]
async fn channel_figures_over_partial_months_equal_the_visits_read_live() {
    let app = TestApp::spawn().await;
    let db = &app.app.db;
    generate::generate(db, &plan(), |_| {}).await.unwrap();
    let actor = manager(&app).await;
    let channels = GroupBy { channel: true, ..Default::default() };
    let metrics = GroupBy { metric: true, ..Default::default() };

    // Last 30 days (October without its first day), edges in two months,
    // and a single day.
    let mut compared = 0;
    let ranges = [("2026-10-02", "2026-10-31"), ("2026-08-17", "2026-10-12"), ("2026-09-03", "")];
    for (from, to) in ranges {
        let to = if to.is_empty() { from } else { to };
        for channel in ["", "store", "phone"] {
            let what = format!("{from}..{to} channel={channel}");
            let f = filters(from, to, channel, "");
            // The channel columns come from the day rows by channel; the
            // other figures, with a channel filter, are still read live.
            assert!(rows::days_answer(&f, channels, true), "{what}");
            assert_eq!(rows::days_answer(&f, metrics, false), channel.is_empty(), "{what}");

            let card = query::scorecard(db, &actor, &f).await.unwrap();
            let live =
                rows::live(db, &["approved"], day_bounds(f.from, f.to), &f, false).await.unwrap();
            let mut want_channels: BTreeMap<(i32, String), Stat> = BTreeMap::new();
            let mut want_metrics: BTreeMap<(i32, String), Stat> = BTreeMap::new();
            for r in &live {
                if r.metric == OVERALL {
                    want_channels.entry((r.brand_id, r.channel.clone())).or_default().add(r.stat);
                }
                want_metrics.entry((r.brand_id, r.metric.clone())).or_default().add(r.stat);
            }
            compared += want_channels.len();

            let mut got_channels = BTreeMap::new();
            let mut got_metrics = BTreeMap::new();
            for b in &card.brands {
                let id = b.brand.id;
                for (ch, s) in &b.channels {
                    got_channels.insert((id, ch.clone()), *s);
                }
                let mut put = |m: String, s: &Stat| {
                    if s.n > 0 {
                        got_metrics.insert((id, m), *s);
                    }
                };
                put(OVERALL.into(), &b.overall);
                b.categories.iter().for_each(|(c, s)| put(format!("{CATEGORY}{c}"), s));
                b.criteria.iter().for_each(|(c, s)| put(format!("{CRITERION}{c}"), s));
            }
            let keys = |m: &BTreeMap<(i32, String), Stat>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&got_channels), keys(&want_channels), "{what}");
            for (k, s) in &want_channels {
                close(got_channels.get(k), s, &format!("{what} {k:?}"));
            }
            assert_eq!(keys(&got_metrics), keys(&want_metrics), "{what}");
            for (k, s) in &want_metrics {
                close(got_metrics.get(k), s, &format!("{what} {k:?}"));
            }

            // A channel's monthly trend reads the same day rows.
            let trend = query::trend(db, &actor, &f, Interval::Month).await.unwrap();
            let mut want: BTreeMap<(i32, String), Stat> = BTreeMap::new();
            for (brand, at, score) in
                rows::points(db, &["approved"], day_bounds(f.from, f.to), &f).await.unwrap()
            {
                let month = format!("{}-{:02}", at.year(), at.month());
                want.entry((brand, month)).or_default().add(Stat::of(score));
            }
            let mut got = BTreeMap::new();
            for series in &trend {
                for (period, s) in &series.points {
                    got.insert((series.brand.id, period.clone()), *s);
                }
            }
            assert_eq!(keys(&got), keys(&want), "{what} trend");
            for (k, s) in &want {
                close(got.get(k), s, &format!("{what} trend {k:?}"));
            }
        }
    }
    assert!(compared > 150, "only {compared} brand and channel figures compared");
    // A region filter still reads the edge days live, whatever is asked.
    let f = filters("2026-10-02", "2026-10-31", "store", "North");
    assert!(!rows::days_answer(&f, channels, true));
    assert!(!rows::days_answer(&f, GroupBy::default(), true));
}

/// The summary rows of one grain, ordered.
async fn rows_of(db: &impl ConnectionTrait, grain: &str) -> Vec<scorecard_cell::Model> {
    summary::all_rows(db).await.into_iter().filter(|r| r.grain == grain).collect()
}

const MIGRATION: &str = "m20261204_000009_scorecard_day_channel";

#[tokio::test]
async fn the_migration_fills_in_day_channel_rows_as_approval_writes_them() {
    let app = TestApp::spawn().await;
    let db = &app.app.db;
    // The generator writes the rows `summary::cells` gives, as approval does.
    generate::generate(db, &plan(), |_| {}).await.unwrap();
    let written = rows_of(db, BY_DAY_CHANNEL).await;
    assert!(written.len() > 500, "{} rows", written.len());
    let others = summary::all_rows(db).await.len() - written.len();

    // A database from before: no such rows, the migration not applied.
    let gone =
        exec_sql(db, &format!("DELETE FROM scorecard_cells WHERE grain = '{BY_DAY_CHANNEL}'"))
            .await
            .unwrap();
    assert_eq!(gone, written.len() as u64);
    let unapplied =
        exec_sql(db, &format!("DELETE FROM seaql_migrations WHERE version = '{MIGRATION}'"))
            .await
            .unwrap();
    assert_eq!(unapplied, 1, "the migration is registered");

    // Opening it again, as the app does at every start, migrates it.
    drop(yardstick::db::Db::open(&app.app.config.database_url).await.unwrap());
    let filled = rows_of(db, BY_DAY_CHANNEL).await;
    assert_eq!(filled.len(), written.len());
    for (got, want) in filled.iter().zip(&written) {
        let key = |r: &scorecard_cell::Model| {
            (r.brand_id, r.checklist_id, r.period, r.channel.clone(), r.region.clone())
        };
        assert_eq!((key(got), &got.metric, got.n), (key(want), &want.metric, want.n));
        assert!(
            (got.total - want.total).abs() < 1e-6 && (got.squares - want.squares).abs() < 1e-6,
            "{got:?} {want:?}"
        );
    }
    assert_eq!(summary::all_rows(db).await.len() - filled.len(), others, "other grains kept");
}
