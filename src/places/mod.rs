//! Brands (own or competitor) and their locations: the touchpoints where a
//! customer meets a brand.
pub mod brands;
mod channel;
pub mod import;
mod location_input;
pub mod locations;

pub use channel::Channel;
