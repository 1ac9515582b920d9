use std::sync::Arc;
use std::time::Duration;

use metrics_exporter_prometheus::PrometheusHandle;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::checklists::cache::ScoringCache;
use crate::config::Config;
use crate::evidence::Evidence;
use crate::web::session_store::DbSessionStore;

/// Everything a request may need, built once in `main` (or by a test) and
/// shared by reference.
pub struct App {
    pub config: Config,
    /// Every write, and reads that must see the writer's own transaction.
    pub db: DatabaseConnection,
    /// Runs the hot paths' write batches (see `db::Writer`).
    pub writer: crate::db::Writer,
    /// Reads on hot paths, beside the writer (see `db::reader`).
    pub read: DatabaseConnection,
    pub metrics: PrometheusHandle,
    pub scoring: ScoringCache,
    pub evidence: Evidence,
}

pub type AppState = Arc<App>;

impl App {
    /// Connects, migrates, and returns the app ready to serve.
    pub async fn build(config: Config) -> anyhow::Result<AppState> {
        let db = crate::db::connect_and_migrate(&config).await?;
        let read = crate::db::reader(&config.database_url, &db).await?;
        Self::with_pools(config, db, read)
    }

    /// An app on one pool for everything.
    pub fn with_db(config: Config, db: DatabaseConnection) -> anyhow::Result<AppState> {
        Self::with_pools(config, db.clone(), db)
    }

    fn with_pools(
        config: Config,
        db: DatabaseConnection,
        read: DatabaseConnection,
    ) -> anyhow::Result<AppState> {
        install_tls_provider();
        let storage = crate::evidence::storage::open(&config.storage_url)?;
        let evidence = Evidence::new(storage, config.photos.clone());
        let writer = crate::db::Writer::new(db.clone(), &config.database_url)?;
        Ok(Arc::new(App {
            config,
            writer,
            db,
            read,
            metrics: crate::telemetry::metrics_handle(),
            scoring: ScoringCache::default(),
            evidence,
        }))
    }

    pub fn router(self: &Arc<Self>) -> axum::Router {
        crate::web::router(self.clone())
    }

    /// Serves until the process ends, with the periodic clean-up running.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) -> anyhow::Result<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(15 * 60));
            loop {
                tick.tick().await;
                if let Err(e) = app.clean_up().await {
                    tracing::warn!(error = %e, "periodic clean-up failed");
                }
            }
        });
        let router = self.router();
        axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    }

    /// Drops expired sessions and login failures too old to count.
    pub async fn clean_up(&self) -> anyhow::Result<()> {
        DbSessionStore::new(self.db.clone()).delete_expired_now().await?;
        crate::accounts::throttle::forget_old(&self.db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
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
