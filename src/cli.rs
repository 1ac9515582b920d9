use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Config, sqlite_url_in};

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
}

impl Cli {
    pub fn config(&self) -> Config {
        let mut config = Config::for_data_dir(self.data_dir.clone());
        config.listen = self.listen;
        config.database_url =
            self.database_url.clone().unwrap_or_else(|| sqlite_url_in(&self.data_dir));
        config.secure_cookies = self.secure_cookies;
        config
    }
}
