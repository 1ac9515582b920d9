//! Every page a user can reach, at 390x844, in English and in Persian
//! (issue 14), on the demo programme loaded in that language, as each role
//! sees it. On every page: nothing is wider than the phone, no raw locale
//! key shows, axe-core finds nothing serious or critical, and a full-page
//! screenshot goes to `target/screenshots/<role>-<page>-<locale>.png`
//! (CI's artifacts). On Persian pages also: no English word from the
//! English locale file and no Gregorian date in the visible text.
//!
//! The problems of all pages are gathered and reported together, so one
//! run lists everything there is to fix.
use std::collections::BTreeSet;
use std::path::PathBuf;

use base64::Engine;
use chrono::Datelike;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use thirtyfour::prelude::*;
use yardstick::demo::{self, Login};
use yardstick::entities::{assignment, checklist, checklist_version, location, photo, user, visit};
use yardstick::i18n::Locale;

use super::driver::{
    ONE_BROWSER_AT_A_TIME, Phone, axe_source, axe_violations, cdp, js, path_of, press, start_phone,
    type_into,
};
use crate::support::TestApp;

/// The phone's width, in CSS pixels.
const WIDTH: f64 = 390.0;

/// Latin words that may stay on a Persian page, each with its reason.
/// Everything else from the English locale file is an untranslated string.
const LATIN_ALLOWED: &[(&str, &str)] = &[
    ("yardstick", "the product's name (`app-name`), a name like a brand's"),
    ("n", "the statistician's symbol for the number of visits behind a mean"),
    ("csv", "a file format's name (exports, the locations' import)"),
    ("json", "a file format's name (the checklists' import and export)"),
    ("api", "the acronym, as Persian technical writing has it (the API tokens)"),
    ("full", "an option key in the example of the choice format; keys are Latin"),
    ("tehran", "time zones are named in English (IANA); the hint says to type them so"),
    ("dubai", "time zones are named in English (IANA); the hint says to type them so"),
    ("london", "time zones are named in English (IANA); the hint says to type them so"),
];

/// Pages whose README picture (the top of the page, 390x844) is kept in
/// `target/screenshots/readme/` besides the full page; `tests/screenshots/`
/// holds the copies the README shows.
const README_PICTURES: &[&str] =
    &["shopper-visit-form-fa", "manager-scorecard-en", "manager-report-fa", "trainer-gallery-en"];

fn screenshots_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(dir.join("readme")).unwrap();
    dir
}

/// The words of the English locale file's messages (placeables, variant
/// keys and the keys themselves left out), lower-cased, and the keys.
fn english() -> (BTreeSet<String>, BTreeSet<String>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/locales/en");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "ftl") {
            text += &std::fs::read_to_string(path).unwrap();
            text.push('\n');
        }
    }
    let key = regex::Regex::new(r"^([a-z][a-z0-9-]*)\s*=(.*)$").unwrap();
    let attr = regex::Regex::new(r"^\s+\.[a-z0-9-]+\s*=(.*)$").unwrap();
    let placeable =
        regex::Regex::new(r"\{[^{}\[\]]*\}|\*?\[[a-z0-9-]+\]|\$[a-z0-9_-]+|->").unwrap();
    let word = regex::Regex::new(r"[A-Za-z]+").unwrap();
    let (mut words, mut keys) = (BTreeSet::new(), BTreeSet::new());
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let value = if let Some(c) = key.captures(line) {
            keys.insert(c[1].to_owned());
            c[2].to_owned()
        } else if let Some(c) = attr.captures(line) {
            c[1].to_owned()
        } else {
            line.to_owned()
        };
        let value = placeable.replace_all(&value, " ");
        words.extend(word.find_iter(&value).map(|w| w.as_str().to_lowercase()));
    }
    (words, keys)
}

