//! Database schema for Yardstick, as SeaQuery builders that run on SQLite and
//! PostgreSQL alike. Migrations never import the application's entities, so an
//! old migration keeps meaning what it meant when it was written.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_accounts;
mod m20261123_000002_places;
mod m20261123_000003_checklists;
mod m20261123_000004_visits;
mod m20261130_000005_photos;
mod m20261130_000006_scorecards;
mod m20261130_000007_photo_reviews;
mod m20261201_000008_visit_revision;
mod m20261204_000009_scorecard_day_channel;
mod m20261205_000010_criterion_channels;
mod m20261205_000011_scorecard_period_index;
mod m20261205_000012_offline_capture;
mod m20261206_000013_rounds;
mod m20261206_000014_notifications;
mod m20261206_000015_actions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_accounts::Migration),
            Box::new(m20261123_000002_places::Migration),
            Box::new(m20261123_000003_checklists::Migration),
            Box::new(m20261123_000004_visits::Migration),
            Box::new(m20261130_000005_photos::Migration),
            Box::new(m20261130_000006_scorecards::Migration),
            Box::new(m20261130_000007_photo_reviews::Migration),
            Box::new(m20261201_000008_visit_revision::Migration),
            Box::new(m20261204_000009_scorecard_day_channel::Migration),
            Box::new(m20261205_000010_criterion_channels::Migration),
            Box::new(m20261205_000011_scorecard_period_index::Migration),
            Box::new(m20261205_000012_offline_capture::Migration),
            Box::new(m20261206_000013_rounds::Migration),
            Box::new(m20261206_000014_notifications::Migration),
            Box::new(m20261206_000015_actions::Migration),
        ]
    }
}
