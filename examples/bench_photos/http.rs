//! The upload path's memory, measured on a server process over HTTP.
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use yardstick::App;
use yardstick::accounts::users::{self, NewUser};
use yardstick::config::Config;
use yardstick::evidence::sample;

/// In the photos engineer's range of ports.
const PORT: u16 = 18210;
const UPLOADS: usize = 12;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap()
}

/// `--serve DIR PORT`: the app on the data in DIR, as `yardstick serve`.
pub fn serve(dir: &Path, port: u16) {
    runtime().block_on(async {
        let app = App::build(Config::for_data_dir(dir.to_path_buf())).await.unwrap();
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        yardstick::web::serve(app, listener).await.unwrap();
    });
}

fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(dir: &Path) -> Server {
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--serve", &dir.display().to_string(), &PORT.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{PORT}/api/v1");
        for _ in 0..200 {
            if reqwest::get(format!("http://127.0.0.1:{PORT}/healthz")).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Server { child, base }
    }

    fn rss(&self) -> u64 {
        status_kib(self.child.id(), "VmRSS:")
    }

    fn peak(&self) -> u64 {
        status_kib(self.child.id(), "VmHWM:")
    }

    /// Starts the peak over from the present resident size.
    fn reset_peak(&self) {
        std::fs::write(format!("/proc/{}/clear_refs", self.child.id()), "5").unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn token(app: &App, role: &str) -> String {
    let p = "tangerine orbit cello 42";
    let input = NewUser {
        email: format!("{role}@example.com"),
        name: role.into(),
        role: role.into(),
        password: p.into(),
        password_confirm: p.into(),
        locale: "en".into(),
    };
    let u = users::create(&app.db, None, &input).await.unwrap();
    yardstick::accounts::tokens::issue(&app.db, u.id).await.unwrap()
}

/// A programme and a draft visit, made through the API: the visit's path.
async fn programme(http: &reqwest::Client, base: &str, manager: &str, shopper: &str) -> String {
    let call = |method: reqwest::Method, path: &str, body: Value, token: &str| {
        let req = http.request(method, format!("{base}{path}")).bearer_auth(token).json(&body);
        async move { req.send().await.unwrap().error_for_status().unwrap().json::<Value>().await }
    };
    let post = reqwest::Method::POST;
    let brand =
        call(post.clone(), "/brands", json!({"name": "Ours", "own": true}), manager).await.unwrap();
    let loc = call(
        post.clone(),
        "/locations",
        json!({"brand_id": brand["id"], "name": "L", "channel": "store", "address": "A",
               "timezone": "UTC"}),
        manager,
    )
    .await
    .unwrap();
    let cl = json!({"name": "C", "sections": [{"category": "stock", "title": "S", "criteria": [
        {"code": "P-01", "prompt": "Photo", "kind": "photo"}]}]});
    let cl = call(post.clone(), "/checklists", cl, manager).await.unwrap();
    let publish = format!("/checklists/{}/versions/1/publish", cl["id"]);
    call(post, &publish, json!({}), manager).await.unwrap();
    let visit = uuid::Uuid::new_v4();
    let body = json!({"location_id": loc["id"], "checklist_id": cl["id"]});
    call(reqwest::Method::PUT, &format!("/visits/{visit}"), body, shopper).await.unwrap();
    format!("/visits/{visit}/photos")
}

async fn upload(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    bytes: Vec<u8>,
) -> (reqwest::StatusCode, Duration) {
    let t = Instant::now();
    let part = reqwest::multipart::Part::bytes(bytes).file_name("IMG_0001.jpg");
    let form = reqwest::multipart::Form::new().part("file", part);
    let res = http.post(url).bearer_auth(token).multipart(form).send().await.unwrap();
    let status = res.status();
    let _ = res.bytes().await;
    (status, t.elapsed())
}

struct Outcome {
    growth_mib: f64,
    statuses: Vec<u16>,
    median_ms: f64,
}

/// A fresh server; `total` uploads of `file`, `at_once` at a time.
async fn scenario(file: &[u8], at_once: usize, total: usize) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let (manager, shopper) = {
        let app = App::build(Config::for_data_dir(dir.path().to_path_buf())).await.unwrap();
        (token(&app, "manager").await, token(&app, "shopper").await)
    };
    let server = Server::start(dir.path()).await;
    let http = reqwest::Client::new();
    let url =
        format!("{}{}", server.base, programme(&http, &server.base, &manager, &shopper).await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = server.rss();
    server.reset_peak();
    let (mut statuses, mut times) = (Vec::new(), Vec::new());
    for _ in 0..total / at_once {
        let batch = (0..at_once).map(|_| upload(&http, &url, &shopper, file.to_vec()));
        for (status, t) in futures::future::join_all(batch).await {
            statuses.push(status.as_u16());
            times.push(t);
        }
    }
    times.sort();
    let growth_mib = (server.peak().saturating_sub(idle)) as f64 / 1024.0;
    statuses.sort();
    statuses.dedup();
    Outcome { growth_mib, statuses, median_ms: times[times.len() / 2].as_secs_f64() * 1000.0 }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/photos/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()).read_to_end(&mut out).unwrap();
    out
}