/// The text a reader meets on the page, one entry per text node, with
/// where it is: what is hidden (`display: none`, `hidden`) is left out;
/// what sits in a closed menu or a select's options is in. Text marked in
/// another language (the language links, `lang=en`), machine text
/// (`code`, `pre`: a CSV's columns, category keys) and the small Gregorian
/// hint beside a Solar Hijri date (`.gregorian`) are left out.
const VISIBLE_TEXT: &str = r#"
const lang = document.documentElement.lang, out = [], seen = new Map();
const hidden = (e) => {
  if (!e) return false;
  if (seen.has(e)) return seen.get(e);
  const h = e.hidden || getComputedStyle(e).display === 'none' || hidden(e.parentElement);
  seen.set(e, h);
  return h;
};
const where = (e) => {
  const parts = [];
  for (let n = e; n && n !== document.body && parts.length < 3; n = n.parentElement) {
    parts.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
      + (n.classList.length ? '.' + [...n.classList].join('.') : ''));
  }
  return parts.join(' > ');
};
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walk.nextNode(); n; n = walk.nextNode()) {
  const t = n.nodeValue.replace(/\s+/g, ' ').trim();
  const e = n.parentElement;
  if (!t || e.closest('script, style, noscript, template, code, pre, kbd, samp, .gregorian')) continue;
  const marked = e.closest('[lang]');
  if (marked && marked.lang !== lang) continue;
  if (hidden(e)) continue;
  out.push([t, where(e)]);
}
return out;
"#;

/// What the checks need to know, read once.
struct Rules {
    words: BTreeSet<String>,
    keys: BTreeSet<String>,
    axe: Option<String>,
    /// Things that are Latin but no words: e-mail addresses, web
    /// addresses and host names (`bad-shomal.example`), codes (`STO-01`,
    /// `ACC-03`), time zones (`Asia/Tehran`).
    not_words: regex::Regex,
    gregorian: Vec<(regex::Regex, &'static str)>,
}

impl Rules {
    fn new() -> Rules {
        let (words, keys) = english();
        let months = "January|February|March|April|May|June|July|August|September|October\
                      |November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
        let gregorian = vec![
            (regex::Regex::new(r"\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b").unwrap(), "an ISO date"),
            (regex::Regex::new(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b").unwrap(), "a d/m/y date"),
            (regex::Regex::new(r"\b(?:19|20)\d{2}\b").unwrap(), "a Gregorian year"),
            (regex::Regex::new(&format!(r"\b(?:{months})\b")).unwrap(), "an English month"),
            (
                regex::Regex::new(
                    r"\b(?:ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر)\b",
                )
                .unwrap(),
                "a Gregorian month in Persian",
            ),
        ];
        Rules {
            words,
            keys,
            axe: None,
            not_words: regex::Regex::new(concat!(
                r"[\w.+-]+@[\w.-]+|https?://\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\b",
                r"|\b[A-Z]{2,}-\d+\b|\b[A-Z][a-z]+/[A-Za-z_/]+\b",
            ))
            .unwrap(),
            gregorian,
        }
    }
}

/// Persian and Arabic digits read as ASCII, so one pattern finds a year
/// in either.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            c => c,
        })
        .collect()
}

/// A page of the sweep: who sees it, its short name, and where it is.
struct Page {
    role: &'static str,
    name: String,
    path: String,
}

/// The sweep through one browser: the rules, and what it found.
struct Sweep<'a> {
    phone: &'a Phone,
    d: &'a WebDriver,
    app: &'a TestApp,
    rules: &'a Rules,
    lang: &'static str,
    problems: Vec<String>,
    seen: usize,
}

