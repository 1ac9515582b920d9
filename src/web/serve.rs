//! Serving the app: the router on a listener, with the periodic clean-up.
use std::time::Duration;

use tokio::net::TcpListener;

use crate::app::AppState;

/// Serves until the process ends (Ctrl-C), with the clean-up every quarter
/// of an hour.
pub async fn serve(app: AppState, listener: TcpListener) -> anyhow::Result<()> {
    let sweeper = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(15 * 60));
        loop {
            tick.tick().await;
            if let Err(e) = sweeper.clean_up().await {
                tracing::warn!(error = %e, "periodic clean-up failed");
            }
        }
    });
    let router = super::router(app);
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
