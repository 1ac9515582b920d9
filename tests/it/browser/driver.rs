//! The browser the tests drive: chromedriver and headless Chromium (or a
//! note that they are missing), axe-core, and the page helpers every
//! browser test uses: open, press, tap, type, read, and check that a page
//! fits the phone.
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

pub(crate) async fn start_phone() -> Option<Phone> {
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
        // Screenshots show the page, not a scrollbar over its edge.
        "--hide-scrollbars",
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
pub(crate) async fn assert_no_horizontal_overflow(d: &WebDriver) {
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

pub(crate) async fn assert_tall_enough(d: &WebDriver, css: &str) {
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
    let path = path_of(d).await;
    if path != "/" {
        // Seen once or twice under heavy load: say what the page said.
        let said = texts(d, "main").await.join(" | ");
        panic!("{email} was not signed in and sent home: at {path}, the page says: {said}");
    }
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
    let bad = axe_violations(d, axe).await;
    assert!(
        bad.is_empty(),
        "serious or critical axe-core violations on {}: {bad:?}",
        path_of(d).await
    );
}

/// Runs axe-core on the page: its serious and critical violations, each
/// with the elements at fault; lesser ones are printed.
pub(crate) async fn axe_violations(d: &WebDriver, axe: &str) -> Vec<String> {
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
            bad.push(format!("{} {}: {}", v["id"], v["help"], v["nodes"]));
        }
    }
    bad
}

/// Every element matching `css` is big enough for a thumb.
pub(crate) async fn assert_all_tall_enough(d: &WebDriver, css: &str) {
    let script = "return [...document.querySelectorAll(arguments[0])]
                    .map((e) => e.getBoundingClientRect().height);";
    let heights = js(d, script, vec![json!(css)]).await;
    let heights: Vec<f64> = heights.as_array().unwrap().iter().filter_map(Value::as_f64).collect();
    assert!(!heights.is_empty(), "no {css} on {}", path_of(d).await);
    assert!(heights.iter().all(|h| *h >= MIN_TAP), "{css} heights {heights:?}, under {MIN_TAP}px");
}

/// Taps what `xpath` finds, scrolled to the middle of the screen first as a
/// thumb would, clear of the sticky progress and buttons.
pub(crate) async fn tap(d: &WebDriver, xpath: &str) {
    let target = d.find(By::XPath(xpath)).await.unwrap_or_else(|e| panic!("no {xpath}: {e}"));
    let middle = "arguments[0].scrollIntoView({ block: 'center' });";
    d.execute(middle, vec![target.to_json().unwrap()]).await.unwrap();
    if let Err(e) = target.click().await {
        panic!("tapping {xpath} on {}: {e}", path_of(d).await);
    }
}

/// Cuts or gives back the phone's signal (chromedriver's network emulation).
pub(crate) async fn set_offline(phone: &Phone, offline: bool) {
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

/// Runs a Chrome DevTools command through chromedriver (`Page.captureScreenshot`
/// for a whole page, for example) and gives back its result.
pub(crate) async fn cdp(phone: &Phone, cmd: &str, params: Value) -> Value {
    let url = format!(
        "{}/session/{}/goog/cdp/execute",
        phone.chromedriver.url,
        phone.driver.session_id()
    );
    let body = json!({"cmd": cmd, "params": params});
    let res = reqwest::Client::new().post(url).json(&body).send().await.unwrap();
    assert!(res.status().is_success(), "{cmd}: {}", res.status());
    res.json::<Value>().await.unwrap()["value"].take()
}

/// Reloads the page and waits for it.
pub(crate) async fn reload(d: &WebDriver) {
    d.refresh().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(d, "return document.readyState;", vec![]).await != json!("complete") {
        assert!(Instant::now() < deadline, "the page did not load again");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