impl Sweep<'_> {
    async fn check(&mut self, page: &Page) {
        self.d.goto(self.app.url(&page.path)).await.unwrap();
        self.check_here(page).await;
    }

    /// Checks the page the browser is on.
    async fn check_here(&mut self, page: &Page) {
        let d = self.d;
        let label = format!("{}-{}-{} ({})", page.role, page.name, self.lang, page.path);
        self.seen += 1;
        let mut found = Vec::new();

        let at = path_of(d).await;
        let wanted = page.path.split('?').next().unwrap();
        if at != wanted {
            found.push(format!("ended on {at}, not {wanted}"));
        }
        let error = js(
            d,
            "const e = document.querySelector('.error-page'); return e && e.innerText;",
            vec![],
        )
        .await;
        if let Some(e) = error.as_str() {
            found.push(format!("an error page: {e:?}"));
        }
        if js(d, "return document.documentElement.lang;", vec![]).await != json!(self.lang) {
            found.push(format!("the page is not in {}", self.lang));
        }

        let v = js(
            d,
            "return [document.documentElement.scrollWidth, window.innerWidth,
                     [...document.querySelectorAll('body *')].filter((e) => {
                        const r = e.getBoundingClientRect();
                        return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1)
                          && !e.closest('.table-wrap, .sr-only, .skip-link');
                     }).slice(0, 3).map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))];",
            vec![],
        )
        .await;
        let (scroll, inner) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
        if scroll > WIDTH || inner != WIDTH {
            found.push(format!(
                "{scroll}px wide in a {inner}px window on a {WIDTH}px phone; sticking out: {}",
                v[2]
            ));
        }

        let text = js(d, VISIBLE_TEXT, vec![]).await;
        let text: Vec<(String, String)> = text
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_owned(), p[1].as_str().unwrap().to_owned()))
            .collect();
        let mut said = BTreeSet::new();
        for (t, at) in &text {
            for token in t.split_whitespace() {
                let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-');
                // One-word keys (`edit`) are words too; a key with a dash
                // (`nav-home`) is not.
                if token.contains('-')
                    && self.rules.keys.contains(token)
                    && said.insert(token.to_owned())
                {
                    found.push(format!("raw key {token:?} in {at}: {t:?}"));
                }
            }
            if self.lang != "fa" {
                continue;
            }
            let plain = self.rules.not_words.replace_all(t, " ");
            for w in plain.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
                let lower = w.to_lowercase();
                let allowed = LATIN_ALLOWED.iter().any(|(a, _)| *a == lower);
                if self.rules.words.contains(&lower) && !allowed && said.insert(lower.clone()) {
                    found.push(format!("English {w:?} in {at}: {t:?}"));
                }
            }
            let digits = ascii_digits(t);
            for (re, what) in &self.rules.gregorian {
                if let Some(m) = re.find(&digits)
                    && said.insert(format!("{what} {t}"))
                {
                    found.push(format!("{what} ({:?}) in {at}: {t:?}", m.as_str()));
                    break;
                }
            }
        }

        if let Some(axe) = &self.rules.axe {
            for v in axe_violations(d, axe).await {
                found.push(format!("axe-core: {v}"));
            }
        }

        let name = format!("{}-{}-{}", page.role, page.name, self.lang);
        save_screenshot(self.phone, &name).await;
        for problem in found {
            eprintln!("sweep: {label}: {problem}");
            self.problems.push(format!("{label}: {problem}"));
        }
    }
}

/// A full-page screenshot at twice the CSS pixels (the phone's three would
/// make each file several megabytes) and, for the README's pictures, the
/// top of the page as the phone shows it.
async fn save_screenshot(phone: &Phone, name: &str) {
    let d = &phone.driver;
    let size = js(
        d,
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];",
        vec![],
    )
    .await;
    let shoot = |height: f64, beyond: bool| {
        let clip = json!({"x": 0, "y": 0, "width": size[0], "height": height, "scale": 2.0 / 3.0});
        let params = json!({"format": "png", "captureBeyondViewport": beyond, "clip": clip});
        async move {
            let shot = cdp(phone, "Page.captureScreenshot", params).await;
            base64::engine::general_purpose::STANDARD
                .decode(shot["data"].as_str().unwrap())
                .unwrap()
        }
    };
    let dir = screenshots_dir();
    if README_PICTURES.contains(&name) {
        js(d, "window.scrollTo(0, 0);", vec![]).await;
        std::fs::write(dir.join(format!("readme/{name}.png")), shoot(844.0, false).await).unwrap();
    }
    let full = shoot(size[1].as_f64().unwrap(), true).await;
    std::fs::write(dir.join(format!("{name}.png")), full).unwrap();
}

async fn sign_in(d: &WebDriver, app: &TestApp, login: &Login) {
    d.delete_all_cookies().await.unwrap();
    d.goto(app.url("/login")).await.unwrap();
    type_into(d, "#email", &login.email).await;
    type_into(d, "#password", &login.password).await;
    press(d, "form[action='/login'] button[type=submit]").await;
    assert_ne!(path_of(d).await, "/login", "{} signed in", login.role);
}

fn page(role: &'static str, name: &str, path: impl Into<String>) -> Page {
    Page { role, name: name.into(), path: path.into() }
}

/// The demo's records behind the pages that show one thing.
struct Demo {
    logins: Vec<Login>,
    shopper: user::Model,
    manager: user::Model,
}

impl Demo {
    async fn load(app: &TestApp, locale: Locale) -> Demo {
        let logins = demo::load(&app.app, locale).await.expect("the demo loads");
        let db = &app.app.db;
        let find = |role: &'static str| async move {
            user::Entity::find()
                .filter(user::Column::Email.eq(demo::email(role)))
                .one(db)
                .await
                .unwrap()
                .unwrap()
        };
        Demo { shopper: find("shopper").await, manager: find("manager").await, logins }
    }

    fn login(&self, role: &str) -> &Login {
        self.logins.iter().find(|l| l.role == role).unwrap()
    }
}