/// libvips making the same three outputs from the same file, for the
/// ratio: median of a few runs.
fn vips_median(photo: &[u8]) -> Option<f64> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jpg");
    std::fs::write(&input, photo).unwrap();
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let i = input.display().to_string();
        let o = |n: &str| format!("{}[strip,Q=85]", dir.path().join(n).display());
        let ok = [
            Command::new("vips").args(["autorot", &i, &o("f.jpg")]).status(),
            Command::new("vipsthumbnail").args([&i, "-s", "1600", "-o", &o("d.jpg")]).status(),
            Command::new("vipsthumbnail").args([&i, "-s", "320", "-o", &o("t.jpg")]).status(),
        ]
        .into_iter()
        .all(|s| s.is_ok_and(|s| s.success()));
        if !ok {
            return None;
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Some(times[times.len() / 2])
}

pub fn run() {
    let uploads = std::env::var("YARDSTICK_BENCH_UPLOADS").ok().and_then(|s| s.parse().ok());
    let uploads: usize = uploads.unwrap_or(UPLOADS);
    let photo = sample::phone_photo(4000, 3000);
    println!("12 MP phone JPEG (orientation 6): {:.1} MB", photo.len() as f64 / 1e6);
    let vips = vips_median(&photo);
    runtime().block_on(async {
        let cases: Vec<(&str, Vec<u8>, usize, usize)> = vec![
            ("12 MP JPEG, 1 at a time", photo.clone(), 1, uploads),
            ("12 MP JPEG, 4 at a time", photo.clone(), 4, uploads.max(4)),
            ("PNG 7000x7000 RGBA 8-bit, 4 at a time", fixture("bomb-rgba8-7000x7000.png.gz"), 4, 8),
            (
                "PNG 7000x7000 RGBA 16-bit, 4 at a time",
                fixture("bomb-rgba16-7000x7000.png.gz"),
                4,
                8,
            ),
            ("PNG 4000x3000 RGBA 16-bit, 4 at a time", fixture("rgba16-4000x3000.png.gz"), 4, 8),
            ("24 MP JPEG 6000x4000, 1 upload", sample::phone_photo(6000, 4000), 1, 1),
            ("48 MP JPEG 8000x6000, 1 upload", sample::phone_photo(8000, 6000), 1, 1),
        ];
        // YARDSTICK_BENCH_ONLY=MP runs only the cases whose name holds "MP".
        let only = std::env::var("YARDSTICK_BENCH_ONLY").unwrap_or_default();
        let cases: Vec<_> = cases.into_iter().filter(|c| c.0.contains(only.as_str())).collect();
        println!(
            "\n| upload | statuses | server peak RSS growth | per photo in flight | median time |"
        );
        println!("|---|---|---|---|---|");
        for (name, file, at_once, total) in cases {
            let o = scenario(&file, at_once, total).await;
            println!(
                "| {name} | {:?} | {:.1} MiB | {:.1} MiB | {:.0} ms |",
                o.statuses,
                o.growth_mib,
                o.growth_mib / at_once as f64,
                o.median_ms
            );
        }
    });
    match vips {
        Some(v) => println!(
            "\nlibvips, the same three outputs from the same file: {v:.0} ms (median of 7)"
        ),
        None => println!("\nlibvips not found (Debian libvips-tools): no comparison"),
    }
}
