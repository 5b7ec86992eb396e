//! What an operator sees of a running server and how it holds up: an access
//! log line per request, a request id in every log line of that request (and
//! in the `x-request-id` header), Prometheus metrics at `/metrics` for the
//! addresses the operator allows, a time limit on every request, and a panic
//! in a handler answered 500 while the process lives on.

use std::net::IpAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;

/// The header that carries the request's id back to the client.
pub const REQUEST_ID: &str = "x-request-id";

/// Who may read `/metrics` unless the operator says otherwise: this machine.
pub const DEFAULT_METRICS_ALLOW: &str = "127.0.0.0/8,::1/128";

const REQUESTS: &str = "xaso_http_requests_total";
const DURATION: &str = "xaso_http_request_duration_seconds";
pub const RENDER_CACHE: &str = "xaso_render_cache_requests_total";
const POOL_IN_USE: &str = "xaso_db_connections_in_use";
const POOL_OPEN: &str = "xaso_db_connections_open";
const PUSH_QUEUE: &str = "xaso_push_queue_length";
const PUSH_OLDEST: &str = "xaso_push_oldest_due_seconds";

/// How log lines are written (`XASO_LOG_FORMAT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One line of text per event, for a person reading the journal.
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

/// Sets up the process's log: `filter` as `RUST_LOG` would (`info` when it
/// cannot be read), in `format`, on standard output.
pub fn init_logging(filter: &str, format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().with_current_span(true).init(),
    }
}

/// The process's metrics recorder (installed once, shared by every router of
/// the process).
pub fn recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let seconds = [
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ];
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(DURATION.to_owned()), &seconds)
                .expect("the buckets are not empty")
                .install_recorder()
                .expect("no other metrics recorder is installed");
            describe();
            handle
        })
        .clone()
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(REQUESTS, "Requests answered, by method, route and status.");
    describe_histogram!(
        DURATION,
        metrics::Unit::Seconds,
        "Time to answer a request (until its headers), by route and status."
    );
    describe_counter!(
        RENDER_CACHE,
        "Directory pages for anonymous visitors, answered from the render cache (hit) or rendered (miss)."
    );
    describe_gauge!(POOL_IN_USE, "Database connections in use.");
    describe_gauge!(POOL_OPEN, "Database connections open.");
    describe_gauge!(PUSH_QUEUE, "Push messages waiting to be sent.");
    describe_gauge!(
        PUSH_OLDEST,
        metrics::Unit::Seconds,
        "How long the oldest push message that is due has waited (0: none)."
    );
    describe_counter!(
        app::reports::db::OUTBOX_REPLAYS,
        "Reports sent again by a phone's outbox and answered from their idempotency key."
    );
}

/// A new request id: 16 hex digits.
fn new_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// The access log and request metrics: the outermost layer. The id is this
/// server's own (an id the client sent is not trusted).
pub async fn access(mut request: Request, next: Next) -> Response {
    let id = new_id();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("other", |path| path.as_str())
        .to_owned();
    let path = request.uri().path().to_owned();
    if let Ok(value) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(REQUEST_ID, value);
    }
    let span = tracing::info_span!("request", id = %id);
    let start = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let elapsed = start.elapsed();
    let status = response.status().as_u16();
    span.in_scope(|| {
        tracing::info!(
            target: "xaso::access",
            method = %method,
            route = %route,
            path = %path,
            status,
            ms = elapsed.as_secs_f64() * 1000.0,
            "answered"
        )
    });
    let status = status.to_string();
    metrics::counter!(REQUESTS, "method" => method.to_string(), "route" => route.clone(), "status" => status.clone())
        .increment(1);
    metrics::histogram!(DURATION, "route" => route, "status" => status)
        .record(elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// `router` with the layers every request passes first: the access log (with
/// the request id every log line inside carries), then a panic answered 500,
/// then the time limit.
pub fn operated(router: axum::Router, limits: TimeLimits) -> axum::Router {
    router
        .layer(axum::middleware::from_fn_with_state(limits, time_limit))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(axum::middleware::from_fn(access))
}

/// How long a request may take before it is answered 503 "try again": uploads
/// (multipart forms: photos, CSV files) come over slow links and get longer.
#[derive(Clone, Copy, Debug)]
pub struct TimeLimits {
    pub request: Duration,
    pub upload: Duration,
}

pub async fn time_limit(
    State(limits): State<TimeLimits>,
    request: Request,
    next: Next,
) -> Response {
    let upload = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|kind| kind.starts_with("multipart/form-data"));
    let limit = if upload {
        limits.upload
    } else {
        limits.request
    };
    // What the "try again" answer needs: the language (cookie), page or data (accept).
    let mut asked = Request::new(Body::empty());
    for name in [header::COOKIE, header::ACCEPT] {
        for value in request.headers().get_all(&name) {
            asked.headers_mut().append(name.clone(), value.clone());
        }
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                seconds = limit.as_secs(),
                "request took too long; answered 503"
            );
            crate::middleware::unavailable(&asked)
        }
    }
}