/// A monthly round over the demo's locations with its shopper, run for
/// today: its id and the current period's first day.
async fn rounds_fixture(app: &TestApp, demo: &Demo, lang: &str) -> (i32, String) {
    use yardstick::accounts::{Actor, Role};
    let actor = Actor { user: demo.manager.clone(), role: Role::Manager, token_id: None };
    let checklist = checklist::Entity::find().one(&app.app.db).await.unwrap().unwrap();
    let today = chrono::Utc::now().date_naive();
    let start = chrono::NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let input = yardstick::rounds::RoundInput {
        // What a manager would type, in the page's language.
        name: if lang == "fa" { "ماهانه" } else { "Monthly" }.into(),
        checklist_id: Some(checklist.id),
        every: "months".into(),
        interval: "1".into(),
        start_on: (start - chrono::Months::new(2)).to_string(),
        opens_day: "1".into(),
        due_day: "28".into(),
        brief: if lang == "fa" {
            "دربارهٔ زمان تحویل بپرسید"
        } else {
            "Ask about delivery times"
        }
        .into(),
        shopper_ids: vec![demo.shopper.id],
        lockout_days: "0".into(),
        ..Default::default()
    };
    let r = yardstick::rounds::create(&app.app.db, &actor, &input).await.unwrap();
    // The period before, run on its first day, so the page has two.
    let before = start - chrono::Months::new(1);
    yardstick::rounds::run::run(&app.app.db, before).await.unwrap();
    yardstick::rounds::run::run(&app.app.db, start).await.unwrap();
    (r.model.id, start.to_string())
}

