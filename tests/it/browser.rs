//! Browser tests: headless Chromium in a phone-sized window, driven through
//! chromedriver against the real server. Skipped with a note when Debian's
//! `chromium` and `chromium-driver` are missing, unless
//! `YARDSTICK_REQUIRE_BROWSER=1` (as in CI) makes that a failure. The same
//! holds for axe-core (`npm ci --prefix tests/browser`), which checks the
//! visit form's accessibility.
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use thirtyfour::prelude::*;

use crate::support::{PASSWORD, TestApp};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const MIN_TAP: f64 = 44.0;
/// An iPhone-sized viewport, in CSS pixels.
const PHONE: (u32, u32) = (390, 844);

/// One browser at a time: each is heavy, and they would fight for the CPU.
pub(crate) static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// chromedriver on a free port, killed when dropped.
struct Chromedriver {
    child: Child,
    url: String,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session. The driver is dropped (and the session
/// closed) before chromedriver is killed.
pub(crate) struct Phone {
    pub(crate) driver: WebDriver,
    chromedriver: Chromedriver,
}

/// Whether the browser is installed; when it is not, panics if it is
/// required and otherwise says the test is skipped.
fn browser_installed() -> bool {
    if Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var("YARDSTICK_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!(
            "YARDSTICK_REQUIRE_BROWSER=1 but {CHROMEDRIVER} or {CHROMIUM} is missing; \
             install them with: apt-get install chromium chromium-driver"
        );
    }
    eprintln!("skipped: chromium-driver not installed ({CHROMEDRIVER} or {CHROMIUM} missing)");
    false
}

async fn start_chromedriver() -> Chromedriver {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Chromedriver { child, url: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(20);
    let client = reqwest::Client::new();
    loop {
        if let Ok(res) = client.get(format!("{}/status", driver.url)).send().await
            && res.status().is_success()
        {
            return driver;
        }
        assert!(Instant::now() < deadline, "chromedriver did not answer on port {port}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn start_phone() -> Option<Phone> {
    start_browser(true).await
}

/// A headless Chromium at the phone's size (emulated) or at a desktop's.
pub(crate) async fn start_browser(phone: bool) -> Option<Phone> {
    if !browser_installed() {
        return None;
    }
    let chromedriver = start_chromedriver().await;
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(CHROMIUM).unwrap();
    for arg in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        if phone { "--window-size=390,844" } else { "--window-size=1280,900" },
        // The app scrolls smoothly otherwise, and a click lands mid-scroll.
        "--force-prefers-reduced-motion",
    ] {
        caps.add_arg(arg).unwrap();
    }
    // Desktop Chromium will not make a window narrower than 500px, so the
    // phone's 390x844 viewport is emulated.
    if phone {
        let metrics = json!({"width": PHONE.0, "height": PHONE.1, "pixelRatio": 3.0});
        caps.add_experimental_option("mobileEmulation", json!({"deviceMetrics": metrics})).unwrap();
    }
    let driver = WebDriver::new(chromedriver.url.as_str(), caps).await.expect("Chromium starts");
    Some(Phone { driver, chromedriver })
}

pub(crate) async fn js(d: &WebDriver, script: &str, args: Vec<Value>) -> Value {
    d.execute(script, args).await.expect("script runs").json().clone()
}

pub(crate) async fn path_of(d: &WebDriver) -> String {
    d.current_url().await.unwrap().path().to_owned()
}

/// The page fits a phone: nothing widens the document past the window
/// (a table may scroll inside its `.table-wrap`). An emulated phone zooms
/// out to show a too-wide page, so `innerWidth` must also still be the
/// phone's width.
async fn assert_no_horizontal_overflow(d: &WebDriver) {
    let v =
        js(d, "return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await;
    let (scroll, inner) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
    assert!(
        scroll <= inner && inner == f64::from(PHONE.0),
        "{} is {scroll}px wide; window.innerWidth is {inner}px on a {}px phone",
        path_of(d).await,
        PHONE.0
    );
}

async fn assert_tall_enough(d: &WebDriver, css: &str) {
    let script = "const e = document.querySelector(arguments[0]);
                  return e && e.getBoundingClientRect().height;";
    let h = js(d, script, vec![json!(css)]).await;
    let Some(h) = h.as_f64() else { panic!("no {css} on {}", path_of(d).await) };
    assert!(h >= MIN_TAP, "{css} on {} is {h}px tall, under {MIN_TAP}px", path_of(d).await);
}

/// Opens a page and checks it fits the phone.
pub(crate) async fn visit(d: &WebDriver, app: &TestApp, path: &str) {
    d.goto(app.url(path)).await.unwrap();
    assert_no_horizontal_overflow(d).await;
}

/// Clicks a button big enough for a thumb, waits for the page it leads to
/// and checks that page fits the phone too.
pub(crate) async fn press(d: &WebDriver, css: &str) {
    assert_tall_enough(d, css).await;
    js(d, "window.__old_page = true;", vec![]).await;
    let button = d.find(By::Css(css)).await.unwrap();
    if let Err(e) = button.click().await {
        panic!("clicking {css} on {}: {e}", path_of(d).await);
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let new_page = "return !window.__old_page && document.readyState === 'complete';";
    while js(d, new_page, vec![]).await != json!(true) {
        assert!(Instant::now() < deadline, "no new page after clicking {css}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_no_horizontal_overflow(d).await;
}

pub(crate) async fn type_into(d: &WebDriver, css: &str, text: &str) {
    let field = d.find(By::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

pub(crate) async fn texts(d: &WebDriver, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in d.find_all(By::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap().trim().to_owned());
    }
    out
}

pub(crate) async fn sign_in(d: &WebDriver, app: &TestApp, email: &str) {
    visit(d, app, "/login").await;
    type_into(d, "#email", email).await;
    type_into(d, "#password", PASSWORD).await;
    press(d, "form[action='/login'] button[type=submit]").await;
    assert_eq!(path_of(d).await, "/", "signed in and sent home");
}

async fn add_brand(d: &WebDriver, app: &TestApp, name: &str, own: bool) {
    visit(d, app, "/brands/new").await;
    type_into(d, "#name", name).await;
    if own {
        d.find(By::Css("input[name=own]")).await.unwrap().click().await.unwrap();
    }
    press(d, "main form.stack button[type=submit]").await;
    assert_eq!(path_of(d).await, "/brands", "{name} saved");
}

async fn choose_brand(d: &WebDriver, name: &str) {
    let option = format!("//select[@id='brand_id']/option[normalize-space()='{name}']");
    d.find(By::XPath(option)).await.unwrap().click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_sets_up_a_programme_on_a_phone() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    app.create_user_with("manager", "manager@example.com", "en").await;
    sign_in(d, &app, "manager@example.com").await;

    add_brand(d, &app, "Ours", true).await;
    add_brand(d, &app, "Rival", false).await;
    let rows = texts(d, "table.data tbody tr").await;
    assert!(rows[0].contains("Ours") && rows[1].contains("Rival"), "{rows:?}");

    visit(d, &app, "/locations/new").await;
    choose_brand(d, "Ours").await;
    type_into(d, "#name", "Downtown").await;
    d.find(By::Css("#channel option[value=store]")).await.unwrap().click().await.unwrap();
    type_into(d, "#address", "1 Valiasr St").await;
    type_into(d, "#timezone", "Asia/Tehran").await;
    press(d, "main form.stack button[type=submit]").await;
    assert_eq!(path_of(d).await, "/locations", "location saved");
    let rows = texts(d, "table.data tbody tr").await;
    assert!(rows.len() == 1 && rows[0].contains("Downtown"), "{rows:?}");

    visit(d, &app, "/checklists").await;
    press(d, "form[action='/checklists/builtin'] button[type=submit]").await;
    assert_eq!(d.find_all(By::Css("section.checklist-section")).await.unwrap().len(), 8);
    press(d, "form[action$='/edit'] button[type=submit]").await;
    assert_eq!(texts(d, ".badge-draft").await, ["Draft"]);
    let before = texts(d, "ol.criteria .code").await;
    press(d, "button[name=op][value='criterion-down:0:0']").await;
    let after = texts(d, "ol.criteria .code").await;
    assert_eq!((&after[0], &after[1]), (&before[1], &before[0]), "first two criteria swapped");
    assert_eq!(after[2..], before[2..], "nothing else moved");
    press(d, "form[action$='/publish'] button[type=submit]").await;
    assert_eq!(texts(d, ".badge-published").await, ["Published"]);
    assert_eq!(texts(d, "ol.criteria .code").await, after, "published as reordered");

    phone.driver.quit().await.unwrap();
}

/// Where the top bar's app name sits. On a phone the link itself spans the
/// whole bar, so its text is measured too.
async fn brand_link_position(d: &WebDriver) -> Value {
    js(
        d,
        "const a = document.querySelector('a.brand');
         const r = document.createRange(); r.selectNodeContents(a);
         const text = r.getBoundingClientRect(), box = a.getBoundingClientRect();
         return { dir: document.documentElement.dir, half: window.innerWidth / 2,
                  box_right: box.right, text_left: text.left, text_right: text.right };",
        vec![],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persian_pages_are_right_to_left_and_mirrored() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    app.create_user_with("shopper", "fa@example.com", "fa").await;
    app.create_user_with("shopper", "en@example.com", "en").await;

    sign_in(d, &app, "fa@example.com").await;
    visit(d, &app, "/").await;
    let fa = brand_link_position(d).await;
    let half = fa["half"].as_f64().unwrap();
    assert_eq!(fa["dir"], "rtl", "{fa}");
    assert!(fa["box_right"].as_f64().unwrap() > half, "{fa}");
    assert!(fa["text_left"].as_f64().unwrap() > half, "the name sits on the right: {fa}");

    d.delete_all_cookies().await.unwrap();
    sign_in(d, &app, "en@example.com").await;
    visit(d, &app, "/").await;
    let en = brand_link_position(d).await;
    assert_eq!(en["dir"], "ltr", "{en}");
    assert!(en["text_right"].as_f64().unwrap() < half, "the name sits on the left: {en}");

    phone.driver.quit().await.unwrap();
}

/// axe-core, from the npm registry: `.ci/run` installs it with
/// `npm ci --prefix tests/browser`.
const AXE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/node_modules/axe-core/axe.min.js");

/// axe-core's script; when it is missing, panics if the browser tests are
/// required and otherwise says its check is skipped.
pub(crate) fn axe_source() -> Option<String> {
    if let Ok(source) = std::fs::read_to_string(AXE) {
        return Some(source);
    }
    if std::env::var("YARDSTICK_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!(
            "YARDSTICK_REQUIRE_BROWSER=1 but {AXE} is missing; \
             install it with: npm ci --prefix tests/browser"
        );
    }
    eprintln!("skipped the axe-core check: {AXE} missing (npm ci --prefix tests/browser)");
    None
}

/// Runs axe-core on the page and fails on any serious or critical
/// violation; lesser ones are printed.
pub(crate) async fn assert_accessible(d: &WebDriver, axe: &str) {
    d.execute(axe, vec![]).await.expect("axe-core loads");
    let script = "const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(
          (r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map((n) => n.target.join(' ')) }))),
          (e) => done({ error: String(e) }));";
    let found = d.execute_async(script, vec![]).await.expect("axe runs").json().clone();
    let Some(violations) = found.as_array() else { panic!("axe-core failed: {found}") };
    let mut bad = Vec::new();
    for v in violations {
        eprintln!(
            "axe on {}: {} {}: {} {}",
            path_of(d).await,
            v["impact"],
            v["id"],
            v["help"],
            v["nodes"]
        );
        if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
            bad.push(v["id"].clone());
        }
    }
    assert!(
        bad.is_empty(),
        "serious or critical axe-core violations on {}: {bad:?}",
        path_of(d).await
    );
}

/// Every element matching `css` is big enough for a thumb.
async fn assert_all_tall_enough(d: &WebDriver, css: &str) {
    let script = "return [...document.querySelectorAll(arguments[0])]
                    .map((e) => e.getBoundingClientRect().height);";
    let heights = js(d, script, vec![json!(css)]).await;
    let heights: Vec<f64> = heights.as_array().unwrap().iter().filter_map(Value::as_f64).collect();
    assert!(!heights.is_empty(), "no {css} on {}", path_of(d).await);
    assert!(heights.iter().all(|h| *h >= MIN_TAP), "{css} heights {heights:?}, under {MIN_TAP}px");
}

/// Taps what `xpath` finds, scrolled to the middle of the screen first as a
/// thumb would, clear of the sticky progress and buttons.
async fn tap(d: &WebDriver, xpath: &str) {
    let target = d.find(By::XPath(xpath)).await.unwrap_or_else(|e| panic!("no {xpath}: {e}"));
    let middle = "arguments[0].scrollIntoView({ block: 'center' });";
    d.execute(middle, vec![target.to_json().unwrap()]).await.unwrap();
    if let Err(e) = target.click().await {
        panic!("tapping {xpath} on {}: {e}", path_of(d).await);
    }
}

/// The autosave mark's text, and what it says once the server has the draft.
async fn save_mark(d: &WebDriver) -> (String, String) {
    let v = js(
        d,
        "const f = document.querySelector('form.visit-form');
         return [f.querySelector('.save-state').textContent, f.dataset.msgSaved || 'Saved'];",
        vec![],
    )
    .await;
    (v[0].as_str().unwrap().to_owned(), v[1].as_str().unwrap().to_owned())
}

/// Waits until the mark says saved and the browser's copy of the form is
/// the one the server has (no change still waiting to go).
async fn wait_until_saved(d: &WebDriver) {
    let sent = "const f = document.querySelector('form.visit-form');
        const copy = JSON.parse(localStorage.getItem('yardstick.visit:' + f.getAttribute('action').split('?')[0]));
        return Boolean(copy && copy.savedToServer);";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (now, saved) = save_mark(d).await;
        if now == saved && js(d, sent, vec![]).await == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "the save mark says {now:?}, never {saved:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the autosave mark says `key`'s message (or its English).
async fn wait_for_mark(d: &WebDriver, key: &str, english: &str) {
    let script = "const f = document.querySelector('form.visit-form');
        return [f.querySelector('.save-state').textContent, f.dataset[arguments[0]] || arguments[1]];";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = js(d, script, vec![json!(key), json!(english)]).await;
        if v[0] == v[1] {
            return;
        }
        assert!(Instant::now() < deadline, "the save mark says {}, never {}", v[0], v[1]);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Cuts or gives back the phone's signal (chromedriver's network emulation).
async fn set_offline(phone: &Phone, offline: bool) {
    let url = format!(
        "{}/session/{}/chromium/network_conditions",
        phone.chromedriver.url,
        phone.driver.session_id()
    );
    let conditions = json!({"network_conditions": {"offline": offline, "latency": 0,
        "download_throughput": -1, "upload_throughput": -1}});
    let res = reqwest::Client::new().post(url).json(&conditions).send().await.unwrap();
    assert!(res.status().is_success(), "network conditions: {}", res.status());
}

/// Reloads the page and waits for it.
async fn reload(d: &WebDriver) {
    d.refresh().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, "return document.readyState;", vec![]).await != json!("complete") {
        assert!(Instant::now() < deadline, "the page did not load again");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Which of the visit's answers the form shows chosen.
async fn chosen(d: &WebDriver) -> Value {
    js(
        d,
        "const on = (css) => document.querySelector(css).checked;
         return [on(\"input[name='v:STF-01'][value=yes]\"), on(\"input[name='v:STF-02'][value='4']\"),
                 on(\"input[name='na:STF-03']\")];",
        vec![],
    )
    .await
}

/// A manager's programme through the API: one store, a small published
/// checklist and an assignment for the shopper with this email.
async fn programme_for(app: &TestApp, shopper: &str) {
    let (token, _) = app.token_for("manager").await;
    let shopper = app.create_user_with("shopper", shopper, "en").await;
    let c = reqwest::Client::new();
    let post = |path: String, body: Value| {
        let request = c.post(app.url(&format!("/api/v1{path}"))).bearer_auth(&token).json(&body);
        async move {
            let res = request.send().await.unwrap();
            assert!(res.status().is_success(), "{path}: {}", res.status());
            res.json::<Value>().await.unwrap()
        }
    };
    let brand = post("/brands".into(), json!({"name": "Ours", "own": true})).await;
    let loc = post(
        "/locations".into(),
        json!({"brand_id": brand["id"], "name": "Downtown",
        "channel": "store", "address": "1 Valiasr St", "city": "Tehran", "latitude": 35.7,
        "longitude": 51.4, "timezone": "Asia/Tehran"}),
    )
    .await;
    let list = post("/checklists".into(), json!({"name": "Store check", "sections": [
        {"category": "staff", "title": "Staff", "weight": 1, "criteria": [
            {"code": "STF-01", "prompt": "Greeted within 30 seconds?", "kind": "yes_no", "weight": 2},
            {"code": "STF-02", "prompt": "Product knowledge", "kind": "scale", "min": 1, "max": 5},
            {"code": "STF-03", "prompt": "Minutes queued", "kind": "number", "target": 5,
             "direction": "at_most", "unit": "minutes", "allow_na": true}
        ]}]}))
    .await;
    let id = list["id"].as_i64().unwrap();
    post(format!("/checklists/{id}/versions/1/publish"), json!({})).await;
    post(
        "/assignments".into(),
        json!({"location_id": loc["id"], "checklist_id": id,
        "shopper_id": shopper.id, "opens_on": "2026-01-01", "due_on": "2099-01-01",
        "brief": "Ask for the blue jacket in size M"}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_fills_and_submits_a_visit_by_tapping() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let axe = axe_source();
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    programme_for(&app, "shopper@example.com").await;
    sign_in(d, &app, "shopper@example.com").await;

    press(d, ".assignment a.btn-primary").await;
    assert_eq!(path_of(d).await, "/visits/new");
    assert_all_tall_enough(d, "form.visit-form label.choice").await;
    assert_all_tall_enough(d, "form.visit-form label.na").await;
    tap(d, "//fieldset[@id='q-STF-01']//label[normalize-space()='Yes']").await;
    tap(d, "//fieldset[@id='q-STF-02']//label[normalize-space()='4']").await;
    tap(d, "//fieldset[@id='q-STF-03']//label[contains(@class, 'na')]").await;
    wait_until_saved(d).await;
    assert_no_horizontal_overflow(d).await;

    // The server has the draft: the assignment now leads to it.
    reload(d).await;
    let edit = path_of(d).await;
    assert!(edit.starts_with("/visits/") && edit.ends_with("/edit"), "{edit}");
    assert_eq!(chosen(d).await, json!([true, true, true]), "answers kept over a reload");
    assert_eq!(save_mark(d).await.0, "", "nothing to restore: the server had it all");

    // Typed where the signal dropped: the browser's copy comes back on
    // reload, and is sent.
    let unsent = "const f = document.querySelector('form.visit-form');
        const key = 'yardstick.visit:' + f.getAttribute('action').split('?')[0];
        const copy = JSON.parse(localStorage.getItem(key));
        copy.fields = copy.fields.filter(([k]) => k !== 'narrative').concat([['narrative', arguments[0]]]);
        localStorage.setItem(key, JSON.stringify({ ...copy, at: Date.now(), savedToServer: false }));";
    js(d, unsent, vec![json!("Typed with no signal")]).await;
    reload(d).await;
    let narrative = "return document.querySelector('#narrative').value;";
    assert_eq!(js(d, narrative, vec![]).await, json!("Typed with no signal"));
    // "Restored" until the autosave 1.5 s later says "Saving…", then "Saved".
    let (mark, _) = save_mark(d).await;
    assert!(!mark.is_empty(), "the mark says what became of the copy");
    wait_until_saved(d).await;
    reload(d).await;
    assert_eq!(js(d, narrative, vec![]).await, json!("Typed with no signal"), "sent to the server");
    assert_eq!(chosen(d).await, json!([true, true, true]));

    // The signal drops while typing: the mark says so, and the draft goes
    // as soon as the signal is back.
    set_offline(&phone, true).await;
    let field = d.find(By::Css("#narrative")).await.unwrap();
    d.execute("arguments[0].scrollIntoView({ block: 'center' });", vec![field.to_json().unwrap()])
        .await
        .unwrap();
    field.send_keys(" Then a queue.").await.unwrap();
    wait_for_mark(d, "msgOffline", "Offline: kept on this phone").await;
    set_offline(&phone, false).await;
    wait_until_saved(d).await;
    reload(d).await;
    let typed = "Typed with no signal Then a queue.";
    assert_eq!(js(d, narrative, vec![]).await, json!(typed), "sent when the signal came back");

    if let Some(axe) = &axe {
        assert_accessible(d, axe).await;
    }

    press(d, "button[name=action][value=submit]").await;
    assert_eq!(format!("{}/edit", path_of(d).await), edit, "the visit's report");
    assert_eq!(texts(d, ".badge-submitted").await, ["Awaiting review"]);
    let left = "return Object.keys(localStorage).filter((k) => k.startsWith('yardstick.visit:'));";
    assert_eq!(js(d, left, vec![]).await, json!([]), "the submitted visit's copy is dropped");

    phone.driver.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_attaches_a_photo_to_a_question_and_sees_its_thumbnail() {
    let _turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let Some(phone) = start_phone().await else { return };
    let axe = axe_source();
    let d = &phone.driver;
    let app = TestApp::spawn().await;
    programme_for(&app, "snapper@example.com").await;
    sign_in(d, &app, "snapper@example.com").await;
    press(d, ".assignment a.btn-primary").await;
    tap(d, "//fieldset[@id='q-STF-01']//label[normalize-space()='Yes']").await;
    assert_tall_enough(d, "#q-STF-01 .photo-add").await;

    // A small camera picture, chosen as the phone's camera would hand it over.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("IMG_0001.jpg");
    let bytes = yardstick::evidence::sample::jpeg(
        64,
        48,
        None,
        yardstick::evidence::sample::detailed_pixel,
    );
    std::fs::write(&file, bytes).unwrap();
    // Not a picture: the refusal is shown beside the question, with a retry.
    let note = dir.path().join("note.txt");
    std::fs::write(&note, "not a photo").unwrap();
    d.find(By::Css("#photo-STF-02"))
        .await
        .unwrap()
        .send_keys(note.to_str().unwrap())
        .await
        .unwrap();
    let refused = "const e = document.querySelector('#q-STF-02 .photo-list .field-error');
        return e && [e.textContent, e.nextElementSibling.textContent];";
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, refused, vec![]).await.is_null() {
        assert!(Instant::now() < deadline, "no message for the refused file");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        js(d, refused, vec![]).await,
        json!(["This type of file or content is not accepted.", "Try again"])
    );
    let input = d.find(By::Css("#photo-STF-01")).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    let uploaded = "return [...document.querySelectorAll('#q-STF-01 .photo-list img')]
        .filter((i) => i.getAttribute('src').endsWith('/thumb') && i.complete && i.naturalWidth > 0).length;";
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, uploaded, vec![]).await != json!(1) {
        assert!(Instant::now() < deadline, "no thumbnail under STF-01");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        js(d, "return document.querySelector('#photo-STF-01').value;", vec![]).await,
        json!(""),
        "sent by the script, so the form's own post does not send it again"
    );
    assert_all_tall_enough(d, "#q-STF-01 .photo-remove").await;
    assert_no_horizontal_overflow(d).await;
    if let Some(axe) = &axe {
        assert_accessible(d, axe).await;
    }
    // The server has it: after a reload the thumbnail is still there.
    wait_until_saved(d).await;
    reload(d).await;
    let edit = path_of(d).await;
    assert!(edit.ends_with("/edit"), "{edit}");
    assert_eq!(js(d, uploaded, vec![]).await, json!(1));
    // Removing it: the script deletes it through the API, in place.
    tap(d, "//fieldset[@id='q-STF-01']//button[contains(@class, 'photo-remove')]").await;
    let left = "return document.querySelectorAll('#q-STF-01 .photo-list li').length;";
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, left, vec![]).await != json!(0) {
        assert!(Instant::now() < deadline, "the photo stayed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(path_of(d).await, edit, "removed without leaving the form");
    reload(d).await;
    assert_eq!(js(d, left, vec![]).await, json!(0), "gone from the server too");
    phone.driver.quit().await.unwrap();
}
