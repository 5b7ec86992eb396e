//! Reading and writing the current HTTP request and response from inside a page
//! render or a server function (server only).

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// How long preference cookies (language, commune) live: one year.
const PREFERENCE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// The value of a request cookie.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

/// The value of cookie `name` in request headers (also used outside Leptos).
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A query parameter of the page request.
pub fn query_param(name: &str) -> Option<String> {
    query_param_in(&use_context::<Parts>()?, name)
}

fn query_param_in(parts: &Parts, name: &str) -> Option<String> {
    parts
        .uri
        .query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether the request reached us over HTTPS (directly or through a proxy that
/// says so), in which case cookies are marked Secure.
pub fn over_https() -> bool {
    use_context::<Parts>().is_some_and(|parts| {
        parts.uri.scheme_str() == Some("https")
            || parts
                .headers
                .get("x-forwarded-proto")
                .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
    })
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn append_set_cookie(cookie: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(cookie),
    ) {
        response.append_header(SET_COOKIE, value);
    }
}

/// The cookie that carries a one-time secret to the page that shows it.
const ONCE_COOKIE: &str = "xaso_once";

/// Hands a one-time secret (a reset code, a new API key) to the page at `path`,
/// where the form that made it redirects: in an HttpOnly cookie sent only to
/// that page, for two minutes. Never in the address, which browsers keep in
/// their history and send on in `Referer`, and servers write to their logs.
/// `value` is letters, digits and `_ + ~ -`.
pub fn hand_once(path: &str, value: &str) {
    debug_assert!(
        value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+~-".contains(&b))
    );
    let secure = if crate::state::https_site() || over_https() {
        "; Secure"
    } else {
        ""
    };
    append_set_cookie(&format!(
        "{ONCE_COOKIE}={value}; Path={path}; Max-Age=120; HttpOnly; SameSite=Strict{secure}"
    ));
}

/// The one-time secret handed to this page, if any; it is shown this once (the
/// cookie is cleared by this response).
pub fn take_once() -> Option<String> {
    let value = cookie(ONCE_COOKIE).filter(|v| !v.is_empty())?;
    let path = use_context::<Parts>()?.uri.path().to_owned();
    append_set_cookie(&format!(
        "{ONCE_COOKIE}=; Path={path}; Max-Age=0; HttpOnly; SameSite=Strict"
    ));
    Some(value)
}

/// Sets a preference cookie (not secret: readable settings such as the language).
/// Values are codes of digits and letters, so they need no escaping.
pub fn set_cookie(name: &str, value: &str) {
    debug_assert!(value.bytes().all(|b| b.is_ascii_alphanumeric()));
    if let Some(response) = use_context::<ResponseOptions>() {
        let cookie = format!("{name}={value}; Path=/; Max-Age={PREFERENCE_MAX_AGE}; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.append_header(SET_COOKIE, value);
        }
    }
}

/// The language of this request: `?lang=` if given, else the cookie, else Vietnamese.
pub fn request_lang() -> crate::i18n::Lang {
    match use_context::<Parts>() {
        Some(parts) => lang_in(query_param_in(&parts, "lang").as_deref(), &parts.headers),
        None => crate::i18n::Lang::default(),
    }
}

/// The language a request asks for, from its `lang` query parameter (when it
/// has one) or its cookie, else Vietnamese: the one rule for pages, APIs and
/// the server's own error pages.
pub fn lang_in(query: Option<&str>, headers: &http::HeaderMap) -> crate::i18n::Lang {
    use crate::i18n::{LANG_COOKIE, Lang};
    query
        .and_then(Lang::parse)
        .or_else(|| cookie_in(headers, LANG_COOKIE).and_then(|code| Lang::parse(&code)))
        .unwrap_or_default()
}

/// Where a page leaves its script nonce for the response's Content-Security-Policy
/// (the middleware puts an empty slot into each request and reads it afterwards).
#[derive(Clone, Default)]
pub struct NonceSlot(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl NonceSlot {
    pub fn set(&self, nonce: String) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(nonce);
        }
    }

    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}
