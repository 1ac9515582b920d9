//! Users, roles, passwords, API tokens, login throttling and first setup.
mod actor;
pub mod passwords;
mod role;
pub mod sessions;
pub mod setup;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use actor::Actor;
pub use role::Role;
