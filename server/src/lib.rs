//! The Xã Số server: configuration, command line, database, HTTP application.

pub mod admin;
pub mod backup;
pub mod config;
pub mod dashboard_csv;
pub mod database;
pub mod directory_csv;
pub mod form_replies;
pub mod fragments;
pub mod hsds;
pub mod middleware;
pub mod observe;
pub mod open311;
pub mod push;
pub mod pwa;
pub mod render_cache;
pub mod report_upload;
pub mod secrets;
pub mod survey_csv;
pub mod web;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;

pub use database::BoxError;

/// Serves `router` on `listener` until `shutdown` resolves, then lets the requests
/// in flight finish.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Without TCP_NODELAY each streamed page waits ~40 ms for a delayed ACK.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    // The peer address is the key of per-address sign-in throttling.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Clears out, every ten minutes, what no longer counts: attempts older than
/// any throttle's window.
pub fn spawn_housekeeping(db: app::db::Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            match app::throttle::forget_old(&db).await {
                Ok(0) => {}
                Ok(removed) => tracing::debug!(removed, "old attempts removed"),
                Err(error) => tracing::warn!(?error, "housekeeping failed"),
            }
        }
    })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
