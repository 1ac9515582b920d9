//! sea-orm entities, one file per table. Plain data: rules live in the
//! domain modules.
pub mod api_token;
pub mod audit_log;
pub mod brand;
pub mod location;
pub mod login_failure;
pub mod session;
pub mod setup_token;
pub mod user;
