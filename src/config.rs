use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the running app needs to know, resolved once from flags and
/// environment (flags win; clap does the merging).
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub secure_cookies: bool,
    /// How long a session lives without being used.
    pub session_idle: time::Duration,
    /// `file://<dir>` or `s3://bucket/prefix`, where photo files live.
    pub storage_url: String,
    pub photos: PhotoConfig,
}

/// Limits and rules of photo evidence.
#[derive(Clone, Debug)]
pub struct PhotoConfig {
    /// Largest upload accepted, in bytes.
    pub max_bytes: usize,
    /// Most pixels (width x height, from the header) decoded.
    pub max_pixels: u64,
    /// How far outside the visit's start and end a photo may be taken
    /// before it is flagged.
    pub window_tolerance: chrono::Duration,
    /// How far from the location, in metres, before a photo is flagged.
    pub max_distance_m: f64,
    /// Photos processed at once; the rest wait their turn.
    pub workers: usize,
}

impl Default for PhotoConfig {
    fn default() -> Self {
        PhotoConfig {
            max_bytes: 25 * 1024 * 1024,
            max_pixels: 50_000_000,
            window_tolerance: chrono::Duration::minutes(120),
            max_distance_m: 500.0,
            workers: default_workers(),
        }
    }
}

pub fn default_workers() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

pub fn storage_url_in(data_dir: &std::path::Path) -> String {
    format!("file://{}", data_dir.join("photos").display())
}

impl Config {
    /// The default for everything, with the SQLite file inside `data_dir`.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        let database_url = sqlite_url_in(&data_dir);
        let storage_url = storage_url_in(&data_dir);
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir,
            database_url,
            secure_cookies: false,
            session_idle: time::Duration::days(7),
            storage_url,
            photos: PhotoConfig::default(),
        }
    }
}

pub fn sqlite_url_in(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("yardstick.db").display())
}
