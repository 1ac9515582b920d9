//! sea-orm entities, one file per table. Plain data: rules live in the
//! domain modules.
pub mod api_token;
pub mod assignment;
pub mod audit_log;
pub mod brand;
pub mod checklist;
pub mod checklist_criterion;
pub mod checklist_section;
pub mod checklist_version;
pub mod location;
pub mod login_failure;
pub mod session;
pub mod setup_token;
pub mod user;
pub mod visit;
pub mod visit_answer;
pub mod visit_section;
