//! Browser tests: headless Chromium in a phone-sized window, driven through
//! chromedriver against the real server. Skipped with a note when Debian's
//! `chromium` and `chromium-driver` are missing, unless
//! `YARDSTICK_REQUIRE_BROWSER=1` (as in CI) makes that a failure. The same
//! holds for axe-core (`npm ci --prefix tests/browser`), which checks the
//! visit form's accessibility.
//!
//! `driver` starts the browser and holds the page helpers; the tests are by
//! area: a manager's setup (`manager`), right-to-left pages (`locale`), the
//! shopper's visit form (`visit_form`, and as a shopper in a shop finds it:
//! `field_form`), the scorecard (`scorecard`), and review and lists on a
//! phone with a report's printout (`review_lists`); and every page in
//! English and Persian, with screenshots (`sweep`); the actions on
//! failures on a phone (`actions`).
mod actions;
mod driver;
mod field_form;
mod locale;
mod manager;
mod notifications;
mod offline;
mod review_lists;
mod rounds;
mod scorecard;
mod sweep;
mod visit_form;
