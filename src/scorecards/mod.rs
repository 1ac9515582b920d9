//! Scorecards: own brands against competitors, from summary rows kept at
//! approval plus a live part for edge days and visits awaiting review.
//! Pages and the API call [`query::scorecard`] and [`query::trend`].
pub mod criterion;
pub mod export;
pub mod filters;
pub mod labels;
pub mod query;
pub mod rows;
pub mod stats;
pub mod summary;

pub use filters::{FilterQuery, Filters, Interval};
pub use stats::Stat;
