//! Visits: starting and editing one, its form and photos, the list, the
//! report with its review, and the review queue.
pub mod edit;
mod form;
pub mod list;
pub mod offline;
pub mod photos;
pub mod report;
