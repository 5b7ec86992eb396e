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

use crate::pwa::ServiceWorker;

/// How a server serves, beyond the app's state.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// How long anonymous directory pages are kept (see `render_cache`); zero
    /// switches the cache off.
    pub render_cache: Duration,
    /// On PostgreSQL, the database's address: the cache hears other servers'
    /// changes there (`LISTEN`).
    pub listen_url: Option<String>,
    pub time_limits: crate::observe::TimeLimits,
    /// Who may read `/metrics`.
    pub metrics_allow: Vec<ipnet::IpNet>,
}

impl Settings {
    /// The defaults of a local run (and of tests): a 60-second cache, no proxy.
    pub fn local() -> Settings {
        Settings {
            trust_forwarded_for: false,
            render_cache: Duration::from_secs(60),
            listen_url: None,
            time_limits: crate::observe::TimeLimits {
                request: Duration::from_secs(30),
                upload: Duration::from_secs(300),
            },
            metrics_allow: crate::observe::parse_allow(crate::observe::DEFAULT_METRICS_ALLOW)
                .expect("the default is valid"),
        }
    }
}

/// The whole application.
pub async fn router(mut state: AppState, settings: Settings) -> Router {
    let trust_forwarded_for = settings.trust_forwarded_for;
    let cache = (!settings.render_cache.is_zero())
        .then(|| Arc::new(crate::render_cache::RenderCache::new(settings.render_cache)));
    // This server's name in the change notifications it sends.
    let origin = format!("{:016x}", rand::random::<u64>());
    // A write that changes a commune's pages tells this server's caches at
    // once; other servers hear it by NOTIFY (PostgreSQL).
    let caches = crate::render_cache::Caches {
        pages: cache.clone(),
        communes: state.communes.clone(),
    };
    let local = caches.clone();
    state.page_changes =
        app::page_changes::PageChanges::new(&origin, move |commune| local.changed(commune));
    if let Some(url) = &settings.listen_url {
        crate::render_cache::listen(url.clone(), caches, origin).await;
    }
    let metrics = crate::observe::MetricsEndpoint {
        handle: crate::observe::recorder(),
        allow: Arc::new(settings.metrics_allow.clone()),
        trust_forwarded_for,
        db: state.db.clone(),
    };
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
        .route("/metrics", get(crate::observe::metrics).with_state(metrics))
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
        // The files of `public/` (served by this app, not by Leptos's file
        // handler, which gives each file a reactive owner of its own: see
        // `middleware::own_owner_only`), and Leptos's "not found" page for
        // any other address.
        .fallback_service(
            ServeDir::new(&site_root)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false)
                .call_fallback_on_method_not_allowed(true)
                .fallback(axum::handler::Handler::with_state(
                    file_and_error_handler::<AppState, _>(shell),
                    state.clone(),
                )),
        )
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
        ))
        // Inside the render cache: a hit creates no owner, and skips it.
        .layer(middleware::from_fn(crate::middleware::own_owner_only));
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
    let router = match cache {
        None => router,
        Some(cache) => router.layer(middleware::from_fn_with_state(
            cache,
            crate::render_cache::serve,
        )),
    };
    crate::observe::operated(
        router.layer(middleware::from_fn(crate::middleware::limit_uri_length)),
        settings.time_limits,
    )
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
