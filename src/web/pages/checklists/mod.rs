//! Checklists: the list and versions, and the editor of a draft.
pub mod criterion_editor;
pub mod editor;
pub mod list;
