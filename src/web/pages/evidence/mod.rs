//! The photo gallery.
pub mod gallery;
