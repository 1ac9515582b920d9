//! Brands and locations, and importing locations from a file.
pub mod brands;
pub mod import;
pub mod locations;
