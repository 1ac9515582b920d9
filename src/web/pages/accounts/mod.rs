//! Signing in, first-run setup, one's own account, and user administration.
pub mod account;
pub mod auth;
pub mod setup;
pub mod users;
