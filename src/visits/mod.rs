//! Visits: a shopper's report of one visit against one checklist version,
//! from draft to review; scoring is the pure core.
pub mod answers;
pub mod draft;
pub mod report;
pub mod review;
pub mod scoring;
mod status;
pub mod store;
pub mod submit;

pub use status::Status;
