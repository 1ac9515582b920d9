use std::net::SocketAddr;
use std::path::PathBuf;

use crate::evidence::PhotoConfig;

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
    /// Notification mail: off (in-app only) when None.
    pub smtp_url: Option<String>,
    /// The sender of notification mail.
    pub mail_from: String,
    /// Where users reach the app; mails link there.
    pub public_url: String,
}

pub const DEFAULT_MAIL_FROM: &str = "Yardstick <yardstick@localhost>";

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
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            public_url: "http://127.0.0.1:8080".to_owned(),
        }
    }
}

pub fn sqlite_url_in(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("yardstick.db").display())
}
