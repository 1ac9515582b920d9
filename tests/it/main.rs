//! Integration tests: the real router over HTTP against a real database.
mod support;

mod accounts;
mod api_contract;
mod authz_matrix;
mod backup;
mod browser;
mod channels;
mod checklists;
mod dates;
mod demo;
mod exports;
mod gallery;
mod locales;
mod photo_pages;
mod photos;
mod places;
mod review_lists;
mod scorecard;
mod scorecard_page;
mod scorecard_phone;
mod sessions;
mod shell;
mod visit_crash;
mod visit_pages;
mod visit_races;
mod visits;
