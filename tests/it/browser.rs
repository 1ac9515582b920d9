//! Browser tests: headless Chromium in a phone-sized window, driven through
//! chromedriver against the real server. Skipped with a note when Debian's
//! `chromium` and `chromium-driver` are missing, unless
//! `YARDSTICK_REQUIRE_BROWSER=1` (as in CI) makes that a failure.
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
static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

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
struct Phone {
    driver: WebDriver,
    _chromedriver: Chromedriver,
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
        "--window-size=390,844",
        // The app scrolls smoothly otherwise, and a click lands mid-scroll.
        "--force-prefers-reduced-motion",
    ] {
        caps.add_arg(arg).unwrap();
    }
    // Desktop Chromium will not make a window narrower than 500px, so the
    // phone's 390x844 viewport is emulated.
    let phone = json!({"deviceMetrics": {"width": PHONE.0, "height": PHONE.1, "pixelRatio": 3.0}});
    caps.add_experimental_option("mobileEmulation", phone).unwrap();
    let driver = WebDriver::new(chromedriver.url.as_str(), caps).await.expect("Chromium starts");
    Some(Phone { driver, _chromedriver: chromedriver })
}

async fn js(d: &WebDriver, script: &str, args: Vec<Value>) -> Value {
    d.execute(script, args).await.expect("script runs").json().clone()
}

async fn path_of(d: &WebDriver) -> String {
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
async fn visit(d: &WebDriver, app: &TestApp, path: &str) {
    d.goto(app.url(path)).await.unwrap();
    assert_no_horizontal_overflow(d).await;
}

/// Clicks a button big enough for a thumb, waits for the page it leads to
/// and checks that page fits the phone too.
async fn press(d: &WebDriver, css: &str) {
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

async fn type_into(d: &WebDriver, css: &str, text: &str) {
    let field = d.find(By::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn texts(d: &WebDriver, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in d.find_all(By::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap().trim().to_owned());
    }
    out
}

async fn sign_in(d: &WebDriver, app: &TestApp, email: &str) {
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
