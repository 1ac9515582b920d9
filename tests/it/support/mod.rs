//! The test harness: a real server on a free port over a real database
//! (a SQLite file, or a fresh PostgreSQL schema when
//! `YARDSTICK_TEST_DATABASE_URL` is set), and a cookie-keeping client that
//! does not follow redirects; [`Api`], one user's client of the JSON API.
#![allow(dead_code)]

mod api;
pub mod summary;
pub use api::{Api, expect};

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::cookie::Jar;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use scraper::{Html, Selector};
use tempfile::TempDir;
use yardstick::accounts::users::{self, NewUser};
use yardstick::app::AppState;
use yardstick::config::Config;
use yardstick::entities::user;
use yardstick::{App, db};

pub const PASSWORD: &str = "tangerine orbit cello 42";

/// Everything logged by any test app in this process, for tests that check
/// what reaches the log.
pub fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = buf.clone();
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_env_filter("info")
            .with_writer(move || LogWriter(writer.clone()))
            .try_init();
        buf
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn logged_text() -> String {
    String::from_utf8_lossy(&logs().lock().unwrap()).into_owned()
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub app: AppState,
    pub client: Client,
    _dir: TempDir,
}

async fn database_url(dir: &TempDir) -> String {
    match std::env::var("YARDSTICK_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
            let admin = db::connect(&base).await.expect("PostgreSQL is reachable");
            use sea_orm::ConnectionTrait;
            admin
                .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
                .await
                .expect("create a schema for this test");
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
        _ => yardstick::config::sqlite_url_in(dir.path()),
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// An app with some configuration changed.
    pub async fn spawn_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        logs();
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_data_dir(dir.path().to_path_buf());
        config.database_url = database_url(&dir).await;
        tweak(&mut config);
        let app = App::build(config).await.expect("app builds");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(yardstick::web::serve(app.clone(), listener));
        TestApp { addr, app, client: new_client(), _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Another browser: its own cookies.
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(Jar::default());
        Browser { base: format!("http://{}", self.addr), client: client_with(jar.clone()), jar }
    }

    pub async fn create_user(&self, role: &str) -> user::Model {
        let n = uuid::Uuid::new_v4().simple().to_string();
        self.create_user_with(role, &format!("{role}-{}@example.com", &n[..8]), "en").await
    }

    pub async fn create_user_with(&self, role: &str, email: &str, locale: &str) -> user::Model {
        let input = NewUser {
            email: email.into(),
            name: format!("Test {role}"),
            role: role.into(),
            password: PASSWORD.into(),
            password_confirm: PASSWORD.into(),
            locale: locale.into(),
        };
        users::create(&self.app.db, None, &input).await.expect("valid test user")
    }

    /// A browser signed in as a new user of this role.
    pub async fn signed_in(&self, role: &str) -> (Browser, user::Model) {
        let user = self.create_user(role).await;
        let b = self.browser();
        let res = b.login(&user.email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in as {role} redirects");
        (b, user)
    }

    /// An API token for a new user of this role.
    pub async fn token_for(&self, role: &str) -> (String, user::Model) {
        let user = self.create_user(role).await;
        let token = yardstick::accounts::tokens::issue(&self.app.db, user.id).await.unwrap();
        (token, user)
    }
}

/// Like a browser: keeps cookies, asks for gzip and brotli and decompresses
/// (so every test reads bodies as a browser receives them), and does not
/// follow redirects, so tests see them.
fn new_client() -> Client {
    client_with(Arc::new(Jar::default()))
}

fn client_with(jar: Arc<Jar>) -> Client {
    Client::builder()
        .cookie_provider(jar)
        .gzip(true)
        .brotli(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// A client with its own cookie jar, like one browser.
#[derive(Clone)]
pub struct Browser {
    pub base: String,
    pub client: Client,
    pub jar: Arc<Jar>,
}

impl Browser {
    /// The same browser's cookies, but bodies left as they came over the
    /// wire (compressed), for tests that weigh what a phone downloads.
    pub fn wire_client(&self) -> Client {
        Client::builder()
            .cookie_provider(self.jar.clone())
            .no_gzip()
            .no_brotli()
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A GET as a browser set to this language would send it.
    pub async fn get_in(&self, path: &str, accept_language: &str) -> (StatusCode, Html) {
        let res = self
            .client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, Html::parse_document(&res.text().await.unwrap()))
    }

    /// What a phone downloads for a page (DESIGN.md's 60 KB bar): the page,
    /// its stylesheet and every script it loads, gzipped as browsers ask.
    pub async fn downloaded_bytes(&self, page: &str) -> usize {
        let (_, html) = self.get_html(page).await;
        let assets = Selector::parse("link[rel=stylesheet], script[src]").unwrap();
        let linked = html
            .select(&assets)
            .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
            .map(str::to_owned);
        let wire = self.wire_client();
        let mut total = 0;
        for path in std::iter::once(page.to_owned()).chain(linked) {
            let res = wire.get(self.url(&path)).header("accept-encoding", "gzip").send().await;
            let res = res.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            assert_eq!(res.headers()["content-encoding"], "gzip", "{path}");
            total += res.bytes().await.unwrap().len();
        }
        total
    }

    pub async fn get_html(&self, path: &str) -> (StatusCode, Html) {
        let res = self.get(path).await;
        let status = res.status();
        (status, Html::parse_document(&res.text().await.unwrap()))
    }

    /// The CSRF token the current page carries, as a browser would see it.
    pub async fn csrf(&self) -> String {
        for path in ["/", "/login"] {
            let (status, html) = self.get_html(path).await;
            if status == StatusCode::OK {
                return attr(&html, "meta[name=csrf-token]", "content").expect("page has a token");
            }
        }
        panic!("no page with a CSRF token");
    }

    /// Posts a form with this browser's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        let res = self.client.post(self.url(path)).form(&all).send().await.unwrap();
        assert_token_not_in_address(&res);
        res
    }

    /// Posts a form exactly as given: no token added.
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client.post(self.url(path)).form(fields).send().await.unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post_form("/login", &[("email", email), ("password", password)]).await
    }
}

pub fn select_all(html: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel).map(|e| e.text().collect::<String>().trim().to_owned()).collect()
}

pub fn text(html: &Html, css: &str) -> Option<String> {
    select_all(html, css).into_iter().next()
}

pub fn attr(html: &Html, css: &str, name: &str) -> Option<String> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel).next().and_then(|e| e.value().attr(name)).map(str::to_owned)
}

/// After any form post, neither the page the browser shows nor the one it
/// is sent to holds the CSRF token (history, logs and screenshots keep
/// addresses).
pub fn assert_token_not_in_address(res: &Response) {
    let shown = res.url().as_str();
    assert!(!shown.contains("csrf"), "the address holds the token: {shown}");
    let next = location(res);
    assert!(!next.contains("csrf"), "the redirect holds the token: {next}");
}

pub fn location(res: &Response) -> String {
    res.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}