/// The shopper's newest visit in this status.
async fn visit_in(app: &TestApp, shopper: i32, status: &str) -> visit::Model {
    visit::Entity::find()
        .filter(visit::Column::ShopperId.eq(shopper))
        .filter(visit::Column::Status.eq(status))
        .order_by_desc(visit::Column::UpdatedAt)
        .one(&app.app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the demo has a {status} visit"))
}

async fn lm_login_id(app: &TestApp) -> i32 {
    let db = &app.app.db;
    let email = demo::email("location_manager");
    user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await.unwrap().unwrap().id
}

/// The demo's location manager (its own places, its actions), the first
/// of its actions, and the form for a failed item of an approved own visit
/// that has no action yet: the login, the action's id and the form's
/// address.
async fn actions_world(app: &TestApp, demo: &Demo) -> (Login, i32, String) {
    use yardstick::entities::{action, visit_answer};
    let db = &app.app.db;
    let first = action::Entity::find().order_by_asc(action::Column::Id).one(db).await.unwrap();
    let action = first.expect("the demo opens actions").id;
    let places =
        yardstick::actions::people::location_ids(db, lm_login_id(app).await).await.unwrap();
    let mut form = None;
    'visits: for v in visit::Entity::find()
        .filter(visit::Column::Status.eq("approved"))
        .filter(visit::Column::LocationId.is_in(places))
        .order_by_desc(visit::Column::StartedAt)
        .all(db)
        .await
        .unwrap()
    {
        let failed = visit_answer::Entity::find()
            .filter(visit_answer::Column::VisitId.eq(&v.id))
            .filter(visit_answer::Column::Failed.eq(true))
            .all(db)
            .await
            .unwrap();
        for a in failed {
            if yardstick::actions::pending_for(db, v.location_id, &a.code).await.unwrap().is_none()
            {
                form = Some(format!("/actions/new?visit_id={}&criterion_code={}", v.id, a.code));
                break 'visits;
            }
        }
    }
    let form = form.expect("a failed item at an own place with no action yet");
    (demo.login("location_manager").clone(), action, form)
}

async fn sweep_locale(lang: &'static str, phone: &Phone, rules: &Rules) -> (Vec<String>, usize) {
    let d = &phone.driver;
    let locale = Locale::parse(lang).unwrap();
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app, locale).await;
    let db = &app.app.db;
    let mut s = Sweep { phone, d, app: &app, rules, lang, problems: Vec::new(), seen: 0 };

    // Signed out.
    d.delete_all_cookies().await.unwrap();
    s.check(&page("guest", "sign-in", format!("/login?lang={lang}"))).await;

    // The shopper.
    let shopper = demo.shopper.id;
    let open = assignment::Entity::find()
        .filter(assignment::Column::ShopperId.eq(shopper))
        .filter(assignment::Column::VisitId.is_null())
        .one(db)
        .await
        .unwrap()
        .expect("the demo's shopper has an assignment to start");
    let draft = visit_in(&app, shopper, "draft").await;
    let returned = visit_in(&app, shopper, "returned").await;
    let photographed = photo::Entity::find()
        .order_by_asc(photo::Column::CreatedAt)
        .one(db)
        .await
        .unwrap()
        .expect("the demo has photos");
    let handed_in =
        visit::Entity::find_by_id(photographed.visit_id.clone()).one(db).await.unwrap().unwrap();
    // Reminders and digests, so the notification pages have something to show.
    yardstick::notifications::schedule::run(db, chrono::Utc::now()).await.unwrap();
    sign_in(d, &app, demo.login("shopper")).await;
    for p in [
        page("shopper", "home", "/"),
        page("shopper", "visit-new", "/visits/new"),
        page("shopper", "visit-form", format!("/visits/new?assignment_id={}", open.id)),
        page("shopper", "visit-draft", format!("/visits/{}/edit", draft.id)),
        page("shopper", "visit-returned", format!("/visits/{}/edit", returned.id)),
        page("shopper", "report", format!("/visits/{}", handed_in.id)),
        page("shopper", "account", "/account"),
        page("shopper", "notifications", "/notifications"),
        page("shopper", "notification-preferences", "/notifications/preferences"),
    ] {
        s.check(&p).await;
    }

    // The manager.
    let submitted = visit::Entity::find()
        .filter(visit::Column::Status.eq("submitted"))
        .order_by_desc(visit::Column::SubmittedAt)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let list = checklist::Entity::find().one(db).await.unwrap().unwrap();
    let published = checklist_version::Entity::find()
        .filter(checklist_version::Column::ChecklistId.eq(list.id))
        .filter(checklist_version::Column::Status.eq("published"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let place = location::Entity::find().one(db).await.unwrap().unwrap();
    let code = photographed.criterion_code.clone().unwrap_or_else(|| "STK-01".into());
    sign_in(d, &app, demo.login("manager")).await;
    for p in [
        page("manager", "home", "/"),
        page("manager", "scorecard", "/scorecard"),
        page("manager", "criterion", format!("/scorecard/criteria/{code}")),
        page("manager", "visits", "/visits"),
        page("manager", "review", "/review"),
        page("manager", "report", format!("/visits/{}", submitted.id)),
        page("manager", "report-photos", format!("/visits/{}", handed_in.id)),
        page("manager", "gallery", "/gallery"),
        page("manager", "photo", format!("/gallery/{}", photographed.id)),
        page("manager", "assignments", "/assignments"),
        page("manager", "assignment-new", "/assignments/new"),
        page("manager", "brands", "/brands"),
        page("manager", "brand-new", "/brands/new"),
        page("manager", "brand", format!("/brands/{}", place.brand_id)),
        page("manager", "locations", "/locations"),
        page("manager", "location-new", "/locations/new"),
        page("manager", "location", format!("/locations/{}", place.id)),
        page("manager", "locations-import", "/locations/import"),
        page("manager", "checklists", "/checklists"),
        page(
            "manager",
            "checklist",
            format!("/checklists/{}/versions/{}", list.id, published.version),
        ),
        page("manager", "account", "/account"),
        page("manager", "notifications", "/notifications"),
        page("manager", "notification-preferences", "/notifications/preferences"),
    ] {
        s.check(&p).await;
    }
    // Rounds: a round over the demo's locations, run for today.
    let round = rounds_fixture(&app, &demo, lang).await;
    let made = assignment::Entity::find()
        .filter(assignment::Column::RoundId.eq(round.0))
        .one(db)
        .await
        .unwrap()
        .expect("the round made an assignment");
    for p in [
        page("manager", "rounds", "/rounds"),
        page("manager", "round-new", "/rounds/new"),
        page("manager", "round", format!("/rounds/{}", round.0)),
        page("manager", "round-edit", format!("/rounds/{}/edit", round.0)),
        page("manager", "round-period", format!("/rounds/{}/periods/{}", round.0, round.1)),
        page(
            "manager",
            "round-exclusions",
            format!("/rounds/shoppers/{}/exclusions", demo.shopper.id),
        ),
        page("manager", "round-reassign", format!("/assignments/{}/reassign", made.id)),
    ] {
        s.check(&p).await;
    }
    // A new draft of the checklist, and its editor's forms.
    d.goto(app.url(&format!("/checklists/{}", list.id))).await.unwrap();
    press(d, "form[action$='/edit'] button[type=submit]").await;
    let editor = path_of(d).await;
    s.check_here(&page("manager", "checklist-editor", editor.clone())).await;
    for p in [
        page("manager", "section", format!("{editor}/sections/0")),
        page("manager", "section-new", format!("{editor}/sections/new")),
        page("manager", "criterion-edit", format!("{editor}/sections/0/criteria/0")),
        page("manager", "criterion-new", format!("{editor}/sections/0/criteria/new")),
    ] {
        s.check(&p).await;
    }

    // Actions (issue 16): a location manager answering for an own place,
    // an action opened from a failed item of an approved visit there.
    let (lm_login, action, from_item) = actions_world(&app, &demo).await;
    for p in [
        page("manager", "actions", "/actions"),
        page("manager", "action", format!("/actions/{action}")),
        page("manager", "action-new", "/actions/new"),
        page("manager", "action-new-from-item", from_item.clone()),
        page("manager", "action-rule", "/actions/rule"),
    ] {
        s.check(&p).await;
    }
    sign_in(d, &app, &lm_login).await;
    for p in [
        page("location_manager", "home", "/"),
        page("location_manager", "actions", "/actions?mine=on"),
        page("location_manager", "action", format!("/actions/{action}")),
        page("location_manager", "visits", "/visits"),
    ] {
        s.check(&p).await;
    }

    // The trainer.
    sign_in(d, &app, demo.login("trainer")).await;
    for p in [
        page("trainer", "home", "/"),
        page("trainer", "scorecard", "/scorecard"),
        page("trainer", "gallery", "/gallery"),
        page("trainer", "photo", format!("/gallery/{}", photographed.id)),
        page("trainer", "report", format!("/visits/{}", handed_in.id)),
    ] {
        s.check(&p).await;
    }

    // The admin.
    sign_in(d, &app, demo.login("admin")).await;
    for p in [
        page("admin", "home", "/"),
        page("admin", "users", "/admin/users"),
        page("admin", "user-new", "/admin/users/new"),
        page("admin", "user", format!("/admin/users/{}", demo.manager.id)),
        page("admin", "notifications", "/notifications"),
        page("admin", "user-location-manager", format!("/admin/users/{}", lm_login_id(&app).await)),
    ] {
        s.check(&p).await;
    }
    d.delete_all_cookies().await.unwrap();

    // A mail's unsubscribe link, opened without a session.
    let settings = yardstick::notifications::settings(db).await.unwrap();
    let kind = yardstick::notifications::Kind::AssignmentNew;
    let link = yardstick::notifications::unsubscribe_url(&settings, shopper, kind);
    let path = link.split_once(&settings.base_url).unwrap().1.to_owned();
    s.check(&page("guest", "unsubscribe", format!("{path}&lang={lang}"))).await;
    d.delete_all_cookies().await.unwrap();
    (s.problems, s.seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone_and_reads_in_english_and_persian() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let rules = Rules { axe: axe_source(), ..Rules::new() };
    let mut problems = Vec::new();
    let mut pages = 0;
    for lang in ["en", "fa"] {
        let (found, seen) = sweep_locale(lang, &phone, &rules).await;
        problems.extend(found);
        pages += seen;
    }
    phone.driver.quit().await.unwrap();
    eprintln!("sweep: {pages} pages checked, {} problems", problems.len());
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The sweep reads what it should: a Gregorian date, an English word and a
/// raw key are found, and Solar Hijri dates, codes and addresses are not.
#[test]
fn the_text_checks_find_what_they_should() {
    let rules = Rules::new();
    let english = |t: &str| {
        let plain = rules.not_words.replace_all(t, " ");
        plain
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| rules.words.contains(&w.to_lowercase()))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let gregorian = |t: &str| rules.gregorian.iter().any(|(re, _)| re.is_match(&ascii_digits(t)));
    assert_eq!(english("بازدید Approve شد"), ["Approve"]);
    assert!(english("demo-manager@example.com STO-01 Asia/Tehran bad-shomal.example").is_empty());
    for date in ["2026-12-04", "12/04/2026", "۲۰۲۶", "4 Dec", "۴ دسامبر"] {
        assert!(gregorian(date), "{date}");
    }
    for date in ["۱۴۰۵/۰۹/۱۳", "۱۳ آذر ۱۴۰۵", "1405-09-13", "۱۲:۳۰", "تفاوت‌ها"]
    {
        assert!(!gregorian(date), "{date}");
    }
    assert!(rules.keys.contains("nav-home"));
}
