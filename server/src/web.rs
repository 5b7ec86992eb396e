//! The HTTP application: Leptos pages and server functions, the service worker,
//! static files, health, and the layers around them.

use std::sync::Arc;
use std::time::Duration;

use app::state::AppState;
use app::{App, shell};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Router, middleware};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::pwa::ServiceWorker;

/// The whole application. `render_cache` is how long anonymous directory pages
/// are kept (see `render_cache`); zero switches the cache off.
pub fn router(state: AppState, trust_forwarded_for: bool, render_cache: Duration) -> Router {
    let options = state.leptos_options.clone();
    let https_site = state.https_site();
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    let service_worker = Arc::new(
        ServiceWorker::from_site(&site_root, &options.site_pkg_dir).unwrap_or_else(|error| {
            tracing::warn!(%error, "could not read the built assets; the service worker precaches none");
            ServiceWorker::from_site(std::path::Path::new("/nonexistent"), "pkg")
                .expect("an empty site needs no reading")
        }),
    );
    tracing::info!(version = %service_worker.version, "service worker ready");

    // Built assets carry a content hash in their names: cache them for a year.
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(site_root.join(options.site_pkg_dir.as_ref()))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));

    let routes = route_list();
    let mut router = Router::new()
        .route("/healthz", get(health))
        .merge(crate::hsds::routes())
        .merge(crate::directory_csv::routes())
        .merge(crate::report_upload::routes())
        .merge(crate::fragments::routes())
        .merge(crate::open311::routes())
        .merge(crate::survey_csv::routes())
        .merge(crate::dashboard_csv::routes())
        .route(
            "/sw.js",
            get(move || {
                let worker = service_worker.clone();
                async move { worker.response() }
            }),
        )
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            crate::middleware::VisitorSettings {
                state: state.clone(),
                trust_forwarded_for,
            },
            crate::middleware::resolve_visitor,
        ))
        .layer(middleware::from_fn(crate::middleware::refuse_cross_site))
        .with_state(state);
    for layer in crate::middleware::security_headers(https_site) {
        router = router.layer(layer);
    }
    let router = router
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(
            crate::middleware::content_security_policy,
        ));
    // The render cache sits outside the Content-Security-Policy layer: a hit
    // renders nothing, so no page leaves a nonce, and the stored response must
    // carry the policy written for the nonce inside its own body. Anonymous
    // visitors of one directory page thus share a nonce for at most the cache's
    // lifetime; that is accepted, as these pages hold nothing specific to the
    // visitor and the nonce only has to be unguessable before the page is
    // served. It also sits outside `resolve_visitor`, so a hit does no database
    // work, and outside the compression, so bodies are stored compressed (the
    // key includes Accept-Encoding). Inside `limit_uri_length`: over-long
    // addresses never reach it.
    let router = if render_cache.is_zero() {
        router
    } else {
        router.layer(middleware::from_fn_with_state(
            Arc::new(crate::render_cache::RenderCache::new(render_cache)),
            crate::render_cache::serve,
        ))
    };
    router
        .layer(middleware::from_fn(crate::middleware::limit_uri_length))
        .layer(TraceLayer::new_for_http())
}

/// The app's routes, worked out once per process: Leptos does it by rendering the
/// app with resource loading switched off process-wide, which would stall pages
/// being rendered at that moment by another server in the same process (tests).
pub fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// 200 when the database answers within two seconds, 503 otherwise.
async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let check = sqlx::query("select 1").execute(&state.db);
    match tokio::time::timeout(Duration::from_secs(2), check).await {
        Ok(Ok(_)) => (StatusCode::OK, "ok"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
