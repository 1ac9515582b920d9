//! Yardstick: mystery shopping and competitor benchmarking.
//!
//! Domain modules (`accounts`, ...) know nothing of HTTP; `web` is the thin
//! layer that parses requests, authorises, calls the domain and renders.
pub mod accounts;
pub mod actions;
pub mod app;
pub mod assignments;
pub mod audit;
pub mod backup;
pub mod checklists;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod evidence;
pub mod generate;
pub mod i18n;
pub mod notifications;
pub mod places;
pub mod rounds;
pub mod scorecards;
pub mod telemetry;
pub mod visits;
pub mod web;

#[cfg(test)]
mod layers;

pub use app::App;
pub use error::{AppError, AppResult};
