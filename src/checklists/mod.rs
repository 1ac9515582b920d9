//! Checklists: the document managers import, edit and export (API.md
//! "Checklist document"), and the checks a version must pass before it is
//! published. Both are pure, so the JSON API, the editor pages and the
//! built-in checklists share one definition of what a valid checklist is.
//!
//! - [`document`]: the serde types, defaults and export shape, and the
//!   conversion of a valid document into the scoring model.
//! - [`validate`]: every problem in a document, each with the path of the
//!   offending field and a translatable message.
//! - [`store`]: versions in the database; drafts change, published ones never.
//! - [`shape`]: what a criterion and section are, as scoring reads them.
//! - [`cache`]: published versions' scoring model, loaded once.
pub mod cache;
pub mod document;
pub mod edit;
pub mod shape;
pub mod store;
pub mod validate;

pub use shape::{
    ChoiceOption, Criterion, Direction, Kind, NUMBER_DEFAULT_MIN, PhotoRule, Range, Section,
    applicable_criteria, for_channel,
};
