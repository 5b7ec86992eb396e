//! Cross-cutting HTTP behaviour: security headers and refusing over-long addresses.

use app::paths;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

/// Addresses longer than this are refused with a translated 414 page before any
/// handler parses them (hyper's own limit is far higher).
pub const MAX_URI_BYTES: usize = 2048;

/// The policy for responses that are not pages.
const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

/// The policy of a page: only our own scripts, and the inline ones Leptos writes
/// with this page's nonce; images from here and the OpenStreetMap tiles of the
/// reports map; sound from here and, to hear a voice note before sending it,
/// from the recording the page holds (`blob:`).
fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; font-src 'self'; \
         media-src 'self' blob:; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the Content-Security-Policy: a page's own (with the nonce the page left in
/// its `NonceSlot`), or the strict default for everything else.
pub async fn content_security_policy(mut request: Request, next: Next) -> Response {
    let slot = app::request::NonceSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let policy = match slot.take() {
        Some(nonce) => HeaderValue::from_str(&page_csp(&nonce)).ok(),
        None => None,
    }
    .unwrap_or(HeaderValue::from_static(DEFAULT_CSP));
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy);
    response
}

/// Headers every response carries; with a public https address also HSTS,
/// so that browsers never again try the site over plain http.
pub fn security_headers(https_site: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let hsts = https_site.then_some((
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=31536000; includeSubDomains",
    ));
    let pairs: [(HeaderName, &'static str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "geolocation=(self), camera=(self), microphone=(self)",
        ),
    ];
    pairs
        .into_iter()
        .chain(hsts)
        .map(|(name, value)| {
            SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
        })
        .collect()
}

/// The value of a request cookie, outside Leptos.
fn cookie_value(request: &Request, name: &str) -> Option<String> {
    app::request::cookie_in(request.headers(), name)
}

pub async fn limit_uri_length(request: Request, next: Next) -> Response {
    if request.uri().to_string().len() <= MAX_URI_BYTES {
        return next.run(request).await;
    }
    let lang = app::request::lang_in(None, request.headers());
    let t = lang.texts();
    let page = format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Xã Số</title></head><body><main><h1>{title}</h1><p>{body}</p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>",
        code = lang.code(),
        title = t.uri_too_long_title,
        body = t.uri_too_long_body,
        home = t.back_home,
    );
    (StatusCode::URI_TOO_LONG, Html(Body::from(page))).into_response()
}

/// Settings the visitor middleware needs.
#[derive(Clone)]
pub struct VisitorSettings {
    pub state: app::state::AppState,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_forwarded_for: bool,
}

/// Resolves who is asking before any page or server function runs: the client
/// address (for throttling), the signed-in person (from the session cookie), and,
/// for pages, the visitor's commune (from the `commune` cookie). They reach the
/// app as request extensions, so a page has them at once. A database error
/// leaves the request anonymous rather than failing it.
pub async fn resolve_visitor(
    axum::extract::State(settings): axum::extract::State<VisitorSettings>,
    mut request: Request,
    next: Next,
) -> Response {
    use app::accounts::session::{ClientAddress, CurrentVisitor, session_cookie_name, token_hash};
    // Built assets are the same for everybody: no database work for them.
    if request.uri().path().starts_with("/pkg/") {
        return next.run(request).await;
    }
    let db = &settings.state.db;
    let address = client_address(&request, settings.trust_forwarded_for);
    request.extensions_mut().insert(ClientAddress(address));

    // A database that does not answer is never taken for "nobody signed in"
    // or "no commune chosen": that page would say 200 and replace what the
    // phone saved. The request is answered 503, "try again", instead.
    let cookie_name = session_cookie_name(settings.state.https_site());
    let visitor = match cookie_value(&request, cookie_name) {
        Some(token) if !token.is_empty() && token.len() <= 128 => {
            match app::accounts::db::visitor_by_token_hash(db, &token_hash(&token)).await {
                Ok(visitor) => visitor,
                Err(_) => return unavailable(&request),
            }
        }
        _ => None,
    };
    // Who the answer is for (a tag, not the person's id): the service worker
    // drops the pages it saved for someone else when this changes.
    let owner = match &visitor {
        Some(visitor) => app::accounts::session::outbox_owner(visitor.user_id),
        None => "-".to_owned(),
    };
    let role = visitor.as_ref().map(|visitor| visitor.role);
    request.extensions_mut().insert(CurrentVisitor(visitor));

    if wants_html(request.headers()) && request.method() == axum::http::Method::GET {
        // A commune's own page (`/c/{code}`) makes it the visitor's: the
        // whole page, its header included, is about it.
        let opened = request
            .uri()
            .path()
            .strip_prefix(paths::COMMUNE_BASE)
            .filter(|code| !code.is_empty() && !code.contains('/'))
            .map(str::to_owned);
        let cookie = opened.or_else(|| cookie_value(&request, app::places::COMMUNE_COOKIE));
        let place = match cookie {
            Some(value) => match settings.state.communes.from_cookie(db, &value).await {
                Ok(place) => place,
                Err(_) => return unavailable(&request),
            },
            None => None,
        };
        request
            .extensions_mut()
            .insert(app::places::CurrentPlace(place));
    }
    let mut response = next.run(request).await;
    if let Ok(value) = axum::http::HeaderValue::from_str(&owner) {
        response.headers_mut().insert(VISITOR_HEADER, value);
    }
    keep_private(response.headers_mut(), role);
    response
}

