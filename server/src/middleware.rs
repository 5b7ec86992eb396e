//! Cross-cutting HTTP behaviour: security headers and refusing over-long addresses.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

use app::i18n::{LANG_COOKIE, Lang};

/// Addresses longer than this are refused with a translated 414 page before any
/// handler parses them (hyper's own limit is far higher).
pub const MAX_URI_BYTES: usize = 2048;

/// The policy for responses that are not pages (pages carry their own, with a nonce).
const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

pub fn security_headers() -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let pairs: [(HeaderName, &'static str); 5] = [
        (header::CONTENT_SECURITY_POLICY, DEFAULT_CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "geolocation=(self), camera=(self), microphone=()",
        ),
    ];
    pairs
        .into_iter()
        .map(|(name, value)| {
            SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
        })
        .collect()
}

pub async fn limit_uri_length(request: Request, next: Next) -> Response {
    if request.uri().to_string().len() <= MAX_URI_BYTES {
        return next.run(request).await;
    }
    let lang = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == LANG_COOKIE)
        .and_then(|(_, code)| Lang::parse(code))
        .unwrap_or_default();
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
