use std::sync::Arc;

use metrics_exporter_prometheus::PrometheusHandle;

use crate::checklists::cache::ScoringCache;
use crate::config::Config;
use crate::db::Db;
use crate::evidence::Evidence;
use crate::notifications::{self, Mailer};

/// Everything a request may need, built once in `main` (or by a test) and
/// shared by reference.
pub struct App {
    pub config: Config,
    pub db: Db,
    pub metrics: PrometheusHandle,
    pub scoring: ScoringCache,
    pub evidence: Evidence,
    /// Notification mail's transport; None when SMTP is off.
    pub mailer: Option<Mailer>,
}

pub type AppState = Arc<App>;

impl App {
    /// Connects, migrates, and returns the app ready to serve (`web::serve`).
    pub async fn build(config: Config) -> anyhow::Result<AppState> {
        install_tls_provider();
        let db = Db::open(&config.database_url).await?;
        let storage = crate::evidence::storage::open(&config.storage_url)?;
        let evidence = Evidence::new(storage, config.photos.clone());
        let mailer = match &config.smtp_url {
            Some(url) => Some(Mailer::new(url, &config.mail_from)?),
            None => None,
        };
        notifications::configure(&db, mailer.is_some(), &config.public_url)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.plain_message()))?;
        Ok(Arc::new(App {
            config,
            db,
            metrics: crate::telemetry::metrics_handle(),
            scoring: ScoringCache::default(),
            evidence,
            mailer,
        }))
    }

    /// Drops expired sessions and login failures too old to count.
    pub async fn clean_up(&self) -> anyhow::Result<()> {
        let forget = async {
            crate::accounts::sessions::forget_expired(&self.db).await?;
            crate::accounts::throttle::forget_old(&self.db).await
        };
        forget.await.map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// sqlx brings rustls with ring, object_store's HTTP client with aws-lc-rs:
/// with two providers compiled in, rustls wants one chosen before the first
/// TLS connection (to S3), or it panics.
fn install_tls_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Err means one was installed already, which is as good.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    });
}
