use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Config, sqlite_url_in, storage_url_in};
use crate::evidence::{PhotoConfig, default_workers};
use crate::i18n::Locale;

/// Yardstick: mystery shopping and competitor benchmarking.
#[derive(Debug, Parser)]
#[command(name = "yardstick", version)]
pub struct Cli {
    /// Address to serve on.
    #[arg(long, env = "YARDSTICK_LISTEN", default_value = "127.0.0.1:8080", global = true)]
    pub listen: SocketAddr,
    /// Directory for the SQLite file and local photos.
    #[arg(long, env = "YARDSTICK_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; defaults to a SQLite file in the data directory.
    #[arg(long, env = "YARDSTICK_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Mark cookies Secure (set this behind HTTPS).
    #[arg(long, env = "YARDSTICK_SECURE_COOKIES", default_value_t = false, global = true)]
    pub secure_cookies: bool,
    /// Where photos are stored: `file://<dir>` or `s3://bucket/prefix` (with the
    /// usual AWS_* variables); defaults to `photos/` in the data directory.
    #[arg(long, env = "YARDSTICK_STORAGE_URL", global = true)]
    pub storage_url: Option<String>,
    /// Largest photo upload, in bytes.
    #[arg(long, env = "YARDSTICK_PHOTO_MAX_BYTES", default_value_t = 25 * 1024 * 1024, global = true)]
    pub photo_max_bytes: usize,
    /// Most pixels a photo may have (width x height).
    #[arg(long, env = "YARDSTICK_PHOTO_MAX_PIXELS", default_value_t = 50_000_000, global = true)]
    pub photo_max_pixels: u64,
    /// Minutes a photo may be taken before the visit's start or after its end
    /// without being flagged.
    #[arg(
        long,
        env = "YARDSTICK_PHOTO_WINDOW_TOLERANCE_MINUTES",
        default_value_t = 120,
        global = true
    )]
    pub photo_window_tolerance_minutes: i64,
    /// Metres from the location beyond which a photo is flagged.
    #[arg(long, env = "YARDSTICK_PHOTO_MAX_DISTANCE_M", default_value_t = 500.0, global = true)]
    pub photo_max_distance_m: f64,
    /// Photos processed at once (default: the number of cores).
    #[arg(long, env = "YARDSTICK_PHOTO_WORKERS", global = true)]
    pub photo_workers: Option<usize>,
    /// Notification mail over SMTP: `smtp://host:port` (plain, a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://host`.
    /// Unset: notifications are in-app only.
    #[arg(long, env = "YARDSTICK_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// The sender of notification mail.
    #[arg(long, env = "YARDSTICK_MAIL_FROM", default_value = crate::config::DEFAULT_MAIL_FROM, global = true)]
    pub mail_from: String,
    /// The address users open the app at (mails link there), e.g.
    /// `https://yardstick.example.com`; defaults to `http://` and `--listen`.
    #[arg(long, env = "YARDSTICK_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// On an empty database, load a demo programme and print a login per
    /// role, then serve. On the demo's own database, just serve.
    #[arg(long)]
    pub demo: bool,
    /// The demo's language (en, fa or ar); defaults to `LANG`'s, else en.
    #[arg(long = "locale", id = "demo_locale", requires = "demo")]
    pub demo_locale: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web interface and API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a user, for scripts and first installs.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, manager, trainer or shopper.
        #[arg(long)]
        role: String,
        /// Asked for on a terminal, or generated and printed once, when left out.
        #[arg(long)]
        password: Option<String>,
        /// en, fa or ar.
        #[arg(long)]
        locale: Option<String>,
    },
    /// Fill an empty database with a realistic, deterministic benchmark
    /// programme: 10 brands, 2,000 locations, 3 years of approved visits.
    Generate {
        #[arg(long, default_value_t = 100_000)]
        visits: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Copy the database and photos, while serving, into a new directory
    /// that is itself a data directory: restore by serving it with
    /// `--data-dir DIR`. SQLite only (PostgreSQL has pg_dump).
    Backup {
        /// A directory that does not exist yet, or is empty.
        dir: std::path::PathBuf,
    },
    /// Photo housekeeping.
    Photos {
        #[command(subcommand)]
        command: PhotosCommand,
    },
    /// Notifications, for cron and operators.
    Notifications {
        #[command(subcommand)]
        command: NotificationsCommand,
    },
    /// Recurring rounds.
    Rounds {
        #[command(subcommand)]
        command: RoundsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotificationsCommand {
    /// Make the reminders and digests now due (idempotent), then send the
    /// mails due, and exit.
    Run,
    /// Only send the mails due, until none is left (no scheduling).
    Send,
}

#[derive(Debug, Subcommand)]
pub enum RoundsCommand {
    /// Make the assignments of every active round's periods open now (or
    /// opening within three days), and print what was made. Running it
    /// again makes nothing twice; for cron (the server also runs it at
    /// start-up and hourly).
    Run {
        /// The day to run for (YYYY-MM-DD); today when left out.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PhotosCommand {
    /// Remove photos of drafts abandoned for a while, and stored files that
    /// no photo refers to.
    Clean {
        /// Days a draft may go unchanged before its photos are removed.
        #[arg(long, env = "YARDSTICK_PHOTO_ABANDONED_DAYS", default_value_t = 30)]
        abandoned_days: u32,
    },
}

impl Cli {
    /// `--locale`, else the language of `LANG` (`fa_IR.UTF-8` is fa), else en.
    pub fn demo_locale(&self) -> Locale {
        let lang = std::env::var("LANG").unwrap_or_default();
        let from_lang = lang.split(['_', '.', '-']).next().and_then(Locale::parse);
        self.demo_locale.as_deref().and_then(Locale::parse).or(from_lang).unwrap_or(Locale::En)
    }

    pub fn config(&self) -> Config {
        let mut config = Config::for_data_dir(self.data_dir.clone());
        config.listen = self.listen;
        config.database_url =
            self.database_url.clone().unwrap_or_else(|| sqlite_url_in(&self.data_dir));
        config.secure_cookies = self.secure_cookies;
        config.storage_url =
            self.storage_url.clone().unwrap_or_else(|| storage_url_in(&self.data_dir));
        config.smtp_url = self.smtp_url.clone().filter(|u| !u.trim().is_empty());
        config.mail_from = self.mail_from.clone();
        config.public_url =
            self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen));
        config.photos = PhotoConfig {
            max_bytes: self.photo_max_bytes,
            max_pixels: self.photo_max_pixels,
            window_tolerance: chrono::Duration::minutes(self.photo_window_tolerance_minutes),
            max_distance_m: self.photo_max_distance_m,
            workers: self.photo_workers.unwrap_or_else(default_workers).max(1),
        };
        config
    }
}