/// The answer to a request whose handler panicked (for tower-http's
/// `CatchPanicLayer`): 500, logged; the server goes on.
pub fn panicked(detail: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = detail
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| detail.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "a handler panicked; answered 500");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CACHE_CONTROL, "no-store")],
        "Lỗi máy chủ. Vui lòng thử lại. / Server error. Please try again.",
    )
        .into_response()
}

/// The addresses that may read `/metrics`: IP addresses or networks,
/// comma-separated (`XASO_METRICS_ALLOW`); an empty list allows nobody.
pub fn parse_allow(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("XASO_METRICS_ALLOW: {item:?} is not an address or a network"))
        })
        .collect()
}

/// What `/metrics` needs.
#[derive(Clone)]
pub struct MetricsEndpoint {
    pub handle: PrometheusHandle,
    pub allow: Arc<Vec<IpNet>>,
    pub trust_forwarded_for: bool,
    pub db: app::db::Db,
}

/// `GET /metrics`: the Prometheus text, to allowed addresses only (404 to the
/// others, as if it did not exist).
pub async fn metrics(State(endpoint): State<MetricsEndpoint>, request: Request) -> Response {
    let address = crate::middleware::client_address(&request, endpoint.trust_forwarded_for);
    let allowed = address
        .parse::<IpAddr>()
        .is_ok_and(|ip| endpoint.allow.iter().any(|net| net.contains(&ip)));
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    let db = &endpoint.db;
    let open = db.size();
    let idle = u32::try_from(db.num_idle()).unwrap_or(u32::MAX);
    metrics::gauge!(POOL_OPEN).set(f64::from(open));
    metrics::gauge!(POOL_IN_USE).set(f64::from(open.saturating_sub(idle)));
    match app::push::db::queue(db).await {
        Ok(queue) => {
            metrics::gauge!(PUSH_QUEUE).set(queue.length as f64);
            metrics::gauge!(PUSH_OLDEST).set(queue.oldest_due_ms as f64 / 1000.0);
        }
        Err(_) => return crate::middleware::unavailable(&request),
    }
    endpoint.handle.run_upkeep();
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        endpoint.handle.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_allow_reads_addresses_and_networks() {
        let allow = parse_allow(DEFAULT_METRICS_ALLOW).unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(allow.iter().any(|n| n.contains(&ip("127.0.0.1"))));
        assert!(allow.iter().any(|n| n.contains(&ip("::1"))));
        assert!(!allow.iter().any(|n| n.contains(&ip("10.0.0.5"))));
        let allow = parse_allow(" 10.1.2.3 , 192.168.0.0/16").unwrap();
        assert!(allow.iter().any(|n| n.contains(&ip("10.1.2.3"))));
        assert!(!allow.iter().any(|n| n.contains(&ip("10.1.2.4"))));
        assert!(allow.iter().any(|n| n.contains(&ip("192.168.44.1"))));
        assert!(parse_allow("").unwrap().is_empty());
        assert!(parse_allow("localhost").is_err());
        assert!(parse_allow("10.0.0.0/33").is_err());
    }
}