/// 503 "try again": a page in the visitor's language for a browser, the
/// app's error as JSON for scripts. Never stored by any cache.
pub fn unavailable(request: &Request) -> Response {
    let lang = app::request::lang_in(None, request.headers());
    let t = lang.texts();
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        (header::RETRY_AFTER, "5"),
    ];
    if wants_html(request.headers()) {
        let page = format!(
            "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} · Xã Số</title></head><body><main><h1>{title}</h1><p>{body}</p>\
             <p><a href=\"\">{retry}</a></p></main></body></html>",
            code = lang.code(),
            title = t.unavailable_title,
            body = t.error_unavailable,
            retry = t.offline_retry,
        );
        (StatusCode::SERVICE_UNAVAILABLE, headers, Html(page)).into_response()
    } else {
        let body = serde_json::to_string(&app::error::AppError::Unavailable).unwrap_or_default();
        (
            StatusCode::SERVICE_UNAVAILABLE,
            headers,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

/// What a signed-in person is answered is theirs: no shared cache keeps it
/// (`private`). What staff are answered (queues, dashboards, written survey
/// answers, exports; any page, which may show staff-only parts) is not kept
/// at all, by the browser's cache or the service worker (`no-store`): it is a
/// commune's internal business on what may be a shared phone. A resident's
/// own pages may be kept by the phone for offline reading, for that person
/// only (the service worker drops them at sign-out).
fn keep_private(headers: &mut axum::http::HeaderMap, role: Option<app::accounts::model::Role>) {
    // Static files (scripts, styles, icons) are the same for everybody.
    let answer = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let personal = [
        "text/html",
        "application/json",
        "text/csv",
        "text/plain",
        "image/jpeg",
    ]
    .iter()
    .any(|kind| answer.starts_with(kind));
    if !personal {
        return;
    }
    match role {
        Some(role) if role.is_staff() => {
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
        }
        Some(_) if !headers.contains_key(header::CACHE_CONTROL) => {
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache"),
            );
        }
        _ => {}
    }
}

/// The header that tells the service worker whose page (or data) this is.
pub const VISITOR_HEADER: &str = "x-xaso-visitor";

/// Whether a request asks for a page (a browser's navigation) rather than data.
/// Only such requests get their commune resolved before rendering, so the render
/// cache keys on it too.
pub fn wants_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// The client's address: behind a trusted proxy, the right-most address of
/// `X-Forwarded-For`, the one the proxy itself added (everything left of it
/// was sent by the client and can be anything, e.g. a new address per guess).
pub(crate) fn client_address(request: &Request, trust_forwarded_for: bool) -> String {
    let forwarded = trust_forwarded_for
        .then(|| {
            request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
        })
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    forwarded
        .or_else(|| {
            request
                .extensions()
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Refuses requests that change state (anything but GET, HEAD, OPTIONS) when the
/// browser says they come from another site: `Sec-Fetch-Site` where the browser
/// sends it, else `Origin` compared with `Host`. Together with SameSite cookies
/// this stops cross-site form posts. Clients that send neither (not a browser,
/// hence without the visitor's cookies) pass.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    use axum::http::Method;
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let cross_site = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => !matches!(site, "same-origin" | "none"),
        None => match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some(origin), Some(host)) => {
                let origin_host = origin
                    .strip_prefix("https://")
                    .or_else(|| origin.strip_prefix("http://"))
                    .unwrap_or(origin);
                origin_host != host
            }
            (Some(_), None) => true,
            (None, _) => false,
        },
    };
    if !cross_site {
        return next.run(request).await;
    }
    tracing::warn!(uri = %request.uri(), "refused a cross-site request");
    let lang = app::request::lang_in(None, request.headers());
    let t = lang.texts();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        t.error_cross_site,
    )
        .into_response()
}

/// Runs every request with no Leptos owner left on its thread by another one.
///
/// Leptos keeps "the current owner" (the node that holds a request's
/// contexts: its response status and headers, its request parts) in a
/// thread-local. `Owner::new_root`, which starts each page render, sets it and
/// never puts the previous one back, so after a page began rendering on a
/// thread its owner stays current there; and `Owner::new()` makes the new
/// owner a child of the current one. Leptos's handlers for static files and
/// server functions call `Owner::new()`, so a request served next on that
/// thread inherited the other request's contexts: under load a static file
/// went out with the status (a 401) of a page being rendered at the same
/// moment, which made the service worker's install fail. Clearing the
/// thread-local before and after each poll of a request keeps every request
/// to its own contexts (Leptos itself always enters an owner explicitly).
pub async fn own_owner_only(request: Request, next: Next) -> Response {
    Unowned(Box::pin(next.run(request))).await
}

struct Unowned<F>(std::pin::Pin<Box<F>>);

impl<F: std::future::Future> std::future::Future for Unowned<F> {
    type Output = F::Output;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        forget_current_owner();
        let poll = self.0.as_mut().poll(cx);
        forget_current_owner();
        poll
    }
}

fn forget_current_owner() {
    if let Some(owner) = leptos::prelude::Owner::current() {
        owner.unset();
    }
}
